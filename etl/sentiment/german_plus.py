"""A second sentiment engine for German comments, "german-plus": textblob-de's own lexicon and
tagger, with textblob-de's known faults fixed and what comments need added.

Fixed (each has a test in tests/etl/sentiment/test_german_plus.py):
- nouns match: the lexicon stores them capitalised and textblob-de looks them up lower-cased;
  here a word is looked up as written, lower-cased, capitalised, by lemma, with ß as ss (the
  lexicon's Swiss spelling), and a compound by its last noun (Zugausfall -> Ausfall);
- negation reaches the next sentiment word a few words on ("nicht so gut"), or, at the end of
  a clause, the sentiment word before it ("das gefällt mir nicht");
- a lexicon adjective keeps its own score; only listed intensifiers and downtoners modify;
- "!" strengthens its sentence and "?" weakens it, instead of being dropped;
- sentences are summed with weights and the sum squashed into [-1, 1], not averaged.
Added: a small supplement of frequent words the lexicon lacks, silence for lexicon words whose
everyday sense carries no opinion (einfach, wohl, bitte), a discount on lexicon praise (often
ironic or polite in comments), "aber"/"doch"/"jedoch" contrast (the clause after weighs more),
emoji and emoticons, cheap irony markers ("na toll", "danke für nichts", "(!)", "?!", scare
quotes). The constants in `Tuning` were chosen on half of each labelled set (docs/quality.md).

One module past the 300-line guide: a third of it is the word lists, read as one lexicon.
"""

import functools
import math
import re
from dataclasses import dataclass

from etl.sentiment.parallel import cycle_collector_paused, score_parallel
from etl.sentiment.textblob.engine import SENTENCE_CACHE
from etl.sentiment.textblob.tagger import Tagger
from etl.sentiment.textblob.tokens import Tokens
from etl.stance.prefixes import anchored

# Each pattern behind a lookahead on the characters its matches start with (`anchored`): the same
# matches, found several times faster in long comments.
_URL = anchored(r"https?://\S+|www\.\S+|@\w+|&\w+;|\bRT\b")
_URL_HINTS = ("http", "www.", "@", "&", "RT")  # every match holds one
_EMOTICON = anchored(r"(?<![\w:;=])([:;=][-o^']?[)\]DdPp*3(\[/\\|]+|<3+|\^\^|\^_\^|[xX]D+)(?!\w)")
# Every emoticon has one of these.
_EMOTICON_HINTS = (":", ";", "=", "<3", "^", "xD", "XD")
_REPEATS = re.compile(r"(\w)\1{2,}")
# "?!", "??": indignation; a word or two in quotes: scare quotes (die „Experten“).
_INDIGNATION = anchored(r"\?\s*!|!\s*\?|\?\s*\?")
_SCARE_QUOTES = anchored(r"(?:[„\"»«])\s?[^\W\d][\w-]*(?:\s[\w-]+)?\s?(?:[“\"”«»])")
_OPENING_QUOTES = '„"»«'  # every scare quote opens with one
_CLAUSE_PUNCT = {",", ";", ":", "-", "–", "—", "(", ")", '"', "„", "“", "”"}
_SENTENCE_END = {".", "!", "?", "...", "…"}
WORD_CACHE = 2**17  # (word, tag) -> polarity: about 250 bytes an entry


@dataclass(frozen=True)
class Tuning:
    """The engine's few numbers, chosen on half of each labelled set (docs/quality.md)."""

    positive: float = 0.4  # weight of lexicon praise: comments praise ironically, politely
    negation: float = 0.5  # "nicht gut" = -0.5 x gut (textblob-de's factor)
    negation_window: int = 4  # words a negation reaches forward
    before_contrast: float = 0.5  # weight of what comes before aber/doch/jedoch ...
    after_contrast: float = 1.5  # ... and of what follows
    exclamation: float = 0.6  # a sentence with "!" counts 1.6 times
    question: float = 0.6  # a question counts 0.6 times
    last_sentence: float = 1.0  # weight of the closing sentence
    emoji: float = 2.0  # weight of an emoji or emoticon
    irony: float = -0.8  # score of an irony marker (na toll, danke für nichts, ...)
    indignation: float = -0.3  # score of "?!" or "??"
    scare_quotes: float = -0.3  # score of one or two words in quotes
    length_ref: int = 25  # words; longer texts are scaled down ...
    length_power: float = 1.5  # ... by (words / length_ref) ** length_power
    positive_at: float = 1.0  # the scaled total that makes a text positive ...
    negative_at: float = 0.3  # ... or negative: polarity passes ±0.1 there


@functools.cache
def _resources():
    """(lexicon: form -> polarity, emoji pattern, irony pattern), built once per process from
    textblob-de's files."""
    from textblob_de.sentiments import sentiment

    if not dict.__len__(sentiment):
        sentiment.load()
    lexicon = {form: float(senses[None][0]) for form, senses in dict.items(sentiment)}
    lexicon = {form: p for form, p in lexicon.items() if p}
    emoji = re.compile("|".join(map(re.escape, sorted(EMOJI, key=len, reverse=True))))
    irony = anchored("|".join(IRONY), re.IGNORECASE)
    return lexicon, emoji, irony


def _tokens():
    """pattern.de's `parser.find_tokens(line)`, as the exact engine's port (one per engine: it caches)."""
    from textblob_de.packages import pattern_de, pattern_text

    return Tokens(pattern_text.PUNCTUATION, pattern_de.ABBREVIATIONS, {}, r"\n{2,}")


class GermanPlusEngine:
    """Lexicon sentiment for German comments; `score(text) -> (polarity, subjectivity)`."""

    name = "german-plus"

    def __init__(self, tuning=None, tagger=None, sentences_from=None):
        self.tuning = tuning or Tuning()
        self._lexicon, self._emoji, self._irony = _resources()
        self._tokens = _tokens()
        # The exact engine of the default pair scores the same texts just before: where both
        # split a text alike, its sentences are taken instead of splitting again (Handover).
        self._handover = sentences_from.hand_over(self._tokens) if sentences_from is not None else None
        # pattern.de's tagger and lemmata, from the exact engine's indexed port: the same tags as
        # `parser.find_tags`, ten times faster. An engine that also scores textblob-de passes its
        # own, so both share the tagger's caches.
        self._tagger = tagger or Tagger()
        self._word = functools.lru_cache(maxsize=WORD_CACHE)(self._word_of)
        # Sentences repeat (quotes, greetings, headlines): each distinct one is scored once.
        self._sentence = functools.lru_cache(maxsize=SENTENCE_CACHE)(self._sentence_of)

    @property
    def tagger(self):
        """The part-of-speech tagger (shared with textblob-de in the default pair)."""
        return self._tagger

    def score(self, text):
        """(polarity in [-1, 1], subjectivity in [0, 1]) of one text."""
        return self._score(text or "")

    def score_many(self, texts):
        """[(polarity, subjectivity)] of many texts."""
        with cycle_collector_paused():
            return [self._score(text or "") for text in texts]

    def score_parallel(self, texts, workers=None):
        """Like `score_many`, on `workers` processes (etl.sentiment.parallel)."""
        return score_parallel(self, texts, workers, build=functools.partial(GermanPlusEngine, self.tuning))

    def warm_up(self):
        """Load every lazy resource (lexicons, rules, verb tables) before timing or forking."""
        self.score("Das ist nicht so gut, aber wirklich schön! Die Häuser laufen :-)")
        return self

    # --- one text --------------------------------------------------------------------------

    def _score(self, text):
        t = self.tuning
        total, n_words, n_signals = self._total(text)
        total /= max(1.0, n_words / t.length_ref) ** t.length_power
        # total / sqrt(total² + 99 at²) is ±0.1 exactly at total = ±at: the label thresholds of
        # etl.sentiment stay as they are, this engine's scale is calibrated to them.
        at = t.positive_at if total > 0 else t.negative_at
        polarity = total / math.sqrt(total * total + 99 * at * at) if total else 0.0
        subjectivity = min(1.0, 3.0 * n_signals / max(n_words, 1)) if n_signals else 0.0
        return polarity, subjectivity

    def _total(self, text):
        """(weighted sum of sentiment, number of words, number of sentiment signals)."""
        t, original = self.tuning, text
        if any(hint in text for hint in _URL_HINTS):
            text = _URL.sub(" ", text)
        text = text.replace("#", " ")
        # Most texts hold no irony marker, indignation, scare quotes, emoji or emoticon: cheap
        # checks (each a condition every match needs) spare them the slow patterns.
        ironic = _may_be_ironic(text) and self._irony.findall(text)
        extra = [t.irony] * len(ironic or ())
        if "?" in text:
            extra += [t.indignation] * len(_INDIGNATION.findall(text))
        if any(quote in text for quote in _OPENING_QUOTES):
            extra += [t.scare_quotes] * len(_SCARE_QUOTES.findall(text))
        if ironic:
            text = self._irony.sub(" . ", text)
        emoji = _EMOJI_CHARS.search(text) and self._emoji.findall(text)
        if emoji:
            extra += [t.emoji * EMOJI[e] for e in emoji]
            text = self._emoji.sub(" ", text)
        emoticons = any(hint in text for hint in _EMOTICON_HINTS) and _EMOTICON.findall(text)
        if emoticons:
            extra += [t.emoji * _emoticon_polarity(e) for e in emoticons]
            text = _EMOTICON.sub(" ", text)
        sentences = self._handover.take(original) if self._handover is not None else None
        if sentences is None or text != original:  # held only for texts split alike
            sentences = [s for line in text.splitlines() if line.strip() for s in self._tokens(line)]
        scored = [self._sentence(sentence) for sentence in sentences]
        weights = _sentence_weights([sentence.partition(" ")[0] for sentence in sentences], t)
        total = sum(w * s for w, (s, _, _) in zip(weights, scored)) + sum(extra)
        return total, sum(n for _, _, n in scored), sum(h for _, h, _ in scored) + len(extra)

    def _values(self, tokens):
        """[(polarity, from the supplement?)] of each token, as tagged and lemmatised by
        pattern.de's `find_lemmata(find_tags(tokens))`."""
        return list(map(self._word, tokens, map(self._tagger.penn, self._tagger.tags(tokens))))

    def _word_of(self, word, penn):
        return self._lookup(word, penn.startswith("NN"), self._tagger.lemma(word, penn))

    def _sentence_of(self, sentence):
        """(weighted score, number of sentiment signals, number of words) of one sentence (its
        tokens joined by spaces)."""
        t = self.tuning
        tokens = sentence.split(" ")
        found = self._values(tokens)
        values = [value for value, _ in found]
        hits = []  # [value, clause, segment, negated, curated]
        segments = [1.0]  # weight of each contrast segment
        clause, factor, negation = 0, 1.0, None
        for i, word in enumerate(tokens):
            low = word.lower()
            if low in CONTRAST and i > 0:
                segments = [w * t.before_contrast for w in segments] + [t.after_contrast]
            if low in CONTRAST or low in CLAUSE_WORDS or word in _CLAUSE_PUNCT:
                _negate_back(hits, clause, negation)
                clause, factor, negation = clause + 1, 1.0, None
                continue
            if low in NEGATORS:
                negation = t.negation_window
                continue
            if low in MODIFIERS and any(values[i + 1 : i + 3]):
                factor *= MODIFIERS[low]
                continue
            if values[i]:
                value = values[i] * factor * (1.3 if word.isupper() and len(word) > 2 else 1.0)
                hits.append([value, clause, len(segments) - 1, negation is not None, found[i][1]])
                factor, negation = 1.0, None
            elif negation is not None and word.isalpha():
                negation = negation - 1 or None
        _negate_back(hits, clause, negation)
        score = sum(_final(hit, t) * segments[hit[2]] for hit in hits)
        words = [w for w in tokens if w not in _SENTENCE_END and w not in _CLAUSE_PUNCT]
        if "!" in tokens:
            score *= 1 + t.exclamation
        if tokens[-1] == "?":
            score *= t.question
        return score, len(hits), len(words)

    def _lookup(self, word, noun, lemma):
        """(polarity, from the supplement?) of a word; (0.0, False) when unknown. `noun`: tagged
        as one, so a noun written in lower case (common in comments) is tried capitalised."""
        found = self._find(word.replace("ß", "ss"), noun, lemma.replace("ß", "ss"))
        if found is None and _REPEATS.search(word):
            found = self._find(_REPEATS.sub(r"\1", word).replace("ß", "ss"), noun, "")
        return found or (0.0, False)

    def _find(self, plain, noun, lemma):
        lexicon, low = self._lexicon, plain.lower()
        if low in SUPPLEMENT:
            return SUPPLEMENT[low], True
        forms = (plain, low, low.capitalize(), lemma, lemma.capitalize()) if noun else (plain, low, lemma)
        for form in forms:
            if form in lexicon:
                return lexicon[form], False
        if lemma in SUPPLEMENT:
            return SUPPLEMENT[lemma], True
        if not low.isalpha() or len(low) < 4:
            return None
        for form in _verb_forms(low):
            if form in lexicon:
                return lexicon[form], False
        if plain[0].isupper() and len(plain) >= 8:
            return self._compound(low)
        return None

    def _compound(self, low):
        """(polarity, curated) of the longest lexicon noun that ends the compound, if any."""
        for start in range(3, len(low) - 3):
            head = low[start:]
            if head.capitalize() in self._lexicon:
                return self._lexicon[head.capitalize()], False
            if head in SUPPLEMENT:
                return SUPPLEMENT[head], True
        return None


def _negate_back(hits, clause, negation):
    # A negation left open at the end of a clause ("das gefällt mir nicht") turns the last
    # sentiment word of that clause.
    if negation is None:
        return
    for hit in reversed(hits):
        if hit[1] != clause:
            return
        if not hit[3]:
            hit[3] = True
            return


def _final(hit, t):
    value, _, _, negated, curated = hit
    value *= -t.negation if negated else 1.0
    # Lexicon praise is weak evidence in comments (irony, politeness, news words); curated words
    # and negated criticism ("nicht schlecht") are not discounted.
    return value * t.positive if value > 0 and not curated and not negated else value


def _sentence_weights(firsts, t):
    # Each sentence's weight, from the first words of the sentences (their first tokens).
    weights = [1.0] * len(firsts)
    for i, first in enumerate(firsts):
        if i and first.lower() in CONTRAST:
            weights = [w * t.before_contrast for w in weights[:i]] + [t.after_contrast] + weights[i + 1 :]
    if weights:
        weights[-1] *= t.last_sentence
    return weights


def _verb_forms(low):
    """Infinitives a conjugated form or participle may come from (liebt -> lieben), longest
    ending first. In a fixed order, not a set's: where two of them are in the lexicon the first
    decides, and a set's order changes with Python's hash seed from one process to the next (the
    same comment was labelled negative in one run and neutral in another)."""
    stems = {}
    for ending in ("test", "tet", "ten", "te", "st", "et", "en", "t", "e", "n"):
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            stems[low[: -len(ending)]] = None
    stems.update(dict.fromkeys(s[2:] for s in list(stems) if s.startswith("ge") and len(s) > 4))
    return [s + end for s in stems for end in ("en", "n")]


def _emoticon_polarity(emoticon):
    if emoticon.startswith("<3") or emoticon.startswith("^") or emoticon[-1] in "Dd":
        return 0.8
    mouth = emoticon[-1]
    if mouth in ")]*3":
        return 0.4 if emoticon.startswith(";") else 0.8
    if mouth in "Pp":
        return 0.3
    return -0.8


# --- word lists: hand-written from general German usage; only the silenced words further down
# were picked by reading frequent matches on the tuning halves --------------------------------

NEGATORS = frozenset(
    "nicht nie niemals kein keine keiner keinen keinem keines keins nichts nix ohne weder kaum "
    "nimmer niemand nirgends".split()
)
CONTRAST = frozenset("aber doch jedoch allerdings sondern trotzdem dennoch andererseits hingegen".split())
# Words after which a negation no longer reaches (clause boundaries).
CLAUSE_WORDS = frozenset("und oder weil denn dass daß obwohl wenn während damit sodass bevor nachdem ob".split())

# Intensifiers (> 1) and downtoners (< 1): they scale the next sentiment word within two words.
MODIFIERS = {
    **dict.fromkeys(
        "sehr total völlig absolut super mega ultra höchst unglaublich wahnsinnig "
        "überaus zutiefst verdammt äußerst äusserst extrem".split(),
        1.5,
    ),
    **dict.fromkeys(
        "ausgesprochen besonders voll unheimlich enorm komplett vollkommen derart "
        "dermaßen dermassen sau tierisch irre krass massiv furchtbar schrecklich "
        "ungemein außerordentlich ausserordentlich".split(),
        1.4,
    ),
    **dict.fromkeys("echt wirklich richtig ganz so zu deutlich schwer".split(), 1.3),
    **dict.fromkeys("ziemlich recht durchaus viel".split(), 1.2),
    **dict.fromkeys("relativ teilweise fast".split(), 0.7),
    **dict.fromkeys("etwas bisschen eher leicht einigermaßen einigermassen halbwegs mäßig mässig".split(), 0.6),
}

# Lower-case, with ß written ss (as the lexicon does). Zero removes a lexicon word that is mostly
# a discourse word or another sense in comments (natürlich, bestimmt, sicher, groß, ...).
SUPPLEMENT = {
    # positive words the lexicon lacks
    **dict.fromkeys(
        "glückwunsch glückwünsche gratuliere gratulation bravo grossartig traumhaft juhu yay awesome love".split(), 0.9
    ),
    **dict.fromkeys("liebe nice great happy lecker spass freu freue".split(), 0.8),
    **dict.fromkeys("gefallen gefällt gefiel held helden sieg süss".split(), 0.7),
    **dict.fromkeys("danke willkommen yeah".split(), 0.6),
    **dict.fromkeys("mag sauber wow hammer".split(), 0.5),
    **dict.fromkeys("gerne gern haha hahaha".split(), 0.4),
    **dict.fromkeys("hoffentlich endlich lol".split(), 0.3),
    # negative words the lexicon lacks
    **dict.fromkeys(
        "schwachsinn scheiss scheisse katastrophe idiot idioten vollidiot trottel "
        "versager heuchelei mörder verbrecher abzocke abzocken lügner lügenpresse "
        "saublöd".split(),
        -1.0,
    ),
    **dict.fromkeys(
        "blödsinn skandal rassismus versagen versagt frustrierend verarschen "
        "verarsche verarscht sauerei schweinerei".split(),
        -0.9,
    ),
    **dict.fromkeys(
        "unsinn mist kacke depp deppen kaputt dreckig nazi nazis tödlich hölle "
        "scheitern gescheitert fail ärgernis irrsinn".split(),
        -0.8,
    ),
    **dict.fromkeys(
        "quatsch verspätung verspätungen verspätet defekt überfüllt schmutzig "
        "chaotisch sterben gestorben tote niederlage sad wtf propaganda".split(),
        -0.7,
    ),
    **dict.fromkeys("leider tod fehler unnötig problematisch pech gefahr schaden gejammer".split(), -0.6),
    **dict.fromkeys("ausgefallen opfer streiken verzögerung jammern polemik".split(), -0.5),
    **dict.fromkeys("witz sorry".split(), -0.3),
    # lexicon words whose everyday sense carries no opinion (particles, adverbs, plain nouns and
    # verbs), chosen by reading the most frequent matches on the tuning halves (docs/quality.md)
    **dict.fromkeys(
        "echt wirklich total absolut ganz krass gross grosse grossen grosses grosser "
        "grösste hoch höhe natürlich bestimmt bestimmte sicher sorgen sorgt billig "
        "wahnsinn einfach wohl bitte glaube glauben lieber frei freie bleibt bleiben "
        "möchte möchten direkt kaufen anders gesellschaft wirtschaft raum wagen angebot "
        "fest festen tat bett sonne preise preis kostenlos kostenlose bekannt genug "
        "nutzen genutzt ernst ernsthaft verschiedene verschiedenen zusätzlich trotz "
        "passt passen vergessen verlassen fertig schwarz blau rein offen bestätigt "
        "interessiert schon weise normal normalen zeitraum update geboren erhöht "
        "studium energie achten link linke ziehen zieht entfernt stellenangebot "
        "genehmigung überlegt verspricht kümmern anzeigen begehen verhalten "
        "schlichtung wichtig wichtige wichtigen not sucht".split(),
        0.0,
    ),
    **dict.fromkeys("klar recht".split(), 0.2),
}

# Irony markers, matched case-insensitively: each counts Tuning.irony and its words are not scored.
IRONY = (
    r"\bna\s+(?:toll|super|prima|klasse|bravo|danke|wunderbar|fein|herzlichen\s+glückwunsch)\b",
    r"\b(?:vielen|herzlichen)\s+dank\s+auch\b",
    r"\bdanke\s+für\s+nichts\b",
    r"\bja\s+ne,?\s+is(?:t)?\s+klar\b",
    r"\bwie\s+originell\b",
    r"\*?\bhust\b\*?",
    r"\(!\)",
    r"\(\?\)",
)

# What each irony marker of IRONY holds, case-folded: one string of each group (tested on the
# folded text before the marker's pattern runs).
IRONY_HINTS = (
    (("na",), ("toll", "super", "prima", "klasse", "bravo", "danke", "wunderbar", "fein", "glückwunsch")),
    (("dank",), ("auch",), ("vielen", "herzlichen")),
    (("danke",), ("nichts",)),
    (("klar",), ("ja",)),
    (("originell",), ("wie",)),
    (("hust",),),
    (("(!)",),),
    (("(?)",),),
)

EMOJI = {
    **dict.fromkeys("😍 🥰 😘 ❤ ♥ 💕 💖 💗 💓 💞 💘 💝 🤩 😻 🥳 🎉 🎊".split(), 1.0),
    **dict.fromkeys("😀 😃 😄 😁 😆 😊 🙂 ☺ 😋 😎 🤗 👍 👏 🙌 💪 😇 👌 💯 ✌ 🍀 🌹 💚 💙 💛 💜 🧡".split(), 0.8),
    **dict.fromkeys("😉 😜 😛 🙏 ✨ 😂 🤣 😅".split(), 0.3),
    **dict.fromkeys("😠 😡 🤬 😢 😭 👎 💩 🤮 🤢 😱 😩 😫 💔".split(), -0.9),
    **dict.fromkeys("😞 😟 😒 🙄 😤 😔 😕 🙁 ☹ 😣 😖 😓 😰 😨 😧 😦 😥 🤦 😪".split(), -0.6),
    **dict.fromkeys("😑 😐 😬 😷".split(), -0.3),
}
_EMOJI_FROM = min(max(emoji) for emoji in EMOJI)  # every emoji has a character from here on
_EMOJI_CHARS = re.compile(f"[{re.escape(_EMOJI_FROM)}-\U0010ffff]")  # found faster than by max(text)


def _may_be_ironic(text):
    """Whether a text holds what some irony marker needs (IRONY_HINTS), case-folded."""
    folded = text.casefold()
    if "\u0130" in text or "\u0131" in text:  # İ and ı match i in the markers, but fold otherwise
        folded = folded.replace("i\u0307", "i").replace("\u0131", "i")
    for marker in IRONY_HINTS:
        for group in marker:
            for hint in group:
                if hint in folded:
                    break
            else:  # none of this group: not this marker
                break
        else:
            return True
    return False
