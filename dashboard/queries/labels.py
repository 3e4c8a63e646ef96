"""The label sets the dashboard's queries count, filters offer and cards colour, and how the
machine's labels agree with the editors'."""

import contextlib

import duckdb
import pandas as pd

from etl import sentiment, store
from etl.store import candidates, targets
from etl.store.queries import article_info, has_table

SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "neutral")
TARGET_STANCES = targets.LABELS


def label_agreement(con: duckdb.DuckDBPyConnection, editor_labels: pd.DataFrame) -> pd.DataFrame:
    """How often the machine's label agrees with the editors' (etl.store.labels.read), per task,
    engine and the editors' label: task, engine, label, n (labelled comments the store holds),
    n_same. Task `polarity`: the
    label the polarity's own sign gives (etl.sentiment.label, ±0.1) against the editors' sentiment
    labels, under the engine that scored the polarity (a pair's first)."""
    con.register("editor_labels", editor_labels[["comment_id", "task", "label"]])
    try:
        return con.execute(
            """
            WITH labelled AS (
                SELECT l.task, l.label, c.sentiment, c.stance, c.polarity,
                       coalesce(c.sentiment_engine, 'unknown') AS sentiment_engine
                FROM editor_labels l JOIN comments c USING (comment_id)
                WHERE l.task = 'sentiment' OR c.parent_id IS NOT NULL)
            SELECT task, engine, label, count(*) AS n, count(*) FILTER (WHERE label = machine) AS n_same
            FROM (SELECT task, label,
                         CASE task WHEN 'sentiment' THEN sentiment_engine ELSE 'cues' END AS engine,
                         CASE task WHEN 'sentiment' THEN sentiment ELSE stance END AS machine
                  FROM labelled
                  UNION ALL
                  SELECT 'polarity', label, split_part(sentiment_engine, '+', 1),
                         CASE WHEN polarity > $positive THEN 'positive'
                              WHEN polarity < $negative THEN 'negative' ELSE 'neutral' END
                  FROM labelled WHERE task = 'sentiment' AND polarity IS NOT NULL)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""",
            {"positive": sentiment.POSITIVE_ABOVE, "negative": sentiment.NEGATIVE_BELOW},
        ).df()
    finally:
        con.unregister("editor_labels")


def label_candidates(con: duckdb.DuckDBPyConnection, labelled: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Published comments whose labels would teach a model most: those the machine is least sure
    of (etl.store.candidates: where the label engine disagrees with what textblob-de's polarity
    says, then polarity nearest a label threshold, ±0.1), spread over articles (the least sure of
    each article first, then the next of each, …), none already labelled (`labelled`:
    comment_id). comment_id, article_id, title, text, sentiment, polarity, stance,
    stance_evidence, parent_id, parent_text, margin.

    Chosen on the articles' least sure comments (`store_label_candidates`), or on a narrow scan
    of every comment for a store without them; then only the chosen articles' rows are read, for
    the text, parent and title, each article from its segment. When at least `limit` articles
    have a candidate, the choice is each article's least sure comment, the `limit` least sure of
    those: a grouping, not a numbering of every candidate within its article."""
    con.register("labelled_ids", labelled[["comment_id"]])
    try:
        spread = _spread(con, limit, not labelled.empty)
        con.register("chosen", spread)
        rows = store.articles_sql(con, "comments", spread["article_id"])
        return con.execute(
            f"""
            WITH rows AS MATERIALIZED (
                SELECT comment_id, article_id, author, created_at, depth, text, sentiment, polarity, stance,
                       stance_evidence, parent_id, sentiment_engine FROM {rows})
            SELECT c.comment_id, c.article_id, a.title, c.author, c.created_at, c.depth, c.text,
                   c.sentiment, c.polarity, c.stance, c.stance_evidence, c.parent_id, c.sentiment_engine,
                   p.text AS parent_text, ch.margin
            FROM chosen ch
            JOIN rows c USING (article_id, comment_id)
            LEFT JOIN {article_info(con)} a ON a.article_id = c.article_id
            LEFT JOIN rows p ON p.article_id = c.article_id AND p.comment_id = c.parent_id
            ORDER BY ch.turn, ch.margin, ch.comment_id"""
        ).df()
    finally:
        con.unregister("labelled_ids")
        with contextlib.suppress(duckdb.Error):
            con.unregister("chosen")


def _spread(con, limit, any_labelled):
    """article_id, comment_id, margin, turn of the chosen candidates (labelled_ids registered;
    `any_labelled`: whether it has a row)."""
    if has_table(con, candidates.TABLE):
        spread = _spread_kept(con, limit, any_labelled)
    else:
        spread = con.execute(
            f"""WITH candidates AS ({_OPEN}),
                     best AS (SELECT article_id, min({{'margin': margin, 'id': comment_id}}) AS b
                              FROM candidates GROUP BY article_id)
                SELECT article_id, b.id AS comment_id, b.margin, 1 AS turn FROM best
                ORDER BY b.margin, b.id LIMIT $limit""",
            {"limit": int(limit)},
        ).df()
    if len(spread) < limit:  # fewer articles than wanted: their next comments too
        spread = con.execute(
            f"""WITH candidates AS ({_OPEN})
                SELECT article_id, comment_id, margin,
                       row_number() OVER (PARTITION BY article_id ORDER BY margin, comment_id) AS turn
                FROM candidates QUALIFY turn <= $limit ORDER BY turn, margin, comment_id LIMIT $limit""",
            {"limit": int(limit)},
        ).df()
    return spread


def _spread_kept(con, limit, any_labelled):
    """The least sure unlabelled candidate of each article, the `limit` least sure of those, from
    each article's TOP candidates kept by the ETL: the first of an article none of whose kept
    candidates is labelled, else its first unlabelled one; an article whose kept candidates are all
    labelled, and which has more, is read from its comments (`_best`).

    The articles with a labelled kept candidate are found first (editors label a few hundred
    comments, not every article's); the others' firsts are then a top-N of the first candidates,
    N the limit plus those articles (at most that many of the top-N are theirs)."""
    holding = f"SELECT article_id FROM {candidates.TABLE} WHERE comment_id IN (SELECT comment_id FROM labelled_ids)"
    hit = sorted({row[0] for row in con.execute(holding).fetchall()}) if any_labelled else []
    best = con.execute(
        f"""SELECT article_id, comment_id, margin FROM {candidates.TABLE} WHERE turn = 1
            ORDER BY margin, comment_id LIMIT $n""",
        {"n": int(limit) + len(hit)},
    ).df()
    if hit:
        found = con.execute(
            f"""SELECT article_id, arg_min(comment_id, (margin, comment_id)) FILTER (NOT done) AS comment_id,
                       min(margin) FILTER (NOT done) AS margin,
                       count(*) FILTER (NOT done) = 0 AND max(n_candidates) > count(*) AS exhausted
                FROM (SELECT *, comment_id IN (SELECT comment_id FROM labelled_ids) AS done
                      FROM {candidates.TABLE} WHERE article_id IN (SELECT unnest($hit)))
                GROUP BY article_id""",
            {"hit": hit},
        ).df()
        exhausted = found["exhausted"].astype(bool)
        parts = [best[~best["article_id"].isin(hit)], found[~exhausted & found["comment_id"].notna()]]
        if exhausted.any():
            parts.append(_best(con, found[exhausted]["article_id"].tolist()))
        best = pd.concat([part[["article_id", "comment_id", "margin"]] for part in parts], ignore_index=True)
    con.register("open_best", best)
    try:
        return con.execute(
            """SELECT article_id, comment_id, margin, 1 AS turn FROM open_best
               ORDER BY margin, comment_id LIMIT $limit""",
            {"limit": int(limit)},
        ).df()
    finally:
        con.unregister("open_best")


def _best(con, article_ids):
    """article_id, comment_id, margin: the least sure unlabelled candidate of each of these articles
    that has one, read from their comments."""
    rows = candidates.select(store.articles_sql(con, "comments", article_ids))
    return con.execute(
        f"""SELECT article_id, arg_min(comment_id, (margin, comment_id)) AS comment_id, min(margin) AS margin
            FROM ({rows}) WHERE comment_id NOT IN (SELECT comment_id FROM labelled_ids) GROUP BY article_id"""
    ).df()


# Every candidate not labelled yet.
_OPEN = f"SELECT * FROM ({candidates.select('comments')}) WHERE comment_id NOT IN (SELECT comment_id FROM labelled_ids)"
