"""Target stance counts: in each segment file, `store_target_days`, the stances toward the topics
file's targets of the segment's comments, counted per target, article, UTC day of the time basis,
status, whether a reply, and the comment's sentiment and stance, so that the topics page's "for or
against" chart reads some hundred thousand counts instead of joining every target stance to its
comment (0.55-0.8 s at ten million comments). Every article lives in one segment, so the articles
per target are counted across the segments' rows.

`store_target_topic_days` counts the same per topic the comment names (a comment once under each),
target, article, day, status and whether a reply, sorted by topic: the chart of one topic reads
that topic's rows instead of joining the target stances to every comment to test its topics
(0.2-0.45 s at ten million comments).

Written with each segment (etl.store.segments) and never changed; a segment written before one
existed gets it in a file of its own at the next run.
"""

from etl.store.filters import TARGET_STANCES, period_sql

TABLE = "store_target_days"
TOPIC_TABLE = "store_target_topic_days"
LABELS = TARGET_STANCES  # the target stances counted apart (etl/stance/targets.py)
_COUNTS = {
    "n": "BIGINT",
    **{f"n_{label}": "BIGINT" for label in LABELS},
    "sum_score": "DOUBLE",
    "n_score": "BIGINT",
}
SEGMENT_TABLES = {
    TABLE: {
        "target": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        "sentiment": "VARCHAR",
        "stance": "VARCHAR",
        **_COUNTS,
    },
    TOPIC_TABLE: {
        "topic": "VARCHAR",
        "target": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        **_COUNTS,
    },
}


def segment_select(table: str, database: str) -> str:
    """The SELECT of target stance counts `table` (SEGMENT_TABLES) of the segment whose tables are
    in `database`."""
    counts = ", ".join(f"count(*) FILTER (t.stance = '{label}')" for label in LABELS)
    counts = f"count(*), {counts}, sum(t.score), count(t.score)"
    comments = f"{database}.main.comments"
    if table == TOPIC_TABLE:  # a comment once under each topic it names, as the topic filter splits them
        keys = "c.topic, t.target, c.article_id"
        comments = f"""(SELECT *, unnest(string_split(topics, ';')) AS topic FROM {comments}
                        WHERE coalesce(topics, '') <> '')"""
        rest = ""
    else:
        assert table == TABLE
        keys, rest = "t.target, c.article_id", ", c.sentiment, c.stance"
    return f"""
        SELECT {keys}, {period_sql("day")}, c.status, c.depth > 0{rest}, {counts}
        FROM {database}.main.target_stances t
        JOIN {comments} c ON c.comment_id = t.comment_id AND c.article_id = t.article_id
        LEFT JOIN {database}.main.articles a ON a.article_id = c.article_id
        GROUP BY ALL ORDER BY 1, 2, 3"""
