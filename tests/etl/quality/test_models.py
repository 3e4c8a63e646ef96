"""Trained models: what they see of a text (features), folds that keep articles whole, and
training on a store's own editor labels (--from-store, --use)."""

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sklearn", reason="training needs scikit-learn")

from etl import pipeline
from etl.config import Settings
from etl.quality import datasets, features, train
from etl.quality.train import TrainError
from etl.store import labels

GOOD = ["Toller Beitrag, danke", "Sehr gut erklärt", "Super, endlich", "Wunderbar gemacht", "Großartig, weiter so"]
BAD = ["So ein Unsinn", "Peinlich und falsch", "Eine Frechheit", "Furchtbar schlecht", "Völlig daneben"]
FLAT = ["Die Sitzung ist am Montag", "Der Zug fährt um zehn", "Wo steht das", "Es sind zwölf Kilometer", "Im Mai"]


def labelled(n_articles=3):
    """Sentiment rows spread over `n_articles` articles, every label in every article."""
    rows = [
        (text, label, f"art-{i % n_articles}")
        for texts, label in ((GOOD, "positive"), (BAD, "negative"), (FLAT, "neutral"))
        for i, text in enumerate(texts)
    ]
    frame = pd.DataFrame(rows, columns=["text", "label", "article_id"])
    frame.attrs.update(format="csv", task="sentiment", path="invented.csv")
    return frame


# --- features -----------------------------------------------------------------------------------


def test_a_sentiment_model_sees_the_text_and_both_lexicon_engines():
    frame = features.model_input(["Das ist gut.", "Das ist schlecht."], inputs=train.INPUTS["sentiment"])
    assert list(frame.columns) == ["text", *features.LEXICON_COLUMNS]
    assert frame["german-plus:polarity"][0] > 0 > frame["german-plus:polarity"][1]


def test_lexicon_features_add_the_run_labels_of_each_engine_and_are_weighted():
    scores = np.array([[0.5, 0.6, -0.3, 0.4], [0.0, 0.0, 0.05, 0.1]])
    found = features.lexicon_features(scores, weight=2.0)
    assert found.shape == (2, 8)
    assert found[0].tolist() == [1.0, 1.2, -0.6, 0.8, 2.0, 0.0, 0.0, 2.0]
    assert found[1, 4:].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_reply_model_sees_the_cue_hits_the_rule_engine_and_question_marks_of_both():
    frame = features.model_input(
        ["Das stimmt nicht. Wieso?", "Der Zug fährt um zehn"],
        ["Die Mieten steigen?", "Die Bahn ist pünktlich"],
        train.INPUTS["reply"],
    )
    first, second = frame["cues"]
    assert "engine__disagree" in first.split() and "first__disagree" in first.split()
    assert second.split()[0].startswith("engine__") and "nocue" in second.split()
    assert frame["questions"].tolist() == [1, 0] and frame["other_questions"].tolist() == [1, 0]


def test_missing_texts_are_read_as_empty():
    frame = features.model_input(["Gut", None], [float("nan"), "Elternteil"], ("text", "other", "pair"))
    assert frame["text"].tolist() == ["Gut", ""] and frame["pair"][0] == "\x1fGut"


# --- folds by article ---------------------------------------------------------------------------


class Spy:
    """A pipeline that remembers which articles it was trained on and refuses to label them."""

    def __init__(self, seen):
        self.seen = seen

    def fit(self, inputs, labels):
        self.articles = set(inputs["article_id"])
        self.seen.append(self.articles)
        return self

    def predict(self, inputs):
        assert not self.articles & set(inputs["article_id"]), "an article was in training and test"
        return ["neutral"] * len(inputs)


def test_cross_validation_keeps_articles_whole(monkeypatch):
    dataset, seen = labelled(n_articles=5), []
    monkeypatch.setattr(train, "model_input", lambda frame, task=None: frame[["text", "article_id"]])
    monkeypatch.setattr(train, "build_pipeline", lambda task, seed=0: Spy(seen))
    predicted = train.cross_validate(dataset, "sentiment", 5)
    assert predicted == ["neutral"] * len(dataset)
    assert [len(articles) for articles in seen] == [4] * 5


def test_cross_validation_on_held_out_rows_trains_on_every_other_row(monkeypatch):
    dataset, seen = labelled(n_articles=5), []
    monkeypatch.setattr(train, "model_input", lambda frame, task=None: frame[["text", "article_id"]])
    monkeypatch.setattr(train, "build_pipeline", lambda task, seed=0: Spy(seen))
    held = dataset["article_id"].isin(["art-3", "art-4"])
    predicted = train.cross_validate(dataset, "sentiment", 2, test=held)
    assert [p == "neutral" for p in predicted] == held.tolist()
    assert sorted(map(sorted, seen)) == [["art-0", "art-1", "art-2", "art-3"], ["art-0", "art-1", "art-2", "art-4"]]


def test_more_folds_than_articles_is_a_clear_error():
    with pytest.raises(TrainError, match="only 3 articles"):
        train.cross_validate(labelled(n_articles=3), "sentiment", 4)


def test_without_articles_folds_are_stratified_by_label():
    dataset = labelled().drop(columns="article_id")
    assert train.article_groups(dataset) is None
    assert len(train.cross_validate(dataset, "sentiment", 5)) == len(dataset)


def test_data_sets_keep_the_article_of_each_text(tmp_path):
    from paths import DATA

    posts = datasets.load_dataset(DATA / "eval" / "posts.csv")
    assert posts["article_id"].notna().all()
    path = tmp_path / "replies.csv"
    pd.DataFrame({"text": ["Stimmt"], "parent_text": ["Gut so"], "label": ["agree"], "article_id": ["a1"]}).to_csv(
        path, index=False
    )
    replies = datasets.load_dataset(path, parent_column="parent_text", task="stance")
    assert replies[["parent", "article_id"]].iloc[0].tolist() == ["Gut so", "a1"]


def test_a_saved_model_lists_its_inputs_and_scores_like_an_engine(tmp_path):
    meta = train.train(labelled(), tmp_path / "m.joblib")
    assert meta["inputs"] == ["text", "lexicon"] and meta["format_version"] == 2
    model = train.load_model(tmp_path / "m.joblib")
    (good, _), (bad, _) = model.score_many(["Toller Beitrag, danke", "So ein Unsinn"])
    assert good > bad


# --- a store's own labels -----------------------------------------------------------------------


@pytest.fixture
def labelled_store(tmp_path):
    """A store of invented comments on three articles, each comment labelled by an editor."""
    rows = [
        {
            "comment_id": f"c{n}",
            "parent_id": f"c{n - 3}" if n >= 3 else "",
            "article_id": f"art-{n % 3}",
            "author": "Leser",
            "created_at": f"2025-04-01T{10 + n % 10:02d}:00:00Z",
            "text": text,
        }
        for n, text in enumerate(GOOD + BAD + FLAT)
    ]
    source = tmp_path / "comments.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    store_dir = tmp_path / "store"
    pipeline.run([source], Settings(store_dir=store_dir, progress=False))
    moods = ["positive"] * 5 + ["negative"] * 5 + ["neutral"] * 5
    sentiment = [(f"c{n}", "sentiment", label) for n, label in enumerate(moods)]
    stance = [(f"c{n}", "stance", ["agree", "disagree", "neutral"][n // 3 % 3]) for n in range(3, 15)]
    labels.add(store_dir, sentiment + stance, "anna")
    return store_dir


def test_train_from_store_with_use_makes_later_runs_score_with_the_model(labelled_store, tmp_path, cli):
    out = tmp_path / "models" / "ours.joblib"
    done = cli("train", "sentiment", "--from-store", "--store", labelled_store, "--out", out, "--use")
    assert done.returncode == 0, done.stderr
    assert "on 15 texts" in done.stderr and "scores sentiment with" in done.stderr
    chosen = json.loads((labelled_store / "model.json").read_text())
    assert chosen["model"] == str(out.resolve())
    assert pipeline._engine(Settings(store_dir=labelled_store)).name == "model:ours"
    assert pipeline._engine(Settings(store_dir=labelled_store, sentiment="german-plus")).name == "german-plus"


def test_evaluate_from_store_measures_every_engine_and_a_model_in_folds_by_article(labelled_store, cli):
    done = cli("evaluate", "sentiment", "--from-store", "--store", labelled_store, "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert {"textblob-de", "german-plus", "cv-model (3-fold by article)"} <= set(results)
    assert results["german-plus"]["n"] == 15
    done = cli("evaluate", "stance", "--from-store", "--store", labelled_store, "--cross-validate", "2")
    assert done.returncode == 0, done.stderr
    assert "cues" in done.stdout and "cv-model (2-fold by article)" in done.stdout


def test_train_from_store_adds_a_data_set_of_the_same_task(labelled_store, tmp_path, cli):
    extra = tmp_path / "extra.csv"
    pd.DataFrame({"text": ["Ganz toll", "Mist"], "label": ["positive", "negative"]}).to_csv(extra, index=False)
    out = tmp_path / "m.joblib"
    done = cli("train", "sentiment", "--from-store", "--store", labelled_store, "--dataset", extra, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "on 17 texts" in done.stderr


def test_from_store_without_labels_or_dataset_is_one_clear_line(tmp_path, cli):
    done = cli("evaluate", "sentiment", "--from-store", "--store", tmp_path / "empty")
    assert done.returncode == 1 and "no sentiment labels" in done.stderr
    done = cli("evaluate", "sentiment")
    assert done.returncode == 1 and "--dataset PATH, or --from-store" in done.stderr
    done = cli("train", "stance", "--from-store", "--out", tmp_path / "m.joblib", "--use")
    assert done.returncode == 1 and "runs score sentiment only" in done.stderr


def test_a_broken_model_choice_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "model.json").write_text("{kaputt")
    with pytest.raises(TrainError, match="model.json"):
        train.used_model(tmp_path)
    assert train.used_model(tmp_path / "nothing") is None
