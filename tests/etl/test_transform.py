"""Incremental work: only new and changed comments (and replies to them) are analysed again."""

import shutil

import pandas as pd
import pytest
from paths import DATA, SAMPLE

from etl import config, pipeline, sentiment, store


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store")


def comments(settings):
    with store.connect_readonly(settings.store_dir) as con:
        return store.read_table(con, "comments", "ORDER BY comment_id").set_index("comment_id")


def tamper(settings, sql):
    """Change stored rows behind the pipeline's back, to see whether it recomputes them."""
    with store.write_lock(settings.store_dir), store.new_version(settings.store_dir) as con:
        con.execute(sql)


def test_unchanged_comments_keep_their_stored_analysis(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "run" / "forum-a.csv", folder)
    pipeline.run([folder], settings)
    tamper(
        settings,
        "UPDATE comments SET stance = 'agree', stance_evidence = 'kept', topics = 'Kept' WHERE comment_id = 'a2'",
    )
    csv = folder / "forum-a.csv"
    csv.write_text(
        csv.read_text() + "a5,,art-1,Neue KI-Regeln der EU,https://example.test/ki-regeln,"
        "2025-04-01T08:00:00Z,Neu,2025-04-03T07:00:00Z,Ein neuer Gedanke.,Politik\n"
    )
    result = pipeline.refresh(settings)
    after = comments(settings)
    assert (result.n_new, result.n_scored) == (1, 1)
    assert (after.loc["a2", "stance_evidence"], after.loc["a2", "topics"]) == ("kept", "Kept")
    assert pd.notna(after.loc["a5", "topics"])


def test_a_changed_parent_makes_its_replies_be_analysed_again(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "run" / "forum-a.csv", folder)
    pipeline.run([folder], settings)
    tamper(settings, "UPDATE comments SET stance_evidence = 'stale' WHERE comment_id = 'a2'")
    csv = folder / "forum-a.csv"
    csv.write_text(csv.read_text().replace("sind gut und wichtig", "sind überflüssig"))
    pipeline.refresh(settings)
    assert comments(settings).loc["a2", "stance_evidence"] != "stale"


def test_small_chunks_give_the_same_rows_as_one_chunk(tmp_path, monkeypatch):
    inputs = [DATA / "run", SAMPLE]
    whole = config.Settings(store_dir=tmp_path / "whole")
    pipeline.run(inputs, whole)
    monkeypatch.setattr(pipeline, "CHUNK_COMMENTS", 7)
    chunked = config.Settings(store_dir=tmp_path / "chunked")
    pipeline.run(inputs, chunked)
    for table, key in (("comments", "comment_id"), ("articles", "article_id")):
        with store.connect_readonly(whole.store_dir) as a, store.connect_readonly(chunked.store_dir) as b:
            left = store.read_table(a, table, f"ORDER BY {key}").reset_index(drop=True)
            right = store.read_table(b, table, f"ORDER BY {key}").reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right)


def test_a_store_scored_by_textblob_de_alone_keeps_it_until_asked_then_relabels_only(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "run" / "forum-a.csv", folder)
    old = config.Settings(store_dir=settings.store_dir, sentiment="textblob-de")
    pipeline.run([folder], old)  # what the default did before textblob-de+german-plus
    before = comments(settings)
    # Numbers the pipeline would not compute: kept only if they are carried over.
    tamper(settings, "UPDATE comments SET subjectivity = 0.123456 WHERE comment_id = 'a2'")
    assert pipeline.refresh(settings).n_scored == 0  # a plain refresh keeps the store's engine
    assert (comments(settings)["sentiment_engine"] == "textblob-de").all()
    moved = config.Settings(store_dir=settings.store_dir, sentiment="textblob-de+german-plus")
    result = pipeline.refresh(moved)
    after = comments(settings)
    assert result.n_scored == len(after)  # every label again, with german-plus
    assert (after["sentiment_engine"] == "textblob-de+german-plus").all()
    assert after.loc["a2", "subjectivity"] == 0.123456
    pd.testing.assert_series_equal(after["polarity"], before["polarity"])
    german_plus = sentiment.get_engine("german-plus")
    expected = sentiment.label(pd.Series([german_plus.score(t)[0] for t in after["text"]], index=after.index))
    pd.testing.assert_series_equal(after["sentiment"], expected, check_names=False)
    assert pipeline.refresh(settings).n_scored == 0  # and a plain refresh keeps that


def test_an_unchanged_comment_keeps_its_label_and_a_changed_one_is_labelled_again(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "run" / "forum-a.csv", folder)
    pipeline.run([folder], settings)
    tamper(settings, "UPDATE comments SET sentiment = 'positive' WHERE comment_id IN ('a1', 'a2')")
    csv = folder / "forum-a.csv"
    csv.write_text(csv.read_text().replace("sind gut und wichtig", "sind eine Katastrophe"))
    result = pipeline.refresh(settings)
    after = comments(settings)
    assert after.loc["a2", "sentiment"] == "positive"  # carried over: its text is unchanged
    assert (result.n_changed, result.n_scored) == (1, 1)
    assert after.loc["a1", "sentiment"] == "negative"
