"""CSV exports written by DuckDB itself: every cell formatted, neutralised and quoted in SQL, each
row one text line, and `COPY ... TO` a file at disk speed.

The bytes are exactly those of etl.export.write_csv (Python's csv module over the frames the
same query gives), which stays the writer of small in-memory frames: strings neutralised (a
leading = + - @ tab or CR gets an apostrophe) and quoted only when they hold the delimiter, a
double quote or a newline (quotes doubled); NULL and NaN empty; numbers as Python writes them
(DuckDB's shortest round-trip text of a double is Python's repr); timestamps ISO 8601 with
`+00:00`; the German-Excel dialect with `;` and a decimal comma. DuckDB's own CSV quoting differs
(it quotes empty strings, a CR, a leading #), so COPY writes the finished lines unquoted.

A query's columns are `Column`s: a header name and a trusted SQL expression (built here or from
fixed names, never from input); every value comes in through parameters.
"""

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl import schema
from etl.store.filters import JOIN, Filters, comment_where, target_rows_where
from etl.store.queries import COMMENT_ORDER

# A spreadsheet runs a cell starting with these as a formula (docs/cli.md, "export").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The byte order mark that tells a spreadsheet the file is UTF-8 (`export --excel`).
EXCEL_BOM = "\ufeff"
# Relations a cursor holds while an export reads it (registered frames, dropped afterwards).
EDITOR_LABELS = "export_editor_labels"
PUBLIC_SOURCES = "export_public_sources"
_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}


@dataclass(frozen=True)
class Column:
    """One exported column: its header `name` and the SQL `expr` giving its value."""

    name: str
    expr: str


def neutralize(value: object) -> object:
    """A cell value a spreadsheet shows as text: formula-like strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def header_line(names: Sequence[str], excel: bool = False) -> str:
    """The header row as etl.export.write_csv writes it, without its newline (and after the byte
    order mark in the Excel dialect)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", delimiter=_delimiter(excel)).writerow([neutralize(n) for n in names])
    return (EXCEL_BOM if excel else "") + buffer.getvalue()[:-1]


def _delimiter(excel: bool) -> str:
    return ";" if excel else ","


def _literal(text: str) -> str:
    """A SQL string literal of `text` (only ever fixed characters and paths of our own)."""
    return "'" + text.replace("'", "''") + "'"


def cell_sql(expr: str, duck_type: str, excel: bool = False) -> str:
    """SQL text of one CSV cell of `expr` (of DuckDB type `duck_type`), never NULL."""
    if duck_type == "VARCHAR":
        # ord: the first character's code point, cheaper than cutting the first character off.
        prefixes = ", ".join(str(ord(p)) for p in FORMULA_PREFIXES)
        text = f"CASE WHEN ord({expr}) IN ({prefixes}) THEN '''' || {expr} ELSE {expr} END"
        special = " OR ".join(f"contains({expr}, {_literal(c)})" for c in (_delimiter(excel), '"', "\n"))
        quoted = f"""'"' || replace({text}, '"', '""') || '"'"""
        return f"coalesce(CASE WHEN {special} THEN {quoted} ELSE {text} END, '')"
    if duck_type in _INTEGERS:
        return f"coalesce(CAST({expr} AS VARCHAR), '')"
    if duck_type == "DOUBLE":
        text = f"CAST({expr} AS VARCHAR)"
        if excel:
            text = f"replace({text}, '.', ',')"
        return f"CASE WHEN {expr} IS NULL OR isnan({expr}) THEN '' ELSE {text} END"
    if duck_type in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"):
        # pandas' Timestamp.isoformat: microseconds only when there are any, the UTC offset when aware.
        aware = duck_type != "TIMESTAMP"
        plain = f"timezone('UTC', {expr})" if aware else expr
        form = "%Y-%m-%dT%H:%M:%S.%f" + ("+00:00" if aware else "")
        if aware:
            return f"coalesce(replace(strftime({plain}, '{form}'), '.000000+', '+'), '')"
        return f"coalesce(regexp_replace(strftime({plain}, '{form}'), '\\.000000$', ''), '')"
    raise ValueError(f"no CSV cell for DuckDB type {duck_type}")


def line_sql(cells: Sequence[str], excel: bool = False) -> str:
    """SQL text of one CSV line (no newline) joining `cells`; a lone empty cell is written `""`
    (as Python's csv module does, so the line is not blank)."""
    # One concat_ws: a chain of || copies the growing line once per cell (3.5 times slower).
    line = f"concat_ws({_literal(_delimiter(excel))}, {', '.join(cells)})"
    return line if len(cells) > 1 else f"""CASE WHEN {line} = '' THEN '""' ELSE {line} END"""


def copy_query(
    con: duckdb.DuckDBPyConnection,
    columns: Sequence[Column],
    rest: str,
    params: list,
    path: Path | str,
    excel: bool = False,
) -> int:
    """Write `SELECT <columns> <rest>` (rest: FROM ... WHERE ... ORDER BY ...) as CSV to `path`
    with DuckDB's COPY; the number of rows. The column types come from the query itself."""
    select = ", ".join(c.expr for c in columns)
    probe = con.execute(f"SELECT {select} {rest} LIMIT 0", params).description
    cells = [cell_sql(c.expr, str(d[1]), excel) for c, d in zip(columns, probe, strict=True)]
    header = header_line([c.name for c in columns], excel).replace('"', '""')
    sql = (
        f'COPY (SELECT {line_sql(cells, excel)} AS "{header}" {rest}) TO {_literal(os.fspath(path))} '
        "(FORMAT csv, HEADER true, QUOTE '', ESCAPE '')"
    )
    return con.execute(sql, params).fetchall()[0][0]


def comment_columns(
    names: Sequence[str], editor: bool = False, sources: bool = False, title: str = "a.title"
) -> list[Column]:
    """The columns of a comments export: `names` of comments `c` (`article_title`: the SQL
    `title`); with `editor`, the editors' labels after `sentiment` and `stance`
    (etl.export.with_editor_labels); with `sources`, `source` as its public name (PUBLIC_SOURCES)."""
    columns = []
    for name in names:
        if name == "article_title":
            columns.append(Column(name, title))
        elif sources and name == "source":
            columns.append(Column(name, "CASE WHEN s.source IS NULL THEN c.source ELSE s.public END"))
        else:
            columns.append(Column(name, f'c."{name}"'))
    if editor:
        for task in ("sentiment", "stance"):
            at = next((i + 1 for i, c in enumerate(columns) if c.name == task), len(columns))
            columns.insert(at, Column(f"{task}_editor", f"e.{task}_editor"))
    return columns


def copy_comments(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    path: Path | str,
    excel: bool = False,
    editor: pd.DataFrame | None = None,
    public_sources: pd.DataFrame | None = None,
    names: Sequence[str] | None = None,
    title: str = "a.title",
) -> int:
    """The comments matching `filters`, in the export's order, as CSV at `path`; the number of
    rows. `names`: the columns (the export's, schema.EXPORT_COLUMNS, by default; `article_title`
    is the SQL `title`, a fixed expression over `c` and `a`). `editor`:
    etl.store.labels.editor_columns, beside the machine's labels. `public_sources`: source,
    public (what a download shows of each stored source)."""
    where, params = comment_where(filters)
    joins = JOIN
    registered = []
    if editor is not None:
        con.register(EDITOR_LABELS, editor)
        registered.append(EDITOR_LABELS)
        joins += f" LEFT JOIN {EDITOR_LABELS} e ON e.comment_id = c.comment_id"
    if public_sources is not None:
        con.register(PUBLIC_SOURCES, public_sources)
        registered.append(PUBLIC_SOURCES)
        joins += f" LEFT JOIN {PUBLIC_SOURCES} s ON s.source = c.source"
    columns = comment_columns(
        schema.EXPORT_COLUMNS["comments"] if names is None else names,
        editor=editor is not None,
        sources=public_sources is not None,
        title=title,
    )
    try:
        return copy_query(con, columns, f"{joins} WHERE {where} ORDER BY {COMMENT_ORDER}", params, path, excel)
    finally:
        for name in registered:
            con.unregister(name)


def copy_target_stances(con: duckdb.DuckDBPyConnection, filters: Filters, path: Path | str, excel: bool = False) -> int:
    """Stance toward each target of the matching comments (etl.store.queries.target_stances) as
    CSV at `path`; the number of rows."""
    where, params = target_rows_where(filters)
    columns = [Column(name, f't."{name}"') for name in schema.EXPORT_COLUMNS["target_stances"]]
    rest = (
        "FROM target_stances t JOIN comments c USING (comment_id) "
        f"LEFT JOIN articles a ON a.article_id = c.article_id WHERE {where} ORDER BY t.target, t.comment_id"
    )
    return copy_query(con, columns, rest, params, path, excel)


def stored_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every distinct source named on a stored comment."""
    return [row[0] for row in con.execute("SELECT DISTINCT source FROM comments WHERE source IS NOT NULL").fetchall()]
