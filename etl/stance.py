"""Stance: how a reply stands to its parent, and how a comment stands to a named target.

`classify_replies(comments, polarity_of=None)` needs `comment_id, parent_id, text` and `polarity`
(may be NA or absent) and adds `stance` (agree / disagree / neutral for replies, NA for top level)
and `stance_evidence` (which cues decided, in words a moderator can read). It reads the replies'
own words from `own_text` when the frame has it (`quotes.own_texts` of a frame holding the
parents, which `checks.texts_to_score` reads too), else finds them itself.

`target_stance(comments, targets)` needs `comment_id, text` (and keeps `article_id` when present)
and returns a new frame, one row per (comment, target it mentions), columns `TARGET_STANCES`:
stance favor / against / none toward the target, from the sentences that mention it.

Both are rule-based, deterministic and explainable: weighted German cue lexicons, negation, and
for replies the polarity of reply and parent as a weak signal. `REPLY_ENGINES` and
`TARGET_ENGINES` name the engines for the evaluation harness (`predict(texts, others)`).

One module past the 300-line guide on purpose: most of it is cue data, read as one lexicon.
"""

import functools
import importlib.util
import re
import re._constants
import re._parser
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import schema
from etl.quotes import _after_words, own_words, plain_words
from etl.stopwords import STOP_WORDS
from etl.topics import Matcher, keyword_regex

# ---------------------------------------------------------------------------------------------
# Shared text helpers

# Sentence start: text start, after an end mark and a space, or at a line break.
_S = r"(?:^|(?<=[.!?;:]\s)|(?<=\n))"
# End of an interjection: punctuation or the end of the text follows.
_E = r"(?=\s*(?:[!.,;:?)]|$))"
_NEGATOR = r"(?:nicht|kein|keine|keinen|keinem|keiner|nie|niemals|keineswegs|keinesfalls)"
_NEG_BEFORE = re.compile(rf"\b{_NEGATOR}\s+(?:\w+\s+)?$", re.IGNORECASE)
_NEG_INSIDE = re.compile(rf"\b{_NEGATOR}\b(?!\s+nur\b)", re.IGNORECASE)
_NEG_AFTER = re.compile(rf"^[ \t]*(?:\w+[ \t]+){{0,2}}?{_NEGATOR}\b(?!\s+nur\b)", re.IGNORECASE)
_MENTIONS = re.compile(r"^\s*(?:@[\w.\-]+[,:]?\s*)+")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_SENTENCES = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_WORD = re.compile(r"\w+")
FLIP = {"agree": "disagree", "disagree": "agree", "favor": "against", "against": "favor"}


def negated(text, start, end):
    """Is the cue at text[start:end] negated: a negator just before it (same clause), inside it,
    or within two words after it ("stimmt so nicht"); "nicht nur" does not negate."""
    before = re.split(r"[.!?;,:]", text[max(0, start - 40):start])[-1]
    return bool(_NEG_BEFORE.search(before) or _NEG_INSIDE.search(text, start, end)
                or _NEG_AFTER.search(text[end:end + 40]))


def _excerpt(text, limit=60):
    text = " ".join(text.split()).strip(" ,;:")
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _quoted(text, match, limit=60):
    """The original words of a match (found in the lower-cased text), quoted."""
    return f'"{_excerpt(text[match.start():match.end()], limit)}"'


def _first_sentence_end(text):
    match = _SENTENCE_END.search(text)
    return match.end() if match else len(text)


@dataclass(frozen=True)
class Cue:
    label: str
    weight: float
    family: str
    pattern: str
    negatable: bool = False


def _family(label, family, weight, *patterns, negatable=False):
    return [Cue(label, weight, family, p, negatable) for p in patterns]


def _compile(cue_list):
    """One alternation with a capturing group per cue: a single scan finds every cue, and where
    two cues start at the same place the one listed first wins (specific before generic).

    Speed: cues are lower case and matched against lower-cased text (no IGNORECASE), behind a
    guard that only lets the alternation be tried at word starts: about 6x faster. And the
    alternation is split by the first two characters a cue can start with (`_prefixes`): at a
    word start only the cues that can start there are tried, in their order, behind a few
    lookaheads, instead of every cue (about 4x faster again). A cue whose start is not known is
    tried everywhere. The match is the same: the cues left out could not match there anyway.
    `_hits` finds the cue from the number of the group that matched.
    """
    for cue in cue_list:
        if re.compile(cue.pattern).groups or cue.pattern != cue.pattern.lower():
            raise ValueError(f"cue pattern must be lower case with (?:...) groups only: {cue.pattern}")
    cue_of_group = [None]

    def group(i):
        cue_of_group.append(i)
        return f"({cue_list[i].pattern})"

    starts = [_prefixes(re._parser.parse(cue.pattern), 2) for cue in cue_list]
    anywhere = {i for i, chars in enumerate(starts) if chars is None or "" in chars}
    firsts = sorted({p[0] for i, chars in enumerate(starts) if i not in anywhere for p in chars},
                    key=lambda c: (_INITIALS.find(c) % 100, c))
    branches = []
    for first in firsts:
        cues = [i for i, chars in enumerate(starts) if i in anywhere or any(p[0] == first for p in chars)]
        # Cues that may end after one character (or start anywhere) come under every second one.
        ending = [i for i in cues if i in anywhere or first in starts[i]]
        seconds = sorted({p[1] for i in cues if i not in anywhere
                          for p in starts[i] if p[0] == first and len(p) > 1})
        if len(cues) <= 3:
            inner = "|".join(group(i) for i in cues)
        else:
            inner = "|".join(f"(?=.{re.escape(second)})(?:"
                             + "|".join(group(i) for i in cues if i in ending or first + second in starts[i])
                             + ")" for second in seconds)
            if ending:
                inner += "|" + "|".join(group(i) for i in ending)
        branches.append(f"(?={re.escape(first)})(?:{inner})")
    if anywhere:
        branches.append("|".join(group(i) for i in sorted(anywhere)))
    else:  # nothing can match at a word start with another character: skip it at once
        branches[0] = f"(?=[{''.join(re.escape(c) for c in firsts)}])(?:{branches[0]}"
        branches[-1] += ")"
    alternation = "|".join(branches)
    regex = re.compile(rf"(?<!\w)(?=[^\W\d_]|[+👍])(?:{alternation})")
    _CUE_OF_GROUP[id(regex)] = cue_of_group
    return regex


_CUE_OF_GROUP = {}  # id(compiled cue regex) → cue index of each group number
# Word-initial letters of German comments, most frequent first: the letters' lookaheads are
# tried in this order (measured on the One Million Posts corpus).
_INITIALS = "dsawiemgnbuhkvfzlptrjoücöqä"
_MAX_PREFIXES = 5000


def _prefixes(items, k):
    """What matches of parsed regex `items` can start with: a set of strings of length k, or
    shorter where the whole match can be that short; None when not known (a class such as \\w,
    a negated class, ".", inline flags, or too many)."""
    constants = re._constants
    found = {""}
    for op, value in items:
        if all(len(p) == k for p in found):
            break
        if op is constants.LITERAL:
            options = {chr(value)}
        elif op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
            continue  # zero width
        elif op is constants.IN:
            options = _class_characters(value)
        elif op is constants.BRANCH:
            parts = [_prefixes(alternative, k) for alternative in value[1]]
            options = None if any(p is None for p in parts) else set().union(*parts)
        elif op is constants.SUBPATTERN:
            options = None if value[1] or value[2] else _prefixes(value[3], k)
        elif op is constants.ATOMIC_GROUP:
            options = _prefixes(value, k)
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
            low, high, repeated = value
            once = _prefixes(repeated, k)
            options, current = (None, None) if once is None else (set(), {""})
            for count in range(min(high, low + k) + 1) if once is not None else ():
                if count >= low:
                    options |= current
                current = _joined(current, once, k)
        else:
            options = None
        if options is None:
            return None
        found = _joined(found, options, k)
        if len(found) > _MAX_PREFIXES:
            return None
    return found


def _joined(heads, tails, k):
    return {h if len(h) == k else (h + t)[:k] for h in heads for t in tails}


def _class_characters(items):
    constants = re._constants
    chars = set()
    for op, value in items:
        if op is constants.LITERAL:
            chars.add(chr(value))
        elif op is constants.RANGE and value[1] - value[0] < 256:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return chars


def _lower(text):
    """Lower case of the same length, so match offsets point into the original text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _hits(regex, cue_list, text):
    """(cue, label after negation, family, match) for every cue in `text` (match offsets and
    text are those of the lower-cased text; use offsets to quote the original)."""
    lowered = _lower(text)
    cue_of_group = _CUE_OF_GROUP[id(regex)]
    for match in regex.finditer(lowered):
        cue = cue_list[cue_of_group[match.lastindex]]
        if cue.negatable and negated(lowered, match.start(), match.end()):
            yield cue, FLIP[cue.label], "negated " + cue.family, match
        else:
            yield cue, cue.label, cue.family, match


# ---------------------------------------------------------------------------------------------
# Reply → parent cues. Weights: 1.5 strong, 1.0 clear, 0.5 hint. Order matters (see _compile).

_YOUR = r"(?:dein|deine|deinen|deinem|deiner|ihr|ihre|ihren|ihrem|ihrer|euer|eure)"
_POINT = (r"(?:satz|sätze|argument|argumente|argumentation|kommentar|beitrag|vergleich|logik|these|"
          r"aussage|rechnung|beispiel|punkt|einwand|behauptung|schluss|schlussfolgerung|sicht)")
_REBUT_WORDS = (r"(?:nicht|kein\w*|au(?:ß|ss)er acht|übersieht|vergisst|ignoriert|unterschlägt|"
                r"hinkt|zu kurz|unsinn|quatsch|falsch|verkennt|blendet)")

REPLY_CUES = [
    # Phrases that look like cues but are not: matched first so no cue inside them counts.
    *_family("ignore", "idiom", 0.0, r"\bnicht falsch verst\w*|\bfalsch verst\w*",
             r"\bverst\w* (?:mich|uns) (?:bitte )?nicht falsch\b",
             r"\bwenn ich (?:mich )?nicht irre\b|\bnicht wahr\s*\?"),
    *_family("disagree", "negated agreement", 1.5,
             rf"\b(?:das |da |es )?stimmt (?:so |doch |einfach |leider |aber |halt |eben |überhaupt |"
             rf"gar |absolut |ja |definitiv )*(?:nicht|nie)\b(?!\s+nur)",
             r"\bstimme (?:ich )?(?:dir |ihnen |euch |dem )?(?:da )?(?:\w+ )?nicht zu\b",
             r"\b(?:ist|war|wäre) (?:so |aber |doch |leider |einfach |schlicht |halt |eben )*"
             r"(?:nicht|kaum) (?:ganz |so )?(?:richtig|korrekt|zutreffend)\b",
             r"\bnicht (?:meine|deiner|ihrer) meinung\b"),
    *_family("disagree", "yes-but", 1.2,
             _S + r"(?:ja|jein|stimmt|richtig|schon|klar|sicher|natürlich|zugegeben|mag (?:ja )?sein|"
             r"kann (?:ja )?sein|mag schon sein|das mag sein|das stimmt|das ist richtig|im prinzip|"
             r"grundsätzlich|prinzipiell|an sich|mag sein|nett|schön und gut)\b[^.!?]{0,60}?"
             r"(?:\b(?:aber|allerdings|jedoch|trotzdem|dennoch)\b|,\s*nur\b)"),
    # "zwar ... aber" concedes inside any argument: a hint only, never enough alone.
    *_family("disagree", "yes-but", 0.3, r"\bzwar\b[^.!?]{0,120}?\baber\b"),
    *_family("disagree", "contests the parent's point", 1.0,
             rf"(?:ich (?:denke|glaube|finde|meine),? (?:dass |das )?)?\b{_YOUR} "
             rf"(?:\w+ ){{0,2}}?{_POINT}\b(?=[^.!?]{{0,120}}?\b{_REBUT_WORDS})"),
    *_family("disagree", "rebuttal marker", 1.5,
             r"\bau(?:ß|ss)er acht (?:lässt|lassen|lasst|gelassen)\b",
             r"\b(?:lässt|lassen|lasst) (?:\w+ ){0,5}?au(?:ß|ss)er acht\b",
             r"\bau(?:ß|ss)er acht\b",
             r"\b(?:übersiehst|ignorierst|verkennst|verwechselst|unterschlägst|verschweigst|"
             r"unterstellst|verdrehst|blendest)\b",
             rf"\b(?:übersehen|vergessen|ignorieren|verkennen|verwechseln|unterschlagen|verschweigen|"
             rf"unterstellen|verdrehen|blenden) sie\b|\bsie (?:übersehen|vergessen|ignorieren|"
             rf"verkennen|verwechseln|unterschlagen|verschweigen|unterstellen|verdrehen)\b",
             r"\b(?:vergisst du|du vergisst)\b", r"\bäpfel mit birnen\b",
             rf"\b(?:du tust|sie tun) so,? als\b"),
    *_family("disagree", "rebuttal marker", 1.0, r"\bvergisst\b"),
    *_family("disagree", "question back", 1.5,
             r"\bwoher (?:wissen sie|weißt du|weisst du|willst du|wollen sie|hast du|haben sie|"
             r"nimmst du|nehmen sie)\b[^?]{0,60}\?",
             r"\bwo steht (?:das|denn das|geschrieben)[^?]{0,40}\?",
             r"\b(?:quelle|quellen|beleg|belege|beweis|beweise|nachweis|source)\s*\?+",
             r"\bwie (?:kommst du|kommen sie) (?:denn )?(?:darauf|auf)\b[^?]{0,60}\?",
             r"\bha(?:st du|ben sie) (?:den artikel|das|überhaupt|ihn|es) (?:\w+ ){0,2}?gelesen\s*\?"),
    *_family("disagree", "question back", 1.0,
             r"\b(?:hast du|haben sie|gibt es) (?:dafür |dazu |da |auch |denn |überhaupt )*"
             r"(?:eine |einen |irgendeine |irgendwelche )?"
             r"(?:quelle|quellen|beleg|belege|beweis|beweise|nachweis)\b[^?]{0,30}\?",
             _S + r"(?:ernsthaft|wirklich|echt|im ernst|sicher)\s*\?",
             r"\bwas (?:soll|willst|wollen) (?:das|du|sie) (?:denn )?(?:damit )?(?:sagen|aussagen)?\s*\?",
             r"\bund was (?:schlägst du|schlagen sie) (?:denn )?(?:stattdessen |als alternative )?vor\s*\?",
             r"\bund was (?:wäre|ist) (?:\w+ )?(?:deine|ihre|eure) (?:lösung|alternative)\s*\?",
             r"\b(?:bist du|sind sie) (?:da )?(?:\w+ )?sicher\s*\?"),
    *_family("disagree", "question back", 0.5,
             _S + r"und (?:was|wer|wie|warum|wieso|weshalb) [^?.!]{3,80}\?",
             r"\bwas ist (?:denn )?mit [^?.!]{3,60}\?"),
    *_family("agree", "agreement", 1.5,
             r"\bsehe? (?:ich |das |es )+(?:ganz |absolut |auch |ebenfalls |genau )?(?:genau ?so|ebenso|"
             r"auch so|ganz so|so)\b(?! \w+ nicht)",
             r"\bstimme (?:ich )?(?:dir |ihnen |euch |dem )?(?:da )?(?:voll und ganz |vollkommen |voll |"
             r"absolut |uneingeschränkt |ganz |100 ?% |zu 100 ?% )?zu\b",
             r"\b(?:volle|absolute|totale|vollste) zustimmung\b",
             r"\b(?:bin (?:ganz |voll )?|ganz |voll )(?:deiner|ihrer|eurer) meinung\b(?! nach)|"
             r"\b(?:ganz|genau) meine meinung\b",
             r"\bgut (?:gesagt|geschrieben|erklärt|formuliert|zusammengefasst|beobachtet)\b|"
             r"\b(?:treffend|schön) (?:gesagt|formuliert|beschrieben|zusammengefasst)\b",
             r"\bauf den punkt (?:gebracht)?\b|\bbringt es auf den punkt\b",
             r"\bdem ist nichts hinzuzufügen\b|\bbesser kann man es nicht sagen\b",
             r"\bkann (?:ich|man) nur (?:bestätigen|zustimmen|unterschreiben|beipflichten)\b|"
             r"\bunterschreibe ich\b|\bpflichte (?:ich )?(?:dir |ihnen )?bei\b",
             r"(?<![\w+])\+1\b|👍", r"\bfull ack\b"),
    *_family("agree", "agreement", 1.2,
             _S + r"(?:ganz |ja,? )?genau(?: so ist es| so ist das| so sieht es aus| das| so)?" + _E,
             _S + r"(?:sehr |völlig |absolut |vollkommen |ganz |genau |ja,? )?richtig" + _E,
             _S + r"(?:so ist es|so sieht(?:'|’)?s aus|exakt|eben|absolut|dito|jawohl|einverstanden)" + _E,
             r"\bzustimmung\b", r"\bich bin (?:da )?(?:ganz )?bei (?:dir|ihnen)\b"),
    *_family("agree", "agreement", 1.2,
             _S + r"(?:das |da |es )?stimmt(?: \w+){0,2}?" + _E,
             r"\b(?:da |damit |du |sie )?(?:hast du|haben sie|habt ihr) (?:\w+ ){0,3}?recht\b|"
             r"\brecht hast du\b|\b(?:du hast|sie haben) (?:\w+ ){0,3}?recht\b",
             negatable=True),
    *_family("agree", "agreement", 1.0,
             r"\b(?:das|dies|es|da) (?:ist|war|wäre) (?:\w+ ){0,3}?(?:richtig|korrekt|zutreffend|wahr)\b"
             r"(?!\s*\?)",
             r"\b(?:das|da|es) stimmt\b", negatable=True),
    *_family("agree", "thanks", 0.8,
             r"\bdanke (?:für (?:den|diesen|deinen|ihren|euren|die|diese|das) )?(?:\w+ )?"
             r"(?:kommentar|beitrag|hinweis|link|erklärung|einordnung|ergänzung|worte|zeilen)\b",
             _S + r"danke" + _E),
    *_family("agree", "agreement", 0.4, _S + r"ja" + _E),
    *_family("disagree", "disagreement", 1.5,
             r"\bsehe? (?:ich |das |es )+(?:\w+ ){0,2}?(?:nicht so|anders)\b",
             r"\b(?:so ein |was für ein |totaler |kompletter |völliger |absoluter |ausgemachter )?"
             r"(?:unsinn|quatsch|blödsinn|schwachsinn|unfug|nonsens|humbug|mumpitz|bullshit|stuss)\b",
             r"\b(?:da )?(?:liegst du|liegen sie|liegt ihr) (?:\w+ ){0,2}?falsch\b",
             r"\b(?:da )?(?:irrst du|irren sie|irrt ihr)\b|\b(?:du irrst|sie irren)\b|\birrtum\b",
             r"\b(?:widerspreche|widersprechen|widerspruch|einspruch)\b",
             r"\b(?:ganz )?im gegenteil\b|\bdas gegenteil ist (?:der fall|richtig|wahr)\b",
             _S + r"(?:nein|nö|nee|falsch)\b" + _E,
             r"\b(?:denkfehler|trugschluss|milchmädchenrechnung|strohmann\w*)\b",
             r"\bhalbe wahrheit\b|\bzu kurz gedacht\b|\bgreift (?:\w+ )?zu kurz\b",
             r"\b(?:so|ganz so) einfach ist (?:das|es) (?:aber )?nicht\b|\bmachst (?:du )?es dir "
             r"(?:\w+ )?zu einfach\b",
             r"\b(?:kann|darf) man so nicht (?:sagen|stehen lassen)\b|\bmöchte ich so nicht stehen lassen\b",
             r"\bnicht (?:ganz )?(?:so|der fall)\b(?=\s*[.!])"),
    *_family("disagree", "disagreement", 1.0,
             _S + r"nicht (?:ganz|wirklich|unbedingt)" + _E,
             r"\bmit verlaub\b|\bbei allem respekt\b|\bsorry,? aber\b|\bentschuldigung,? aber\b",
             r"\b(?:whataboutism|polemik|pauschalisierung|verallgemeinerung|verschwörungs\w+)\b",
             r"\b(?:so )?(?:ist|war) (?:das|es) (?:doch |aber |eben |halt )*nicht\b(?=\s*[.!,])"),
    *_family("disagree", "disagreement", 0.7, r"\b(?:völlig |total |komplett |grund)?falsch\b",
             negatable=True),
]
_REPLY_REGEX = _compile(REPLY_CUES)
_CONTRAST = re.compile(r"\b(?:aber|jedoch|allerdings|nicht|kein\w*|falsch|unsinn|quatsch|"
                       r"gegenteil|sondern|trotzdem)\b", re.IGNORECASE)
_MARKED = re.compile(r"[„\"»“‚]([^„\"»«“”\n]{3,300})[“”\"«‘]")

# A label needs this much cue weight, and this much more than the other label.
DECIDE_AT = 0.5
MARGIN = 0.5
# Replies open with their stance ("Stimmt.", "Unsinn!"): cues in the first sentence count more.
FIRST_SENTENCE_BONUS = 1.5
# Polarity: opposite leans far apart count for disagree (enough to decide alone when no cue
# speaks); two clear leans of the same sign only tip a close call towards agree.
OPPOSITE_MIN, OPPOSITE_GAP, OPPOSITE_WEIGHT = 0.1, 0.5, 0.6
SAME_MIN, SAME_WEIGHT = 0.3, 0.3
# Quote and rebut: a run of this many words copied from the parent (fewer inside quote marks),
# then a contrast within this many characters.
QUOTE_RUN, QUOTE_MARKED_RUN, REBUT_WITHIN = 5, 3, 100


@dataclass(frozen=True)
class Hit:
    label: str
    weight: float
    family: str
    text: str = ""

    def describe(self):
        return f"{self.text} ({self.family})" if self.text else self.family


class CueStance:
    """Reply → parent stance from the cue lexicon, negation, quote-and-rebut and polarity.

    `polarity_of` (text → float), if given, supplies polarity where the caller has none.
    """

    name = "cues"

    def __init__(self, polarity_of=None):
        self.polarity_of = polarity_of

    def predict(self, replies, parents):
        """agree / disagree / neutral for each (reply, parent) pair."""
        return [label for label, _ in self.explain(replies, parents)]

    def explain(self, replies, parents, reply_polarity=None, parent_polarity=None, own=None):
        """(label, evidence) for each (reply, parent) pair; polarities may be None / NaN.

        `own`, if given, holds each reply's own words (`quotes.own_words` of the reply without
        its leading @names, given the parent), or None where they are to be found here.
        """
        reply_polarity = self._fill(replies, reply_polarity)
        parent_polarity = self._fill(parents, parent_polarity)
        own = own if own is not None else [None] * len(replies)
        return [_classify(r, p, rp, pp, o)
                for r, p, rp, pp, o in zip(replies, parents, reply_polarity, parent_polarity, own)]

    def _fill(self, texts, known):
        known = list(known) if known is not None else [None] * len(texts)
        if self.polarity_of is None:
            return known
        return [self.polarity_of(t) if _missing(k) and isinstance(t, str) and t else k
                for t, k in zip(texts, known)]


def classify_replies(comments, polarity_of=None):
    """Comments with `stance` and `stance_evidence` added (see module docstring).

    `polarity_of` (text → float) fills polarity where the `polarity` column is NA or absent;
    without it such pairs get no polarity signal. A reply whose parent is not in the frame is
    judged on its own cues. Top-level comments (parent_id NA or '') get NA in both columns.
    An `own_text` column saves finding own words again, with the same result: each row's
    `quotes.own_words` given its parent's text and author, as `quotes.own_texts` gives for a frame
    holding the parents (this one, or a larger one it was cut from). It is read for replies
    without "@" (for the others the parent's author and _MENTIONS matter, so they are redone).
    """
    parent_id = comments["parent_id"].astype("string")
    is_reply = (parent_id.notna() & (parent_id != "")).to_numpy()
    polarity = (comments["polarity"].astype("float64") if "polarity" in comments
                else pd.Series(float("nan"), index=comments.index))
    stance = pd.Series(pd.NA, index=comments.index, dtype="string")
    evidence = pd.Series(pd.NA, index=comments.index, dtype="string")
    if is_reply.any():
        ids = comments["comment_id"].astype("string")
        text_of = pd.Series(comments["text"].to_numpy(), index=ids).groupby(level=0).first()
        polarity_of_id = pd.Series(polarity.to_numpy(), index=ids).groupby(level=0).first()
        parents = parent_id[is_reply]
        replies = comments.loc[is_reply, "text"].fillna("").astype(str).tolist()
        # `own_text` (quotes.own_texts of this frame) is what _classify would compute itself for
        # a reply without "@" (the parent's author and _MENTIONS only act on "@names").
        own = None
        if "own_text" in comments and ids.is_unique:
            own = [o if isinstance(o, str) and "@" not in r else None
                   for r, o in zip(replies, comments.loc[is_reply, "own_text"].tolist())]
        results = CueStance(polarity_of).explain(
            replies,
            parents.map(text_of).fillna("").astype(str).tolist(),
            polarity[is_reply].tolist(),
            parents.map(polarity_of_id).tolist(),
            own=own,
        )
        index = comments.index[is_reply]
        stance = stance.mask(is_reply, pd.Series([r[0] for r in results], index=index, dtype="string"))
        evidence = evidence.mask(is_reply, pd.Series([r[1] for r in results], index=index, dtype="string"))
    return comments.assign(stance=stance, stance_evidence=evidence)


def _missing(value):
    return value is None or bool(pd.isna(value))


def _classify(reply, parent, reply_polarity, parent_polarity, own=None):
    """(label, evidence) of one reply. Cues count only in the reply's own words (a quoted
    "> Das stimmt nicht" is the parent speaking); quote-and-rebut looks at the whole reply.
    `own`: the reply's own words when known (see CueStance.explain)."""
    text = reply if isinstance(reply, str) else ""
    if "@" in text:  # _MENTIONS needs one
        text = _MENTIONS.sub("", text)
    parent = parent if isinstance(parent, str) else ""
    if own is None:
        own = own_words(text, parent)
    first_end = _first_sentence_end(own)
    hits = []
    for cue, label, family, match in _hits(_REPLY_REGEX, REPLY_CUES, own):
        if label == "ignore":
            continue
        bonus = FIRST_SENTENCE_BONUS if match.start() < first_end else 1.0
        hits.append(Hit(label, cue.weight * bonus, family, _quoted(own, match)))
    quoted = _quote_rebut(text, parent)
    if quoted:
        hits.append(quoted)
    polarity_hit, note = _polarity_signal(reply_polarity, parent_polarity)
    if polarity_hit:
        hits.append(polarity_hit)
    return _decide(hits, "" if polarity_hit else note)


def _decide(hits, note):
    scores = {"agree": 0.0, "disagree": 0.0}
    for hit in hits:
        scores[hit.label] += hit.weight
    winner, loser = sorted(scores, key=scores.get, reverse=True)
    tail = f"; {note}" if note else ""
    if not hits:
        return "neutral", f"neutral: no stance cue{tail}"
    if scores[winner] < DECIDE_AT or scores[winner] - scores[loser] < MARGIN:
        return "neutral", f"neutral: {_summary(hits, 'agree')} vs {_summary(hits, 'disagree')}{tail}"
    return winner, f"{winner}: {_summary(hits, winner)}{tail}"


def _summary(hits, label, top=3):
    chosen = sorted((h for h in hits if h.label == label), key=lambda h: -h.weight)[:top]
    return "; ".join(h.describe() for h in chosen) if chosen else f"no {label} cue"


def _polarity_signal(reply, parent):
    """(Hit or None, note) from the two polarities."""
    if _missing(reply) or _missing(parent):
        return None, ""
    note = f"polarity reply {reply:+.2f} vs parent {parent:+.2f}"
    if (reply * parent < 0 and min(abs(reply), abs(parent)) >= OPPOSITE_MIN
            and abs(reply - parent) >= OPPOSITE_GAP):
        return Hit("disagree", OPPOSITE_WEIGHT, note + " (opposite leans)"), note
    if reply * parent > 0 and min(abs(reply), abs(parent)) >= SAME_MIN:
        return Hit("agree", SAME_WEIGHT, note + " (same lean)"), note
    return None, note


def _quote_rebut(text, parent):
    """A Hit when the reply repeats the parent's words and then contrasts them."""
    of_parent = _parent_words(parent)
    if len(of_parent.words) < QUOTE_MARKED_RUN:
        return None
    quotes = []
    words = _casefolded_words(text)
    # A window of 5 words the parent has needs 5 words in a row that the parent uses.
    if len(of_parent.words) >= QUOTE_RUN and _RUN5 in bytes(map(of_parent.vocabulary.__contains__, words)):
        # Runs of 5-word windows the parent has (1/0 per window): each run from its first window
        # to the end of its last is one quote; the search goes on after the quote.
        hits = bytes(map(of_parent.grams.__contains__, _grams(words)))
        i = hits.find(1)
        while i >= 0:
            end = hits.find(0, i)
            end = len(hits) if end < 0 else end
            start = _after_words(i, True).match(text).end()
            quotes.append((start, _after_words(end - i + QUOTE_RUN - 1, False).match(text, start).end()))
            i = hits.find(1, end + QUOTE_RUN - 1)
    if any(mark in text for mark in _MARK_OPENERS):
        for marked in _MARKED.finditer(text):
            inner = [w.casefold() for w in _WORD.findall(marked.group(1))]
            if len(inner) >= QUOTE_MARKED_RUN and " " + " ".join(inner) + " " in of_parent.joined:
                quotes.append((marked.start(1), marked.end()))
    for start, end in sorted(quotes):
        contrast = _CONTRAST.search(text, end, end + REBUT_WITHIN)
        if contrast:
            return Hit("disagree", 1.5, "quotes the parent, then rebuts",
                       f'"{_excerpt(text[start:end], 40)}" … "{contrast.group(0)}"')
    return None


_MARK_OPENERS = "„\"»“‚"  # what _MARKED starts with
# Characters whose case folding changes which characters are word characters ("İ" → "i̇", a
# combining mark): without them, the words of text.casefold() are the case-folded words of text.
# tests/etl/test_stance.py checks this list against all of Unicode.
CASEFOLD_SPLITS_WORDS = ("\u0130\u01f0\u0345\u0390\u03b0\u1e96\u1e97\u1e98\u1e99\u1f50\u1f52\u1f54"
                         "\u1f56\u1fb6\u1fb7\u1fc6\u1fc7\u1fd2\u1fd3\u1fd6\u1fd7\u1fe2\u1fe3\u1fe4"
                         "\u1fe6\u1fe7\u1ff6\u1ff7")
_CASEFOLD_SPLITS_WORDS = re.compile(f"[{CASEFOLD_SPLITS_WORDS}]")


def _casefolded_words(text):
    """[w.casefold() for w in _WORD.findall(text)], as UTF-8 bytes; found in the case-folded
    text at once (with bytes methods where it is plain) when that gives the same words."""
    if text.isascii() or not _CASEFOLD_SPLITS_WORDS.search(text):
        words = plain_words(text.casefold())
        if words is not None:
            return words
        return [w.encode() for w in _WORD.findall(text.casefold())]
    return [w.casefold().encode() for w in _WORD.findall(text)]


def _grams(words):
    return zip(*(words[i:] for i in range(QUOTE_RUN)))


class _ParentWords:
    """A parent's case-folded words (UTF-8), and built on first use their set, their 5-word
    windows and the words joined by spaces."""

    def __init__(self, parent):
        self.words = _casefolded_words(parent)

    @functools.cached_property
    def vocabulary(self):
        return frozenset(self.words)

    @functools.cached_property
    def grams(self):
        return set(_grams(self.words))

    @functools.cached_property
    def joined(self):
        return " " + b" ".join(self.words).decode() + " "


# Replies to one parent come together: each parent's words are found once.
_parent_words = functools.lru_cache(maxsize=1024)(_ParentWords)
_RUN5 = b"\x01" * QUOTE_RUN


# ---------------------------------------------------------------------------------------------
# Stance toward a target: the sentences that mention it, scored by polarity words and stance cues.

TARGET_STANCES = schema.TARGET_STANCES
# |score| at or above this decides favor / against; below it the comment mentions the target
# without a clear lean ("none").
TARGET_DECIDE_AT = 0.5

# Our own additions to the bundled lexicon: what news comments say about countries, companies and
# claims (the bundled lexicon lacks "Diktatur", "Rechtsstaat", ...). Capitalised = noun.
_OWN_POLARITY = {
    "Diktatur": -1.0, "Diktator": -1.0, "Regime": -0.7, "Unterdrückung": -1.0, "Zensur": -1.0,
    "Propaganda": -0.8, "Überwachungsstaat": -1.0, "Menschenrechtsverletzung": -1.0,
    "Korruption": -1.0, "Ausbeutung": -1.0, "Abzocke": -1.0, "Datenkrake": -1.0, "Bedrohung": -0.8,
    "Gefahr": -0.7, "Risiko": -0.5, "Skandal": -1.0, "Lüge": -1.0, "Lügen": -1.0, "Willkür": -1.0,
    "Unrechtsstaat": -1.0, "Spionage": -0.8, "Erpressung": -1.0, "Desaster": -1.0,
    "Demokratie": 0.8, "Rechtsstaat": 0.8, "Freiheit": 0.8, "Menschenrechte": 0.5, "Vorbild": 1.0,
    "Innovation": 0.6, "Chance": 0.6, "Fortschritt": 0.7, "Partner": 0.3,
    "unterdrücken": -1.0, "unterdrückt": -1.0, "diktatorisch": -1.0, "autoritär": -0.8,
    "korrupt": -1.0, "verlogen": -1.0, "gefährlich": -0.8, "skrupellos": -1.0, "rücksichtslos": -0.8,
    "demokratisch": 0.6, "rechtsstaatlich": 0.6, "innovativ": 0.6, "zuverlässig": 0.8,
    "vertrauenswürdig": 0.8, "besser": 0.5, "schlechter": -0.5, "sinnvoll": 1.0, "unnötig": -0.8,
    "boykottieren": -1.0, "sanktionieren": -0.8, "misstrauen": -0.8, "bewundern": 0.8,
    "profitieren": 0.3, "schwächeln": -0.5, "rückläufig": -0.5,
    # Lexicon entries that mislead in comments ("rein mathematisch", "Reich der Mitte"): removed.
    "rein": 0.0, "entbrennen": 0.0, "reich": 0.0, "Reich": 0.0, "gerade": 0.0, "ziemlich": 0.0,
    "vergessen": 0.0, "ganz": 0.0, "echt": 0.0, "wirklich": 0.0,
}
# Stance phrases toward an entity, scored where they stand like polarity words.
_ENTITY_CUES = [
    *_family("favor", "support", 1.0,
             r"\b(?:ich )?(?:unterstütze|befürworte|vertraue|bewundere|respektiere|mag|liebe)\b",
             r"\bbin (?:ich )?(?:\w+ )?(?:für|dafür)\b", r"\bweiter so\b", r"\bzu recht\b",
             negatable=True),
    *_family("against", "opposition", 1.0,
             r"\b(?:boykott\w*|sanktion\w*|misstraue|hasse)\b",
             r"\b(?:muss|müssen|sollte|sollten|gehört|gehören) (?:\w+ ){0,4}?(?:verboten|gesperrt|"
             r"sanktioniert|bestraft|zerschlagen|enteignet|boykottiert|ausgeschlossen)\b",
             r"\blehne (?:ich )?(?:\w+ ){0,5}?ab\b", r"\bbin (?:ich )?(?:\w+ )?(?:gegen|dagegen)\b",
             r"\bzu unrecht\b", negatable=True),
    *_family("against", "opposition", 1.0, r"\bnie wieder\b"),
]
_ENTITY_REGEX = _compile(_ENTITY_CUES)
_TOKEN = re.compile(r"\w+(?:-\w+)*|[,;:–]")
_CLAUSE_BREAKS = frozenset(",;:–") | {"und", "aber", "sondern", "doch", "während", "wohingegen",
                                      "jedoch", "denn", "weil", "obwohl"}
_NEGATORS = frozenset(_NEGATOR[3:-1].split("|"))
_LEMMA_ENDINGS = ("ern", "en", "er", "es", "em", "st", "e", "n", "s", "t")


@functools.cache
def polarity_lexicon():
    """(nouns, other words): casefolded word → polarity in [-1, 1], from the German polarity
    lexicon bundled with textblob-de (Klenner et al.) plus our own additions; built once."""
    # find_spec locates the package without importing it (its import loads models: ~2 s).
    spec = importlib.util.find_spec("textblob_de")
    try:
        xml = (Path(spec.origin).parent / "data" / "de-sentiment.xml").read_text("utf-8")
    except (AttributeError, TypeError, OSError):
        xml = ""  # textblob-de missing: our own words still score
    nouns, others = {}, {}
    for form, value, pos in re.findall(r'form="([^"]+)"[^>]*?polarity="([^"]+)" pos="(\w+)"', xml):
        if float(value):
            (nouns if pos == "NN" else others)[form.casefold()] = float(value)
    for word, value in _OWN_POLARITY.items():
        table = nouns if word[0].isupper() else others
        table[word.casefold()] = value
        if not value:
            del table[word.casefold()]
    return nouns, others


def _word_polarity(token, sentence_initial):
    """(polarity, lexicon form) of one token, or None. Capitalised mid-sentence = noun."""
    nouns, others = polarity_lexicon()
    if token[0].isupper():
        tables = (nouns, others) if sentence_initial or token.isupper() else (nouns,)
    else:
        tables = (others,)
    word = token.casefold()
    for table in tables:
        if word in table:
            return table[word], word
    for table in tables:
        for ending in _LEMMA_ENDINGS:
            stem = word[:-len(ending)]
            if word.endswith(ending) and len(stem) >= 4:
                for form in (stem, stem + "en", stem + "n"):
                    if form in table:
                        return table[form], form
    return None


@dataclass(frozen=True)
class Contribution:
    weight: float
    text: str
    sentence: str


def _sentence_contributions(sentence, mentions):
    """{target: [Contribution]} for one sentence; `mentions` maps target → [char offsets].

    Each polarity word or stance cue goes to the nearest mention in its own clause, else the
    nearest in an earlier clause (relative clauses look back), else the nearest later one.
    """
    tokens = list(_TOKEN.finditer(sentence))
    clause, clauses = 0, []
    for token in tokens:
        clause += token.group(0).casefold() in _CLAUSE_BREAKS
        clauses.append(clause)
    index_of = {t.start(): i for i, t in enumerate(tokens)}
    at = {target: [_token_at(tokens, index_of, offset) for offset in offsets]
          for target, offsets in mentions.items()}
    mentioned = {i for positions in at.values() for i in positions}
    found = {target: [] for target in mentions}

    def assign(i, weight, text):
        def rank(target_position):
            position = target_position[1]
            step = clauses[i] - clauses[position]
            return (0 if step == 0 else 1 if step > 0 else 2, abs(i - position))
        target = min(((t, p) for t, ps in at.items() for p in ps), key=rank)[0]
        found[target].append(Contribution(weight, text, sentence))

    for i, token in enumerate(tokens):
        word = token.group(0)
        if i in mentioned or not word[0].isalpha() or word.casefold() in STOP_WORDS:
            continue
        scored = _word_polarity(word, i == 0)
        if scored:
            value = -scored[0] if _token_negated(tokens, clauses, i) else scored[0]
            assign(i, value, '"' + ("nicht " if value != scored[0] else "") + word + '"')
    for cue, label, _, match in _hits(_ENTITY_REGEX, _ENTITY_CUES, sentence):
        i = _token_at(tokens, index_of, match.start())
        assign(i, cue.weight if label == "favor" else -cue.weight, _quoted(sentence, match, 40))
    return found


def _token_at(tokens, index_of, offset):
    if offset in index_of:
        return index_of[offset]
    return max((i for i, t in enumerate(tokens) if t.start() <= offset), default=0)


def _token_negated(tokens, clauses, i):
    """A negator up to three words before, or right after ("gefällt mir nicht"), same clause."""
    for j in (*range(max(0, i - 3), i), *range(i + 1, min(len(tokens), i + 3))):
        word = tokens[j].group(0).casefold()
        if clauses[j] == clauses[i] and word in _NEGATORS:
            follower = tokens[j + 1].group(0).casefold() if j + 1 < len(tokens) else ""
            if follower != "nur":
                return True
    return False


def _verdict(contributions, sentence, decide_at=TARGET_DECIDE_AT):
    """(stance, score, evidence) from one target's contributions; `sentence` is shown when no
    word spoke, else the sentence of the strongest word on the winning side."""
    score = round(sum(c.weight for c in contributions), 3)
    stance = "favor" if score >= decide_at else "against" if score <= -decide_at else "none"
    side = [c for c in contributions if (c.weight > 0) == (score > 0)] if stance != "none" else contributions
    shown = sorted(side, key=lambda c: -abs(c.weight))[:3]
    words = ", ".join(f"{c.text} {c.weight:+.1f}" for c in shown) or "no stance words"
    where = shown[0].sentence if shown else sentence
    return stance, score, f"{stance}: {words} in „{_excerpt(where, 80)}“"


def _target_in_text(text, patterns):
    """{target: (sentences mentioning it, contributions)} for one text."""
    results = {}
    for match in _SENTENCES.finditer(text):
        sentence = match.group(0).strip()
        mentions = {}
        for target, pattern_list in patterns.items():
            offsets = [m.start() for p in pattern_list for m in p.finditer(sentence)]
            if offsets:
                mentions[target] = sorted(offsets)
        if not mentions:
            continue
        for target, found in _sentence_contributions(sentence, mentions).items():
            sentences, contributions = results.setdefault(target, ([], []))
            sentences.append(sentence)
            contributions.extend(found)
    return results


def target_stance(comments, targets):
    """One row per (comment, target it mentions): stance favor / against / none, score, evidence.

    Needs comments[comment_id, text] (article_id kept when present); `targets` maps a target name
    to compiled patterns, as `etl.topics.load_targets` returns. Columns: `TARGET_STANCES`.
    Evidence names the deciding words and the first sentence that mentions the target.
    """
    rows = []
    articles = comments["article_id"] if "article_id" in comments else pd.Series(pd.NA, index=comments.index)
    # Only the targets whose patterns can match somewhere in a text are looked for in its
    # sentences (the others cannot match in a sentence either): same result, far fewer scans.
    matcher, names = Matcher(targets), list(targets)
    for comment_id, article_id, text in zip(comments["comment_id"], articles, comments["text"]):
        if not isinstance(text, str) or not text:
            continue
        possible = matcher.may_mention(text)
        if possible is not None:
            if not possible:
                continue
            patterns = {names[i]: targets[names[i]] for i in sorted(possible)}
        else:
            patterns = targets
        for target, (sentences, contributions) in _target_in_text(text, patterns).items():
            stance, score, evidence = _verdict(contributions, sentences[0])
            rows.append((comment_id, article_id, target, stance, score, evidence))
    frame = pd.DataFrame(rows, columns=list(TARGET_STANCES))
    return frame.astype(TARGET_STANCES)


# ---------------------------------------------------------------------------------------------
# Stance toward a question or claim ("Befürworten Sie ein Verbot von …?"): favor = the comment
# supports what the question proposes. Answers open with their verdict (Ja / Nein), say it
# (dafür / dagegen, befürworte / lehne ab), judge the proposal (sinnvoll / unnötig), or defend
# the status quo (reicht, bestehende Regeln); cues in sentences that echo the question's own
# content words count more.

_ANSWER_CUES = [
    *_family("favor", "answer", 2.0, _S + r"ja\b(?!\s*,?\s*aber\b)"),
    *_family("favor", "answer", 1.0, _S + r"ja\b"),
    *_family("against", "answer", 2.0, _S + r"(?:ganz |klar |eindeutig )?nein\b",
             _S + r"(?:auf keinen fall|keinesfalls|sicher nicht|bestimmt nicht|niemals)\b"),
    *_family("favor", "answer", 1.5,
             _S + r"(?:absolut|unbedingt|auf jeden fall|selbstverständlich|natürlich|klar|definitiv|"
             r"eindeutig|zwingend|dringend)" + _E),
    *_family("favor", "support", 2.0, r"\bbin (?:ich )?(?:\w+ ){0,2}?dafür\b", negatable=True),
    *_family("against", "opposition", 2.0, r"\bbin (?:ich )?(?:\w+ ){0,2}?dagegen\b",
             r"\bspreche (?:ich )?mich (?:\w+ ){0,2}?dagegen aus\b", negatable=True),
    *_family("favor", "support", 1.2,
             r"\b(?:befürworte|befürwortet|befürworten|unterstütze|unterstützt|unterstützen|begrüsse|"
             r"begrüße|begrüsst|begrüßt|begrüssen|begrüßen|bejahe)\b(?! sie\b)",
             r"\bzu begrü(?:ss|ß)en\b|\bmacht (?:\w+ )?sinn\b", negatable=True),
    *_family("favor", "support", 1.0, r"\bbin (?:ich )?(?:\w+ ){0,3}?für\b", negatable=True),
    *_family("against", "opposition", 1.5, r"\bbin (?:ich )?(?:\w+ ){0,3}?gegen\b", negatable=True),
    *_family("against", "no, unless", 1.0, _S + r"kein\w* [^.!?]{0,80}?\bohne\b"),
    *_family("against", "opposition", 1.5,
             r"\blehne (?:ich |wir )?(?:\w+ ){0,6}?ab\b|\babzulehnen\b|\bablehnen\b|\bablehnung\b",
             negatable=True),
    *_family("favor", "status quo falls short", 1.0,
             r"\b(?:reicht|reichen|genügt|genügen) (?:\w+ ){0,2}?nicht\b|\bnicht (?:aus)?reichend\b|"
             r"\bzu wenig\b|\bungenügend\b|\bunzureichend\b"),
    *_family("against", "status quo suffices", 1.0,
             r"\b(?:reicht|reichen|genügt|genügen|ausreichend|bewährt|funktioniert gut)\b",
             r"\b(?:kein|keine|keinen) (?:\w+ )?(?:bedarf|handlungsbedarf|notwendigkeit)\b|"
             r"\bbraucht es nicht\b|\bbraucht (?:es )?keine\w*\b|\bnicht (?:nötig|notwendig|nötig)\b"),
    *_family("against", "status quo suffices", 0.5,
             r"\b(?:bestehende|bestehenden|heutige|heutigen|geltende|geltenden|jetzige|jetzigen|"
             r"bisherige|bisherigen|aktuelle|aktuellen)\b",
             r"\b(?:bereits|schon heute|heute schon|schon jetzt)\b"),
    *_family("favor", "judges the proposal", 1.0,
             r"\b(?:sinnvoll|notwendig|nötig|überfällig|zeitgemäss|zeitgemäß|angebracht|angemessen|"
             r"vernünftig|gerechtfertigt|unerlässlich|unabdingbar|wünschenswert|richtig|zielführend|"
             r"begrüssenswert|begrüßenswert|sinnvoller|fair|gerecht)\b|\blängst fällig\b|"
             r"\bhöchste zeit\b|\bendlich\b", negatable=True),
    *_family("against", "judges the proposal", 1.0,
             r"\b(?:unnötig|überflüssig|unsinnig|kontraproduktiv|schädlich|fatal|unrealistisch|utopisch|"
             r"übertrieben|realitätsfremd|unverhältnismässig|unverhältnismäßig|ungerecht|unfair|falsch|"
             r"unsinn|zu teuer|zu radikal|zu extrem|zu weit|geht zu weit|zu starr|"
             r"bevormundung|gegenvorschlag|gegenentwurf)\b", negatable=True),
    *_family("favor", "conditional yes", 0.8,
             r"\bnur (?:wenn|unter|sofern|falls)\b|\bsofern\b|\bunter der (?:bedingung|voraussetzung)\b|"
             r"\bvorausgesetzt\b"),
    *_family("against", "not the state's task", 1.0,
             r"\b(?:aufgabe|sache) (?:des|der) (?:staates|bundes|kantone|gemeinden|eltern|wirtschaft|"
             r"privaten|arbeitgeber|unternehmen|einzelnen|familien?|sozialpartner)\b"),
    *_family("against", "question back", 0.5, r"[^.!?]{10,}\?"),
    *_family("against", "proposes an alternative", 0.6,
             r"\b(?:statt|anstatt|stattdessen|vielmehr|lieber|besser wäre|wichtiger wäre|wichtiger ist|"
             r"eher|zuerst|zunächst|vorher)\b"),
    *_family("against", "warns of consequences", 0.4, r"\b(?:würde|würden|wäre|wären|hätte|hätten)\b"),
    # A comment in the voice of policy ("es braucht", "muss") proposes; negated it still
    # proposes something (measured: "soll nicht" leans favor as often as "soll").
    *_family("favor", "calls for it", 0.4, r"\b(?:es braucht|braucht es|muss|müssen|soll|sollte|sollten)\b"),
]
# Judging words say something about the proposal only where the sentence names its content.
_NEEDS_ECHO = frozenset({"judges the proposal", "negated judges the proposal"})
NO_ECHO_FACTOR = 0.3
_ANSWER_REGEX = _compile(_ANSWER_CUES)
# Words that frame a question rather than say what it proposes.
_QUESTION_FRAME = frozenset("""befürworten finden richtig initiative fordert anliegen sollen sollte
soll würden begrüssen begrüßen unterstützen schweiz schweizer bundes künftig zukunft stärker
grundsätzlich gemäss gemäß konzept einführung volksinitiative priorität""".split())
ECHO_BONUS = 1.5
# An answer to a question leans one way or the other: a smaller lean decides than for a name.
QUESTION_DECIDE_AT = 0.3


def _content_stems(question):
    words = (w.casefold() for w in _WORD.findall(question))
    return {w[:6] for w in words if len(w) >= 5 and w not in STOP_WORDS and w not in _QUESTION_FRAME}


def _question_verdict(text, question):
    """(stance, score, evidence) of a comment toward a question or claim.

    Each cue counts once per comment, at its strongest: saying "muss" five times is one cue.
    """
    text = text if isinstance(text, str) else ""
    stems = _content_stems(question)
    strongest = {}
    for sentence_match in _SENTENCES.finditer(text):
        sentence = sentence_match.group(0).strip()
        echoes = any(w.casefold()[:6] in stems for w in _WORD.findall(sentence) if len(w) >= 5)
        for cue, label, family, match in _hits(_ANSWER_REGEX, _ANSWER_CUES, sentence):
            factor = ECHO_BONUS if echoes else NO_ECHO_FACTOR if family in _NEEDS_ECHO else 1.0
            weight = (1.0 if label == "favor" else -1.0) * cue.weight * factor
            key = (cue.pattern, label)
            if key not in strongest or abs(weight) > abs(strongest[key].weight):
                strongest[key] = Contribution(weight, f"{_quoted(sentence, match, 40)} ({family})", sentence)
    return _verdict(list(strongest.values()), text, QUESTION_DECIDE_AT)


class CueTargetStance:
    """Comment → target stance. A target of several words or ending in "?" is a question or claim
    (answer cues over the whole comment); otherwise a name, found with the topics keyword rule,
    and judged from the sentences that mention it."""

    name = "cues"

    def predict(self, texts, targets):
        """favor / against / none for each (text, target) pair."""
        return [stance for stance, _, _ in self.explain(texts, targets)]

    def explain(self, texts, targets):
        """(stance, score, evidence) for each (text, target) pair."""
        return [self._one(text, target) for text, target in zip(texts, targets)]

    def _one(self, text, target):
        target = str(target).strip()
        if target.endswith("?") or len(target.split()) > 3:
            return _question_verdict(text, target)
        patterns = {target: [re.compile(keyword_regex(target))]}
        found = _target_in_text(text if isinstance(text, str) else "", patterns)
        if target not in found:
            return "none", 0.0, "none: target not mentioned"
        sentences, contributions = found[target]
        return _verdict(contributions, sentences[0])


REPLY_ENGINES = {"cues": CueStance}
TARGET_ENGINES = {"cues": CueTargetStance}
