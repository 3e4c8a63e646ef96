"""Readers for comments as rows: CSV and JSON Lines (docs/cli.md, "Inputs"), one row a comment.

Columns: comment_id, parent_id, article_id, article_title, article_url, published_at, author,
created_at, text, and optionally topic and status. `mapping` ({our_name: their_name}) reads files
that name them differently. Every value is read as a string; empty strings become missing.
Articles are derived from the rows: one per distinct article_id.
"""

import csv
import io
import json
import re

import pandas as pd

from etl.schema import reject
from etl.sources._limits import Lines, cap_columns, cap_rejects, delimiter, is_sep_hint, text_lines
from etl.sources._textfile import read_text
from etl.sources.batch import make_batch

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
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_csv(path, mapping=None):
    """Read a CSV file of comments into a Batch; bad rows become rejects located by line.

    The delimiter is Excel's "sep=;" hint or the commonest of , ; and tab in the header line.
    Lines and headers past the caps of etl.sources._limits are rejects; the other rows load.
    """
    records, rejects = csv_records(path, COLUMNS, REQUIRED, mapping)
    return _batch(records, str(path), rejects)


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
    source = str(path)
    try:
        text, notes = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [reject(source, "file", f"cannot read {what}: {exc}")]
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    # Lines are cut from the text one at a time: `io.StringIO(text)` would first copy the whole
    # text at four bytes a character (2.4 GB for a 600 MB file of a million comments).
    header, rows, lines, rejects = _csv_rows(Lines(text_lines(text)), source, delimiter(text))
    del text  # a million comments' text: free it before the frame is built from the rows
    rejects = [reject(source, "file", note) for note in notes] + rejects
    if header is None:
        return None, [*rejects, reject(source, "file", f"empty {what} file: no header row")]
    renamed = _rename(header, mapping)
    missing = [name for name in required if name not in renamed]
    if missing:
        reason = f"{what} lacks required columns: " + ", ".join(_their(name, mapping) for name in missing)
        return None, [*rejects, reject(source, "file", reason, ",".join(header))]
    twice = [name for name in columns if renamed.count(name) > 1]
    if twice:
        reason = f"{what} header names a column more than once: " + ", ".join(twice)
        return None, [*rejects, reject(source, "file", reason, ",".join(header))]
    # Only our columns, by position: other names may repeat (two unnamed columns, say).
    ours = [i for i, name in enumerate(renamed) if name in columns]
    records = (
        pd.DataFrame(rows, columns=range(len(header)), dtype="string")
        .iloc[:, ours]
        .set_axis([renamed[i] for i in ours], axis=1)
    )
    return _clean(records, columns, lines), rejects


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


def _csv_rows(lines, source, delim):
    """(header, rows, physical start line of each row, rejects) from the Lines of a CSV text."""
    reader = csv.reader(lines, delimiter=delim)
    header, width, rows, numbers, rejects = None, 0, [], [], []
    end = 0
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num  # a quoted field may span several lines
            problem = _row_problem(fields, header, width, lines.take())
            if problem == "blank":
                continue
            if header is None and not problem:
                width = len(fields)
                header, too_wide = cap_columns(fields, lines.header_cut)
                if too_wide:
                    rejects.append(reject(source, f"line {start}", too_wide, delim.join(header[:20])))
            elif problem:
                rejects.append(reject(source, f"line {start}", problem, delim.join(fields).replace("\x00", "")))
            else:
                rows.append(fields[: len(header)] + [""] * (len(header) - len(fields)))
                numbers.append(start)
    except csv.Error as exc:  # the csv module gives up on the rest of the file
        rejects.append(reject(source, f"line {end + 1}", f"unreadable CSV from this line on: {exc}"))
    rejects += [reject(source, f"line {number}", why) for number, why in lines.problems]
    return header, rows, numbers, rejects


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


def _comments(kept, source):
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
            "seq": range(len(kept)),
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


def _join_topics(values):
    # A topic cell may itself hold "a;b"; keep each topic once, in order of appearance.
    topics = dict.fromkeys(t.strip() for v in values.dropna() for t in v.split(";") if t.strip())
    return ";".join(topics) or None
