"""Yes/no tasks (moderation, feedback, argument): data sets, a model that names its words, the
figures of `diskurs evaluate`, and training from a store's own log (issue 12)."""

import hashlib
import json

import pytest
from paths import DATA

from etl import config, pipeline
from etl.quality import binary
from etl.store import labels

pytest.importorskip("sklearn")

FEEDBACK = [
    ("Liebe Redaktion, im Artikel ist ein Tippfehler.", "yes"),
    ("Werte Redaktion, die Zahl im zweiten Absatz stimmt nicht.", "1"),
    ("Frage an den Autor: woher stammt die Quelle?", "true"),
    ("Die Redaktion sollte den Fehler im Titel korrigieren.", "ja"),
    ("Ich finde die Regierung macht das gut.", "no"),
    ("Das Wetter war gestern schön.", "0"),
    ("Die Opposition hat keine Ideen.", "false"),
    ("Wer hat das Spiel gewonnen?", "nein"),
] * 3


@pytest.fixture
def feedback_csv(tmp_path):
    path = tmp_path / "feedback.csv"
    lines = ["text,label,article_id"] + [f'"{t}",{v},a{i % 4}' for i, (t, v) in enumerate(FEEDBACK)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_yes_no_values_are_read_in_any_spelling_and_others_are_named(feedback_csv, tmp_path):
    frame = binary.load(feedback_csv, "feedback")
    assert frame["label"].tolist()[:8] == [1, 1, 1, 1, 0, 0, 0, 0]
    assert set(frame["article_id"]) == {"a0", "a1", "a2", "a3"}
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nx,vielleicht\n")
    with pytest.raises(binary.BinaryError, match="'vielleicht' is not a yes/no label"):
        binary.load(bad, "feedback")


def test_a_trained_model_scores_and_names_the_words_that_weighed_most(feedback_csv, tmp_path):
    frame = binary.load(feedback_csv, "feedback")
    meta = binary.train(frame, tmp_path / "m.joblib")
    assert (meta["task"], meta["n_yes"]) == ("feedback", 12)
    model = binary.load_model(tmp_path / "m.joblib")
    (yes, why), (no, none) = model.score(["Liebe Redaktion, ein Tippfehler im Artikel.", "Das Wetter war schön."])
    assert yes > 0.5 > no and none == ""
    assert why.startswith("model: ") and ("'redaktion'" in why or "'tippfehler'" in why)


def test_evaluate_prints_precision_recall_f1_and_roc_auc_as_json(feedback_csv, tmp_path, cli):
    model = tmp_path / "m.joblib"
    assert cli("train", "feedback", "--dataset", feedback_csv, "--out", model).returncode == 0
    done = cli("evaluate", "feedback", "--dataset", feedback_csv, "--model", model, "--cross-validate", "2", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert set(found) == {"rules-v1", "model:m.joblib", "cv-model (2-fold by article)"}
    assert all(set(figures) == {"precision", "recall", "f1", "roc_auc"} for figures in found.values())
    assert found["model:m.joblib"]["f1"] == 1.0  # measured on what it was trained on
    table = cli("evaluate", "feedback", "--dataset", feedback_csv)
    assert "precision  recall     F1  ROC AUC" in table.stdout and "rules-v1" in table.stdout


def test_evaluate_records_the_flags_figures_for_the_dashboard_apart_from_the_labels(feedback_csv, tmp_path, cli):
    from dashboard import quality

    target = tmp_path / "quality.json"
    target.write_text(json.dumps({"results": [{"task": "sentiment", "dataset": "d", "engine": "e", "accuracy": 0.5}]}))
    for _ in range(2):  # a second run replaces the first one's rows
        done = cli("evaluate", "feedback", "--dataset", feedback_csv, "--record", target)
        assert done.returncode == 0, done.stderr
    rows = json.loads(target.read_text())["results"]
    assert [(r["task"], r["dataset"], r["engine"]) for r in rows] == [
        ("sentiment", "d", "e"),
        ("feedback", "feedback.csv", "rules-v1"),
    ]
    rules = binary.metrics(binary.load(feedback_csv, "feedback")["label"], [0.0] * 24)  # the shape, not the figures
    assert set(rows[1]) == {"task", "dataset", "engine", "threshold", *rules}
    assert (rows[1]["n"], rows[1]["n_yes"], rows[1]["threshold"]) == (24, 12, 0.5)
    report = quality.load(target)
    assert report.results["task"].tolist() == ["sentiment"]  # the labels' grid and chart stay as they were
    assert report.signals[["task", "engine", "n_yes"]].values.tolist() == [["feedback", "rules-v1", 12]]


def test_moderation_from_a_store_learns_its_log_and_the_editors_word_over_it(tmp_path):
    store_dir = tmp_path / "store"
    pipeline.run([DATA / "run"], config.Settings(store_dir=store_dir, workers=1))
    from etl.store import connect_readonly

    with connect_readonly(store_dir) as con:
        statuses = dict(con.execute("SELECT comment_id, coalesce(status, 'published') FROM comments").fetchall())
    labels.add(store_dir, [("a1", "moderation", "confirm")], "anna")
    frame = binary.from_store(store_dir, "moderation")
    by_id = dict(zip(frame.index, frame["label"]))
    assert len(frame) == len(statuses)
    assert sum(by_id.values()) == 1 + sum(1 for s in statuses.values() if s in binary.YES) - (
        statuses["a1"] in binary.YES
    )
    with pytest.raises(binary.BinaryError, match="no feedback labels"):
        binary.from_store(store_dir, "feedback")


def test_a_store_told_to_use_a_feedback_model_scores_with_it_from_its_next_run(feedback_csv, tmp_path, cli):
    store_dir = tmp_path / "store"
    assert cli("run", DATA / "run" / "forum-a.csv", "--store", store_dir).returncode == 0
    model = tmp_path / "fb.joblib"
    done = cli("train", "feedback", "--dataset", feedback_csv, "--out", model, "--use", "--store", store_dir)
    assert done.returncode == 0 and "scores feedback with" in done.stderr
    assert cli("refresh", "--store", store_dir).returncode == 0  # a new engine: every comment again
    from etl.store import connect_readonly

    with connect_readonly(store_dir) as con:
        engines = {row[0] for row in con.execute("SELECT DISTINCT signals_engine FROM comments").fetchall()}
        reasons = [row[0] for row in con.execute("SELECT feedback_reasons FROM comments").fetchall() if row[0]]
    assert engines == {f"rules-v1+feedback:fb.joblib@{hashlib.sha1(model.read_bytes()).hexdigest()[:8]}"}
    assert all(reason.startswith("model: ") for reason in reasons)
    assert cli("refresh", "--store", store_dir).returncode == 0
    assert "nothing new" in cli("refresh", "--store", store_dir).stderr
