"""The reads the CLI and the dashboard share (etl.store.queries)."""

import duckdb

from etl.store import queries
from etl.store.filters import TIME_BASIS


def test_day_and_week_buckets_are_what_date_trunc_gives_in_utc():
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    times = [
        "2025-05-18 23:59:59+00",
        "2025-05-19 00:00:00+00",
        "2025-05-19 01:30:00+02",
        "2025-05-25 23:59:59.999+00",
        "2025-05-26 00:00:00+00",
        "1969-12-31 23:00:00+00",
        "1969-12-28 12:00:00+00",
        "2024-02-29 12:00:00-05",
        None,
    ]
    con.execute("CREATE TABLE c (created_at TIMESTAMPTZ)")
    con.executemany("INSERT INTO c VALUES (CAST(? AS TIMESTAMPTZ))", [[t] for t in times])
    con.execute("CREATE TABLE a (published_at TIMESTAMPTZ)")
    con.execute("INSERT INTO a VALUES (TIMESTAMPTZ '2025-06-01 10:00:00+00')")
    for grain in queries.GRANULARITIES:
        ours, theirs = con.execute(f"""
            SELECT list({queries.period_sql(grain)} ORDER BY c.created_at),
                   list(CAST(date_trunc('{grain}', {TIME_BASIS}) AS DATE)
                        ORDER BY c.created_at)
            FROM c, a""").fetchone()
        assert ours == theirs


def test_the_newest_comments_rank_those_without_a_time_on_their_articles_date():
    from etl.store.filters import Filters

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE articles (article_id VARCHAR, published_at TIMESTAMPTZ)")
    con.execute(
        "INSERT INTO articles VALUES ('old', TIMESTAMPTZ '2025-01-01 00:00:00+00'), "
        "('new', TIMESTAMPTZ '2025-03-01 00:00:00+00')"
    )
    con.execute("CREATE TABLE comments (comment_id VARCHAR, article_id VARCHAR, text VARCHAR, created_at TIMESTAMPTZ)")
    con.execute(
        "INSERT INTO comments VALUES "
        "('t1', 'old', 'eins', TIMESTAMPTZ '2025-02-01 00:00:00+00'), "
        "('t2', 'old', 'zwei', TIMESTAMPTZ '2025-02-02 00:00:00+00'), "
        "('u-new', 'new', 'ohne Zeit, neu', NULL), "
        "('u-old', 'old', 'ohne Zeit, alt', NULL)"
    )
    con.execute("ALTER TABLE comments ADD COLUMN status VARCHAR")
    newest = queries.newest_comments(con, Filters(), 3)
    assert newest["comment_id"].tolist() == ["u-new", "t2", "t1"]  # u-old ranks on 2025-01-01: out
    assert newest["text"].tolist() == ["ohne Zeit, neu", "zwei", "eins"]
    assert queries.newest_comments(con, Filters(), 10)["comment_id"].tolist() == ["u-new", "t2", "t1", "u-old"]
    assert queries.newest_comments(con, Filters(), 1)["comment_id"].tolist() == ["u-new"]
