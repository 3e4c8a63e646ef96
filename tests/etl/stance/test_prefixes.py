"""`anchored`: a pattern behind a lookahead on its first characters finds the same matches."""

import re

import pytest

from etl.sentiment import german_plus
from etl.stance.prefixes import anchored

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
