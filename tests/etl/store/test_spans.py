"""Article spans (issue 14, item 3): each segment file names the first and last rowid of every
article's comments (`store_article_spans`), and reading a few articles' comments fetches those
rows by their spans, one scan a segment. The spans hold each article's rows and no other's, after a
first run, a rewrite of a segment and a merge; the rows read are the view's, with spans or
without (a version written before them), and the next run writes them."""

import shutil

import pandas as pd
import pytest
from paths import SAMPLE
from store_edits import one_more_comment, without_derived

from etl import config, pipeline, store
from etl.store import segments, spans


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("spans") / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 100)  # several segments, several articles each
        pipeline.run([SAMPLE], config.Settings(store_dir=store_dir, workers=1))
    return store_dir


def spans_of_files(con):
    """[(comments file, its articles' counted spans, its kept spans)] of every segment."""
    found = []
    files = con.execute(
        """SELECT c.file, s.file FROM store_files c JOIN store_files s USING (segment)
           WHERE c.tbl = 'comments' AND s.tbl = ? ORDER BY c.segment""",
        [spans.TABLE],
    ).fetchall()
    for comments, kept in files:
        counted = con.execute(
            f"""SELECT article_id, min(rowid), max(rowid), count(*)
                FROM {segments.alias(comments)}.main.comments GROUP BY 1 ORDER BY 1"""
        ).fetchall()
        held = con.execute(f"SELECT * FROM {segments.alias(kept)}.main.{spans.TABLE} ORDER BY 1").fetchall()
        found.append((comments, counted, held))
    return found


def assert_spans_hold_their_articles(store_dir):
    with store.connect_readonly(store_dir) as con:
        found = spans_of_files(con)
        n_segments = con.execute("SELECT count(*) FROM store_segments").fetchall()[0][0]
    assert len(found) == n_segments > 1
    for comments, counted, held in found:
        assert held == [(article, first, last) for article, first, last, _ in counted], comments
        # An article's rows lie together: its span holds no other article's row.
        assert all(last - first + 1 == n for _, first, last, n in counted), comments


def chosen_articles(con):
    """Articles to read: the first and third of a segment, the last of two others, one nobody has."""
    placed = "SELECT segment, list(article_id ORDER BY article_id) FROM store_articles GROUP BY 1 ORDER BY 1"
    by_segment = [articles for _, articles in con.execute(placed).fetchall()]
    crowded = next(articles for articles in by_segment if len(articles) >= 3)
    others = [articles[-1] for articles in by_segment if articles is not crowded][:2]
    return [crowded[0], crowded[2], *others, "no-such-article"]


def assert_reads_the_views_rows(con, chosen):
    read = store.articles_sql(con, "comments", chosen)
    rows = con.execute(f"SELECT * FROM {read} ORDER BY rowid").df()
    expected = con.execute(
        "SELECT * FROM comments WHERE article_id IN (SELECT unnest(?)) ORDER BY rowid", [chosen]
    ).df()
    assert len(expected) > 0 and expected["article_id"].nunique() == len(chosen) - 1
    pd.testing.assert_frame_equal(rows, expected)
    return read


def test_each_segment_s_spans_hold_its_articles_rows(sample_store):
    assert_spans_hold_their_articles(sample_store)


def test_a_few_articles_rows_read_by_their_spans_are_the_views_rows(sample_store):
    with store.connect_readonly(sample_store) as con:
        read = assert_reads_the_views_rows(con, chosen_articles(con))
    assert "BETWEEN" in read  # read by spans, not article by article


def test_spans_stay_right_when_a_segment_is_rewritten_and_when_segments_merge(sample_store, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    shutil.copytree(sample_store, store_dir)
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=store_dir, workers=1)
    with store.connect_readonly(store_dir) as con:
        first = con.execute("SELECT min(article_id) FROM store_articles").fetchall()[0][0]
    one_more_comment(settings, first)  # its segment rewritten: untouched articles first, then the run's
    assert_spans_hold_their_articles(store_dir)
    monkeypatch.setattr(segments, "MERGED_COMMENTS", 300)  # the three segments after the first merge
    one_more_comment(settings, first, "Noch ein Kommentar, damit die anderen Segmente zusammengelegt werden.")
    with store.connect_readonly(store_dir) as con:
        merged = con.execute("SELECT max(n_comments) FROM store_segments").fetchall()[0][0]
        assert merged >= 300  # settled segments became one file
        assert_reads_the_views_rows(con, chosen_articles(con))
    assert_spans_hold_their_articles(store_dir)


def test_a_version_without_spans_reads_article_by_article_and_the_next_run_writes_them(sample_store, tmp_path):
    store_dir = tmp_path / "store"
    shutil.copytree(sample_store, store_dir)
    without_derived(store_dir, spans.TABLE)
    with store.connect_readonly(store_dir) as con:
        read = assert_reads_the_views_rows(con, chosen_articles(con))
    assert "BETWEEN" not in read
    with store.connect_readonly(store_dir) as con:
        last = con.execute("SELECT max(article_id) FROM store_articles").fetchall()[0][0]
    one_more_comment(config.Settings(store_dir=store_dir, workers=1), last)
    assert_spans_hold_their_articles(store_dir)
