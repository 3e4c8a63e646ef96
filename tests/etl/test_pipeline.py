import shutil

import pandas as pd
import pytest
from paths import DATA, SEED
from textblob_de import PatternTokenizer, TextBlobDE

from etl import config, pipeline, store
from etl.sources import SourceError
from etl.store import journal


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store")


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(DATA / "run" / "forum-a.csv", folder)
    return folder


def table(settings, name, order="1"):
    with store.connect_readonly(settings.store_dir) as con:
        return con.execute(f"SELECT * FROM {name} ORDER BY {order}").df()


def test_run_on_the_seed_page_stores_three_scored_comments(settings):
    pipeline.run([SEED], settings)
    comments = table(settings, "comments", "position")
    assert len(comments) == 3
    assert comments["parent_id"].iloc[1] == comments["comment_id"].iloc[0]
    assert comments["depth"].tolist() == [0, 1, 0]
    for text, polarity in zip(comments["text"], comments["polarity"]):
        assert polarity == TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment.polarity
    articles = table(settings, "articles")
    assert articles["n_comments"].tolist() == [3]
    assert articles["mean_polarity"].iloc[0] == pytest.approx(comments["polarity"].mean())


def test_running_the_same_input_twice_leaves_the_same_rows(settings, inputs):
    first = pipeline.run([inputs], settings)
    before = table(settings, "comments", "comment_id")
    second = pipeline.run([inputs], settings)
    after = table(settings, "comments", "comment_id")
    pd.testing.assert_frame_equal(before, after)
    assert (first.n_new, second.n_new, second.n_changed, second.n_scored) == (4, 0, 0, 0)


def test_refresh_after_adding_a_file_adds_just_its_comments(settings, inputs):
    pipeline.run([inputs], settings)
    shutil.copy(DATA / "run" / "forum-b.csv", inputs)
    result = pipeline.refresh(settings)
    assert (result.n_new, result.n_changed, result.n_scored) == (2, 0, 2)
    assert len(table(settings, "comments")) == 6
    assert table(settings, "runs", "started_at")["command"].tolist() == ["run", "refresh"]


def test_refresh_updates_a_changed_comment_instead_of_duplicating_it(settings, inputs):
    pipeline.run([inputs], settings)
    csv = inputs / "forum-a.csv"
    csv.write_text(csv.read_text().replace("sind gut und wichtig", "sind schrecklich"))
    result = pipeline.refresh(settings)
    comments = table(settings, "comments").set_index("comment_id")
    assert (result.n_new, result.n_changed, result.n_scored) == (0, 1, 1)
    assert len(comments) == 4
    assert comments.loc["a1", "sentiment"] == "negative"


def test_a_failed_run_keeps_what_was_stored_and_is_listed_as_failed(settings, inputs):
    pipeline.run([inputs], settings)
    with pytest.raises(SourceError, match="not found"):
        pipeline.run([inputs / "missing.csv"], settings)
    assert len(table(settings, "comments")) == 4
    runs = journal.merged(store.read_table(store.connect_readonly(settings.store_dir), "runs"), settings.store_dir)
    assert runs["status"].tolist() == ["failed", "ok"]  # newest first
    assert "not found" in runs["error"].iloc[0]
    assert len(store.list_versions(settings.store_dir)) == 1  # the failure wrote no copy


def test_strict_turns_a_reject_into_a_failed_run_that_loads_nothing(settings, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((DATA / "run" / "forum-b.csv").read_text() + ",,art-2,,,,,,kein Schlüssel,\n")
    with pytest.raises(pipeline.StrictError, match="strict"):
        pipeline.run([bad], config.Settings(store_dir=settings.store_dir, strict=True))
    assert store.current_path(settings.store_dir) is None
    pipeline.run([bad], settings)
    assert len(table(settings, "comments")) == 2
    assert len(table(settings, "rejects")) == 1


def test_replies_get_threads_topics_and_article_aggregates(settings, inputs):
    pipeline.run([inputs], settings)
    comments = table(settings, "comments").set_index("comment_id")
    assert comments.loc["a3", "root_id"] == "a1"
    assert comments.loc["a3", "depth"] == 2
    assert comments.loc["a1", "n_replies"] == 1
    assert "Künstliche Intelligenz" in comments.loc["a1", "topics"]
    article = table(settings, "articles").set_index("article_id").loc["art-1"]
    assert (article["n_comments"], article["n_replies"], article["max_depth"]) == (4, 2, 2)


def test_refresh_skips_unchanged_files_and_reads_changed_ones(settings, inputs):
    pipeline.run([inputs], settings)
    assert pipeline.refresh(settings).n_read == 0
    csv = inputs / "forum-a.csv"
    csv.write_text(csv.read_text().replace("sind gut und wichtig", "sind gut"))
    assert pipeline.refresh(settings).n_read == 4


def test_an_edited_topics_file_reapplies_topics_to_every_stored_comment(settings, inputs, tmp_path):
    pipeline.run([inputs], settings)
    assert "Künstliche Intelligenz" in table(settings, "comments")["topics"].iloc[0]
    topics_file = tmp_path / "topics.toml"
    topics_file.write_text('[topics."Regulierung"]\nkeywords = ["Regeln"]\n')
    edited = config.Settings(store_dir=settings.store_dir, topics_file=topics_file)
    result = pipeline.refresh(edited)
    comments = table(settings, "comments", "comment_id").set_index("comment_id")
    assert result.n_scored == 0
    assert "Künstliche Intelligenz" not in comments.loc["a1", "topics"]
    assert "Regulierung" in comments.loc["a1", "topics"]
