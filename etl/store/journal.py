"""The run journal: one JSON line per run, beside the store's versions, whatever the run's outcome.

The `runs` table lives inside a version, so it can only hold runs that landed. A run that failed,
or found nothing to write, or whose store could not even be opened, leaves no version: it is
written here instead, appended to `runs.jsonl` in the store folder, so `status`, the dashboard's
header and `/healthz` can say what the last run did. The journal is small (the newest
KEEP_LINES lines are kept) and never needed to read the data: losing it loses only history.
"""

import json
import os
from pathlib import Path

import pandas as pd

from etl import schema

FILE = "runs.jsonl"
KEEP_LINES = 1000
FIELDS = ("run_id", "command", "status", "started_at", "finished_at", "error", "n_loaded", "n_rejected", "n_noted")


def record(store_dir: Path | str, run: dict) -> None:
    """Append `run` (a row of the `runs` table as a dict) to the journal; never raises OSError
    on its own account: a full or read-only disk must not hide the error that ended the run."""
    entry = {key: _plain(value) for key, value in run.items() if key in schema.RUNS}
    path = Path(store_dir) / FILE
    try:
        Path(store_dir).mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        _trim(path)
    except OSError:
        pass


def read(store_dir: Path | str) -> pd.DataFrame:
    """Every journalled run, newest first, in the columns of the `runs` table."""
    rows = []
    try:
        lines = (Path(store_dir) / FILE).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, NotADirectoryError, PermissionError, UnicodeDecodeError):
        lines = []
    for line in lines:
        try:
            rows.append(json.loads(line))
        except ValueError:  # a line cut short by a crash
            continue
    frame = pd.DataFrame([row for row in rows if isinstance(row, dict)], columns=list(schema.RUNS))
    frame = frame.assign(
        started_at=pd.to_datetime(frame["started_at"], utc=True, errors="coerce"),
        finished_at=pd.to_datetime(frame["finished_at"], utc=True, errors="coerce"),
    )
    return schema.conform(frame, schema.RUNS).sort_values("started_at", ascending=False, ignore_index=True)


def last_run(store_dir: Path | str) -> dict | None:
    """The newest run in the journal as a dict of FIELDS (times as ISO 8601 UTC strings), or None."""
    runs = read(store_dir)
    if runs.empty:
        return None
    newest = runs.iloc[0]
    return {key: _plain(newest[key]) for key in FIELDS}


def _plain(value):
    """A JSON-able value: timestamps as ISO strings, missing values as None, numbers as int."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").isoformat() if value.tzinfo else value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _trim(path):
    """Keep the newest KEEP_LINES lines (rewritten atomically, rarely: only when 10 % over)."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = handle.readlines()
    if len(lines) <= KEEP_LINES * 1.1:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text("".join(lines[-KEEP_LINES:]), encoding="utf-8")
    os.replace(tmp, path)


def merged(runs: pd.DataFrame, store_dir: Path | str) -> pd.DataFrame:
    """`runs` (rows of the `runs` table) with the journalled runs it lacks, newest first, in its
    columns: every run, whether it landed or not."""
    extra = read(store_dir)
    extra = extra[~extra["run_id"].isin(runs["run_id"])]
    if extra.empty:
        return runs
    extra = extra[list(runs.columns)]
    both = pd.concat([runs, extra], ignore_index=True) if len(runs) else extra
    return both.sort_values("started_at", ascending=False, ignore_index=True, na_position="last")
