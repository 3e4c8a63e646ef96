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
