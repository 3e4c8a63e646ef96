"""Target stance counts: in each segment file, `store_target_days`, the stances toward the topics
file's targets of the segment's comments, counted per target, article, UTC day of the time basis,
status, whether a reply, and the comment's sentiment and stance, so that the topics page's "for or
against" chart reads some hundred thousand counts instead of joining every target stance to its
comment (0.55-0.8 s at ten million comments). Every article lives in one segment, so the articles
per target are counted across the segments' rows.

`store_target_votes` counts the voted comments (up or down votes given) per target, stance toward
it, day, status, sentiment and stance, with the sums of their votes: the votes chart of one target
reads those counts instead of joining every comment (0.45 s at ten million comments).

`store_target_topic_days` counts the same per topic the comment names (a comment once under each),
target, article, day, status and whether a reply, sorted by topic: the chart of one topic reads
that topic's rows instead of joining the target stances to every comment to test its topics
(0.2-0.45 s at ten million comments).

Written with each segment (etl.store.segments) and never changed; a segment written before one
existed gets it in a file of its own at the next run.
"""

from etl.store.aggregates import VOTES
from etl.store.filters import TARGET_STANCES, period_sql

TABLE = "store_target_days"
TOPIC_TABLE = "store_target_topic_days"
VOTES_TABLE = "store_target_votes"
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
    VOTES_TABLE: {
        "target": "VARCHAR",
        "target_stance": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "sentiment": "VARCHAR",
        "stance": "VARCHAR",
        "n_voted": "BIGINT",
        **{f"sum_{votes}": "BIGINT" for votes in VOTES},
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


def segment_select(table: str, database: str, present=VOTES) -> str:
    """The SELECT of target stance counts `table` (SEGMENT_TABLES) of the segment whose tables are
    in `database`; `present`: which of the VOTES columns its comments have (a store written without
    the votes lacks them: then no comment counts as voted)."""
    if table == VOTES_TABLE:
        if not set(VOTES) <= set(present):
            return f"SELECT {', '.join(f'NULL::{kind}' for kind in SEGMENT_TABLES[table].values())} WHERE FALSE"
        return f"""
            SELECT t.target, t.stance, {period_sql("day")}, c.status, c.sentiment, c.stance, count(*),
                   coalesce(sum(c.positive_votes), 0), coalesce(sum(c.negative_votes), 0)
            FROM {database}.main.target_stances t
            JOIN {database}.main.comments c ON c.comment_id = t.comment_id AND c.article_id = t.article_id
            LEFT JOIN {database}.main.articles a ON a.article_id = c.article_id
            WHERE c.positive_votes IS NOT NULL OR c.negative_votes IS NOT NULL
            GROUP BY ALL ORDER BY 1, 2, 3"""
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
