"""Reads over time, per UTC day or Monday-based week: comments and sentiment (the same query as
the CLI's `by-day` export), reply stance, and the date range of the data."""

import duckdb
import pandas as pd

from dashboard.queries import days, per_article
from dashboard.queries.articles import stance_counts
from etl.store import queries as shared
from etl.store.filters import JOIN, TIME_BASIS, Filters, comment_where
from etl.store.queries import GRANULARITIES, as_dates, period_sql

__all__ = ["GRANULARITIES", "by_period", "date_bounds", "granularity_for", "stance_by_period"]

# The granularity "auto" picks by the days the filtered comments span: days up to a quarter, weeks up
# to two years, months beyond (a bar a day over two years is a hairline).
AUTO = ((92, "day"), (731, "week"))


def by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """etl.store.queries.by_period (the CLI's `by-day` export), from the pre-aggregate when it
    answers (dashboard.queries.days)."""
    if days.answers(con, filters):
        return days.by_period(con, filters, granularity)
    if per_article.topics_answer(con, filters):
        return per_article.by_period(con, filters, granularity)
    return shared.by_period(con, filters, granularity)


def stance_by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """Reply stance per day or week (on TIME_BASIS, UTC), replies only:
    day|week, n_replies, n_agree, n_disagree, n_neutral."""
    if days.answers(con, filters):
        return days.stance_by_period(con, filters, granularity)
    if per_article.topics_answer(con, filters):
        return per_article.stance_by_period(con, filters, granularity)
    return comment_stance_by_period(con, filters, granularity)


def comment_stance_by_period(
    con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day"
) -> pd.DataFrame:
    """stance_by_period over every comment (where the pre-aggregate cannot answer)."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT {period_sql(granularity)} AS {granularity},
               count(*) AS n_replies, {stance_counts()}
        {JOIN} WHERE {where} AND c.depth > 0 AND {TIME_BASIS} IS NOT NULL
        GROUP BY 1 ORDER BY 1"""
    return as_dates(con.execute(sql, params).df(), granularity)


def granularity_for(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "auto") -> str:
    """`granularity`, or for "auto" the one the span of the matching comments calls for (AUTO)."""
    if granularity != "auto":
        return granularity
    if days.answers(con, filters):
        first, last = days.span(con, filters)  # whole days: a span may count one day less
    elif per_article.topics_answer(con, filters):
        first, last = per_article.span(con, filters)
    else:
        where, params = comment_where(filters)
        sql = f"SELECT min({TIME_BASIS}), max({TIME_BASIS}) {JOIN} WHERE {where}"
        first, last = con.execute(sql, params).fetchall()[0]
    spanned = (last - first).days if first is not None and last is not None else 0
    return next((grain for most, grain in AUTO if spanned <= most), "month")


def date_bounds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: first_day, last_day of comments on TIME_BASIS."""
    if days.answers(con, Filters()):
        return days.date_bounds(con)
    return comment_date_bounds(con)


def comment_date_bounds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """date_bounds over every comment."""
    return con.execute(f"""
        SELECT CAST(min({TIME_BASIS}) AS DATE) AS first_day,
               CAST(max({TIME_BASIS}) AS DATE) AS last_day {JOIN}""").df()
