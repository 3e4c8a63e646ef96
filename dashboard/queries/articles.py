"""Reads per article: comment statistics, the most negative articles, reply stance per article,
and the article pickers' options. Connection + Filters -> tidy frame."""

from collections.abc import Iterable

import duckdb
import pandas as pd

from dashboard.queries.labels import STANCES
from etl.store.filters import Filters, comment_where, from_clause

OPTIONS_LIMIT = 500  # article pickers list this many articles (the most commented), plus matches
_ARTICLE_ORDERS = ("n_comments", "n_negative")


def _article_stats_sql(where, having, order, limit):
    if order not in _ARTICLE_ORDERS:
        raise ValueError(f"order must be one of {_ARTICLE_ORDERS}, not {order!r}")
    # Aggregate the comments first and join the articles' titles to the groups after: a join
    # of thousands of groups, not of a million comments.
    sql = f"""
        WITH per AS (
            SELECT c.article_id,
                   count(*) AS n_comments,
                   count(*) FILTER (c.depth > 0) AS n_replies,
                   avg(c.polarity) AS mean_polarity,
                   count(*) FILTER (c.sentiment = 'negative') AS n_negative,
                   count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
                   count(*) FILTER (c.sentiment = 'positive') AS n_positive,
                   count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
            {from_clause(where)} WHERE {where}
            GROUP BY c.article_id {having})
        SELECT per.article_id,
               coalesce(a.title, per.article_id) AS title,
               a.published_at, a.url,
               n_comments, n_replies, mean_polarity, n_negative, n_neutral, n_positive,
               share_negative
        FROM per LEFT JOIN (SELECT article_id, any_value(title) AS title,
                                   any_value(published_at) AS published_at, any_value(url) AS url
                            FROM articles GROUP BY article_id) a USING (article_id)
        ORDER BY {order} DESC, n_comments DESC, title"""
    return sql + (f" LIMIT {int(limit)}" if limit is not None else "")


def article_stats(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Per article with matching comments, most commented first: article_id, title, published_at,
    url, n_comments, n_replies, mean_polarity, n_negative, n_neutral, n_positive, share_negative."""
    where, params = comment_where(filters)
    return con.execute(_article_stats_sql(where, "", "n_comments", limit), params).df()


def top_negative_articles(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """Articles with the most negative comments (at least one), same columns as `article_stats`."""
    where, params = comment_where(filters)
    sql = _article_stats_sql(where, "HAVING count(*) FILTER (c.sentiment = 'negative') > 0", "n_negative", limit)
    return con.execute(sql, params).df()


def stance_counts(column: str = "c.stance") -> str:
    """SQL: one `n_<label>` count per reply stance label."""
    return ",\n".join(f"count(*) FILTER ({column} = '{label}') AS n_{label}" for label in STANCES)


def stance_by_article(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Reply stance per article, most replied first (replies only: top-level comments have no
    stance): article_id, title, n_replies, n_agree, n_disagree, n_neutral, share_disagree."""
    where, params = comment_where(filters)
    sql = f"""
        WITH per AS (
            SELECT c.article_id, count(*) AS n_replies, {stance_counts()},
                   count(*) FILTER (c.stance = 'disagree') / count(*) AS share_disagree
            {from_clause(where)} WHERE {where} AND c.depth > 0 GROUP BY c.article_id)
        SELECT per.article_id, coalesce(a.title, per.article_id) AS title, n_replies, n_agree,
               n_disagree, n_neutral, share_disagree
        FROM per LEFT JOIN (SELECT article_id, any_value(title) AS title FROM articles
                            GROUP BY article_id) a USING (article_id)
        ORDER BY n_replies DESC, title"""
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return con.execute(sql, params).df()


def article_options(
    con: duckdb.DuckDBPyConnection, search: str | None = None, include: Iterable[str] = (), limit: int | None = None
) -> pd.DataFrame:
    """Articles for pickers, most commented first: the `limit` first whose title or id contains
    `search` (all when None), and always those in `include`: article_id, title, n_comments.

    Pickers list a few hundred and search the rest as the user types: twenty thousand options
    would weigh megabytes on every page load."""
    pattern = f"%{search.strip()}%" if search and search.strip() else None
    limit = OPTIONS_LIMIT if limit is None else limit
    return con.execute(
        """
        SELECT article_id, coalesce(title, article_id) AS title,
               coalesce(n_comments, 0) AS n_comments
        FROM articles
        WHERE list_contains(?, article_id) OR ? IS NULL OR title ILIKE ? OR article_id ILIKE ?
        QUALIFY row_number() OVER (ORDER BY n_comments DESC, published_at DESC NULLS LAST, title)
                    <= ? OR list_contains(?, article_id)
        ORDER BY n_comments DESC, published_at DESC NULLS LAST, title""",
        [list(include), pattern, pattern, pattern, int(limit), list(include)],
    ).df()
