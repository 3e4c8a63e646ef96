import json

import pytest
from paths import DATA, SHARED

from etl.quality import evaluate
from etl.quality.datasets import LABELS, EvaluateError, detect_format, load_dataset
from etl.quality.evaluate import metrics

EVAL = DATA / "eval"


# --- metrics ------------------------------------------------------------------------------------


def test_metrics_on_a_hand_made_set():
    gold = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "neutral"]
    result = metrics(gold, predicted, LABELS["sentiment"])
    assert result["accuracy"] == 0.5
    negative, neutral, positive = (result["per_class"][c] for c in ("negative", "neutral", "positive"))
    assert (negative["precision"], negative["recall"]) == (1.0, 0.5)
    assert negative["f1"] == pytest.approx(2 / 3)
    assert (neutral["precision"], neutral["recall"], neutral["f1"]) == (pytest.approx(1 / 3), 1.0, 0.5)
    assert positive == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert result["macro_f1"] == pytest.approx((2 / 3 + 0.5 + 0.0) / 3)
    assert result["confusion"] == {
        "labels": ["negative", "neutral", "positive"],
        "matrix": [[1, 1, 0], [0, 1, 0], [0, 1, 0]],
    }
    # Always "negative": right on half, F1 2/3 for it and 0 for the two others.
    assert result["majority"] == {"label": "negative", "accuracy": 0.5, "macro_f1": pytest.approx(2 / 9)}


def test_no_majority_baseline_without_a_gold_label_of_the_known_classes():
    assert metrics(["maybe"], ["maybe"], ["yes", "no"])["majority"] == {"label": None, "accuracy": 0.0, "macro_f1": 0.0}
    assert metrics([], [], ["yes", "no"])["majority"]["label"] is None


def test_the_majority_baseline_breaks_a_tie_by_the_label_order():
    gold = ["positive", "neutral", "neutral", "positive"]
    assert metrics(gold, gold, LABELS["sentiment"])["majority"]["label"] == "neutral"
    assert metrics(gold, gold, ["positive", "neutral"])["majority"]["label"] == "positive"


def test_a_class_only_predicted_shows_in_the_confusion_matrix_but_not_in_macro_f1():
    result = metrics(["favor", "against"], ["favor", "none"], LABELS["target"])
    assert set(result["per_class"]) == {"favor", "against"}
    assert result["macro_f1"] == 0.5
    assert result["confusion"]["labels"] == ["favor", "against", "none"]


def test_metrics_refuse_lists_of_different_length():
    with pytest.raises(EvaluateError):
        metrics(["positive"], [])


# --- data sets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("posts.csv", "omp"),
        ("sb10k.tsv", "sb10k"),
        ("germeval.tsv", "germeval"),
        ("comments.de.jsonl", "xstance"),
        ("xstance-de.csv", "xstance"),
        ("own.csv", "csv"),
        ("replies.csv", "csv"),
    ],
)
def test_formats_are_detected_by_name_and_first_line(name, expected):
    assert detect_format(EVAL / name) == expected


def test_omp_joins_headline_and_body_and_skips_unlabelled_posts():
    posts = load_dataset(EVAL / "posts.csv")
    assert len(posts) == 4
    assert posts["text"][0] == "Endlich\nGute Nachrichten für alle Pendler, danke!"
    assert posts["text"][1] == "Das ist doch völliger Unsinn."
    assert posts.attrs["task"] == "sentiment"


def test_sb10k_and_germeval_read_their_text_and_label_columns():
    tweets = load_dataset(EVAL / "sb10k.tsv")
    assert tweets["label"].tolist() == ["positive", "negative", "neutral", "neutral"]
    assert tweets["text"][1].endswith('So ein " Service "')
    feedback = load_dataset(EVAL / "germeval.tsv")
    assert feedback["label"].tolist() == ["positive", "negative", "neutral", "neutral"]
    assert feedback["text"][2] == "Die Bahn stellt den neuen Fahrplan vor."


@pytest.mark.parametrize("name", ["comments.de.jsonl", "xstance-de.csv"])
def test_xstance_gives_comment_question_and_lower_case_label(name):
    stance = load_dataset(EVAL / name)
    assert stance.attrs["task"] == "target"
    assert stance["label"].tolist()[:3] == ["favor", "against", "favor"]
    assert stance["target"][0] == "Soll das Rentenalter erhöht werden?"


def test_a_plain_csv_takes_its_column_names_and_common_label_spellings():
    own = load_dataset(EVAL / "own.csv", text_column="kommentar", label_column="stimmung")
    assert own["label"].tolist() == ["positive", "negative", "neutral", "positive", "negative"]
    replies = load_dataset(EVAL / "replies.csv", text_column="reply", parent_column="parent", task="stance")
    assert replies.attrs["task"] == "reply"
    assert replies["parent"][0] == "Die Mieten steigen zu schnell."


def test_a_missing_column_or_unknown_label_is_a_clear_error(tmp_path):
    with pytest.raises(EvaluateError, match="no column 'text'"):
        load_dataset(EVAL / "own.csv")
    odd = tmp_path / "odd.csv"
    odd.write_text("text,label\nHallo,vielleicht\n", encoding="utf-8")
    with pytest.raises(EvaluateError, match="'vielleicht' are not sentiment labels"):
        load_dataset(odd)
    with pytest.raises(EvaluateError, match="needs a target column"):
        load_dataset(EVAL / "own.csv", text_column="kommentar", label_column="stimmung", task="stance")
    with pytest.raises(EvaluateError, match="not found"):
        load_dataset(tmp_path / "nowhere.csv")


# --- engines ------------------------------------------------------------------------------------


class TinyTargetStance:
    name = "tiny"

    def predict(self, texts, targets):
        return ["AGAINST" if text.startswith(("Nein", "Zu teuer")) else "FAVOR" for text in texts]


def test_stance_toward_a_target_is_measured_through_the_engine_interface():
    stance = load_dataset(EVAL / "xstance-de.csv")
    results = evaluate.evaluate(stance, {"tiny": evaluate.stance_predictor(TinyTargetStance(), "target")})
    assert results["tiny"]["accuracy"] == 1.0 and results["tiny"]["macro_f1"] == 1.0


def test_every_sentiment_engine_is_measured_including_german_plus():
    found = evaluate.predictors("sentiment")
    assert {"textblob-de", "german-plus"} <= set(found)
    results = evaluate.evaluate(load_dataset(EVAL / "sb10k.tsv"), found)
    assert all(0.0 <= r["macro_f1"] <= 1.0 for r in results.values())


def test_an_unknown_engine_name_is_a_clear_error():
    with pytest.raises(EvaluateError, match="unknown sentiment engine"):
        evaluate.predictors("sentiment", engine_names=["nope"])


def test_record_adds_figures_for_the_dashboard_and_replaces_older_ones(tmp_path):
    frame = load_dataset(EVAL / "sb10k.tsv")
    result = metrics(frame["label"], ["neutral"] * len(frame), LABELS["sentiment"])
    target = tmp_path / "quality.json"
    evaluate.record(target, frame, {"always-neutral": result})
    evaluate.record(target, frame, {"always-neutral": result, "other": result})
    rows = json.loads(target.read_text())["results"]
    assert [(r["task"], r["dataset"], r["engine"]) for r in rows] == [
        ("sentiment", "SB10k (tweets)", "always-neutral"),
        ("sentiment", "SB10k (tweets)", "other"),
    ]
    assert rows[0]["n"] == 4 and rows[0]["accuracy"] == 0.5
    assert rows[0]["majority"] == {"label": "neutral", "accuracy": 0.5, "macro_f1": 0.2222}
    assert "always answering “neutral” is right on 50.0%" in evaluate.format_table(frame, {"always-neutral": result})


# --- the command line ---------------------------------------------------------------------------


def test_cli_prints_the_table_side_by_side(cli):
    done = cli(
        "evaluate",
        "sentiment",
        "--dataset",
        EVAL / "own.csv",
        "--text-column",
        "kommentar",
        "--label-column",
        "stimmung",
    )
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[3]
    assert "textblob-de" in header and "german-plus" in header
    for row in ("accuracy", "macro-F1", "F1 negative", "F1 neutral", "F1 positive", "confusion"):
        assert row in done.stdout


def test_cli_prints_json_with_one_object_per_engine(cli):
    done = cli("evaluate", "sentiment", "--dataset", EVAL / "posts.csv", "--engine", "german-plus", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert list(results) == ["german-plus"]
    assert {"accuracy", "macro_f1", "per_class"} <= set(results["german-plus"])
    assert set(results["german-plus"]["per_class"]) == {"negative", "neutral", "positive"}


def test_cli_reports_a_bad_data_set_in_one_line(tmp_path, cli):
    done = cli("evaluate", "sentiment", "--dataset", tmp_path / "nowhere.csv")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: data set not found")


# --- the real data sets beside the project (never copied into it) -------------------------------

REAL = {
    "one-million-posts/posts.csv.xz": ("omp", "sentiment", 2060),
    "german-sentiment/sb10k-train.tsv": ("sb10k", "sentiment", 5233),
    "german-sentiment/germeval2017-dev.tsv": ("germeval", "sentiment", 2584),
    "x-stance/comments.de.jsonl": ("xstance", "target", 1489),
    "x-stance/xstance-de.csv": ("xstance", "target", 1489),
}
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason=f"real data sets not present at {SHARED}")


@needs_shared
@pytest.mark.parametrize("relative", list(REAL))
def test_every_real_set_loads_with_its_format_task_and_size(relative):
    format, task, size = REAL[relative]
    frame = load_dataset(SHARED / relative)
    assert (frame.attrs["format"], frame.attrs["task"], len(frame)) == (format, task, size)
    assert set(frame["label"]) <= set(LABELS[task])


@needs_shared
@pytest.mark.parametrize("relative", [r for r, (_, task, _) in REAL.items() if task == "sentiment"])
def test_german_plus_beats_textblob_de_on_a_real_sample(relative):
    frame = load_dataset(SHARED / relative)
    sample = frame.sample(n=600, random_state=1).reset_index(drop=True)
    sample.attrs.update(frame.attrs)
    results = evaluate.evaluate(sample, evaluate.predictors("sentiment", engine_names=["textblob-de", "german-plus"]))
    assert results["german-plus"]["macro_f1"] > results["textblob-de"]["macro_f1"]
