"""Editors' labels: their own file, never touched by a run, safe under concurrent writers."""

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from paths import DATA, ROOT

from etl import config, pipeline, store
from etl.store import labels

FORUM = DATA / "run" / "forum-a.csv"


@pytest.fixture
def settings(tmp_path):
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([FORUM], settings)
    return settings


def test_the_newest_label_of_a_comment_and_task_wins_and_history_stays(settings):
    labels.add(settings.store_dir, [("a1", "sentiment", "positive"), ("a2", "stance", "disagree")], "anna")
    labels.add(settings.store_dir, [("a1", "sentiment", "negative")], "ben")
    found = labels.read(settings.store_dir)
    assert found[["comment_id", "task", "label", "annotator"]].values.tolist() == [
        ["a2", "stance", "disagree", "anna"],
        ["a1", "sentiment", "negative", "ben"],
    ]
    assert str(found["labelled_at"].dtype) == "datetime64[us, UTC]"
    assert labels.editor_columns(settings.store_dir).fillna("-").set_index("comment_id").to_dict("index") == {
        "a1": {"sentiment_editor": "negative", "stance_editor": "-"},
        "a2": {"sentiment_editor": "-", "stance_editor": "disagree"},
    }


@pytest.mark.parametrize(
    "row,annotator,reason",
    [
        (("a1", "mood", "positive"), "anna", "unknown task 'mood'"),
        (("a1", "sentiment", "agree"), "anna", "unknown sentiment label 'agree'"),
        (("a1", "sentiment", "positive"), "  ", "needs the name"),
    ],
)
def test_bad_labels_are_refused_whole(settings, row, annotator, reason):
    with pytest.raises(labels.LabelError, match=reason):
        labels.add(settings.store_dir, [("a2", "sentiment", "neutral"), row], annotator)
    assert labels.read(settings.store_dir).empty


def test_labels_survive_refresh_rescoring_new_versions_and_a_killed_run(settings, tmp_path):
    labels.add(settings.store_dir, [("a1", "sentiment", "negative"), ("a2", "stance", "agree")], "anna")
    pipeline.run([DATA / "run" / "forum-b.csv"], settings)
    pipeline.refresh(settings)
    pipeline.run([FORUM], config.Settings(store_dir=settings.store_dir, sentiment="german-plus", workers=1))
    big = tmp_path / "big.csv"
    rows = [f'k{i},,z{i % 30},T,L,2024-05-01T10:00:00Z,"Text {i}, gut und schlecht."' for i in range(30_000)]
    big.write_text("comment_id,parent_id,article_id,article_title,author,created_at,text\n" + "\n".join(rows))
    run = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(settings.store_dir), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "DISKURS_WORKERS": "1"},
    )
    time.sleep(3)
    labels.add(settings.store_dir, [("a3", "sentiment", "neutral")], "ben")  # while it writes
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert labels.read(settings.store_dir)["comment_id"].tolist() == ["a1", "a2", "a3"]


def _write_many(store_dir, worker, n):
    for i in range(n):
        labels.add(store_dir, [(f"a{1 + (i % 4)}", "sentiment", ("negative", "neutral", "positive")[i % 3])], worker)


def test_concurrent_writers_lose_nothing(settings):
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(settings.store_dir, f"w{k}", 40)) for k in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    assert [writer.exitcode for writer in writers] == [0, 0, 0, 0]
    with labels._connect(settings.store_dir) as con:
        assert con.execute("SELECT count(*), count(DISTINCT annotator) FROM labels").fetchone() == (160, 4)


def test_import_keeps_good_rows_and_names_each_refused_one(settings, tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "comment_id,task,label,annotator\n"
        "a1,sentiment,Negative,anna\n"
        "zz,sentiment,negative,anna\n"
        "a2,stance,maybe,\n"
        "a2,stance,agree,\n"
    )
    with store.connect_readonly(settings.store_dir) as con:
        known = {row[0] for row in con.execute("SELECT comment_id FROM comments").fetchall()}
    stored, refused = labels.import_csv(settings.store_dir, path, known)
    assert stored == 2
    assert refused == [
        "line 3: unknown comment_id 'zz'",
        "line 4: unknown stance label 'maybe': use agree, disagree, neutral",
    ]
    assert labels.read(settings.store_dir)[["comment_id", "label", "annotator"]].values.tolist() == [
        ["a1", "negative", "anna"],
        ["a2", "agree", "import"],
    ]


def test_training_frame_joins_the_labels_with_the_stored_texts(settings):
    labels.add(settings.store_dir, [("a2", "stance", "disagree"), ("a1", "stance", "agree")], "anna")
    labels.add(settings.store_dir, [("a1", "sentiment", "positive"), ("gone", "sentiment", "negative")], "anna")
    stance = labels.training_frame(settings.store_dir, "stance")
    assert stance[["comment_id", "label"]].values.tolist() == [["a2", "disagree"]]  # a1 has no parent
    assert stance["parent"].iloc[0] == "Die neuen Regeln sind gut und wichtig."
    assert stance.attrs["task"] == "reply"
    sentiment = labels.training_frame(settings.store_dir, "sentiment")
    assert sentiment[["comment_id", "article_id", "label"]].values.tolist() == [["a1", "art-1", "positive"]]
