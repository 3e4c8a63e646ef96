"""A run streams its input: readers hand it over in blocks, each normalised and spilled at once.
What a run stores must not depend on the block size: threads, duplicate ids, rejects, notes and
counts across block boundaries come out as when the input is read in one piece."""

import csv

import pandas as pd
import pytest

from etl import config, normalize, pipeline, store, transform
from etl.sources import concat, read_blocks, tabular

COLUMNS = ["comment_id", "parent_id", "article_id", "article_title", "article_url", "created_at", "text"]
TEXTS = [
    "Das ist eine wirklich gute Entscheidung der Regierung.",
    "Ich finde das schlecht und völlig falsch.",
    "Stimmt, da hast du recht.",
    "Nein, das sehe ich ganz anders.",
]


def _rows():
    """Six articles of twelve comments, replies to the comment before; then the oddities."""
    rows = []
    for article in range(6):
        for n in range(12):
            number = article * 12 + n
            rows.append(
                {
                    "comment_id": f"c{number}",
                    "parent_id": f"c{number - 1}" if n % 3 else "",
                    "article_id": f"a{article}",
                    "article_title": f"Artikel {article}",
                    "article_url": f"https://example.org/{article}",
                    "created_at": f"2024-03-{article + 1:02d}T10:{n:02d}:00Z",
                    "text": f"{TEXTS[number % 4]} (Nummer {number})",
                }
            )
    rows[20] = {**rows[20], "comment_id": "c3"}  # a duplicate of a comment some blocks earlier
    rows[40] = {**rows[40], "text": ""}  # a row the reader rejects
    rows[50] = {**rows[50], "created_at": "gestern"}  # kept without its date, with a note
    rows[60] = {**rows[60], "text": "<p>Gut f\u00c3\u00bcr alle</p>"}  # markup and mojibake
    # The same article, later, with another title and a url that is no link: the first title wins.
    rows.append({**rows[0], "comment_id": "late", "parent_id": "c70", "article_title": "Anders"})
    rows[-1]["article_id"], rows[-1]["article_url"] = "a5", "javascript:alert(1)"
    return rows


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    _write(folder / "a.csv", _rows())
    # Another file: a copy of c5 (a duplicate across files) and a reply to a comment of a.csv.
    _write(
        folder / "b.csv",
        [
            {**_rows()[5], "text": "Eine Kopie mit anderem Text."},
            {**_rows()[0], "comment_id": "b1", "parent_id": "c30", "article_id": "a2"},
        ],
    )
    return folder


def _stored(store_dir):
    """Every table a run writes, without the columns that name the run or its time."""
    tables = {}
    with store.connect_readonly(store_dir) as con:
        for name in ("comments", "articles", "target_stances", "rejects"):
            frame = con.execute(f"SELECT * FROM {name}").df()
            tables[name] = frame.drop(columns=[c for c in frame if c in ("run_id", "rowid") or c.endswith("_at")])
    return tables


def _run(tmp_path, monkeypatch, inputs, block, name):
    monkeypatch.setattr(pipeline, "BLOCK_COMMENTS", block)
    settings = config.Settings(store_dir=tmp_path / name)
    return pipeline.run([inputs], settings), settings.store_dir


def test_a_run_read_in_blocks_of_seven_stores_what_one_block_stores(tmp_path, monkeypatch, inputs):
    whole, whole_dir = _run(tmp_path, monkeypatch, inputs, 10**9, "whole")
    blocks, blocks_dir = _run(tmp_path, monkeypatch, inputs, 7, "blocks")
    assert {**whole.__dict__, "run_id": ""} == {**blocks.__dict__, "run_id": ""}
    # 76 read: the copy of c3, the empty text and the copy of c5 rejected, c21 cut from its (lost) parent
    assert (whole.n_read, whole.n_loaded, whole.n_rejected, whole.n_noted) == (76, 72, 4, 2)
    stored_whole, stored_blocks = _stored(whole_dir), _stored(blocks_dir)
    for name, frame in stored_whole.items():
        pd.testing.assert_frame_equal(frame, stored_blocks[name], obj=name)


def test_duplicates_and_threads_are_found_across_blocks_and_files(tmp_path, monkeypatch, inputs):
    _, store_dir = _run(tmp_path, monkeypatch, inputs, 7, "blocks")
    tables = _stored(store_dir)
    reasons = dict(zip(tables["rejects"]["location"], tables["rejects"]["reason"]))
    assert reasons["line 22"] == "duplicate comment_id c3 (first on line 5)"
    assert reasons["comment_id c5"] == "duplicate comment_id in this run: the first occurrence was kept"
    assert reasons["line 42"] == "empty text"
    assert reasons["comment_id c50"].startswith("kept without created_at")
    comments = tables["comments"].set_index("comment_id")
    assert comments.loc["c3", "text"].endswith("(Nummer 3)") and "Kopie" not in comments.loc["c5", "text"]
    assert comments.loc["c60", "text"] == "Gut für alle"
    # Replies find their parents whatever block or file they came in.
    assert comments.loc["late", "root_id"] == "c69" and comments.loc["late", "depth"] == 2
    assert comments.loc["b1", "root_id"] == "c30" and comments.loc["b1", "depth"] == 1
    articles = tables["articles"].set_index("article_id")
    assert articles.loc["a5", "title"] == "Artikel 5" and articles.loc["a5", "n_comments"] == 13


def test_the_csv_reader_hands_over_blocks_that_make_its_whole_batch(tmp_path):
    path = _write(tmp_path / "a.csv", _rows())
    blocks = list(read_blocks(path, block_rows=5))
    assert len(blocks) == 16 and all(len(b.comments) <= 5 for b in blocks)
    assert sum(len(b.articles) for b in blocks[:-1]) == 0 and len(blocks[-1].articles) == 6
    whole = tabular.read_csv(path)
    joined = concat(blocks)
    for name in ("articles", "comments", "rejects"):
        pd.testing.assert_frame_equal(getattr(joined, name), getattr(whole, name), obj=name)
    assert joined.comments["seq"].tolist() == list(range(len(joined.comments)))


def _spills(store_dir):
    return list(store_dir.glob(pipeline.SPILL_PREFIX + "*"))


def test_the_spill_is_deleted_after_a_run_after_a_failed_one_and_after_a_killed_one(tmp_path, monkeypatch, inputs):
    _, store_dir = _run(tmp_path, monkeypatch, inputs, 7, "store")
    assert store_dir.is_dir() and _spills(store_dir) == []

    def broken(*args, **kwargs):
        raise RuntimeError("the transform broke")

    with monkeypatch.context() as patched:
        patched.setattr(transform, "transform", broken)  # in the chunk workers too: they are forked
        with pytest.raises(RuntimeError, match="transform broke"):
            _run(tmp_path, monkeypatch, inputs, 7, "store")
    assert _spills(store_dir) == []

    left = store_dir / f"{pipeline.SPILL_PREFIX}killed"  # what a run killed with -9 leaves
    left.mkdir()
    (left / "block-0.pickle").write_bytes(b"x" * 1000)
    _run(tmp_path, monkeypatch, inputs, 7, "store")
    assert _spills(store_dir) == []


def test_reject_rows_pickled_one_frame_at_a_time_are_stored_as_when_held(tmp_path, monkeypatch, inputs):
    whole, whole_dir = _run(tmp_path, monkeypatch, inputs, 7, "held")
    monkeypatch.setattr(normalize, "KEPT_REJECTS", 1)  # every frame of rejects goes to the spill folder
    spilled, spilled_dir = _run(tmp_path, monkeypatch, inputs, 7, "pickled")
    assert {**whole.__dict__, "run_id": ""} == {**spilled.__dict__, "run_id": ""}
    assert (spilled.n_rejected, spilled.n_noted) == (4, 2)
    held, pickled = _stored(whole_dir)["rejects"], _stored(spilled_dir)["rejects"]
    pd.testing.assert_frame_equal(held, pickled)
