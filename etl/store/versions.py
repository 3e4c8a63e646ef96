"""Store versions: a small DuckDB catalogue per version under a store folder, switched atomically.

DuckDB allows one read-write process or many read-only ones per file, never both, and it caches
open databases by path. So a run never writes a file readers have open: a version is a new,
uniquely named catalogue file whose views read immutable segment files (etl.store.segments),
and the folder's CURRENT file is pointed at it with an atomic rename. Readers look at CURRENT and
open the catalogue it names read-only; because every version has its own path, a reader can never
be handed a cached, stale database. Versions share the segments they have in common, so a run
writes what it changes, never a copy of the store.

A run writes in a scratch database and its files under partial names (PARTIAL_PREFIX…), renamed
only once complete, so what kill -9, SIGTERM or a full disk leaves behind never counts as a
version: the next writer deletes it. Old versions are rollback points: KEEP_VERSIONS of them stay
with every segment they read, the current one is never deleted, and nothing is pruned while
CURRENT is broken. `restore` points CURRENT back at an older one. A version written by an older
Diskurs, one DuckDB file holding every table, is still read as it is; the next run writes its rows
out as segments.
"""

import contextlib
import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import DiskursError, schema
from etl.store import segments

POINTER = "CURRENT"
KEEP_VERSIONS = 3
PARTIAL_PREFIX = ".partial-"
_VERSIONS = "diskurs-*.duckdb"


class StoreError(DiskursError):
    """The store cannot be read or written."""


class EmptyStore(StoreError):
    """The store holds no version yet."""


def current_path(store_dir: Path | str) -> Path | None:
    """Path of the database file readers should use, or None for an empty store.

    StoreError (with the way back) when CURRENT is there but broken: empty, or naming a file that
    is gone; or when versions exist but CURRENT does not. Such a store is never taken as empty.
    """
    store_dir = Path(store_dir)
    pointer = store_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        if list_versions(store_dir):
            raise StoreError(f"store {store_dir} has versions but no {POINTER} file{_way_back(store_dir)}") from None
        return None
    except OSError as error:
        raise StoreError(f"cannot read {pointer}: {error.strerror or error}") from None
    if not name:
        raise StoreError(f"{pointer} is empty{_way_back(store_dir)}")
    path = store_dir / name
    if "/" in name or not path.is_file():
        raise StoreError(f"{pointer} names {name}, which is missing{_way_back(store_dir)}")
    return path


def connect_readonly(store_dir: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current database; EmptyStore when the store is empty."""
    path = current_path(store_dir)
    if path is None:
        raise EmptyStore(f"no data in store {store_dir}: run `diskurs run` first")
    return open_readonly(path)


def open_readonly(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to one version's file: the one way anything reads the store.

    Its time zone is UTC, for it and every cursor made from it, whatever the machine's: a day, a
    week and every timestamp handed to pandas are cut and stamped in UTC, so exports and charts
    agree byte for byte under any TZ. (A global setting: DuckDB applies it to the whole database
    instance, which its cursors share.) A file DuckDB cannot open (corrupt, truncated, not a
    database) is a StoreError naming it and the way back.
    """
    store_dir = Path(path).parent
    try:
        con = duckdb.connect(str(path), read_only=True)
        con.execute("SET GLOBAL TimeZone = 'UTC'")
        files = segments.referenced_files(con)
        missing = sorted(f for f in files if not (store_dir / f).is_file())
        if missing:
            con.close()
            raise StoreError(
                f"store version {path} reads {missing[0]}, which is missing"
                f"{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}{_way_back(store_dir)}"
            )
        segments.attach(con, store_dir, sorted(files))  # the views read them
        upgrade_views(con)
    except duckdb.Error as error:
        raise StoreError(f"cannot read store version {path}: {_first_line(error)}{_way_back(store_dir)}") from None
    return con


def upgrade_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Make a version written by an older Diskurs readable as if it had today's columns: for each
    table lacking some, a temporary view of the same name adds them, empty (the next run adds them
    for good). True when any was needed. Temporary views belong to one connection: a reader calls
    this on each cursor it makes (cheap: nothing is done for an up-to-date version)."""
    database = con.execute("SELECT current_database()").fetchone()[0]
    present = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main'",
        [database],
    ).fetchall():
        present.setdefault(table, set()).add(column)
    needed = False
    for table, columns in schema.TABLES.items():
        missing = [name for name in columns if name not in present.get(table, set())]
        if not missing or table not in present:
            continue
        added = ", ".join(f'NULL::{schema.DUCKDB_TYPES[columns[name]]} AS "{name}"' for name in missing)
        # A view of a table has no rowid of its own: pass the table's on (searches and paging
        # select it). A segmented version's views have theirs already (etl.store.segments).
        rowid = "" if "rowid" in present[table] else ", rowid AS rowid"
        view = f'SELECT *, {added}{rowid} FROM "{database}".main.{table}'
        con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS {view}")
        needed = True
    return needed


@contextlib.contextmanager
def new_version(store_dir: Path | str, whole: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection holding the next version's rows; publish it only on success.

    `whole`: the connection's tables hold every stored row, to change at will, and every segment
    is written anew. Else (a run) they start without the comments, articles and target stances,
    which `etl.store.read_articles_rows` and `replace_rows` check out of their segments an article
    at a time, and only the segments of those articles are written (etl.store.segments). The
    caller must hold `write_lock`. If the block raises (or writing fails: a full disk), every file
    written is deleted and readers never see any of it: a run lands whole or not at all.
    """
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    old = current_path(store_dir)  # a broken store is refused here, before anything is written
    _remove_partials(store_dir)
    stamp = f"{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    name = f"diskurs-{stamp}.duckdb"
    scratch = store_dir / f"{PARTIAL_PREFIX}scratch-{stamp}.duckdb"
    partial = store_dir / (PARTIAL_PREFIX + name)
    con = None
    try:
        con = _open_writer(scratch, store_dir, old, whole)
        yield con
        segments.write_segments(con, store_dir, stamp)
        segments.publish_files(con, store_dir, stamp)
        segments.write_catalogue(con, partial)
        con.close()
        os.replace(partial, store_dir / name)
    except BaseException:
        if con is not None:
            con.close()
        _remove(partial)
        segments.prune_partials(store_dir)  # files of this run not renamed yet (renamed ones: _prune)
        raise
    finally:
        _remove(scratch)
    _publish(store_dir, name)
    _prune(store_dir, keep=name)


def _open_writer(scratch, store_dir, old, whole):
    """The scratch database of a new version; StoreError (with the way back) when the current
    version is not a database DuckDB can open."""
    try:
        return segments.open_writer(scratch, store_dir.resolve(), old, whole)
    except duckdb.Error as error:
        _remove(scratch)
        raise StoreError(f"cannot read store version {old}: {_first_line(error)}{_way_back(store_dir)}") from None


def list_versions(store_dir: Path | str) -> list[Path]:
    """The store's complete versions, oldest first."""
    return sorted(Path(store_dir).glob(_VERSIONS), key=lambda p: (p.stat().st_mtime, p.name))


def version_bytes(path: Path | str) -> int:
    """Bytes a version reads: its catalogue and every segment it names (shared with other
    versions: the sizes of several versions do not add up). A version that cannot be read counts
    its catalogue alone."""
    path = Path(path)
    total = path.stat().st_size
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            files = segments.referenced_files(con)
    except duckdb.Error:
        return total
    return total + sum(f.stat().st_size for f in (path.parent / name for name in files) if f.is_file())


def restore(store_dir: Path | str, name: str) -> Path:
    """Point CURRENT at version `name` (a file name from `versions`); the caller holds the write
    lock. Returns its path; StoreError if it is not a readable version of this store."""
    store_dir = Path(store_dir)
    path = store_dir / Path(name).name
    if path not in list_versions(store_dir):
        known = ", ".join(p.name for p in reversed(list_versions(store_dir))) or "none"
        raise StoreError(f"no version {name} in {store_dir} (versions: {known})")
    open_readonly(path).close()  # refuses a corrupt file before readers are sent to it
    os.utime(path)  # the newest again, so pruning keeps it
    _publish(store_dir, path.name)
    return path


def _way_back(store_dir):
    """'; …' telling how to go back to a good version, or nothing if there is none."""
    found = list_versions(store_dir)
    if not found:
        return "; no other version is left in this folder (restore it from a backup)"
    newest = found[-1].name
    return (
        f"; {len(found)} version(s) remain (newest {newest}): `diskurs versions` lists them, "
        f"`diskurs restore {newest}` goes back to it"
    )


def _first_line(error):
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _publish(store_dir, name):
    tmp = store_dir / f".{POINTER}.{uuid.uuid4().hex[:8]}"
    try:
        tmp.write_text(name + "\n")
        os.replace(tmp, store_dir / POINTER)
    except BaseException:
        _remove(tmp)
        raise


def _prune(store_dir, keep):
    """Delete the oldest versions beyond KEEP_VERSIONS; never `keep`, the one just published.
    Readers holding one open keep reading it until they reconnect."""
    old = [p for p in list_versions(store_dir) if p.name != keep][: -(KEEP_VERSIONS - 1) or None]
    for path in old:
        _remove(path)
    files = set()
    for path in list_versions(store_dir):
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                files |= segments.referenced_files(con)
        except duckdb.Error:
            return  # a version that cannot be read: keep every file rather than guess
    segments.prune_files(store_dir, files)


def _remove_partials(store_dir):
    """What a writer killed mid-run left: never a version, so deleted (the caller holds the lock)."""
    for path in store_dir.glob(PARTIAL_PREFIX + "*"):
        _remove(path)
    for path in store_dir.glob(f".{POINTER}.*"):
        _remove(path)
    segments.prune_partials(store_dir)


def _remove(path):
    for leftover in (Path(path), Path(str(path) + ".wal")):
        with contextlib.suppress(OSError):
            leftover.unlink()
