"""Labelled data sets for judging and training the engines: read one, in a built-in format or a
CSV that names its columns, into a frame `text, label` and, for stance, `target` (the question or
claim: stance toward a target, labels favor/against/none) or `parent` (the parent comment: reply
stance, labels agree/disagree/neutral), with the labels normalised for the task; plus
`article_id` where the data names each text's article (One Million Posts' `ID_Article`, a CSV's
`article_id` column), so cross-validation can keep articles whole.

Public verb: `load_dataset(path, ...)`; `detect_format` tells the built-in format (`FORMATS`) by
file name and shape, `normalise_labels` maps common spellings. `etl.quality.evaluate` scores engines on
these frames, `etl.quality.train` fits models on them.
"""

import csv
import gzip
import json
import lzma
from pathlib import Path

import pandas as pd

from etl import DiskursError

# Names of the built-in sets, for table headings and the dashboard's figures file.
TITLES = {
    "omp": "One Million Posts (derStandard comments)",
    "sb10k": "SB10k (tweets)",
    "germeval": "GermEval 2017 (Deutsche Bahn feedback)",
    "xstance": "x-stance (German)",
}
LABELS = {
    "sentiment": ("negative", "neutral", "positive"),
    "target": ("favor", "against", "none"),
    "reply": ("agree", "disagree", "neutral"),
}
_ALIASES = {
    "sentiment": {
        "neg": "negative",
        "negativ": "negative",
        "-1": "negative",
        "neu": "neutral",
        "0": "neutral",
        "pos": "positive",
        "positiv": "positive",
        "1": "positive",
        "+1": "positive",
    },
    "target": {
        "favour": "favor",
        "pro": "favor",
        "for": "favor",
        "contra": "against",
        "con": "against",
        "neutral": "none",
    },
    "reply": {"agreement": "agree", "disagreement": "disagree", "none": "neutral"},
}
FORMATS = ("omp", "sb10k", "germeval", "xstance", "csv")


class EvaluateError(DiskursError):
    """A data set cannot be read or does not fit the task (`etl.quality.evaluate` raises it too)."""


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


def load_dataset(
    path, format=None, text_column="text", label_column="label", target_column=None, parent_column=None, task=None
):
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
        raise EvaluateError(
            f"{path}: stance needs a target column (--target-column, the question or "
            "claim) or a parent column (--parent-column, the parent's text)"
        )
    raise EvaluateError(f"{path} is a {kind} data set, not {task}")


def _read_omp(path):
    posts = pd.read_csv(path, dtype=str, keep_default_na=False)
    text = (posts["Headline"].str.strip() + "\n" + posts["Body"].str.strip()).str.strip()
    return pd.DataFrame(
        {"text": text, "label": posts["sentiment_label"].replace("", None), "article_id": posts["ID_Article"]}
    )


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
        raise EvaluateError(
            f"{path}: x-stance needs columns comment, question, label; missing {', '.join(sorted(missing))}"
        )
    return pd.DataFrame({"text": frame["comment"], "target": frame["question"], "label": frame["label"]})


def _read_csv(path, text_column, label_column, target_column, parent_column):
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise EvaluateError(f"cannot read {path} as CSV: {error}") from error
    wanted = {"text": text_column, "label": label_column, "target": target_column, "parent": parent_column}
    wanted = {ours: theirs for ours, theirs in wanted.items() if theirs}
    if "article_id" in frame.columns and "article_id" not in wanted.values():
        wanted["article_id"] = "article_id"
    missing = [theirs for theirs in wanted.values() if theirs not in frame.columns]
    if missing:
        raise EvaluateError(
            f"{path}: no column {', '.join(map(repr, missing))}; it has "
            f"{', '.join(map(repr, frame.columns))} (see --text-column, --label-column)"
        )
    return pd.DataFrame({ours: frame[theirs] for ours, theirs in wanted.items()})


_READERS = {"omp": _read_omp, "sb10k": _read_sb10k, "germeval": _read_germeval, "xstance": _read_xstance}


def normalise_labels(labels, task):
    """Lower-cased labels of `task`, with common spellings mapped (FAVOR -> favor, pos -> positive)."""
    cleaned = labels.astype(str).str.strip().str.lower()
    cleaned = cleaned.map(lambda value: _ALIASES[task].get(value, value))
    unknown = sorted(set(cleaned) - set(LABELS[task]))
    if unknown:
        raise EvaluateError(
            f"labels {', '.join(map(repr, unknown[:5]))} are not {task} labels; expected {', '.join(LABELS[task])}"
        )
    return cleaned


def combine(first, second):
    """Two labelled frames of the same task as one (the columns of both; attrs of the first, with
    both paths): a store's labels plus a data set, for training."""
    if first.attrs.get("task") != second.attrs.get("task"):
        raise EvaluateError(
            f"{second.attrs.get('path')} is a {second.attrs.get('task')} data set, "
            f"{first.attrs.get('path')} {first.attrs.get('task')}: they cannot be combined"
        )
    both = pd.concat([first.astype(object), second.astype(object)], ignore_index=True)
    both.attrs.update(first.attrs, path=f"{first.attrs.get('path')} + {second.attrs.get('path')}")
    return both
