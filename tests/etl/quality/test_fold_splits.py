"""The folds of cross-validation as positions (`train.fold_splits`): what `cross_validate` trains
and tests on, and what bench/reply_stance_xstance.py reuses to add rows to the training side only."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sklearn", reason="training needs scikit-learn")

from etl.quality import train
from etl.quality.train import TrainError


def rows(n_articles):
    """Two rows of each label in every article."""
    data = [
        (f"{label} {article} {i}", label, f"art-{article}")
        for article in range(n_articles)
        for label in ("agree", "disagree", "neutral")
        for i in range(2)
    ]
    return pd.DataFrame(data, columns=["text", "label", "article_id"])


def test_each_article_is_held_out_once_and_never_trained_on_in_its_fold():
    frame = rows(4)
    splits = train.fold_splits(frame, 4)
    held = np.concatenate([held_out for _, held_out in splits])
    assert sorted(held.tolist()) == list(range(len(frame)))
    for training, held_out in splits:
        assert frame["article_id"].iloc[held_out].nunique() == 1
        assert set(frame["article_id"].iloc[held_out]).isdisjoint(frame["article_id"].iloc[training])
        assert sorted([*training, *held_out]) == list(range(len(frame)))


def test_rows_outside_the_test_mask_are_always_trained_on():
    frame = rows(5)
    test = frame["article_id"].isin(["art-3", "art-4"])
    splits = train.fold_splits(frame, 2, test=test)
    assert len(splits) == 2
    always = set(np.flatnonzero(~test.to_numpy()))
    assert all(always <= set(training) for training, _ in splits)
    assert sorted(np.concatenate([h for _, h in splits]).tolist()) == np.flatnonzero(test.to_numpy()).tolist()


def test_the_same_seed_gives_the_same_folds_as_cross_validate_uses():
    frame = rows(6)
    first, second = train.fold_splits(frame, 3, seed=1), train.fold_splits(frame, 3, seed=1)
    assert [h.tolist() for _, h in first] == [h.tolist() for _, h in second]


def test_a_fold_whose_training_side_has_one_label_is_refused():
    frame = rows(2)
    frame.loc[frame["article_id"] == "art-0", "label"] = "agree"
    with pytest.raises(TrainError, match="at least two different labels"):
        train.fold_splits(frame, 2)
