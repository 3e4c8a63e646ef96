"""The bytes test before a character-class regex (etl.text.class_runs) never says no where the
regex finds the run: it may only spare the regex."""

import re

import pytest

from etl.signals import get_engines
from etl.text.class_runs import class_run, utf8
from etl.topics.keywords import _ODD_CASE_CHARACTER

# Every class a signal rule's Need has, the topics' letters with odd cases, and a few more shapes
# (a category, one literal, a class with a character of four bytes).
CLASS_SOURCES = sorted(
    {c for s in get_engines().scorers.values() for r in s.rules for n in r.needs().needs for c in n.classes}
    | {_ODD_CASE_CHARACTER.pattern, r"[\d]", r"[A-ZÄÖÜß]{5}", r"[!\?]{3}", r"[\w]{2}", r"[€$😀]", r"\.{4}"}
)
# Every character of the Basic Multilingual Plane but the surrogates, and every 61st beyond.
EVERY = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 61), 0x1F600]))


def _parts(source):
    counted = re.search(r"\{(\d+)\}$", source)
    return (source[: counted.start()], int(counted.group(1))) if counted else (source, 1)


@pytest.mark.parametrize("source", CLASS_SOURCES)
def test_a_run_of_any_character_of_the_class_passes(source):
    body, count = _parts(source)
    regex, run = re.compile(source), class_run(source)
    members = re.findall(body, EVERY)
    assert members
    for char in members:
        text = "x " + char * count + " y"
        assert regex.search(text) and run.may_occur(utf8(text)), repr(char)


def test_a_plain_text_without_the_run_is_told_at_once():
    shouting, digits, marks = class_run(r"[A-ZÄÖÜß]{5}"), class_run(r"[\d]"), class_run(r"[!\?]{3}")
    text = utf8("Das Gesetz ist „nicht“ alt – oder? Müller meint: ja!")
    assert not shouting.may_occur(text) and not digits.may_occur(text) and not marks.may_occur(text)
    assert not class_run(_ODD_CASE_CHARACTER.pattern).may_occur(text)
    assert shouting.may_occur(utf8("das ist GROSSARTIG")) and not shouting.may_occur(utf8("GROSS"[:4]))
    assert digits.may_occur(utf8("٣ Tage")) and marks.may_occur(utf8("was?!?"))


def test_a_lone_surrogate_is_read_as_its_bytes():
    assert utf8("a\ud800b") == b"a\xed\xa0\x80b"
    assert class_run("[\ud800-\udfff]").may_occur(utf8("a\ud800b"))
