"""Memory bombs (issue 10): a compressed line of gigabytes, a header of millions of columns,
millions of copies of one row. What passes a cap (etl/sources/_limits.py, docs/limits.md) is a
reject with a reason; the valid rows of the same file load. The bombs are built here, smaller
than in the issue where a cap can be lowered; the real sizes were measured by hand (docs/limits.md).
"""

import gzip
import lzma

import pytest

from etl.sources import _limits, omp, read_file

HEADER = "ID_Post,ID_Parent_Post,ID_Article,ID_User,CreatedAt,Status,Headline,Body,PositiveVotes,NegativeVotes\n"
FIRST = "1,,10,5,2015-06-01 10:00:00,online,Titel,Erster Text,0,0\n"
SECOND = "2,1,10,6,2015-06-01 11:00:00,online,,Zweiter Text,1,0\n"
CHUNK = "a" * (1 << 20)


def write_xz(path, *parts):
    """Parts are text, or an int: that many MiB of "a" on one line, written a chunk at a time."""
    with lzma.open(path, "wt", encoding="utf-8", preset=1) as handle:
        for part in parts:
            for _ in range(part) if isinstance(part, int) else ():
                handle.write(CHUNK)
            handle.write(part if isinstance(part, str) else "")
    return path


def test_a_compressed_line_over_the_cap_is_one_reject_and_the_other_rows_load(tmp_path):
    mebibytes = _limits.MAX_LINE // (1 << 20) + 2
    path = write_xz(tmp_path / "posts.csv.xz", HEADER + FIRST, mebibytes, "\n" + SECOND)
    batch = read_file(path)
    assert batch.comments["comment_id"].tolist() == ["omp:1", "omp:2"]
    assert batch.rejects[["location", "reason"]].values.tolist() == [
        ["line 3", f"line of {(mebibytes << 20) + 1:,} characters, more than the cap of {_limits.MAX_LINE:,}: not read"]
    ]


def test_reading_stops_at_the_decompressed_cap_and_keeps_the_rows_before(tmp_path, monkeypatch):
    monkeypatch.setattr(_limits, "MAX_DECOMPRESSED", 10 * len(HEADER))
    rows = "".join(f"{n},,10,5,2015-06-01 10:00:00,online,,Text {n},0,0\n" for n in range(1, 1001))
    batch = read_file(write_xz(tmp_path / "posts.csv.xz", HEADER + rows))
    assert 5 < len(batch.comments) < 20
    assert batch.comments["comment_id"].iloc[0] == "omp:1"
    reason = batch.rejects["reason"].iloc[-1]
    assert reason == f"more than {10 * len(HEADER):,} characters decompressed: the rest of the file was not read"


def test_millions_of_copies_of_a_row_load_it_once_and_are_counted_not_listed(tmp_path):
    copies = _limits.MAX_LISTED_REJECTS * 3
    path = tmp_path / "posts.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(HEADER + SECOND + FIRST * (copies + 1))
    batch = read_file(path)
    assert batch.comments["comment_id"].tolist() == ["omp:2", "omp:1"]
    assert len(batch.rejects) == _limits.MAX_LISTED_REJECTS + 1
    counted, first = batch.rejects.iloc[0], batch.rejects.iloc[1]  # located at "file", sorted first
    assert (
        counted["reason"]
        == f"{2 * _limits.MAX_LISTED_REJECTS:,} more exact copies of earlier rows rejected, not listed"
    )
    assert (first["location"], first["reason"]) == ("line 4", "duplicate ID_Post 1 (first on line 3)")


@pytest.mark.parametrize("columns", [5_000, 2_000_000])  # a wide header; one over the line cap too
def test_a_header_of_too_many_columns_is_cut_and_the_rows_load(tmp_path, columns):
    path = tmp_path / "wide.csv"
    extra = "".join(f",x{n}" for n in range(columns))
    path.write_text(f"comment_id,article_id,text{extra}\nw1,a1,Erster Text\nw2,a1,Zweiter Text\n", encoding="utf-8")
    batch = read_file(path)
    assert batch.comments["comment_id"].tolist() == ["w1", "w2"]
    at_line_1 = batch.rejects.loc[batch.rejects["location"] == "line 1", "reason"].tolist()
    cut = f"more than the cap of {_limits.MAX_COLUMNS:,}: the first {_limits.MAX_COLUMNS:,} are read"
    assert any(reason.endswith(cut) for reason in at_line_1)
    header_cut = len(extra) > _limits.MAX_LINE  # then only the line's start was counted
    assert any("header line of" in reason for reason in at_line_1) == header_cut
    assert any("header has at least" in reason for reason in at_line_1) == header_cut


def test_a_plain_csv_line_over_the_cap_is_one_reject_and_the_other_rows_load(tmp_path):
    path = tmp_path / "comments.csv"
    long_line = "l2,a1," + "x" * (_limits.MAX_LINE + 10) + "\n"
    path.write_text("comment_id,article_id,text\nl1,a1,Kurz\n" + long_line + "l3,a1,Auch kurz\n", encoding="utf-8")
    batch = read_file(path)
    assert batch.comments["comment_id"].tolist() == ["l1", "l3"]
    assert batch.rejects["location"].tolist() == ["line 3"]
    assert batch.rejects["reason"].iloc[0].endswith(f"more than the cap of {_limits.MAX_LINE:,}: not read")


def test_rows_under_a_header_cut_to_the_column_cap_still_load(tmp_path):
    wide = HEADER.rstrip("\n") + "," + ",".join(f"x{i}" for i in range(_limits.MAX_COLUMNS + 500)) + "\n"
    path = tmp_path / "posts.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(wide + FIRST + SECOND)
    batch = read_file(path)
    assert batch.comments["comment_id"].tolist() == ["omp:1", "omp:2"]
    assert [text.rsplit("\n", 1)[-1] for text in batch.comments["text"]] == ["Erster Text", "Zweiter Text"]


def test_a_compressed_file_of_another_kind_is_refused_at_its_header_not_read_to_the_end(tmp_path):
    path = tmp_path / "other.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("comment_id,text\n" + "c1,Text\n" * 100_000)
    with omp._open_text(path) as handle:
        header, rows, _, _ = omp._csv_rows(handle, str(path))
        assert header == ["comment_id", "text"] and rows == []  # not one row kept in memory
        assert handle.tell() < 100_000  # the stream was left after its first block
    assert read_file(path).rejects["reason"].tolist() == [
        "not a One Million Posts CSV (the only kind read compressed): no column ID_Post, ID_Article"
    ]
