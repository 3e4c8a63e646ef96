"""The test run before a rule's regex (etl.signals.prefilter, etl.signals.pattern_needs) never
changes a score or a reason: the rules with it give what every regex run on every text gives."""

import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import DATA, ROOT, SAMPLE

from etl.signals import ArgumentRules, FeedbackRules, ModerationRules, get_engines
from etl.signals.argument import ARGUMENT_RULES
from etl.signals.feedback import FEEDBACK_RULES
from etl.signals.moderation import MODERATION_RULES
from etl.signals.pattern_needs import alternatives
from etl.signals.prefilter import Alternatives, Masks, Seen, Vocabulary, substring_token
from etl.signals.rules import RuleScorer, _lower, _quotes, _reason, combine, rule, score_texts
from etl.stance.prefixes import Scan

ALL_RULES = MODERATION_RULES + FEEDBACK_RULES + ARGUMENT_RULES
_SCORERS = [ModerationRules(), FeedbackRules(), ArgumentRules()]


class Finditer:
    """A rule's patterns as one plain regex, matched by re's own finditer: what `Scan` finds."""

    def __init__(self, rule_, which=None):
        patterns = [p for i, p in enumerate(rule_.patterns) if which is None or which >> i & 1]
        self.regex = re.compile("|".join(f"(?:{p})" for p in patterns))

    def spans(self, text):
        return [match.span() for match in self.regex.finditer(text)]


def every_regex(rules, text):
    """(score, reasons) as RuleScorer gave them before the prefilter: every regex on the text,
    each a plain regex."""
    if not text:
        return 0.0, ""
    lowered, fired = _lower(text), {}
    for rule_ in rules:
        quotes = _quotes(Finditer(rule_), text if rule_.case_sensitive else lowered, text)
        if quotes and rule_.family not in fired:
            fired[rule_.family] = (rule_, quotes)
    for rule_, _ in list(fired.values()):
        if rule_.supersedes:
            fired.pop(rule_.supersedes, None)
    return combine(r.weight for r, _ in fired.values()), "; ".join(_reason(r, q) for r, q in fired.values())


# Each rule firing, nearly firing, and text the bytes path of word finding does not know.
EDGE_CASES = [
    "Sie sind ein Trottel! Du Idiot. @hansi42 wie immer redest du wie ein Depp. Vollidiot!",
    "Ur-Idiot, Riesen-Depp, Oberarschloch, voll-trottel, Dreckskerl, Trottelpartei, Idioten",
    "Ich bring dich um. Der gehört erschossen. Aufhängen sollte man die. Ich weiß, wo du wohnst.",
    "Dieses Pack, diese Tiere, Schmarotzer, Asylschmarotzerin, Gsindl",
    "Halt die Klappe. Halts Maul! Verpiss dich. Geh scheißen. Schleich di!",
    "DAS GLAUBT DOCH NIEMAND MEHR!!! ÖVP SPÖ FPÖ NEOS ?!?! Was???",
    "Liebe Redaktion, im Artikel steht leider falsch, die Zahl stimmt nicht. Sollte wohl heißen 30 Prozent.",
    "Sehr geehrter Herr Rauscher, … Frau Redakteurin! @Redaktion bitte korrigieren (sic!)",
    "Quelle? Link zur Studie? Woher stammen diese Zahlen? Clickbait, tendenziös, reißerisch.",
    "Zensur! Mein Posting wurde gelöscht, die Forenregeln … Paywall, Login, Newsletter.",
    "Weil es regnet, da es kalt ist. Da die Regierung … , denn sie weiß es nicht. Daher, deshalb, z.B. 3,5 km/h",
    "Laut Statistik sind es 200 Euro, 3 % und 1.000 Menschen, siehe https://example.org/x und www.orf.at",
    "Zwar gut, allerdings teuer. Wenn es regnet, dann nass. Falls nicht, sofern möglich.",
    " ".join(["Wort"] * 61),
    " ".join(["Wort"] * 59) + " Ende",
    "\u0130stanbul İDİOT Σ ΣΊΣΥΦΟΣ",  # lower case of another length, final sigma
    "Du 😡 Idiot 👍 … «Trottel» „Depp“ ‚Dodl‘ — Weil\u00a0es\u2009so ist",  # emoji, odd spaces
    "٣ prozent und ۴۵ euro, ①② jahre",  # digits of other scripts
    "du\tidiot\nsie\r\ntrottel\x0bweil\x1cdenn",
    "",
    "   ",
    "arschloch" * 50,
]


def own_comments():
    return (DATA / "sentiment" / "own-comments.txt").read_text(encoding="utf-8").splitlines()


def sample_texts():
    comments = pd.read_csv(SAMPLE / "fictional-newsroom.csv", dtype="string")
    return comments["text"].dropna().tolist()


@pytest.fixture(scope="module")
def corpus():
    texts = EDGE_CASES + own_comments() + sample_texts()
    texts += [text.upper() for text in texts] + [text.title() for text in texts]
    return texts


@pytest.mark.parametrize("rule_", ALL_RULES, ids=lambda r: r.family)
def test_a_rules_scan_finds_what_finditer_finds_for_its_patterns_alone_and_together(rule_, corpus):
    texts = corpus + ["\n".join(corpus[:50]), "  ".join(corpus[:50])]  # matches side by side
    found = 0
    for which in [None, *(1 << i for i in range(len(rule_.patterns)))]:
        scan, plain = rule_.compile(which), Finditer(rule_, which)
        for text in texts:
            scanned = text if rule_.case_sensitive else _lower(text)
            spans = plain.spans(scanned)
            assert list(scan.spans(scanned)) == spans, (rule_.patterns, text)
            assert scan.found(scanned) == bool(spans)
            found += len(spans)
    assert found  # the corpus fires every rule


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"ab|b", "abab bb b"),  # matches side by side, one inside the start class of the next
        (r"\n\w+|x\w", "a\nbc\n\nx\nxy"),  # a line break as a first character
        (r"(?<=a)b|(?<!\w)c\w*", "ab cb bc acab c"),  # lookbehinds see what comes before the start
        (r"\w*z|y", "zz yz az y"),  # a match that may start anywhere: no start class
        (r"(?i:Ä)\w", "äb Äb aB"),  # a class from a case-insensitive group
        (r"[^a]b", "\nb ab bb"),  # a negated class
    ],
)
def test_a_scan_finds_what_finditer_finds(pattern, text):
    assert list(Scan(pattern).spans(text)) == [m.span() for m in re.finditer(pattern, text)]
    assert Scan(pattern).found(text) == bool(re.search(pattern, text))


@pytest.mark.parametrize("scorer", _SCORERS, ids=lambda s: type(s).__name__)
def test_rules_give_what_every_regex_on_every_text_gives(scorer, corpus):
    expected = [every_regex(scorer.rules, text) for text in corpus]
    assert score_texts({"": scorer}, corpus, prefilter=True)[""] == expected
    assert scorer.score(corpus) == expected  # a small batch: every regex runs


def test_the_three_signals_scored_together_are_what_each_gives_alone(corpus):
    scorers = get_engines().scorers
    together = score_texts(scorers, corpus, prefilter=True)
    assert together == {name: scorer.score(corpus) for name, scorer in scorers.items()}
    assert any(score for score, _ in together["needs_moderation"])  # the corpus does fire rules


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "du",
                "Idiot",
                "sie",
                "sind",
                "ein",
                "Trottel",
                "weil",
                "da",
                "denn",
                ",",
                ".",
                "!",
                "?",
                "@",
                "-",
                "voll",
                "ur",
                "Redaktion",
                "Artikel",
                "Quelle",
                "3",
                "%",
                "prozent",
                "wenn",
                "dann",
                "laut",
                "http://x.y",
                "SCHEISSE",
                "ÖVP",
                "WIRKLICH",
                "bist",
                "halt",
                "die",
                "Klappe",
                "ich",
                "bring",
                "dich",
                "um",
                "Herr",
                "Frau",
                "z.B.",
                " ",
                "\n",
                "😡",
                "İ",
                "Σ",
                "schei",
                "ß",
            ]
        ),
        max_size=40,
    ).map(lambda words: " ".join(words).replace(" ,", ",").replace(" .", "."))
)
def test_no_text_of_the_rules_words_is_passed_over_where_a_regex_matches(text):
    for scorer in _SCORERS:
        assert score_texts({"": scorer}, [text], prefilter=True)[""] == [every_regex(scorer.rules, text)]


@pytest.mark.parametrize("rule_", ALL_RULES, ids=lambda r: r.family)
def test_every_pattern_is_met_by_the_texts_it_matches(rule_, corpus):
    found = rule_.needs()
    vocabulary = Vocabulary.of([found])
    regexes = [rule_.compile(1 << i) for i in range(len(rule_.patterns))]
    matched = 0
    for text in corpus:
        scanned = text if rule_.case_sensitive else _lower(text)
        which = found.which(Seen(scanned, vocabulary))
        for i, regex in enumerate(regexes):
            if regex.found(scanned):
                assert which >> i & 1, (rule_.patterns[i], text)
                matched += 1
    assert matched  # the corpus fires every rule


def test_the_patterns_of_every_rule_found_at_once_are_each_rules_own(corpus):
    found = [rule_.needs() for rule_ in ALL_RULES]
    vocabulary = Vocabulary.of(found)
    together = Masks(found)
    some = 0
    for text in corpus:
        seen = Seen(_lower(text), vocabulary)
        masks = together.which(seen)
        assert masks == [alone.which(seen) for alone in found], text
        some += sum(mask != alone.always for mask, alone in zip(masks, found))
    assert some  # texts meet the needs of many rules


def test_a_text_is_scanned_for_the_patterns_whose_needs_it_meets():
    two = rule("two", 0.5, r"\bidiot\b", r"\bdepp\b", r"\w{30}")
    found = two.needs()
    vocabulary = Vocabulary.of([found])
    assert found.which(Seen("so ein depp", vocabulary)) == 0b110  # the last pattern always runs
    assert found.which(Seen("idiot und depp", vocabulary)) == 0b111
    assert two.compile(0b010).pattern.count("depp") == 1 and "idiot" not in two.compile(0b010).pattern
    scorer = RuleScorer([two])
    assert score_texts({"": scorer}, ["so ein depp", "idiot!", "nichts"], prefilter=True)[""] == [
        (0.5, "two: 'depp'"),
        (0.5, "two: 'idiot'"),
        (0.0, ""),
    ]


def test_a_common_word_is_not_all_a_pattern_needs_beside_a_rare_one():
    # "sie" + an insult: the insults together are guessed common (many strings), yet needed too.
    aimed = next(r for r in MODERATION_RULES if r.family == "insult aimed at a person")
    found = aimed.needs()
    vocabulary = Vocabulary.of([found])
    assert found.which(Seen("sie haben recht, und ihr auch", vocabulary)) == 0
    assert found.which(Seen("sie idiot", vocabulary)) & 1


def needs_of(pattern, text):
    found = Alternatives([alternatives(pattern)])
    return found.which(Seen(text, Vocabulary.of([found]))) != 0


def test_a_whole_word_pattern_needs_the_word_not_a_longer_one():
    assert needs_of(r"\bda\b", "ja, da ist es")
    assert not needs_of(r"\bda\b", "dass das dabei daten")


def test_a_word_start_is_needed_at_the_start_of_a_word_only():
    assert needs_of(r"\bstudie\w*", "die studienlage")
    assert not needs_of(r"\bstudie\w*", "eine vorstudie")  # the regex finds nothing here either
    assert not re.search(r"\bstudie\w*", "eine vorstudie")


def test_a_phrase_needs_its_rarest_word():
    pattern = r"\b(?:sehr geehrte|sehr geehrter) (?:frau|herr) \w+"
    assert needs_of(pattern, "sehr geehrte frau meier")
    assert not needs_of(pattern, "das ist sehr gut, frau meier")


def test_a_piece_of_a_word_is_needed_anywhere_in_a_word():
    pattern = r"(?:voll|ur)?-?idiot\w*"
    assert needs_of(pattern, "so ein vollidiot")
    assert needs_of(pattern, "ur-idioten")
    assert not needs_of(pattern, "ein idyll")


def test_a_class_run_is_needed_where_nothing_else_is_known():
    assert needs_of(r"[!?]{3,}", "was?!?")
    assert not needs_of(r"[!?]{3,}", "was?! wirklich!")


_PRINT_NEEDS = """
from etl.signals import get_engines
from etl.signals.pattern_needs import alternatives
kinds = ("words", "word_starts", "substrings", "classes", "infixes")
key = lambda need: [sorted(getattr(need, kind)) for kind in kinds]
rules = [r for scorer in get_engines().scorers.values() for r in scorer.rules]
read = lambda found: found and [list(map(key, needs)) for needs in found]
print([[read(alternatives(pattern)) for pattern in r.patterns] for r in rules])
"""


def test_the_needs_chosen_are_the_same_in_every_process():
    # A frozenset's order changes with the hash seed: which of equally rare Needs is chosen must not.
    runs = [
        subprocess.run(
            [sys.executable, "-c", _PRINT_NEEDS],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, PYTHONHASHSEED=seed),
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert len(runs[0]) > 1000 and runs[0] == runs[1] == runs[2]


def test_a_pattern_that_may_match_anything_has_no_needs():
    assert alternatives(r"\A(?:\S+\s+){59}\S") is None
    assert alternatives(r"(?i)idiot") is None  # flags are not read: the pattern always runs
    anything = rule("any", 0.5, r"\w+", r"\bidiot\b").needs()
    assert anything.which(Seen("", Vocabulary.of([anything]))) == 0b01  # \w+ is always scanned for


def test_the_shared_vocabulary_gives_each_word_its_tokens_once():
    vocabulary = Vocabulary(words={b"da"}, word_starts={b"studie"}, infixes={b"idiot"})
    assert vocabulary.tokens({b"da", b"studien", b"vollidioten", b"dass"}) == {
        b" da ",
        b" studie",
        b"~idiot",
    }
    assert vocabulary.tokens({b"dass"}) == set()


def test_the_substrings_a_text_holds_are_found_piece_by_shared_piece(corpus):
    vocabulary = Vocabulary.of(scorer.vocabulary for scorer in _SCORERS)
    substrings = sorted(vocabulary.substrings)
    pieces = vocabulary._substrings
    assert sorted(s for _, held in pieces for s in held) == substrings  # each once
    assert all(piece in s for piece, held in pieces for s in held)
    assert any(len(held) > 2 for _, held in pieces)  # some piece is shared
    # Texts of the substrings themselves, glued, cut and alone, besides the corpus.
    texts = [_lower(t) for t in corpus] + substrings + ["".join(substrings), " ".join(substrings)[::2]]
    texts += [s[1:] + " " + s[:-1] for s in substrings]
    for text in texts:
        expected = sorted(substring_token(s) for s in substrings if s in text)
        assert sorted(vocabulary.substring_tokens(text)) == expected, text


def test_the_vocabulary_gives_the_same_tokens_after_it_forgets_the_words_it_saw(monkeypatch):
    monkeypatch.setattr("etl.signals.prefilter._CACHED_WORDS", 2)
    vocabulary = Vocabulary(words={b"da"}, word_starts={b"studie"}, infixes={b"idiot"})
    texts = [{b"da", b"ja"}, {b"studien", b"nein", b"vielleicht"}, {b"vollidioten", b"da"}, {b"da"}, set()]
    expected = [{b" da "}, {b" studie"}, {b" da ", b"~idiot"}, {b" da "}, set()]
    assert [vocabulary.tokens(words) for words in texts * 2] == expected * 2
