"""Flags and reject notes for comments that are kept but not quite right."""

import pandas as pd
import pytest

from etl import checks, schema

NOW = pd.Timestamp("2025-06-01T12:00:00Z")


def comments(**columns):
    base = {
        "comment_id": ["c1"],
        "source": ["in.csv"],
        "text": ["Das ist eine gute Nachricht für uns alle."],
        "created_at": [pd.Timestamp("2025-05-01T08:00:00Z")],
    }
    frame = pd.DataFrame({**base, **columns})
    return frame.assign(
        created_at=pd.to_datetime(frame["created_at"], utc=True).astype("datetime64[us, UTC]"),
        text=frame["text"].astype("string"),
    )


def test_a_plain_german_comment_gets_no_flag_and_no_note():
    flagged, notes = checks.flag_comments(comments(), NOW)
    assert flagged["flags"].isna().all()
    assert flagged["language"].tolist() == ["de"]
    assert notes.empty and list(notes.columns) == [c for c in schema.REJECTS if c != "run_id"]


def test_empty_text_is_flagged_and_noted():
    flagged, notes = checks.flag_comments(comments(text=["  "]), NOW)
    assert flagged["flags"].tolist() == ["empty-text"]
    assert notes[["input", "location"]].iloc[0].tolist() == ["in.csv", "comment_id c1"]
    assert "empty text" in notes["reason"].iloc[0]


def test_long_text_is_kept_whole_flagged_and_noted():
    text = "Wort " * (checks.MAX_SCORED_CHARS // 5 + 10)
    flagged, notes = checks.flag_comments(comments(text=[text]), NOW)
    assert flagged["text"].iloc[0] == text
    assert flagged["flags"].tolist() == ["long-text"]
    assert f"{len(text)} characters" in notes["reason"].iloc[0]


def test_future_date_is_cleared_flagged_and_noted_with_the_date():
    flagged, notes = checks.flag_comments(comments(created_at=["2030-01-01T00:00:00Z"]), NOW)
    assert flagged["created_at"].isna().all()
    assert flagged["flags"].tolist() == ["future-date"]
    assert notes["excerpt"].tolist() == ["2030-01-01T00:00:00Z"]
    assert "future" in notes["reason"].iloc[0]


def test_a_date_within_a_day_of_now_is_not_future():
    flagged, notes = checks.flag_comments(comments(created_at=["2025-06-02T08:00:00Z"]), NOW)
    assert flagged["created_at"].notna().all() and notes.empty


def test_naive_now_is_taken_as_utc():
    flagged, _ = checks.flag_comments(comments(created_at=["2025-06-03T00:00:00Z"]), pd.Timestamp("2025-06-01"))
    assert flagged["flags"].tolist() == ["future-date"]


def test_non_german_comment_is_flagged_with_its_language():
    text = "I think this is a really bad idea and the city should stop it."
    flagged, notes = checks.flag_comments(comments(text=[text]), NOW)
    assert flagged["language"].tolist() == ["en"]
    assert flagged["flags"].tolist() == ["non-german:en"]
    assert "en" in notes["reason"].iloc[0]


def test_language_is_detected_without_the_quoted_part():
    text = "> I think this is a really bad idea and the city should stop it.\n\nDas ist doch nicht wahr, oder?"
    flagged, _ = checks.flag_comments(comments(text=[text]), NOW)
    assert flagged["language"].tolist() == ["de"]


def test_known_language_is_kept_and_own_flags_are_recomputed_but_others_kept():
    flagged, _ = checks.flag_comments(comments(language=["fr"], flags=["spam;future-date;non-german:it"]), NOW)
    assert flagged["language"].tolist() == ["fr"]
    assert flagged["flags"].tolist() == ["spam;non-german:fr"]


def test_flag_comments_is_idempotent():
    once, _ = checks.flag_comments(comments(text=[""], created_at=["2030-01-01"]), NOW)
    twice, notes = checks.flag_comments(once, NOW)
    assert twice["flags"].tolist() == once["flags"].tolist() == ["empty-text;future-date"]
    assert notes["reason"].str.contains("empty text").tolist() == [True]


def test_flag_comments_does_not_change_its_argument():
    frame = comments(created_at=["2030-01-01"])
    checks.flag_comments(frame, NOW)
    assert frame["created_at"].notna().all() and "flags" not in frame


@pytest.mark.parametrize(
    "note, flag",
    [
        ("kept as top level: parent x not found", "parent-missing"),
        ("kept as top level: parent x is in another article", "parent-elsewhere"),
        ("kept as top level: reply cycle through parent c2", "reply-cycle"),
        (None, None),
    ],
)
def test_flag_threads_turns_thread_notes_into_flags(note, flag):
    frame = comments(thread_note=pd.Series([note], dtype="string"), flags=["parent-missing"])
    assert checks.flag_threads(frame)["flags"].tolist() == [flag if flag else pd.NA]


def test_to_score_skips_empty_and_non_german_rows():
    frame = pd.DataFrame({"text": ["gut", "", "good", "gut", None], "language": ["de", "de", "en", "und", "de"]})
    assert checks.to_score(frame).tolist() == [True, False, False, True, False]


def test_scoring_texts_cut_long_texts_at_a_space():
    texts = pd.Series(["kurz", "wort " * 30_000], dtype="string")
    cut = checks.scoring_texts(texts)
    assert cut.iloc[0] == "kurz"
    assert len(cut.iloc[1]) <= checks.MAX_SCORED_CHARS and cut.iloc[1].endswith("wort")


def test_texts_to_score_are_own_words_and_na_where_nothing_should_be_scored():
    frame = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3", "c4", "c5"],
            "parent_id": [None, "c1", "c1", None, None],
            "author": ["Anna", "Ben", "Cem", "Dora", "Emil"],
            "text": [
                "Das ist ein Skandal.",
                "> Das ist ein Skandal.\n\nFinde ich nicht.",
                "> nur zitiert",
                "This is not what I wanted at all.",
                "",
            ],
            "language": ["de", "de", "de", "en", "und"],
        }
    )
    texts = checks.texts_to_score(frame)
    assert texts.iloc[:2].tolist() == ["Das ist ein Skandal.", "Finde ich nicht."]
    assert texts.iloc[2:].isna().all()


def test_texts_to_score_reads_a_precomputed_own_text_column():
    from etl.checks import texts_to_score
    from etl.text.quotes import own_texts

    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3"],
            "parent_id": [None, "c1", "c1"],
            "author": ["Anna", "Ben", "Cem"],
            "text": ["Das ist ein Skandal, Europa schläft.", "„Das ist ein Skandal, Europa schläft.“ Nein.", "> x"],
        }
    ).astype("string")
    expected = texts_to_score(comments)
    pd.testing.assert_series_equal(texts_to_score(comments.assign(own_text=own_texts(comments))), expected)
