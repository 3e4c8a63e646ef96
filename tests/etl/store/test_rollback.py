"""Rollback points survive whatever happens to a run, and a broken store is never taken for an
empty one (issue 10, items 2-4)."""

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from paths import DATA, ROOT

from etl import config, pipeline, store
from etl.store import journal, versions

FORUM = DATA / "run" / "forum-a.csv"


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store", workers=1)


def files(store_dir):
    return sorted(p.name for p in Path(store_dir).iterdir())


def test_a_current_naming_a_missing_file_is_refused_with_the_way_back_and_nothing_is_deleted(settings, cli):
    pipeline.run([FORUM], settings)
    pipeline.run([DATA / "run" / "forum-b.csv"], settings)
    good = store.current_path(settings.store_dir)
    good.rename(good.with_name("moved-away.duckdb"))
    before = files(settings.store_dir)

    done = cli("run", FORUM, "--store", settings.store_dir)
    line = done.stderr.strip().splitlines()[-1]
    assert done.returncode == 1
    assert line.startswith("error: ") and "which is missing" in line and "diskurs restore diskurs-" in line
    assert files(settings.store_dir) == sorted([*before, "runs.jsonl"] if "runs.jsonl" not in before else before)
    assert cli("status", "--store", settings.store_dir).returncode == 1

    listed = cli("versions", "--store", settings.store_dir)
    older = listed.stdout.split()[0]
    assert listed.returncode == 0 and older.startswith("diskurs-")
    assert cli("restore", older, "--store", settings.store_dir).returncode == 0
    assert cli("run", FORUM, "--store", settings.store_dir).returncode == 0


@pytest.mark.parametrize("pointer", ["", "   \n", "../elsewhere.duckdb\n"])
def test_an_empty_or_strange_current_is_an_error_not_an_empty_store(settings, pointer):
    pipeline.run([FORUM], settings)
    (settings.store_dir / "CURRENT").write_text(pointer)
    with pytest.raises(store.StoreError, match="CURRENT"):
        store.current_path(settings.store_dir)
    with pytest.raises(store.StoreError):
        pipeline.run([FORUM], settings)


def test_versions_without_current_are_not_an_empty_store(settings):
    pipeline.run([FORUM], settings)
    (settings.store_dir / "CURRENT").unlink()
    with pytest.raises(store.StoreError, match="no CURRENT"):
        pipeline.refresh(settings)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_or_truncated_database_is_one_line_naming_it(settings, cli, damage):
    pipeline.run([FORUM], settings)
    path = store.current_path(settings.store_dir)
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 1000)
    else:
        os.truncate(path, 5000)
    done = cli("export", "comments", "--store", settings.store_dir, "--out", "-")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
    assert path.name in done.stderr


def test_partial_copies_are_never_versions_and_never_push_good_ones_out(settings):
    for _ in range(versions.KEEP_VERSIONS):
        pipeline.run([FORUM], settings)
        time.sleep(0.01)
    good = files(settings.store_dir)
    # What kill -9 in the middle of writing leaves behind:
    for n in range(5):
        (settings.store_dir / f"{versions.PARTIAL_PREFIX}diskurs-2099010{n}T000000-dead.duckdb").write_bytes(b"x")
    assert {p.name for p in store.list_versions(settings.store_dir)} == {n for n in good if n.startswith("diskurs-")}
    pipeline.run([DATA / "run" / "forum-b.csv"], settings)
    left = files(settings.store_dir)
    assert not [n for n in left if n.startswith(versions.PARTIAL_PREFIX)]
    assert len([n for n in left if n.startswith("diskurs-")]) == versions.KEEP_VERSIONS


def test_failed_and_idle_runs_write_no_copy_and_prune_nothing(settings, tmp_path):
    pipeline.run([FORUM], settings)
    before = files(settings.store_dir)
    with pytest.raises(Exception, match="not found"):
        pipeline.run([tmp_path / "missing.csv"], settings)
    idle = pipeline.refresh(settings)
    assert idle.idle
    assert [n for n in files(settings.store_dir) if n != "runs.jsonl"] == [n for n in before if n != "runs.jsonl"]
    assert journal.read(settings.store_dir)["status"].tolist() == ["ok", "failed", "ok"]


def test_a_full_disk_while_copying_leaves_no_partial_file_and_the_old_version_current(settings):
    pipeline.run([FORUM], settings)
    current = store.current_path(settings.store_dir)
    limit = current.stat().st_size // 2  # any file the run writes past this size fails: a full disk
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "from etl import cli\n"
        f"sys.exit(cli.main(['run', {str(DATA / 'run' / 'forum-b.csv')!r}, '--store', {str(settings.store_dir)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in done.stderr
    assert store.current_path(settings.store_dir) == current
    assert not [n for n in files(settings.store_dir) if n.startswith(versions.PARTIAL_PREFIX)]
    assert resource.getrlimit(resource.RLIMIT_FSIZE)  # the limit was the child's only


def _children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_kill_9_during_scoring_leaves_no_worker_holding_the_lock(tmp_path):
    """The run scores on two worker processes; kill -9 of the run must not leave them (or their
    inherited copy of the lock) behind: the next run lands without anyone cleaning up."""
    big = tmp_path / "many.csv"
    lines = ["comment_id,parent_id,article_id,article_title,author,created_at,text"]
    lines += [
        f'c{i},,a{i % 50},Artikel {i % 50},L{i},2024-05-01T10:00:00Z,"Das ist ein ziemlich langer Kommentar '
        f'Nummer {i}, der gut oder schlecht sein kann und noch mehr Wörter hat, damit es dauert."'
        for i in range(60_000)
    ]
    big.write_text("\n".join(lines) + "\n")
    store_dir = tmp_path / "store"
    env = {**os.environ, "DISKURS_WORKERS": "2"}
    run = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(store_dir), "--quiet"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_children(run.pid)) < 2 and run.poll() is None:
        time.sleep(0.2)
    workers = _children(run.pid)
    assert len(workers) >= 2, "the run never started its scoring workers"
    run.send_signal(signal.SIGKILL)
    run.wait()
    time.sleep(1.0)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)]
    assert alive == []
    settings = config.Settings(store_dir=store_dir, workers=1)
    assert pipeline.run([FORUM], settings).n_loaded == 4


def _state(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_a_run_on_a_corrupt_current_version_refuses_with_the_way_back(settings, cli):
    pipeline.run([FORUM], settings)
    pipeline.run([DATA / "run" / "forum-b.csv"], settings)
    current = store.current_path(settings.store_dir)
    current.write_bytes(b"\0" * 8192)
    done = cli("run", FORUM, "--store", settings.store_dir)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith(f"error: cannot read store version {current}") and "diskurs restore" in line
    assert current.exists()


def test_a_read_only_store_is_one_line(settings, cli):
    import shutil

    pipeline.run([FORUM], settings)
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"]).returncode != 0:
        pytest.skip("needs unshare -m (a mount namespace) for a read-only bind mount")
    folder = settings.store_dir
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && cd {ROOT} && "
        f"{sys.executable} -m etl run {FORUM} --store {folder}; echo rc=$?; "
        f"{sys.executable} -m etl export comments --store {folder} --out - | wc -l"
    )
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    assert "rc=1" in done.stdout and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: cannot write store {folder}: Read-only")
    assert done.stdout.strip().endswith("5")  # reading still works: a header and 4 comments
