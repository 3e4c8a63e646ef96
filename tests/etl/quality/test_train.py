import json

import pandas as pd
import pytest

pytest.importorskip("sklearn", reason="training needs scikit-learn")

from etl.quality import datasets, train
from etl.quality.train import TrainError, load_model

POSITIVE = [
    "Wunderbar, vielen Dank für den Artikel",
    "Toller Beitrag, sehr gelungen",
    "Super recherchiert, danke",
    "Ich freue mich über diese gute Nachricht",
    "Endlich eine gute Entscheidung",
    "Großartig, weiter so",
]
NEGATIVE = [
    "Was für ein Unsinn, ärgerlich",
    "Schlecht recherchiert und falsch",
    "Eine Frechheit, ich bin wütend",
    "Furchtbar, wieder nur Ausreden",
    "Völlig daneben und peinlich",
    "Katastrophe, so ein Mist",
]
NEUTRAL = [
    "Die Sitzung beginnt um zehn Uhr",
    "Der Bericht erscheint am Montag",
    "Wo finde ich die Zahlen von 2015",
    "Die Strecke ist zwölf Kilometer lang",
    "Der Antrag liegt dem Rat vor",
    "Die Abstimmung ist im Mai",
]


def sentiment_csv(path):
    rows = [(t, "positive") for t in POSITIVE] + [(t, "negative") for t in NEGATIVE] + [(t, "neutral") for t in NEUTRAL]
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(path, index=False)
    return path


def stance_csv(path):
    questions = ["Soll das Rentenalter erhöht werden?", "Sollen mehr Velowege gebaut werden?"]
    favor = ["Ja, das ist dringend nötig", "Unbedingt, ich bin dafür", "Ja, das braucht es", "Dafür, das ist sinnvoll"]
    against = ["Nein, das lehne ich ab", "Dagegen, das ist unnötig", "Nein, viel zu teuer", "Auf keinen Fall, falsch"]
    rows = [(t, q, "favor") for q in questions for t in favor] + [(t, q, "against") for q in questions for t in against]
    pd.DataFrame(rows, columns=["comment", "question", "label"]).to_csv(path, index=False)
    return path


def test_train_save_load_and_predict_sentiment(tmp_path):
    dataset = datasets.load_dataset(sentiment_csv(tmp_path / "mine.csv"))
    meta = train.train(dataset, tmp_path / "models" / "mine.joblib")
    assert meta["task"] == "sentiment" and meta["n_train"] == 18
    assert meta["labels"] == ["negative", "neutral", "positive"]
    model = load_model(tmp_path / "models" / "mine.joblib")
    assert model.name == "model:mine" and model.task == "sentiment"
    good, bad = model.score("Toller Beitrag, vielen Dank"), model.score("So ein Unsinn, peinlich")
    assert good[0] > 0.1 and bad[0] < -0.1
    assert all(-1 <= p <= 1 and 0 <= s <= 1 for p, s in model.score_many(["", "Montag"]))


def test_train_save_load_and_predict_stance_toward_a_question(tmp_path):
    dataset = datasets.load_dataset(stance_csv(tmp_path / "stance.csv"))
    assert dataset.attrs["task"] == "target"
    train.train(dataset, tmp_path / "stance.joblib")
    model = load_model(tmp_path / "stance.joblib")
    question = "Soll das Rentenalter erhöht werden?"
    assert model.predict(["Ja, unbedingt dafür", "Nein, das lehne ich ab"], [question, question]) == [
        "favor",
        "against",
    ]
    with pytest.raises(TrainError, match="not a sentiment model"):
        model.score("Ja")


def test_pair_features_cross_text_words_with_the_target():
    one, other = train.pair_features("Frage A\x1fzu teuer"), train.pair_features("Frage B\x1fzu teuer")
    assert [f.split(":")[1] for f in one] == ["zu", "teuer"]
    assert one != other and train.pair_features("frage a \x1fzu teuer") == one


def test_cross_validation_predicts_every_row_from_other_folds(tmp_path):
    dataset = datasets.load_dataset(sentiment_csv(tmp_path / "mine.csv"))
    predicted = train.cross_validate(dataset, "sentiment", 3)
    assert len(predicted) == len(dataset) and set(predicted) <= {"negative", "neutral", "positive"}
    with pytest.raises(TrainError, match="rarest label"):
        train.cross_validate(dataset, "sentiment", 7)


def test_a_file_that_is_not_a_model_is_a_clear_error(tmp_path):
    (tmp_path / "x.joblib").write_text("kein Modell")
    with pytest.raises(TrainError, match="not a model"):
        load_model(tmp_path / "x.joblib")
    with pytest.raises(TrainError, match="not found"):
        load_model(tmp_path / "nowhere.joblib")


def test_a_single_label_cannot_be_trained(tmp_path):
    (tmp_path / "one.csv").write_text("text,label\nGut,positive\nToll,positive\n", encoding="utf-8")
    with pytest.raises(TrainError, match="two different labels"):
        train.train(datasets.load_dataset(tmp_path / "one.csv"), tmp_path / "m.joblib")


def test_cli_trains_then_evaluates_the_model_and_cross_validates(tmp_path, cli):
    data = stance_csv(tmp_path / "stance.csv")
    out = tmp_path / "stance.joblib"
    done = cli("train", "stance", "--dataset", data, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "trained a stance toward a target model on 16 texts" in done.stderr
    done = cli("evaluate", "stance", "--dataset", data, "--model", out, "--cross-validate", "2", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results["model:stance"]["accuracy"] == 1.0
    assert "cv-model (2-fold)" in results
