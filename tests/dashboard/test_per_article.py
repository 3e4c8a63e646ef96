"""The per-article pre-aggregate `store_article_days` (issue 14, item 3) gives the article charts,
rankings and key figures the same numbers as the queries over every comment; a version written
before it gets it counted by the next run; and a query filtered on articles reads only their
segments, with the same answer and the same rowids."""

import dataclasses

import duckdb
import pandas as pd
import pytest
from paths import SAMPLE
from store_edits import one_more_comment, without_derived

from dashboard import queries
from dashboard.queries import articles, comments, days, moderation, per_article, time, topics
from dashboard.reader import StoreReader
from etl import config, pipeline, store
from etl.store import segments
from etl.store.filters import Filters

CASES = [
    Filters(),
    Filters(published_only=True),
    Filters(sentiments=("negative",), published_only=True),
    Filters(sentiments=("neutral", "positive")),
    Filters(statuses=("published",)),
    Filters(since="2025-04-14"),
    Filters(until="2025-04-13", published_only=True),
]

TOPIC_CASES = [*CASES, "one topic", "one topic, negative, since"]

READS = {
    "article_stats": lambda con, f: articles.article_stats(con, f),
    "top_negative_articles": lambda con, f: articles.top_negative_articles(con, f, limit=None, min_comments=2),
    "ranked by count": lambda con, f: articles.top_negative_articles(con, f, limit=5, min_comments=1, order="count"),
    "stance_by_article": lambda con, f: articles.stance_by_article(con, f),
    "stance ranking": lambda con, f: articles.stance_by_article(con, f, limit=5, min_replies=2, order="share"),
    "kpis": comments.kpis,
    "count_comments": comments.count_comments,
    "by_period, day": lambda con, f: time.by_period(con, f, "day"),
    "by_period, week": lambda con, f: time.by_period(con, f, "week"),
    "stance_by_period, month": lambda con, f: time.stance_by_period(con, f, "month"),
    "granularity_for": lambda con, f: time.granularity_for(con, f, "auto"),
    "sentiment_mix": comments.sentiment_mix,
    "comment_index": comments.comment_index,
    "removed_by_article": comments.removed_by_article,
    "topic_shares": topics.topic_shares,
    "by_topic": topics.by_topic,
    "votes_by_sentiment": comments.votes_by_sentiment,
    "target_stance": topics.target_stance,
    "count_flagged": lambda con, f: moderation.count_flagged(con, f, "needs_moderation", 0.5),
    "count_flagged, feedback": lambda con, f: moderation.count_flagged(con, f, "feedback", 0.5),
    "moderation_by_period, day": lambda con, f: moderation.moderation_by_period(con, f, 0.5, "day"),
    "moderation_by_period, week": lambda con, f: moderation.moderation_by_period(con, f, 0.5, "week"),
}


def case(con, filters):
    """The Filters of a case; the named ones filter on the store's most named topic."""
    if isinstance(filters, Filters):
        return filters
    topic = con.execute(
        "SELECT unnest(string_split(topics, ';')) AS t, count(*) FROM comments GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    ).fetchall()[0][0]
    if filters == "one topic":
        return Filters(topics=(topic,))
    return Filters(topics=(topic,), sentiments=("negative",), since="2025-04-14", published_only=True)


# Comments the moderation rules flag (the sample has none), on two articles and several days.
HOSTILE = [
    ("fn-x1", "", "fn-01", "2025-03-03T09:00:00Z", "Du Idiot, lies doch erst den Artikel.", ""),
    ("fn-x2", "fn-x1", "fn-01", "2025-03-03T09:05:00Z", "Sie sind ein Trottel! Du Vollidiot.", ""),
    ("fn-x3", "", "fn-01", "2025-03-04T10:00:00Z", "Halt die Klappe, du Depp.", ""),
    ("fn-x4", "", "fn-02", "2025-03-10T08:00:00Z", "Du Idiot hast keine Ahnung.", ""),
    ("fn-x5", "fn-x4", "fn-02", "2025-03-11T08:00:00Z", "Du bist ein Vollidiot, lies nochmal.", ""),
    ("fn-x6", "", "fn-02", "2025-04-14T12:00:00Z", "So ein Trottel, du Depp!", ""),
]
# Comments a source removed (the sample has none), on three articles.
REMOVED = [
    ("fn-r1", "", "fn-01", "2025-03-05T09:00:00Z", "Werbung: billige Uhren hier.", "spam"),
    ("fn-r2", "", "fn-03", "2025-03-06T09:00:00Z", "Gelöscht wegen Beleidigung.", "deleted"),
    ("fn-r3", "", "fn-03", "2025-04-02T09:00:00Z", "Noch ein gelöschter Beitrag.", "deleted"),
    ("fn-r4", "", "fn-04", "2025-04-03T09:00:00Z", "Im Papierkorb.", "trash"),
]


def hostile_csv(folder):
    """A comments file of HOSTILE and REMOVED in `folder`."""
    hostile = folder / "hostile.csv"
    rows = "".join(f'{c},{p},{a},Z,{t},"{text}",{status}\n' for c, p, a, t, text, status in HOSTILE + REMOVED)
    hostile.write_text("comment_id,parent_id,article_id,author,created_at,text,status\n" + rows, encoding="utf-8")
    return hostile


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("per-article")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 100)  # several segments
        pipeline.run([SAMPLE, hostile_csv(folder)], config.Settings(store_dir=folder / "store", workers=1))
    return folder / "store"


def assert_same(pre, full):
    if not hasattr(pre, "columns"):
        assert pre == full and type(pre) is type(full)
        return
    assert list(pre.columns) == list(full.columns)
    assert len(pre) == len(full)
    for column in pre.columns:
        if column.startswith(("mean_", "share_", "low", "high")):
            assert pre[column].to_numpy() == pytest.approx(full[column].to_numpy(), rel=1e-12, nan_ok=True)
        else:
            assert pre[column].tolist() == full[column].tolist(), column


@pytest.mark.parametrize("filters", TOPIC_CASES, ids=str)
@pytest.mark.parametrize("read", READS, ids=str)
def test_the_article_reads_count_the_same_from_the_pre_aggregate(sample_store, filters, read, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        filters = case(con, filters)
        assert per_article.answers(con, filters) and per_article.topics_answer(con, filters, articles=True)
        pre = READS[read](con, filters)
        if filters == Filters():  # the case selects something
            assert (pre > 0) if isinstance(pre, int) else isinstance(pre, str) or not pre.empty
        # The query over the comments: no pre-aggregate answers.
        monkeypatch.setattr(per_article, "answers", lambda con, filters: False)
        monkeypatch.setattr(per_article, "topics_answer", lambda con, filters, articles=False: False)
        monkeypatch.setattr(days, "answers", lambda con, filters: False)
        monkeypatch.setattr(days, "one_topic", lambda filters: False)
        assert_same(pre, READS[read](con, filters))


@pytest.mark.parametrize(
    "filters",
    [
        Filters(articles=("x",)),
        Filters(topics=("Politik", "Wirtschaft")),
        Filters(stances=("agree",)),
        Filters(sentiments=("mixed",)),
        Filters(search="Regierung"),
        Filters(signals=(("needs_moderation", 0.5),)),
        Filters(votes=(("positive_votes", 3),)),
    ],
    ids=str,
)
def test_filters_it_has_no_column_for_read_the_comments(sample_store, filters):
    with store.connect_readonly(sample_store) as con:
        assert not per_article.answers(con, filters) and not per_article.topics_answer(con, filters)


def test_a_version_without_the_pre_aggregate_gets_it_counted_by_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    current = store.current_path(settings.store_dir)
    with duckdb.connect(str(current)) as con:  # as the previous Diskurs wrote it
        con.execute("DROP TABLE store_article_days")
    with store.connect_readonly(settings.store_dir) as con:
        assert not per_article.answers(con, Filters())
        full = articles.article_stats(con, Filters())
        first = con.execute("SELECT min(segment) FROM store_segments").fetchall()[0][0]
        article = con.execute("SELECT article_id FROM store_articles WHERE segment = ? LIMIT 1", [first]).fetchall()
        n_segments = con.execute("SELECT count(*) FROM store_segments").fetchall()[0][0]
    assert n_segments > 2
    one_more_comment(settings, article[0][0])
    with store.connect_readonly(settings.store_dir) as con:
        assert per_article.answers(con, Filters())
        counted = con.execute(
            "SELECT count(DISTINCT segment), sum(" + " + ".join(pair_columns()) + ") FROM store_article_days"
        ).fetchall()[0]
        assert counted == (n_segments, con.execute("SELECT count(*) FROM comments").fetchall()[0][0])
        after = articles.article_stats(con, Filters())
    grown = after.set_index("article_id")["n_comments"] - full.set_index("article_id")["n_comments"]
    assert grown.to_dict() == {a: int(a == article[0][0]) for a in full["article_id"]}


def test_segments_written_before_the_topic_counts_per_article_get_them_in_files_of_their_own(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    table = per_article.TOPIC_ARTICLE_TABLE
    without_derived(settings.store_dir, table)
    with store.connect_readonly(settings.store_dir) as con:
        topic = case(con, "one topic").topics[0]
        assert not per_article.answers(con, Filters(topics=(topic,)))
        first, article = con.execute(
            "SELECT segment, article_id FROM store_articles ORDER BY segment, article_id LIMIT 1"
        ).fetchall()[0]
        n_segments = con.execute("SELECT count(*) FROM store_segments").fetchall()[0][0]
    one_more_comment(settings, article)
    with store.connect_readonly(settings.store_dir) as con:
        rows = con.execute("SELECT segment, file FROM store_files WHERE tbl = ? ORDER BY segment", [table]).fetchall()
        assert len(rows) == n_segments  # every segment counted
        own = [file for segment, file in rows if file.startswith(f"segments/{table}-")]
        assert len(own) == n_segments - 1  # the kept ones in files of their own; the rewritten one in its file
        cases = (Filters(), Filters(topics=(topic,)))
        counted = [(per_article.answers(con, f), topics.by_topic(con, f)) for f in cases]
        monkeypatch.setattr(per_article, "topics_answer", lambda con, filters, articles=False: False)
        for (answered, pre), f in zip(counted, cases, strict=True):
            assert answered
            assert_same(pre, topics.by_topic(con, f))
    one_more_comment(settings, article)  # the counts' own files are carried over, not written again
    with store.connect_readonly(settings.store_dir) as con:
        again = {row[0] for row in con.execute("SELECT file FROM store_files WHERE tbl = ?", [table]).fetchall()}
        assert set(own) <= again and len(again) == n_segments


def pair_columns():
    from etl.store.aggregates import SENTIMENT_BUCKETS, STANCE_BUCKETS, pair_column

    return [pair_column(s, t) for s in SENTIMENT_BUCKETS for t in STANCE_BUCKETS]


def test_a_query_on_articles_reads_only_their_segments_with_the_same_answer(sample_store):
    reader = StoreReader(sample_store)
    version, cursor = reader.snapshot()
    article, segment = cursor.execute(
        "SELECT article_id, segment FROM store_articles ORDER BY segment DESC, article_id LIMIT 1"
    ).fetchall()[0]
    filters = Filters(articles=(article,))
    whole = comments.comment_rows(cursor, filters, limit=1000, offset=0)
    index = comments.comment_index(cursor, filters)
    assert len(whole) > 0
    narrowed = reader.snapshot()[1]
    assert store.narrow(narrowed, [article])
    files = narrowed.execute("SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'comments'")
    assert files.fetchall()[0][0] == 1
    # The narrowed view holds only the article's comments (its span in its segment: etl.store.spans),
    # with the rowids of the version's view.
    held = narrowed.execute("SELECT count(*) FROM comments").fetchall()[0][0]
    in_segment = narrowed.execute("SELECT n_comments FROM store_segments WHERE segment = ?", [segment]).fetchall()
    of_article = cursor.execute("SELECT count(*) FROM main.comments WHERE article_id = ?", [article]).fetchall()
    assert held == of_article[0][0] < in_segment[0][0]
    assert_same(comments.comment_rows(narrowed, filters, limit=1000, offset=0), whole)
    assert_same(comments.comment_index(narrowed, filters), index)
    rowids = "SELECT comment_id, rowid FROM comments WHERE article_id = ? ORDER BY comment_id"
    assert narrowed.execute(rowids, [article]).fetchall() == cursor.execute(rowids, [article]).fetchall()
    # Through the reader (which narrows every query filtered on articles): the same key figures.
    assert_same(reader.query(queries.kpis, filters), comments.kpis(cursor, filters))


def test_a_versions_narrowed_views_are_kept_and_the_next_version_gets_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    count = "SELECT count(*) FROM comments"

    def narrowed_count(article):
        with store.connect_readonly(settings.store_dir) as con:
            version = con.execute("SELECT current_database()").fetchall()[0][0]
            assert store.narrow(con, [article])
            return version, con.execute(count).fetchall()[0][0]

    with store.connect_readonly(settings.store_dir) as con:
        article = con.execute("SELECT article_id FROM store_articles ORDER BY segment LIMIT 1").fetchall()[0][0]
        whole = con.execute(count + " WHERE article_id = ?", [article]).fetchall()[0][0]
        segment_size = con.execute(
            "SELECT n_comments FROM store_segments JOIN store_articles USING (segment) WHERE article_id = ?", [article]
        ).fetchall()[0][0]
    version, first = narrowed_count(article)
    # Kept for the version; the view holds the article's span of its segment.
    assert (version, "narrow", (article,), None) in segments._KEPT and first == whole < segment_size
    assert narrowed_count(article) == (version, first)  # from the kept views: the same rows
    one_more_comment(settings, article)  # a new version, whose segment of that article is a new file
    newer, after = narrowed_count(article)
    assert newer != version and after == first + 1


def test_the_thread_reads_one_segment_and_leaves_the_connection_reading_all(sample_store):
    from dashboard.queries import thread

    with store.connect_readonly(sample_store) as con:
        everything = con.execute("SELECT count(*) FROM comments").fetchall()[0][0]
        article = con.execute("SELECT article_id FROM articles ORDER BY n_comments DESC LIMIT 1").fetchall()[0][0]
        outline = thread.thread_outline(con, article)
        cards = thread.thread_cards(con, article, outline["comment_id"][:5])
        assert thread.article_exists(con, article) and len(outline) > 5
        assert cards["comment_id"].tolist() == outline["comment_id"][:5].tolist()
        assert con.execute("SELECT count(*) FROM comments").fetchall()[0][0] == everything
        with store.narrowed(con, [article]):
            assert 0 < con.execute("SELECT count(*) FROM comments").fetchall()[0][0] < everything
        assert con.execute("SELECT count(*) FROM comments").fetchall()[0][0] == everything


def flagged_reference(con, filters, signal, threshold, order, limit):
    """The moderation queue as one query over every comment (what flagged_comments gave before it
    chose its rows first): the reference its two steps must equal."""
    from etl.store.filters import JOIN, TIME_BASIS, comment_where

    orders = {
        "newest": f"{TIME_BASIS} DESC NULLS LAST, c.comment_id",
        "score": "score DESC, c.comment_id",
        "article": "n_article DESC, c.article_id, score DESC, c.comment_id",
    }
    reasons = {"needs_moderation": "moderation_reasons", "feedback": "feedback_reasons", "argument": "argument_reasons"}
    reasons = reasons[signal]
    where, params = comment_where(filters)
    sql = f"""
        SELECT c.comment_id, c.article_id, a.title, a.url, c.author, c.created_at, c.text, c.parent_id, c.depth,
               c.{signal} AS score, c.{reasons} AS reasons, count(*) OVER (PARTITION BY c.article_id) AS n_article
        {JOIN} WHERE {where} AND c.{signal} >= ? ORDER BY {orders[order]} LIMIT ?"""
    return con.execute(sql, [*params, threshold, limit]).df()


@pytest.mark.parametrize("order", ["newest", "score", "article"])
@pytest.mark.parametrize(
    "filters", [Filters(), Filters(published_only=True, since="2025-04-14"), Filters(sentiments=("negative",))], ids=str
)
def test_the_moderation_queue_chooses_its_rows_first_with_the_same_result(sample_store, filters, order):
    from dashboard.queries import moderation

    with store.connect_readonly(sample_store) as con:
        # 0.5 is the threshold store_days counts at: the newest first then read only their days' segments.
        cases = [
            (signal, threshold, limit)
            for signal in ("needs_moderation", "feedback")
            for threshold in (0.5, 0.1)
            for limit in (1, 4, 25, 1000)
        ] + [("argument", 0.3, 25)]
        for signal, threshold, limit in cases:
            queue = moderation.flagged_comments(con, filters, signal, threshold, order, limit=limit)
            reference = flagged_reference(con, filters, signal, threshold, order, limit)
            assert len(queue) > 0 or filters != Filters()
            assert_same(queue, reference)
            narrowed = "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'comments'"
            assert con.execute(narrowed).fetchall()[0][0] == 0  # the connection reads every segment again


def alert_reference(con, start, end, threshold):
    """alert_counts as it was: one scan of the comments per signal, titles from the articles."""
    from etl.store.filters import JOIN, TIME_BASIS
    from etl.store.queries import ALERT_SIGNALS

    window = " AND ".join(
        ["TRUE"] + [f"{TIME_BASIS} {op} ?" for bound, op in ((start, ">="), (end, "<=")) if bound is not None]
    )
    bounds = [bound.to_pydatetime() for bound in (start, end) if bound is not None]
    parts, params = [], []
    for signal, (counted, hit, _) in ALERT_SIGNALS.items():
        parts.append(
            f"SELECT '{signal}' AS signal, c.article_id, ({window}) AS in_window, count(*) AS n, "
            f"count(*) FILTER ({hit}) AS hits {JOIN} "
            f"WHERE coalesce(c.status, 'published') = 'published' AND {counted} GROUP BY ALL"
        )
        params += bounds + ([threshold] if "?" in hit else [])
    sql = f"""
        WITH counts AS ({" UNION ALL ".join(parts)}),
             totals AS (SELECT signal, sum(n) AS all_n, sum(hits) AS all_hits FROM counts GROUP BY signal)
        SELECT w.article_id, t.title, w.signal, w.n, w.hits, totals.all_n - w.n AS rest_n,
               totals.all_hits - w.hits AS rest_hits
        FROM counts w JOIN totals USING (signal)
        LEFT JOIN (SELECT article_id, any_value(title) AS title FROM articles GROUP BY article_id) t USING (article_id)
        WHERE w.in_window ORDER BY w.signal, w.article_id"""
    frame = con.execute(sql, params).df()
    return frame.astype({"n": "int64", "hits": "int64", "rest_n": "int64", "rest_hits": "int64"})


ALERT_WINDOWS = [
    ("2025-04-14", None),
    ("2000-01-01", None),
    (None, None),
    (None, "2025-04-12"),
    ("2025-04-12 06:30", "2025-04-14 18:00"),
    ("2031-01-01", None),  # nothing in the window
]


@pytest.mark.parametrize("threshold", [0.5, 0.05])  # store_days counts at 0.5; any other is scanned
@pytest.mark.parametrize("window", ALERT_WINDOWS, ids=str)
def test_the_alert_counts_read_the_windows_segments_with_the_same_result(sample_store, window, threshold):
    import pandas as pd

    from etl.store import queries as shared

    start, end = (None if bound is None else pd.Timestamp(bound, tz="UTC") for bound in window)
    with store.connect_readonly(sample_store) as con:
        counts = shared.alert_counts(con, start, end, threshold)
        assert len(counts) > 0 or window[0] == "2031-01-01"
        assert_same(counts, alert_reference(con, start, end, threshold))


def test_the_alert_bounds_read_the_first_and_last_days_segments(sample_store):
    from etl.store import queries as shared
    from etl.store.filters import JOIN, TIME_BASIS

    with store.connect_readonly(sample_store) as con:
        full = con.execute(
            f"SELECT min({TIME_BASIS}), max({TIME_BASIS}) {JOIN} WHERE coalesce(c.status, 'published') = 'published'"
        ).fetchall()[0]
        assert shared._days_count_alerts(con)
        first, last = shared.alert_bounds(con)
        assert (first, last) == tuple(pd_utc(value) for value in full) and first < last


def pd_utc(value):
    import pandas as pd

    return pd.Timestamp(value).tz_convert("UTC")


def test_the_statuses_count_the_same_from_the_pre_aggregate(sample_store):
    with store.connect_readonly(sample_store) as con:
        counted = comments.statuses(con)
        full = con.execute("""
            SELECT coalesce(nullif(status, ''), 'published') AS status, count(*) AS n_comments
            FROM comments GROUP BY 1 ORDER BY n_comments DESC, 1""").df()
        assert len(counted) >= 1  # the sample holds published comments only
        assert_same(counted, full)


def test_the_pre_aggregates_count_the_labels_the_dashboard_shows():
    from dashboard.queries import labels
    from etl.store import aggregates

    assert aggregates.SENTIMENTS == labels.SENTIMENTS and aggregates.STANCES == labels.STANCES


def test_a_pre_aggregate_whose_columns_changed_is_counted_again(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    with duckdb.connect(str(store.current_path(settings.store_dir))) as con:  # an earlier shape of it
        con.execute("ALTER TABLE store_topic_days ADD COLUMN article_id VARCHAR")
    one_more_comment(settings, "fn-01", "Neu.")
    with store.connect_readonly(settings.store_dir) as con:
        columns = [row[0] for row in con.execute("SELECT column_name FROM (DESCRIBE store_topic_days)").fetchall()]
        assert "article_id" not in columns
        counted = con.execute("SELECT count(DISTINCT segment) FROM store_topic_days").fetchall()[0][0]
        holding = con.execute(
            "SELECT count(DISTINCT segment) FROM comments c JOIN store_articles USING (article_id) "
            "WHERE coalesce(c.topics, '') <> ''"
        ).fetchall()[0][0]
        assert counted == holding > 2


def test_the_topic_options_are_the_same_from_the_pre_aggregate(sample_store, monkeypatch):
    from etl.store import queries as shared

    with store.connect_readonly(sample_store) as con:
        pre = topics.topic_options(con)
        assert len(pre) > 1
        monkeypatch.setattr(shared, "has_table", lambda con, table: False)
        assert_same(pre, topics.topic_options(con))


def test_the_last_refresh_names_the_comments_engine_only_for_a_run_that_did_not_say(sample_store):
    from dashboard.queries import runs

    with store.connect_readonly(sample_store) as con:
        said = runs.last_refresh(con)
        assert said["sentiment_engine"].tolist() == [con.execute("SELECT sentiment_engine FROM runs").fetchall()[0][0]]
        database = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute(
            f'CREATE TEMP VIEW runs AS SELECT * REPLACE (NULL::VARCHAR AS sentiment_engine) FROM "{database}".main.runs'
        )
        unsaid = runs.last_refresh(con)
        named = con.execute("SELECT any_value(sentiment_engine) FROM comments").fetchall()[0][0]
        assert named and unsaid["sentiment_engine"].tolist() == [named]
        assert unsaid["run_id"].tolist() == said["run_id"].tolist()


def test_store_days_counts_the_flagged_comments_at_the_default_threshold_only(sample_store):
    with store.connect_readonly(sample_store) as con:
        rows = days.flagged_rows(con, Filters(), "needs_moderation", 0.5)
        held, first_day = days.newest_flagged(con, rows, "needs_moderation", 4)
        hostile_days = sorted({row[3][:10] for row in HOSTILE}, reverse=True)
        assert str(first_day) in hostile_days[:4] and len(held) >= 1
        # Fewer than asked: every segment holding one, from their first day.
        flagged = "SELECT DISTINCT segment FROM store_days WHERE n_moderation_flagged > 0"
        every = {row[0] for row in con.execute(flagged).fetchall()}
        assert days.newest_flagged(con, rows, "needs_moderation", 10_000) == (every, None) and every
        topic = case(con, "one topic").topics[0]
        for signal in ("needs_moderation", "feedback"):
            assert days.answers_flagged(con, Filters(published_only=True), signal, 0.5)
            assert moderation.count_flagged(con, Filters(), signal, 0.5) > 0
            assert not days.answers_flagged(con, Filters(published_only=True), signal, 0.45)
            assert not days.answers_flagged(con, Filters(topics=("KI",)), signal, 0.5)
            # One topic: its own day counts; two topics would count a comment of both twice.
            assert days.flagged_rows(con, Filters(topics=(topic,), since="2025-03-01"), signal, 0.5)[0] == (
                "store_topic_days"
            )
            assert days.flagged_rows(con, Filters(topics=(topic, "KI")), signal, 0.5) is None
            assert days.flagged_rows(con, Filters(topics=(topic,), sentiments=("negative",)), signal, 0.5) is None
            assert days.flagged_rows(con, Filters(topics=(topic,)), signal, 0.45) is None
        assert not days.answers_flagged(con, Filters(), "argument", 0.5)
        assert days.flagged_rows(con, Filters(topics=(topic,)), "argument", 0.5) is None


@pytest.mark.parametrize(
    "named", ["one topic", "one topic, published", "one topic, since", "one topic, negative, since"]
)
def test_the_flagged_comments_of_one_topic_are_the_same_from_its_day_counts(sample_store, named):
    from etl.store.filters import comment_where, from_clause

    with store.connect_readonly(sample_store) as con:
        topic = con.execute(  # the topic most flagged comments name (those of the articles HOSTILE is on)
            """SELECT unnest(string_split(topics, ';')) AS t, count(*) FROM comments
               WHERE needs_moderation >= 0.5 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"""
        ).fetchall()[0][0]
        filters = {
            "one topic": Filters(topics=(topic,)),
            "one topic, published": Filters(topics=(topic,), published_only=True),
            "one topic, since": Filters(topics=(topic,), since="2025-03-04"),
            "one topic, negative, since": Filters(topics=(topic,), sentiments=("negative",), since="2025-03-04"),
        }[named]
        where, params = comment_where(filters)
        for signal in ("needs_moderation", "feedback"):
            full = f"SELECT count(*) {from_clause(where)} WHERE {where} AND c.{signal} >= 0.5"
            expected = con.execute(full, params).fetchall()[0][0]
            # Counted from the topic's days, or (with a sentiment) read from the comments.
            assert (days.flagged_rows(con, filters, signal, 0.5) is None) == bool(filters.sentiments)
            assert moderation.count_flagged(con, filters, signal, 0.5) == expected
            assert expected > 0 or named == "one topic, negative, since" or signal == "feedback"
            # By article: the articles with most from the topic's per-article counts of flagged comments.
            assert per_article.answers_flagged(con, filters, signal, 0.5, comments=False) == (not filters.sentiments)
            for order in ("newest", "article"):
                for limit in (1, 2, 4, 1000):
                    queue = moderation.flagged_comments(con, filters, signal, 0.5, order, limit=limit)
                    assert_same(queue, flagged_reference(con, filters, signal, 0.5, order, limit))


def test_the_engine_counts_are_the_same_from_the_pre_aggregate(sample_store, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        assert days.counts_engines(con)
        pre = comments.engine_counts(con)
        assert pre["n_comments"].sum() > 0
        monkeypatch.setattr(days, "counts_engines", lambda con: False)
        assert_same(pre, comments.engine_counts(con))


def test_the_comment_extras_are_the_same_from_the_pre_aggregate(sample_store, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        assert days.counts_votes(con)
        pre = comments.comment_extras(con)
        # The sample has no votes (tests/dashboard/test_comments.py counts them on a store that has).
        assert pre["n_with_votes"].tolist() == [0] and pre["n_removed"].tolist() == [len(REMOVED)]
        monkeypatch.setattr(days, "counts_votes", lambda con: False)
        assert_same(pre, comments.comment_extras(con))


def test_the_target_stances_are_counted_per_segment_for_the_filters_store_days_has(sample_store):
    from etl.store import targets
    from etl.store.queries import has_table

    with store.connect_readonly(sample_store) as con:
        assert has_table(con, targets.TABLE)
        counted = topics.target_stance(con, Filters(published_only=True))
        assert len(counted) > 1 and (counted["n_articles"] >= 1).all()
        total = con.execute("SELECT count(*) FROM target_stances").fetchall()[0][0]
        assert counted["n_comments"].sum() == total  # the sample publishes every comment


@pytest.mark.parametrize("named", ["one topic", "one topic, published since", "one topic, negative"])
def test_the_target_stances_of_one_topic_are_counted_per_topic(sample_store, named, monkeypatch):
    from etl.store import targets

    with store.connect_readonly(sample_store) as con:
        topic = con.execute(  # the topic most target stances are under
            """SELECT unnest(string_split(c.topics, ';')) AS t, count(*) FROM target_stances s
               JOIN comments c USING (article_id, comment_id) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"""
        ).fetchall()[0][0]
        filters = {
            "one topic": Filters(topics=(topic,)),
            "one topic, published since": Filters(topics=(topic,), published_only=True, since="2025-03-04"),
            "one topic, negative": Filters(topics=(topic,), sentiments=("negative",)),
        }[named]
        assert days.one_topic(filters) == (named != "one topic, negative")
        assert con.execute(f"SELECT count(*) FROM {targets.TOPIC_TABLE} WHERE topic = ?", [topic]).fetchall()[0][0]
        counted = topics.target_stance(con, filters)
        assert not counted.empty or named == "one topic, negative"
        monkeypatch.setattr(days, "one_topic", lambda filters: False)  # joined to the comments
        assert_same(counted, topics.target_stance(con, filters))


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(sentiments=("negative",)),
        Filters(since="2025-03-01", until="2025-04-10"),
        Filters(published_only=True),
    ],
    ids=str,
)
@pytest.mark.parametrize("limit", [1, 7, 60, 100_000])
def test_the_newest_comments_are_the_same_read_from_the_last_days_segments_only(sample_store, filters, limit):
    from etl.store.queries import newest_comments

    with store.connect_readonly(sample_store) as con:
        assert days.answers(con, filters)
        newest = days.newest_days(con, filters, limit)
        held, first = newest
        assert (first is None) == (limit == 100_000)  # fewer than asked: every day of their segments
        every = {row[0] for row in con.execute("SELECT segment FROM store_segments").fetchall()}
        assert held < every or limit >= 60  # the last days' segments, not all of them
        full = newest_comments(con, filters, limit)
        assert len(full) == min(limit, full.shape[0]) and not full.empty
        pd.testing.assert_frame_equal(newest_comments(con, filters, limit, newest), full)


@pytest.mark.parametrize("filters", [Filters(), "one topic", "one topic, negative, since"], ids=str)
def test_topic_suggestions_are_the_same_from_the_last_days_segments(sample_store, filters, monkeypatch):
    from etl.store.queries import newest_comments

    with store.connect_readonly(sample_store) as con:
        filters = case(con, filters)
        pre = topics.suggested_topics(con, filters, None, limit=40)
        assert not pre.empty or filters.sentiments
        if filters.topics:  # the newest of one topic from its days' counts: the same comments
            for limit in (1, 7, 40, 100_000):
                newest = per_article.newest_days(con, filters, limit)
                assert_same(newest_comments(con, filters, limit, newest), newest_comments(con, filters, limit))
        monkeypatch.setattr(days, "answers", lambda con, filters: False)
        monkeypatch.setattr(per_article, "topics_answer", lambda con, filters, articles=False: False)
        pd.testing.assert_frame_equal(pre, topics.suggested_topics(con, filters, None, limit=40))


@pytest.mark.parametrize(
    "sort",
    [(), (("n_comments", "asc"),), (("mean_polarity", "desc"),), (("title", "asc"), ("n_replies", "desc"))],
    ids=str,
)
@pytest.mark.parametrize("offset", [0, 4, 11, 10_000])
def test_an_articles_block_is_the_block_of_every_article_sorted(sample_store, sort, offset):
    """The grid's block sorted by the store is that of the whole table sorted by pandas, as the grid
    did before (stable, empty values last, ties in the table's order)."""
    with store.connect_readonly(sample_store) as con:
        stats = articles.article_stats(con, Filters())
        block, total = articles.article_block(con, Filters(), sort, 3, offset)
        with pytest.raises(ValueError, match="cannot sort"):
            articles.article_block(con, Filters(), (("url; --", "asc"),), 5, 0)
    assert total == len(stats) > 11
    if sort:
        stats = stats.sort_values(
            [column for column, _ in sort],
            ascending=[direction == "asc" for _, direction in sort],
            kind="stable",
            na_position="last",
        )
    expected = stats.iloc[offset : offset + 3].reset_index(drop=True)
    assert list(block.columns) == list(expected.columns)
    if len(expected):  # past the last row: no rows (DuckDB types no column of an empty result)
        pd.testing.assert_frame_equal(block, expected)
    assert len(block) == len(expected)


MODERATION_CASES = [
    Filters(),
    Filters(published_only=True),
    Filters(since="2025-03-03", until="2025-03-11"),
    Filters(statuses=("published", "deleted")),
]


@pytest.mark.parametrize("filters", MODERATION_CASES, ids=str)
def test_the_moderation_articles_are_the_same_from_the_pre_aggregate(sample_store, filters, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        assert per_article.answers_flagged(con, filters, "needs_moderation", 0.5)
        pre = moderation.moderation_by_article(con, filters, 0.5, limit=5)
        assert not pre.empty  # the hostile comments
        monkeypatch.setattr(per_article, "answers_flagged", lambda *args, **kwargs: False)
        assert_same(pre, moderation.moderation_by_article(con, filters, 0.5, limit=5))


@pytest.mark.parametrize("filters", MODERATION_CASES, ids=str)
@pytest.mark.parametrize("signal", ["needs_moderation", "feedback"])
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_the_queue_by_article_is_the_same_from_the_pre_aggregate(sample_store, filters, signal, limit, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        assert per_article.answers_flagged(con, filters, signal, 0.5)
        pre = moderation.flagged_comments(con, filters, signal, 0.5, order="article", limit=limit)
        monkeypatch.setattr(per_article, "answers_flagged", lambda *args, **kwargs: False)
        full = moderation.flagged_comments(con, filters, signal, 0.5, order="article", limit=limit)
    pd.testing.assert_frame_equal(pre, full)
    assert 0 < len(pre) <= limit


SENTIMENT_CASES = [
    Filters(sentiments=("negative",)),
    Filters(sentiments=("negative", "neutral"), published_only=True),
    Filters(sentiments=("positive", "neutral"), since="2025-03-03", until="2025-03-11"),
    Filters(sentiments=("negative",), statuses=("published", "deleted")),
]


@pytest.mark.parametrize("filters", SENTIMENT_CASES, ids=str)
@pytest.mark.parametrize("signal", ["needs_moderation", "feedback"])
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_the_queue_by_article_of_some_sentiments_is_the_same_from_the_pre_aggregate(
    sample_store, filters, signal, limit, monkeypatch
):
    with store.connect_readonly(sample_store) as con:
        assert per_article.answers_flagged(con, filters, signal, 0.5, comments=False)
        pre = moderation.flagged_comments(con, filters, signal, 0.5, order="article", limit=limit)
        monkeypatch.setattr(per_article, "answers_flagged", lambda *args, **kwargs: False)
        full = moderation.flagged_comments(con, filters, signal, 0.5, order="article", limit=limit)
    pd.testing.assert_frame_equal(pre, full)
    assert len(pre) <= limit
    if filters.sentiments == ("negative",):  # the hostile comments
        assert len(pre) > 0


def test_a_version_without_the_flagged_counts_per_sentiment_gets_them_counted_by_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE, hostile_csv(tmp_path)], settings)
    with duckdb.connect(str(store.current_path(settings.store_dir))) as con:  # as the previous Diskurs wrote it
        con.execute(f"DROP TABLE {per_article.ARTICLE_FLAGS_TABLE}")
    negative = Filters(sentiments=("negative",))
    with store.connect_readonly(settings.store_dir) as con:
        assert not per_article.answers_flagged(con, negative, "feedback", 0.5, comments=False)
        before = moderation.flagged_comments(con, negative, "needs_moderation", 0.5, order="article", limit=50)
        article = con.execute("SELECT min(article_id) FROM store_articles").fetchall()[0][0]
        n_segments = con.execute("SELECT count(*) FROM store_segments").fetchall()[0][0]
    assert n_segments > 2 and len(before) > 0
    one_more_comment(settings, article)
    with store.connect_readonly(settings.store_dir) as con:
        assert per_article.answers_flagged(con, negative, "feedback", 0.5, comments=False)
        counted = con.execute(
            f"SELECT sum(n_moderation_flagged), count(DISTINCT segment) FROM {per_article.ARTICLE_FLAGS_TABLE}"
        ).fetchall()[0]
        expected = con.execute(
            """SELECT count(*) FILTER (needs_moderation >= 0.5), count(DISTINCT s.segment)
               FROM comments c JOIN store_articles s USING (article_id)
               WHERE needs_moderation >= 0.5 OR feedback >= 0.5"""
        ).fetchall()[0]
        assert counted == expected  # every segment counted, the ones kept too
        after = moderation.flagged_comments(con, negative, "needs_moderation", 0.5, order="article", limit=50)
    pd.testing.assert_frame_equal(before, after)


def test_the_flagged_counts_per_article_answer_only_what_they_count(sample_store):
    with store.connect_readonly(sample_store) as con:
        assert not per_article.answers_flagged(con, Filters(sentiments=("negative",)), "needs_moderation", 0.5)
        assert not per_article.answers_flagged(con, Filters(topics=("KI",)), "needs_moderation", 0.5)
        # The flagged comments alone (no count of every comment): one topic too, not two; sentiments
        # too, but not with a topic, nor a stance.
        assert per_article.answers_flagged(con, Filters(topics=("KI",)), "feedback", 0.5, comments=False)
        assert not per_article.answers_flagged(con, Filters(topics=("KI", "EU")), "feedback", 0.5, comments=False)
        negative = Filters(sentiments=("negative",), since="2025-03-03")
        assert per_article.answers_flagged(con, negative, "feedback", 0.5, comments=False)
        assert not per_article.answers_flagged(con, negative, "feedback", 0.45, comments=False)
        for other in (dataclasses.replace(negative, topics=("KI",)), dataclasses.replace(negative, stances=("agree",))):
            assert not per_article.answers_flagged(con, other, "feedback", 0.5, comments=False)
        assert not per_article.answers_flagged(con, Filters(), "needs_moderation", 0.4)
        assert not per_article.answers_flagged(con, Filters(), "argument", 0.5)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(published_only=True, sentiments=("negative",)),
        Filters(stances=("disagree",)),
        Filters(topics=("Politik", "Wirtschaft")),
        Filters(articles=("fn-01",)),
        Filters(search="Regierung"),
    ],
    ids=str,
)
def test_the_comments_count_is_the_number_of_rows_the_grid_pages_through(sample_store, filters):
    from dashboard.components import grid

    reader = StoreReader(sample_store)
    index = reader.query(queries.comment_index, filters)
    assert grid.matching(reader, filters) == int(index["n_comments"].sum())
    assert grid.matching(reader, filters) > 0 or filters.topics


@pytest.mark.parametrize(
    "search, include, limit",
    [
        (None, (), 300),
        ("fn", (), 300),
        (None, (), 3),
        (None, ("fn-06",), 2),
        ("zzzz", ("fn-01", "fn-02"), 5),
        ("0", (), 1),
    ],
)
def test_the_article_picker_s_options_are_the_top_of_every_article_ordered(sample_store, search, include, limit):
    """article_options picks its top on the sort keys: the same as numbering every article."""
    with store.connect_readonly(sample_store) as con:
        options = articles.article_options(con, search, include, limit)
        every = con.execute(
            """SELECT article_id, coalesce(title, article_id) AS title, coalesce(n_comments, 0) AS n_comments,
                      published_at FROM store_article_info
               ORDER BY coalesce(n_comments, 0) DESC, published_at DESC NULLS LAST, coalesce(title, article_id)"""
        ).df()
    needle = (search or "").lower()
    matching = every[
        every["title"].str.lower().str.contains(needle) | every["article_id"].str.lower().str.contains(needle)
    ]
    kept = set(matching["article_id"].head(limit)) | set(include)
    expected = every[every["article_id"].isin(kept)].drop(columns="published_at").reset_index(drop=True)
    pd.testing.assert_frame_equal(options, expected)
    assert len(options) > 0


@pytest.mark.parametrize(
    "keys", ["n_replies DESC", "n_negative DESC, n_comments DESC", '"mean_polarity" ASC NULLS LAST']
)
@pytest.mark.parametrize("limit", [0, 1, 2, 3, 5, 8, 100])
def test_a_ranking_s_top_holds_every_article_tied_with_its_last(sample_store, keys, limit):
    """articles._titled's top-N and ties: the articles whose rank() is at most `limit`."""
    with store.connect_readonly(sample_store) as con:
        per, params = articles._per_article(con, Filters())
        titled = articles._titled(con, per, "TRUE", keys, limit)
        chosen = {row[0] for row in con.execute(f"SELECT article_id FROM ({titled})", params).fetchall()}
        ranked = con.execute(
            f"SELECT article_id FROM ({per}) QUALIFY rank() OVER (ORDER BY {keys}) <= ?", [*params, limit]
        )
        assert chosen == {row[0] for row in ranked.fetchall()}
        assert len(chosen) >= min(limit, 13)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(published_only=True),
        Filters(statuses=("published",)),
        Filters(statuses=("deleted",)),
        Filters(published_only=True, topics=("top",)),
    ],
    ids=str,
)
def test_the_articles_per_topic_of_one_status_are_the_same_from_their_counts(sample_store, filters, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        filters = case(con, "one topic") if filters.topics else filters
        filters = dataclasses.replace(filters, published_only=True) if filters.topics else filters
        sql, _ = per_article.topic_counts_sql(con, filters)
        assert per_article.TOPIC_ARTICLES in sql
        pre = topics.by_topic(con, filters)
        assert not pre.empty or filters.statuses == ("deleted",)
        monkeypatch.setattr(per_article, "topics_answer", lambda con, filters, articles=False: False)
        assert_same(pre, topics.by_topic(con, filters))


BLOCK_CASES = [*CASES, Filters(stances=("disagree",)), Filters(search="die", published_only=True), "one topic"]


@pytest.mark.parametrize("newest", [comments.NEWEST_ARTICLES, 0, 1])
@pytest.mark.parametrize("filters", BLOCK_CASES, ids=str)
def test_a_blocks_articles_are_those_of_the_whole_index(sample_store, filters, newest, monkeypatch):
    # Looked for among the newest articles first (all of the sample's, or one or a few of them,
    # then again among all when those end before the block does): the same articles either way.
    monkeypatch.setattr(comments, "NEWEST_ARTICLES", newest)
    with store.connect_readonly(sample_store) as con:
        filters = case(con, filters)
        whole = comments.comment_index(con, filters)
        assert not whole.empty
        total = int(whole["n_comments"].sum())
        for limit, offset in [(1, 0), (50, 0), (3, 7), (50, 100), (100, total - 1), (50, total), (0, 0)]:
            ends = whole["first_row"] + whole["n_comments"]
            wanted = whole[(ends > offset) & (whole["first_row"] < offset + limit)].reset_index(drop=True)
            index, counted = comments.comment_block(con, filters, limit, offset)
            assert counted == total
            assert list(index.itertuples(index=False)) == list(wanted.itertuples(index=False))
            assert list(index.columns) == ["article_id", "n_comments", "first_row"]
            # The block's rows read through it are the rows of the whole table there.
            block = comments.block_filters(filters, index, limit, offset)
            if limit and offset < total:
                rows = comments.comment_rows(con, block[0], limit=limit, offset=block[1])
                full = comments.comment_rows(con, filters, limit=limit, offset=offset)
                assert rows["comment_id"].tolist() == full["comment_id"].tolist()


def test_a_block_is_placed_among_the_newest_articles_with_comments_past_newer_ones_without(tmp_path, monkeypatch):
    """The newest articles of a store often have no comment yet (2,000 of the 10M benchmark's):
    comment_index looks among the newest that have some, so the first page is still placed from
    them alone, and the same as from every article."""
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    listed = tmp_path / "newer.csv"
    rows = [f"new-{n},Neu {n},https://x.example/new-{n},2026-01-{1 + n % 28:02d}" for n in range(300)]
    listed.write_text("article_id,title,url,published_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE, listed], settings)
    placings = []
    place = comments._index
    monkeypatch.setattr(comments, "_index", lambda *args, **kw: placings.append(kw) or place(*args, **kw))
    with store.connect_readonly(settings.store_dir) as con:
        newest = con.execute("SELECT max(published_at) FROM articles WHERE article_id LIKE 'new-%'").fetchall()[0][0]
        commented = "SELECT max(published_at) FROM articles JOIN comments USING (article_id)"
        assert newest > con.execute(commented).fetchall()[0][0]
        filters = Filters(published_only=True)
        index, total = comments.comment_block(con, filters, 50, 0)
        assert placings == [{"covered": True}]  # placed among the newest, not again among every article
        whole = comments.comment_index(con, filters)
        assert list(index.itertuples(index=False)) == list(comments._holding(whole, 50, 0).itertuples(index=False))
        assert total == int(whole["n_comments"].sum())
