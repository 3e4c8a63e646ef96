"""dashboard.quality: the evaluation file read into a table with plain words on trust."""

import json

import pytest

from dashboard import quality, views


def test_sample_file_gives_one_row_per_result_best_first_with_a_range(quality_sample):
    report = quality.load(quality_sample)
    assert report.problem == ""
    assert report.generated == "2025-06-03T09:00:00Z"
    results = report.results
    assert list(results.columns) == quality.COLUMNS
    assert results[["dataset", "engine"]].values.tolist() == [
        ["One Million Posts", "textblob-de"],
        ["SB10k", "fastblob"],
        ["SB10k", "textblob-de"],
        ["x-stance", "cues"],
    ]
    assert results["margin"].iloc[1] == pytest.approx(1.96 * (0.64 * 0.36 / 1000) ** 0.5)


def test_trust_says_when_too_few_texts_and_how_close_the_data_is(quality_sample):
    trust = quality.load(quality_sample).results.set_index(["dataset", "engine"])["trust"]
    assert trust["One Million Posts", "textblob-de"].startswith("Only 150 texts")
    assert "closest to our data" in trust["One Million Posts", "textblob-de"]
    assert trust["SB10k", "fastblob"].startswith("1,000 texts: accuracy within about ±3%.")
    assert "Tweets" in trust["SB10k", "fastblob"]
    assert quality.dataset_note("my own labels") == quality.UNKNOWN_DATASET


def test_missing_file_says_how_to_make_one(tmp_path):
    report = quality.load(tmp_path / "quality.json")
    assert report.results.empty
    assert report.problem.startswith("No evaluation figures yet")
    assert "diskurs evaluate" in report.problem


@pytest.mark.parametrize("content", ["{not json", json.dumps({"results": "none"}), "[]"])
def test_broken_file_is_a_problem_to_show_not_an_error(tmp_path, content):
    path = tmp_path / "quality.json"
    path.write_text(content, encoding="utf-8")
    report = quality.load(path)
    assert report.results.empty and report.problem


def test_margin_is_undefined_without_texts():
    assert quality.margin(0.5, 100) == pytest.approx(0.098)
    assert quality.margin(0.5, 0) != quality.margin(0.5, 0)  # NaN


def test_quality_records_show_percentages_and_two_places(quality_sample):
    rows = views.quality_records(quality.load(quality_sample).results)
    assert (rows[0]["accuracy"], rows[0]["macro_f1"], rows[0]["margin"], rows[0]["n"]) == ("52%", "0.41", "±8%", 150)
    assert views.quality_records(quality.results_frame([])) == []


def test_path_of_settings_defaults_to_the_project_file(dashboard_settings, quality_sample):
    assert quality.path_of(dashboard_settings) == quality_sample
    from etl.config import DEFAULT_QUALITY, Settings

    assert quality.path_of(Settings()) == DEFAULT_QUALITY


def test_trust_names_the_weakest_label_and_warns_of_models_trained_on_the_data_set():
    row = {
        "dataset": "SB10k",
        "engine": "cv-model (5-fold)",
        "n": 5000,
        "margin": 0.013,
        "per_class_f1": {"negative": 0.43, "neutral": 0.70},
    }
    text = quality.trust_text(row)
    assert "Weakest on “negative” (F1 0.43)." in text
    assert "Trained on other parts of this same data set" in text
    assert "Trained on" not in quality.trust_text(dict(row, engine="textblob-de"))


def test_sample_file_per_class_figures_reach_the_trust_text(quality_sample):
    trust = quality.load(quality_sample).results.set_index("engine")["trust"]
    assert trust["fastblob"].endswith("Weakest on “negative” (F1 0.31).")


@pytest.mark.parametrize(
    "accuracy, said",
    [
        (0.52, "Always answering “no clear lean” would be right more often: 60% (macro-F1 0.25)."),
        (0.66, "Always answering “no clear lean” would be right on 60% (macro-F1 0.25)."),
    ],
)
def test_trust_sets_the_accuracy_against_always_answering_the_commonest_label(accuracy, said):
    row = {"task": "stance toward a target", "dataset": "x", "engine": "cues", "accuracy": accuracy}
    row.update(macro_f1=0.43, n=152, majority={"label": "none", "accuracy": 0.5987, "macro_f1": 0.2497})
    results = quality.results_frame([row, {**row, "engine": "older", "majority": None}])
    trust = results.set_index("engine")["trust"]
    assert said in trust["cues"]
    assert "Always answering" not in trust["older"]  # recorded before the baseline was
    assert results.set_index("engine").loc["cues", ["majority_label", "majority_accuracy"]].tolist() == ["none", 0.5987]
