"""Editors' labels in the dashboard: who may label, and the agreement line every page shows."""

import json

import pytest

from dashboard import labelling
from dashboard.app import create_app
from dashboard.reader import StoreReader
from etl.config import DEFAULT_QUALITY, Settings
from etl.store import labels


def test_without_sign_in_a_label_needs_a_typed_name(fixture_store):
    with pytest.raises(labelling.LabelError, match="type your name"):
        labelling.give(fixture_store, "c1", "sentiment", "negative", "  ")
    assert labelling.give(fixture_store, "c1", "sentiment", "negative", "  Anna   Berg ") == "Anna Berg"
    assert labelling.given(fixture_store, ["c1", "c2"]) == {("c1", "sentiment"): ("negative", "Anna Berg")}


def test_the_agreement_line_quotes_the_public_figure_until_editors_gave_enough(fixture_store, monkeypatch):
    reader = StoreReader(fixture_store)
    line = labelling.agreement_text(reader, DEFAULT_QUALITY)
    assert line.startswith("Sentiment by textblob-de: right on 37% of 2,060 comments people labelled in One Million")
    labels.add(fixture_store, [("c1", "sentiment", "negative"), ("c2", "sentiment", "negative")], "anna")
    line = labelling.agreement_text(reader, DEFAULT_QUALITY)
    assert "(your editors: 2 labelled, 30 needed)" in line
    monkeypatch.setattr(labelling, "MIN_OWN", 2)
    line = labelling.agreement_text(reader, DEFAULT_QUALITY)
    # c1 is negative by the machine too, c2 positive: one of two; always "negative" would agree on both.
    assert line.startswith(
        "Sentiment by textblob-de: agrees with your editors on 50% of 2 labelled comments; "
        "always answering “negative” would agree on 100%"
    )


def test_a_pair_s_polarity_gets_its_own_line_measured_by_its_sign(tmp_path, dashboard_frames, publish, monkeypatch):
    """The default pair's polarity (textblob-de) drives every mean on the charts, its label
    (german-plus) the mixes: each says how far it agrees with people, on its own figure."""
    store_dir = tmp_path / "store"
    comments = dashboard_frames["comments"]
    # c2: german-plus calls it neutral, while textblob-de's polarity (+0.5) leans positive.
    sentiment = comments["sentiment"].mask(comments["comment_id"] == "c2", "neutral")
    dashboard_frames["comments"] = comments.assign(sentiment=sentiment, sentiment_engine="textblob-de+german-plus")
    publish(store_dir, dashboard_frames)
    reader = StoreReader(store_dir)
    parts = labelling.agreement_text(reader, DEFAULT_QUALITY).split(" · ")
    assert [part.split(":")[0] for part in parts] == [
        "Sentiment by textblob-de+german-plus",
        "Polarity by textblob-de",
        "Reply stance by cues",
    ]
    assert parts[0].startswith("Sentiment by textblob-de+german-plus: right on 54% of 2,060 comments")
    assert parts[1].startswith("Polarity by textblob-de: right on 37% of 2,060 comments people labelled in One Million")

    # c1 (-0.6) and c2 (+0.5) labelled negative and neutral: the label is right on both, the
    # polarity's sign on c1 alone.
    labels.add(store_dir, [("c1", "sentiment", "negative"), ("c2", "sentiment", "neutral")], "anna")
    monkeypatch.setattr(labelling, "MIN_OWN", 2)
    parts = labelling.agreement_text(reader, DEFAULT_QUALITY).split(" · ")
    # One label each: always the first of the tie ("negative") would agree on one.
    always = "; always answering “negative” would agree on 50%"
    assert (
        parts[0]
        == f"Sentiment by textblob-de+german-plus: agrees with your editors on 100% of 2 labelled comments{always}"
    )
    assert parts[1] == f"Polarity by textblob-de: agrees with your editors on 50% of 2 labelled comments{always}"


def test_the_pages_showing_target_stances_say_how_far_to_trust_them(fixture_store, tmp_path):
    reader = StoreReader(fixture_store)
    parts = labelling.agreement_text(reader, DEFAULT_QUALITY, targets=True).split(" · ")
    assert parts[-1] == (
        "Stance toward targets by cues: right on 52% of 152 mentions people labelled in "
        "One Million Posts (derStandard target mentions) (macro-F1 0.43); always answering "
        "“no clear lean” would be right on 60% (macro-F1 0.25)"
    )
    assert "targets" not in labelling.agreement_text(reader, DEFAULT_QUALITY)
    # x-stance's questions are another task: without the mentions' row, no figure is borrowed.
    unmeasured = tmp_path / "quality.json"
    unmeasured.write_text(DEFAULT_QUALITY.read_text().replace("derStandard target mentions", "x"), encoding="utf-8")
    parts = labelling.agreement_text(reader, unmeasured, targets=True).split(" · ")
    assert parts[-1] == "Stance toward targets by cues: not measured against people yet"


def test_the_public_figure_is_set_against_always_answering_the_commonest_label(fixture_store, tmp_path):
    reader = StoreReader(fixture_store)
    sentiment = labelling.agreement_text(reader, DEFAULT_QUALITY).split(" · ")[0]
    assert sentiment.endswith("(macro-F1 0.29); always answering “neutral” would be right on 54% (macro-F1 0.23)")
    # A quality file recorded before the baseline was: the line without it.
    document = json.loads(DEFAULT_QUALITY.read_text(encoding="utf-8"))
    for row in document["results"]:
        row.pop("majority", None)
    older = tmp_path / "quality.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    assert labelling.agreement_text(reader, older).split(" · ")[0].endswith("(derStandard comments) (macro-F1 0.29)")


def test_one_engine_s_polarity_and_label_share_one_line(fixture_store):
    line = labelling.agreement_text(StoreReader(fixture_store), DEFAULT_QUALITY)
    assert "Polarity" not in line and line.count(" · ") == 1


def test_the_moderation_page_says_how_much_the_flags_find_and_how_often_they_are_right(fixture_store, monkeypatch):
    reader = StoreReader(fixture_store)
    moderation, feedback = labelling.signal_texts(reader, DEFAULT_QUALITY).values()
    assert moderation == (
        "Needs moderation by rules-v1: finds 1% of the 900 comments people marked in One Million Posts "
        "(derStandard comments); 38% of its flags are right (threshold 0.5)"
    )
    assert feedback.startswith("Feedback by rules-v1: finds 20% of the 595 comments")

    judged = [("c1", "moderation", "confirm"), ("c2", "moderation", "confirm"), ("c3", "moderation", "dismiss")]
    labels.add(fixture_store, [*judged, ("c4", "feedback", "dismiss")], "anna")
    monkeypatch.setattr(labelling, "MIN_OWN", 3)
    moderation, feedback = labelling.signal_texts(reader, DEFAULT_QUALITY).values()
    assert moderation == "Needs moderation by rules-v1: your editors confirmed 67% of 3 flags they judged"
    assert feedback.endswith("(threshold 0.5) (your editors: 1 judged, 3 needed)")


def test_a_flag_scored_by_a_model_is_not_quoted_with_the_rules_figures(tmp_path, dashboard_frames, publish):
    store_dir = tmp_path / "store"
    runs = dashboard_frames["runs"]
    dashboard_frames["runs"] = runs.assign(signals_engine="rules-v1+feedback:fb.joblib@0123abcd")
    publish(store_dir, dashboard_frames)
    moderation, feedback = labelling.signal_texts(StoreReader(store_dir), DEFAULT_QUALITY).values()
    assert moderation.startswith("Needs moderation by rules-v1: finds")
    assert feedback == "Feedback by model:fb.joblib: not measured against people yet"


def test_the_comments_grid_saves_an_editor_column_change_and_says_so(fixture_store):
    create_app(Settings(store_dir=fixture_store))  # pages register under an app
    from dashboard.pages.comments import label_note

    reply = {"comment_id": "c2", "parent_id": "c1"}
    root = {"comment_id": "c1", "parent_id": None}
    changes = [
        {"colId": "sentiment_editor", "data": reply, "value": "positive"},
        {"colId": "stance_editor", "data": root, "value": "agree"},
        {"colId": "stance_editor", "data": reply, "value": "disagree"},
        {"colId": "text", "data": reply, "value": "x"},
    ]
    note = label_note(fixture_store, changes, "Anna")
    assert note == (
        "saved: sentiment positive (by Anna); not saved: a stance is for replies only; saved: stance disagree (by Anna)"
    )
    assert labelling.given(fixture_store, ["c1", "c2"]) == {
        ("c2", "sentiment"): ("positive", "Anna"),
        ("c2", "stance"): ("disagree", "Anna"),
    }
    assert label_note(fixture_store, changes[:1], "").startswith("not saved: type your name")


def test_grid_rows_carry_the_editors_labels(fixture_store):
    create_app(Settings(store_dir=fixture_store))
    from dashboard.pages.comments import rows_block
    from etl.store.filters import Filters

    labels.add(fixture_store, [("c2", "sentiment", "positive")], "anna")
    rows = rows_block(StoreReader(fixture_store), Filters(published_only=True), {"startRow": 0, "endRow": 50})
    by_id = {row["comment_id"]: row for row in rows["rowData"]}
    assert by_id["c2"]["sentiment_editor"] == "positive"
    assert by_id["c1"]["sentiment_editor"] in (None, "")


def test_a_pair_of_engines_is_measured_by_the_engine_of_its_label(fixture_store):
    results = labelling.quality.load(DEFAULT_QUALITY).results
    figure = labelling._public_figure(results, "sentiment", "textblob-de+german-plus")
    assert figure["engine"] == "german-plus" and "One Million Posts" in figure["dataset"]


def test_label_next_offers_where_the_engines_disagree_first_then_spreads_over_articles(fixture_store):
    import pandas as pd

    from dashboard import queries

    labels.add(fixture_store, [("c1", "sentiment", "negative")], "anna")
    version, cursor = StoreReader(fixture_store).snapshot()
    with cursor:
        batch = queries.label_candidates(cursor, labelling.labelled_ids(fixture_store), 20)
    assert "c1" not in set(batch["comment_id"])  # labelled already
    articles = batch["article_id"].nunique()
    assert batch["article_id"].iloc[:articles].nunique() == articles  # one of each article before any second
    first_turn = list(batch["margin"].iloc[:articles])
    assert first_turn == sorted(first_turn)  # the least sure first
    assert pd.api.types.is_float_dtype(batch["margin"])
