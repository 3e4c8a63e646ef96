import numpy as np
import pandas as pd
import pytest

from etl.sources import seen as seen_module
from etl.sources.seen import NOT_SEEN, SeenIds


def test_seen_ids_knows_every_id_added_across_many_blocks_and_no_other():
    seen = SeenIds()
    for start in range(0, 5000, 250):  # blocks of several sizes: the sorted levels get merged
        seen.add(pd.Series([f"c{i}" for i in range(start, start + 250, 1 + start % 3)], dtype="string"))
    added = {f"c{i}" for start in range(0, 5000, 250) for i in range(start, start + 250, 1 + start % 3)}
    asked = pd.Series([f"c{i}" for i in range(-50, 5050)] + ["", "C1", "c1 "], dtype="string")
    assert seen.contains(asked).tolist() == [value in added for value in asked]


def test_seen_ids_counts_a_missing_id_once_it_was_added():
    seen = SeenIds()
    missing = pd.Series([None, "a"], dtype="string")
    assert seen.contains(missing).tolist() == [False, False]
    seen.add(pd.Series(["a"], dtype="string"))
    assert seen.contains(missing).tolist() == [False, True]
    seen.add(pd.Series([None], dtype="string"))
    assert seen.contains(missing).tolist() == [True, True]


def _ids(numbers):
    return pd.Series([f"c{i}" for i in numbers], dtype="string")


def test_numbered_seen_ids_give_the_number_each_id_was_first_added_with():
    seen = SeenIds(numbered=True)
    for start in range(0, 3000, 200):  # levels of several sizes, merged as they fill
        numbers = list(range(start, start + 200, 1 + start % 3))
        seen.add(_ids(numbers), [10 * n + 1 for n in numbers])
    added = {n: 10 * n + 1 for start in range(0, 3000, 200) for n in range(start, start + 200, 1 + start % 3)}
    asked = list(range(-20, 3020))
    assert seen.first(_ids(asked)).tolist() == [added.get(n, NOT_SEEN) for n in asked]
    assert seen.contains(_ids(asked)).tolist() == [n in added for n in asked]


def test_ids_whose_first_hashes_meet_are_told_apart_by_the_second(monkeypatch):
    real = seen_module._hashes

    def colliding(ids):  # the first hash of every id of one length is the same
        first, second = real(ids)
        return ids.fillna("").astype(str).str.len().to_numpy(dtype=np.uint64), second

    monkeypatch.setattr(seen_module, "_hashes", colliding)
    seen = SeenIds(numbered=True)
    seen.add(_ids([11, 12, 13]), [1, 2, 3])
    seen.add(_ids([14, 15]), [4, 5])
    seen.add(_ids([16]), [6])
    assert seen.first(_ids([13, 17, 15, 16, 11])).tolist() == [3, NOT_SEEN, 5, 6, 1]


def test_numbers_are_given_exactly_when_the_seen_ids_are_numbered():
    with pytest.raises(ValueError, match="numbered"):
        SeenIds().add(_ids([1]), [1])
    with pytest.raises(ValueError, match="numbered"):
        SeenIds(numbered=True).add(_ids([1]))
    with pytest.raises(ValueError, match="no numbers"):
        SeenIds().first(_ids([1]))
