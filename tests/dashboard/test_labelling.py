"""Editors' labels in the dashboard: who may label, and the agreement line every page shows."""

import pytest

from dashboard import labelling
from dashboard.reader import StoreReader
from etl.config import DEFAULT_QUALITY
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
    # c1 is negative by the machine too, c2 positive: one of two.
    assert line.startswith("Sentiment by textblob-de: agrees with your editors on 50% of 2 labelled comments")
