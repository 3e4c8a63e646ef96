import pandas as pd

from etl import normalize as normalize_module
from etl import schema
from etl.normalize import Normalizer, normalize
from etl.schema import REJECT_COLUMNS
from etl.sources import Batch


def batch(comment_rows):
    comments = pd.DataFrame(comment_rows, columns=["comment_id", "article_id", "created_at", "text", "source"])
    return Batch(
        schema.empty(schema.RAW_ARTICLES), comments.assign(seq=range(len(comments))), schema.empty(REJECT_COLUMNS)
    )


def test_normalize_parses_times_to_utc():
    _, comments, _ = normalize(batch([("1", "a", "2025-05-19T12:00:00+02:00", "x", "f.csv")]))
    assert comments["created_at"].iloc[0] == pd.Timestamp("2025-05-19T10:00:00Z")


def test_normalize_keeps_a_comment_with_an_unparseable_date_and_says_so():
    _, comments, rejects = normalize(batch([("1", "a", "gestern abend", "x", "f.csv")]))
    assert len(comments) == 1 and pd.isna(comments["created_at"].iloc[0])
    assert "unparseable date" in rejects["reason"].iloc[0]


def test_normalize_rejects_the_second_comment_with_the_same_id():
    _, comments, rejects = normalize(batch([("1", "a", None, "erst", "f.csv"), ("1", "a", None, "zweit", "g.csv")]))
    assert comments["text"].tolist() == ["erst"]
    assert rejects["input"].tolist() == ["g.csv"]
    assert "duplicate" in rejects["reason"].iloc[0]


def test_normalizer_rejects_an_id_given_in_an_earlier_batch_and_keeps_new_ones():
    normalizer = Normalizer()
    first = normalizer.comments(batch([("1", "a", None, "erst", "f.csv"), ("2", "a", None, "x", "f.csv")]))
    second = normalizer.comments(batch([("2", "a", None, "wieder", "g.csv"), ("3", "a", None, "neu", "g.csv")]))
    _, rejects = normalizer.finish()
    assert first["comment_id"].tolist() == ["1", "2"]
    assert second["comment_id"].tolist() == ["3"]
    assert rejects.frame()["location"].tolist() == ["comment_id 2"]


def test_a_normalizer_on_a_folder_pickles_its_rejects_as_it_goes_and_gives_them_in_normalize_order(
    tmp_path, monkeypatch
):
    # A file whose every date is unreadable has a reject a comment: they must not all wait in memory.
    monkeypatch.setattr(normalize_module, "KEPT_REJECTS", 3)
    rows = [(str(i), "a", "gestern", f"text {i}", "f.csv") for i in range(8)] + [("3", "a", None, "again", "g.csv")]
    blocks = [rows[:4], rows[4:8], rows[8:]]
    normalizer = Normalizer(tmp_path)
    for block in blocks:
        normalizer.comments(batch(block))
    assert any(tmp_path.iterdir())  # pickled while reading, before finish
    _, rejects = normalizer.finish()
    _, _, whole = normalize(batch(rows))
    pd.testing.assert_frame_equal(rejects.frame(), whole)
    assert (rejects.n_rows, rejects.n_notes) == (9, 8)
    assert whole["location"].tolist()[-1] == "comment_id 3"
