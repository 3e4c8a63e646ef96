"""Rows of the store's tables read and written as frames of the column contract (etl.schema)."""

from collections.abc import Collection, Iterable

import duckdb
import pandas as pd

from etl import schema
from etl.store import segments


def read_table(
    con: duckdb.DuckDBPyConnection, table: str, where: str = "", params: Iterable[object] = ()
) -> pd.DataFrame:
    """One store table as a frame with the contract's dtypes (`where`: a fixed SQL clause)."""
    columns = ", ".join(f'"{c}"' for c in schema.TABLES[table])
    frame = con.execute(f"SELECT {columns} FROM {table} {where}", list(params)).df()
    return schema.conform(frame, schema.TABLES[table])


def read_articles_rows(con: duckdb.DuckDBPyConnection, table: str, article_ids: Collection[str]) -> pd.DataFrame:
    """The rows of `table` (comments, articles, target_stances) of the given articles."""
    if not len(article_ids):
        return schema.empty(schema.TABLES[table])
    segments.checkout(con, article_ids)
    article_ids = segments.holding(con, article_ids)
    if not article_ids:
        return schema.empty(schema.TABLES[table])
    con.register("affected", pd.DataFrame({"article_id": pd.Series(list(article_ids), dtype="string")}))
    try:
        return read_table(con, table, "WHERE article_id IN (SELECT article_id FROM affected)")
    finally:
        con.unregister("affected")


def replace_rows(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, key: str, keys: Collection[str]
) -> None:
    """Delete the rows of `table` whose `key` is in `keys`, then insert `frame` (on a run's
    writer, an article's rows replace those of its segment: etl.store.segments)."""
    if key == "article_id" and table in segments.PARTITIONED:
        segments.checkout(con, keys)
        keys = segments.holding(con, keys)
    if len(keys):
        con.register("doomed", _key_frame(key, keys))
        con.execute(f'DELETE FROM {table} WHERE "{key}" IN (SELECT "{key}" FROM doomed)')
        con.unregister("doomed")
    append_rows(con, table, frame)


def append_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert `frame`, conformed to the table's contract."""
    if frame.empty:
        return
    rows = schema.conform(frame, schema.TABLES[table])
    columns = ", ".join(f'"{c}"' for c in rows.columns)
    con.register("incoming", rows)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")
    if table in segments.PARTITIONED:
        segments.wrote(con, rows["article_id"].dropna().unique())


def _key_frame(key, keys):
    return pd.DataFrame({key: pd.Series(list(keys), dtype="string")})
