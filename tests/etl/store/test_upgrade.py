"""A store written by an older Diskurs (lacking today's columns) is read as it is, before the next
run adds the columns: the CLI and the dashboard answer, the new columns empty."""

import duckdb
import pytest
from paths import DATA

from etl import config, pipeline, schema, store

DROPPED = [("comments", "needs_moderation"), ("comments", "argument_reasons"), ("runs", "n_noted")]


@pytest.fixture
def old_store(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.run([DATA / "run" / "forum-a.csv"], config.Settings(store_dir=store_dir, workers=1))
    write_single_file_version(store_dir)
    return store_dir


def write_single_file_version(store_dir, dropped=DROPPED):
    """Make the current version one DuckDB file holding every table, as Diskurs wrote them before
    segments, without the `dropped` (table, column)s: a store an older Diskurs left."""
    path = store_dir / "diskurs-20200101T000000-0ld0ld00.duckdb"
    with store.open_readonly(store.current_path(store_dir)) as source, duckdb.connect(str(path)) as old:
        for table in schema.TABLES:
            kept = {c: kind for c, kind in schema.TABLES[table].items() if (table, c) not in dropped}
            columns = ", ".join(f'"{c}"' for c in kept)
            old.execute(
                f"CREATE TABLE {table} ("
                + ", ".join(f'"{c}" {schema.DUCKDB_TYPES[kind]}' for c, kind in kept.items())
                + ")"
            )
            old.register("frame", source.execute(f"SELECT {columns} FROM {table}").df())
            old.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM frame")
            old.unregister("frame")
    (store_dir / "CURRENT").write_text(path.name + "\n")
    return path


def test_the_cli_reads_an_old_version_with_the_new_columns_empty(old_store, cli):
    done = cli("export", "comments", "--store", old_store, "--out", "-")
    assert done.returncode == 0, done.stderr
    header, first = done.stdout.splitlines()[:2]
    assert "needs_moderation" in header and "argument_reasons" in header
    assert cli("status", "--store", old_store).returncode == 0


def test_the_dashboard_reads_an_old_version_on_every_cursor(old_store):
    from dashboard import queries
    from dashboard.reader import StoreReader
    from etl.store.filters import Filters

    reader = StoreReader(old_store)
    for _ in range(2):  # each query on a fresh cursor
        rows = reader.query(queries.comment_rows, Filters(published_only=True), limit=10)
        assert len(rows) == 4 and rows["needs_moderation"].isna().all()


def test_a_search_and_the_newest_comments_read_an_old_version(old_store):
    # Both select comments by rowid, which a view lacks unless it passes the table's on.
    from dashboard import queries
    from dashboard.reader import StoreReader
    from etl.store.filters import Filters
    from etl.store.queries import newest_comments

    reader = StoreReader(old_store)
    everything = reader.query(queries.comment_rows, Filters(published_only=True), limit=10)
    word = everything["text"].iloc[0].split()[0]
    found = reader.query(queries.comment_rows, Filters(published_only=True, search=word), limit=10)
    assert 1 <= len(found) <= len(everything)
    assert found["text"].str.contains(word, case=False, regex=False).all()
    newest = reader.query(newest_comments, Filters(published_only=True), 3)
    assert len(newest) == 3


def test_label_next_reads_an_old_version(old_store):
    # A version that is not segmented has neither kept candidates nor segments to read articles from.
    import pandas as pd

    from dashboard import queries
    from dashboard.reader import StoreReader

    reader = StoreReader(old_store)
    chosen = reader.query(queries.label_candidates, pd.DataFrame({"comment_id": pd.Series([], dtype="string")}), 20)
    assert len(chosen) >= 1 and chosen["text"].notna().all()
    replies = chosen[chosen["parent_id"].notna()]
    assert replies["parent_text"].notna().all()


def test_the_next_run_adds_the_columns_for_good(old_store):
    pipeline.run([DATA / "run" / "forum-b.csv"], config.Settings(store_dir=old_store, workers=1))
    with store.connect_readonly(old_store) as con:
        assert store.upgrade_views(con) is False


def test_the_next_run_writes_a_single_file_version_out_as_segments_and_keeps_it_to_go_back(old_store):
    before = store.current_path(old_store)
    with store.open_readonly(before) as con:
        old_ids = {row[0] for row in con.execute("SELECT comment_id FROM comments").fetchall()}
    pipeline.run([DATA / "run" / "forum-b.csv"], config.Settings(store_dir=old_store, workers=1))
    with store.connect_readonly(old_store) as con:
        assert con.execute("SELECT count(*) FROM store_files WHERE tbl = 'comments'").fetchall()[0][0] >= 1
        new_ids = {row[0] for row in con.execute("SELECT comment_id FROM comments").fetchall()}
    assert old_ids < new_ids
    assert before in store.list_versions(old_store)  # still a rollback point
    store.restore(old_store, before.name)
    with store.connect_readonly(old_store) as con:
        assert {row[0] for row in con.execute("SELECT comment_id FROM comments").fetchall()} == old_ids
