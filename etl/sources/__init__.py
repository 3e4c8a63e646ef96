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
