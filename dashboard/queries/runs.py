"""Reads of the runs: the newest ones and the last refresh the header shows."""

import duckdb
import pandas as pd

from etl.store.queries import has_column


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> pd.DataFrame:
    """The newest runs, newest first: run_id, command, status, started_at, finished_at,
    sentiment_engine, n_loaded, n_scored, error."""
    return con.execute(
        """
        SELECT run_id, command, status, started_at, finished_at, sentiment_engine,
               n_loaded, n_scored, error
        FROM runs ORDER BY started_at DESC NULLS LAST, run_id DESC LIMIT ?""",
        [int(limit)],
    ).df()


def last_refresh(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The newest finished, not failed run: run_id, finished_at, sentiment_engine (0 or 1 row);
    a run that did not say its engine takes one the comments name (read only then: it scans them)."""
    last = con.execute("""
        SELECT run_id, finished_at, sentiment_engine
        FROM runs
        WHERE finished_at IS NOT NULL
          AND lower(coalesce(status, '')) NOT IN ('failed', 'error', 'running')
        ORDER BY finished_at DESC LIMIT 1""").df()
    if len(last) and pd.isna(last["sentiment_engine"].iloc[0]):
        named = con.execute("SELECT any_value(sentiment_engine) FROM comments").fetchall()[0][0]
        last = last.assign(sentiment_engine=pd.Series([named], dtype=last["sentiment_engine"].dtype))
    return last


def signals_engine(con: duckdb.DuckDBPyConnection) -> str | None:
    """The signals engine of the newest finished, not failed run that names one (what scored the
    moderation, feedback and argument flags shown), else None."""
    if not has_column(con, "runs", "signals_engine"):
        return None
    found = con.execute("""
        SELECT signals_engine FROM runs
        WHERE finished_at IS NOT NULL AND nullif(signals_engine, '') IS NOT NULL
          AND lower(coalesce(status, '')) NOT IN ('failed', 'error', 'running')
        ORDER BY finished_at DESC LIMIT 1""").fetchall()
    return found[0][0] if found else None
