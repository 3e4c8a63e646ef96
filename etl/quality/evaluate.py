"""How good are the sentiment and stance engines? Load a labelled data set, let every engine label
it, and score the labels: accuracy, macro-F1, per-class precision/recall/F1, confusion matrix.

A data set is a frame with `text, label` and, for stance, `target` (the question or claim: stance
toward a target, labels favor/against/none) or `parent` (the parent comment: reply stance, labels
agree/disagree/neutral), as `etl.quality.datasets.load_dataset` reads it. Sentiment engines are judged
by `etl.sentiment.label(polarity)`, the same thresholds the pipeline uses, so a figure here is the
figure of a run.
"""

import datetime as dt
import json
import logging
from pathlib import Path

import pandas as pd

from etl import sentiment, stance
from etl.quality import train
from etl.quality.datasets import LABELS, TITLES, EvaluateError

log = logging.getLogger(__name__)

TASK_NAMES = {"sentiment": "sentiment", "target": "stance toward a target", "reply": "reply stance"}


# --- metrics -----------------------------------------------------------------------------------


def metrics(gold, predicted, labels=None):
    """Accuracy, macro-F1 and per-class precision/recall/F1/support, the confusion matrix, and
    the majority baseline: the commonest gold label and the accuracy of always answering it (what
    an accuracy must beat to say anything).

    Macro-F1 averages over the classes present in `gold` (a class only predicted, never true,
    counts in the confusion matrix but not in the average). `labels` fixes the class order (and
    breaks a tie for the commonest).
    """
    gold, predicted = list(gold), list(predicted)
    if len(gold) != len(predicted):
        raise EvaluateError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    order = list(labels or sorted(set(gold)))
    classes = [c for c in order if c in set(gold)]
    shown = classes + sorted((set(predicted) - set(classes)), key=lambda c: (c not in order, str(c)))
    pairs = pd.crosstab(pd.Series(gold, name="gold"), pd.Series(predicted, name="predicted"))
    matrix = pairs.reindex(index=shown, columns=shown, fill_value=0)
    per_class = {}
    for c in classes:
        tp = int(matrix.loc[c, c])
        n_pred, n_gold = int(matrix[c].sum()), int(matrix.loc[c].sum())
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
    correct = sum(g == p for g, p in zip(gold, predicted))
    commonest = max(classes, key=lambda c: per_class[c]["support"], default=None)  # the first of a tie
    share = per_class[commonest]["support"] / len(gold) if commonest is not None else 0.0
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": sum(v["f1"] for v in per_class.values()) / len(per_class) if per_class else 0.0,
        "per_class": per_class,
        "confusion": {"labels": shown, "matrix": matrix.to_numpy().tolist()},
        # Always answering the commonest label: right on its share, F1 2p/(1+p) for it, 0 for the rest.
        "majority": {
            "label": commonest,
            "accuracy": share,
            "macro_f1": 2 * share / (1 + share) / len(classes) if classes else 0.0,
        },
    }


# --- engines -----------------------------------------------------------------------------------


def sentiment_predictor(engine):
    """A predictor (frame -> labels) from a sentiment engine, via the pipeline's thresholds."""

    def predict(frame):
        texts = frame["text"].tolist()
        if hasattr(engine, "score_many"):
            scores = list(engine.score_many(texts))
        else:
            scores = [engine.score(text) for text in texts]
        return sentiment.label(pd.Series([p for p, _ in scores], index=frame.index, dtype="float64")).tolist()

    return predict


def stance_predictor(engine, task):
    """A predictor (frame -> labels) from a stance engine of `etl.stance` or a trained model."""
    column = "target" if task == "target" else "parent"

    def predict(frame):
        return [str(x).lower() for x in engine.predict(frame["text"].tolist(), frame[column].tolist())]

    return predict


def predictors(task, model_paths=(), engine_names=None, cross_validate=None, by_article=False):
    """{name: predictor} for `task`: the built-in engines (all, or those in `engine_names`),
    each trained model in `model_paths`, and a K-fold model when `cross_validate` is K (named
    "cv-model (K-fold by article)" when `by_article`: the data set's folds keep articles whole)."""
    found = {}
    for name, build in _builtin_engines(task).items():
        if engine_names is None or name in engine_names:
            found[name] = build()
    if engine_names:
        unknown = set(engine_names) - set(_builtin_engines(task))
        if unknown:
            raise EvaluateError(
                f"unknown {task} engine {', '.join(sorted(unknown))}; choose from "
                f"{', '.join(_builtin_engines(task)) or 'none'}"
            )
    for path in model_paths:
        model = train.load_model(path)
        if model.task != task:
            raise EvaluateError(f"model {path} is for {model.task}, not {task}")
        found[model.name] = sentiment_predictor(model) if task == "sentiment" else stance_predictor(model, task)
    if cross_validate:
        name = f"cv-model ({cross_validate}-fold{' by article' if by_article else ''})"
        found[name] = lambda frame: train.cross_validate(frame, task, cross_validate)
    return found


def _builtin_engines(task):
    """{name: () -> predictor}, built only when called (engines load lexicons and models)."""
    if task == "sentiment":
        return {name: (lambda name=name: sentiment_predictor(sentiment.get_engine(name))) for name in sentiment.ENGINES}
    engines = stance.TARGET_ENGINES if task == "target" else stance.REPLY_ENGINES
    return {name: (lambda cls=cls: stance_predictor(cls(), task)) for name, cls in engines.items()}


def evaluate(frame, found):
    """{engine name: metrics} of every predictor in `found` on the labelled `frame`."""
    task = frame.attrs.get("task", "sentiment")
    results = {}
    for name, predict in found.items():
        log.info("evaluating %s on %d texts", name, len(frame))
        results[name] = metrics(frame["label"], predict(frame), LABELS[task])
    return results


# --- output ------------------------------------------------------------------------------------


def format_table(frame, results):
    """The results side by side as plain text: one column an engine, then each confusion matrix."""
    counts = frame["label"].value_counts()
    task = frame.attrs.get("task", "sentiment")
    heading = f"{dataset_title(frame)}: {frame.attrs.get('path', '')}\n{len(frame)} texts; gold " + ", ".join(
        f"{c} {counts.get(c, 0)}" for c in LABELS[task] if c in counts
    )
    classes = [c for c in LABELS[task] if c in counts]
    majority = next(iter(results.values()), {}).get("majority", {})  # the same for every engine: the gold's
    if majority.get("label") is not None:
        heading += f"; always answering “{majority['label']}” is right on {majority['accuracy']:.1%}"
    rows = {
        "accuracy": [r["accuracy"] for r in results.values()],
        "macro-F1": [r["macro_f1"] for r in results.values()],
    }
    for c in classes:
        rows[f"F1 {c}"] = [r["per_class"][c]["f1"] for r in results.values()]
    table = pd.DataFrame(rows, index=list(results)).T
    lines = [heading, "", table.to_string(float_format=lambda v: f"{v:.3f}")]
    for name, result in results.items():
        shown = result["confusion"]["labels"]
        matrix = pd.DataFrame(result["confusion"]["matrix"], index=[f"  {c}" for c in shown], columns=shown)
        lines += ["", f"{name}: confusion (rows gold, columns predicted)", matrix.to_string()]
    return "\n".join(lines)


def to_json(results):
    """The results as one JSON object {engine: {accuracy, macro_f1, per_class, confusion, n}}."""
    return json.dumps(results, indent=2, ensure_ascii=False)


def dataset_title(frame):
    """The name of a loaded data set: the built-in set's title, else its file name."""
    return TITLES.get(frame.attrs.get("format"), Path(frame.attrs.get("path", "data set")).name)


def record(path, frame, results):
    """Add `results` to the figures file the dashboard's "Model quality" part reads
    ({"generated", "results": [{task, dataset, engine, accuracy, macro_f1, n}]}), replacing
    earlier figures of the same task, data set and engine."""
    task, dataset = TASK_NAMES[frame.attrs.get("task", "sentiment")], dataset_title(frame)
    write_figures(
        path,
        [
            {
                "task": task,
                "dataset": dataset,
                "engine": engine,
                "accuracy": round(r["accuracy"], 4),
                "macro_f1": round(r["macro_f1"], 4),
                "n": r["n"],
                "per_class_f1": {c: round(v["f1"], 4) for c, v in r["per_class"].items()},
                "majority": {k: round(v, 4) if isinstance(v, float) else v for k, v in r["majority"].items()},
            }
            for engine, r in results.items()
        ],
    )


def write_figures(path, new):
    """Add the result rows `new` to the figures file at `path`, replacing earlier rows of the
    same task, data set and engine."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = document.get("results", []) if isinstance(document, dict) else []
    except FileNotFoundError:
        rows = []
    except (OSError, ValueError) as error:
        raise EvaluateError(f"cannot update {path}: {error}") from error
    replaced = {(n["task"], n["dataset"], n["engine"]) for n in new}
    kept = [
        r for r in rows if isinstance(r, dict) and (r.get("task"), r.get("dataset"), r.get("engine")) not in replaced
    ]
    generated = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"generated": generated, "results": kept + new}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
