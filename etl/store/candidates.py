"""Label candidates: the published comments whose labels would teach a model most, those the machine
is least sure of (dashboard.queries.labels.label_candidates, the Label next page).

`margin` says how sure: below 0 when the label engine disagrees with what textblob-de's polarity
alone says (a label pair in dispute), else the polarity's distance to the nearest label threshold
(±0.1). A candidate is published, has a polarity and a text of 20 to 1,500 characters.

In each segment file, `store_label_candidates` keeps each article's TOP least sure candidates
(`turn` 1 to TOP, by margin then id) and how many candidates the article has (`n_candidates`), so
that the page reads some hundred thousand rows instead of every comment's text (2.6 s at ten million
comments: the length of every text). Written with each segment (etl.store.segments) and never
changed; a segment written before it existed gets it in a file of its own at the next run.
"""

TABLE = "store_label_candidates"
TOP = 3  # candidates kept per article; an article whose TOP are all labelled is read from its comments
SEGMENT_TABLES = {
    TABLE: {
        "article_id": "VARCHAR",
        "comment_id": "VARCHAR",
        "margin": "DOUBLE",
        "turn": "BIGINT",
        "n_candidates": "BIGINT",
    }
}


def select(comments: str) -> str:
    """comment_id, article_id, margin of every candidate among the rows of `comments` (a table)."""
    return f"""
        SELECT c.comment_id, c.article_id,
               CASE WHEN c.sentiment IS DISTINCT FROM (CASE WHEN c.polarity > 0.1 THEN 'positive'
                                                           WHEN c.polarity < -0.1 THEN 'negative'
                                                           ELSE 'neutral' END)
                    THEN abs(abs(c.polarity) - 0.1) - 1
                    ELSE abs(abs(c.polarity) - 0.1) END AS margin
        FROM {comments} c
        WHERE coalesce(c.status, 'published') = 'published' AND c.polarity IS NOT NULL
          AND length(c.text) BETWEEN 20 AND 1500"""


def segment_select(table: str, database: str) -> str:
    """The SELECT of the label candidates of the segment whose comments are in `database`."""
    assert table == TABLE
    return f"""
        SELECT article_id, comment_id, margin, turn, n_candidates FROM (
            SELECT article_id, comment_id, margin,
                   row_number() OVER (PARTITION BY article_id ORDER BY margin, comment_id) AS turn,
                   count(*) OVER (PARTITION BY article_id) AS n_candidates
            FROM ({select(f"{database}.main.comments")}))
        WHERE turn <= {TOP} ORDER BY article_id, turn"""
