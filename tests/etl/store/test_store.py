import pandas as pd
import pytest

from etl import store
from etl.store import versions


def write(store_dir, comment_ids):
    with store.write_lock(store_dir), store.new_version(store_dir) as con:
        store.append_rows(con, "comments", pd.DataFrame({"comment_id": comment_ids, "article_id": "a"}))


def ids(store_dir):
    with store.connect_readonly(store_dir) as con:
        return sorted(r[0] for r in con.execute("SELECT comment_id FROM comments").fetchall())


def test_a_new_version_is_seen_by_a_new_reader_while_an_old_reader_keeps_its_snapshot(tmp_path):
    write(tmp_path, ["1"])
    old_reader = store.connect_readonly(tmp_path)
    with store.write_lock(tmp_path), store.new_version(tmp_path) as con:
        store.append_rows(con, "comments", pd.DataFrame({"comment_id": ["2"], "article_id": "a"}))
    assert ids(tmp_path) == ["1", "2"]
    assert old_reader.execute("SELECT count(*) FROM comments").fetchall()[0][0] == 1
    old_reader.close()


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path):
    write(tmp_path, ["1"])
    before = store.current_path(tmp_path)
    with pytest.raises(RuntimeError), store.write_lock(tmp_path), store.new_version(tmp_path) as con:
        store.append_rows(con, "comments", pd.DataFrame({"comment_id": ["2"], "article_id": "a"}))
        raise RuntimeError("disk on fire")
    assert store.current_path(tmp_path) == before
    assert ids(tmp_path) == ["1"]
    assert len(list(tmp_path.glob("diskurs-*.duckdb"))) == 1


def test_the_write_lock_refuses_a_second_writer(tmp_path):
    with store.write_lock(tmp_path), pytest.raises(store.StoreBusy, match="being written"):
        with store.write_lock(tmp_path):
            pass


def test_old_versions_are_pruned(tmp_path):
    for n in range(6):
        write(tmp_path, [str(n)])
    assert len(list(tmp_path.glob("diskurs-*.duckdb"))) == versions.KEEP_VERSIONS
    assert ids(tmp_path) == [str(n) for n in range(6)]


def test_an_empty_store_is_a_clear_error(tmp_path):
    with pytest.raises(store.StoreError, match="no data"):
        store.connect_readonly(tmp_path)


def test_every_version_is_a_file_of_its_own_so_duckdb_never_serves_a_cached_old_one(tmp_path):
    write(tmp_path, ["1"])
    first = store.current_path(tmp_path)
    write(tmp_path, ["2"])
    assert store.current_path(tmp_path) != first
    with store.open_readonly(store.current_path(tmp_path)) as con:
        assert con.execute("SELECT count(*) FROM comments").fetchall() == [(2,)]
