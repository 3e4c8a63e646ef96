import pandas as pd

from etl import normalize
from etl.normalize import RejectRows, is_note
from etl.schema import REJECT_COLUMNS, reject


def _frame(first, n, reason="empty text"):
    return pd.DataFrame([reject("in.csv", f"line {i}", reason, f"text {i}") for i in range(first, first + n)])


def test_rows_beyond_the_budget_are_pickled_and_given_back_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(normalize, "KEPT_REJECTS", 10)
    rows = RejectRows(tmp_path)
    for first, n, reason in [(0, 4, "empty text"), (4, 7, "kept without created_at"), (11, 3, "empty text")]:
        rows.add(_frame(first, n, reason))
    rows.add(_frame(99, 0))  # nothing to add
    assert [p.name for p in sorted(tmp_path.iterdir())] == [f"rejects-{rows._name}-0.pickle"]
    frames = list(rows.frames())
    assert [len(f) for f in frames] == [11, 3]
    together = pd.concat(frames, ignore_index=True)
    assert together["location"].tolist() == [f"line {i}" for i in range(14)]
    assert (rows.n_rows, rows.n_notes) == (14, 7)
    assert rows.first_refused()["location"] == "line 0"


def test_taking_another_appends_its_rows_without_reading_its_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(normalize, "KEPT_REJECTS", 5)
    notes, rows = RejectRows(tmp_path), RejectRows(tmp_path)
    notes.add(_frame(10, 6, "kept without created_at"))  # pickled
    notes.add(_frame(16, 2, "kept without created_at"))  # held
    rows.add(_frame(0, 3))  # held, pickled when the notes are taken
    rows.take(notes)
    rows.add(_frame(18, 1))
    together = pd.concat(list(rows.frames()), ignore_index=True)
    assert together["location"].tolist() == [f"line {i}" for i in range(3)] + [f"line {i}" for i in range(10, 19)]
    assert is_note(together).tolist() == [False] * 3 + [True] * 8 + [False]
    assert (rows.n_rows, rows.n_notes) == (12, 8)
    assert (notes.n_rows, list(notes.frames())) == (0, [])


def test_only_notes_leave_nothing_refused(tmp_path):
    rows = RejectRows(tmp_path)
    rows.add(_frame(0, 2, "kept without created_at"))
    assert rows.first_refused() is None


def test_taking_rows_that_were_never_pickled_writes_no_file(tmp_path):
    rows, more = RejectRows(tmp_path), RejectRows(tmp_path)
    rows.add(_frame(0, 2))
    more.add(_frame(2, 2, "kept without created_at"))
    rows.take(more)
    assert list(tmp_path.iterdir()) == []
    assert rows.frame()["location"].tolist() == [f"line {i}" for i in range(4)]
    assert (rows.n_rows, rows.n_notes) == (4, 2)


def test_without_a_folder_every_row_is_held(monkeypatch):
    monkeypatch.setattr(normalize, "KEPT_REJECTS", 2)
    rows = RejectRows()
    for first in range(0, 6, 2):
        rows.add(_frame(first, 2))
    assert [len(frame) for frame in rows.frames()] == [6]
    assert RejectRows().frame().columns.tolist() == list(REJECT_COLUMNS)
