"""The column contract of every table, the reject record, and a check used at stage boundaries.

Column order here is the order of the store tables and of every CSV export (docs/data-dictionary.md).
Readers return frames cast to the RAW_* contracts (`conform`); every stage verb calls `validate` on
what it is given, so a broken contract names the stage that found it.
"""

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from etl import DiskursError

if TYPE_CHECKING:  # for the annotations only: pandas is still imported inside the functions that use it
    import pandas

# Raw records as every reader returns them, before normalize.
RAW_ARTICLES = {
    "article_id": "string",
    "source": "string",
    "url": "string",
    "title": "string",
    "author": "string",
    "published_at": "string",
    "body": "string",
    "source_topics": "string",
    "section": "string",
}

RAW_COMMENTS = {
    "comment_id": "string",
    "parent_id": "string",
    "article_id": "string",
    "author": "string",
    "created_at": "string",
    "text": "string",
    "status": "string",
    "source": "string",
    "seq": "Int64",
    "positive_votes": "string",
    "negative_votes": "string",
}

COMMENTS = {
    "comment_id": "string",
    "article_id": "string",
    "parent_id": "string",
    "root_id": "string",
    "depth": "Int64",
    "position": "Int64",
    "author": "string",
    "created_at": "datetime64[us, UTC]",
    "text": "string",
    "polarity": "float64",
    "subjectivity": "float64",
    "sentiment": "string",
    "stance": "string",
    "topics": "string",
    "status": "string",
    "source": "string",
    # Beyond the spec's list: what features need.
    "n_replies": "Int64",
    "stance_evidence": "string",
    "language": "string",
    "flags": "string",
    "positive_votes": "Int64",
    "negative_votes": "Int64",
    "seq": "Int64",
    "sentiment_engine": "string",
    # Signals for the newsroom (etl/signals): scores in [0, 1] and the reasons given.
    "needs_moderation": "float64",
    "moderation_reasons": "string",
    "feedback": "float64",
    "feedback_reasons": "string",
    "argument": "float64",
    "argument_reasons": "string",
    "signals_engine": "string",
}

ARTICLES = {
    "article_id": "string",
    "source": "string",
    "url": "string",
    "title": "string",
    "author": "string",
    "published_at": "datetime64[us, UTC]",
    "topics": "string",
    "n_comments": "Int64",
    "mean_polarity": "float64",
    # Beyond the spec's list.
    "section": "string",
    "n_replies": "Int64",
    "max_depth": "Int64",
    "n_negative": "Int64",
    "n_neutral": "Int64",
    "n_positive": "Int64",
    "first_comment_at": "datetime64[us, UTC]",
    "last_comment_at": "datetime64[us, UTC]",
    "body": "string",
    "source_topics": "string",
}

RUNS = {
    "run_id": "string",
    "started_at": "datetime64[us, UTC]",
    "finished_at": "datetime64[us, UTC]",
    "status": "string",
    "inputs": "string",
    "n_read": "Int64",
    "n_loaded": "Int64",
    "n_rejected": "Int64",
    "error": "string",
    # Beyond the spec's list.
    "command": "string",
    "n_new": "Int64",
    "n_changed": "Int64",
    "n_scored": "Int64",
    "n_removed": "Int64",
    "sentiment_engine": "string",
    "topics_hash": "string",
    "n_noted": "Int64",
    "signals_engine": "string",
}

REJECTS = {
    "run_id": "string",
    "input": "string",
    "location": "string",
    "reason": "string",
    "excerpt": "string",
}

SOURCES = {
    "input": "string",
    "kind": "string",
    "added_at": "datetime64[us, UTC]",
    "state": "string",  # JSON a reader keeps between runs (e.g. the last pull of a site)
}

# One row per (comment, target it mentions): stance toward a target named in the topics file.
TARGET_STANCES = {
    "comment_id": "string",
    "article_id": "string",
    "target": "string",
    "stance": "string",
    "score": "float64",
    "evidence": "string",
}

TABLES = {
    "comments": COMMENTS,
    "articles": ARTICLES,
    "runs": RUNS,
    "rejects": REJECTS,
    "sources": SOURCES,
    "target_stances": TARGET_STANCES,
}

# A reject as readers and stages make it: the run adds run_id when it stores the rows.
REJECT_COLUMNS = {name: dtype for name, dtype in REJECTS.items() if name != "run_id"}

# Columns a user sees in a CSV export, in order: the spec's first, then the useful extras.
EXPORT_COLUMNS = {
    "comments": [c for c in COMMENTS if c not in ("seq", "sentiment_engine", "signals_engine")],
    "articles": [c for c in ARTICLES if c not in ("body", "source_topics")],
    "runs": list(RUNS),
    "rejects": list(REJECTS),
    "target_stances": list(TARGET_STANCES),
}

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "Int64": "BIGINT",
    "float64": "DOUBLE",
    "datetime64[us, UTC]": "TIMESTAMPTZ",
}


class SchemaError(DiskursError):
    """A frame broke the column contract between two stages."""


def reject(input_name: Path | str, location: str, reason: str, excerpt: str | None = "") -> dict[str, str]:
    """One reject record as a dict (REJECT_COLUMNS): where a record came from and why it was not
    used as it was; the excerpt is cut to 200 characters."""
    return {"input": str(input_name), "location": str(location), "reason": reason, "excerpt": (excerpt or "")[:200]}


def empty(columns: Mapping[str, str]) -> "pandas.DataFrame":
    """An empty frame with the given column contract."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def conform(frame: "pandas.DataFrame", columns: Mapping[str, str]) -> "pandas.DataFrame":
    """Select and cast `frame` to the contract: missing columns become empty, extras are dropped."""
    import pandas as pd

    data = {}
    for name, dtype in columns.items():
        if name not in frame.columns:
            series = pd.Series(index=frame.index, dtype=dtype)
        elif dtype.startswith("datetime64"):
            series = pd.to_datetime(frame[name], utc=True, format="ISO8601").astype(dtype)
        elif dtype == "float64":
            series = pd.to_numeric(frame[name]).astype(dtype)
        else:
            series = frame[name].astype(dtype)
        data[name] = series
    return pd.DataFrame(data, index=frame.index)


def validate(frame: "pandas.DataFrame", columns: Iterable[str], stage: str) -> "pandas.DataFrame":
    """`frame`, or SchemaError naming `stage` when it lacks one of `columns` (names, or a contract)."""
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise SchemaError(f"{stage}: missing columns {', '.join(missing)}")
    return frame
