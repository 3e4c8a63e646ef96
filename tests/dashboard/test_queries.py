"""dashboard.queries on a real store built from the fixture frames (tests/conftest.py)."""

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from dashboard import queries
from dashboard import reader as reader_module
from dashboard.filters import filters_from
from dashboard.queries.articles import ranked
from dashboard.reader import StoreReader


@pytest.fixture
def reader(fixture_store):
    return StoreReader(fixture_store)


def test_empty_store_gives_empty_frames_not_errors(empty_store):
    reader = StoreReader(empty_store)
    assert reader.version is None
    assert reader.query(queries.kpis, filters_from()).empty
    assert reader.query(queries.count_comments, filters_from(), default=0) == 0


def test_kpis_count_only_published_comments(reader):
    kpis = reader.query(queries.kpis, filters_from()).iloc[0]
    assert kpis["n_comments"] == 9  # c6 is deleted
    assert kpis["n_articles"] == 3
    assert kpis["n_replies"] == 3
    assert kpis["share_replies"] == pytest.approx(3 / 9)
    assert kpis["share_negative"] == pytest.approx(3 / 9)


def test_sentiment_filter_narrows_the_mix_but_keeps_all_three_labels(reader):
    mix = reader.query(queries.sentiment_mix, filters_from(sentiments=["negative"]))
    assert mix["sentiment"].tolist() == ["negative", "neutral", "positive"]
    assert mix["n_comments"].tolist() == [3, 0, 0]
    assert mix["share"].tolist() == [1.0, 0.0, 0.0]


def test_topic_filter_matches_one_of_several_topics(reader):
    rows = reader.query(queries.comment_rows, filters_from(topics=["China"]))
    assert sorted(rows["comment_id"]) == ["c1", "c2", "c3", "c4"]  # c5 is only "KI"


def test_article_and_stance_filters_combine(reader):
    rows = reader.query(queries.comment_rows, filters_from(articles=["a1"], stances=["disagree"]))
    assert rows["comment_id"].tolist() == ["c2", "c3"]


def test_date_filter_falls_back_to_the_article_date(reader):
    rows = reader.query(queries.comment_rows, filters_from(start="2025-05-26", end="2025-05-26"))
    # c9 has no comment time: it counts on its article's date, 2025-05-26.
    assert sorted(rows["comment_id"]) == ["c7", "c9"]


def test_date_picker_values_with_times_are_cut_to_days():
    filters = filters_from(start="2025-05-26T00:00:00", end="2025-05-27T00:00:00")
    assert (filters.since, filters.until, filters.published_only) == ("2025-05-26", "2025-05-27", True)


def test_search_looks_in_text_and_author(reader):
    assert reader.query(queries.comment_rows, filters_from(search="skandal"))["comment_id"].tolist() == ["c1"]
    assert sorted(reader.query(queries.comment_rows, filters_from(search="anna"))["comment_id"]) == ["c1", "c3"]


@pytest.mark.parametrize(
    "search, found",
    [
        ("SCHLÄFT", ["c1"]),
        ("Völlig", ["c7"]),
        ("ö", ["c7"]),  # c6 (Gelöschter) is deleted
        (".", ["c1", "c10", "c2", "c3", "c4", "c5", "c7", "c8"]),
        ("(1)", ["c5"]),
        ('("http', ["c4"]),
        ("%", []),
        ("_", []),
        ("s.hen", []),
        ("[a-z]", []),
        ("\\", []),
        ("ICH FINDE", ["c5"]),
    ],
)
def test_search_is_a_plain_case_insensitive_substring(reader, search, found):
    # Uncached too: the regex in SQL, not only the reader's kept matches, says the same.
    for each in (reader, StoreReader(reader.store_dir, cache_size=0)):
        assert sorted(each.query(queries.comment_rows, filters_from(search=search))["comment_id"]) == found


def test_a_search_scans_the_texts_once_whatever_else_is_filtered(reader, monkeypatch):
    scans = []
    hits = reader_module.hits
    monkeypatch.setattr(reader_module, "hits", lambda con, search: scans.append(search) or hits(con, search))
    uncached = StoreReader(reader.store_dir, cache_size=0)
    for filters in (
        filters_from(search="a"),
        filters_from(search="a", sentiments=["negative"]),
        filters_from(search="a", start="2025-05-26", end="2025-06-02"),
    ):
        for query in (queries.comment_index, queries.kpis, queries.sentiment_by_depth):
            pd.testing.assert_frame_equal(reader.query(query, filters), uncached.query(query, filters))
    assert scans == ["a"]
    reader.clear_cache()
    reader.query(queries.kpis, filters_from(search="a"))
    assert scans == ["a", "a"]


def test_callers_of_a_new_search_at_once_wait_for_one_scan(reader, monkeypatch):
    scans = []
    hits = reader_module.hits

    def slow(con, search):
        scans.append(search)
        time.sleep(0.2)
        return hits(con, search)

    monkeypatch.setattr(reader_module, "hits", slow)
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(
            pool.map(
                lambda query: reader.query(query, filters_from(search="e")),
                [queries.count_comments, queries.kpis, queries.comment_index, queries.sentiment_mix],
            )
        )
    assert scans == ["e"]
    assert counts[0] == counts[1]["n_comments"].iloc[0] == counts[2]["n_comments"].sum() == 9


def test_top_negative_articles_skips_articles_without_negative_comments(reader):
    # A floor of 1: the fixture's articles have 5, 3 and 1 comments (the default floor is 20).
    top = reader.query(queries.top_negative_articles, filters_from(), min_comments=1)
    assert top["article_id"].tolist() == ["a1", "a2"]
    assert top["n_negative"].tolist() == [2, 1]
    assert reader.query(queries.top_negative_articles, filters_from()).empty  # none has 20 comments
    assert reader.query(queries.top_negative_articles, filters_from(), min_comments=4)["article_id"].tolist() == ["a1"]


def test_the_wilson_interval_is_the_textbook_one_and_stays_in_zero_to_one():
    low, high = queries.wilson([5, 0, 10], [10, 10, 10])
    # 5 of 10: 0.2366 … 0.7634; 0 of 10: 0 … 0.2775; 10 of 10: 0.7225 … 1 (Wilson 1927, z = 1.96).
    assert [round(x, 4) for x in low] == [0.2366, 0.0, 0.7225]
    assert [round(x, 4) for x in high] == [0.7634, 0.2775, 1.0]


def test_a_ranking_by_share_puts_a_small_sure_share_above_a_large_count_and_counts_stay_an_order():
    frame = pd.DataFrame(
        {"title": ["big", "small"], "n_negative": [30, 9], "n_comments": [100, 10], "share_negative": [0.3, 0.9]}
    )
    by_share = ranked(frame, "n_negative", "n_comments", "share_negative", "share", None)
    assert by_share["title"].tolist() == ["small", "big"]
    assert ranked(frame, "n_negative", "n_comments", "share_negative", "count", None)["title"].tolist() == [
        "big",
        "small",
    ]
    assert (by_share["low"] < by_share["share_negative"]).all() and (
        by_share["share_negative"] < by_share["high"]
    ).all()


def test_topic_and_disagreement_rankings_count_only_above_their_floor(reader):
    negative = reader.query(queries.topic_ranking, filters_from(), "negative", 1, "share")
    shares = negative["share_negative"].tolist()
    assert shares == sorted(shares, reverse=True) and set(negative["topic"]) == {"KI", "China", "Verkehr", "Wohnen"}
    assert reader.query(queries.topic_ranking, filters_from(), "negative", 4, "share")["topic"].tolist() == [
        "China",
        "KI",
    ]
    disagree = reader.query(queries.topic_ranking, filters_from(), "disagree", 1, "share")
    assert (disagree["n_replies"] >= 1).all() and "Wohnen" not in set(disagree["topic"])  # no reply on Wohnen
    by_article = reader.query(queries.stance_by_article, filters_from(), None, 1, "share")
    assert by_article["share_disagree"].tolist() == sorted(by_article["share_disagree"], reverse=True)
    assert reader.query(queries.stance_by_article, filters_from(), None, 20, "share").empty


def test_article_stats_most_commented_first_with_title(reader):
    stats = reader.query(queries.article_stats, filters_from(), limit=2)
    assert stats["article_id"].tolist() == ["a1", "a2"]
    assert stats["title"].iloc[0].startswith("Chinas KI-Offensive")
    assert stats[["n_comments", "n_replies", "n_negative", "n_neutral", "n_positive"]].iloc[0].tolist() == [
        5,
        2,
        2,
        1,
        2,
    ]


def test_by_period_counts_weeks_from_monday(reader):
    weeks = reader.query(queries.by_period, filters_from(), "week")
    assert list(weeks.columns)[:2] == ["week", "n_comments"]
    assert weeks["week"].tolist() == [dt.date(2025, 5, 19), dt.date(2025, 5, 26), dt.date(2025, 6, 2)]
    assert weeks["n_comments"].tolist() == [5, 3, 1]
    assert (weeks[["n_negative", "n_neutral", "n_positive"]].sum(axis=1) == weeks["n_comments"]).all()


def test_by_period_per_day_and_rejects_unknown_grains(reader):
    days = reader.query(queries.by_period, filters_from(articles=["a2"]), "day")
    assert days["day"].tolist() == [dt.date(2025, 5, 26), dt.date(2025, 5, 27)]
    with pytest.raises(ValueError):
        reader.query(queries.by_period, filters_from(), "hour; DROP TABLE comments")


def test_by_topic_counts_a_comment_once_per_topic(reader):
    topics = reader.query(queries.by_topic, filters_from()).set_index("topic")
    assert topics.loc["KI", "n_comments"] == 5
    assert topics.loc["China", "n_comments"] == 4


def test_polarity_by_depth_of_one_thread(reader):
    depths = reader.query(queries.polarity_by_depth, queries.thread_filters("a1"))
    assert depths["depth"].tolist() == [0, 1, 2]
    assert depths["mean_polarity"].tolist() == pytest.approx([(-0.6 + 0.0 + 0.7) / 3, 0.5, -0.4])


def test_thread_comments_are_one_article_in_order_and_none_for_no_article(reader):
    thread = reader.query(queries.thread_comments, "a1")
    assert thread["comment_id"].tolist() == ["c1", "c2", "c3", "c4", "c5"]
    assert reader.query(queries.thread_comments, None).empty


def test_comment_rows_page_through_with_titles(reader):
    filters = filters_from()
    everything = reader.query(queries.comment_rows, filters)
    page = reader.query(queries.comment_rows, filters, limit=3, offset=3)
    assert page["comment_id"].tolist() == everything["comment_id"].tolist()[3:6]
    assert list(page.columns[:3]) == ["comment_id", "article_id", "article_title"]
    assert page["article_title"].notna().all()
    assert reader.query(queries.count_comments, filters) == len(everything) == 9


def test_pickers_and_refresh_status(reader):
    options = reader.query(queries.article_options)
    assert options["article_id"].tolist() == ["a1", "a2", "a3"]
    assert reader.query(queries.topic_options)["topic"].tolist() == ["China", "KI", "Verkehr", "Wohnen"]
    bounds = reader.query(queries.date_bounds).iloc[0]
    assert (str(bounds["first_day"])[:10], str(bounds["last_day"])[:10]) == ("2025-05-19", "2025-06-02")
    last = reader.query(queries.last_refresh).iloc[0]
    assert last["run_id"] == "r1" and last["sentiment_engine"] == "textblob-de"
    assert last["finished_at"] == pd.Timestamp("2025-06-03T08:00:00Z")


def test_reader_picks_up_a_version_published_after_it_connected(fixture_store, reader, dashboard_frames, publish):
    first = reader.version
    assert reader.query(queries.count_comments, filters_from()) == 9
    extra = dashboard_frames["comments"].iloc[[0]].assign(comment_id="c11", position=7, text="Neu nach dem Refresh.")
    frames = dict(dashboard_frames, comments=pd.concat([dashboard_frames["comments"], extra]))
    publish(fixture_store, frames)
    assert reader.version != first
    assert reader.query(queries.count_comments, filters_from()) == 10
    assert reader.query(queries.comment_rows, filters_from(search="Refresh"))["comment_id"].tolist() == ["c11"]


def test_reader_moves_from_empty_store_to_first_version(empty_store, dashboard_frames, publish):
    reader = StoreReader(empty_store)
    assert reader.query(queries.article_options).empty
    publish(empty_store, dashboard_frames)
    assert reader.query(queries.article_options)["article_id"].tolist() == ["a1", "a2", "a3"]


def test_reader_serves_parallel_queries_across_a_version_switch(fixture_store, reader, dashboard_frames, publish):
    def count(_):
        return reader.query(queries.count_comments, filters_from())

    with ThreadPoolExecutor(max_workers=4) as pool:
        before = list(pool.map(count, range(12)))
        publish(fixture_store, dict(dashboard_frames, comments=dashboard_frames["comments"].iloc[:4]))
        after = list(pool.map(count, range(12)))
    assert set(before) == {9}
    assert set(after) == {4}


# --- stance, targets, depth, suggestions, engines ----------------------------------------------


def test_stance_by_article_counts_replies_only_most_replied_first(reader):
    stances = reader.query(queries.stance_by_article, filters_from())
    assert stances["article_id"].tolist() == ["a1", "a2"]  # a3 has no replies
    assert stances[["n_replies", "n_agree", "n_disagree", "n_neutral"]].values.tolist() == [[2, 0, 2, 0], [1, 1, 0, 0]]
    assert stances["share_disagree"].tolist() == [1.0, 0.0]
    assert reader.query(queries.stance_by_article, filters_from(), limit=1)["article_id"].tolist() == ["a1"]


def test_stance_by_period_counts_replies_per_week(reader):
    weeks = reader.query(queries.stance_by_period, filters_from(), "week")
    assert weeks["week"].tolist() == [dt.date(2025, 5, 19), dt.date(2025, 5, 26)]
    assert weeks[["n_replies", "n_agree", "n_disagree"]].values.tolist() == [[2, 0, 2], [1, 1, 0]]
    with pytest.raises(ValueError):
        reader.query(queries.stance_by_period, filters_from(), "year")


def test_target_stance_counts_published_comments_under_the_global_filters(reader):
    targets = reader.query(queries.target_stance, filters_from()).set_index("target")
    assert targets.index.tolist() == ["China", "EU"]
    # c6 (deleted) also says "against" China: it does not count.
    assert targets.loc["China", ["n_comments", "n_favor", "n_against", "n_none"]].tolist() == [3, 2, 1, 0]
    assert targets.loc["EU", ["n_comments", "n_articles", "n_against", "n_none"]].tolist() == [2, 2, 1, 1]
    only_a2 = reader.query(queries.target_stance, filters_from(articles=["a2"]))
    assert only_a2[["target", "n_against"]].values.tolist() == [["EU", 1]]
    negative = reader.query(queries.target_stance, filters_from(sentiments=["negative"]))
    assert negative[["target", "n_comments"]].values.tolist() == [["China", 1], ["EU", 1]]


def test_sentiment_by_depth_groups_the_deepest_levels(reader):
    depths = reader.query(queries.sentiment_by_depth, filters_from())
    assert depths["depth_label"].tolist() == ["0", "1", "2"]
    assert depths["n_comments"].tolist() == [6, 2, 1]
    assert depths["share_negative"].tolist() == pytest.approx([2 / 6, 0.0, 1.0])
    grouped = reader.query(queries.sentiment_by_depth, filters_from(), deepest=1)
    assert grouped["depth_label"].tolist() == ["0", "1+"]
    assert grouped[["n_comments", "n_negative"]].values.tolist() == [[6, 2], [3, 1]]


def test_suggested_topics_skip_covered_terms_and_read_only_the_newest_comments(reader, tmp_path):
    from etl.topics import load_topics

    terms = reader.query(queries.suggested_topics, filters_from(), None)
    assert list(terms.columns) == ["term", "kind", "count", "n_comments", "example"]
    assert terms["term"].tolist() == ["Europa"]  # in c1 and in a1's title
    assert terms["example"].iloc[0] == "Das ist ein Skandal, Europa schläft."
    topics_file = tmp_path / "topics.toml"
    topics_file.write_text('[topics."Europa"]\nkeywords = ["Europa"]\n', encoding="utf-8")
    assert reader.query(queries.suggested_topics, filters_from(), load_topics(topics_file)).empty
    # The two newest comments (c10, c8) do not name Europa, nor do their articles.
    assert reader.query(queries.suggested_topics, filters_from(), None, limit=2).empty


def test_engine_counts_and_recent_runs_name_the_engine(reader):
    assert reader.query(queries.engine_counts).values.tolist() == [["textblob-de", 9]]
    runs = reader.query(queries.recent_runs)
    assert runs[["run_id", "sentiment_engine", "n_loaded"]].values.tolist() == [["r1", "textblob-de", 10]]


def test_thread_comments_carry_the_stance_evidence(reader):
    thread = reader.query(queries.thread_comments, "a1").set_index("comment_id")
    assert thread.loc["c2", "stance_evidence"].startswith('disagree: "Nein"')


def test_auto_granularity_follows_the_span_of_the_matching_comments(reader):
    from dashboard.queries import time as time_queries

    version, cursor = reader.snapshot()
    with cursor:
        assert queries.granularity_for(cursor, filters_from(), "week") == "week"
        auto = queries.granularity_for(cursor, filters_from(), "auto")
        first, last = cursor.execute(
            "SELECT min(coalesce(c.created_at, a.published_at)), max(coalesce(c.created_at, a.published_at)) "
            "FROM comments c LEFT JOIN articles a USING (article_id)"
        ).fetchone()
    span = (last - first).days
    expected = next((grain for most, grain in time_queries.AUTO if span <= most), "month")
    assert auto == expected


def test_months_are_cut_in_utc(reader):
    frame = reader.query(queries.by_period, filters_from(), "month")
    assert list(frame.columns)[0] == "month" and all(day.day == 1 for day in frame["month"])
    assert frame["n_comments"].sum() == reader.query(queries.by_period, filters_from(), "day")["n_comments"].sum()
