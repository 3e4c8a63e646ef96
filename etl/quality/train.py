"""Train sentiment and stance models on a user's own labelled data, save them, load them as
engines (`python -m etl train ...`, then `--model FILE` on `run` and `evaluate`).

A model is a scikit-learn pipeline: features of the text (`etl.quality.features`: character
and word n-grams, the lexicon engines' scores, the reply cue lexicon's hits) into a logistic
regression with balanced class weights (rare labels count as much as common ones). For stance
toward a target the text is paired with the target (the question or claim): text words crossed
with the target, so the same word can lean one way for one question and the other way for
another. `build_pipeline` says what each task reads.

A saved model is one joblib file holding the pipeline and its metadata (task, inputs, labels,
training size, date, data set). Loading a pickle runs code from it: load only models you made or
trust. Nothing trained on ../shared/data is shipped (licences); users train on their own labels.
A store can be told to score with a model (`use_model`, `diskurs train ... --use`): its folder
then holds `model.json` naming the file, which runs read (`used_model`).
"""

import datetime as dt
import hashlib
import json
import logging
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from etl import DiskursError
from etl.quality import features

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: inputs listed in the metadata; 1 (text, other, pair) still loads
USED_MODEL = "model.json"
_WORD = re.compile(r"\w\w+", re.UNICODE)


class TrainError(DiskursError):
    """A model cannot be trained, saved or loaded."""


def _sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError as error:
        raise TrainError("training needs scikit-learn: pip install 'diskurs[train]'") from error


# What each task's model reads (etl.quality.features) and how strongly it is regularised; chosen
# by grouped cross-validation on tuning articles only (docs/quality.md, "Trained models").
INPUTS = {
    "sentiment": ("text", "lexicon"),
    "reply": ("text", "cues", "questions"),
    "target": ("text", "other", "pair"),
}
_INPUTS_V1 = {"sentiment": ("text",), "reply": ("text", "other", "pair"), "target": ("text", "other", "pair")}
LEXICON_WEIGHT = 5.0


def build_pipeline(task, seed=0):
    """An unfitted pipeline for `task` (sentiment, target, reply) taking `features.model_input`'s
    frame of `INPUTS[task]`.

    sentiment: character n-grams (2-5, within words) and the lexicon engines' scores; word
    n-grams are left out (on articles never seen they learn the topics of the training
    articles). reply: words and character n-grams of the reply, the cue lexicon's hits and the
    question marks of reply and parent. target: words and character n-grams of the text, words
    of the target, and text words crossed with the target.
    """
    _sklearn()
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    def words(column):
        return (column, TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True), column)

    chars = (
        "chars",
        TfidfVectorizer(
            lowercase=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=200_000
        ),
        "text",
    )
    if task == "sentiment":
        lexicon = FunctionTransformer(features.lexicon_features, kw_args={"weight": LEXICON_WEIGHT})
        parts, c = [chars, ("lexicon", lexicon, features.LEXICON_COLUMNS)], 1.0
    elif task == "reply":
        cues = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
        parts = [words("text"), chars, ("cues", cues, "cues"), ("questions", "passthrough", features.QUESTION_COLUMNS)]
        c = 1.0
    else:
        pairs = TfidfVectorizer(analyzer=pair_features, sublinear_tf=True)
        parts, c = [words("text"), chars, words("other"), ("pairs", pairs, "pair")], 10.0
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed)
    return Pipeline([("features", ColumnTransformer(parts)), ("classifier", classifier)])


def pair_features(pair):
    """Words of the text crossed with a short key of its target: 'k3f9:teuer'."""
    other, _, text = pair.partition("\x1f")
    key = hashlib.blake2s(other.strip().lower().encode(), digest_size=3).hexdigest()
    return [f"{key}:{word}" for word in _WORD.findall(text.lower())]


def model_input(dataset, task=None):
    """The frame a model of `task` takes, from a labelled frame (`text`, + `target` or `parent`)."""
    task = task or dataset.attrs.get("task", "sentiment")
    return features.model_input(dataset["text"], _other(dataset), INPUTS[task])


def _other(dataset):
    return dataset["target"] if "target" in dataset else dataset.get("parent")


def _check_labels(labels):
    if pd.Series(labels).nunique() < 2:
        raise TrainError(f"need at least two different labels to train, found {sorted(set(labels))}")


def fit(dataset, seed=0):
    """A fitted pipeline on a labelled frame from `etl.quality.datasets.load_dataset`."""
    task = dataset.attrs.get("task", "sentiment")
    _check_labels(dataset["label"])
    pipeline = build_pipeline(task, seed)
    pipeline.fit(model_input(dataset, task), dataset["label"].astype(str))
    return pipeline


def train(dataset, out, seed=0):
    """Fit on `dataset`, save to `out` with metadata; return the metadata."""
    import joblib

    pipeline = fit(dataset, seed)
    task = dataset.attrs.get("task", "sentiment")
    meta = {
        "format_version": FORMAT_VERSION,
        "task": task,
        "inputs": list(INPUTS[task]),
        "labels": [str(c) for c in pipeline.classes_],
        "n_train": int(len(dataset)),
        "label_counts": {str(k): int(v) for k, v in dataset["label"].value_counts().items()},
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dataset": Path(dataset.attrs.get("path", "")).name,
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.partial")
    joblib.dump({"meta": meta, "pipeline": pipeline}, partial, compress=3)
    partial.replace(out)
    return meta


def article_groups(dataset):
    """The article of every row when the data set names one for each, else None."""
    if "article_id" not in dataset:
        return None
    articles = dataset["article_id"].astype("string")
    return None if articles.isna().any() or (articles.str.strip() == "").any() else articles


def cross_validate(dataset, task, k, seed=0, test=None):
    """Labels for every row of `dataset`, each predicted by a model trained on the other folds;
    nothing is saved. Folds keep articles whole when the data set has `article_id` (stratified
    group K-fold: no article is in training and test at once), else stratified K-fold; seeded.

    `test` (a boolean mask) limits the folds to those rows: every other row is always trained
    on and gets the label "" (measuring on articles held out from tuning).
    """
    labels = dataset["label"].astype(str).reset_index(drop=True)
    splits = fold_splits(dataset, k, seed, test)
    inputs = model_input(dataset, task)  # once: the lexicon engines are the slow part
    predicted = pd.Series("", index=range(len(dataset)), dtype=object)
    for training, held_out in splits:
        pipeline = build_pipeline(task, seed).fit(inputs.iloc[training], labels.iloc[training])
        predicted.iloc[held_out] = pipeline.predict(inputs.iloc[held_out])
    return predicted.tolist()


def fold_splits(dataset, k, seed=0, test=None):
    """The folds of `cross_validate` as a list of (training positions, held-out positions):
    articles kept whole when the data set names them, else stratified by label; `test` (a
    boolean mask) limits the held-out rows to those, every other row is always in training.
    Raises TrainError when K does not fit the data or a training fold has a single label."""
    _sklearn()
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    if k < 2:
        raise TrainError("--cross-validate needs K of at least 2")
    test = pd.Series(True, index=dataset.index) if test is None else pd.Series(list(test), index=dataset.index)
    labels = dataset["label"].astype(str).reset_index(drop=True)
    groups = article_groups(dataset)
    tested = test.to_numpy().nonzero()[0]
    if groups is not None:
        n_articles = groups.iloc[tested].nunique()
        if n_articles < k:
            raise TrainError(
                f"--cross-validate {k}: the data set has only {n_articles} articles (folds keep articles whole)"
            )
        folds = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
        splits = folds.split(tested, labels.iloc[tested], groups.iloc[tested])
    else:
        smallest = int(labels.iloc[tested].value_counts().min())
        if smallest < k:
            raise TrainError(f"--cross-validate {k}: the rarest label has only {smallest} rows")
        splits = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(tested, labels.iloc[tested])
    result = []
    for _, test_positions in splits:
        held_out = tested[test_positions]
        training = np.setdiff1d(np.arange(len(dataset)), held_out)
        _check_labels(labels.iloc[training])
        result.append((training, held_out))
    return result


class Model:
    """A trained model as an engine: sentiment models have `score(text) -> (polarity,
    subjectivity)`, stance models `predict(texts, others) -> labels`."""

    def __init__(self, pipeline, meta, name):
        self.pipeline, self.meta, self.name = pipeline, meta, name
        self.task = meta["task"]
        self.inputs = tuple(meta.get("inputs") or _INPUTS_V1[self.task])

    def predict(self, texts, others=None):
        """Labels of `texts` (for stance, toward `others`: targets or parent comments)."""
        return [str(x) for x in self.pipeline.predict(features.model_input(texts, others, self.inputs))]

    def score(self, text):
        """(polarity, subjectivity): P(positive) - P(negative), and 1 - P(neutral)."""
        return self.score_many([text])[0]

    def score_many(self, texts):
        """[(polarity, subjectivity)] of many texts, for sentiment models."""
        if self.task != "sentiment":
            raise TrainError(f"model {self.name} is a {self.task} stance model, not a sentiment model")
        probabilities = self.pipeline.predict_proba(features.model_input(texts, None, self.inputs))
        column = {c: i for i, c in enumerate(self.pipeline.classes_)}

        def p(row, label):
            return float(row[column[label]]) if label in column else 0.0

        return [(p(row, "positive") - p(row, "negative"), 1.0 - p(row, "neutral")) for row in probabilities]


def load_model(path):
    """The engine saved at `path` by `train`; its name is "model:<file stem>"."""
    import joblib

    path = Path(path)
    if not path.exists():
        raise TrainError(f"model not found: {path}")
    try:
        saved = joblib.load(path)
        meta, pipeline = saved["meta"], saved["pipeline"]
    except Exception as error:  # a pickle can fail in many ways; all mean "not our model file"
        raise TrainError(f"{path} is not a model saved by `diskurs train`: {error}") from error
    if meta.get("format_version") not in (1, FORMAT_VERSION):
        raise TrainError(f"{path}: model format {meta.get('format_version')}, this version reads 1 to {FORMAT_VERSION}")
    return Model(pipeline, meta, f"model:{path.stem}")


def use_model(store_dir, path):
    """Tell the store at `store_dir` to score sentiment with the model at `path` in later runs
    (when neither --sentiment nor --model is given): `model.json` in the store folder, written
    whole or not at all. The model is loaded first, so a broken file is refused here."""
    path = Path(path).resolve()
    model = load_model(path)
    if model.task != "sentiment":
        raise TrainError(f"model {path} is a {model.task} stance model: runs use sentiment models only")
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    target = store_dir / USED_MODEL
    partial = target.with_name(f"{USED_MODEL}.partial-{os.getpid()}")
    chosen = {"model": str(path), "chosen_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    partial.write_text(json.dumps(chosen, indent=1) + "\n", encoding="utf-8")
    partial.replace(target)
    return path


def used_model(store_dir):
    """The model file the store was told to use (`use_model`), or None."""
    target = Path(store_dir) / USED_MODEL
    try:
        chosen = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise TrainError(f"cannot read {target}: {error}; delete it to score with an engine again") from error
    if not isinstance(chosen, dict) or not isinstance(chosen.get("model"), str):
        raise TrainError(f"{target} names no model; delete it to score with an engine again")
    return Path(chosen["model"])
