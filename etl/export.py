"""Exports: which table or aggregate each `etl export` kind is (EXPORTS, read through
etl.store.queries, as the dashboard reads them) and CSV writing with every cell a spreadsheet
would run as a formula neutralised: the one CSV writer of the CLI and the dashboard's downloads.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TextIO

import duckdb
import pandas as pd

from etl import DiskursError
from etl.store import queries
from etl.store.filters import Filters

# The byte order mark that tells a spreadsheet the file is UTF-8 (`export --excel`).
EXCEL_BOM = "\ufeff"
# A spreadsheet runs a cell starting with these as a formula (docs/cli.md, "export").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def neutralize(value: object) -> object:
    """A cell value a spreadsheet shows as text: formula-like strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
