"""Reads of comments: key figures, sentiment mixes, tone by depth, the comments table (its index,
blocks of rows and streamed CSV) and one article's thread. Connection + Filters -> tidy frame."""

import dataclasses
from collections.abc import Iterator

import duckdb
import pandas as pd

from dashboard.queries.labels import SENTIMENTS
from etl import schema
from etl.store import queries as shared
from etl.store.filters import JOIN, Filters, comment_where, from_clause

DEEPEST = 6  # sentiment_by_depth groups this depth and deeper into one "6+" bar
# The comments table's columns: the export's, with the article's title beside its id.
COMMENT_COLUMNS = list(schema.EXPORT_COLUMNS["comments"])
COMMENT_COLUMNS.insert(COMMENT_COLUMNS.index("article_id") + 1, "article_title")


def thread_filters(article_id: str | None) -> Filters:
    """Filters selecting every published comment of one article."""
    return Filters(articles=(article_id,), published_only=True)


def kpis(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: n_articles, n_comments, n_replies, share_replies, mean_polarity, share_negative."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT count(DISTINCT c.article_id) AS n_articles,
               count(*) AS n_comments,
               count(*) FILTER (c.depth > 0) AS n_replies,
               count(*) FILTER (c.depth > 0) / nullif(count(*), 0) AS share_replies,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') / nullif(count(*), 0) AS share_negative
        {from_clause(where)} WHERE {where}"""
    return con.execute(sql, params).df()


def sentiment_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Comments per sentiment label, always the three labels in order: sentiment, n_comments, share."""
    where, params = comment_where(filters)
    labels = ", ".join(f"('{label}', {order})" for order, label in enumerate(SENTIMENTS))
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES {labels}),
             counts AS (SELECT c.sentiment, count(*) AS n {from_clause(where)} WHERE {where} GROUP BY 1)
        SELECT l.sentiment, coalesce(counts.n, 0) AS n_comments,
               coalesce(counts.n, 0) / nullif(sum(coalesce(counts.n, 0)) OVER (), 0) AS share
        FROM labels l LEFT JOIN counts USING (sentiment) ORDER BY l.ord"""
    return con.execute(sql, params).df()


def polarity_by_depth(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per reply depth: depth, n_comments, mean_polarity."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT c.depth, count(*) AS n_comments, avg(c.polarity) AS mean_polarity
        {from_clause(where)} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return con.execute(sql, params).df()


def sentiment_by_depth(con: duckdb.DuckDBPyConnection, filters: Filters, deepest: int = DEEPEST) -> pd.DataFrame:
    """Tone per reply depth, depths from `deepest` on grouped: depth (0 = top level),
    depth_label ("0" … "6+"), n_comments, mean_polarity, n_negative, share_negative."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT least(c.depth, ?) AS depth, count(*) AS n_comments,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
        {from_clause(where)} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    depths = con.execute(sql, [int(deepest)] + params).df()
    labels = [f"{d}+" if d >= deepest else str(d) for d in depths["depth"]]
    return depths.assign(depth_label=labels)[
        ["depth", "depth_label", "n_comments", "mean_polarity", "n_negative", "share_negative"]
    ]


def engine_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Published comments per sentiment engine that scored them, most first:
    sentiment_engine, n_comments."""
    return con.execute("""
        SELECT coalesce(nullif(sentiment_engine, ''), 'unknown') AS sentiment_engine,
               count(*) AS n_comments
        FROM comments WHERE coalesce(status, 'published') = 'published'
        GROUP BY 1 ORDER BY n_comments DESC, 1""").df()


def count_comments(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """How many comments match the filters."""
    where, params = comment_where(filters)
    sql = f"SELECT count(*) {from_clause(where)} WHERE {where}"
    return con.execute(sql, params).fetchall()[0][0]


def _comment_rows_sql(filters):
    where, params = comment_where(filters)
    columns = ", ".join(
        "a.title AS article_title" if column == "article_title" else f'c."{column}"' for column in COMMENT_COLUMNS
    )
    return f"SELECT {columns} {JOIN} WHERE {where} ORDER BY {shared.COMMENT_ORDER}", params


def comment_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None, offset: int = 0
) -> pd.DataFrame:
    """etl.store.queries.comments with each article's title beside its article_id (the comments
    table, in the export's order)."""
    sql, params = _comment_rows_sql(filters)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(sql, params).df()


def comment_row_chunks(con: duckdb.DuckDBPyConnection, filters: Filters, vectors: int = 16) -> Iterator[pd.DataFrame]:
    """`comment_rows` of the filters as a stream of frames of about 2,048 × `vectors` rows (at
    least one frame, maybe empty), for downloads too large to hold in memory at once."""
    sql, params = _comment_rows_sql(filters)
    con.execute(sql, params)
    chunk = con.fetch_df_chunk(1)  # a small first block: the download starts sooner
    yield chunk
    while not chunk.empty:
        chunk = con.fetch_df_chunk(vectors)
        if not chunk.empty:
            yield chunk


def comment_index(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Where each article's matching comments sit in the comments table: article_id,
    n_comments, first_row (0-based), in the table's order.

    One aggregation gives the grid its count and, for any block of rows, the few articles that
    hold it: a page then reads those articles only, however deep it is (OFFSET would sort and
    skip everything before it) and however slow the filter (a text search runs once, here).
    """
    where, params = comment_where(filters)
    sql = f"""
        WITH per AS (SELECT c.article_id, count(*) AS n_comments {from_clause(where)}
                     WHERE {where} GROUP BY c.article_id)
        SELECT per.article_id, per.n_comments,
               sum(per.n_comments) OVER (ORDER BY a.published_at DESC NULLS LAST, per.article_id
                                         ROWS UNBOUNDED PRECEDING) - per.n_comments AS first_row
        FROM per LEFT JOIN (SELECT article_id, any_value(published_at) AS published_at
                            FROM articles GROUP BY article_id) a USING (article_id)
        ORDER BY first_row"""
    return con.execute(sql, params).df()


def block_filters(filters: Filters, index: pd.DataFrame, limit: int, offset: int) -> tuple[Filters, int] | None:
    """(filters narrowed to the articles holding rows offset … offset+limit of the comments
    table, the offset of the block's first row among them), from `comment_index`; None when
    the block lies past the last row."""
    ends = index["first_row"] + index["n_comments"]
    held = index[(ends > offset) & (index["first_row"] < offset + limit)]
    if held.empty:
        return None
    narrowed = dataclasses.replace(filters, articles=tuple(held["article_id"]))
    return narrowed, offset - int(held["first_row"].iloc[0])


def thread_comments(con: duckdb.DuckDBPyConnection, article_id: str | None, limit: int | None = None) -> pd.DataFrame:
    """Every published comment of one article (the first `limit`), in published order
    (etl.store.queries.comments)."""
    return shared.comments(con, thread_filters(article_id), limit=limit)
