"""Label next (issue 14, item 3) chooses its comments from each article's least sure candidates kept
by the ETL (`store_label_candidates`), with the same choice as the scan of every comment it
replaced, whatever is labelled already: an article whose kept candidates are all labelled is read
from its comments. A version written before the table reads every comment, and the next run writes
it."""

import shutil

import pandas as pd
import pytest
from paths import SAMPLE
from store_edits import one_more_comment, without_derived

from dashboard.queries import labels
from etl import config, pipeline, store
from etl.store import candidates, segments

# The choice as it was made before the kept candidates: every comment's margin, numbered within its article.
REFERENCE = """
    WITH candidates AS (
        SELECT c.comment_id, c.article_id,
               CASE WHEN c.sentiment IS DISTINCT FROM (CASE WHEN c.polarity > 0.1 THEN 'positive'
                                                           WHEN c.polarity < -0.1 THEN 'negative'
                                                           ELSE 'neutral' END)
                    THEN abs(abs(c.polarity) - 0.1) - 1
                    ELSE abs(abs(c.polarity) - 0.1) END AS margin
        FROM comments c
        WHERE coalesce(c.status, 'published') = 'published' AND c.polarity IS NOT NULL
          AND length(c.text) BETWEEN 20 AND 1500
          AND c.comment_id NOT IN (SELECT comment_id FROM labelled_ids)),
    best AS (SELECT article_id, min({'margin': margin, 'id': comment_id}) AS b FROM candidates GROUP BY 1),
    chosen AS (SELECT article_id, b.id AS comment_id, b.margin, 1 AS turn FROM best
               ORDER BY b.margin, b.id LIMIT $limit),
    numbered AS (SELECT comment_id, margin,
                        row_number() OVER (PARTITION BY article_id ORDER BY margin, comment_id) AS turn
                 FROM candidates QUALIFY turn <= $limit ORDER BY turn, margin, comment_id LIMIT $limit),
    picked AS (SELECT comment_id, margin, turn FROM chosen WHERE (SELECT count(*) FROM chosen) >= $limit
               UNION ALL
               SELECT comment_id, margin, turn FROM numbered WHERE (SELECT count(*) FROM chosen) < $limit)
    SELECT c.comment_id, c.article_id, a.title, c.author, c.created_at, c.depth, c.text, c.sentiment,
           c.polarity, c.stance, c.stance_evidence, c.parent_id, c.sentiment_engine, p.text AS parent_text, ch.margin
    FROM picked ch JOIN comments c USING (comment_id)
    LEFT JOIN (SELECT article_id, any_value(title) AS title FROM articles GROUP BY 1) a ON a.article_id = c.article_id
    LEFT JOIN comments p ON p.comment_id = c.parent_id
    ORDER BY ch.turn, ch.margin, ch.comment_id"""


def reference(con, labelled, limit):
    con.register("labelled_ids", labelled)
    try:
        return con.execute(REFERENCE, {"limit": limit}).df()
    finally:
        con.unregister("labelled_ids")


def ids(values):
    return pd.DataFrame({"comment_id": pd.Series(list(values), dtype="string")})


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("label-candidates") / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 100)  # several segments
        pipeline.run([SAMPLE], config.Settings(store_dir=store_dir, workers=1))
    return store_dir


def labelled_sets(con):
    """Labels as editors leave them: none; a fifth of the candidates; every kept candidate of the
    articles with the most candidates (whose next ones are then read from their comments); every
    candidate of a few articles."""
    kept = con.execute(f"SELECT article_id, comment_id, n_candidates FROM {candidates.TABLE}").df()
    crowded = kept[kept["n_candidates"] > candidates.TOP]["article_id"].drop_duplicates().head(8)
    assert len(crowded) == 8  # the sample has articles with more candidates than are kept
    everything = con.execute(f"SELECT article_id, comment_id FROM ({candidates.select('comments')})").df()
    few = everything["article_id"].drop_duplicates().head(3)
    return {
        "none": ids([]),
        "a fifth": ids(everything["comment_id"].sample(frac=0.2, random_state=7)),
        "kept of crowded articles": ids(kept[kept["article_id"].isin(crowded)]["comment_id"]),
        "all of a few articles": ids(everything[everything["article_id"].isin(few)]["comment_id"]),
        "all": ids(everything["comment_id"]),
    }


@pytest.mark.parametrize("limit", [5, 20, 40, 400])  # fewer, and more, than the articles with candidates
def test_label_next_chooses_the_same_comments_whatever_is_labelled(sample_store, limit):
    with store.connect_readonly(sample_store) as con:
        for name, labelled in labelled_sets(con).items():
            chosen = labels.label_candidates(con, labelled, limit)
            expected = reference(con, labelled, limit)
            assert (len(chosen) > 0) == (name != "all"), name
            assert chosen["comment_id"].tolist() == expected["comment_id"].tolist(), name
            pd.testing.assert_frame_equal(chosen.drop(columns="margin"), expected.drop(columns="margin"))
            assert chosen["margin"].tolist() == pytest.approx(expected["margin"].tolist(), abs=1e-12)
            assert not set(chosen["comment_id"]) & set(labelled["comment_id"])


def test_the_kept_candidates_are_each_articles_least_sure(sample_store):
    with store.connect_readonly(sample_store) as con:
        columns = "article_id, comment_id, margin, turn, n_candidates"
        kept = con.execute(f"SELECT {columns} FROM {candidates.TABLE} ORDER BY article_id, turn").df()
        full = con.execute(f"""
            SELECT article_id, comment_id, margin,
                   row_number() OVER (PARTITION BY article_id ORDER BY margin, comment_id) AS turn,
                   count(*) OVER (PARTITION BY article_id) AS n_candidates
            FROM ({candidates.select("comments")}) QUALIFY turn <= {candidates.TOP}
            ORDER BY article_id, turn""").df()
        assert len(kept) > 0 and kept["turn"].max() == candidates.TOP
        for column in kept.columns:
            assert kept[column].tolist() == full[column].tolist(), column


def test_a_version_without_kept_candidates_reads_every_comment_and_the_next_run_writes_them(sample_store, tmp_path):
    store_dir = tmp_path / "store"
    shutil.copytree(sample_store, store_dir)
    without_derived(store_dir, candidates.TABLE)
    with store.connect_readonly(store_dir) as con:
        assert not store.queries.has_table(con, candidates.TABLE)
        for limit in (5, 400):
            pd.testing.assert_frame_equal(labels.label_candidates(con, ids([]), limit), reference(con, ids([]), limit))
    settings = config.Settings(store_dir=store_dir, workers=1)
    one_more_comment(settings, "fn-01", "Ein neuer Kommentar, lang genug für einen Kandidaten.")
    with store.connect_readonly(store_dir) as con:
        segments_held = con.execute("SELECT count(*) FROM store_segments").fetchall()[0][0]
        with_table = con.execute(
            "SELECT count(DISTINCT segment) FROM store_files WHERE tbl = ?", [candidates.TABLE]
        ).fetchall()[0][0]
        assert segments_held > 1 and with_table == segments_held
        for labelled in labelled_sets(con).values():
            chosen = labels.label_candidates(con, labelled, 20)
            assert chosen["comment_id"].tolist() == reference(con, labelled, 20)["comment_id"].tolist()


def test_an_article_whose_kept_candidates_are_all_labelled_offers_its_next_one(sample_store):
    with store.connect_readonly(sample_store) as con:
        labelled = labelled_sets(con)["kept of crowded articles"]
        n_articles = con.execute(f"SELECT count(DISTINCT article_id) FROM {candidates.TABLE}").fetchall()[0][0]
        chosen = labels.label_candidates(con, labelled, n_articles)  # every article's least sure
        assert chosen["comment_id"].tolist() == reference(con, labelled, n_articles)["comment_id"].tolist()
        kept = con.execute(f"SELECT article_id, comment_id FROM {candidates.TABLE}").df()
        crowded = set(kept[kept["comment_id"].isin(labelled["comment_id"])]["article_id"])
        beyond = chosen[chosen["article_id"].isin(crowded)]
        assert set(beyond["article_id"]) == crowded and not beyond["comment_id"].isin(kept["comment_id"]).any()


def test_the_rows_of_a_few_articles_read_article_by_article_are_the_views_rows(sample_store):
    with store.connect_readonly(sample_store) as con:
        chosen = con.execute("SELECT DISTINCT article_id FROM comments ORDER BY 1 DESC LIMIT 7").df()["article_id"]
        placed = "SELECT count(DISTINCT segment) FROM store_articles WHERE article_id IN (SELECT unnest(?))"
        assert con.execute(placed, [chosen.tolist()]).fetchall()[0][0] > 1
        read = store.articles_sql(con, "comments", [*chosen, "no-such-article"])
        rows = con.execute(f"SELECT * FROM {read} ORDER BY rowid").df()
        everywhere = "SELECT * FROM comments WHERE article_id IN (SELECT unnest(?)) ORDER BY rowid"
        expected = con.execute(everywhere, [chosen.tolist()]).df()
        assert len(expected) > 0
        pd.testing.assert_frame_equal(rows, expected)
        assert con.execute(f"SELECT count(*) FROM {store.articles_sql(con, 'comments', [])}").fetchall()[0][0] == 0
