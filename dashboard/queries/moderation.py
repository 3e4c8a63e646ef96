"""Reads of the moderation signals (needs_moderation, feedback, argument: etl/signals): the
comments above a threshold, and the share needing moderation per article and per period.

A store written before the signals existed lacks their columns: every query then gives an empty
frame of its columns with `attrs["signals"] = "missing"`, which the page and figures turn into
"Run `diskurs refresh`" instead of an error.
"""

import duckdb
import pandas as pd

from dashboard.queries import days, per_article
from etl import store
from etl.store import queries as shared
from etl.store import segments
from etl.store.filters import TIME_BASIS, Filters, comment_where, from_clause

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
    # Early-stopping probes, a segment at a time, not a count of every comment (ten million of them).
    return store.any_row(con, "comments", "signals_engine") or not store.any_row(con, "comments")


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
    article's comments are above the threshold).

    Two steps: the ids of the rows on a narrow scan (a top-N of ids and sort keys), then their
    texts, titles and per-article counts from the segments of their articles only. By article:
    the articles with most and their counts first (from the pre-aggregate where it counts them),
    then those articles' comments, each read from its segment."""
    signal = _signal(signal)
    if not signals_ready(con):
        return _missing(FLAGGED_COLUMNS)
    where, params = comment_where(filters)
    flagged, params = f"{where} AND c.{signal} >= ?", [*params, float(threshold)]
    newest, rows = None, days.flagged_rows(con, filters, signal, threshold) if order == "newest" else None
    if rows is not None and segments.is_segmented(con):
        newest = days.newest_flagged(con, rows, signal, int(limit))
    columns = f"""c.comment_id, c.article_id, a.title, a.url, c.author, c.created_at, c.text, c.parent_id,
                   c.depth, c.{signal} AS score, c.{SIGNALS[signal]} AS reasons"""
    if order == "article":
        if per_article.answers_flagged(con, filters, signal, threshold, comments=False):
            per, per_params = per_article.flagged_sql(filters, signal, comments=False)
        else:
            per = f"SELECT c.article_id, count(*) AS n_flagged {_joined(con)} WHERE {flagged} GROUP BY 1"
            per_params = params
        # The articles with most, until they hold `limit` such comments (often the first alone):
        # each has one at least, so they are among the first `limit` (a top-N, not a sort of all).
        top = con.execute(
            f"""WITH most AS (SELECT article_id, n_flagged AS n_article FROM ({per}) WHERE n_flagged > 0
                              ORDER BY n_flagged DESC, article_id LIMIT ?)
                SELECT * FROM most
                QUALIFY coalesce(sum(n_article) OVER (ORDER BY n_article DESC, article_id
                                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) < ?""",
            [*per_params, int(limit), int(limit)],
        ).df()
        return _of_top(con, columns, flagged, params, signal, int(limit), top)  # one read of their comments
    chosen = _chosen(con, flagged, params, signal, order, int(limit), newest)
    con.register("chosen", chosen)
    try:
        with store.narrowed(con, chosen["article_id"].unique().tolist()):
            sql = f"""
                WITH counts AS (SELECT c.article_id, count(*) AS n_article {_joined(con)}
                                WHERE {flagged} AND c.article_id IN (SELECT article_id FROM chosen) GROUP BY 1)
                SELECT {columns}, counts.n_article
                {_joined(con)} JOIN chosen USING (article_id, comment_id) JOIN counts USING (article_id)
                ORDER BY {ORDERS[order]}"""
            return con.execute(sql, params).df()
    finally:
        con.unregister("chosen")


def _joined(con, comments="comments"):
    """FROM comments `c` (or the relation `comments`) with their article `a` (title, url,
    published_at) from the small per-article table (dashboard.queries.per_article.article_info),
    not the articles of every segment."""
    return f"FROM {comments} c LEFT JOIN {per_article.article_info(con)} a USING (article_id)"


def _of_top(con, columns, flagged, params, signal, limit, top):
    """The first `limit` comments meeting `flagged` of the articles `top` (article_id, n_article:
    the articles with most and their counts), by article: only those articles' comments, each read
    from its segment."""
    con.register("top_articles", top)
    try:
        sql = f"""
            SELECT {columns}, top.n_article
            {_joined(con, store.articles_sql(con, "comments", top["article_id"].tolist()))}
            JOIN top_articles top USING (article_id)
            WHERE {flagged} ORDER BY top.n_article DESC, c.article_id, c.{signal} DESC, c.comment_id LIMIT ?"""
        return con.execute(sql, [*params, limit]).df()
    finally:
        con.unregister("top_articles")


def _chosen(con, flagged, params, signal, order, limit, newest=None):
    """article_id and comment_id of the first `limit` comments meeting `flagged` in `order`;
    `newest` (days.newest_flagged), for the newest first: only the segments and days holding them."""
    source, since = _joined(con), ""
    if newest is not None and order == "newest":
        held, first_day = newest
        source = _joined(con, f"({segments.view_sql(con, 'comments', held)})")
        if first_day is not None:  # else every day of those segments
            since, params = f" AND {TIME_BASIS} >= CAST(? AS DATE)", [*params, first_day]
    sql = f"""SELECT c.article_id, c.comment_id, c.{signal} AS score {source} WHERE {flagged}{since}
              ORDER BY {ORDERS[order]} LIMIT ?"""
    return con.execute(sql, [*params, limit]).df()[["article_id", "comment_id"]]


def count_flagged(con: duckdb.DuckDBPyConnection, filters: Filters, signal: str, threshold: float) -> int:
    """How many comments matching the filters have `signal` at least `threshold` (0 without signals)."""
    signal = _signal(signal)
    if not signals_ready(con):
        return 0
    rows = days.flagged_rows(con, filters, signal, threshold)
    if rows is not None:
        return days.count_flagged(con, rows, signal)
    where, params = comment_where(filters)
    sql = f"SELECT count(*) {from_clause(where)} WHERE {where} AND c.{signal} >= ?"
    return con.execute(sql, [*params, float(threshold)]).fetchall()[0][0]


def moderation_by_article(
    con: duckdb.DuckDBPyConnection, filters: Filters, threshold: float, limit: int = 15, min_comments: int = 1
) -> pd.DataFrame:
    """The `limit` articles with most comments needing moderation (needs_moderation ≥ threshold)
    among those matching the filters with at least `min_comments` (a share of one comment says
    little): ARTICLE_COLUMNS, most flagged first, then the larger discussion."""
    if not signals_ready(con):
        return _missing(ARTICLE_COLUMNS)
    if per_article.answers_flagged(con, filters, "needs_moderation", threshold):
        per, params = per_article.flagged_sql(filters, "needs_moderation")
    else:
        where, params = comment_where(filters)
        params = [float(threshold), *params]
        per = f"""SELECT c.article_id, count(*) AS n_comments, count(*) FILTER (c.needs_moderation >= ?) AS n_flagged
                  {_joined(con) if "a." in where else "FROM comments c"} WHERE {where} GROUP BY c.article_id"""
    sql = f"""
        WITH per AS ({per})
        SELECT per.article_id, coalesce(t.title, per.article_id) AS title, per.n_comments, per.n_flagged,
               per.n_flagged / per.n_comments AS share_flagged
        FROM per LEFT JOIN {per_article.article_info(con)} t USING (article_id)
        WHERE per.n_flagged > 0 AND per.n_comments >= ?
        ORDER BY per.n_flagged DESC, per.n_comments DESC, per.article_id LIMIT ?"""
    return con.execute(sql, [*params, int(min_comments), int(limit)]).df()


def moderation_by_period(
    con: duckdb.DuckDBPyConnection, filters: Filters, threshold: float, granularity: str = "week"
) -> pd.DataFrame:
    """Per UTC day or week (on the time basis), of the comments matching the filters: day|week,
    n_comments, n_flagged (needs_moderation ≥ threshold), share_flagged."""
    if not signals_ready(con):
        return _missing([granularity, *PERIOD_COLUMNS])
    if days.answers_flagged(con, filters, "needs_moderation", threshold):
        return days.moderation_by_period(con, filters, granularity)
    where, params = comment_where(filters)
    sql = f"""
        SELECT {shared.period_sql(granularity)} AS {granularity}, count(*) AS n_comments,
               count(*) FILTER (c.needs_moderation >= ?) AS n_flagged,
               count(*) FILTER (c.needs_moderation >= ?) / count(*) AS share_flagged
        {_joined(con)} WHERE {where} AND {TIME_BASIS} IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return shared.as_dates(con.execute(sql, [float(threshold), float(threshold), *params]).df(), granularity)
