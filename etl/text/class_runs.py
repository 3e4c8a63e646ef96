"""A cheap first test for a regex of one character class: "can `[A-ZÄÖÜß]{5}` (a run of five
characters of the class) occur in this text?", answered from the text's UTF-8 bytes.

A regex searching for a class tests a whole comment character by character, about ten times as
long as this test. In UTF-8 without its continuation bytes each character is one byte (itself, or
the first byte of its encoding), so the run can only occur where `count` bytes in a row may each
stand for a character of the class. The test may pass where the regex then finds nothing ("ä"
starts as "Ä" does), never the other way round: callers run the regex where it passes. Used by the
signals' prefilter (etl.signals.prefilter) and the topics' check for letters with odd cases
(etl.topics.keywords).
"""

import functools
import re


class ClassRun:
    """Can a run of `count` characters of a class occur in a text (see the module docstring)?"""

    def __init__(self, table, count):
        self._table, self._run = table, b"\x01" * count

    def may_occur(self, utf8: bytes) -> bool:
        """False when the run cannot occur in the text whose UTF-8 (`utf8`) this is."""
        return self._run in utf8.translate(self._table, _CONTINUATION_BYTES)


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_COUNT = re.compile(r"\{(\d+)\}$")


def utf8(text: str) -> bytes:
    """A text's UTF-8 for `ClassRun.may_occur` (a lone surrogate as its three bytes)."""
    return text.encode("utf-8", "surrogatepass")


@functools.cache
def class_run(source: str) -> ClassRun:
    """The ClassRun of a regex source: a class or one character, `{count}` after it or not."""
    counted = _COUNT.search(source)
    body, count = (source[: counted.start()], int(counted.group(1))) if counted else (source, 1)
    one = re.compile(body)
    table = bytearray(256)
    for byte in range(0x80):
        table[byte] = one.fullmatch(chr(byte)) is not None
    # A first byte stands for every character its encoding may start. Those of two and three
    # bytes are tried (about 65,000 code points); a first byte of four (emoji among them) counts
    # as one of the class, as trying its million code points would take longer than it saves.
    for first in range(0xC2, 0xF5):
        if first >= 0xF0:
            table[first] = 1
            continue
        if first < 0xE0:
            low, high = (first & 0x1F) << 6, (first & 0x1F) << 6 | 0x3F
        else:
            low, high = max((first & 0x0F) << 12, 0x800), (first & 0x0F) << 12 | 0xFFF
        table[first] = one.search("".join(map(chr, range(low, high + 1)))) is not None
    return ClassRun(bytes(table), count)
