"""A run's reject rows in the order they are found, in bounded memory.

Many comments of a large input may come with a note ("kept without created_at: … is in the
future", "non-german"), one reject row each: a run of two million comments gave 457,275 of them,
164 MB of frames the parent held to the end and then concatenated (a second copy). `RejectRows`
keeps up to KEPT_ROWS rows in memory and pickles them to the run's spill folder a part at a time
beyond that; `frames()` gives them back in order for the store, and the counts a run reports are
kept as they come.
"""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from etl import schema
from etl.schema import REJECT_COLUMNS

KEPT_ROWS = 50_000  # reject rows held in memory before they are pickled
_NAMES = itertools.count()  # parts of several RejectRows share a folder


def is_note(rejects: pd.DataFrame) -> pd.Series:
    """Reject rows of records that were loaded with a repair: their reason starts with `kept`."""
    return rejects["reason"].fillna("").str.startswith("kept")


class RejectRows:
    """Reject rows (REJECT_COLUMNS) added frame by frame; `n_rows` and `n_notes` count them."""

    def __init__(self, folder: Path | str):
        self._folder, self._name = Path(folder), next(_NAMES)
        self._parts, self._kept, self._n_kept = [], [], 0  # pickled parts, then the frames held
        self.n_rows = self.n_notes = 0

    def add(self, frame: pd.DataFrame) -> None:
        """Add reject rows after those added before."""
        if not len(frame):
            return
        frame = schema.conform(frame, REJECT_COLUMNS)
        self.n_rows += len(frame)
        self.n_notes += int(is_note(frame).sum())
        self._kept.append(frame)
        self._n_kept += len(frame)
        if self._n_kept >= KEPT_ROWS:
            self._pickle()

    def take(self, other: "RejectRows") -> None:
        """Add the rows of `other` (which is left empty) after these, without reading its parts."""
        if self._kept:
            self._pickle()
        self._parts += other._parts
        self._kept, self._n_kept = other._kept, other._n_kept
        self.n_rows += other.n_rows
        self.n_notes += other.n_notes
        other.__init__(other._folder)

    def frames(self) -> Iterator[pd.DataFrame]:
        """The rows in order, a part at a time."""
        for path in self._parts:
            yield pd.read_pickle(path)
        if self._kept:
            yield pd.concat(self._kept, ignore_index=True)

    def first_refused(self) -> pd.Series | None:
        """The first row that is not a note, or None."""
        if self.n_rows == self.n_notes:
            return None
        for frame in self.frames():
            refused = frame[~is_note(frame)]
            if len(refused):
                return refused.iloc[0]
        return None

    def _pickle(self):
        path = self._folder / f"rejects-{self._name}-{len(self._parts)}.pickle"
        pd.concat(self._kept, ignore_index=True).to_pickle(path)
        self._parts.append(path)
        self._kept, self._n_kept = [], 0
