"""Target stance counts: in each segment file, `store_target_days`, the stances toward the topics
file's targets of the segment's comments, counted per target, article, UTC day of the time basis,
status, whether a reply, and the comment's sentiment and stance, so that the topics page's "for or
against" chart reads some hundred thousand counts instead of joining every target stance to its
comment (0.55-0.8 s at ten million comments). Every article lives in one segment, so the articles
per target are counted across the segments' rows.

Written with each segment (etl.store.segments) and never changed; a segment written before it
existed gets it in a file of its own at the next run.
"""

from etl.store.filters import period_sql

TABLE = "store_target_days"
LABELS = ("favor", "against", "none")  # the target stances counted apart (etl/stance/targets.py)
SEGMENT_TABLES = {
    TABLE: {
        "target": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        "sentiment": "VARCHAR",
        "stance": "VARCHAR",
        "n": "BIGINT",
        **{f"n_{label}": "BIGINT" for label in LABELS},
        "sum_score": "DOUBLE",
        "n_score": "BIGINT",
    }
}


def segment_select(table: str, database: str) -> str:
    """The SELECT of the target stance counts of the segment whose tables are in `database`."""
    assert table == TABLE
    counts = ", ".join(f"count(*) FILTER (t.stance = '{label}')" for label in LABELS)
    return f"""
        SELECT t.target, c.article_id, {period_sql("day")}, c.status, c.depth > 0, c.sentiment, c.stance,
               count(*), {counts}, sum(t.score), count(t.score)
        FROM {database}.main.target_stances t
        JOIN {database}.main.comments c ON c.comment_id = t.comment_id AND c.article_id = t.article_id
        LEFT JOIN {database}.main.articles a ON a.article_id = c.article_id
        GROUP BY ALL ORDER BY 1, 2, 3"""
