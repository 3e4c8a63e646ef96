"""Changes to a test's store as time brings them: one more comment, run like any source, and the
current version as a Diskurs before a derived table wrote it."""

from pathlib import Path

import duckdb

from etl import pipeline, store
from etl.store import segments

HEADER = "comment_id,parent_id,article_id,author,created_at,text\n"


def one_more_comment(settings, article_id, text="Das ist ein neuer Kommentar."):
    """Run the pipeline on one new comment (extra-1) in `article_id`, from a file beside the store."""
    path = Path(settings.store_dir).parent / "more.csv"
    path.write_text(HEADER + f"extra-1,,{article_id},L,2025-06-01T10:00:00Z,{text}\n", encoding="utf-8")
    pipeline.run([path], settings)


def without_derived(store_dir, table):
    """The current version as written before derived table `table` (etl.store.segments.DERIVED)
    existed: no view of it, no rows of it in store_files, no table of it in the segment files."""
    with duckdb.connect(str(store.current_path(store_dir))) as con:
        files = [row[0] for row in con.execute("SELECT file FROM store_files WHERE tbl = ?", [table]).fetchall()]
        con.execute(f"DROP VIEW {table}")
        con.execute("DELETE FROM store_files WHERE tbl = ?", [table])
    for file in files:
        with duckdb.connect(str(Path(store_dir) / file)) as segment:
            segment.execute(f"DROP TABLE {table}")
    segments.forget()  # a published version never changes, but for this edit
