"""Topic suggestions: terms and noun phrases that mark an article, a week or the chosen comments."""

import pandas as pd
import pytest

from etl.topics import load_topics
from etl.topics.suggest import SUGGESTION_COLUMNS, suggest_topics

ARTICLES = pd.DataFrame(
    {
        "article_id": ["a1", "a2"],
        "title": ["Wärmepumpen im Test", "Der Streit um das Tempolimit"],
        "body": ["", ""],
        "published_at": ["2025-05-19T08:00:00Z", "2025-05-27T08:00:00Z"],
    }
)
COMMENTS = pd.DataFrame(
    {
        "comment_id": ["c1", "c2", "c3", "c4", "c5"],
        "article_id": ["a1", "a1", "a1", "a2", "a2"],
        "created_at": [
            "2025-05-19T09:00:00Z",
            "2025-05-19T10:00:00Z",
            "2025-05-20T10:00:00Z",
            "2025-05-27T09:00:00Z",
            "2025-05-28T09:00:00Z",
        ],
        "text": [
            "Die Wärmepumpe spart Geld. Irgendwann lohnt sich die Wärmepumpe auch im Altbau.",
            "Ohne gute Dämmung bringt die Wärmepumpe wenig, der Altbau braucht erst eine neue Dämmung.",
            "Bei der Wärmepumpen-Förderung blickt keiner durch. Die staatliche Förderung ist ein Chaos.",
            "Ein Tempolimit auf der Autobahn rettet Leben. Der Deutsche Verkehrsgerichtstag sagt das auch.",
            "Das Tempolimit kommt nie, solange der Deutsche Verkehrsgerichtstag nur redet.",
        ],
    }
)


def suggest(**options):
    options.setdefault("top", 20)
    return suggest_topics(ARTICLES, COMMENTS, **options)


def terms(frame, scope):
    return frame.loc[frame["scope"] == scope].set_index("term")


def test_frequent_nouns_per_article_with_counts_and_comment_counts():
    first = terms(suggest(), "a1")
    assert first.loc["Wärmepumpe", "count"] == 4  # "Wärmepumpen" in the title merges in
    assert first.loc["Wärmepumpe", "n_comments"] == 2
    assert first.loc["Altbau", "count"] == 2
    assert first.loc["Altbau", "n_comments"] == 2
    assert list(suggest().columns) == list(SUGGESTION_COLUMNS)


def test_stop_words_and_sentence_openers_are_not_terms():
    found = set(suggest()["term"])
    assert not found & {"Die", "Der", "Das", "Irgendwann", "Ohne", "Bei", "Ein"}


def test_inflected_forms_merge_into_their_base():
    first = terms(suggest(), "a1")
    assert "Wärmepumpen" not in first.index and "Wärmepumpe" in first.index


def test_compounds_phrases_and_names_are_terms_of_their_own():
    suggestions = suggest(min_count=1)
    kinds = dict(zip(suggestions["term"], suggestions["kind"]))
    assert kinds["Wärmepumpen-Förderung"] == "compound"
    assert kinds["staatliche Förderung"] == "phrase"
    assert kinds["Deutsche Verkehrsgerichtstag"] == "name"


def test_judging_adjectives_make_no_phrase():
    assert "gute Dämmung" not in set(suggest(min_count=1)["term"])


def test_rare_terms_are_left_out_and_top_limits_each_scope():
    assert "Chaos" not in set(suggest()["term"])
    assert "Chaos" in set(suggest(min_count=1)["term"])
    # Twice in one comment is one text: below min_count 2.
    assert "Dämmung" not in set(suggest()["term"])
    assert terms(suggest(min_count=1), "a1").loc["Dämmung", "count"] == 2
    limited = suggest(top=2)
    assert limited.groupby("scope").size().max() == 2
    assert terms(limited, "a1").index[0] == "Wärmepumpe"


def test_terms_the_topics_file_covers_are_dropped_or_marked(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text('[topics."Verkehr"]\nkeywords = ["Tempolimit", "Autobahn*"]\n', encoding="utf-8")
    topics = load_topics(path)
    assert "Tempolimit" not in set(suggest(topics=topics)["term"])
    kept = terms(suggest(topics=topics, keep_covered=True), "a2")
    assert kept.loc["Tempolimit", "covered_by"] == "Verkehr"
    assert kept.loc["Verkehrsgerichtstag", "covered_by"] == ""


def test_suggestions_per_iso_week():
    by_week = suggest(by="week")
    assert set(by_week["scope"]) == {"2025-W21", "2025-W22"}
    assert terms(by_week, "2025-W22").loc["Tempolimit", "count"] == 3


def test_suggestions_over_everything():
    overall = suggest(by="all")
    assert set(overall["scope"]) == {"all"}


def test_example_is_a_snippet_of_a_comment_with_the_term():
    example = terms(suggest(), "a2").loc["Tempolimit", "example"]
    assert "Tempolimit" in example and example in " ".join(COMMENTS["text"]) + "…"


def test_no_comments_gives_an_empty_table():
    empty = suggest_topics(None, COMMENTS.iloc[0:0])
    assert empty.empty and list(empty.columns) == list(SUGGESTION_COLUMNS)


def test_unknown_scope_is_an_error():
    with pytest.raises(ValueError, match="by must be one of"):
        suggest(by="month")


def test_inputs_stay_unchanged():
    before = COMMENTS.copy()
    suggest(by="week")
    pd.testing.assert_frame_equal(COMMENTS, before)
