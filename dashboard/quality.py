"""Evaluation figures of the sentiment and stance engines, read from the quality file (bundled:
`etl/resources/quality.json`; DISKURS_QUALITY names another), and
plain words on how far to trust each one. The file is the one read of the dashboard outside the
store: it is written by the lead's `python -m etl evaluate` runs, not by the ETL.

File format: {"generated": "...", "results": [{"task": "sentiment", "dataset": "SB10k",
"engine": "textblob-de", "accuracy": 0.71, "macro_f1": 0.52, "n": 1000, "majority": {"label":
"neutral", "accuracy": 0.62, "macro_f1": 0.26}}, ...]} (majority: the commonest label people gave,
and the accuracy and macro-F1 of always answering it; figures recorded before it lack it); a yes/no
signal's row (task moderation, feedback or argument) has precision, recall, f1, roc_auc, n, n_yes
and threshold instead of accuracy and macro-F1.
"""

import json
import math
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from dashboard.figures import TARGET_NAMES
from etl.config import RESOURCES

MISSING = (
    "No evaluation figures yet — run `diskurs evaluate sentiment --dataset …` "
    "(and `… stance …`) and collect the results in {path}."
)
COLUMNS = [
    "task",
    "dataset",
    "engine",
    "accuracy",
    "macro_f1",
    "n",
    "margin",
    "majority_label",
    "majority_accuracy",
    "majority_f1",
    "trust",
]
# The yes/no signals' rows (`evaluate moderation|feedback|argument --record`): the figures of the
# yes class at the threshold, and ROC AUC of the score.
SIGNAL_TASKS = ("moderation", "feedback", "argument")
SIGNAL_COLUMNS = ["task", "dataset", "engine", "precision", "recall", "f1", "roc_auc", "n", "n_yes", "threshold"]
FEW = 200  # below this many labelled texts a figure can be off by more than ±7 points

# How close each benchmark is to reader comments on news articles; matched by name, lower case.
DATASET_NOTES = {
    "one million posts": "Newspaper comments (derStandard, Austria): the closest to our data.",
    "omp": "Newspaper comments (derStandard, Austria): the closest to our data.",
    "derstandard": "Newspaper comments (derStandard, Austria): the closest to our data.",
    "sb10k": "Tweets: shorter and more casual than comments; expect a different figure on ours.",
    "germeval": "Customer feedback on Deutsche Bahn: another kind of text; a rough guide only.",
    "x-stance": "Swiss candidates answering political questions: stance toward a question, "
    "not a reply to another reader.",
    "xstance": "Swiss candidates answering political questions: stance toward a question, "
    "not a reply to another reader.",
}
UNKNOWN_DATASET = "How close this data set is to news comments is not known."

NOTES = [
    (
        "Accuracy",
        "the share of texts the engine labelled as people did. It flatters an engine "
        "when one label dominates: if 70% of texts are neutral, always answering “neutral” "
        "already scores 70%.",
    ),
    (
        "Macro-F1",
        "the F1 score (a balance of “finds the label when it is there” and “is right "
        "when it says so”) of each label, averaged with equal weight. An engine that never finds "
        "the rare “negative” comments scores low even if most texts are neutral. 1.0 is perfect; "
        "with three labels, guessing gets about 0.33.",
    ),
    (
        "± range",
        "how much the accuracy could move on another sample of the same size (95% "
        "range). Few labelled texts mean a wide range.",
    ),
    (
        "Which data",
        "each benchmark is other people's texts labelled by other people. On our "
        "comments the engine can do better or worse: trust a figure more the closer its data set "
        "is to news comments, and compare engines on the same data set rather than across.",
    ),
]


class Report(NamedTuple):
    """The evaluation file's date, its sentiment and stance results as a tidy frame (COLUMNS), a
    problem to show instead when there are none ("" when all is well), and the yes/no signals'
    results (SIGNAL_COLUMNS)."""

    generated: str
    results: pd.DataFrame
    problem: str
    signals: pd.DataFrame = pd.DataFrame(columns=SIGNAL_COLUMNS)


def margin(accuracy, n):
    """Half the 95% range of an accuracy measured on `n` texts (normal approximation), or NaN."""
    if n is None or pd.isna(n) or n <= 0 or accuracy is None or pd.isna(accuracy):
        return float("nan")
    return 1.96 * math.sqrt(accuracy * (1 - accuracy) / n)


def dataset_note(dataset):
    """Plain words on how close a benchmark data set is to news comments."""
    name = str(dataset or "").casefold()
    return next((note for key, note in DATASET_NOTES.items() if key in name), UNKNOWN_DATASET)


def trust_text(row):
    """How far to trust one result: its ± range, whether it rests on enough texts, its data,
    its weakest label, and whether it was trained on the very data it is judged on."""
    n = row.get("n")
    if n is None or pd.isna(n):
        parts = ["Number of texts unknown: cannot say how precise this is."]
    elif n < FEW:
        parts = [f"Only {int(n):,} texts: could be off by ±{row['margin']:.0%} or more."]
    else:
        parts = [f"{int(n):,} texts: accuracy within about ±{row['margin']:.0%}."]
    parts.append(dataset_note(row.get("dataset")))
    parts.append(
        majority_text(
            row.get("accuracy"), row.get("majority_label"), row.get("majority_accuracy"), row.get("majority_f1")
        )
    )
    per_class = row.get("per_class_f1")
    if isinstance(per_class, dict) and per_class:
        label, f1 = min(per_class.items(), key=lambda item: item[1])
        parts.append(f"Weakest on “{label_name(label)}” (F1 {f1:.2f}).")
    if _trained_on_it(row.get("engine")):
        parts.append("Trained on other parts of this same data set: expect less on comments unlike it.")
    return " ".join(part for part in parts if part)


def label_name(label):
    """A label as the dashboard names it (a target stance "none" is "no clear lean")."""
    return TARGET_NAMES.get(label, label)


def majority_text(accuracy, label, share, f1):
    """The accuracy set against always answering the commonest label (`label`: right on `share`
    of the texts, macro-F1 `f1`): "" when the file does not say."""
    if not label or pd.isna(share) or pd.isna(f1) or accuracy is None or pd.isna(accuracy):
        return ""
    more = " more often:" if accuracy < share else " on"
    return f"Always answering “{label_name(label)}” would be right{more} {share:.0%} (macro-F1 {f1:.2f})."


def _trained_on_it(engine):
    name = str(engine or "").casefold()
    return "fold" in name or name.startswith("cv")


def results_frame(results):
    """The `results` list of the evaluation file as a frame of COLUMNS, best macro-F1 first
    within each task and data set."""
    frame = pd.DataFrame(list(results or []))
    for column in ("task", "dataset", "engine", "accuracy", "macro_f1", "n", "majority"):
        if column not in frame:
            frame[column] = None
    majority = pd.DataFrame([m if isinstance(m, dict) else {} for m in frame["majority"]], index=frame.index)
    frame = frame.assign(
        majority_label=majority.get("label"),
        majority_accuracy=pd.to_numeric(majority.get("accuracy"), errors="coerce"),
        majority_f1=pd.to_numeric(majority.get("macro_f1"), errors="coerce"),
    )
    frame = frame.assign(
        accuracy=pd.to_numeric(frame["accuracy"], errors="coerce"),
        macro_f1=pd.to_numeric(frame["macro_f1"], errors="coerce"),
        n=pd.to_numeric(frame["n"], errors="coerce").astype("Int64"),
    )
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = frame.assign(margin=[margin(a, n) for a, n in zip(frame["accuracy"], frame["n"])])
    frame = frame.assign(trust=[trust_text(row) for row in frame.to_dict("records")])
    frame = frame.sort_values(["task", "dataset", "macro_f1"], ascending=[True, True, False], na_position="last")
    return frame[COLUMNS].reset_index(drop=True)


def load(path):
    """The Report of the evaluation file at `path`; a missing or broken file is a problem to
    show, never an error."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Report("", results_frame([]), MISSING.format(path=shown_path(path)))
    except (OSError, ValueError) as error:
        return Report("", results_frame([]), f"Cannot read {shown_path(path)}: {error}")
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        return Report(
            "",
            results_frame([]),
            f'{shown_path(path)} has no "results" list of {{task, dataset, engine, accuracy, macro_f1, n}} entries.',
        )
    rows = [r for r in document["results"] if isinstance(r, dict)]
    results = results_frame([r for r in rows if r.get("task") not in SIGNAL_TASKS])
    problem = "" if len(results) else MISSING.format(path=shown_path(path))
    signals = signals_frame([r for r in rows if r.get("task") in SIGNAL_TASKS])
    return Report(str(document.get("generated") or ""), results, problem, signals)


def signals_frame(results):
    """The yes/no signals' rows of the evaluation file as a frame of SIGNAL_COLUMNS (numbers
    that do not read as numbers are NaN)."""
    frame = pd.DataFrame(list(results or []), columns=SIGNAL_COLUMNS)
    numbers = {c: pd.to_numeric(frame[c], errors="coerce") for c in SIGNAL_COLUMNS[3:]}
    return frame.assign(**numbers).reset_index(drop=True)


def path_of(settings):
    """Where the evaluation file is (`settings.quality_file`, by default the bundled figures)."""
    return Path(settings.quality_file)


def shown_path(path):
    """`path`, a bundled file as `etl/resources/…`: shorter, and the same wherever installed."""
    try:
        return "etl/resources/" + Path(path).resolve().relative_to(RESOURCES).as_posix()
    except ValueError:
        return str(path)
