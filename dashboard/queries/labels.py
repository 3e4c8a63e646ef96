"""The label sets the dashboard's queries count, filters offer and cards colour, and how the
machine's labels agree with the editors'."""

import contextlib

import duckdb
import pandas as pd

from etl import store
from etl.store.queries import article_info

SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "neutral")
TARGET_STANCES = ("favor", "against", "none")


def label_agreement(con: duckdb.DuckDBPyConnection, editor_labels: pd.DataFrame) -> pd.DataFrame:
    """How often the machine's label agrees with the editors' (etl.store.labels.read), per task
    and engine: task, engine, n (labelled comments the store holds), n_same."""
    con.register("editor_labels", editor_labels[["comment_id", "task", "label"]])
    try:
        return con.execute("""
            SELECT l.task,
                   CASE l.task WHEN 'sentiment' THEN coalesce(c.sentiment_engine, 'unknown') ELSE 'cues' END
                       AS engine,
                   count(*) AS n,
                   count(*) FILTER (WHERE l.label = CASE l.task WHEN 'sentiment' THEN c.sentiment
                                                                ELSE c.stance END) AS n_same
            FROM editor_labels l JOIN comments c USING (comment_id)
            WHERE l.task = 'sentiment' OR c.parent_id IS NOT NULL
            GROUP BY 1, 2 ORDER BY 1, n DESC""").df()
    finally:
        con.unregister("editor_labels")


def label_candidates(con: duckdb.DuckDBPyConnection, labelled: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Published comments whose labels would teach a model most: those the machine is least sure
    of (where the label engine disagrees with what textblob-de's polarity says, then polarity
    nearest a label threshold, ±0.1),
    spread over articles (the least sure of each article first, then the next of each, …), none
    already labelled (`labelled`: comment_id). comment_id, article_id, title, text, sentiment,
    polarity, stance, stance_evidence, parent_id, parent_text, margin.

    Chosen on a narrow scan (id, article, margin); then only the chosen rows read their text,
    parent and title, from their articles' segments. When at least `limit` articles have a
    candidate, the choice is each article's least sure comment, the `limit` least sure of those:
    a grouping, not a numbering of every candidate within its article."""
    con.register("labelled_ids", labelled[["comment_id"]])
    try:
        spread = con.execute(
            f"""WITH candidates AS ({_CANDIDATES}),
                     best AS (SELECT article_id, min({{'margin': margin, 'id': comment_id}}) AS b
                              FROM candidates GROUP BY article_id)
                SELECT article_id, b.id AS comment_id, b.margin, 1 AS turn FROM best
                ORDER BY b.margin, b.id LIMIT $limit""",
            {"limit": int(limit)},
        ).df()
        if len(spread) < limit:  # fewer articles than wanted: their next comments too
            spread = con.execute(
                f"""WITH candidates AS ({_CANDIDATES})
                    SELECT article_id, comment_id, margin,
                           row_number() OVER (PARTITION BY article_id ORDER BY margin, comment_id) AS turn
                    FROM candidates QUALIFY turn <= $limit ORDER BY turn, margin, comment_id LIMIT $limit""",
                {"limit": int(limit)},
            ).df()
        con.register("chosen", spread)
        with store.narrowed(con, spread["article_id"].unique().tolist()):
            return con.execute(
                f"""
                SELECT c.comment_id, c.article_id, a.title, c.author, c.created_at, c.depth, c.text,
                       c.sentiment, c.polarity, c.stance, c.stance_evidence, c.parent_id,
                       p.text AS parent_text, ch.margin
                FROM chosen ch
                JOIN comments c USING (article_id, comment_id)
                LEFT JOIN {article_info(con)} a ON a.article_id = c.article_id
                LEFT JOIN comments p ON p.comment_id = c.parent_id
                ORDER BY ch.turn, ch.margin, ch.comment_id"""
            ).df()
    finally:
        con.unregister("labelled_ids")
        with contextlib.suppress(duckdb.Error):
            con.unregister("chosen")


# Least sure: the two engines of a pair disagree (the label is not what the polarity alone says:
# margin below 0), else the polarity is near a threshold.
_CANDIDATES = """
    SELECT c.comment_id, c.article_id,
           CASE WHEN c.sentiment IS DISTINCT FROM (CASE WHEN c.polarity > 0.1 THEN 'positive'
                                                       WHEN c.polarity < -0.1 THEN 'negative'
                                                       ELSE 'neutral' END)
                THEN abs(abs(c.polarity) - 0.1) - 1
                ELSE abs(abs(c.polarity) - 0.1) END AS margin
    FROM comments c
    WHERE coalesce(c.status, 'published') = 'published' AND c.polarity IS NOT NULL
      AND length(c.text) BETWEEN 20 AND 1500
      AND c.comment_id NOT IN (SELECT comment_id FROM labelled_ids)"""
