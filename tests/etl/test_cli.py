import csv
import subprocess
import sys

import pytest
from paths import DATA, ROOT, SEED

from etl import schema

RUN_DATA = DATA / "run"


def etl(*args):
    """`python -m etl` in a process of its own: the end-to-end test; the others run in-process (cli)."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_run_then_export_the_seed_gives_three_comments_with_the_spec_columns(tmp_path):
    assert etl("run", SEED, "--store", tmp_path / "s").returncode == 0
    done = etl("export", "comments", "--store", tmp_path / "s", "--out", tmp_path / "c.csv")
    assert done.returncode == 0, done.stderr
    rows = read_csv(tmp_path / "c.csv")
    assert len(rows) == 3
    machine = [column for column in rows[0] if not column.endswith("_editor")]
    assert machine == schema.EXPORT_COLUMNS["comments"]
    assert [column for column in rows[0] if column.endswith("_editor")] == ["sentiment_editor", "stance_editor"]
    replies = [r for r in rows if r["parent_id"]]
    assert len(replies) == 1 and replies[0]["parent_id"] == rows[0]["comment_id"]


def test_every_csv_export_neutralises_a_formula_comment(tmp_path, cli):
    store = tmp_path / "s"
    assert cli("run", RUN_DATA / "forum-a.csv", "--store", store).returncode == 0
    cli("export", "comments", "--store", store, "--out", tmp_path / "c.csv")
    texts = [r["text"] for r in read_csv(tmp_path / "c.csv")]
    assert "'=SUMME(A1:A3) ist auch keine Antwort." in texts
    assert not any(t.startswith("=") for t in texts)


def test_export_filters_by_article_and_since(tmp_path, cli):
    store = tmp_path / "s"
    cli("run", RUN_DATA, "--store", store)
    cli("export", "comments", "--store", store, "--out", tmp_path / "a.csv", "--article", "art-2")
    assert {r["article_id"] for r in read_csv(tmp_path / "a.csv")} == {"art-2"}
    cli("export", "comments", "--store", store, "--out", tmp_path / "s.csv", "--since", "2025-04-02")
    assert [r["comment_id"] for r in read_csv(tmp_path / "s.csv")] == ["b1", "b2", "a4"]


@pytest.mark.parametrize("what", ["articles", "runs", "rejects", "by-day", "by-topic"])
def test_every_export_kind_writes_a_csv_with_a_header(tmp_path, what, cli):
    store = tmp_path / "s"
    cli("run", RUN_DATA, "--store", store)
    done = cli("export", what, "--store", store, "--out", tmp_path / "x.csv")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.csv").read_text().splitlines()[0]


def test_status_shows_the_runs(tmp_path, cli):
    store = tmp_path / "s"
    cli("run", RUN_DATA / "forum-a.csv", "--store", store)
    cli("refresh", "--store", store)
    shown = cli("status", "--store", store)
    assert shown.returncode == 0
    assert "refresh" in shown.stdout and "4 comments" in shown.stdout


def test_errors_are_one_clear_line_and_a_nonzero_exit(tmp_path, cli):
    done = cli("run", tmp_path / "nowhere.csv", "--store", tmp_path / "s")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: input not found")
    empty = cli("export", "comments", "--store", tmp_path / "empty", "--out", tmp_path / "x.csv")
    assert empty.returncode == 1 and "error: no data" in empty.stderr


def test_schedule_refreshes_the_given_number_of_times(tmp_path, cli):
    store = tmp_path / "s"
    cli("run", RUN_DATA / "forum-a.csv", "--store", store)
    assert cli("schedule", "--every", "1s", "--times", "2", "--store", store).returncode == 0
    assert cli("status", "--store", store).stdout.count(" refresh ") == 2


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("DISKURS_LANG", "fr", "error: DISKURS_LANG must be one of de, en, not 'fr'"),
        ("DISKURS_WORKERS", "zwei", "error: DISKURS_WORKERS must be a number, not 'zwei'"),
        ("DISKURS_SITE_DEADLINE", "bald", "error: DISKURS_SITE_DEADLINE must be a number, not 'bald'"),
    ],
)
def test_a_setting_from_the_environment_that_cannot_be_used_is_one_line_and_a_usage_exit(
    cli, monkeypatch, tmp_path, variable, value, said
):
    monkeypatch.setenv(variable, value)
    done = cli("status", "--store", tmp_path / "store")
    assert (done.returncode, done.stderr.strip()) == (2, said)
