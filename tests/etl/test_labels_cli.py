"""`diskurs labels import` and the exports that carry editors' labels (issue 11)."""

import csv
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from paths import DATA, ROOT

FORUM = DATA / "run" / "forum-a.csv"


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def exported(cli, store_dir, what, *args):
    done = cli("export", what, "--store", store_dir, "--out", "-", *args)
    assert done.returncode == 0, done.stderr
    return rows(done.stdout)


def test_imported_labels_survive_refresh_rescoring_and_a_killed_run(tmp_path, cli):
    store_dir = tmp_path / "store"
    assert cli("run", FORUM, "--store", store_dir).returncode == 0
    path = tmp_path / "labels.csv"
    path.write_text("comment_id,task,label,annotator\na1,sentiment,negative,anna\na2,stance,agree,anna\n")
    done = cli("labels", "import", path, "--store", store_dir)
    assert done.returncode == 0 and "imported 2 label(s), refused 0" in done.stderr

    assert cli("refresh", "--store", store_dir).returncode == 0
    assert cli("run", FORUM, "--store", store_dir, "--sentiment", "textblob-de").returncode == 0
    big = tmp_path / "big.csv"
    lines = [f'k{i},,z{i % 30},T,L,2024-05-01T10:00:00Z,"Text {i}, gut."' for i in range(30_000)]
    big.write_text("comment_id,parent_id,article_id,article_title,author,created_at,text\n" + "\n".join(lines))
    run = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(store_dir), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "DISKURS_WORKERS": "1"},
    )
    time.sleep(3)
    run.send_signal(signal.SIGKILL)
    run.wait()

    found = exported(cli, store_dir, "labels")
    assert [(r["comment_id"], r["task"], r["label"], r["annotator"]) for r in found] == [
        ("a1", "sentiment", "negative", "anna"),
        ("a2", "stance", "agree", "anna"),
    ]
    assert found[0]["machine_label"] in ("negative", "neutral", "positive")
    comments = {r["comment_id"]: r for r in exported(cli, store_dir, "comments")}
    assert comments["a1"]["sentiment_editor"] == "negative" and comments["a1"]["stance_editor"] == ""
    assert comments["a2"]["stance_editor"] == "agree"
    header = list(comments["a1"])
    assert header.index("sentiment_editor") == header.index("sentiment") + 1
    assert header.index("stance_editor") == header.index("stance") + 1


def test_import_refuses_unknown_ids_and_values_by_line_and_exits_3(tmp_path, cli):
    store_dir = tmp_path / "store"
    cli("run", FORUM, "--store", store_dir)
    path = tmp_path / "labels.csv"
    path.write_text("comment_id,task,label\na1,sentiment,positive\nnope,sentiment,positive\na2,mood,happy\n")
    done = cli("labels", "import", path, "--store", store_dir)
    assert done.returncode == 3
    assert f"refused: {path} line 3: unknown comment_id 'nope'" in done.stderr
    assert "line 4: unknown task 'mood'" in done.stderr
    assert [r["comment_id"] for r in exported(cli, store_dir, "labels")] == ["a1"]


def test_export_labels_follows_the_filters(tmp_path, cli):
    store_dir = tmp_path / "store"
    cli("run", FORUM, DATA / "run" / "forum-b.csv", "--store", store_dir)
    path = tmp_path / "labels.csv"
    path.write_text("comment_id,task,label,annotator\na1,sentiment,positive,x\nb1,sentiment,negative,x\n")
    cli("labels", "import", path, "--store", store_dir)
    assert [r["comment_id"] for r in exported(cli, store_dir, "labels", "--article", "art-1")] == ["a1"]


def test_a_missing_labels_file_is_one_line(tmp_path, cli):
    store_dir = tmp_path / "store"
    cli("run", FORUM, "--store", store_dir)
    done = cli("labels", "import", tmp_path / "none.csv", "--store", store_dir)
    assert done.returncode == 1 and done.stderr.strip().startswith("error: cannot read")


def test_export_filters_by_signal_score(tmp_path, cli):
    store_dir = tmp_path / "store"
    cli("run", FORUM, "--store", store_dir)
    everything = exported(cli, store_dir, "comments")
    flagged = exported(cli, store_dir, "comments", "--feedback", "0.5")
    assert {r["comment_id"] for r in flagged} == {r["comment_id"] for r in everything if float(r["feedback"]) >= 0.5}
    assert len(exported(cli, store_dir, "comments", "--argument", "0")) == len(everything)
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error, exit code 2
        cli("export", "comments", "--store", store_dir, "--out", "-", "--feedback", "2")
    assert usage.value.code == 2
