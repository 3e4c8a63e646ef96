"""The store's big tables in segments, so that a run rewrites only what it changes.

A store version is a small DuckDB catalogue: the `runs` and `sources` tables, which segment files
under `segments/` hold which articles (`store_files`, `store_segments`, `store_articles`), the
pre-aggregates (etl.store.aggregates), and the views `comments`, `articles`, `target_stances`,
`rejects` and the DERIVED tables (`store_topic_article_days`, the word index `store_vocabulary`
and `store_postings`, the label candidates `store_label_candidates`, the target stance counts
`store_target_days`, the articles' spans `store_article_spans`) over the segment files, which
readers attach read-only (`attach`). A segment file is a DuckDB database never changed once written, so versions share
every file they have in common: a run writes the segments it changes and a new catalogue, never a
copy of the store.

Every article's rows of the three article tables live in one segment; a segment holds about
SEGMENT_COMMENTS comments (a merged one about MERGED_COMMENTS), in article order (a rewritten one:
its untouched articles' rows as they were, then the run's). The rejects of a run are a file of
their own (merged into one when there are MAX_REJECT_FILES of them).

A run writes into a scratch database, the writer (versions.new_version): the catalogue's small
tables copied in, and the rows of the articles the run touches, checked out of their segments
(`checkout`) when first read. At the commit (`write_segments`) the segments holding touched
articles are written anew, their other articles copied over from the old file; new articles fill
the newest segment and then new ones, in the order of their first comment. Untouched segments stay
as they are, but for settled ones merged: about ten consecutive segments that the run does not
touch, each under half of MERGED_COMMENTS, become one file of their rows as they are (`_merge`),
so that a store of ten million comments has some twenty segments, not a hundred. A writer opened
`whole` (tests, benchmarks, converting a store written by an older Diskurs that kept everything in
one DuckDB file) holds every row, and writes every segment anew (its next run merges them).

Why DuckDB files rather than Parquet (both measured, docs/performance.md): DuckDB reads its own
tables with late materialisation and zone maps, so the newest 2,000 comments of a million take
41 ms from attached segments against 795 ms from Parquet, and a day's counts 80 ms against 108 ms.
"""

import concurrent.futures
import contextlib
import os
import re
import threading
import uuid
import weakref
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np

from etl import schema
from etl.store import aggregates, candidates, spans, targets, words

FOLDER = "segments"
PARTITIONED = ("comments", "articles", "target_stances")  # a row per article's comment, article, …
APPENDED = ("rejects",)  # a file per run
SEGMENT_COMMENTS = 100_000  # comments a segment is filled to before a new one starts
WRITERS = 2  # segment files a run writes at once
# Settled segments are merged into one of about this many comments (_plan_merges): a query over a
# view pays the planning of every segment's branch (some 55 ms for a hundred segments).
MERGED_COMMENTS = 1_000_000
MAX_REJECT_FILES = 16  # a run finding this many rejects files writes them and its own as one
PARTIAL_PREFIX = ".partial-"
# The prefix of the relations a reader's cursor holds of a search's matches in each comments file,
# and those matches by file's place, by cursor (narrow_to_hits): a cursor's own Python object, so
# nothing outlives it (asking DuckDB for a temp table instead cost each narrow a failed query).
HITS = "search_hits_in"
_SEARCHED: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict]" = weakref.WeakKeyDictionary()
# Whether a connection is a run's incremental writer (`_writer`): what it is does not change.
_WRITERS: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, bool]" = weakref.WeakKeyDictionary()
# Tables derived from a segment's rows and kept in its file, read through views like the comments:
# too big for the catalogue every run rewrites. A segment written before one existed gets it in a
# file of its own at the next run.
_DERIVERS = {
    table: module for module in (aggregates, words, candidates, targets, spans) for table in module.SEGMENT_TABLES
}
DERIVED = {table: module.SEGMENT_TABLES[table] for table, module in _DERIVERS.items()}
# Derived tables _derive writes with the one before them, from one reading of the rows: the word
# index's postings with its vocabulary (the postings name the vocabulary's ids).
_WRITTEN_WITH = {words.POSTINGS}
# The newest segment goes without these: every run adding articles rewrites it, and a run should
# cost what it reads and changes, not 100,000 comments' words (a search scans its texts instead).
NOT_IN_NEWEST = {words.VOCABULARY, words.POSTINGS}
# Tables of older versions no longer written: a run drops them from the catalogue (their files go
# when no kept version names them; a segment file keeps the table until it is rewritten).
_RETIRED = ("store_words",)  # the word index as a list of rows per word, before store_postings
# DuckDB's memory for a run's scratch database (its default: 80 % of the RAM). While the chunks are
# transformed the run's rows only wait there (DuckDB spills the rest to the file) and the workers
# need the memory: the process tree of a million-comment run peaked at 1.63 GB of PSS, 1.96 GB with
# 1 GB throughout. Writing the segment files, with the workers gone, gets more (merges need it).
CHUNKS_MEMORY = "400MB"
WRITER_MEMORY = "1GB"
# Write-ahead log a run's scratch database gathers before DuckDB checkpoints it (its default, 16 MB,
# checkpointed after nearly every chunk: 0.4 s each in the parent, which the workers need).
WRITER_CHECKPOINT = "256MB"

# A segment's name: its place in the order, then a random tag (a rewritten segment is a new file).
_NEW_NAME = "printf('%06d-', seq) || substr(replace(gen_random_uuid()::VARCHAR, '-', ''), 1, 8)"

# The catalogue's own tables (and the writer's copies of the previous version's, prefixed old_).
CATALOGUE = {
    "store_files": {"tbl": "VARCHAR", "segment": "VARCHAR", "file": "VARCHAR", "n_rows": "BIGINT"},
    "store_segments": {"segment": "VARCHAR", "seq": "BIGINT", "n_comments": "BIGINT"},
    "store_articles": {"article_id": "VARCHAR", "segment": "VARCHAR"},
    # The pre-aggregates the dashboard reads (etl.store.aggregates).
    **aggregates.TABLES,
}


def is_segmented(con: duckdb.DuckDBPyConnection, database: str | None = None) -> bool:
    """True when the connection's database (or the attached `database`) is a segmented catalogue."""
    database = database or con.execute("SELECT current_database()").fetchall()[0][0]
    return per_version(con, ("is_segmented", database), lambda: _has_table(con, database, "store_files"))


def open_writer(scratch: Path, store_dir: Path, old: Path | None, whole: bool) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the scratch database of a new version, holding the previous
    version's runs and sources, and either every row (`whole`, or a previous version that is one
    DuckDB file) or none yet (rows are checked out as the run reads them)."""
    con = duckdb.connect(str(scratch))
    con.execute("SET GLOBAL TimeZone = 'UTC'")
    for table in schema.TABLES:
        con.execute(_ddl(table, schema.TABLES[table]))
    for table, columns in CATALOGUE.items():
        con.execute(_ddl(f"old_{table}", columns))
    con.execute("CREATE TABLE store_checked_out (article_id VARCHAR PRIMARY KEY)")
    con.execute("CREATE TABLE store_written (article_id VARCHAR PRIMARY KEY)")
    con.execute("CREATE TABLE store_writer (whole BOOLEAN)")
    if old is not None:
        con.execute(f"ATTACH {_quote(old)} AS old (READ_ONLY)")
        try:
            segmented = is_segmented(con, "old")
            if segmented:  # the old version's views read its segment files: attached first
                files = con.execute("SELECT file FROM old.main.store_files").fetchall()
                attach(con, store_dir, [row[0] for row in files])
            whole = whole or not segmented
            copied = ("runs", "sources") if not whole else ("runs", "sources", *PARTITIONED, *APPENDED)
            for table in copied:
                _copy_in(con, f"old.main.{table}", table)
            if segmented:
                for table, columns in CATALOGUE.items():
                    # A pre-aggregate newer than the old version, or whose columns changed since, is
                    # left empty here: the kept segments are counted again (_catalogue_rows).
                    if _columns(con, "old", table) == list(columns):
                        con.execute(f"INSERT INTO old_{table} SELECT * FROM old.main.{table}")
        finally:
            con.execute("DETACH old")
    if not whole:  # a run's rows wait in the scratch file, not in memory (DuckDB spills beyond this)
        con.execute(f"SET memory_limit = '{CHUNKS_MEMORY}'")
        con.execute(f"SET checkpoint_threshold = '{WRITER_CHECKPOINT}'")
    con.execute("INSERT INTO store_writer VALUES (?)", [whole])
    con.execute("CREATE TABLE store_folder AS SELECT ? AS folder", [str(store_dir)])
    if whole:
        con.execute("INSERT INTO store_checked_out SELECT DISTINCT article_id FROM old_store_articles")
    _held_views(con)
    return con


def checkout(con: duckdb.DuckDBPyConnection, article_ids) -> None:
    """Bring the stored rows of `article_ids` into the writer's tables (once per article), so the
    run reads and replaces them there. Nothing to do on a reader or a whole writer."""
    if not _writer(con) or not len(article_ids):
        return
    con.register("wanted", _ids(article_ids))
    try:
        fresh = con.execute(
            """SELECT DISTINCT w.article_id, a.segment FROM wanted w
               JOIN old_store_articles a USING (article_id)
               WHERE w.article_id NOT IN (SELECT article_id FROM store_checked_out)"""
        ).df()
    finally:
        con.unregister("wanted")
    if fresh.empty:  # new articles, or checked out already: most calls of a run
        return
    con.register("fresh_rows", fresh)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE fresh AS SELECT * FROM fresh_rows")
    finally:
        con.unregister("fresh_rows")
    for table in PARTITIONED:
        files = _files(con, "old_store_files", table, "segment IN (SELECT segment FROM fresh)")
        if files:
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT * EXCLUDE (rowid) FROM {_scan(files, table)} "
                "WHERE article_id IN (SELECT article_id FROM fresh)"
            )
    con.execute("INSERT INTO store_checked_out SELECT article_id FROM fresh")
    con.execute("DROP TABLE fresh")


def holding(con: duckdb.DuckDBPyConnection, article_ids) -> list:
    """Of `article_ids`, those whose rows a run's writer may hold (checked out, or written by the
    run: `wrote`), so that reading or deleting an article's rows need not scan its tables, which
    grow with the run, for a new one. Every one of them on a reader or a whole writer."""
    if not _writer(con):
        return list(article_ids)
    con.register("wanted", _ids(article_ids))
    try:
        return [
            row[0]
            for row in con.execute(
                """SELECT article_id FROM wanted WHERE article_id IN (SELECT article_id FROM store_checked_out)
                   OR article_id IN (SELECT article_id FROM store_written)"""
            ).fetchall()
        ]
    finally:
        con.unregister("wanted")


def wrote(con: duckdb.DuckDBPyConnection, article_ids) -> None:
    """Remember that a run's writer now holds rows of `article_ids` (see `holding`)."""
    if not _writer(con) or not len(article_ids):
        return
    con.register("written", _ids(article_ids))
    try:
        con.execute("INSERT OR IGNORE INTO store_written SELECT DISTINCT article_id FROM written")
    finally:
        con.unregister("written")


def write_segments(con: duckdb.DuckDBPyConnection, store_dir: Path, run_tag: str) -> None:
    """Write the writer's rows out as segment files: the segments of touched articles anew (with
    their untouched articles copied over), new articles into the newest segment and new ones, the
    rejects as one file. Fills the writer's store_files, store_segments, store_articles and
    the pre-aggregates with what the new version holds; the files are written under partial names
    (`publish_files` renames them)."""
    if not _whole(con):
        con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
    _plan(con)
    partial = Path(store_dir) / FOLDER / f"{PARTIAL_PREFIX}{run_tag}"
    partial.mkdir(parents=True, exist_ok=True)
    for table in CATALOGUE:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM old_{table} WHERE false")
    con.execute("CREATE OR REPLACE TABLE store_new_files (source VARCHAR, file VARCHAR)")
    segments = con.execute(
        "SELECT p.segment, any_value(r.old) FROM placement p LEFT JOIN renamed r USING (segment) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    old_seqs = [row[0] for row in con.execute("SELECT seq FROM old_store_segments").fetchall()]
    newest = max([_seq(name) for name, _ in segments] + old_seqs, default=-1)
    # Two segments at a time, each on a connection of its own: a segment's tables are one row
    # group, which DuckDB scans on one thread.
    with concurrent.futures.ThreadPoolExecutor(WRITERS) as pool:
        written = [
            pool.submit(_write_segment, con.cursor(), partial, segment, old, _seq(segment) == newest)
            for segment, old in segments
        ]
        for future in written:
            future.result()
    merges = con.execute("SELECT segment, list(old ORDER BY part) FROM merges GROUP BY 1 ORDER BY 1").fetchall()
    for segment, olds in merges:
        _merge(con, partial, segment, olds)
    _write_rejects(con, partial, run_tag)
    _catalogue_rows(con, partial, run_tag, newest)


def _write_segment(con, partial, segment, old, newest):
    """One segment's file: the run's rows of the articles placed in it, and (for a rewritten
    segment) the rows of its untouched articles from its old file. `con` is a cursor of its own
    (segments are written side by side), closed at the end."""
    source = f"seg-{segment}.duckdb"
    new = f"new_{_seq(segment)}"
    con.execute(f"ATTACH {_quote(partial / source)} AS {new}")
    try:
        for table in PARTITIONED:
            placed = "SELECT article_id FROM placement WHERE segment = ?"
            rows = f"SELECT * FROM {table} WHERE article_id IN ({placed}) ORDER BY article_id"
            old_files = _files(con, "old_store_files", table, "segment = ?", [old]) if old else []
            if not old_files:
                con.execute(f"CREATE TABLE {new}.main.{table} AS {rows}", [segment])
                continue
            # The untouched articles' rows as they are, in the old file's order, then the run's rows
            # in article order: sorting a merged segment's million comments again would need more
            # memory than a run has.
            con.execute(f"CREATE TABLE {new}.main.{table} AS SELECT * FROM {table} WHERE false")
            ((file,),) = old_files
            present = set(_columns(con, alias(file), table))
            names = ", ".join(f'"{name}"' for name in _columns(con, new, table) if name in present)
            con.execute(
                f"""INSERT INTO {new}.main.{table} ({names}) SELECT {names} FROM {alias(file)}.main.{table}
                    WHERE article_id NOT IN (SELECT article_id FROM touched)"""
            )
            con.execute(f"INSERT INTO {new}.main.{table} {rows}", [segment])
        counts = {t: con.execute(f"SELECT count(*) FROM {new}.main.{t}").fetchall()[0][0] for t in PARTITIONED}
        if any(counts.values()):
            target = f"{FOLDER}/{source}"
            for table, n_rows in counts.items():
                con.execute("INSERT INTO store_files VALUES (?, ?, ?, ?)", [table, segment, target, n_rows])
            con.execute("INSERT INTO store_new_files VALUES (?, ?)", [source, target])
            con.execute(
                "INSERT INTO store_segments VALUES (?, ?, ?)",
                [segment, _seq(segment), counts["comments"]],
            )
            for table in aggregates.TABLES:
                aggregates.count(con, table, segment, new)
            for table in DERIVED:
                if table in _WRITTEN_WITH or (newest and table in NOT_IN_NEWEST):
                    continue
                for written, n_rows in _derive(con, table, new, new).items():
                    con.execute("INSERT INTO store_files VALUES (?, ?, ?, ?)", [written, segment, target, n_rows])
        con.execute(f"CHECKPOINT {new}")
    finally:
        con.execute(f"DETACH {new}")
        con.close()


def _merge(con, partial, segment, olds):
    """One segment's file of the untouched segments `olds` (consecutive, in order): each table's rows
    of each old file appended in turn, as they are (sorting a million comments again would need
    more memory than a run has), the word index's rowids shifted by the comments appended before
    and its ids by the words; the pre-aggregates counted from the new file."""
    source = f"seg-{segment}.duckdb"
    target = f"{FOLDER}/{source}"
    con.execute(f"ATTACH {_quote(partial / source)} AS new_segment")
    try:
        offsets, word_offsets = [], []
        for table in (*PARTITIONED, *DERIVED):
            if table in DERIVED:
                columns = ", ".join(f'"{name}" {kind}' for name, kind in DERIVED[table].items())
                con.execute(f"CREATE TABLE new_segment.main.{table} ({columns})")
            else:
                con.execute(f"CREATE TABLE new_segment.main.{table} AS SELECT * FROM {table} WHERE false")
            wanted = _columns(con, "new_segment", table)
            written = f"new_segment.main.{table}"
            if table == words.VOCABULARY:  # gathered, then written in key order (words.ordered)
                written = "merged_words"
                con.execute(f"CREATE OR REPLACE TEMP TABLE {written} AS SELECT * FROM new_segment.main.{table} LIMIT 0")
            n_rows = 0
            for part, old in enumerate(olds):
                (file,) = _files(con, "old_store_files", table, "segment = ?", [old])[0]
                if table == "comments":
                    offsets.append(n_rows)
                elif table == words.VOCABULARY:
                    word_offsets.append(n_rows)
                present = set(_columns(con, alias(file), table))
                columns = [name for name in wanted if name in present]
                picked = ", ".join(f'"{name}"' for name in columns)
                if table == words.VOCABULARY:  # ids unique within the new file
                    picked = f"CAST(id + {word_offsets[part]} AS UINTEGER), word, key, n"
                elif table == words.POSTINGS:  # and rowids of the new file's comments
                    picked = f"CAST(id + {word_offsets[part]} AS UINTEGER), CAST(r + {offsets[part]} AS UINTEGER)"
                elif table == spans.TABLE:
                    picked = spans.shifted(offsets[part])
                names = ", ".join(f'"{name}"' for name in columns)
                con.execute(f"INSERT INTO {written} ({names}) SELECT {picked} FROM {alias(file)}.main.{table}")
                n_rows = con.execute(f"SELECT count(*) FROM {written}").fetchall()[0][0]
            if table == words.VOCABULARY:
                con.execute(f"INSERT INTO new_segment.main.{table} {words.ordered(written)}")
                con.execute(f"DROP TABLE {written}")
            con.execute("INSERT INTO store_files VALUES (?, ?, ?, ?)", [table, segment, target, n_rows])
            if table == "comments":
                con.execute("INSERT INTO store_segments VALUES (?, ?, ?)", [segment, _seq(segment), n_rows])
        for table in aggregates.TABLES:
            aggregates.count(con, table, segment, "new_segment")
        con.execute("CHECKPOINT new_segment")
    finally:
        con.execute("DETACH new_segment")
    con.execute("INSERT INTO store_new_files VALUES (?, ?)", [source, target])
    con.execute(
        "INSERT INTO store_articles SELECT article_id, ? FROM old_store_articles WHERE segment IN (SELECT unnest(?))",
        [segment, list(olds)],
    )


def _write_rejects(con, partial, run_tag):
    """The run's rejects as a file of their own; with the old files' rejects too (which then stop
    being read) when MAX_REJECT_FILES are there already. A whole writer holds every reject."""
    whole = _whole(con)
    old_files = _files(con, "old_store_files", "rejects")
    merge = whole or len(old_files) + 1 >= MAX_REJECT_FILES
    if not merge:
        con.execute("INSERT INTO store_files SELECT * FROM old_store_files WHERE tbl = 'rejects'")
    rows = "SELECT * FROM rejects"
    if merge and old_files and not whole:
        rows += f" UNION ALL BY NAME SELECT * EXCLUDE (rowid) FROM {_scan(old_files, 'rejects')}"
    n_rows = con.execute(f"SELECT count(*) FROM ({rows})").fetchall()[0][0]
    if not n_rows:
        return
    source = f"rejects-{run_tag}.duckdb"
    con.execute(f"ATTACH {_quote(partial / source)} AS new_rejects")
    try:
        con.execute(f"CREATE TABLE new_rejects.main.rejects AS {rows}")
        con.execute("CHECKPOINT new_rejects")
    finally:
        con.execute("DETACH new_rejects")
    target = f"{FOLDER}/{source}"
    con.execute("INSERT INTO store_files VALUES ('rejects', NULL, ?, ?)", [target, n_rows])
    con.execute("INSERT INTO store_new_files VALUES (?, ?)", [source, target])


def publish_files(con: duckdb.DuckDBPyConnection, store_dir: Path, run_tag: str) -> None:
    """Rename the new version's files from their partial names to those store_files gives them
    (before the catalogue naming them is published; unpublished files are pruned later), and
    attach them, for the catalogue's views to be written."""
    folder = Path(store_dir) / FOLDER
    partial = folder / f"{PARTIAL_PREFIX}{run_tag}"
    for source, target in con.execute("SELECT source, file FROM store_new_files").fetchall():
        os.replace(partial / source, Path(store_dir) / target)
    _remove_tree(partial)
    attach(con, store_dir, [row[0] for row in con.execute("SELECT DISTINCT file FROM store_files").fetchall()])


def write_catalogue(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Write the new version's catalogue file at `path` from the writer: runs, sources, the
    store_* tables and the views over the files."""
    con.execute(f"ATTACH {_quote(path)} AS cat")
    try:
        for table in ("runs", "sources"):
            con.execute(f"CREATE TABLE cat.main.{table} AS SELECT * FROM {table}")
        for table in CATALOGUE:
            con.execute(f"CREATE TABLE cat.main.{table} AS SELECT * FROM {table}")
        for table in (*PARTITIONED, *APPENDED, *DERIVED):
            con.execute(f"CREATE VIEW cat.main.{table} AS {view_sql(con, table)}")
        con.execute("CHECKPOINT cat")
    finally:
        con.execute("DETACH cat")


def view_sql(con: duckdb.DuckDBPyConnection, table: str, segments: set | None = None, where=None) -> str:
    """The SELECT of a table's view: its table in every segment file (or only in those of
    `segments`; `where`: {file: a condition on its rows}), and a `rowid` (the file's place and the
    row's rowid in it) that names a row within this version, as a table's rowid does."""
    files = per_version(con, ("files", table), lambda: _view_files(con, table))
    if segments is not None:
        files = [(file, segment) if segment in segments else (None, segment) for file, segment in files]
    if any(file for file, _ in files):
        return f"SELECT * FROM {_scan(files, table, where)}"
    columns = ", ".join(f'NULL::{kind} AS "{name}"' for name, kind in _contract(table).items())
    return f"SELECT NULL::BIGINT AS rowid, {columns} WHERE false"


def _view_files(con, table):
    """[(file, segment)] of `table` in the order its view numbers them (a row's place)."""
    return _files(con, "store_files", table, "TRUE", (), with_segment=True)


def narrow(con: duckdb.DuckDBPyConnection, article_ids) -> bool:
    """Make this connection (a reader's cursor) read the comments, articles and target stances of
    only `article_ids`' segments: temporary views of the same names, with the rowids the version's
    views give (so a search's rowids and a grid's blocks stay right); of the comments, only the
    rows of the articles' spans (etl.store.spans) where the segments have them. A query filtered
    on a few articles then reads their rows instead of every segment. False (nothing done) on a
    version that is not segmented. The views are worked out once per version and articles
    (`per_version`: finding them asks the catalogue five times, about 7 ms)."""
    articles = tuple(sorted(set(article_ids)))
    places = searched(con)
    views = per_version(con, ("narrow", articles, places), lambda: _narrow_views(con, articles, places))
    for view in views:
        con.execute(view)
    return bool(views)


def narrow_to_hits(con: duckdb.DuckDBPyConnection, hits: dict) -> bool:
    """Make this connection (a reader's cursor) read only a search's matches as its comments:
    `hits` is {place of a comments file in the view: a frame of the rowids (`r`) in that file}.
    Each file's rows are probed against its own rowids: 70 ms for a word in 13 % of ten million
    comments, against 150 ms probing the view's rowids (one hash table of every segment's). Kept
    by `narrow` and `narrowed` for the connection's life. False (nothing done) on a version that
    is not segmented: then the search's clause must stay."""
    if not is_segmented(con):
        return False
    for place, rows in hits.items():
        con.register(f"{HITS}_{int(place)}", rows)
    _SEARCHED[con] = {int(place): rows for place, rows in sorted(hits.items())}
    return narrow(con, ())


def searched(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """The places of the files narrow_to_hits gave this connection, or None."""
    hits = _SEARCHED.get(con)
    return None if hits is None else tuple(hits)


def searched_rowids(con: duckdb.DuckDBPyConnection) -> np.ndarray | None:
    """The view's rowids, in order, of the matches narrow_to_hits gave this connection, or None."""
    hits = _SEARCHED.get(con)
    if hits is None:
        return None
    return np.concatenate(
        [np.empty(0, dtype=np.int64)] + [(np.int64(place) << 40) + rows["r"].to_numpy() for place, rows in hits.items()]
    )


def _narrow_views(con, article_ids, places):
    """The statements of `narrow`: [] on a version that is not segmented or with nothing to narrow.
    Articles narrow the three tables; a search the comments only."""
    if not is_segmented(con) or not (article_ids or places is not None):
        return []
    chosen, where, tables = None, {}, ("comments",)
    if article_ids:
        placed = _placed(con, article_ids)
        chosen = {segment for _, segment in placed}
        where = _span_conditions(con, _spans(con, placed))
        tables = PARTITIONED
    if places is not None:
        files = per_version(con, ("files", "comments"), lambda: _view_files(con, "comments"))
        held = {files[place][1] for place in places}
        chosen = held if chosen is None else chosen & held
        for place in places:
            file, matched = files[place][0], f"rowid IN (SELECT r FROM {HITS}_{place})"
            where[file] = f"({where[file]}) AND {matched}" if file in where else matched
    return [
        f"CREATE OR REPLACE TEMP VIEW {table} AS "
        + view_sql(con, table, chosen, where if table == "comments" else None)
        for table in tables
    ]


def per_version(con: duckdb.DuckDBPyConnection, key: tuple, compute, large: bool = False):
    """`compute()`, worked out once per published version and `key` and kept (KEPT answers; a
    `large` one, megabytes at ten million comments, among LARGE_KEPT only, so that a dashboard
    living through many versions does not keep one per version): a version never changes once
    published and its name is unique (a time stamp and a random part), so what its catalogue says
    (which tables and columns it has, which segments hold an article) stays true. Asked of
    anything else (a run's scratch database, one in memory), computed anew. A copy of a store
    holds the same versions, so the same answers. (A test that edits a published version in place,
    to mimic one of an older Diskurs, forgets the kept answers: `forget`.)"""
    database = con.execute("SELECT current_database()").fetchall()[0][0]
    if not _VERSION.fullmatch(database):
        return compute()
    kept, most = (_LARGE, LARGE_KEPT) if large else (_KEPT, KEPT)
    found = kept.get((database, *key), _NOTHING)
    if found is _NOTHING:
        found = compute()
        with _KEPT_LOCK:
            kept[(database, *key)] = found
            while len(kept) > most:
                kept.pop(next(iter(kept)))
    return found


def forget() -> None:
    """Drop every answer `per_version` keeps."""
    with _KEPT_LOCK:
        _KEPT.clear()
        _LARGE.clear()


KEPT = 4096  # answers per_version keeps, the oldest dropped first
LARGE_KEPT = 4  # large answers: two of a search's (etl.store.search) for the version read and the one before
_KEPT: dict = {}
_LARGE: dict = {}
_KEPT_LOCK = threading.Lock()
_NOTHING = object()
_VERSION = re.compile(r"diskurs-\d{8}T\d{6}-[0-9a-f]{8}")  # a published version's name (etl.store.versions)


def any_row(con: duckdb.DuckDBPyConnection, table: str, column: str | None = None) -> bool:
    """Whether `table` (one of PARTITIONED) has a row (whose `column` is not NULL), asked of one
    segment file at a time: any query over a view of every segment costs the planning of all of
    them (some 60 ms for 100 segments), however early it could stop. A file without `column` has
    no such row. Once per version (`per_version`)."""
    return per_version(con, ("any_row", table, column), lambda: _any_row(con, table, column))


def _any_row(con, table, column):
    where = f'"{column}" IS NOT NULL' if column else "TRUE"
    if not is_segmented(con):
        return bool(con.execute(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1").fetchall())
    files = [file for file, _segment in _files(con, "store_files", table, "TRUE", (), with_segment=True)]
    if column:
        having = {
            row[0]
            for row in con.execute(
                "SELECT database_name FROM duckdb_columns() WHERE table_name = ? AND column_name = ?", [table, column]
            ).fetchall()
        }
        files = [file for file in files if alias(file) in having]
    return any(
        con.execute(f"SELECT 1 FROM {alias(file)}.main.{table} WHERE {where} LIMIT 1").fetchall() for file in files
    )


def articles_sql(con: duckdb.DuckDBPyConnection, table: str, article_ids) -> str:
    """A relation of the rows of `table` (one of PARTITIONED) of `article_ids`, read from the
    segments holding them, with the `rowid` column of the version's view (a version that is not
    segmented: its table's rows, without it). For a few articles spread over many segments: the
    comments of a segment's articles are read in one scan of their spans (etl.store.spans), which
    skips every other vector; elsewhere each article by itself, `article_id = …` filtering the
    segment's scan, so only the matching rows' other columns are read, where an IN list reads every
    column of every row of each segment (35 ms a segment of 100,000 comments against some 5)."""
    article_ids = list(dict.fromkeys(article_ids))
    if not is_segmented(con):
        listed = ", ".join(_quote(article) for article in article_ids) or "NULL"
        return f"(SELECT * FROM {table} WHERE article_id IN ({listed}))"
    placed = _placed(con, article_ids)
    files = _files(con, "store_files", table, "TRUE", (), with_segment=True)
    spanned = _spans(con, placed) if table == "comments" else {}
    where = _span_conditions(con, spanned)
    parts = []
    for segment in sorted({segment for _, segment in placed}):
        articles = sorted(article for article, held in placed if held == segment)
        chosen = [(f if s == segment else None, s) for f, s in files]
        if segment in spanned:
            listed = ", ".join(_quote(article) for article in articles)
            parts.append(f"SELECT * FROM {_scan(chosen, table, where)} WHERE article_id IN ({listed})")
            continue
        parts += [f"SELECT * FROM {_scan(chosen, table)} WHERE article_id = {_quote(article)}" for article in articles]
    return "(" + " UNION ALL ".join(parts) + ")" if parts else f"(SELECT * FROM ({view_sql(con, table, set())}))"


def _placed(con, article_ids):
    """[(article_id, segment)] of those of `article_ids` the version holds."""
    return con.execute(
        "SELECT article_id, segment FROM store_articles WHERE article_id IN (SELECT unnest(?))", [list(article_ids)]
    ).fetchall()


def _spans(con, placed):
    """{segment: [(first, last)]}: the spans of the placed articles ([(article_id, segment)]) in
    each of their segments that has etl.store.spans' table (a segment of an older Diskurs has
    none); an article without comments has no span."""
    segments = sorted({segment for _, segment in placed})
    files = _files(con, "store_files", spans.TABLE, "segment IN (SELECT unnest(?))", [segments], with_segment=True)
    if not files:
        return {}
    rows = " UNION ALL ".join(
        f"SELECT {_quote(segment)} AS segment, first_row, last_row FROM {alias(file)}.main.{spans.TABLE}"
        f" WHERE article_id IN (SELECT unnest($articles))"
        for file, segment in files
    )
    spanned = {segment: [] for _, segment in files}
    for segment, first, last in con.execute(rows, {"articles": [a for a, _ in placed]}).fetchall():
        spanned[segment].append((first, last))
    return spanned


def _span_conditions(con, spanned):
    """{comments file: the condition on its rows} of the segments of `spanned` (`_spans`)."""
    if not spanned:
        return {}
    files = _files(con, "store_files", "comments", "segment IN (SELECT unnest(?))", [list(spanned)], with_segment=True)
    return {file: spans.where(sorted(spanned[segment])) for file, segment in files}


@contextlib.contextmanager
def narrowed(con: duckdb.DuckDBPyConnection, article_ids) -> Iterator[None]:
    """`narrow` for the block only: the connection reads every segment again after it (only the
    matches of a search it was narrowed to, narrow_to_hits)."""
    done = narrow(con, article_ids)
    try:
        yield
    finally:
        for table in PARTITIONED if done else ():
            con.execute(f"DROP VIEW IF EXISTS temp.main.{table}")
        if done and searched(con) is not None:
            narrow(con, ())


def attach(con: duckdb.DuckDBPyConnection, store_dir: Path, files) -> None:
    """Attach the segment `files` (relative to `store_dir`) read-only, under the names the
    catalogue's views give them; those attached already stay. Attached databases belong to the
    connection's database instance: every cursor made from it sees them."""
    attached = {row[0] for row in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    for file in dict.fromkeys(files):
        if alias(file) not in attached:
            # IF NOT EXISTS: readers in other threads share the database instance, and may attach it first.
            con.execute(f"ATTACH IF NOT EXISTS {_quote(Path(store_dir) / file)} AS {alias(file)} (READ_ONLY)")


def referenced_files(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The files (relative to the store folder) a catalogue's views read."""
    if not is_segmented(con):
        return set()
    return {row[0] for row in con.execute("SELECT file FROM store_files").fetchall()}


def prune_files(store_dir: Path, keep: set[str]) -> None:
    """Delete the segment files no kept version reads, and what killed writers left."""
    folder = Path(store_dir) / FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        name = path.name.removesuffix(".wal")
        if name.startswith(PARTIAL_PREFIX) or f"{FOLDER}/{name}" not in keep:
            _remove_tree(path)


def prune_partials(store_dir: Path) -> None:
    """Delete what a killed writer left under segments/ (the caller holds the write lock)."""
    folder = Path(store_dir) / FOLDER
    for path in folder.glob(PARTIAL_PREFIX + "*") if folder.is_dir() else []:
        _remove_tree(path)


def held(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The name to read every row of `table` (comments, articles) a connection's version holds:
    on a writer, its rows and those of the segments not checked out; else the table itself."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND temporary", [f"held_{table}"]
    ).fetchall()[0][0]
    return f"held_{table}" if found else table


def _plan(con):
    """touched (articles the run rewrites), touched_segments, placement (article -> new segment
    of every article whose rows are written) and store_segments' rows of the new version. touched
    and placement are tables of the scratch database, not temporary ones: the cursors that write
    segments side by side read them."""
    whole = _whole(con)
    con.execute(
        """CREATE OR REPLACE TABLE touched AS
           SELECT article_id FROM store_checked_out
           UNION SELECT article_id FROM comments UNION SELECT article_id FROM articles
           UNION SELECT article_id FROM target_stances"""
    )
    holding = "SELECT segment FROM old_store_articles JOIN touched USING (article_id)"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE touched_segments AS SELECT segment FROM old_store_segments"
        + ("" if whole else f" WHERE segment IN ({holding})")
    )
    # A touched segment gets a new name (files are never rewritten in place) and keeps its place in
    # the order, with all its articles. A whole writer places every article anew.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE renamed AS
           SELECT segment AS old, seq, {_NEW_NAME} AS segment FROM old_store_segments
           WHERE segment IN (SELECT segment FROM touched_segments) AND NOT ?""",
        [whole],
    )
    con.execute(
        """CREATE OR REPLACE TABLE placement AS
           SELECT a.article_id, r.segment FROM old_store_articles a JOIN renamed r ON a.segment = r.old"""
    )
    _place_new_articles(con, whole)
    _plan_merges(con)


def _plan_merges(con):
    """merges (old segment -> the new one it goes into, its place there): runs of consecutive
    segments of the old version, each untouched by the run, holding every derived table (the
    newest has no word index) and under half of MERGED_COMMENTS comments, cut into groups of at
    least MERGED_COMMENTS comments (a shorter run waits for more). They join touched_segments."""
    con.execute("CREATE OR REPLACE TEMP TABLE merges (old VARCHAR, segment VARCHAR, part INTEGER)")
    if _whole(con):  # every segment is written anew
        return
    rows = con.execute(
        """SELECT s.segment, s.seq, s.n_comments,
                  s.segment NOT IN (SELECT segment FROM touched_segments)
                  AND s.n_comments < ? AND s.seq < (SELECT max(seq) FROM old_store_segments)
                  AND (SELECT count(DISTINCT tbl) FROM old_store_files f
                       WHERE f.segment = s.segment AND f.tbl IN (SELECT unnest(?))) = ?
           FROM old_store_segments s ORDER BY s.seq""",
        [MERGED_COMMENTS // 2, list(DERIVED), len(DERIVED)],
    ).fetchall()
    group, total = [], 0
    for segment, seq, n_comments, settled in rows:
        if not settled:
            group, total = [], 0
            continue
        group.append((segment, seq))
        total += n_comments
        if total >= MERGED_COMMENTS:
            merged = f"{group[0][1]:06d}-{uuid.uuid4().hex[:8]}"
            for part, (old, _) in enumerate(group):
                con.execute("INSERT INTO merges VALUES (?, ?, ?)", [old, merged, part])
                con.execute("INSERT INTO touched_segments VALUES (?)", [old])
            group, total = [], 0


def _place_new_articles(con, whole):
    """Articles the previous version did not hold fill the newest segment up to SEGMENT_COMMENTS
    comments, then new ones, in the order of their first comment (else their publication)."""
    open_segment = (
        None
        if whole
        else con.execute(
            """SELECT s.seq, coalesce(r.segment, s.segment), s.n_comments FROM old_store_segments s
               LEFT JOIN renamed r ON r.old = s.segment ORDER BY s.seq DESC LIMIT 1"""
        ).fetchall()
    )
    seq, segment, filled = open_segment[0] if open_segment else (-1, None, SEGMENT_COMMENTS)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE newcomers AS
           WITH ids AS (SELECT article_id FROM comments UNION SELECT article_id FROM articles
                        UNION SELECT article_id FROM target_stances),
                fresh AS (SELECT article_id FROM ids WHERE article_id NOT IN (SELECT article_id FROM placement)),
                counts AS (SELECT article_id, count(*) AS n, min(created_at) AS first FROM comments GROUP BY 1)
           SELECT f.article_id, coalesce(c.n, 0) AS n,
                  sum(coalesce(c.n, 0)) OVER (ORDER BY coalesce(c.first, a.published_at) NULLS LAST, f.article_id
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
           FROM fresh f LEFT JOIN counts c USING (article_id)
           LEFT JOIN (SELECT article_id, min(published_at) AS published_at FROM articles GROUP BY 1) a
           USING (article_id)"""
    )
    room = max(SEGMENT_COMMENTS - filled, 0)
    if segment is not None and room > 0 and con.execute("SELECT count(*) FROM newcomers").fetchall()[0][0]:
        if segment not in {row[0] for row in con.execute("SELECT segment FROM renamed").fetchall()}:
            # The newest segment takes new articles: it is written anew too.
            con.execute("INSERT INTO touched_segments VALUES (?)", [segment])
            con.execute(
                f"INSERT INTO renamed SELECT segment, seq, {_NEW_NAME} FROM old_store_segments WHERE segment = ?",
                [segment],
            )
            con.execute(
                """INSERT INTO placement SELECT a.article_id, r.segment FROM old_store_articles a
                   JOIN renamed r ON a.segment = r.old WHERE r.old = ?""",
                [segment],
            )
            segment = con.execute("SELECT segment FROM renamed WHERE old = ?", [segment]).fetchall()[0][0]
    else:
        room = 0
    con.execute(
        """INSERT INTO placement
           SELECT article_id, CASE WHEN coalesce(before, 0) < ? THEN ?
                  ELSE printf('%06d-', ? + 1 + ((coalesce(before, 0) - ?) // ?)::BIGINT) || ? END
           FROM newcomers""",
        [room, segment, seq, room, SEGMENT_COMMENTS, uuid.uuid4().hex[:8]],
    )


def _catalogue_rows(con, partial, run_tag, newest):
    """Carry the untouched segments' rows of store_files, store_segments, store_articles and
    the pre-aggregates over, and place the articles of the segments written now."""
    kept = "segment NOT IN (SELECT segment FROM touched_segments)"
    con.execute(
        f"""INSERT INTO store_files SELECT * FROM old_store_files
            WHERE segment IS NOT NULL AND {kept} AND tbl NOT IN (SELECT unnest(?))""",
        [list(_RETIRED)],
    )
    con.execute(f"INSERT INTO store_segments SELECT * FROM old_store_segments WHERE {kept}")
    con.execute(f"INSERT INTO store_articles SELECT * FROM old_store_articles WHERE {kept}")
    for table in aggregates.TABLES:
        con.execute(f"INSERT INTO {table} SELECT * FROM old_{table} WHERE {kept}")
        # A version written before this pre-aggregate existed has no rows of it: its kept segments
        # are counted from their files, once (the next runs carry the counts over).
        uncounted = con.execute(
            f"""SELECT s.segment, any_value(f.file) FROM old_store_segments s
                JOIN old_store_files f ON f.segment = s.segment AND f.tbl = 'comments'
                WHERE s.{kept}
                  AND s.segment NOT IN (SELECT segment FROM old_{table}) GROUP BY 1 ORDER BY 1"""
        ).fetchall()
        for segment, file in uncounted:
            aggregates.count(con, table, segment, alias(file))
    for table in DERIVED:
        if table not in _WRITTEN_WITH:
            _derive_kept(con, table, kept, partial, run_tag, newest if table in NOT_IN_NEWEST else None)
    con.execute(
        """INSERT INTO store_articles SELECT article_id, segment FROM placement
           WHERE segment IN (SELECT segment FROM store_segments EXCEPT SELECT segment FROM old_store_segments)"""
    )


def _derive(con, table, source, target):
    """Write derived table `table` (DERIVED), and those written with it (_WRITTEN_WITH), into the
    attached database `target` from the segment's tables in the attached `source` (the same
    database when the segment is being written); {table: number of its rows}."""
    if _DERIVERS[table] is words:
        n_rows = con.execute(f"SELECT count(*) FROM {source}.main.comments").fetchall()[0][0]
        return words.write(con, source, target, n_rows, SEGMENT_COMMENTS)
    columns = ", ".join(f'"{name}" {kind}' for name, kind in DERIVED[table].items())
    con.execute(f"CREATE TABLE {target}.main.{table} ({columns})")
    if _DERIVERS[table] in (aggregates, targets):  # counts of the signals and votes a segment's comments have
        present = set(_columns(con, source, "comments"))  # (an old one lacks them)
        con.execute(f"INSERT INTO {target}.main.{table} {_DERIVERS[table].segment_select(table, source, present)}")
    else:
        con.execute(f"INSERT INTO {target}.main.{table} {_DERIVERS[table].segment_select(table, source)}")
    return {table: con.execute(f"SELECT count(*) FROM {target}.main.{table}").fetchall()[0][0]}


def _derive_kept(con, table, kept, partial, run_tag, skipped):
    """A kept segment (but the one at place `skipped`) written before derived table `table`
    existed, or while it was the newest, gets it (and those written with it) in a file of its own,
    from the segment's file (once: the next runs carry the file over)."""
    uncounted = con.execute(
        f"""SELECT s.segment, any_value(f.file) FROM old_store_segments s
            JOIN old_store_files f ON f.segment = s.segment AND f.tbl = 'comments'
            WHERE s.{kept} AND s.seq IS DISTINCT FROM ?
              AND s.segment NOT IN (SELECT segment FROM old_store_files WHERE tbl = ?)
            GROUP BY 1 ORDER BY 1""",
        [skipped, table],
    ).fetchall()
    for segment, file in uncounted:
        source = f"{table}-{segment}-{run_tag}.duckdb"
        con.execute(f"ATTACH {_quote(partial / source)} AS new_derived")
        try:
            written = _derive(con, table, alias(file), "new_derived")
            con.execute("CHECKPOINT new_derived")
        finally:
            con.execute("DETACH new_derived")
        target = f"{FOLDER}/{source}"
        for name, n_rows in written.items():
            con.execute("INSERT INTO store_files VALUES (?, ?, ?, ?)", [name, segment, target, n_rows])
        con.execute("INSERT INTO store_new_files VALUES (?, ?)", [source, target])


def _held_views(con):
    """held_comments and held_articles: every row the new version will hold, for the run's planning
    reads (etl.store.bookkeeping): the writer's rows and the old files' rows not checked out."""
    for table in ("comments", "articles"):
        files = _files(con, "old_store_files", table)
        rows = f"SELECT * FROM {table}"
        if files and not _whole(con):
            rows += (
                f" UNION ALL BY NAME SELECT * EXCLUDE (rowid) FROM {_scan(files, table)}"
                " WHERE article_id NOT IN (SELECT article_id FROM store_checked_out)"
            )
        con.execute(f"CREATE OR REPLACE TEMP VIEW held_{table} AS {rows}")


def _copy_in(con, source, table):
    """Insert the rows of `source` (a table or view of an attached version) into the writer's
    `table`, by the columns both have (an older version may lack new ones)."""
    database, _, name = source.split(".")
    present = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ?", [database, name]
        ).fetchall()
    }
    columns = ", ".join(f'"{c}"' for c in schema.TABLES[table] if c in present)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {source}")


def _columns(con, database, table):
    """The column names of `table` in `database`, in order ([] when there is no such table)."""
    return [
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ? ORDER BY column_index",
            [database, table],
        ).fetchall()
    ]


def _has_table(con, database, table):
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?", [database, table]
        ).fetchall()[0][0]
    )


def _writer(con):
    """True on an incremental writer (rows checked out on demand); asked of a connection once."""
    found = _WRITERS.get(con)
    if found is None:
        found = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_writer' AND NOT temporary"
        ).fetchall()[0][0]
        found = _WRITERS[con] = bool(found) and not _whole(con)
    return found


def _whole(con):
    return bool(con.execute("SELECT whole FROM store_writer").fetchall()[0][0])


def _files(con, table, tbl, where="TRUE", params=(), with_segment=False):
    """[(file,)] of table `tbl` in the catalogue table `table` (store_files or old_…); [(file,
    segment)] `with_segment`."""
    return con.execute(
        f"SELECT file{', segment' if with_segment else ''} FROM {table} WHERE tbl = ? AND ({where})"
        " ORDER BY segment NULLS LAST, file",
        [tbl, *params],
    ).fetchall()


def _scan(files, table, where=None):
    """A relation of `table`'s rows in every segment file of `files` ([(file, …)], attached; a
    file None is left out but keeps its place), with a rowid: the file's place in the list, shifted
    left 40 bits, plus the row's rowid in it. `where`: {file: a condition on its own rows}."""
    where = where or {}
    parts = [
        f"SELECT (CAST({number} AS BIGINT) << 40) + rowid AS rowid, * FROM {alias(file)}.main.{table}"
        + (f" WHERE {where[file]}" if file in where else "")
        for number, (file, *_) in enumerate(files)
        if file is not None
    ]
    return "(" + " UNION ALL BY NAME ".join(parts) + ")"


def _seq(segment):
    """A segment's place in the order, from its name."""
    return int(segment.split("-")[0])


def alias(file):
    """The name a segment file is attached under: from its file name, so every reader agrees."""
    return "s_" + re.sub(r"[^0-9A-Za-z]", "_", Path(file).stem)


def _contract(table):
    if table in DERIVED:
        return DERIVED[table]
    return {name: schema.DUCKDB_TYPES[dtype] for name, dtype in schema.TABLES[table].items()}


def _ddl(table, columns):
    types = columns if table in CATALOGUE or table.startswith("old_") else _contract(table)
    cols = ", ".join(f'"{name}" {kind}' for name, kind in types.items())
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


def _ids(article_ids):
    import pandas as pd

    return pd.DataFrame({"article_id": pd.Series(list(article_ids), dtype="string")})


def _quote(value):
    return "'" + str(value).replace("'", "''") + "'"


def _remove_tree(path):
    path = Path(path)
    if path.is_dir():
        for child in path.iterdir():
            _remove_tree(child)
        path.rmdir()
    else:
        path.unlink(missing_ok=True)
