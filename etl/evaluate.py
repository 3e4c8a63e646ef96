"""How good are the sentiment and stance engines? Load a labelled data set, let every engine label
it, and score the labels: accuracy, macro-F1, per-class precision/recall/F1, confusion matrix.

A data set is a frame with `text, label` and, for stance, `target` (the question or claim: stance
toward a target, labels favor/against/none) or `parent` (the parent comment: reply stance, labels
agree/disagree/neutral). Built-in formats are detected by file name and shape (`FORMATS`); any
other CSV names its columns. Sentiment engines are judged by `etl.sentiment.label(polarity)`, the
same thresholds the pipeline uses, so a figure here is the figure of a run.
"""

import csv
import datetime as dt
import gzip
import json
import logging
import lzma
from pathlib import Path

import pandas as pd

from etl import DiskursError

log = logging.getLogger(__name__)

LABELS = {
    "sentiment": ("negative", "neutral", "positive"),
    "target": ("favor", "against", "none"),
    "reply": ("agree", "disagree", "neutral"),
}
_ALIASES = {
    "sentiment": {"neg": "negative", "negativ": "negative", "-1": "negative", "neu": "neutral",
                  "0": "neutral", "pos": "positive", "positiv": "positive", "1": "positive",
                  "+1": "positive"},
    "target": {"favour": "favor", "pro": "favor", "for": "favor", "contra": "against",
               "con": "against", "neutral": "none"},
    "reply": {"agreement": "agree", "disagreement": "disagree", "none": "neutral"},
}
FORMATS = ("omp", "sb10k", "germeval", "xstance", "csv")
# Names of the built-in sets, for table headings and the dashboard's figures file.
TITLES = {"omp": "One Million Posts (derStandard comments)", "sb10k": "SB10k (tweets)",
          "germeval": "GermEval 2017 (Deutsche Bahn feedback)", "xstance": "x-stance (German)"}
TASK_NAMES = {"sentiment": "sentiment", "target": "stance toward a target", "reply": "reply stance"}


class EvaluateError(DiskursError):
    """A data set cannot be read or does not fit the task."""


# --- data sets ---------------------------------------------------------------------------------

def detect_format(path):
    """The built-in format of `path` by name and first line, else "csv"."""
    path = Path(path)
    name = path.name.lower()
    if name.startswith("posts.csv"):
        return "omp"
    if name.endswith(".jsonl") or name.endswith(".json"):
        return "xstance"
    first = _first_line(path)
    if name.endswith((".tsv", ".tsv.xz", ".tsv.gz")):
        fields = first.split("\t")
        if len(fields) > 3 and fields[0].startswith("http"):
            return "germeval"
        return "sb10k"
    header = {c.strip().lower() for c in next(csv.reader([first]), [])}
    if {"sentiment_label", "body"} <= header:
        return "omp"
    if {"comment", "question", "label"} <= header:
        return "xstance"
    return "csv"


def _first_line(path):
    try:
        with _open_text(path) as handle:
            return handle.readline().rstrip("\r\n")
    except OSError as error:
        raise EvaluateError(f"cannot read {path}: {error.strerror or error}") from error


def _open_text(path):
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(Path(path).suffix, open)
    return opener(path, "rt", encoding="utf-8", newline="")


def load_dataset(path, format=None, text_column="text", label_column="label", target_column=None,
                 parent_column=None, task=None):
    """A frame `text, label` (+ `target` or `parent`) from `path`; rows without a label dropped.

    `format` is one of FORMATS, detected when None. Labels are normalised for `task` (sentiment,
    target, reply; taken from the columns when None). The frame's `attrs` hold format and task.
    """
    path = Path(path)
    if not path.exists():
        raise EvaluateError(f"data set not found: {path}")
    format = format or detect_format(path)
    if format not in FORMATS:
        raise EvaluateError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if format == "csv":
        frame = _read_csv(path, text_column, label_column, target_column, parent_column)
    else:
        frame = _READERS[format](path)
    frame = frame.dropna(subset=["text", "label"])
    frame = frame[frame["label"].astype(str).str.strip() != ""]
    task = _resolve_task(frame, task, path)
    frame = frame.assign(label=normalise_labels(frame["label"], task)).reset_index(drop=True)
    frame.attrs.update(format=format, task=task, path=str(path))
    return frame


def _resolve_task(frame, task, path):
    kind = "target" if "target" in frame else "reply" if "parent" in frame else "sentiment"
    if task in (None, kind) or (task == "stance" and kind != "sentiment"):
        return kind
    if task == "stance":
        raise EvaluateError(f"{path}: stance needs a target column (--target-column, the question or "
                            "claim) or a parent column (--parent-column, the parent's text)")
    raise EvaluateError(f"{path} is a {kind} data set, not {task}")


def _read_omp(path):
    posts = pd.read_csv(path, dtype=str, keep_default_na=False)
    text = (posts["Headline"].str.strip() + "\n" + posts["Body"].str.strip()).str.strip()
    return pd.DataFrame({"text": text, "label": posts["sentiment_label"].replace("", None)})


def _read_sb10k(path):
    # tweet_id, label, text, then lemmas and parses; tweets hold bare quotes, so no quoting.
    rows = _tsv_rows(path)
    return pd.DataFrame([(r[2], r[1]) for r in rows if len(r) > 2], columns=["text", "label"])


def _read_germeval(path):
    # url, text, relevance, sentiment[, aspects]; no header.
    rows = _tsv_rows(path)
    return pd.DataFrame([(r[1], r[3]) for r in rows if len(r) > 3], columns=["text", "label"])


def _tsv_rows(path):
    with _open_text(path) as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _read_xstance(path):
    if path.suffix in (".jsonl", ".json"):
        with _open_text(path) as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        frame = pd.DataFrame(records)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"comment", "question", "label"} - set(frame.columns)
    if missing:
        raise EvaluateError(f"{path}: x-stance needs columns comment, question, label; missing {', '.join(sorted(missing))}")
    return pd.DataFrame({"text": frame["comment"], "target": frame["question"], "label": frame["label"]})


def _read_csv(path, text_column, label_column, target_column, parent_column):
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise EvaluateError(f"cannot read {path} as CSV: {error}") from error
    wanted = {"text": text_column, "label": label_column, "target": target_column, "parent": parent_column}
    wanted = {ours: theirs for ours, theirs in wanted.items() if theirs}
    missing = [theirs for theirs in wanted.values() if theirs not in frame.columns]
    if missing:
        raise EvaluateError(f"{path}: no column {', '.join(map(repr, missing))}; it has "
                            f"{', '.join(map(repr, frame.columns))} (see --text-column, --label-column)")
    return pd.DataFrame({ours: frame[theirs] for ours, theirs in wanted.items()})


_READERS = {"omp": _read_omp, "sb10k": _read_sb10k, "germeval": _read_germeval, "xstance": _read_xstance}


def normalise_labels(labels, task):
    """Lower-cased labels of `task`, with common spellings mapped (FAVOR -> favor, pos -> positive)."""
    cleaned = labels.astype(str).str.strip().str.lower()
    cleaned = cleaned.map(lambda value: _ALIASES[task].get(value, value))
    unknown = sorted(set(cleaned) - set(LABELS[task]))
    if unknown:
        raise EvaluateError(f"labels {', '.join(map(repr, unknown[:5]))} are not {task} labels; "
                            f"expected {', '.join(LABELS[task])}")
    return cleaned


# --- metrics -----------------------------------------------------------------------------------

def metrics(gold, predicted, labels=None):
    """Accuracy, macro-F1 and per-class precision/recall/F1/support, and the confusion matrix.

    Macro-F1 averages over the classes present in `gold` (a class only predicted, never true,
    counts in the confusion matrix but not in the average). `labels` fixes the class order.
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
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": sum(v["f1"] for v in per_class.values()) / len(per_class) if per_class else 0.0,
        "per_class": per_class,
        "confusion": {"labels": shown, "matrix": matrix.to_numpy().tolist()},
    }


# --- engines -----------------------------------------------------------------------------------

def sentiment_predictor(engine):
    """A predictor (frame -> labels) from a sentiment engine, via the pipeline's thresholds."""
    from etl.sentiment import label

    def predict(frame):
        texts = frame["text"].tolist()
        if hasattr(engine, "score_many"):
            scores = list(engine.score_many(texts))
        else:
            scores = [engine.score(text) for text in texts]
        return label(pd.Series([p for p, _ in scores], index=frame.index, dtype="float64")).tolist()
    return predict


def stance_predictor(engine, task):
    """A predictor (frame -> labels) from a stance engine of `etl.stance` or a trained model."""
    column = "target" if task == "target" else "parent"

    def predict(frame):
        return [str(x).lower() for x in engine.predict(frame["text"].tolist(), frame[column].tolist())]
    return predict


def predictors(task, model_paths=(), engine_names=None, cross_validate=None):
    """{name: predictor} for `task`: the built-in engines (all, or those in `engine_names`),
    each trained model in `model_paths`, and a K-fold model when `cross_validate` is K."""
    from etl import train

    found = {}
    for name, build in _builtin_engines(task).items():
        if engine_names is None or name in engine_names:
            found[name] = build()
    if engine_names:
        unknown = set(engine_names) - set(_builtin_engines(task))
        if unknown:
            raise EvaluateError(f"unknown {task} engine {', '.join(sorted(unknown))}; choose from "
                                f"{', '.join(_builtin_engines(task)) or 'none'}")
    for path in model_paths:
        model = train.load_model(path)
        if model.task != task:
            raise EvaluateError(f"model {path} is for {model.task}, not {task}")
        found[model.name] = sentiment_predictor(model) if task == "sentiment" else stance_predictor(model, task)
    if cross_validate:
        found[f"cv-model ({cross_validate}-fold)"] = lambda frame: train.cross_validate(frame, task, cross_validate)
    return found


def _builtin_engines(task):
    """{name: () -> predictor}, built only when called (engines load lexicons and models)."""
    if task == "sentiment":
        from etl import sentiment, sentiment_de
        names = dict.fromkeys([*sentiment.ENGINES, sentiment_de.GermanPlusEngine.name])

        def build(name):
            engine = sentiment.get_engine(name) if name in sentiment.ENGINES else sentiment_de.GermanPlusEngine()
            return sentiment_predictor(engine)
        return {name: (lambda name=name: build(name)) for name in names}
    try:
        from etl import stance
    except ImportError:
        log.warning("etl.stance is not available: no built-in stance engines")
        return {}
    engines = getattr(stance, "TARGET_ENGINES" if task == "target" else "REPLY_ENGINES", {})
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
    heading = (f"{dataset_title(frame)}: {frame.attrs.get('path', '')}\n"
               f"{len(frame)} texts; gold " + ", ".join(f"{c} {counts.get(c, 0)}" for c in LABELS[task] if c in counts))
    classes = [c for c in LABELS[task] if c in counts]
    rows = {"accuracy": [r["accuracy"] for r in results.values()],
            "macro-F1": [r["macro_f1"] for r in results.values()]}
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
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = document.get("results", []) if isinstance(document, dict) else []
    except FileNotFoundError:
        rows = []
    except (OSError, ValueError) as error:
        raise EvaluateError(f"cannot update {path}: {error}") from error
    task, dataset = TASK_NAMES[frame.attrs.get("task", "sentiment")], dataset_title(frame)
    new = [{"task": task, "dataset": dataset, "engine": engine, "accuracy": round(r["accuracy"], 4),
            "macro_f1": round(r["macro_f1"], 4), "n": r["n"],
            "per_class_f1": {c: round(v["f1"], 4) for c, v in r["per_class"].items()}}
           for engine, r in results.items()]
    kept = [r for r in rows if isinstance(r, dict)
            and (r.get("task"), r.get("dataset"), r.get("engine")) not in {(task, dataset, n["engine"]) for n in new}]
    generated = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"generated": generated, "results": kept + new}, indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")
