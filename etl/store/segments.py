"""The store's big tables as Parquet segments, so that a run rewrites only what it changes.

A store version is a small DuckDB catalogue: the `runs` and `sources` tables, which Parquet files
under `segments/` hold which articles (`store_files`, `store_segments`, `store_articles`), and the
views `comments`, `articles`, `target_stances` and `rejects` over those files. Parquet files are
never changed once written, so versions share every file they have in common: a run writes the
segments it changes and a new catalogue, never a copy of the store.

Every article's rows of the three article tables live in one segment; a segment holds about
SEGMENT_COMMENTS comments, its rows in article order (so one article's rows are a few row groups:
a thread is read without scanning the store). The rejects of each run are a file of their own.

A run writes into a scratch database, the writer (versions.new_version): the catalogue's small
tables copied in, and the rows of the articles the run touches, checked out of their segments
(`checkout`) when first read. At the commit (`write_segments`) the segments holding touched
articles are written anew, their other articles copied over from the old file; new articles fill
the newest segment and then new ones, in the order of their first comment. Untouched segments stay
as they are. A writer opened `whole` (tests, benchmarks, converting a store written by an older
Diskurs that kept everything in one DuckDB file) holds every row, and writes every segment anew.

File paths in the catalogue are relative to the store folder: readers set DuckDB's
`file_search_path` to it (versions.open_readonly), so a store folder can be moved or restored from
a backup as a whole.
"""

import os
import uuid
from pathlib import Path

import duckdb

from etl import schema

FOLDER = "segments"
PARTITIONED = ("comments", "articles", "target_stances")  # a row per article's comment, article, …
APPENDED = ("rejects",)  # a file per run
SEGMENT_COMMENTS = 100_000  # comments a segment is filled to before a new one starts
ROW_GROUP_ROWS = 16_384  # rows per Parquet row group: the unit a lookup by article reads
PARTIAL_PREFIX = ".partial-"

# The catalogue's own tables (and the writer's copies of the previous version's, prefixed old_).
# A segment's name: its place in the order, then a random tag (a rewritten segment is a new file).
_NEW_NAME = "printf('%06d-', seq) || substr(replace(gen_random_uuid()::VARCHAR, '-', ''), 1, 8)"

CATALOGUE = {
    # columns: the file's column names, comma-joined (files alike are read as one, see _scan)
    "store_files": {
        "tbl": "VARCHAR",
        "segment": "VARCHAR",
        "file": "VARCHAR",
        "n_rows": "BIGINT",
        "columns": "VARCHAR",
    },
    "store_segments": {"segment": "VARCHAR", "seq": "BIGINT", "n_comments": "BIGINT"},
    "store_articles": {"article_id": "VARCHAR", "segment": "VARCHAR"},
}


def is_segmented(con: duckdb.DuckDBPyConnection, database: str | None = None) -> bool:
    """True when the connection's database (or the attached `database`) is a segmented catalogue."""
    database = database or con.execute("SELECT current_database()").fetchall()[0][0]
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = 'store_files'", [database]
    ).fetchall()[0][0]
    return bool(found)


def open_writer(scratch: Path, store_dir: Path, old: Path | None, whole: bool) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the scratch database of a new version, holding the previous
    version's runs and sources, and either every row (`whole`, or a previous version that is one
    DuckDB file) or none yet (rows are checked out as the run reads them)."""
    con = duckdb.connect(str(scratch))
    con.execute("SET GLOBAL TimeZone = 'UTC'")
    con.execute(f"SET file_search_path = {_quote(store_dir)}")
    con.execute("SET parquet_metadata_cache = true")
    for table in schema.TABLES:
        con.execute(_ddl(table, schema.TABLES[table]))
    for table, columns in CATALOGUE.items():
        con.execute(_ddl(f"old_{table}", columns))
    con.execute("CREATE TABLE store_checked_out (article_id VARCHAR PRIMARY KEY)")
    con.execute("CREATE TABLE store_writer (whole BOOLEAN)")
    if old is not None:
        con.execute(f"ATTACH {_quote(old)} AS old (READ_ONLY)")
        try:
            segmented = is_segmented(con, "old")
            whole = whole or not segmented
            copied = ("runs", "sources") if not whole else ("runs", "sources", *PARTITIONED, *APPENDED)
            for table in copied:
                _copy_in(con, f"old.main.{table}", table)
            if segmented:
                for table in CATALOGUE:
                    con.execute(f"INSERT INTO old_{table} SELECT * FROM old.main.{table}")
        finally:
            con.execute("DETACH old")
    con.execute("INSERT INTO store_writer VALUES (?)", [whole])
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
        con.execute(
            """CREATE OR REPLACE TEMP TABLE fresh AS
               SELECT DISTINCT w.article_id, a.segment FROM wanted w
               JOIN old_store_articles a USING (article_id)
               WHERE w.article_id NOT IN (SELECT article_id FROM store_checked_out)"""
        )
    finally:
        con.unregister("wanted")
    for table in PARTITIONED:
        files = _files(con, "old_store_files", table, "segment IN (SELECT segment FROM fresh)")
        if files:
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT * EXCLUDE (rowid) FROM {_scan(files)} "
                "WHERE article_id IN (SELECT article_id FROM fresh)"
            )
    con.execute("INSERT INTO store_checked_out SELECT article_id FROM fresh")
    con.execute("DROP TABLE fresh")


def write_segments(con: duckdb.DuckDBPyConnection, store_dir: Path, run_tag: str) -> None:
    """Write the writer's rows out as Parquet: the segments of touched articles anew (with their
    untouched articles copied over), new articles into the newest segment and new ones, the rejects
    as one file. Fills the writer's store_files, store_segments and store_articles with what the
    new version holds; the files are written under partial names (`publish_files` renames them)."""
    _plan(con)
    partial = Path(store_dir) / FOLDER / f"{PARTIAL_PREFIX}{run_tag}"
    partial.mkdir(parents=True, exist_ok=True)
    for table in PARTITIONED:
        old = _files(con, "old_store_files", table, "segment IN (SELECT segment FROM touched_segments)")
        rows = f"SELECT * FROM {table}"
        if old:
            rows += (
                f" UNION ALL BY NAME SELECT * EXCLUDE (rowid) FROM {_scan(old)}"
                " WHERE article_id NOT IN (SELECT article_id FROM touched)"
            )
        con.execute(
            f"""COPY (SELECT r.*, p.segment AS seg FROM ({rows}) r JOIN placement p USING (article_id)
                      ORDER BY p.segment, r.article_id)
                TO {_quote(partial / table)} (FORMAT parquet, PARTITION_BY (seg), ROW_GROUP_SIZE {ROW_GROUP_ROWS})"""
        )
    rejects = con.execute("SELECT count(*) FROM rejects").fetchall()[0][0]
    if rejects:
        con.execute(f"COPY rejects TO {_quote(partial / 'rejects.parquet')} (FORMAT parquet)")
    _catalogue_rows(con, Path(store_dir), partial, run_tag, rejects)


def publish_files(con: duckdb.DuckDBPyConnection, store_dir: Path, run_tag: str) -> None:
    """Rename the new version's files from their partial names to those store_files gives them
    (before the catalogue naming them is published; unpublished files are pruned later)."""
    folder = Path(store_dir) / FOLDER
    partial = folder / f"{PARTIAL_PREFIX}{run_tag}"
    for source, target in con.execute("SELECT source, file FROM store_new_files").fetchall():
        os.replace(partial / source, Path(store_dir) / target)
    _remove_tree(partial)


def write_catalogue(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Write the new version's catalogue file at `path` from the writer: runs, sources, the
    store_* tables and the views over the files."""
    con.execute(f"ATTACH {_quote(path)} AS cat")
    try:
        for table in ("runs", "sources"):
            con.execute(f"CREATE TABLE cat.main.{table} AS SELECT * FROM {table}")
        for table in CATALOGUE:
            con.execute(f"CREATE TABLE cat.main.{table} AS SELECT * FROM {table}")
        for table in (*PARTITIONED, *APPENDED):
            con.execute(f"CREATE VIEW cat.main.{table} AS {view_sql(con, table)}")
        con.execute("CHECKPOINT cat")
    finally:
        con.execute("DETACH cat")


def view_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The SELECT of a table's view: every file of it, and a `rowid` (file and row number) that
    names a row within this version, as a DuckDB table's rowid does."""
    files = _files(con, "store_files", table)
    if files:
        return f"SELECT * FROM {_scan(files)}"
    columns = ", ".join(f'NULL::{kind} AS "{name}"' for name, kind in _contract(table).items())
    return f"SELECT {columns}, NULL::BIGINT AS rowid WHERE false"


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
        if path.name.startswith(PARTIAL_PREFIX) or f"{FOLDER}/{path.name}" not in keep:
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
    of every article whose rows are written) and store_segments' rows of the new version."""
    whole = _whole(con)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE touched AS
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
        """CREATE OR REPLACE TEMP TABLE placement AS
           SELECT a.article_id, r.segment FROM old_store_articles a JOIN renamed r ON a.segment = r.old"""
    )
    _place_new_articles(con, whole)


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


def _catalogue_rows(con, store_dir, partial, run_tag, rejects):
    """Fill store_files, store_segments and store_articles of the new version (the untouched
    segments' rows carried over) and store_new_files (partial name -> final name)."""
    for table in CATALOGUE:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM old_{table} WHERE false")
    con.execute("CREATE OR REPLACE TABLE store_new_files (source VARCHAR, file VARCHAR)")
    kept = "segment NOT IN (SELECT segment FROM touched_segments)"
    con.execute(f"INSERT INTO store_files SELECT * FROM old_store_files WHERE {kept} OR segment IS NULL")
    con.execute(f"INSERT INTO store_segments SELECT * FROM old_store_segments WHERE {kept}")
    con.execute(f"INSERT INTO store_articles SELECT * FROM old_store_articles WHERE {kept}")
    if _whole(con):  # a whole writer holds every reject: the old files are not read any more
        con.execute("DELETE FROM store_files WHERE tbl IN (SELECT unnest(?))", [list(APPENDED)])
    written = []
    for table in PARTITIONED:
        folder = partial / table
        for part in sorted(folder.glob("seg=*")) if folder.is_dir() else []:
            segment = part.name.removeprefix("seg=")
            for number, file in enumerate(sorted(part.glob("*.parquet"))):
                target = f"{FOLDER}/{table}-{segment}-{number}.parquet"
                written.append((table, segment, f"{table}/{part.name}/{file.name}", target))
    if rejects:
        written.append(("rejects", None, "rejects.parquet", f"{FOLDER}/rejects-{run_tag}.parquet"))
    for table, segment, source, target in written:
        path = _quote(partial / source)
        n_rows = con.execute(f"SELECT count(*) FROM read_parquet({path})").fetchall()[0][0]
        columns = ",".join(row[0] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall())
        con.execute("INSERT INTO store_files VALUES (?, ?, ?, ?, ?)", [table, segment, target, n_rows, columns])
        con.execute("INSERT INTO store_new_files VALUES (?, ?)", [source, target])
    con.execute(
        """INSERT INTO store_segments
           SELECT segment, split_part(segment, '-', 1)::BIGINT, 0 FROM (
               SELECT DISTINCT segment FROM store_files
               WHERE segment IS NOT NULL AND segment NOT IN (SELECT segment FROM store_segments))"""
    )
    con.execute(
        """UPDATE store_segments s SET n_comments = f.n FROM
           (SELECT segment, sum(n_rows) AS n FROM store_files WHERE tbl = 'comments' GROUP BY 1) f
           WHERE s.segment = f.segment"""
    )
    con.execute(
        """INSERT INTO store_articles SELECT article_id, segment FROM placement
           WHERE segment IN (SELECT segment FROM store_segments EXCEPT SELECT segment FROM old_store_segments)"""
    )


def _held_views(con):
    """held_comments and held_articles: every row the new version will hold, for the run's planning
    reads (etl.store.bookkeeping): the writer's rows and the old files' rows not checked out."""
    for table in ("comments", "articles"):
        files = _files(con, "old_store_files", table)
        rows = f"SELECT * FROM {table}"
        if files and not _whole(con):
            rows += (
                f" UNION ALL BY NAME SELECT * EXCLUDE (rowid) FROM {_scan(files)}"
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


def _writer(con):
    """True on an incremental writer (rows checked out on demand)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_writer' AND NOT temporary"
    ).fetchall()[0][0]
    return bool(found) and not _whole(con)


def _whole(con):
    return bool(con.execute("SELECT whole FROM store_writer").fetchall()[0][0])


def _files(con, table, tbl, where="TRUE"):
    """[(file, its columns)] of table `tbl` in the catalogue table `table` (store_files or old_…)."""
    return con.execute(
        f"SELECT file, columns FROM {table} WHERE tbl = ? AND ({where}) ORDER BY segment NULLS LAST, file", [tbl]
    ).fetchall()


def _scan(files):
    """A relation of every row of `files` ([(file, columns)]) with a rowid: the file's place in the
    list and the row's in the file. Files with the same columns are read by one read_parquet, which
    reads their schema once: union_by_name would open every file at each query (about 0.4 ms a
    file); files of different columns (written before and after a column was added) are combined
    by name."""
    groups = {}
    for number, (file, columns) in enumerate(files):
        groups.setdefault(columns, []).append((number, file))
    parts = []
    for members in groups.values():
        listed = ", ".join(_quote(file) for _, file in members)
        # file_index counts within one read_parquet: map it back to the file's place in `files`.
        places = ", ".join(str(number) for number, _ in members)
        place = f"[{places}][CAST(file_index AS BIGINT) + 1]" if len(groups) > 1 else "file_index"
        parts.append(
            f"SELECT *, (CAST({place} AS BIGINT) << 40) + file_row_number AS rowid FROM read_parquet([{listed}])"
        )
    return "(" + " UNION ALL BY NAME ".join(parts) + ")"


def _contract(table):
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
