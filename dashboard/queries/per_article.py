"""Per-article and per-topic counts from the store's pre-aggregates `store_article_days`,
`store_topic_days` and `store_topic_article_days` (etl.store.aggregates): some hundred thousand
to a few million rows at ten million comments instead of every comment, for the article and topic
charts, the rankings and the key figures.

It answers a query whose filters are dates, sentiments (of the three labels), statuses and at
most one topic (`answers` per article, `topics_answer` per topic or period); articles, several
topics, stances, signals, votes and a search need the comments, and so does a version written
before the pre-aggregates: the callers fall back to their query over the comments. The counts
are the same; a mean may differ from the one over the comments in the last digits (sums added in
another order).
"""

import duckdb
import pandas as pd

from dashboard.queries import days
from etl.store.aggregates import (
    MODERATION_THRESHOLD,
    SCORED,
    SENTIMENT_BUCKETS,
    SENTIMENTS,
    STANCE_BUCKETS,
    STANCES,
    pair_column,
)
from etl.store.filters import GRANULARITIES, Filters
from etl.store.queries import article_info, as_dates, has_column

__all__ = [
    "answers",
    "answers_flagged",
    "article_info",
    "by_period",
    "counts_sql",
    "flagged_sql",
    "newest_days",
    "per_article_sql",
    "removed_sql",
    "sentiment_mix",
    "span",
    "stance_by_period",
    "topic_counts_sql",
    "topics_answer",
]

_OWN = {"since", "until", "sentiments", "published_only", "statuses", "topics"}
_FLAGS_OWN = {"since", "until", "sentiments", "published_only", "statuses"}  # what store_article_flags splits by
TABLE = "store_article_days"
TOPIC_TABLE = "store_topic_days"
TOPIC_ARTICLE_TABLE = "store_topic_article_days"
TOPIC_ARTICLES = "store_topic_articles"
FLAGS_TABLE = "store_topic_article_flags"
ARTICLE_FLAGS_TABLE = "store_article_flags"


def answers(con: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """True when the pre-aggregates can answer a per-article query with these filters: dates,
    sentiments of the three labels, statuses and at most one topic."""
    return _known(filters) and days.has_table(con, TOPIC_ARTICLE_TABLE if filters.topics else TABLE)


def topics_answer(con: duckdb.DuckDBPyConnection, filters: Filters, articles: bool = False) -> bool:
    """True when `store_topic_days` can answer a per-topic or per-period query with these filters
    (those of `answers`); `articles`: a count of articles per topic too, from
    `store_topic_article_days`."""
    return _known(filters) and days.has_table(con, TOPIC_ARTICLE_TABLE if articles else TOPIC_TABLE)


def answers_flagged(
    con: duckdb.DuckDBPyConnection, filters: Filters, signal: str, threshold: float, comments: bool = True
) -> bool:
    """True when `store_article_days` counts the comments per article whose `signal` is at least
    `threshold` with these filters: MODERATION_THRESHOLD, a SCORED signal, dates and statuses (the
    flagged counts are not split by sentiment). Without `comments` (the flagged ones only, no
    count of every comment: `flagged_sql`), one topic too, from `store_topic_article_flags`, or
    sentiments too, from `store_article_flags`."""
    if signal not in SCORED or threshold != MODERATION_THRESHOLD:
        return False
    if not comments and days.one_topic(filters):
        return days.has_table(con, FLAGS_TABLE)
    if not comments and filters.sentiments and days.only(filters, _FLAGS_OWN):
        return days.has_table(con, ARTICLE_FLAGS_TABLE)
    return days.only(filters, {"since", "until", "published_only", "statuses"}) and has_column(
        con, TABLE, SCORED[signal][1]
    )


def flagged_sql(filters: Filters, signal: str, comments: bool = True) -> tuple[str, list]:
    """SQL and parameters: per article with matching comments, article_id, n_comments and
    n_flagged (its comments whose `signal` is at least MODERATION_THRESHOLD), from
    `store_article_days` (`answers_flagged`). Without `comments`: only the articles with flagged
    comments, and no n_comments (a sum of sixteen columns fewer); for one topic from
    `store_topic_article_flags`, for sentiments from `store_article_flags`."""
    where, params = days.rows_where(filters)
    flagged = f"CAST(sum(d.{SCORED[signal][1]}) AS BIGINT) AS n_flagged"
    if not comments:
        table = TABLE
        if filters.topics:
            table, (where, params) = FLAGS_TABLE, days.topic_where(filters)
        elif filters.sentiments:
            table, (where, params) = ARTICLE_FLAGS_TABLE, days.where_sql(filters)
        return (
            f"SELECT d.article_id, {flagged} FROM {table} d WHERE {where} AND d.{SCORED[signal][1]} > 0 GROUP BY 1",
            params,
        )
    sql = f"""
        SELECT d.article_id, CAST(sum({_pairs(SENTIMENT_BUCKETS)}) AS BIGINT) AS n_comments, {flagged}
        FROM {TABLE} d WHERE {where} GROUP BY 1 HAVING n_comments > 0"""
    return sql, params


def newest_days(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int):
    """days.newest_days for one topic (`topics_answer`), counted in `store_topic_days`."""
    rows = (TOPIC_TABLE, *days.topic_where(filters))
    return days.newest_days(con, filters, limit, f"({_pairs(tuple(filters.sentiments) or SENTIMENT_BUCKETS)})", rows)


def _known(filters):
    # At most one topic: a comment naming two chosen topics would count twice.
    return set(filters.sentiments) <= set(SENTIMENTS) and len(filters.topics) <= 1 and days.only(filters, _OWN)


def _pairs(sentiments, stances=STANCE_BUCKETS):
    """SQL: the sum of the count columns of these sentiment and stance buckets."""
    return " + ".join(pair_column(s, t) for s in sentiments for t in stances) or "0"


def counts_sql(
    filters: Filters, by: str = "article_id", stances: bool = True, within: str | None = None
) -> tuple[str, list]:
    """SQL and parameters: per article (`by` "article_id"), per topic ("topic") or per UTC day,
    week or month of the time basis (a granularity) with matching comments: the key, n_comments,
    n_replies, sum_polarity, n_polarity, n_negative, n_neutral, n_positive, the replies' stances
    reply_agree, reply_disagree, reply_neutral (the comments' query's columns, from the counts;
    without `stances`, no reply stances: three sums fewer; `within`, SQL selecting article_ids:
    only those articles' counts). Per article from `store_article_days`,
    or with a topic filter from `store_topic_article_days` (`answers`); per topic or period with a
    topic filter from `store_topic_days` (`topics_answer`; with the articles per topic:
    `topic_counts_sql`)."""
    where, params = days.rows_where(filters)
    if by == "article_id" and filters.topics:
        table = TOPIC_ARTICLE_TABLE
    else:
        table = TOPIC_TABLE if by == "topic" or filters.topics else TABLE
    key = f"d.{by}"
    if by in GRANULARITIES:  # per UTC day, week or month of the time basis
        key, where = f"{days.period(by)} AS {by}", where + " AND d.day IS NOT NULL"
    if filters.topics:
        where += " AND d.topic = ?"
        params.append(filters.topics[0])
    if within is not None:
        where += f" AND d.article_id IN ({within})"
    chosen = tuple(filters.sentiments) or SENTIMENT_BUCKETS

    def total(expression, replies=False):
        return f"CAST(coalesce(sum({expression}){' FILTER (d.reply)' if replies else ''}, 0) AS BIGINT)"

    labels = [f"{total(_pairs([s]) if s in chosen else '0')} AS n_{s}" for s in SENTIMENTS]
    replied = [f"{total(_pairs(chosen, [t]), replies=True)} AS reply_{t}" for t in STANCES] if stances else []
    sql = f"""
        SELECT {key}, {total(_pairs(chosen))} AS n_comments, {total(_pairs(chosen), replies=True)} AS n_replies,
               sum({" + ".join(f"sum_polarity_{s}" for s in chosen)}) AS sum_polarity,
               {total(" + ".join(f"n_polarity_{s}" for s in chosen))} AS n_polarity,
               {", ".join(labels + replied)}
        FROM {table} d WHERE {where}
        GROUP BY 1 HAVING n_comments > 0"""
    return sql, params


def removed_sql(filters: Filters, removed: tuple) -> tuple[str, list]:
    """SQL and parameters: per article with comments matching `filters` (`answers`, no status
    chosen), article_id, n_comments (every status) and n_removed (those of a status in
    `removed`), in one pass over the per-article counts."""
    where, params = days.rows_where(filters)
    table = TOPIC_ARTICLE_TABLE if filters.topics else TABLE
    if filters.topics:
        where += " AND d.topic = ?"
        params.append(filters.topics[0])
    chosen = _pairs(tuple(filters.sentiments) or SENTIMENT_BUCKETS)
    sql = f"""
        SELECT d.article_id, CAST(sum({chosen}) AS BIGINT) AS n_comments,
               CAST(coalesce(sum({chosen}) FILTER (coalesce(d.status, 'published') IN (SELECT unnest(?))), 0)
                    AS BIGINT) AS n_removed
        FROM {table} d WHERE {where} GROUP BY 1 HAVING n_comments > 0"""
    return sql, [list(removed), *params]


def topic_counts_sql(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[str, list]:
    """counts_sql per topic with n_articles (`topics_answer` with `articles`): the sums from the
    small per-topic counts, the articles from `store_topic_articles` when the filters are one
    status and at most one topic, else counted from the per-article topic counts (2.4 million rows
    at ten million comments: counting them took 0.15 s, summing every count there 0.3 s)."""
    sums, params = counts_sql(filters, "topic")
    where, counted = days.rows_where(filters)
    if filters.topics:
        where += " AND d.topic = ?"
        counted.append(filters.topics[0])
    one_status = len(filters.statuses) == 1 if filters.statuses else filters.published_only
    if (
        one_status
        and days.only(filters, {"published_only", "statuses", "topics"})
        and days.has_table(con, TOPIC_ARTICLES)
    ):
        articles = f"SELECT d.topic, sum(d.n_articles) AS n_articles FROM {TOPIC_ARTICLES} d WHERE {where} GROUP BY 1"
    else:
        # Only the rows holding a chosen comment reach the distinct count (a FILTER on it hashed
        # every row: 140 -> 80 ms for the negative comments at ten million).
        chosen = _pairs(tuple(filters.sentiments) or SENTIMENT_BUCKETS)
        articles = f"""SELECT d.topic, count(DISTINCT d.article_id) AS n_articles
                       FROM {TOPIC_ARTICLE_TABLE} d WHERE {where} AND {chosen} > 0 GROUP BY 1"""
    sql = f"""SELECT s.*, CAST(coalesce(a.n_articles, 0) AS BIGINT) AS n_articles
              FROM ({sums}) s LEFT JOIN ({articles}) a USING (topic)"""
    return sql, [*params, *counted]


def by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """etl.store.queries.by_period from the counts (a filter on one topic: days.by_period cannot)."""
    per, params = counts_sql(filters, granularity)
    sql = f"""SELECT {granularity}, n_comments, sum_polarity / nullif(n_polarity, 0) AS mean_polarity,
                     n_negative, n_neutral, n_positive FROM ({per}) ORDER BY 1"""
    return as_dates(con.execute(sql, params).df(), granularity)


def stance_by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """dashboard.queries.time.stance_by_period from the counts."""
    per, params = counts_sql(filters, granularity)
    stances = ", ".join(f"reply_{label} AS n_{label}" for label in STANCES)
    sql = f"SELECT {granularity}, n_replies, {stances} FROM ({per}) WHERE n_replies > 0 ORDER BY 1"
    return as_dates(con.execute(sql, params).df(), granularity)


def span(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple:
    """(first day, last day) of the matching comments, or (None, None)."""
    per, params = counts_sql(filters, "day")
    return con.execute(f"SELECT min(day), max(day) FROM ({per})", params).fetchall()[0]


def sentiment_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """dashboard.queries.comments.sentiment_mix from the counts."""
    per, params = counts_sql(filters, "topic" if filters.topics else "article_id")
    totals = ", ".join(f"coalesce(sum(n_{label}), 0)" for label in SENTIMENTS)
    counts = [int(n) for n in con.execute(f"SELECT {totals} FROM ({per})", params).fetchall()[0]]
    shares = [n / sum(counts) if sum(counts) else None for n in counts]
    return pd.DataFrame({"sentiment": list(SENTIMENTS), "n_comments": counts, "share": shares})


def per_article_sql(filters: Filters, stances: bool = True, within: str | None = None) -> tuple[str, list]:
    """counts_sql per article (of the articles `within` selects, when given)."""
    return counts_sql(filters, "article_id", stances=stances, within=within)
