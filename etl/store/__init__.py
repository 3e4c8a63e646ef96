"""The store: versioned DuckDB files under a store folder, switched atomically (`versions`),
written by one run at a time (`lock`), read and written a table's frame at a time (`tables`),
with its runs and sources kept (`bookkeeping`), and the reads the CLI and the dashboard share
(`filters`, `queries`). Every SQL statement of the ETL lives in this package (`terms` too:
topic suggestions count their terms in DuckDB).
"""

from etl.store.lock import StoreBusy, write_lock
from etl.store.segments import (
    any_row,
    articles_sql,
    narrow,
    narrow_to_hits,
    narrowed,
    per_version,
    searched,
    searched_rowids,
)
from etl.store.tables import append_rows, read_articles_rows, read_table, replace_rows
from etl.store.versions import (
    EmptyStore,
    StoreError,
    connect_readonly,
    current_path,
    list_versions,
    new_version,
    open_readonly,
    restore,
    upgrade_views,
    version_bytes,
)

__all__ = [
    "any_row",
    "articles_sql",
    "EmptyStore",
    "StoreBusy",
    "StoreError",
    "append_rows",
    "connect_readonly",
    "current_path",
    "new_version",
    "open_readonly",
    "read_articles_rows",
    "read_table",
    "replace_rows",
    "restore",
    "upgrade_views",
    "version_bytes",
    "list_versions",
    "narrow",
    "narrowed",
    "narrow_to_hits",
    "per_version",
    "searched",
    "searched_rowids",
    "write_lock",
]
