"""What every reader shares: the Batch it returns (raw articles, raw comments and rejects, cast to
the reader contracts schema.RAW_ARTICLES, schema.RAW_COMMENTS, schema.REJECT_COLUMNS) and the
error it raises for an input it cannot read at all."""

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from etl import DiskursError, schema


class SourceError(DiskursError):
    """An input cannot be found, has no reader, or cannot be reached."""


@dataclass(frozen=True)
class Batch:
    articles: pd.DataFrame
    comments: pd.DataFrame
    rejects: pd.DataFrame

    @classmethod
    def empty(cls) -> "Batch":
        return make_batch()


def make_batch(
    articles: pd.DataFrame | Iterable[dict] = (),
    comments: pd.DataFrame | Iterable[dict] = (),
    rejects: pd.DataFrame | Iterable[dict] = (),
) -> Batch:
    """A Batch from lists of record dicts (or frames), cast to the reader contracts."""
    return Batch(
        schema.conform(_frame(articles), schema.RAW_ARTICLES),
        schema.conform(_frame(comments), schema.RAW_COMMENTS),
        schema.conform(_frame(rejects), schema.REJECT_COLUMNS),
    )


def concat(batches: Iterable[Batch]) -> Batch:
    """One Batch holding the records of all `batches`, in order."""
    parts = {"articles": [], "comments": [], "rejects": []}
    for batch in batches:
        for name, frames in parts.items():
            frame = getattr(batch, name)
            if len(frame):
                frames.append(frame)
    # Empty frames are left out: pandas warns about (and may mistype) empty concat entries.
    return make_batch(*(pd.concat(frames, ignore_index=True) if frames else () for frames in parts.values()))


def _frame(records):
    return records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
