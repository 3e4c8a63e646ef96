"""Reads of the moderation signals (needs_moderation, feedback, argument: etl/signals): the
comments above a threshold, and the share needing moderation per article and per period.

A store written before the signals existed lacks their columns: every query then gives an empty
frame of its columns with `attrs["signals"] = "missing"`, which the page and figures turn into
"Run `diskurs refresh`" instead of an error.
"""

import duckdb
import pandas as pd

from dashboard.queries import per_article
from etl.store import queries as shared
from etl.store.filters import JOIN, TIME_BASIS, Filters, comment_where

# The signal columns and the column of each one's reasons; the only names put into SQL text.
SIGNALS = {"needs_moderation": "moderation_reasons", "feedback": "feedback_reasons", "argument": "argument_reasons"}
ORDERS = {"newest": f"{TIME_BASIS} DESC NULLS LAST, c.comment_id", "score": "score DESC, c.comment_id"}
FLAGGED_COLUMNS = [
    "comment_id",
    "article_id",
    "title",
    "url",
    "author",
    "created_at",
    "text",
    "parent_id",
    "depth",
    "score",
    "reasons",
    "n_article",
]
ARTICLE_COLUMNS = ["article_id", "title", "n_comments", "n_flagged", "share_flagged"]
PERIOD_COLUMNS = ["n_comments", "n_flagged", "share_flagged"]


def signals_ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a run since the signals exist scored the store's comments: the columns are there
    and filled (a version of an older Diskurs shows them empty: etl.store.versions.upgrade_views)."""
    if not set(SIGNALS).issubset(shared.comment_columns(con)):
        return False
    scored, total = con.execute("SELECT count(signals_engine), count(*) FROM comments").fetchone()
    return scored > 0 or total == 0


def _missing(columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(columns=columns)
    frame.attrs["signals"] = "missing"
    return frame


def _signal(signal: str) -> str:
    if signal not in SIGNALS:
        raise ValueError(f"signal must be one of {', '.join(SIGNALS)}, not {signal!r}")
    return signal


def flagged_comments(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    signal: str,
    threshold: float,
    order: str = "newest",
    limit: int = 50,
) -> pd.DataFrame:
    """Comments matching the filters whose `signal` is at least `threshold`, newest first or by
    score (`order`; "article": the articles with most such comments first, then by score), the
    first `limit`: FLAGGED_COLUMNS (score and reasons are the signal's; n_article: how many of the
    article's comments are above the threshold)."""
    signal = _signal(signal)
    if not signals_ready(con):
        return _missing(FLAGGED_COLUMNS)
    where, params = comment_where(filters)
    order_by = "n_article DESC, c.article_id, score DESC, c.comment_id" if order == "article" else ORDERS[order]
    sql = f"""
        SELECT c.comment_id, c.article_id, a.title, a.url, c.author, c.created_at, c.text, c.parent_id, c.depth,
               c.{signal} AS score, c.{SIGNALS[signal]} AS reasons,
               count(*) OVER (PARTITION BY c.article_id) AS n_article
        {JOIN} WHERE {where} AND c.{signal} >= ?
        ORDER BY {order_by} LIMIT ?"""
    return con.execute(sql, [*params, float(threshold), int(limit)]).df()


def count_flagged(con: duckdb.DuckDBPyConnection, filters: Filters, signal: str, threshold: float) -> int:
    """How many comments matching the filters have `signal` at least `threshold` (0 without signals)."""
    signal = _signal(signal)
    if not signals_ready(con):
        return 0
    where, params = comment_where(filters)
    sql = f"SELECT count(*) {JOIN} WHERE {where} AND c.{signal} >= ?"
    return con.execute(sql, [*params, float(threshold)]).fetchall()[0][0]


def moderation_by_article(
    con: duckdb.DuckDBPyConnection, filters: Filters, threshold: float, limit: int = 15, min_comments: int = 1
) -> pd.DataFrame:
    """The `limit` articles with most comments needing moderation (needs_moderation ≥ threshold)
    among those matching the filters with at least `min_comments` (a share of one comment says
    little): ARTICLE_COLUMNS, most flagged first, then the larger discussion."""
    if not signals_ready(con):
        return _missing(ARTICLE_COLUMNS)
    where, params = comment_where(filters)
    sql = f"""
        WITH per AS (SELECT c.article_id, count(*) AS n_comments,
                            count(*) FILTER (c.needs_moderation >= ?) AS n_flagged
                     {JOIN} WHERE {where} GROUP BY c.article_id)
        SELECT per.article_id, coalesce(t.title, per.article_id) AS title, per.n_comments, per.n_flagged,
               per.n_flagged / per.n_comments AS share_flagged
        FROM per LEFT JOIN {per_article.article_info(con)} t USING (article_id)
        WHERE per.n_flagged > 0 AND per.n_comments >= ?
        ORDER BY per.n_flagged DESC, per.n_comments DESC, per.article_id LIMIT ?"""
    return con.execute(sql, [float(threshold), *params, int(min_comments), int(limit)]).df()


def moderation_by_period(
    con: duckdb.DuckDBPyConnection, filters: Filters, threshold: float, granularity: str = "week"
) -> pd.DataFrame:
    """Per UTC day or week (on the time basis), of the comments matching the filters: day|week,
    n_comments, n_flagged (needs_moderation ≥ threshold), share_flagged."""
    if not signals_ready(con):
        return _missing([granularity, *PERIOD_COLUMNS])
    where, params = comment_where(filters)
    sql = f"""
        SELECT {shared.period_sql(granularity)} AS {granularity}, count(*) AS n_comments,
               count(*) FILTER (c.needs_moderation >= ?) AS n_flagged,
               count(*) FILTER (c.needs_moderation >= ?) / count(*) AS share_flagged
        {JOIN} WHERE {where} AND {TIME_BASIS} IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return shared.as_dates(con.execute(sql, [float(threshold), float(threshold), *params]).df(), granularity)
