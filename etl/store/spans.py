"""Where each article's comments lie in its segment file: `store_article_spans`, the first and last
rowid of the article's rows in the file's comments table, so that reading a few articles' comments
(etl.store.segments.articles_sql: the Label next page, the feedback inbox by article) tells DuckDB
which rows to fetch. A scan filtered on rowid ranges skips every vector outside them; filtered on
`article_id = …` it reads the column of a whole row group and then the other columns' vectors, one
scan per article (20 articles in two merged segments: 18 ms against 70 ms).

A segment file holds an article's rows together (new rows are written in article order, a
rewritten segment keeps its untouched articles' rows as they were, a merge appends whole files),
so the span holds the article's rows and no other's; readers filter on the article too, so a span
wider than its rows would cost time, never rows. Written with each segment (etl.store.segments)
and never changed; a segment written before it existed gets it in a file of its own at the next run.
"""

TABLE = "store_article_spans"
SEGMENT_TABLES = {TABLE: {"article_id": "VARCHAR", "first_row": "BIGINT", "last_row": "BIGINT"}}


def segment_select(table: str, database: str) -> str:
    """The SELECT of the article spans of the segment whose comments are in `database`."""
    assert table == TABLE
    return f"""
        SELECT article_id, min(rowid) AS first_row, max(rowid) AS last_row
        FROM {database}.main.comments GROUP BY article_id ORDER BY article_id"""


def shifted(offset: int) -> str:
    """The columns of a segment's spans as they are in a merged file whose comments start with
    `offset` rows of the files merged before it."""
    return f"article_id, first_row + {int(offset)}, last_row + {int(offset)}"


def where(spans) -> str:
    """SQL condition on a segment file's comments table: the rows of the spans ([(first, last)],
    none: no row)."""
    return " OR ".join(f"rowid BETWEEN {int(first)} AND {int(last)}" for first, last in spans) or "FALSE"
