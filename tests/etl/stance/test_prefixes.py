"""`anchored` and `Scan`: a pattern behind a lookahead on its first characters, or searched from a
class of them, finds the same matches."""

import _sre
import re
import sys

import pytest

from etl.sentiment import german_plus
from etl.stance import quote_rebut, replies
from etl.stance.prefixes import CASE_ODDITIES, Scan, anchored

TEXTS = [
    "",
    "Na toll, NA SUPER, na\tprima und na  Klasse!",
    "Vielen Dank auch. Danke für nichts (!) oder (?) *hust* hust",
    "Ja ne, is klar. JA NE IST KLAR. Wie originell, wie ORİGİNELL",
    "ſuper: na ſuper, na \u212alasse, na Danke",
    "@user schreibt http://example.org/x?y=1 und www.derstandard.at &amp; RT dazu",
    'Die „Experten“ und die "Fachleute von heute" sagen »nichts«',
    "Was?! Wirklich??? Nein!? :-) ;) xD <3 ^^ ^_^ =( :P",
    "Zahlen 12 345 und Wörter ohne jeden Treffer " * 20,
]
PATTERNS = [
    ("|".join(german_plus.IRONY), re.IGNORECASE),
    (german_plus._URL.pattern.split("(?:", 1)[1][:-1], 0),
    (r"\?\s*!|!\s*\?|\?\s*\?", 0),
    (r"(?<![\w:;=])([:;=][-o^']?[)\]DdPp*3(\[/\\|]+|<3+|\^\^|\^_\^|[xX]D+)(?!\w)", 0),
    (r"(?:[„\"»«])\s?[^\W\d][\w-]*(?:\s[\w-]+)?\s?(?:[“\"”«»])", 0),
    (r"\bna\b|ohne", re.IGNORECASE),
]


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_an_anchored_pattern_finds_what_the_plain_pattern_finds(pattern, flags):
    plain, fast = re.compile(pattern, flags), anchored(pattern, flags)
    assert fast.pattern.startswith("(?=[")  # the lookahead is there: the test tests something
    for text in TEXTS:
        assert fast.findall(text) == plain.findall(text)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert fast.sub(" . ", text) == plain.sub(" . ", text)
    assert any(plain.findall(text) for text in TEXTS)


def test_a_pattern_that_may_start_anywhere_is_compiled_as_it_is():
    for pattern in (r"\w+", r"a*", r".x"):  # a class, an empty match, any character
        assert anchored(pattern).pattern == pattern


SCANNED = PATTERNS + [
    (replies.NEGATION.pattern, re.IGNORECASE),
    (replies.CONTRAST.pattern, re.IGNORECASE),
    (quote_rebut._CONTRAST.pattern, re.IGNORECASE),
    (r"\bi\w+|k\w|s+|ß", re.IGNORECASE),  # letters with odd cases: İ ı, the Kelvin sign, ſ, ẞ
]
ODD_TEXTS = TEXTS + [
    "İst DAS nİcht kein KEİN \u212aein ſondern ſo ẞ ß SS ıch Ich",
    "Aber ABER aBeR, nicht NICHT, Nur nur? DOCH! Jedoch\u212aeiner \u212aein",
]


@pytest.mark.parametrize("pattern, flags", SCANNED)
def test_a_scan_finds_what_the_plain_pattern_finds(pattern, flags):
    plain, scan = re.compile(pattern, flags), Scan(pattern, flags)
    assert scan._first  # the class is there: the test tests something
    for text in ODD_TEXTS:
        spans = [m.span() for m in plain.finditer(text)]
        assert list(scan.spans(text)) == spans, text
        assert scan.found(text) == bool(spans)
        for pos in range(0, len(text), 7):
            first = plain.search(text, pos, pos + 30)
            assert scan.search(text, pos, pos + 30) == (first.span() if first else None)
    assert any(plain.search(text) for text in ODD_TEXTS)


def test_the_case_oddities_are_every_character_whose_lower_case_has_other_cases():
    # sre matches under IGNORECASE by simple lower case: a character matches x's letters when its
    # lower case is x's; Scan's class takes x's upper and title case, and these.
    found = []
    for code in range(sys.maxunicode + 1):
        lower = chr(_sre.unicode_tolower(code))
        if lower != chr(code) and chr(code) not in (lower.upper(), lower.title()):
            found.append(chr(code))
    assert "".join(found) == CASE_ODDITIES


def test_a_scan_under_ignorecase_starts_at_every_case_of_its_letters():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letters in ("ik", "sß", "aeo", "äöü", "ωθ"):
        pattern = "|".join(f"{c}x" for c in letters)
        expected = sorted(set(re.findall(f"[{letters}]", everything, re.IGNORECASE)))
        texts = [f" {c}x" for c in expected]
        assert [list(Scan(pattern, re.IGNORECASE).spans(t)) for t in texts] == [[(1, 3)]] * len(texts)
