"""What an operator sees when something goes wrong: one `error:` line, an exit code to act on,
the failure in the journal, and counts that say what happened (issue 10, items 8, 9, 11)."""

import shutil
import subprocess
import sys
import time

import pytest
from paths import DATA, ROOT

from etl import cli as etl_cli
from etl import commands, config, store
from etl.store import journal

FORUM = DATA / "run" / "forum-a.csv"


def one_error_line(done):
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    assert lines and lines[-1].startswith("error: "), done.stderr
    return lines[-1]


@pytest.fixture
def filled(tmp_path, cli):
    store_dir = tmp_path / "store"
    assert cli("run", FORUM, "--store", store_dir).returncode == 0
    return store_dir


def test_status_lists_failed_runs(filled, cli, tmp_path):
    assert cli("run", tmp_path / "missing.csv", "--store", filled).returncode == 1
    shown = cli("status", "--store", filled)
    assert shown.returncode == 0, shown.stderr
    assert "failed" in shown.stdout and "input not found" in shown.stdout


def test_status_of_a_store_whose_every_run_failed_shows_them(tmp_path, cli):
    store_dir = tmp_path / "store"
    cli("run", tmp_path / "missing.csv", "--store", store_dir)
    shown = cli("status", "--store", store_dir)
    assert shown.returncode == 0 and "no data yet" in shown.stdout and "failed" in shown.stdout


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--since", "11.03.2015"], "--since '11.03.2015' is not a day: write it as YYYY-MM-DD"),
        (["--until", "2015-02-30"], "--until '2015-02-30' is not a day"),
        (["--since", "2025-05-01", "--until", "2025-04-01"], "is after --until"),
        (
            ["--topic", "politik"],
            "--topic 'politik' matches nothing in the store (values are exact); did you mean Politik?",
        ),
        (["--article", "1"], "--article '1' matches nothing in the store (values are exact); did you mean art-1?"),
    ],
)
def test_export_filters_that_cannot_match_are_one_line_not_zero_rows(filled, cli, tmp_path, args, expected):
    out = tmp_path / "x.csv"
    done = cli("export", "comments", "--store", filled, "--out", out, *args)
    assert done.returncode == 1
    assert expected in one_error_line(done)
    assert not out.exists()


def test_export_to_a_missing_folder_is_one_line_and_leaves_nothing(filled, cli, tmp_path):
    done = cli("export", "comments", "--store", filled, "--out", tmp_path / "missing" / "x.csv")
    assert done.returncode == 1
    assert "does not exist" in one_error_line(done)


def test_a_whole_unreadable_input_fails_the_run_and_is_not_remembered(filled, cli, tmp_path):
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    done = cli("run", png, "--store", filled)
    assert done.returncode == 1
    assert "chart.png could not be read: unsupported file type '.png'" in one_error_line(done)
    with store.connect_readonly(filled) as con:
        sources = [row[0] for row in con.execute("SELECT input FROM sources").fetchall()]
    assert str(png) not in sources
    assert journal.last_run(filled)["status"] == "failed"


def test_a_refresh_whose_source_vanished_lands_the_rest_and_says_so_with_exit_3(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FORUM, folder / "a.csv")
    other = tmp_path / "b.csv"
    shutil.copy(DATA / "run" / "forum-b.csv", other)
    store_dir = tmp_path / "store"
    assert cli("run", folder, other, "--store", store_dir).returncode == 0
    other.unlink()
    (folder / "a.csv").write_text(FORUM.read_text() + "a9,,art-1,,,,Neu,2025-04-03T09:00:00Z,Noch einer.,\n")
    done = cli("refresh", "--store", store_dir)
    assert done.returncode == commands.EXIT_PARTIAL
    assert f"warning: {other} could not be read: input not found" in done.stderr
    assert "1 new" in done.stderr


def test_rejected_and_noted_records_are_counted_apart(tmp_path, cli):
    noted = tmp_path / "noted.csv"
    # a reply to a parent that is not there: loaded with a note; a row without an id: rejected
    noted.write_text(
        FORUM.read_text() + "a8,zz,art-1,,,,X,2025-04-03T09:00:00Z,Antwort ins Leere.,\n"
        ",,art-1,,,,X,2025-04-03T09:00:00Z,ohne Schlüssel,\n"
    )
    store_dir = tmp_path / "store"
    done = cli("run", noted, "--store", store_dir)
    assert done.returncode == 0
    assert "1 rejected, 1 kept with a note" in done.stderr
    with store.connect_readonly(store_dir) as con:
        assert con.execute("SELECT n_rejected, n_noted FROM runs").fetchall() == [(1, 1)]
    assert "n_noted" in cli("status", "--store", store_dir).stdout


def test_an_idle_refresh_says_nothing_new(filled, cli):
    done = cli("refresh", "--store", filled)
    assert done.returncode == 0 and "nothing new" in done.stderr


def test_memory_and_os_errors_become_one_line():
    def out_of_memory(args, settings):
        raise MemoryError

    def disk_full(args, settings):
        raise OSError(28, "No space left on device", "/store/x.duckdb")

    args = etl_cli.build_parser().parse_args(["status"])
    assert etl_cli._guarded(out_of_memory, args, config.Settings()) == 1
    assert etl_cli._guarded(disk_full, args, config.Settings()) == 1


def test_sigterm_during_a_run_exits_143_and_keeps_nothing_half_done(tmp_path):
    big = tmp_path / "many.csv"
    rows = [
        f'c{i},,a{i % 20},T,L,2024-05-01T10:00:00Z,"Kommentar {i} ist gut, schlecht und lang genug."'
        for i in range(40_000)
    ]
    big.write_text("comment_id,parent_id,article_id,article_title,author,created_at,text\n" + "\n".join(rows))
    store_dir = tmp_path / "store"
    run = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(store_dir), "--quiet"],
        cwd=ROOT,
        env={"DISKURS_WORKERS": "1", "PATH": "/usr/bin:/bin"},
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(600):  # until the run has begun writing its version
        if list(store_dir.glob(".partial-*")) or run.poll() is not None:
            break
        subprocess.run(["sleep", "0.1"])
    run.terminate()
    _, err = run.communicate(timeout=60)
    assert run.returncode == commands.EXIT_TERMINATED, err
    assert "stopped: terminated (SIGTERM)" in err
    assert not list(store_dir.glob(".partial-*")) and not list(store_dir.glob("diskurs-*"))
    assert journal.last_run(store_dir)["error"] == "stopped: terminated (SIGTERM)"


def test_a_read_only_dev_shm_scores_in_one_process(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"]).returncode != 0:
        pytest.skip("needs unshare -m (a mount namespace) to make /dev/shm read-only")
    many = tmp_path / "many.csv"
    rows = [f'c{i},,a1,T,L,2024-05-01T10:00:00Z,"Kommentar {i} ist gut."' for i in range(2500)]
    many.write_text("comment_id,parent_id,article_id,article_title,author,created_at,text\n" + "\n".join(rows))
    script = (
        f"mount -t tmpfs -o ro tmpfs /dev/shm && cd {ROOT} && DISKURS_WORKERS=2 "
        f"{sys.executable} -m etl run {many} --store {tmp_path / 'store'} --quiet"
    )
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "scoring in one process: cannot start worker processes" in done.stderr
    assert "2500 comments loaded" in done.stderr


def test_a_stalling_site_ends_the_run_at_its_deadline_with_one_warning(tmp_path, cli, wp_site, monkeypatch):
    monkeypatch.setenv("DISKURS_SITE_DEADLINE", "3")
    store_dir = tmp_path / "store"
    assert cli("run", wp_site.url, "--store", store_dir).returncode == 0
    wp_site.trickle = 0.05  # a byte every 50 ms: a page would take minutes
    started = time.monotonic()
    done = cli("refresh", "--store", store_dir)
    assert time.monotonic() - started < 15
    assert done.returncode == commands.EXIT_PARTIAL
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "was read in part: stopped before page 1" in warnings[0]
    assert "deadline" in warnings[0]
