"""Exports: which table or aggregate each `etl export` kind is (EXPORTS, read through
etl.store.queries, as the dashboard reads them) and CSV writing with every cell a spreadsheet
would run as a formula neutralised.

Two writers give the same bytes: the exports that can hold a row per comment (BULK: comments,
target stances) are written by DuckDB itself (`copy_csv`, through etl.store.csv_out: cells
formatted in SQL, `COPY ... TO` a file at disk speed); every in-memory frame (the other kinds,
a chart's rows) by `write_csv`, Python's csv module, which defines the bytes (a test compares).
"""

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

import duckdb
import pandas as pd

from etl import DiskursError
from etl.store import csv_out, queries
from etl.store.csv_out import EXCEL_BOM, neutralize
from etl.store.filters import Filters


class ExportError(DiskursError):
    """An export cannot be made as asked."""


EXPORTS = {
    "comments": queries.comments,
    "articles": queries.articles,
    "runs": queries.runs,
    "rejects": queries.rejects,
    "by-day": lambda con, filters: queries.by_period(con, filters, "day"),
    "by-topic": queries.by_topic,
    "target-stances": queries.target_stances,
}
# Exports that can hold a row per comment: read and written a block at a time (export_blocks).
_STREAMED = {"comments": queries.comments_sql, "target-stances": queries.target_stances_sql}
# Exports DuckDB writes itself (copy_csv): the same rows and bytes as write_csv of export(...).
BULK = ("comments", "target-stances")
COPY_BLOCK = 1 << 20  # bytes copied at a time from a written export to a stream


def with_editor_labels(block: pd.DataFrame, editor: pd.DataFrame) -> pd.DataFrame:
    """`block` (comments) with the editors' labels beside the machine's: `sentiment_editor` after
    `sentiment`, `stance_editor` after `stance` (empty where no editor labelled the comment).
    `editor` is etl.store.labels.editor_columns."""
    labelled = editor.set_index("comment_id")
    columns = list(block.columns)
    for task in ("sentiment", "stance"):
        name = f"{task}_editor"
        values = block["comment_id"].map(labelled[name]).astype("string")
        block = block.assign(**{name: values})
        columns.insert(columns.index(task) + 1 if task in columns else len(columns), name)
    return block[columns]


def export(con: duckdb.DuckDBPyConnection, what: str, filters: Filters) -> pd.DataFrame:
    """The frame for one export kind (see EXPORTS)."""
    try:
        query = EXPORTS[what]
    except KeyError:
        raise ExportError(f"unknown export {what!r}; choose one of {', '.join(EXPORTS)}") from None
    return query(con, filters)


def export_blocks(
    con: duckdb.DuckDBPyConnection, what: str, filters: Filters, vectors: int = 16
) -> Iterator[pd.DataFrame]:
    """The export as frames of at most 2,048 × `vectors` rows (at least one frame, maybe empty),
    so a million comments never sit in memory at once; together they are `export(...)`."""
    if what not in _STREAMED:
        yield export(con, what, filters)
        return
    con.execute(*_STREAMED[what](filters))
    block = con.fetch_df_chunk(vectors)
    yield block
    while len(block):
        block = con.fetch_df_chunk(vectors)
        if len(block):
            yield block


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of `frame` with every cell neutralised against formula injection."""
    buffer = io.StringIO()
    write_csv(frame, buffer)
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, handle: TextIO, header: bool = True, excel: bool = False) -> None:
    """Write `frame` as CSV to an open text handle, neutralising every cell. `excel`: the dialect
    a German-locale spreadsheet splits into columns (`;` between cells, a decimal comma; the
    caller writes the byte order mark, EXCEL_BOM, first)."""
    writer = csv.writer(handle, lineterminator="\n", delimiter=";" if excel else ",")
    if header:
        writer.writerow([neutralize(str(c)) for c in frame.columns])
    cell = _excel_cell if excel else _cell
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([cell(v) for v in row])


def write_csv_blocks(blocks: Iterable[pd.DataFrame], handle: TextIO, excel: bool = False) -> int:
    """Write frames with the same columns as one CSV (see write_csv); the number of rows."""
    rows = 0
    if excel:
        handle.write(EXCEL_BOM)
    for number, block in enumerate(blocks):
        write_csv(block, handle, header=number == 0, excel=excel)
        rows += len(block)
    return rows


def _cell(value):
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return neutralize(str(value)) if isinstance(value, str) else value


def _excel_cell(value):
    """_cell, with a decimal comma in numbers that have a fraction."""
    value = _cell(value)
    return str(value).replace(".", ",") if isinstance(value, float) else value


def copy_csv(
    con: duckdb.DuckDBPyConnection,
    what: str,
    filters: Filters,
    path: Path | str,
    excel: bool = False,
    editor: pd.DataFrame | None = None,
) -> int:
    """Write a BULK export as CSV to `path` with DuckDB's COPY (the bytes write_csv_blocks writes
    of export_blocks, with_editor_labels(editor) for comments); the number of rows."""
    if what == "comments":
        return csv_out.copy_comments(con, filters, path, excel=excel, editor=editor)
    if what == "target-stances":
        return csv_out.copy_target_stances(con, filters, path, excel=excel)
    raise ExportError(f"{what!r} is not written by DuckDB; choose one of {', '.join(BULK)}")


def copy_csv_to(
    con: duckdb.DuckDBPyConnection,
    what: str,
    filters: Filters,
    handle: BinaryIO,
    excel: bool = False,
    editor: pd.DataFrame | None = None,
) -> int:
    """copy_csv to an open binary handle (standard output): written to a temporary file first,
    then copied over a block at a time; the number of rows."""
    with tempfile.TemporaryDirectory(prefix="diskurs-export-") as folder:
        path = os.path.join(folder, "export.csv")
        rows = copy_csv(con, what, filters, path, excel=excel, editor=editor)
        with open(path, "rb") as written:
            shutil.copyfileobj(written, handle, COPY_BLOCK)
    return rows
