"""The store grows without copying (issue 14, item 2): a run writes the segments it changes and a
small catalogue, an idle refresh writes nothing, readers never see half a run, and kill -9 at
any moment leaves the last good version."""

import os
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest
from paths import ROOT
from store_forums import catalogue, forum, snapshot

from etl import config, pipeline, store
from etl.store import segments, versions


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 10)  # a segment per two articles of five
    return config.Settings(store_dir=tmp_path / "store", workers=1)


def test_a_run_rewrites_only_the_segment_of_the_article_it_changes(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(6), 5)], settings)
    files = dict(catalogue(settings.store_dir, "SELECT file, segment FROM store_files WHERE tbl = 'comments'"))
    assert len(set(files.values())) == 3  # 30 comments, 10 a segment
    before = snapshot(settings.store_dir)
    (holding,) = catalogue(settings.store_dir, "SELECT segment FROM store_articles WHERE article_id = 'a0'")[0]

    pipeline.run([forum(tmp_path / "more.csv", [0], 1, start=50)], settings)

    after = snapshot(settings.store_dir)
    kept = [f for f, segment in files.items() if segment != holding]
    assert kept and all(after[f] == before[f] for f in kept)  # untouched segments: the same files
    now = dict(catalogue(settings.store_dir, "SELECT file, segment FROM store_files WHERE tbl = 'comments'"))
    assert set(now) >= set(kept) and len(now) == len(files)
    rewritten = [f for f in now if f not in files]
    assert len(rewritten) == 1 and rewritten[0] not in before
    assert catalogue(settings.store_dir, "SELECT count(*), count(DISTINCT comment_id) FROM comments") == [(31, 31)]
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments WHERE article_id = 'a0'") == [(6,)]


def test_new_articles_fill_the_newest_segment_then_start_new_ones(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(3), 5)], settings)  # segments of 10 and 5
    assert sorted(n for (n,) in catalogue(settings.store_dir, "SELECT n_comments FROM store_segments")) == [5, 10]
    pipeline.run([forum(tmp_path / "new.csv", range(3, 6), 5, day=2)], settings)
    counts = catalogue(settings.store_dir, "SELECT seq, n_comments FROM store_segments ORDER BY seq")
    assert [n for _, n in counts] == [10, 10, 10]
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments") == [(30,)]


def test_a_run_gives_duckdb_less_memory_while_its_chunks_are_transformed_than_for_its_segments(
    settings, tmp_path, monkeypatch
):
    # While the chunks run, the rows only wait in the scratch file and the workers need the memory;
    # the segment files (merges above all) are written with the workers gone.
    def limit(con):
        return con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]

    def as_duckdb_shows(setting):
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{setting}'")
        return limit(con)

    seen = {}
    replace_rows, plan = store.replace_rows, segments._plan

    def replacing(con, *args):
        seen.setdefault("chunks", limit(con))
        replace_rows(con, *args)

    def planning(con):
        seen.setdefault("segments", limit(con))
        plan(con)

    monkeypatch.setattr(store, "replace_rows", replacing)
    monkeypatch.setattr(segments, "_plan", planning)
    pipeline.run([forum(tmp_path / "first.csv", range(2), 5)], settings)
    pipeline.run([forum(tmp_path / "more.csv", [0], 1, start=50)], settings)
    assert seen == {
        "chunks": as_duckdb_shows(segments.CHUNKS_MEMORY),
        "segments": as_duckdb_shows(segments.WRITER_MEMORY),
    }
    assert as_duckdb_shows(segments.CHUNKS_MEMORY) != as_duckdb_shows(segments.WRITER_MEMORY)


def test_an_idle_refresh_leaves_every_store_file_untouched(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(4), 5)], settings)
    before = snapshot(settings.store_dir)
    time.sleep(0.01)
    assert pipeline.refresh(settings).idle
    assert snapshot(settings.store_dir) == before


def test_every_kept_version_reads_whole_and_no_other_segment_is_kept(settings, tmp_path):
    for n in range(6):
        pipeline.run([forum(tmp_path / f"f{n}.csv", [n % 3, 10 + n], 3, start=10 * n)], settings)
    kept = store.list_versions(settings.store_dir)
    assert len(kept) == versions.KEEP_VERSIONS
    referenced = set()
    counts = []
    for path in kept:
        with store.open_readonly(path) as con:
            counts.append(con.execute("SELECT count(*) FROM comments").fetchall()[0][0])
            referenced |= segments.referenced_files(con)
    assert counts == [24, 30, 36]  # six new comments a run, oldest kept version first
    on_disk = {f"{segments.FOLDER}/{p.name}" for p in (settings.store_dir / segments.FOLDER).iterdir()}
    assert on_disk == referenced
    store.restore(settings.store_dir, kept[0].name)
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments") == [(24,)]


def test_a_missing_segment_is_one_error_with_the_way_back(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(2), 5)], settings)
    pipeline.run([forum(tmp_path / "second.csv", [7], 5)], settings)
    ((file,),) = catalogue(settings.store_dir, "SELECT file FROM store_files WHERE tbl = 'comments' LIMIT 1")
    (settings.store_dir / file).unlink()
    with pytest.raises(store.StoreError, match=f"reads {file}, which is missing.*diskurs restore"):
        store.connect_readonly(settings.store_dir)


def test_readers_see_whole_versions_while_runs_write(settings, tmp_path):
    """Four reader threads count comments and segments' rows over and over while a writer process
    lands five runs: every count is one a published version holds, and no read fails."""
    pipeline.run([forum(tmp_path / "f0.csv", range(4), 5)], settings)
    inputs = [forum(tmp_path / f"f{n}.csv", [n, 20 + n], 5, start=10 * n) for n in range(1, 6)]
    script = (
        "import sys\nfrom etl import cli\n"
        f"for path in {[str(p) for p in inputs]!r}:\n"
        f"    assert cli.main(['run', path, '--store', {str(settings.store_dir)!r}, '--quiet']) == 0\n"
    )
    stop, seen, failures = threading.Event(), set(), []

    def read():
        while not stop.is_set():
            try:
                with store.connect_readonly(settings.store_dir) as con:
                    n, ids = con.execute("SELECT count(*), count(DISTINCT comment_id) FROM comments").fetchall()[0]
                    listed = con.execute("SELECT sum(n_rows) FROM store_files WHERE tbl = 'comments'").fetchall()[0][0]
                seen.add((n, ids, listed))
            except store.StoreError as error:  # a version pruned between reading CURRENT and opening it
                if "missing" not in str(error):
                    failures.append(error)
            except Exception as error:  # any other failure is the finding
                failures.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, capture_output=True)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures, [str(f) for f in failures]
    assert {n for n, _, _ in seen} <= {20 + 10 * k for k in range(6)}
    assert all(n == ids == listed for n, ids, listed in seen)
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments") == [(70,)]


@pytest.mark.parametrize("moment", ["scratch", "segments"])
def test_kill_9_while_writing_leaves_the_last_good_version(settings, tmp_path, moment):
    """kill -9 while the run fills its scratch database, or while it writes its segments: the
    store reads as before, and the next run cleans up and lands."""
    pipeline.run([forum(tmp_path / "first.csv", range(3), 5)], settings)
    current = store.current_path(settings.store_dir)
    big = forum(tmp_path / "big.csv", range(100, 400), 40, day=3)  # 12,000 comments
    child = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(settings.store_dir), "--quiet"],
        cwd=ROOT,
        env={**os.environ, "DISKURS_WORKERS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    folder = settings.store_dir / segments.FOLDER
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if moment == "scratch" and list(settings.store_dir.glob(f"{versions.PARTIAL_PREFIX}scratch-*")):
            break
        if moment == "segments" and list(folder.glob(f"{segments.PARTIAL_PREFIX}*")):
            break
        time.sleep(0.005)
    assert child.poll() is None, "the run ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert store.current_path(settings.store_dir) == current
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments") == [(15,)]

    pipeline.run([forum(tmp_path / "second.csv", [9], 5)], settings)
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments") == [(20,)]
    leftovers = [p.name for p in settings.store_dir.rglob(f"{versions.PARTIAL_PREFIX}*")]
    assert not leftovers


def test_segments_written_before_and_after_a_new_column_read_as_one_with_distinct_rowids(tmp_path):
    import duckdb

    for name, select in [
        ("old", "SELECT 'x' || i AS comment_id FROM range(3) t(i)"),
        ("new", "SELECT 'y' || i AS comment_id, i AS votes FROM range(2) t(i)"),
        ("old2", "SELECT 'z' || i AS comment_id FROM range(2) t(i)"),
    ]:
        with duckdb.connect(str(tmp_path / f"{name}.duckdb")) as con:
            con.execute(f"CREATE TABLE comments AS {select}")
    files = [(f"{name}.duckdb",) for name in ("old", "new", "old2")]
    con = duckdb.connect()
    segments.attach(con, tmp_path, [f for (f,) in files])
    rows = con.execute(
        f"SELECT comment_id, votes, rowid FROM {segments._scan(files, 'comments')} ORDER BY comment_id"
    ).fetchall()
    assert [r[0] for r in rows] == ["x0", "x1", "x2", "y0", "y1", "z0", "z1"]
    assert [r[1] for r in rows] == [None, None, None, 0, 1, None, None]
    assert len({r[2] for r in rows}) == 7
    assert {r[2] >> 40 for r in rows} == {0, 1, 2}  # the file's place in the list


def test_a_writer_reads_and_replaces_an_articles_rows_where_it_holds_them(settings, tmp_path):
    # A run's writer reads and deletes only the rows of articles it holds (checked out of their
    # segments or written by the run): a new article's rows are never looked for in its tables.
    pipeline.run([forum(tmp_path / "first.csv", range(2), 3)], settings)
    with versions.new_version(settings.store_dir, whole=False) as con:
        assert segments.holding(con, ["a0", "new"]) == []
        stored = store.read_articles_rows(con, "comments", ["a0"])
        assert len(stored) == 3 and segments.holding(con, ["a0", "new"]) == ["a0"]  # checked out
        assert store.read_articles_rows(con, "comments", ["new"]).empty
        copied = stored.assign(article_id="new", comment_id=stored["comment_id"] + "-new")
        store.replace_rows(con, "comments", copied, "article_id", ["new"])
        assert sorted(segments.holding(con, ["a0", "new", "other"])) == ["a0", "new"]
        store.replace_rows(con, "comments", copied.head(2), "article_id", ["new"])  # again: replaced, not added
        assert len(store.read_articles_rows(con, "comments", ["new"])) == 2
        store.replace_rows(con, "comments", stored.head(1), "article_id", ["a0"])
        assert len(store.read_articles_rows(con, "comments", ["a0", "a1"])) == 1 + 3
    assert catalogue(settings.store_dir, "SELECT article_id, count(*) FROM comments GROUP BY 1 ORDER BY 1") == [
        ("a0", 1),
        ("a1", 3),
        ("new", 2),
    ]
