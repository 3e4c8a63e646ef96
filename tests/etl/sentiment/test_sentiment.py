import pandas as pd
import pytest
from textblob_de import PatternTokenizer, TextBlobDE

from etl.sentiment import DEFAULT_ENGINE, Pair, SentimentError, get_engine, label, score

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


@pytest.mark.parametrize("name", ["textblob-de", DEFAULT_ENGINE])
def test_polarity_and_subjectivity_equal_textblob_de_exactly(name):
    scored, _ = score(pd.DataFrame({"text": TEXTS}), get_engine(name))
    for text, polarity, subjectivity in zip(TEXTS, scored["polarity"], scored["subjectivity"]):
        expected = TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment
        assert polarity == expected.polarity
        assert subjectivity == expected.subjectivity


def test_the_default_label_comes_from_german_plus():
    texts = [*TEXTS, "Das ist eine Katastrophe.", "Na toll, wieder zu spät."]
    scored, n_scored = score(pd.DataFrame({"text": texts}), get_engine())
    german_plus = pd.Series([get_engine("german-plus").score(t)[0] for t in texts])
    assert DEFAULT_ENGINE == "textblob-de+german-plus"
    assert scored["sentiment"].tolist() == label(german_plus).tolist()
    assert scored["sentiment"].tolist()[-2:] == ["negative", "negative"]
    assert label(scored["polarity"]).tolist()[-2:] != ["negative", "negative"]  # textblob-de's own
    assert (scored["sentiment_engine"] == "textblob-de+german-plus").all()
    assert n_scored == len(texts)


def test_textblob_de_alone_labels_from_its_own_polarity():
    scored, _ = score(pd.DataFrame({"text": [*TEXTS, "Das ist eine Katastrophe."]}), get_engine("textblob-de"))
    assert scored["sentiment"].tolist() == label(scored["polarity"]).tolist()
    assert scored["sentiment"].iloc[-1] == "neutral"
    assert (scored["sentiment_engine"] == "textblob-de").all()


def test_german_plus_alone_gives_numbers_and_label():
    scored, _ = score(pd.DataFrame({"text": TEXTS}), get_engine("german-plus"))
    assert scored["polarity"].tolist() == [get_engine("german-plus").score(t)[0] for t in TEXTS]
    assert scored["sentiment"].tolist() == label(scored["polarity"]).tolist()


class LabelEngine(CountingEngine):
    name = "labelling"

    def score(self, text):
        self.seen.append(text)
        return (-0.5, 0.0)


def test_a_pair_relabels_rows_of_its_numbers_engine_and_keeps_their_numbers():
    pair = Pair(CountingEngine(), LabelEngine())
    frame = pd.DataFrame(
        {
            "text": ["alt", "neu", "fertig"],
            "polarity": [0.75, None, 0.25],
            "subjectivity": [0.1, None, 0.2],
            "sentiment": ["positive", None, "positive"],
            "sentiment_engine": ["counting", None, "counting+labelling"],
        }
    )
    scored, n_scored = score(frame, pair)
    assert (pair.numbers.seen, sorted(pair.labels.seen)) == (["neu"], ["alt", "neu"])
    assert scored["polarity"].tolist() == [0.75, 0.5, 0.25]
    assert scored["subjectivity"].tolist() == [0.1, 0.25, 0.2]
    assert scored["sentiment"].tolist() == ["negative", "negative", "positive"]
    assert (scored["sentiment_engine"] == "counting+labelling").all()
    assert n_scored == 2


def test_a_single_engine_keeps_the_numbers_of_a_pair_it_belongs_to():
    engine = CountingEngine()
    frame = pd.DataFrame(
        {"text": ["alt"], "polarity": [0.75], "subjectivity": [0.1], "sentiment": ["negative"]}
    ).assign(sentiment_engine="counting+labelling")
    scored, n_scored = score(frame, engine)
    assert (engine.seen, n_scored) == ([], 0)
    assert scored["sentiment"].tolist() == ["positive"]  # from its own polarity again


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


@pytest.mark.parametrize("name", ["vader", "textblob-de+vader", "german-plus+german-plus"])
def test_unknown_engine_is_a_clear_error(name):
    with pytest.raises(SentimentError, match="unknown sentiment engine"):
        get_engine(name)


def test_the_default_pair_shares_one_tagger():
    pair = get_engine()
    assert pair.numbers.tagger is pair.labels.tagger
    assert (pair.numbers.name, pair.labels.name) == ("textblob-de", "german-plus")
