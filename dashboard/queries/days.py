"""Reads over the store's pre-aggregate `store_days` (comments per segment, UTC day, sentiment,
stance, status, whether a reply and the reply depth; etl.store.aggregates): some thousand rows
instead of every comment, for the time charts, the date range, the sentiment mix and the tone per
reply depth.

A query can be answered from it when its filters are among the pre-aggregate's own columns: dates,
sentiments, stances, statuses (`answers`). Filters on articles, topics, signals, votes or a search
need the comments themselves, and so does a version without the pre-aggregate (written before it,
or by an older Diskurs): the callers in `time` and `comments` fall back to their query over the
comments. The counts are the same; a mean may differ from the one over the comments in the last
digits (sums added in another order).
"""

import duckdb
import pandas as pd

from dashboard.queries.labels import SENTIMENTS, STANCES
from etl.store.aggregates import DEPTH_CAP, MODERATION_THRESHOLD, SCORED
from etl.store.filters import Filters
from etl.store.queries import as_dates, has_column, has_table, period_sql

# The filters the pre-aggregate has columns for; any other set filter needs the comments.
_OWN = {"since", "until", "sentiments", "stances", "published_only", "statuses"}


def answers(con: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """True when `store_days` of this version can answer a query with these filters."""
    return only(filters, _OWN) and has_table(con, "store_days")


def only(filters: Filters, own) -> bool:
    """True when no filter outside `own` (names of Filters' fields) is set."""
    unset = Filters()
    found = ("search_hits", "search_in_view")  # how a search is read, not a filter
    other = [name for name in Filters.__dataclass_fields__ if name not in own and name not in found]
    return not any(getattr(filters, name) != getattr(unset, name) for name in other)


def rows_where(filters: Filters) -> tuple[str, list]:
    """SQL and parameters over a pre-aggregate's rows `d` (columns day and status): the date and
    status filters."""
    clauses, params = ["TRUE"], []
    if filters.since:
        clauses.append("d.day >= CAST(? AS DATE)")
        params.append(filters.since)
    if filters.until:
        clauses.append("d.day <= CAST(? AS DATE)")
        params.append(filters.until)
    if filters.published_only:
        clauses.append("coalesce(d.status, 'published') = 'published'")
    if filters.statuses:
        clauses.append("coalesce(d.status, 'published') IN (SELECT unnest(?))")
        params.append(list(filters.statuses))
    return " AND ".join(clauses), params


def one_topic(filters: Filters) -> bool:
    """One topic, and otherwise only dates and statuses: what the per-topic counts of flagged
    comments and of target stances answer (they are not split by sentiment or stance; a comment
    counts once under each topic it names, so two topics would count some twice)."""
    return len(filters.topics) == 1 and only(filters, {"topics", "since", "until", "published_only", "statuses"})


def topic_where(filters: Filters) -> tuple[str, list]:
    """`rows_where` of a per-topic pre-aggregate's rows `d`, and its one topic."""
    where, params = rows_where(filters)
    return f"{where} AND d.topic = ?", [*params, filters.topics[0]]


def where_sql(filters: Filters) -> tuple[str, list]:
    """SQL and parameters over a pre-aggregate's rows `d` with the columns of store_days: every filter
    `answers` allows."""
    where, params = rows_where(filters)
    clauses = [where]
    if filters.sentiments:
        clauses.append("d.sentiment IN (SELECT unnest(?))")
        params.append(list(filters.sentiments))
    if filters.stances:
        clauses.append("d.stance IN (SELECT unnest(?))")
        params.append(list(filters.stances))
    return " AND ".join(clauses), params


def period(granularity):
    """The day, week or month of `d.day` (a DATE), as period_sql cuts a time."""
    return period_sql(granularity, "CAST(d.day AS TIMESTAMP)")


def by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """etl.store.queries.by_period from the pre-aggregate."""
    where, params = where_sql(filters)
    counts = ", ".join(f"coalesce(sum(d.n) FILTER (d.sentiment = '{s}'), 0) AS n_{s}" for s in SENTIMENTS)
    sql = f"""
        SELECT {period(granularity)} AS {granularity}, sum(d.n) AS n_comments,
               sum(d.sum_polarity) / nullif(sum(d.n_polarity), 0) AS mean_polarity, {counts}
        FROM store_days d WHERE {where} AND d.day IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return _counts(as_dates(con.execute(sql, params).df(), granularity))


def stance_by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """dashboard.queries.time.stance_by_period from the pre-aggregate."""
    where, params = where_sql(filters)
    counts = ", ".join(f"coalesce(sum(d.n) FILTER (d.stance = '{s}'), 0) AS n_{s}" for s in STANCES)
    sql = f"""
        SELECT {period(granularity)} AS {granularity}, sum(d.n) AS n_replies, {counts}
        FROM store_days d WHERE {where} AND d.reply AND d.day IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return _counts(as_dates(con.execute(sql, params).df(), granularity))


def span(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple:
    """(first day, last day) of the matching comments, or (None, None)."""
    where, params = where_sql(filters)
    first, last = con.execute(f"SELECT min(d.day), max(d.day) FROM store_days d WHERE {where}", params).fetchall()[0]
    return first, last


def date_bounds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """dashboard.queries.time.date_bounds from the pre-aggregate."""
    return con.execute("SELECT min(day) AS first_day, max(day) AS last_day FROM store_days").df()


def counts_votes(con: duckdb.DuckDBPyConnection) -> bool:
    """True when this version's `store_days` counts the comments with votes (written since it does)."""
    return _has_column(con, "n_voted")


def votes_by_sentiment(
    con: duckdb.DuckDBPyConnection, filters: Filters, table: str = "store_days", more: str = "", more_params=()
) -> pd.DataFrame:
    """dashboard.queries.comments.votes_by_sentiment from the pre-aggregate `table` (columns of
    store_days' own and its vote counts), its rows narrowed by `more` (SQL with `more_params`)."""
    where, params = where_sql(filters)
    where, params = f"{where}{more}", [*params, *more_params]
    labels = ", ".join(f"('{label}', {order})" for order, label in enumerate(SENTIMENTS))
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES {labels}),
             voted AS (SELECT d.sentiment, sum(d.n_voted) AS n, sum(d.sum_positive_votes) AS up,
                              sum(d.sum_negative_votes) AS down
                       FROM {table} d WHERE {where} GROUP BY 1 HAVING n > 0)
        SELECT l.sentiment, CAST(coalesce(voted.n, 0) AS BIGINT) AS n_comments,
               voted.up / voted.n AS mean_positive_votes, voted.down / voted.n AS mean_negative_votes,
               voted.down / nullif(voted.up + voted.down, 0) AS share_negative_votes
        FROM labels l LEFT JOIN voted USING (sentiment) ORDER BY l.ord"""
    return con.execute(sql, params).df()


def comment_count(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """dashboard.queries.comments.count_comments from the pre-aggregate."""
    where, params = where_sql(filters)
    return int(con.execute(f"SELECT coalesce(sum(d.n), 0) FROM store_days d WHERE {where}", params).fetchall()[0][0])


def counts_engines(con: duckdb.DuckDBPyConnection) -> bool:
    """True when this version's `store_days` counts the comments per sentiment engine (written since it does)."""
    return _has_column(con, "sentiment_engine")


def _has_column(con, column):
    return has_column(con, "store_days", column)


def answers_flagged(con: duckdb.DuckDBPyConnection, filters: Filters, signal: str, threshold: float) -> bool:
    """True when `store_days` can count the comments whose `signal` is at least `threshold`:
    `answers`, a SCORED signal at MODERATION_THRESHOLD (the Moderation page's default), and a
    version whose store_days counts it (written since it does)."""
    if signal not in SCORED or threshold != MODERATION_THRESHOLD or not answers(con, filters):
        return False
    return _has_column(con, SCORED[signal][1])


def flagged_rows(con: duckdb.DuckDBPyConnection, filters: Filters, signal: str, threshold: float):
    """(table, where, parameters) of the pre-aggregate rows `d` counting the comments matching the
    filters whose `signal` is at least `threshold`, or None when none can: `store_days` where it
    `answers_flagged`; `store_topic_days` for `one_topic`."""
    if answers_flagged(con, filters, signal, threshold):
        return ("store_days", *where_sql(filters))
    if signal not in SCORED or threshold != MODERATION_THRESHOLD or not one_topic(filters):
        return None
    if not has_column(con, "store_topic_days", SCORED[signal][1]):
        return None
    return ("store_topic_days", *topic_where(filters))


def count_flagged(con: duckdb.DuckDBPyConnection, rows, signal: str) -> int:
    """dashboard.queries.moderation.count_flagged at MODERATION_THRESHOLD from the pre-aggregate
    rows `rows` (flagged_rows)."""
    table, where, params = rows
    sql = f"SELECT coalesce(sum(d.{SCORED[signal][1]}), 0) FROM {table} d WHERE {where}"
    return int(con.execute(sql, params).fetchall()[0][0])


def newest_days(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int, counted: str = "d.n", rows=None):
    """(segments, first day) holding the newest `limit` comments matching the filters (`answers`)
    on the time basis, counted by `counted` (SQL over the rows `d` of store_days, or of `rows`:
    (table, where, parameters), as flagged_rows gives them): the last days that together have
    that many, and the segments holding such comments on them. A comment of an earlier day is
    older than every one of these days. When the dated ones are fewer: every segment holding a
    matching comment, dated or not, and None for the first day (all of them are wanted)."""
    table, where, params = rows or ("store_days", *where_sql(filters))
    per_day = con.execute(
        f"""SELECT d.day, list(DISTINCT d.segment) FILTER ({counted} > 0) AS segments, sum({counted}) AS n
            FROM {table} d WHERE {where} GROUP BY 1 HAVING n > 0 ORDER BY 1 DESC NULLS LAST""",
        params,
    ).fetchall()
    held, total = set(), 0
    for day, segments, n in per_day:
        held.update(segments)
        total += n
        if day is not None and total >= limit:
            return held, day
    return held, None


def newest_flagged(con: duckdb.DuckDBPyConnection, rows, signal: str, limit: int):
    """newest_days of the comments whose `signal` is at least MODERATION_THRESHOLD, counted in the
    pre-aggregate rows `rows` (flagged_rows)."""
    return newest_days(con, Filters(), limit, f"d.{SCORED[signal][1]}", rows)


def moderation_by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str) -> pd.DataFrame:
    """dashboard.queries.moderation.moderation_by_period at MODERATION_THRESHOLD from the pre-aggregate."""
    where, params = where_sql(filters)
    flagged = SCORED["needs_moderation"][1]
    sql = f"""
        SELECT {period(granularity)} AS {granularity}, sum(d.n) AS n_comments, sum(d.{flagged}) AS n_flagged,
               sum(d.{flagged}) / sum(d.n) AS share_flagged
        FROM store_days d WHERE {where} AND d.day IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return _counts(as_dates(con.execute(sql, params).df(), granularity))


def sentiment_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """dashboard.queries.comments.sentiment_mix from the pre-aggregate."""
    where, params = where_sql(filters)
    labels = ", ".join(f"('{label}', {order})" for order, label in enumerate(SENTIMENTS))
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES {labels}),
             counts AS (SELECT d.sentiment, sum(d.n) AS n FROM store_days d WHERE {where} GROUP BY 1)
        SELECT l.sentiment, coalesce(counts.n, 0) AS n_comments,
               coalesce(counts.n, 0) / nullif(sum(coalesce(counts.n, 0)) OVER (), 0) AS share
        FROM labels l LEFT JOIN counts USING (sentiment) ORDER BY l.ord"""
    return _counts(con.execute(sql, params).df())


def answers_depth(con: duckdb.DuckDBPyConnection, filters: Filters, deepest: int) -> bool:
    """True when `store_days` can answer the tone per reply depth: `answers`, a version whose
    store_days has the depth (written since it does), and `deepest` within the depth it counts."""
    if deepest > DEPTH_CAP or not answers(con, filters):
        return False
    return _has_column(con, "depth")


def sentiment_by_depth(con: duckdb.DuckDBPyConnection, filters: Filters, deepest: int) -> pd.DataFrame:
    """dashboard.queries.comments.sentiment_by_depth's counts from the pre-aggregate: depth,
    n_comments, mean_polarity, n_negative, share_negative."""
    where, params = where_sql(filters)
    sql = f"""
        SELECT least(d.depth, ?) AS depth, sum(d.n) AS n_comments,
               sum(d.sum_polarity) / nullif(sum(d.n_polarity), 0) AS mean_polarity,
               coalesce(sum(d.n) FILTER (d.sentiment = 'negative'), 0) AS n_negative,
               coalesce(sum(d.n) FILTER (d.sentiment = 'negative'), 0) / sum(d.n) AS share_negative
        FROM store_days d WHERE {where} AND d.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return _counts(con.execute(sql, [int(deepest), *params]).df()).astype({"depth": "int64"})


def _counts(frame):
    """Counts as the query over the comments types them (count(*) is BIGINT, a sum is HUGEINT)."""
    columns = [c for c in frame.columns if c.startswith("n_")]
    return frame.astype({c: "int64" for c in columns})
