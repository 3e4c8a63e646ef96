"""Readers for comments as rows: CSV and JSON Lines (docs/cli.md, "Inputs"), one row a comment.

Columns: comment_id, parent_id, article_id, article_title, article_url, published_at, author,
created_at, text, and optionally topic and status. `mapping` ({our_name: their_name}) reads files
that name them differently. Every value is read as a string; empty strings become missing.
Articles are derived from the rows: one per distinct article_id.
"""

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator

import pandas as pd

from etl.schema import reject
from etl.sources._limits import Lines, cap_columns, cap_rejects, delimiter, is_sep_hint, text_lines
from etl.sources._textfile import decode_bytes, read_text
from etl.sources.batch import Batch, concat, make_batch
from etl.sources.seen import NOT_SEEN, SeenIds
from etl.text import mojibake

COLUMNS = [
    "comment_id",
    "parent_id",
    "article_id",
    "article_title",
    "article_url",
    "published_at",
    "author",
    "created_at",
    "text",
    "topic",
    "status",
]
REQUIRED = ["comment_id", "article_id", "text"]
# csv's default limit (128 KiB a field) would make one megabyte-long comment fail the whole file.
FIELD_LIMIT = 256 * 1024 * 1024
# Rows a CSV reader hands over at once (`iter_csv`): what bounds a run's memory, whatever the file.
BLOCK_ROWS = 50_000
# Bytes decoded at once; at least 4 MiB, so the first piece holds the 1 MiB the delimiter is found in.
BLOCK_BYTES = 8 * 1024 * 1024
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_csv(path, mapping=None):
    """Read a CSV file of comments into a Batch; bad rows become rejects located by line.

    The delimiter is Excel's "sep=;" hint or the commonest of , ; and tab in the header line.
    Lines and headers past the caps of etl.sources._limits are rejects; the other rows load.
    """
    return concat(iter_csv(path, mapping))


def iter_csv(path, mapping=None, block_rows=BLOCK_ROWS) -> Iterator[Batch]:
    """`read_csv` handed over in Batches of at most `block_rows` comments, the file read and
    decoded a piece at a time, so memory does not grow with the file: their concatenation is
    `read_csv`'s Batch. The comments come first, block by block; the last Batch holds the file's
    articles (the first title, url and date given for each, all its topics) and its rejects
    (sorted by line, as `read_csv` gives them), which are known only at the end. A comment_id
    seen on an earlier line, in any block, is a duplicate naming that line.
    """
    source = str(path)
    blocks = CsvBlocks(path, COLUMNS, REQUIRED, mapping, block_rows=block_rows)
    # The line each comment_id was first met on, in 24 bytes an id (a dict took about 190).
    first_lines, bad, duplicates, articles, seq = SeenIds(numbered=True), [], [], [], 0
    for records in blocks:
        reasons = _row_problems(records)
        bad += _rejects(records.assign(reason=reasons)[reasons.notna()], source)
        kept, repeated = _drop_seen(records[reasons.isna()], "comment_id", first_lines)
        duplicates += _rejects(repeated, source)
        kept = kept.reset_index(drop=True)
        articles.append(_articles(kept, source))
        yield make_batch(comments=_comments(kept, source, seq))
        seq += len(kept)
    if not blocks.usable:
        yield make_batch(rejects=blocks.rejects)
        return
    rejects = cap_rejects(sorted(blocks.rejects + bad + duplicates, key=line_number), source, reject)
    yield make_batch(_file_articles(articles), (), rejects)


def read_jsonl(path, mapping=None):
    """Read a JSON Lines file of comments into a Batch; malformed lines become rejects."""
    records, rejects = jsonl_records(path, COLUMNS, mapping)
    return _batch(records, str(path), rejects)


def csv_records(path, columns, required, mapping=None, what="CSV"):
    """(records, rejects) of a CSV file of rows: `records` holds `columns` as stripped strings
    (empty → missing) and the physical `line` each row starts on, or is None when the file
    cannot be used at all (no header, `required` columns missing, a column named twice: one
    reject says so). `what` names the kind of file in those rejects.
    """
    blocks = CsvBlocks(path, columns, required, mapping, what)
    frames = list(blocks)
    if not blocks.usable:
        return None, blocks.rejects
    records = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return records, blocks.rejects


class CsvBlocks:
    """The records of a CSV file (as `csv_records` gives them), iterated in frames of at most
    `block_rows` rows, the file read and decoded a piece at a time. After the iteration,
    `usable` says whether the file could be used at all and `rejects` holds its rejects in the
    order `csv_records` gives them (whole-file ones first); an unusable file yields no rows.

    A file that is not plain UTF-8 throughout (UTF-16, NUL bytes, lines in cp1252) is decoded
    whole by etl.sources._textfile, as before: its line-by-line fallback numbers lines across
    the file. The pieces of a UTF-8 file are cut at line breaks, which no multi-byte character
    holds, so they decode to the same text; mojibake is repaired piece by piece.
    """

    def __init__(self, path, columns, required, mapping=None, what="CSV", block_rows=BLOCK_ROWS):
        self.path, self.columns, self.required, self.mapping = path, columns, required, mapping
        self.what, self.block_rows = what, block_rows
        self.usable, self.rejects = True, []

    def __iter__(self) -> Iterator[pd.DataFrame]:
        source, notes = str(self.path), []
        try:
            texts = _decoded_pieces(self.path, notes)
            first = next(texts)
        except (OSError, UnicodeDecodeError) as exc:
            self.usable, self.rejects = False, [reject(source, "file", f"cannot read {self.what}: {exc}")]
            return
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        # Lines are cut from the text one at a time: `io.StringIO(text)` would first copy the
        # text at four bytes a character (2.4 GB for a 600 MB file of a million comments).
        pieces = itertools.chain([first], texts)
        lines = Lines(line for text in pieces for line in text_lines(text))
        rows = _CsvRows(lines, source, delimiter(first), self.block_rows)
        del first
        unusable = None
        for header, block, numbers in rows:
            if unusable is None:
                unusable = self._header_problem(header)
            if not unusable:
                yield self._frame(header, block, numbers)
        rejects = [reject(source, "file", note) for note in notes] + rows.rejects
        if rows.header is None:
            unusable = f"empty {self.what} file: no header row"
        elif unusable is None:
            unusable = self._header_problem(rows.header)
        if unusable:
            excerpt = ",".join(rows.header) if rows.header is not None else None
            self.usable, self.rejects = False, [*rejects, reject(source, "file", unusable, excerpt)]
            return
        if rows.n_rows == 0:
            yield self._frame(rows.header, [], [])
        self.rejects = rejects

    def _header_problem(self, header):
        """Why the file cannot be used with this header (required columns missing, a column
        named twice), or "" when it can."""
        renamed = _rename(header, self.mapping)
        missing = [name for name in self.required if name not in renamed]
        if missing:
            return f"{self.what} lacks required columns: " + ", ".join(_their(name, self.mapping) for name in missing)
        twice = [name for name in self.columns if renamed.count(name) > 1]
        if twice:
            return f"{self.what} header names a column more than once: " + ", ".join(twice)
        return ""

    def _frame(self, header, rows, numbers):
        renamed = _rename(header, self.mapping)
        # Only our columns, by position: other names may repeat (two unnamed columns, say).
        ours = [i for i, name in enumerate(renamed) if name in self.columns]
        records = (
            pd.DataFrame(rows, columns=range(len(header)), dtype="string")
            .iloc[:, ours]
            .set_axis([renamed[i] for i in ours], axis=1)
        )
        return _clean(records, self.columns, numbers)


def _decoded_pieces(path, notes):
    """The text of a file in pieces cut at line breaks (one piece unless it is plain UTF-8
    throughout, see CsvBlocks); what was unusual is added to `notes` once the last piece is out.
    Raises OSError and UnicodeDecodeError as `read_text` does, before the first piece."""
    if not _plain_utf8(path):
        text, found = read_text(path)
        yield text
        notes.extend(found)
        return
    repaired, number = 0, -1
    with open(path, "rb") as handle:
        for number, data in enumerate(_byte_pieces(handle)):
            if number == 0:  # the checks of a text file, the BOM, and mojibake of the first piece
                text, found = decode_bytes(data)
                repaired += sum(_repaired_count(note) for note in found)
            else:
                text, count = mojibake.repair(data.decode("utf-8"))
                repaired += count
            yield text
    if number < 0:  # an empty file
        yield ""
    if repaired:
        # The note etl.sources._textfile.decode_bytes writes, for the pieces together.
        notes.append(
            f"repaired mojibake: {repaired} character sequence{'s' if repaired != 1 else ''} of UTF-8 read as cp1252"
        )


def _repaired_count(note):
    found = re.match(r"repaired mojibake: (\d+) ", note)
    return int(found.group(1)) if found else 0


def _plain_utf8(path):
    """True when a file is UTF-8 throughout (a UTF-8 BOM allowed), without NUL bytes or a
    UTF-16 BOM: then its pieces decode as the whole does. Reads it a piece at a time."""
    with open(path, "rb") as handle:
        for number, data in enumerate(_byte_pieces(handle)):
            if b"\x00" in data or (number == 0 and data.startswith((b"\xff\xfe", b"\xfe\xff"))):
                return False
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


def _byte_pieces(handle):
    """The bytes of a file in pieces of about BLOCK_BYTES, each ending with a line break (the
    last one aside)."""
    rest = b""
    while data := handle.read(BLOCK_BYTES):
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if cut == 0:  # no line break yet: one long line, read on
            rest = data
            continue
        rest = data[cut:]
        yield data[:cut]
    if rest:
        yield rest


def jsonl_records(path, columns, mapping=None, what="JSON Lines"):
    """(records, rejects) of a JSON Lines file, one object a row, as `csv_records` gives them
    (None when the file cannot be read)."""
    source = str(path)
    try:
        text, notes = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [reject(source, "file", f"cannot read {what}: {exc}")]
    objects, lines, rejects = _json_objects(text.split("\n"), source)
    rejects = [reject(source, "file", note) for note in notes] + rejects
    their_to_ours = {their: ours for ours, their in (mapping or {}).items()}
    renamed = [{their_to_ours.get(k, k): _as_text(v) for k, v in obj.items()} for obj in objects]
    records = pd.DataFrame(renamed, columns=columns, dtype="string")
    return _clean(records, columns, lines), rejects


def _clean(records, columns, lines):
    return _blank_to_na(records.reindex(columns=columns).astype("string")).assign(line=lines)


def _lines_of(text):
    """The physical lines of a text, endings kept, as `open(newline="")` cuts them (each line
    cut to MAX_LINE + 1 characters); tests/etl/test_properties.py checks this."""
    return (line for line, _ in text_lines(text))


class _CsvRows:
    """(header, rows, physical start line of each row) from the Lines of a CSV text, `block_rows`
    rows at a time; once iterated, `header` (None when there was none), `n_rows` and `rejects`."""

    def __init__(self, lines, source, delim, block_rows):
        self.lines, self.source, self.delim, self.block_rows = lines, source, delim, block_rows
        self.header, self.n_rows, self.rejects = None, 0, []

    def __iter__(self):
        lines, source, delim = self.lines, self.source, self.delim
        reader = csv.reader(lines, delimiter=delim)
        width, rows, numbers, end = 0, [], [], 0
        try:
            for fields in reader:
                start, end = end + 1, reader.line_num  # a quoted field may span several lines
                problem = _row_problem(fields, self.header, width, lines.take())
                if problem == "blank":
                    continue
                if self.header is None and not problem:
                    width = len(fields)
                    self.header, too_wide = cap_columns(fields, lines.header_cut)
                    if too_wide:
                        self.rejects.append(reject(source, f"line {start}", too_wide, delim.join(self.header[:20])))
                elif problem:
                    self.rejects.append(
                        reject(source, f"line {start}", problem, delim.join(fields).replace("\x00", ""))
                    )
                else:
                    rows.append(fields[: len(self.header)] + [""] * (len(self.header) - len(fields)))
                    numbers.append(start)
                    if len(rows) == self.block_rows:
                        self.n_rows += len(rows)
                        yield self.header, rows, numbers
                        rows, numbers = [], []
        except csv.Error as exc:  # the csv module gives up on the rest of the file
            self.rejects.append(reject(source, f"line {end + 1}", f"unreadable CSV from this line on: {exc}"))
        if rows:
            self.n_rows += len(rows)
            yield self.header, rows, numbers
        self.rejects += [reject(source, f"line {number}", why) for number, why in lines.problems]


def _row_problem(fields, header, width, raw):
    """Why a CSV record is unusable ("blank" to skip it silently), or None."""
    if not fields or (len(fields) == 1 and not fields[0].strip()):
        return "blank"
    if "\x00" in raw:
        return "row contains NUL bytes (a damaged file?)"
    if header is None:
        return "blank" if is_sep_hint(raw) else None
    if len(fields) > width:
        return f"row has {len(fields)} fields, the header has {width}"
    if not raw.endswith(("\n", "\r")):
        return _cut_off(raw)
    return None


def _cut_off(raw):
    """For the last record of a file without a final line break: why it looks cut off, or None."""
    try:
        list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    except csv.Error as exc:
        if "end of data" in str(exc):
            return "row cut off at the end of the file: a quoted field is not closed"
        return f"malformed last row: {exc}"
    return None


def _json_objects(lines_of_text, source):
    """(objects, line number of each, rejects) from the lines of a JSON Lines file."""
    objects, lines, rejects = [], [], []
    for number, line in enumerate(lines_of_text, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"malformed JSON: {exc.msg} (column {exc.colno})"
            rejects.append(reject(source, f"line {number}", reason, line.strip()))
            continue
        except (ValueError, RecursionError) as exc:  # e.g. an integer of 5000 digits, deep nesting
            rejects.append(reject(source, f"line {number}", f"malformed JSON: {exc}", line.strip()))
            continue
        if not isinstance(value, dict):
            rejects.append(reject(source, f"line {number}", "line is not a JSON object", line.strip()))
            continue
        objects.append(value)
        lines.append(number)
    return objects, lines, rejects


def _as_text(value):
    # Ids often arrive as JSON numbers; keep every value as the text it was written as.
    if value is None:
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    # JSON may escape half a surrogate pair ("\\ud83d"); the store cannot hold one.
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _rename(header, mapping):
    their_to_ours = {their: ours for ours, their in (mapping or {}).items()}
    return [their_to_ours.get(name.strip(), name.strip()) for name in header]


def _their(name, mapping):
    their = (mapping or {}).get(name)
    return f"{name} (mapped from {their!r})" if their else name


def _batch(records, source, rejects):
    """Split string records into kept comments, derived articles and rejects."""
    if records is None:
        return make_batch(rejects=rejects)
    reasons = _row_problems(records)
    bad = records.assign(reason=reasons)[reasons.notna()]
    kept, duplicates = drop_duplicates(records[reasons.isna()], "comment_id")
    rejects = sorted(rejects + _rejects(bad, source) + _rejects(duplicates, source), key=line_number)
    rejects = cap_rejects(rejects, source, reject)
    kept = kept.reset_index(drop=True)
    return make_batch(_articles(kept, source), _comments(kept, source), rejects)


def line_number(rejected):
    """The line of a reject located at "line N" (0 for one located otherwise): for sorting."""
    location = rejected["location"]
    return int(location.removeprefix("line ")) if location.startswith("line ") else 0


def _rejects(rows, source):
    return [
        reject(source, f"line {line}", reason, text)
        for line, reason, text in zip(rows["line"], rows["reason"], rows["text"].fillna(""))
    ]


def _drop_seen(rows, key, first_lines):
    """`drop_duplicates` across the blocks of one file: `first_lines` (etl.sources.seen.SeenIds,
    numbered by line) holds what earlier blocks kept, and is given this block's."""
    lines = first_lines.first(rows[key])
    before = pd.Series(lines, index=rows.index, dtype="Int64").mask(lines == NOT_SEEN)
    kept, repeated = drop_duplicates(rows[before.isna()], key)
    first_lines.add(kept[key], kept["line"])
    again = rows[before.notna()]
    if len(again):
        reason = f"duplicate {key} " + again[key] + " (first on line " + before[again.index].astype("string") + ")"
        repeated = pd.concat([repeated, again.assign(reason=reason)]).sort_values("line", kind="stable")
    return kept, repeated


def drop_duplicates(kept, key):
    """(first row of each `key` value, the later rows with a reason naming the first's line)."""
    duplicate = kept[key].duplicated(keep="first")
    first_line = kept[key].map(kept[~duplicate].set_index(key)["line"])
    reason = f"duplicate {key} " + kept[key] + " (first on line " + first_line.astype("string") + ")"
    return kept[~duplicate], kept.assign(reason=reason)[duplicate]


def _blank_to_na(records):
    stripped = records.apply(lambda column: column.str.strip())
    return stripped.mask(stripped == "")


def _row_problems(records):
    """One reason per unusable row (NA for usable rows), naming every missing field."""
    labels = {"comment_id": "missing comment_id", "article_id": "missing article_id", "text": "empty text"}
    reasons = pd.Series("", index=records.index, dtype="string")
    for name, label in labels.items():
        reasons = reasons.where(records[name].notna(), reasons + "; " + label)
    reasons = reasons.str.removeprefix("; ")
    return reasons.mask(reasons == "")


def _comments(kept, source, first_seq=0):
    return pd.DataFrame(
        {
            "comment_id": kept["comment_id"],
            "parent_id": kept["parent_id"],
            "article_id": kept["article_id"],
            "author": kept["author"],
            "created_at": kept["created_at"],
            "text": kept["text"],
            "status": kept["status"].fillna("published"),
            "source": source,
            "seq": range(first_seq, first_seq + len(kept)),
        }
    )


def _articles(kept, source):
    """One article per distinct article_id: the first title/url/date given, all topics."""
    groups = kept.groupby("article_id", sort=False)
    first = groups[["article_title", "article_url", "published_at"]].first()
    topics = groups["topic"].agg(_join_topics)
    return pd.DataFrame(
        {
            "article_id": first.index,
            "source": source,
            "url": first["article_url"].to_numpy(),
            "title": first["article_title"].to_numpy(),
            "published_at": first["published_at"].to_numpy(),
            "source_topics": topics.reindex(first.index).to_numpy(),
        }
    )


def _file_articles(blocks):
    """The articles of a file from those of its blocks: the first title, url and date given for
    each (in the first block that gave one), all its topics, in order of first appearance."""
    if len(blocks) == 1:
        return blocks[0]
    articles = pd.concat(blocks, ignore_index=True)
    groups = articles.groupby("article_id", sort=False)
    first = groups[["source", "url", "title", "published_at"]].first()
    topics = groups["source_topics"].agg(_join_topics)
    return first.assign(source_topics=topics.reindex(first.index)).reset_index()[list(articles.columns)]


def _join_topics(values):
    # A topic cell may itself hold "a;b"; keep each topic once, in order of appearance.
    topics = dict.fromkeys(t.strip() for v in values.dropna() for t in v.split(";") if t.strip())
    return ";".join(topics) or None
