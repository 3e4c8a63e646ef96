"""A store written by an older Diskurs (lacking today's columns) is read as it is, before the next
run adds the columns: the CLI and the dashboard answer, the new columns empty."""

import duckdb
import pytest
from paths import DATA

from etl import config, pipeline, store


@pytest.fixture
def old_store(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.run([DATA / "run" / "forum-a.csv"], config.Settings(store_dir=store_dir, workers=1))
    path = store.current_path(store_dir)
    con = duckdb.connect(str(path))
    for table, column in [("comments", "needs_moderation"), ("comments", "argument_reasons"), ("runs", "n_noted")]:
        con.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
    con.close()
    return store_dir


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


def test_the_next_run_adds_the_columns_for_good(old_store):
    pipeline.run([DATA / "run" / "forum-b.csv"], config.Settings(store_dir=old_store, workers=1))
    with store.connect_readonly(old_store) as con:
        assert store.upgrade_views(con) is False
