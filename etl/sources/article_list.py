"""Readers for article lists: CSV and JSON Lines, one row an article (docs/cli.md, "Inputs").

Columns: article_id, title, url, published_at, and optionally author, section, topic (one or
more topics, `;`-separated) and body (plain text or HTML). A CSV must name the first four in its
header (a cell may be empty); a JSON Lines object may leave any out. A file is an article list when
its header (a JSON Lines file: any object of its first 64 KiB) names `article_id` and no
`comment_id`: see `is_article_list`. Every value is read as a string; empty strings become missing.

An article list brings no comments: it gives the details of articles whose comments come (or
came, or will come) from other files and runs, joined on `article_id` (etl.normalize,
etl.transform.merge_articles). A row for an article no comment names yet is kept: its comments
may arrive later. Rows without an article_id, and later rows repeating an id, are rejects; an
unreadable date or a url that is not http(s) is kept and noted by etl.normalize.
"""

import csv
import json
from pathlib import Path

import pandas as pd

from etl.schema import reject
from etl.sources._limits import cap_rejects, delimiter, is_sep_hint
from etl.sources._textfile import decode_bytes
from etl.sources.batch import make_batch
from etl.sources.tabular import csv_records, drop_duplicates, jsonl_records, line_number

COLUMNS = ["article_id", "title", "url", "published_at", "author", "section", "topic", "body"]
REQUIRED = ["article_id", "title", "url", "published_at"]
WHAT = "article list"
_SNIFF_BYTES = 64 * 1024


def is_article_list(path: Path | str) -> bool:
    """True when the CSV or JSON Lines file at `path` names `article_id` and no `comment_id` in
    its header (a JSON Lines file: in the objects of its first 64 KiB, so one odd line among
    comments does not make them an article list)."""
    names = _header_names(Path(path))
    return "article_id" in names and "comment_id" not in names


def read_csv(path: Path | str):
    """Read a CSV article list into a Batch of articles; bad rows become rejects located by line."""
    records, rejects = csv_records(path, COLUMNS, REQUIRED, what=WHAT)
    return _batch(records, str(path), rejects)


def read_jsonl(path: Path | str):
    """Read a JSON Lines article list into a Batch of articles; bad lines become rejects."""
    records, rejects = jsonl_records(path, COLUMNS, what=WHAT)
    return _batch(records, str(path), rejects)


def _batch(records, source, rejects):
    if records is None:
        return make_batch(rejects=rejects)
    missing = records["article_id"].isna()
    kept, duplicates = drop_duplicates(records[~missing], "article_id")
    bad = [reject(source, f"line {line}", "missing article_id", _excerpt(row)) for line, row in _rows(records[missing])]
    bad += [
        reject(source, f"line {line}", reason, _excerpt(row))
        for (line, row), reason in zip(_rows(duplicates), duplicates["reason"])
    ]
    rejects = cap_rejects(sorted(rejects + bad, key=line_number), source, reject)
    articles = pd.DataFrame(
        {
            "article_id": kept["article_id"],
            "source": source,
            "url": kept["url"],
            "title": kept["title"],
            "author": kept["author"],
            "published_at": kept["published_at"],
            "body": kept["body"],
            "source_topics": kept["topic"],
            "section": kept["section"],
        }
    ).reset_index(drop=True)
    return make_batch(articles=articles, rejects=rejects)


def _rows(records):
    return zip(records["line"], records.to_dict("records"))


def _excerpt(row):
    """The row's id, title and url as an excerpt (the body would drown them)."""
    return ", ".join(str(row[name]) for name in ("article_id", "title", "url") if not pd.isna(row[name]))


def _header_names(path):
    """The column names of a CSV's header row or the keys of a JSON Lines file's objects (stripped);
    empty when the file cannot be read or has neither."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        text, _ = decode_bytes(head)
    except (OSError, UnicodeDecodeError):
        return set()
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return _json_keys(text)
    lines = [line for line in text.splitlines() if line.strip() and not is_sep_hint(line + "\n")]
    if not lines:
        return set()
    try:
        fields = next(csv.reader([lines[0]], delimiter=delimiter(text)))
    except (csv.Error, StopIteration):
        return set()
    return {field.strip() for field in fields}


def _json_keys(text):
    """Every key of the objects in `text` that parse (the last line may be cut off)."""
    keys = set()
    for line in text.split("\n"):
        try:
            value = json.loads(line) if line.strip() else None
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            keys |= {str(key).strip() for key in value}
    return keys
