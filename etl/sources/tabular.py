"""Readers for comments as rows: CSV and JSON Lines (SPEC §1), one row a comment.

Columns: comment_id, parent_id, article_id, article_title, article_url, published_at, author,
created_at, text, and optionally topic and status. `mapping` ({our_name: their_name}) reads files
that name them differently. Every value is read as a string; empty strings become missing.
Articles are derived from the rows: one per distinct article_id.
"""

import csv
import json
from pathlib import Path

import pandas as pd

from etl.sources import make_batch, reject

COLUMNS = ["comment_id", "parent_id", "article_id", "article_title", "article_url", "published_at",
           "author", "created_at", "text", "topic", "status"]
REQUIRED = ["comment_id", "article_id", "text"]


def read_csv(path, mapping=None):
    """Read a CSV file of comments into a Batch; bad rows become rejects located by line."""
    source = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header, rows, lines, rejects = _csv_rows(csv.reader(handle), source)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read CSV: {exc}")])
    if header is None:
        return make_batch(rejects=[reject(source, "file", "empty CSV file: no header row")])
    renamed = _rename(header, mapping)
    missing = [name for name in REQUIRED if name not in renamed]
    if missing:
        return make_batch(rejects=[reject(source, "file", "CSV lacks required columns: "
                                          + ", ".join(_their(name, mapping) for name in missing),
                                          ",".join(header))])
    records = pd.DataFrame(rows, columns=renamed, dtype="string")
    return _batch(records, lines, source, rejects)


def read_jsonl(path, mapping=None):
    """Read a JSON Lines file of comments into a Batch; malformed lines become rejects."""
    source = str(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            objects, lines, rejects = _json_objects(handle, source)
    except (OSError, UnicodeDecodeError) as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read JSON Lines: {exc}")])
    their_to_ours = {their: ours for ours, their in (mapping or {}).items()}
    renamed = [{their_to_ours.get(k, k): _as_text(v) for k, v in obj.items()} for obj in objects]
    records = pd.DataFrame(renamed, columns=COLUMNS, dtype="string")
    return _batch(records, lines, source, rejects)


def _csv_rows(reader, source):
    """(header, rows, physical start line of each row, rejects) from a csv.reader."""
    header, rows, lines, rejects = None, [], [], []
    end = 0
    for fields in reader:
        start, end = end + 1, reader.line_num  # a quoted field may span several lines
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if header is None:
            header = fields
        elif len(fields) > len(header):
            rejects.append(reject(source, f"line {start}", f"row has {len(fields)} fields, "
                                  f"the header has {len(header)}", ",".join(fields)))
        else:
            rows.append(fields + [""] * (len(header) - len(fields)))
            lines.append(start)
    return header, rows, lines, rejects


def _json_objects(handle, source):
    """(objects, line number of each, rejects) from the lines of a JSON Lines file."""
    objects, lines, rejects = [], [], []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"malformed JSON: {exc.msg} (column {exc.colno})"
            rejects.append(reject(source, f"line {number}", reason, line.strip()))
            continue
        if not isinstance(value, dict):
            rejects.append(reject(source, f"line {number}", "line is not a JSON object", line.strip()))
            continue
        objects.append(value)
        lines.append(number)
    return objects, lines, rejects


def _as_text(value):
    # Ids often arrive as JSON numbers; keep every value as the text it was written as.
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _rename(header, mapping):
    their_to_ours = {their: ours for ours, their in (mapping or {}).items()}
    return [their_to_ours.get(name.strip(), name.strip()) for name in header]


def _their(name, mapping):
    their = (mapping or {}).get(name)
    return f"{name} (mapped from {their!r})" if their else name


def _batch(records, lines, source, rejects):
    """Split string records into kept comments, derived articles and rejects."""
    records = _blank_to_na(records.reindex(columns=COLUMNS).astype("string")).assign(line=lines)
    reasons = _row_problems(records)
    bad = records.assign(reason=reasons)[reasons.notna()]
    kept, duplicates = _drop_duplicates(records[reasons.isna()])
    rejects = sorted(rejects + _rejects(bad, source) + _rejects(duplicates, source), key=_line_number)
    kept = kept.reset_index(drop=True)
    return make_batch(_articles(kept, source), _comments(kept, source), rejects)


def _line_number(rejected):
    return int(rejected["location"].removeprefix("line "))


def _rejects(rows, source):
    return [reject(source, f"line {line}", reason, text)
            for line, reason, text in zip(rows["line"], rows["reason"], rows["text"].fillna(""))]


def _drop_duplicates(kept):
    """(first row of each comment_id, the later rows with a reason naming the first's line)."""
    duplicate = kept["comment_id"].duplicated(keep="first")
    first_line = kept["comment_id"].map(kept[~duplicate].set_index("comment_id")["line"])
    reason = ("duplicate comment_id " + kept["comment_id"]
              + " (first on line " + first_line.astype("string") + ")")
    return kept[~duplicate], kept.assign(reason=reason)[duplicate]


def _blank_to_na(records):
    stripped = records.apply(lambda column: column.str.strip())
    return stripped.mask(stripped == "")


def _row_problems(records):
    """One reason per unusable row (NA for usable rows), naming every missing field."""
    labels = {"comment_id": "missing comment_id", "article_id": "missing article_id",
              "text": "empty text"}
    reasons = pd.Series("", index=records.index, dtype="string")
    for name, label in labels.items():
        reasons = reasons.where(records[name].notna(), reasons + "; " + label)
    reasons = reasons.str.removeprefix("; ")
    return reasons.mask(reasons == "")


def _comments(kept, source):
    return pd.DataFrame({
        "comment_id": kept["comment_id"],
        "parent_id": kept["parent_id"],
        "article_id": kept["article_id"],
        "author": kept["author"],
        "created_at": kept["created_at"],
        "text": kept["text"],
        "status": kept["status"].fillna("published"),
        "source": source,
        "seq": range(len(kept)),
    })


def _articles(kept, source):
    """One article per distinct article_id: the first title/url/date given, all topics."""
    groups = kept.groupby("article_id", sort=False)
    first = groups[["article_title", "article_url", "published_at"]].first()
    topics = groups["topic"].agg(_join_topics)
    return pd.DataFrame({
        "article_id": first.index,
        "source": source,
        "url": first["article_url"].to_numpy(),
        "title": first["article_title"].to_numpy(),
        "published_at": first["published_at"].to_numpy(),
        "source_topics": topics.reindex(first.index).to_numpy(),
    })


def _join_topics(values):
    # A topic cell may itself hold "a;b"; keep each topic once, in order of appearance.
    topics = dict.fromkeys(t.strip() for v in values.dropna() for t in v.split(";") if t.strip())
    return ";".join(topics) or None
