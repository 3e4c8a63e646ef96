import pandas as pd

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
    assert rejects["location"].tolist() == ["comment_id 2"]
