"""Which ids a reader or a run has met before, in memory that grows by a few bytes an id.

A run streams its input, so a comment_id met on an earlier line or in an earlier file is known
only if it is remembered. A Python set or dict of the strings takes about 150 to 190 bytes an
id: at ten million comments, some 1.5 to 1.9 GB, growing with the input. `SeenIds` keeps each id
as a 128-bit hash (two 64-bit SipHashes of different keys), 16 bytes, and, when asked for, a
number with it (the line an id was first met on: 8 bytes more). Two different ids of ten million
share both hashes with a chance of about 1e-25.

The hashes are kept in arrays sorted by the first, of growing sizes, merged as they fill: adding
a block costs about what sorting it does, a lookup a few binary searches per array.
"""

import numpy as np
import pandas as pd

_KEYS = ("diskurs.ids.one.", "diskurs.ids.two.")  # 16 characters each, as pandas asks
NOT_SEEN = -1  # `first`'s number for an id not added


class SeenIds:
    """Ids added before (`contains`), and with `numbered=True` the number given with each when it
    was first added (`first`)."""

    def __init__(self, numbered: bool = False):
        self._numbered = numbered
        self._levels = []  # (first hashes sorted, second hashes, numbers or None), largest first
        self._missing = False  # a missing id was added

    def contains(self, ids: pd.Series) -> np.ndarray:
        """Whether each id (a missing one included) was added before."""
        found = self._found(*_hashes(ids))[0]
        return np.where(ids.isna().to_numpy(), self._missing, found)

    def first(self, ids: pd.Series) -> np.ndarray:
        """The number added with each id (none missing), NOT_SEEN for an id not added."""
        if not self._numbered:
            raise ValueError("these SeenIds keep no numbers")
        return self._found(*_hashes(ids))[1]

    def add(self, ids: pd.Series, numbers=None) -> None:
        """Remember `ids` (with `numbers`, one each, when numbered); add an id once."""
        if self._numbered == (numbers is None):
            raise ValueError("numbers are given exactly when the SeenIds are numbered")
        missing = ids.isna().to_numpy()
        self._missing = self._missing or bool(missing.any())
        if missing.all():
            return
        numbers = None if numbers is None else np.asarray(numbers, dtype=np.int64)[~missing]
        self._levels.append(_sorted(*_hashes(ids[~missing]), numbers))
        while len(self._levels) > 1 and len(self._levels[-2][0]) <= 2 * len(self._levels[-1][0]):
            newer, older = self._levels.pop(), self._levels.pop()
            merged = [None if a is None else np.concatenate([a, b]) for a, b in zip(older, newer, strict=True)]
            self._levels.append(_sorted(*merged))

    def _found(self, first, second):
        # (found?, numbers) of hashes: each level is sorted by the first hash.
        found = np.zeros(len(first), dtype=bool)
        numbers = np.full(len(first), NOT_SEEN, dtype=np.int64)
        for firsts, seconds, kept in self._levels:
            left = np.searchsorted(firsts, first, side="left")
            right = np.searchsorted(firsts, first, side="right")
            at = np.where(right - left == 1, left, -1)
            for i in np.flatnonzero(right - left > 1):  # ids whose first hashes meet: rare
                same = np.flatnonzero(seconds[left[i] : right[i]] == second[i])
                at[i] = left[i] + same[0] if len(same) else -1
            hit = (at >= 0) & ~found
            hit[hit] = seconds[at[hit]] == second[hit]
            found |= hit
            if kept is not None:
                numbers[hit] = kept[at[hit]]
        return found, numbers


def _sorted(first, second, numbers):
    order = np.argsort(first, kind="stable")
    return first[order], second[order], None if numbers is None else numbers[order]


def _hashes(ids):
    values = ids.fillna("").astype(str).to_numpy(dtype=object)
    return tuple(pd.util.hash_array(values, hash_key=key, categorize=False) for key in _KEYS)
