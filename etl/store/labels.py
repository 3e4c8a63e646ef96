"""Editors' labels: what people say a comment's sentiment or a reply's stance is, kept apart from
what the machine says, and never touched by a run.

Labels are their own data, in their own file beside the store's versions (`labels.sqlite`): a run
copies and replaces versions, rescoring rewrites machine labels, kill -9 can stop a run at any
moment, yet none of that reaches this file. The dashboard writes it while the ETL writes a
version and while several web workers serve; DuckDB allows one writer per file and the versions
are read-only to the dashboard, so labels live in SQLite (the standard library's), in WAL mode:
many processes write one row at a time, each write is a transaction, and readers never block.

Each label is a row: comment, task, value, who gave it and when. Nothing is updated or deleted:
a new label for the same comment and task supersedes the older one (`read` gives the newest), so
the history of a disagreement between editors stays.
"""

import contextlib
import csv
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from etl import DiskursError
from etl.store.versions import connect_readonly

FILE = "labels.sqlite"
TASKS = {
    "sentiment": ("negative", "neutral", "positive"),
    "stance": ("agree", "disagree", "neutral"),
    # An editor's word on a flag of the moderation or feedback signal (the Moderation page).
    "moderation": ("confirm", "dismiss"),
    "feedback": ("confirm", "dismiss"),
}
COLUMNS = ["comment_id", "task", "label", "annotator", "labelled_at"]
BUSY_TIMEOUT_S = 30  # how long a write waits for another writer (they take milliseconds)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS labels (
    id INTEGER PRIMARY KEY,
    comment_id TEXT NOT NULL,
    task TEXT NOT NULL,
    label TEXT NOT NULL,
    annotator TEXT NOT NULL,
    labelled_at TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS labels_by_comment ON labels (comment_id, task, id);
"""


class LabelError(DiskursError):
    """A label cannot be taken as given."""


def check(task: str, label: str) -> str | None:
    """Why (`task`, `label`) is not a label, or None when it is one."""
    if task not in TASKS:
        return f"unknown task {task!r}: use {' or '.join(TASKS)}"
    if label not in TASKS[task]:
        return f"unknown {task} label {label!r}: use {', '.join(TASKS[task])}"
    return None


def add(store_dir: Path | str, rows: Iterable[tuple[str, str, str]], annotator: str, origin: str = "dashboard") -> int:
    """Store labels (`comment_id, task, label` triples) given by `annotator`, in one transaction;
    the number stored. LabelError (nothing stored) for a bad task, value or annotator."""
    return _store(store_dir, [(c, t, v, annotator) for c, t, v in rows], origin)


def _store(store_dir, rows, origin):
    """Insert (comment_id, task, label, annotator) rows in one transaction, after checking all."""
    rows = [(str(c), str(t), str(v), (a or "").strip()) for c, t, v, a in rows]
    for _, task, label, annotator in rows:
        if problem := check(task, label):
            raise LabelError(problem)
        if not annotator:
            raise LabelError("a label needs the name of who gave it")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    with _connect(store_dir) as con, con:
        con.executemany(
            "INSERT INTO labels (comment_id, task, label, annotator, labelled_at, origin) VALUES (?, ?, ?, ?, ?, ?)",
            [(*row, now, origin) for row in rows],
        )
    return len(rows)


def read(store_dir: Path | str, task: str | None = None, comment_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The newest label of each (comment, task): COLUMNS, oldest first; optionally of one task or
    some comments only. An empty frame when no label was ever given."""
    path = Path(store_dir) / FILE
    if not path.exists():
        return _frame([])
    where, params = [], []
    if task is not None:
        where.append("task = ?")
        params.append(task)
    ids = None if comment_ids is None else [str(c) for c in comment_ids]
    sql = (
        "SELECT comment_id, task, label, annotator, labelled_at FROM labels WHERE id IN "
        "(SELECT max(id) FROM labels GROUP BY comment_id, task)" + "".join(f" AND {w}" for w in where) + " ORDER BY id"
    )
    with _connect(store_dir) as con:
        rows = con.execute(sql, params).fetchall()
    frame = _frame(rows)
    return frame[frame["comment_id"].isin(ids)].reset_index(drop=True) if ids is not None else frame


def editor_columns(store_dir: Path | str, comment_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row a labelled comment: `comment_id, sentiment_editor, stance_editor` (the newest label
    of each task; NA where none was given)."""
    found = read(store_dir, comment_ids=comment_ids)
    wide = found.pivot(index="comment_id", columns="task", values="label") if len(found) else pd.DataFrame()
    return pd.DataFrame(
        {
            "comment_id": pd.Series(wide.index, dtype="string"),
            **{
                f"{task}_editor": pd.Series(
                    wide[task].to_numpy() if task in wide else pd.NA, index=range(len(wide)), dtype="string"
                )
                for task in ("sentiment", "stance")
            },
        }
    )


def import_csv(store_dir: Path | str, path: Path | str, known_ids: set[str]) -> tuple[int, list[str]]:
    """Labels from a CSV (`comment_id, task, label`, optional `annotator`): (number stored, a
    line of reason for each row refused: an unknown comment id, task or value, or no annotator).
    The rows that pass are stored in one transaction; those refused are not."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in ("comment_id", "task", "label") if name not in (reader.fieldnames or [])]
            if missing:
                raise LabelError(f"{path}: no column {', '.join(missing)} (need comment_id, task, label)")
            good, refused = [], []
            for row in reader:
                where = f"line {reader.line_num}"
                comment_id, task = (row.get("comment_id") or "").strip(), (row.get("task") or "").strip()
                label = (row.get("label") or "").strip().lower()
                annotator = (row.get("annotator") or "").strip() or "import"
                if comment_id not in known_ids:
                    refused.append(f"{where}: unknown comment_id {comment_id!r}")
                elif problem := check(task, label):
                    refused.append(f"{where}: {problem}")
                else:
                    good.append((comment_id, task, label, annotator))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LabelError(f"cannot read {path}: {error}") from None
    return _store(store_dir, good, origin=f"import {Path(path).name}"), refused


def training_frame(store_dir: Path | str, task: str) -> pd.DataFrame:
    """The store's labelled comments of `task` as a data set (etl.quality.datasets' shape):
    `comment_id, article_id, text, label`, plus `parent` (the parent's text) for stance, from the
    newest label of each comment and the current version's texts. Labels of comments the store no
    longer holds, and stance labels of comments without a parent, are left out."""
    found = read(store_dir, task)[["comment_id", "label"]]
    columns = ["comment_id", "article_id", "text", "label"] + (["parent"] if task == "stance" else [])
    frame = pd.DataFrame(columns=columns, dtype="string")
    if len(found):
        with connect_readonly(store_dir) as con:
            con.register("wanted", found)
            frame = con.execute(
                "SELECT w.comment_id, c.article_id, c.text, w.label, p.text AS parent FROM wanted w "
                "JOIN comments c USING (comment_id) LEFT JOIN comments p ON p.comment_id = c.parent_id "
                "ORDER BY c.article_id, c.comment_id"
            ).df()
        frame = frame[frame["parent"].notna()] if task == "stance" else frame
        frame = frame[columns].astype("string").reset_index(drop=True)
    frame.attrs.update(format="store", task="reply" if task == "stance" else "sentiment", path=str(store_dir))
    return frame


def _frame(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype="string")
    return frame.assign(labelled_at=pd.to_datetime(frame["labelled_at"], utc=True, format="ISO8601"))


@contextlib.contextmanager
def _connect(store_dir) -> Iterator[sqlite3.Connection]:
    """A short-lived connection to the labels file, made (with its table) on first use."""
    path = Path(store_dir) / FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    except (OSError, sqlite3.Error) as error:
        raise LabelError(f"cannot open the labels of {store_dir}: {error}") from None
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")  # a label the editor saw saved survives a power cut
        con.executescript(_SCHEMA)
        yield con
    except sqlite3.Error as error:
        raise LabelError(f"labels of {store_dir}: {error}") from None
    finally:
        con.close()
