"""Readers for every input kind, one module each, chosen through a dict registry.

A reader is `read(path) -> Batch`: raw articles and comments (schema.RAW_ARTICLES,
schema.RAW_COMMENTS, all text columns as strings, dates unparsed) and the records it could not use
(schema.REJECTS without run_id). A reader never raises for bad records; a whole file it cannot read
is one reject.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import DiskursError, schema


class SourceError(DiskursError):
    """An input cannot be found or has no reader."""


@dataclass(frozen=True)
class Batch:
    articles: pd.DataFrame
    comments: pd.DataFrame
    rejects: pd.DataFrame

    @classmethod
    def empty(cls):
        return cls(
            schema.empty(schema.RAW_ARTICLES),
            schema.empty(schema.RAW_COMMENTS),
            schema.empty(REJECT_COLUMNS),
        )


REJECT_COLUMNS = {k: v for k, v in schema.REJECTS.items() if k != "run_id"}


def reject(input_name, location, reason, excerpt=""):
    """One reject record as a dict (see schema.REJECTS)."""
    return {"input": str(input_name), "location": str(location), "reason": reason,
            "excerpt": (excerpt or "")[:200]}


def make_batch(articles=(), comments=(), rejects=()):
    """A Batch from lists of record dicts (or frames), cast to the reader contracts."""
    return Batch(
        schema.conform(_frame(articles), schema.RAW_ARTICLES),
        schema.conform(_frame(comments), schema.RAW_COMMENTS),
        schema.conform(_frame(rejects), REJECT_COLUMNS),
    )


def _frame(records):
    return records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))


# Imported here, not at the top: the reader modules use Batch and reject() defined above.
from etl.sources import page, tabular  # noqa: E402

READERS = {"page": page.read, "csv": tabular.read_csv, "jsonl": tabular.read_jsonl}

_SUFFIXES = {".txt": "page", ".text": "page", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

# What sits beside data in a sample folder (scripts, docs, configs): skipped without a reject.
_IGNORED_SUFFIXES = {".py", ".pyc", ".md", ".rst", ".toml", ".json", ".yaml", ".yml", ".cfg",
                     ".ini", ".lock", ".log", ".gitignore", ".gitkeep"}
_IGNORED_STEMS = {"readme", "license", "licence", "changelog", "notice", "authors", "makefile"}


def detect(path):
    """The reader kind for a file by its suffix ("page", "csv", "jsonl"), or None if none fits."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def read_input(path):
    """Read one input: a file with its reader, or a folder with every data file inside.

    A folder is walked recursively in path order and the batches are concatenated. Hidden files
    and folders, and files that usually sit beside data (README/LICENSE, .md, .py, .json, .toml,
    ...) are skipped silently; any other file without a reader becomes an "unsupported file type"
    reject so it is not lost unnoticed. An explicit file without a reader is such a reject too.
    A path that does not exist raises SourceError.
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(f"input not found: {path}")
    if path.is_file():
        return _read_file(path)
    files = [f for f in sorted(path.rglob("*")) if f.is_file() and not _ignored(f, path)]
    return concat([_read_file(f) for f in files])


def concat(batches):
    """One Batch holding the records of all `batches`, in order."""
    parts = {"articles": [], "comments": [], "rejects": []}
    for batch in batches:
        for name, frames in parts.items():
            frame = getattr(batch, name)
            if len(frame):
                frames.append(frame)
    # Empty frames are left out: pandas warns about (and may mistype) empty concat entries.
    return make_batch(*(pd.concat(frames, ignore_index=True) if frames else () for frames in parts.values()))


def _read_file(path):
    kind = detect(path)
    if kind is None:
        known = ", ".join(sorted(_SUFFIXES))
        return make_batch(rejects=[reject(path, "file", f"unsupported file type {path.suffix or '(none)'!r};"
                                                         f" readable are {known}")])
    return READERS[kind](path)


def _ignored(path, root):
    parts = path.relative_to(root).parts
    return (any(part.startswith(".") or part == "__pycache__" for part in parts)
            or path.suffix.lower() in _IGNORED_SUFFIXES
            or path.stem.lower() in _IGNORED_STEMS)
