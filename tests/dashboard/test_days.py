"""The pre-aggregate `store_days` (issue 14, item 3) gives the time charts, the date range and the
sentiment mix the same counts as the queries over every comment, stays right when a run rewrites
one segment, and is never used where it cannot answer."""

import pandas as pd
import pytest
from paths import SAMPLE
from store_edits import one_more_comment

from dashboard.queries import comments, days, time
from etl import config, pipeline, store
from etl.store import queries as shared
from etl.store import segments
from etl.store.aggregates import DEPTH_CAP
from etl.store.filters import Filters

CASES = [
    Filters(),
    Filters(published_only=True),
    Filters(sentiments=("negative",), published_only=True),
    Filters(stances=("agree", "disagree")),
    Filters(statuses=("published",)),
    Filters(since="2025-04-14"),
    Filters(until="2025-04-13", published_only=True),
]


def comment_level(con, name, filters, granularity=None):
    """The query over every comment."""
    if name == "by_period":
        return shared.by_period(con, filters, granularity)
    if name == "stance_by_period":
        return time.comment_stance_by_period(con, filters, granularity)
    return comments.comment_sentiment_mix(con, filters)


def assert_same(pre, full):
    assert list(pre.columns) == list(full.columns)
    assert len(pre) == len(full)
    for column in pre.columns:
        if column.startswith("mean_") or column == "share":
            assert pre[column].to_numpy() == pytest.approx(full[column].to_numpy(), rel=1e-12, nan_ok=True)
        else:
            assert pre[column].tolist() == full[column].tolist(), column


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("days") / "store"
    pipeline.run([SAMPLE], config.Settings(store_dir=store_dir, workers=1))
    return store_dir


@pytest.mark.parametrize("filters", CASES, ids=str)
@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_the_time_charts_count_the_same_from_the_pre_aggregate(sample_store, filters, granularity):
    with store.connect_readonly(sample_store) as con:
        assert days.answers(con, filters)
        for name, fn in (("by_period", days.by_period), ("stance_by_period", days.stance_by_period)):
            full = comment_level(con, name, filters, granularity)
            assert len(full)  # the case selects something
            assert_same(fn(con, filters, granularity), full)


@pytest.mark.parametrize("filters", CASES, ids=str)
def test_the_sentiment_mix_and_the_date_range_count_the_same(sample_store, filters):
    with store.connect_readonly(sample_store) as con:
        assert_same(days.sentiment_mix(con, filters), comment_level(con, "sentiment_mix", filters))
        bounds, full = days.date_bounds(con), time.comment_date_bounds(con)
        pd.testing.assert_frame_equal(bounds, full)


@pytest.mark.parametrize("filters", CASES, ids=str)
@pytest.mark.parametrize("deepest", [1, 2, comments.DEEPEST])
def test_the_tone_per_reply_depth_counts_the_same(sample_store, filters, deepest, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        assert days.answers_depth(con, filters, deepest)
        pre = comments.sentiment_by_depth(con, filters, deepest)
        monkeypatch.setattr(days, "answers_depth", lambda con, filters, deepest: False)
        full = comments.sentiment_by_depth(con, filters, deepest)
        assert len(full) > (0 if filters.stances else 1)  # top-level comments and replies (a stance: replies)
        assert_same(pre, full)
        assert not days.answers_depth(con, filters, DEPTH_CAP + 1)  # deeper than it counts apart


@pytest.mark.parametrize(
    "filters",
    [
        Filters(articles=("x",)),
        Filters(topics=("Politik",)),
        Filters(search="Regierung"),
        Filters(signals=(("needs_moderation", 0.5),)),
        Filters(votes=(("positive_votes", 3),)),
    ],
    ids=str,
)
def test_filters_it_has_no_column_for_read_the_comments(sample_store, filters):
    with store.connect_readonly(sample_store) as con:
        assert not days.answers(con, filters)


def test_a_run_counts_again_only_the_segments_it_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    with store.connect_readonly(settings.store_dir) as con:
        before = dict(con.execute("SELECT segment, sum(n) FROM store_days GROUP BY 1").fetchall())
    assert len(before) > 2
    first = min(before)
    with store.connect_readonly(settings.store_dir) as con:
        article = con.execute("SELECT article_id FROM store_articles WHERE segment = ? LIMIT 1", [first]).fetchall()
    one_more_comment(settings, article[0][0])
    with store.connect_readonly(settings.store_dir) as con:
        after = dict(con.execute("SELECT segment, sum(n) FROM store_days GROUP BY 1").fetchall())
        total = con.execute("SELECT count(*) FROM comments").fetchall()[0][0]
    assert sum(after.values()) == total == sum(before.values()) + 1
    untouched = {s: n for s, n in before.items() if s != first}
    assert {s: n for s, n in after.items() if s in untouched} == untouched
    assert first not in after  # rewritten under a new name, one comment more
