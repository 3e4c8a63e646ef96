"""What a store remembers about its runs and sources, and the reads a run plans with: which
engine and topics file the last run used, which inputs are sources and where each site left
off, and how many comments each article holds."""

import json
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from etl.store.segments import held
from etl.store.tables import append_rows
from etl.store.versions import EmptyStore, connect_readonly


def last_run(con: duckdb.DuckDBPyConnection) -> tuple[str, str, str | None] | None:
    """(topics_hash, sentiment_engine, signals_engine) of the newest successful run, or None.
    signals_engine is None for runs before there were signals (and in stores not brought up to
    the current columns yet, read-only)."""
    present = {row[0] for row in con.execute("DESCRIBE runs").fetchall()}
    signals = "signals_engine" if "signals_engine" in present else "NULL"
    rows = con.execute(
        f"SELECT topics_hash, sentiment_engine, {signals} FROM runs "
        "WHERE status = 'ok' ORDER BY finished_at DESC LIMIT 1"
    ).fetchall()
    return tuple(rows[0]) if rows else None


def last_engine(store_dir: Path | str) -> str | None:
    """The sentiment engine of the store's newest successful run; None for a new store."""
    last = last_analysis(store_dir)
    return last[1] if last else None


def last_analysis(store_dir: Path | str) -> tuple[str, str, str | None] | None:
    """(topics_hash, sentiment_engine, signals_engine) of the store's newest successful run; None
    for a new store."""
    try:
        con = connect_readonly(store_dir)
    except EmptyStore:
        return None
    with con:
        return last_run(con)


def source_inputs(store_dir: Path | str) -> list[str]:
    """Every input the store remembers as a source, in the order they were added; [] for a new store."""
    try:
        con = connect_readonly(store_dir)
    except EmptyStore:
        return []
    with con:
        return [row[0] for row in con.execute("SELECT input FROM sources ORDER BY added_at, input").fetchall()]


def source_states(store_dir: Path | str) -> dict:
    """{source: the state it left after its last successful pull} (sites only)."""
    try:
        con = connect_readonly(store_dir)
    except EmptyStore:
        return {}
    with con:
        rows = con.execute("SELECT input, state FROM sources WHERE state IS NOT NULL").fetchall()
    return {source: json.loads(state) for source, state in rows}


def remember_sources(con: duckdb.DuckDBPyConnection, sources: pd.DataFrame, states: dict) -> None:
    """Add `sources` (input, kind, added_at) not known yet; move each site's state on."""
    known = {row[0] for row in con.execute("SELECT input FROM sources").fetchall()}
    append_rows(con, "sources", sources[~sources["input"].isin(known)])
    for source, state in states.items():
        con.execute("UPDATE sources SET state = ? WHERE input = ?", [json.dumps(state), source])


def article_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every stored article's id."""
    return {row[0] for row in con.execute(f"SELECT article_id FROM {held(con, 'articles')}").fetchall()}


def comment_counts(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> dict[str, int]:
    """{article_id: stored comments} of the given articles (absent: none stored)."""
    con.register("affected", pd.DataFrame({"article_id": list(article_ids)}))
    try:
        return dict(
            con.execute(
                f"SELECT article_id, count(*) FROM {held(con, 'comments')} "
                "WHERE article_id IN (SELECT article_id FROM affected) GROUP BY 1"
            ).fetchall()
        )
    finally:
        con.unregister("affected")
