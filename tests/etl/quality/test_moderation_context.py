"""What a moderation model may know of a comment at the moment of deciding (issue 12): the thread
and the moderation log strictly before it, a removal counted only when written `gap_hours`
before, never the comment's own fate or its parent's (etl.quality.context, etl.quality.moderation)."""

import numpy as np
import pandas as pd
import pytest
from paths import SHARED

from etl.quality import context, moderation

POSTS = SHARED / "one-million-posts" / "posts.csv.xz"


def _log(rows):
    return pd.DataFrame(
        rows, columns=["comment_id", "article_id", "parent_id", "author", "created_at", "text", "label"]
    )


LOG = _log(
    [
        ("a", "x", "", "anna", "2020-01-01 10:00", "Hallo zusammen!", 1),
        ("b", "x", "a", "ben", "2020-01-01 10:30", "Was soll das?", 0),
        ("c", "x", "b", "anna", "2020-01-01 12:00", "NEIN, sicher nicht", 1),
        ("d", "y", "", "anna", "2020-01-02 10:00", "ok", None),
        ("e", "y", "gone", "carl", "2020-01-02 11:00", "Antwort", 0),
        ("f", "y", "", "anna", "2020-01-02 10:00", "zur selben Zeit", 1),
    ]
)


def test_the_log_counts_only_earlier_comments_and_their_removals():
    found = context.features(LOG)
    earlier = np.expm1(found["author_earlier"]).round().astype(int)
    removed = np.expm1(found["author_removed"]).round().astype(int)
    # anna: a (removed), c (removed), then d and f at the same moment: neither counts the other.
    assert dict(zip(LOG["comment_id"], earlier)) == {"a": 0, "b": 0, "c": 1, "d": 2, "e": 0, "f": 2}
    assert dict(zip(LOG["comment_id"], removed)) == {"a": 0, "b": 0, "c": 1, "d": 2, "e": 0, "f": 2}
    assert found.loc[3, "author_share"] == pytest.approx((2 + context.PRIOR) / 3)
    assert found["author_new"].tolist() == [1, 1, 0, 0, 1, 0]
    # the article's earlier removals: c sees a; b sees a; e sees d (unknown) and f (removed, same time as d).
    assert np.expm1(found["article_removed"]).round().tolist() == [0, 1, 1, 0, 1, 0]


def test_a_removal_counts_only_when_written_gap_hours_before_but_the_comment_counts_anyway():
    found = context.features(LOG, gap_hours=1.75)
    # c (12:00) by anna: a (10:00) is 2 h before, counted; with a 3 h gap it is not.
    assert np.expm1(found.loc[2, "author_removed"]) == pytest.approx(1)
    later = context.features(LOG, gap_hours=3)
    assert np.expm1(later.loc[2, "author_removed"]) == pytest.approx(0)
    assert np.expm1(later.loc[2, "author_earlier"]) == pytest.approx(1)


def test_a_comments_own_label_and_later_ones_never_change_its_features():
    flipped = LOG.assign(label=[1, 1, 0, 1, 1, 0])  # b, its own, and everything after
    before, after = context.features(LOG), context.features(flipped)
    # a and b come first: nothing before them changed, so neither did they (b: not its own label).
    pd.testing.assert_frame_equal(before.iloc[:2], after.iloc[:2])
    assert not before.iloc[2:].equals(after.iloc[2:])  # the later ones do read the earlier labels


def test_thread_features_depth_replies_and_the_hour_before():
    found = context.features(LOG)
    assert np.expm1(found["depth"]).round().tolist() == [0, 1, 2, 0, 1, 0]  # e's parent is outside: one up
    assert found["is_reply"].tolist() == [0, 1, 1, 0, 1, 0]
    # c (12:00): a and b are 2 h and 1.5 h before, none in the last hour; b sees a half an hour before.
    assert np.expm1(found["article_last_hour"]).round().tolist() == [0, 1, 0, 0, 2, 0]
    assert np.expm1(found.loc[2, "hours_since_first"]) == pytest.approx(2.0)


def test_the_parents_removal_is_measured_but_not_read_by_the_model():
    assert context.features(LOG)["parent_removed"].tolist() == [0, 1, 0, 0, 0, 0]  # b answers removed a
    assert "parent_removed" not in context.columns()
    pipeline = moderation.build_pipeline()
    used = [c for _, _, cols in pipeline.named_steps["features"].transformers for c in np.atleast_1d(cols)]
    assert "parent_removed" not in used and "label" not in used


def test_the_parents_words_are_given_beside_the_comment():
    inputs = moderation.model_input(LOG)
    assert inputs.loc[1, "parent_text"] == "Hallo zusammen!" and inputs.loc[4, "parent_text"] == ""


def test_the_threshold_is_the_f1_best_on_the_scores_given():
    labels = [0, 0, 0, 1, 1, 0, 1]
    scores = [0.1, 0.2, 0.3, 0.6, 0.7, 0.65, 0.9]
    assert moderation.best_threshold(labels, scores) == pytest.approx(0.6)


def _authors_decide(n_authors=60, posts=4, seed=1):
    """Authors either always or never removed, each post alone on its article, with neutral words:
    only the log can tell."""
    rng = np.random.default_rng(seed)
    rows, start = [], pd.Timestamp("2020-01-01", tz="UTC")
    for author in range(n_authors):
        bad = author % 3 == 0
        for k in range(posts):
            when = start + pd.Timedelta(hours=int(rng.integers(0, 2000)))
            text = f"Kommentar {rng.integers(0, 5)} zum Thema"
            rows.append((f"c{author}-{k}", f"a{author}-{k}", "", f"u{author}", when, text, int(bad)))
    return _log(rows)


def test_on_articles_it_never_saw_the_log_finds_what_the_words_cannot():
    pytest.importorskip("sklearn")
    log = _authors_decide()
    inputs = moderation.model_input(log)
    labels, articles = log["label"].to_numpy(), log["article_id"].to_numpy()
    from sklearn.metrics import roc_auc_score

    with_log, said = moderation.cross_validated(
        inputs, labels, articles, folds=3, groups=("log",), words=False, parent=False
    )
    words, _ = moderation.cross_validated(inputs, labels, articles, folds=3, groups=(), parent=False)
    # An author's first post has no history: the log knows the later three of four.
    assert roc_auc_score(labels, with_log) > 0.8 > roc_auc_score(labels, words) - 0.1
    assert said[labels == 1].mean() > 0.5


@pytest.mark.skipif(not POSTS.exists(), reason=f"{POSTS} absent (shared data)")
def test_on_the_derstandard_posts_no_feature_reads_a_later_post():
    posts = pd.read_csv(POSTS, dtype=str, keep_default_na=False)
    log = pd.DataFrame(
        {
            "comment_id": posts["ID_Post"],
            "article_id": posts["ID_Article"],
            "parent_id": posts["ID_Parent_Post"],
            "author": posts["ID_User"],
            "created_at": posts["CreatedAt"],
            "text": posts["Body"],
            "label": posts["Status"].eq("deleted").astype(int),
        }
    )
    cut = pd.to_datetime(log["created_at"]).quantile(0.5)
    later = pd.to_datetime(log["created_at"]) >= cut
    flipped = log.assign(label=np.where(later, 1 - log["label"], log["label"]))
    columns = [c for c in context.columns() if c != "parent_removed"]
    before, after = context.features(log, 1.0)[columns], context.features(flipped, 1.0)[columns]
    pd.testing.assert_frame_equal(before[~later], after[~later])
    assert (before[later] != after[later]).any(axis=None)
