"""Reads of the store behind the dashboard's tables: the comments table (its index, blocks of
rows and streamed CSV), one article's thread, the suggested topics, and the article pickers.
Connection + plain filters -> tidy frame, like queries.py (the charts' reads), whose helpers
these share.
"""

import dataclasses

from dashboard import queries
from etl import export, schema, suggest

OPTIONS_LIMIT = 500  # article pickers list this many articles (the most commented), plus matches
SUGGEST_LIMIT = 2_000  # suggested_topics reads at most this many newest comments


def count_comments(con, filters):
    """How many comments match the filters."""
    where, params = export.comment_where(filters)
    sql = f"SELECT count(*) {queries.from_clause(where)} WHERE {where}"
    return con.execute(sql, params).fetchall()[0][0]


# The order of etl.export.comments: the comments table, its pages and its CSV agree.
_COMMENT_ORDER = "a.published_at DESC NULLS LAST, c.article_id, c.position"
# The comments table's columns: the export's, with the article's title beside its id.
COMMENT_COLUMNS = list(schema.EXPORT_COLUMNS["comments"])
COMMENT_COLUMNS.insert(COMMENT_COLUMNS.index("article_id") + 1, "article_title")


def _comment_rows_sql(filters):
    where, params = export.comment_where(filters)
    columns = ", ".join("a.title AS article_title" if column == "article_title" else
                        f'c."{column}"' for column in COMMENT_COLUMNS)
    return f"SELECT {columns} {queries.JOIN} WHERE {where} ORDER BY {_COMMENT_ORDER}", params


def comment_rows(con, filters, limit=None, offset=0):
    """etl.export.comments with each article's title beside its article_id (the comments table)."""
    sql, params = _comment_rows_sql(filters)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(sql, params).df()


def comment_row_chunks(con, filters, vectors=16):
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


def comment_index(con, filters):
    """Where each article's matching comments sit in the comments table: article_id,
    n_comments, first_row (0-based), in the table's order.

    One aggregation gives the grid its count and, for any block of rows, the few articles that
    hold it: a page then reads those articles only, however deep it is (OFFSET would sort and
    skip everything before it) and however slow the filter (a text search runs once, here).
    """
    where, params = export.comment_where(filters)
    sql = f"""
        WITH per AS (SELECT c.article_id, count(*) AS n_comments {queries.from_clause(where)}
                     WHERE {where} GROUP BY c.article_id)
        SELECT per.article_id, per.n_comments,
               sum(per.n_comments) OVER (ORDER BY a.published_at DESC NULLS LAST, per.article_id
                                         ROWS UNBOUNDED PRECEDING) - per.n_comments AS first_row
        FROM per LEFT JOIN (SELECT article_id, any_value(published_at) AS published_at
                            FROM articles GROUP BY article_id) a USING (article_id)
        ORDER BY first_row"""
    return con.execute(sql, params).df()


def block_filters(filters, index, limit, offset):
    """(filters narrowed to the articles holding rows offset … offset+limit of the comments
    table, the offset of the block's first row among them), from `comment_index`; None when
    the block lies past the last row."""
    ends = index["first_row"] + index["n_comments"]
    held = index[(ends > offset) & (index["first_row"] < offset + limit)]
    if held.empty:
        return None
    narrowed = dataclasses.replace(filters, articles=tuple(held["article_id"]))
    return narrowed, offset - int(held["first_row"].iloc[0])


def thread_comments(con, article_id, limit=None):
    """Every published comment of one article (the first `limit`), in published order
    (etl.export.comments)."""
    return export.comments(con, queries.thread_filters(article_id), limit=limit)


def article_options(con, search=None, include=(), limit=None):
    """Articles for pickers, most commented first: the `limit` first whose title or id contains
    `search` (all when None), and always those in `include`: article_id, title, n_comments.

    Pickers list a few hundred and search the rest as the user types: twenty thousand options
    would weigh megabytes on every page load."""
    pattern = f"%{search.strip()}%" if search and search.strip() else None
    limit = OPTIONS_LIMIT if limit is None else limit
    return con.execute("""
        SELECT article_id, coalesce(title, article_id) AS title,
               coalesce(n_comments, 0) AS n_comments
        FROM articles
        WHERE list_contains(?, article_id) OR ? IS NULL OR title ILIKE ? OR article_id ILIKE ?
        QUALIFY row_number() OVER (ORDER BY n_comments DESC, published_at DESC NULLS LAST, title)
                    <= ? OR list_contains(?, article_id)
        ORDER BY n_comments DESC, published_at DESC NULLS LAST, title""",
                       [list(include), pattern, pattern, pattern, int(limit), list(include)]).df()


def _newest_sql(where, limit):
    """SQL of the newest `limit` comments matching `where` on export.TIME_BASIS (its parameters
    twice): comment_id, article_id, text, created_at.

    Comments with a time are ranked without the articles join, which lets DuckDB skip whole
    blocks of older rows; the few without one are ranked on their article's date apart."""
    return f"""
        WITH newest AS (
            SELECT rid, t FROM (SELECT c.rowid AS rid, c.created_at AS t
                                {queries.from_clause(where)}
                                WHERE {where} AND c.created_at IS NOT NULL
                                ORDER BY t DESC, rid LIMIT {int(limit)})
            UNION ALL
            SELECT rid, t FROM (SELECT c.rowid AS rid, a.published_at AS t {queries.JOIN}
                                WHERE {where} AND c.created_at IS NULL
                                ORDER BY t DESC NULLS LAST, rid LIMIT {int(limit)})
            ORDER BY t DESC NULLS LAST, rid LIMIT {int(limit)})
        SELECT c.comment_id, c.article_id, c.text, c.created_at
        FROM comments c JOIN newest n ON c.rowid = n.rid ORDER BY n.t DESC NULLS LAST, n.rid"""


def suggested_topics(con, filters, topics, limit=SUGGEST_LIMIT, top=30):
    """Frequent terms of the newest `limit` matching comments (and their articles' titles and
    bodies) that no topic in `topics` covers yet (etl.suggest.suggest_topics over all of them):
    term, kind, count, n_comments, example."""
    where, params = export.comment_where(filters)
    comments = con.execute(_newest_sql(where, limit), params + params).df()
    articles = con.execute(
        "SELECT article_id, title, body, published_at FROM articles "
        "WHERE article_id IN (SELECT unnest(?))",
        [comments["article_id"].dropna().unique().tolist()]).df()
    terms = suggest.suggest_topics(articles, comments, topics or None, by="all", top=top, con=con)
    return terms[["term", "kind", "count", "n_comments", "example"]]
