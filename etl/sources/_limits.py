"""The limits that keep one file from eating a run's memory (docs/limits.md), for the CSV readers.

`Lines` hands csv.reader the physical lines of a text (endings kept), remembering those of the
record being read. A line over `MAX_LINE` characters is not read: it is handed on as an empty
line, so line numbers stay right, and noted in `problems`; only the header line is cut to the cap
instead, so the columns it starts with can still be read. From a compressed file at most
`MAX_DECOMPRESSED` characters are read; a 470 KB .xz holding one 3 GiB line is read in chunks
and never held whole.
"""

import re

MAX_LINE = 4 * 1024 * 1024  # characters in one physical line; a long comment is ~100 KB
MAX_COLUMNS = 1_000  # columns of a header read; a comment export has about a dozen
MAX_DECOMPRESSED = 4 * 1024**3  # characters read out of one compressed file
MAX_LISTED_REJECTS = 10_000  # reject rows listed one by one per file; the rest are counted
_CHUNK = 1 << 20
# Where a line ends, as `open(newline="")` sees it: the ending stays on the line, untranslated.
_LINE_END = re.compile(r"\r\n|\r|\n")
_SEP_HINT = re.compile(r"\s*sep=(.)[ \t]*(?:\r\n|\r|\n|$)")


class Lines:
    """The physical lines of a text for csv.reader, capped (see the module docstring).

    `source` yields (line, length): the line (cut when longer than `max_line`) and its full length.
    """

    def __init__(self, source, max_line=MAX_LINE):
        self._source, self.max_line = source, max_line
        self.record, self.number, self.problems, self._header_seen = [], 0, [], False
        self.header_cut = False  # the header line was longer than max_line: its columns are a part

    def __iter__(self):
        return self

    def __next__(self):
        line, length = next(self._source)
        self.number += 1
        if line is None:
            self._note(f"more than {MAX_DECOMPRESSED:,} characters decompressed: the rest of the file was not read")
            raise StopIteration
        if length > self.max_line:
            too_long = f"of {length:,} characters, more than the cap of {self.max_line:,}"
            if self._header_seen:
                self._note(f"line {too_long}: not read")
                line = "\n"
            else:
                self._note(f"header line {too_long}: only its start is read")
                line, self.header_cut = line[: self.max_line] + "\n", True
        self._header_seen = self._header_seen or bool(line.strip())
        self.record.append(line)
        return line

    def _note(self, why):
        self.problems.append((self.number, why))

    def take(self):
        """The raw text of the record read since the last call."""
        record, self.record = "".join(self.record), []
        return record


def text_lines(text, max_line=MAX_LINE):
    """(line, length) of each physical line of a text already in memory."""
    start = 0
    for match in _LINE_END.finditer(text):
        end = match.end()
        yield text[start : min(end, start + max_line + 1)], end - start
        start = end
    if start < len(text):
        yield text[start : min(len(text), start + max_line + 1)], len(text) - start


def stream_lines(handle, max_line=MAX_LINE, max_total=None):
    """(line, length) of each physical line of a text stream, never holding more than `max_line`
    characters of one line; (None, 0) once `max_total` (MAX_DECOMPRESSED) characters were read."""
    max_total, total = MAX_DECOMPRESSED if max_total is None else max_total, 0
    while True:
        line = handle.readline(max_line + 1)
        if not line:
            return
        length = len(line)
        while length > max_line and not line.endswith(("\n", "\r")) and total + length <= max_total:
            rest = handle.readline(_CHUNK)  # the rest of an overlong line, read and dropped
            length += len(rest)
            if not rest or rest.endswith(("\n", "\r")):
                break
        total += length
        if total > max_total:
            yield None, 0
            return
        yield line, length


def delimiter(text):
    """The delimiter of a CSV text: Excel's "sep=;" hint, else the commonest of , ; and tab in its
    first line (German Excel writes ";", since "," is its decimal mark)."""
    hint = _SEP_HINT.match(text)
    if hint:
        return hint.group(1)
    first = next((line for line, _ in text_lines(text[:_CHUNK]) if line.strip()), "")
    counts = {candidate: first.count(candidate) for candidate in (",", ";", "\t")}
    return max(counts, key=lambda candidate: (counts[candidate], candidate == ","))


def is_sep_hint(raw):
    """True for Excel's "sep=;" line, which names the delimiter and is no header."""
    return bool(_SEP_HINT.fullmatch(raw))


def cap_columns(header, at_least=False):
    """(header cut to MAX_COLUMNS, problem text or None); `at_least`: the header line was cut."""
    if len(header) <= MAX_COLUMNS:
        return header, None
    count = f"{'at least ' if at_least else ''}{len(header):,}"
    why = f"header has {count} columns, more than the cap of {MAX_COLUMNS:,}: the first {MAX_COLUMNS:,} are read"
    return header[:MAX_COLUMNS], why


def cap_rejects(rejects, source, reject):
    """The first MAX_LISTED_REJECTS rejects, and one more row counting the rest."""
    if len(rejects) <= MAX_LISTED_REJECTS:
        return rejects
    rest = len(rejects) - MAX_LISTED_REJECTS
    reason = f"{rest:,} more rows rejected, not listed (more than {MAX_LISTED_REJECTS:,} rejects in one file)"
    return [*rejects[:MAX_LISTED_REJECTS], reject(source, "file", reason)]
