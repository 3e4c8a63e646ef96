"""Store versions: an embedded DuckDB database under a store folder, switched atomically.

DuckDB allows one read-write process or many read-only ones per file, never both, and it caches
open databases by path. So a run never writes the file readers have open: it copies the current
database to a new, uniquely named file, writes there, and then points the folder's CURRENT file at
it with an atomic rename. Readers look at CURRENT and open the file it names read-only; because
every version has its own path, a reader can never be handed a cached, stale database.
"""

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import DiskursError, schema

POINTER = "CURRENT"
KEEP_VERSIONS = 3


class StoreError(DiskursError):
    """The store cannot be read or written."""


def current_path(store_dir: Path | str) -> Path | None:
    """Path of the database file readers should use, or None for an empty store."""
    pointer = Path(store_dir) / POINTER
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return None
    path = Path(store_dir) / name
    return path if path.exists() else None


def connect_readonly(store_dir: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current database; StoreError when the store is empty."""
    path = current_path(store_dir)
    if path is None:
        raise StoreError(f"no data in store {store_dir}: run `diskurs run` first")
    return open_readonly(path)


def open_readonly(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to one version's file: the one way anything reads the store.

    Its time zone is UTC, for it and every cursor made from it, whatever the machine's: a day, a
    week and every timestamp handed to pandas are cut and stamped in UTC, so exports and charts
    agree byte for byte under any TZ. (A global setting: DuckDB applies it to the whole database
    instance, which its cursors share.)
    """
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET GLOBAL TimeZone = 'UTC'")
    return con


@contextlib.contextmanager
def new_version(store_dir: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a fresh copy of the store; publish it only on success.

    The caller must hold `write_lock`. If the block raises, the copy is deleted and readers
    never see any of it: a run lands whole or not at all.
    """
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    name = f"diskurs-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.duckdb"
    path = store_dir / name
    old = current_path(store_dir)
    if old is not None:
        shutil.copyfile(old, path)
    con = duckdb.connect(str(path))
    con.execute("SET GLOBAL TimeZone = 'UTC'")
    try:
        for table in schema.TABLES:
            con.execute(_ddl(table))
        _add_missing_columns(con)
        yield con
        con.execute("CHECKPOINT")
        con.close()
    except BaseException:
        con.close()
        path.unlink(missing_ok=True)
        raise
    _publish(store_dir, name)
    _prune(store_dir, keep=name)


def _ddl(table):
    """CREATE TABLE statement for one store table of the column contract."""
    cols = ", ".join(f'"{name}" {schema.DUCKDB_TYPES[dtype]}' for name, dtype in schema.TABLES[table].items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


def _add_missing_columns(con):
    """Bring a store written by an older version up to the current column contract."""
    for table, columns in schema.TABLES.items():
        present = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        for name, dtype in columns.items():
            if name not in present:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {schema.DUCKDB_TYPES[dtype]}')


def _publish(store_dir, name):
    tmp = store_dir / f".{POINTER}.{uuid.uuid4().hex[:8]}"
    tmp.write_text(name + "\n")
    os.replace(tmp, store_dir / POINTER)


def _prune(store_dir, keep):
    """Delete old versions; readers holding one open keep reading it until they reconnect."""
    versions = sorted(store_dir.glob("diskurs-*.duckdb"), key=lambda p: p.stat().st_mtime)
    old = [p for p in versions if p.name != keep][: -(KEEP_VERSIONS - 1) or None]
    for path in old:
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)
