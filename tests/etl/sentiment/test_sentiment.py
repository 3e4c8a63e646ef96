import pandas as pd
import pytest
from textblob_de import PatternTokenizer, TextBlobDE

from etl.sentiment import SentimentError, get_engine, label, score

TEXTS = [
    "Das ist eine gute Idee.",
    "Das ist furchtbar schlecht. Wirklich peinlich.",
    "Die Zahl neuer Absolventen ist Jahr für Jahr eine andere.",
    "",
]


class CountingEngine:
    name = "counting"

    def __init__(self):
        self.seen = []

    def score(self, text):
        self.seen.append(text)
        return (0.5, 0.25)


def test_default_engine_equals_textblob_de_exactly():
    scored, _ = score(pd.DataFrame({"text": TEXTS}), get_engine("textblob-de"))
    for text, polarity, subjectivity in zip(TEXTS, scored["polarity"], scored["subjectivity"]):
        expected = TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment
        assert polarity == expected.polarity
        assert subjectivity == expected.subjectivity


def test_score_scores_each_distinct_text_once():
    engine = CountingEngine()
    scored, n_scored = score(pd.DataFrame({"text": ["a", "b", "a"]}), engine)
    assert sorted(engine.seen) == ["a", "b"]
    assert n_scored == 3
    assert scored["sentiment_engine"].tolist() == ["counting"] * 3


def test_score_keeps_rows_already_scored_by_the_same_engine():
    engine = CountingEngine()
    frame = pd.DataFrame(
        {
            "text": ["alt", "neu"],
            "polarity": [-0.75, None],
            "subjectivity": [0.1, None],
            "sentiment_engine": ["counting", None],
        }
    )
    scored, n_scored = score(frame, engine)
    assert engine.seen == ["neu"]
    assert n_scored == 1
    assert scored["polarity"].tolist() == [-0.75, 0.5]


def test_label_uses_the_documented_thresholds():
    labels = label(pd.Series([0.5, 0.1, 0.0, -0.1, -0.11, float("nan")]))
    assert labels.iloc[:5].tolist() == ["positive", "neutral", "neutral", "neutral", "negative"]
    assert pd.isna(labels.iloc[5])


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(SentimentError, match="unknown sentiment engine"):
        get_engine("vader")
