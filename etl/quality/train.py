"""Train sentiment and stance models on a user's own labelled data, save them, load them as
engines (`python -m etl train ...`, then `--model FILE` on `run` and `evaluate`).

A model is a scikit-learn pipeline: TF-IDF word and character n-grams into a logistic
regression. For stance the text is paired with its target (the question or claim) or its parent
comment: features of the text, of the target, and text words crossed with the target, so the
same word can lean one way for one question and the other way for another.

A saved model is one joblib file holding the pipeline and its metadata (task, labels, training
size, date, data set). Loading a pickle runs code from it: load only models you made or trust.
Nothing trained on ../shared/data is shipped (licences); users train on their own labels.
"""

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path

import pandas as pd

from etl import DiskursError

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
_WORD = re.compile(r"\w\w+", re.UNICODE)


class TrainError(DiskursError):
    """A model cannot be trained, saved or loaded."""


def _sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError as error:
        raise TrainError("training needs scikit-learn: pip install 'diskurs[train]'") from error


def build_pipeline(task, seed=0):
    """An unfitted pipeline for `task` (sentiment, target, reply) taking a frame `text` (+ `other`)."""
    _sklearn()
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    def words():
        return TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True)

    def chars():
        return TfidfVectorizer(
            lowercase=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=200_000
        )

    parts = [("words", words(), "text"), ("chars", chars(), "text")]
    if task != "sentiment":
        parts += [
            ("other", words(), "other"),
            ("pairs", TfidfVectorizer(analyzer=pair_features, sublinear_tf=True), "pair"),
        ]
    classifier = LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000, random_state=seed)
    return Pipeline([("features", ColumnTransformer(parts)), ("classifier", classifier)])


def pair_features(pair):
    """Words of the text crossed with a short key of its target: 'k3f9:teuer'."""
    other, _, text = pair.partition("\x1f")
    key = hashlib.blake2s(other.strip().lower().encode(), digest_size=3).hexdigest()
    return [f"{key}:{word}" for word in _WORD.findall(text.lower())]


def model_input(texts, others=None):
    """The frame a pipeline takes: `text`, and for stance `other` and the `pair` of both."""
    frame = pd.DataFrame({"text": [str(t) for t in texts]})
    if others is not None:
        others = [str(o) for o in others]
        frame = frame.assign(other=others, pair=[o + "\x1f" + t for o, t in zip(others, frame["text"])])
    return frame


def _other(dataset):
    return dataset["target"] if "target" in dataset else dataset.get("parent")


def fit(dataset, seed=0):
    """A fitted pipeline on a labelled frame from `etl.quality.datasets.load_dataset`."""
    task = dataset.attrs.get("task", "sentiment")
    if dataset["label"].nunique() < 2:
        raise TrainError(f"need at least two different labels to train, found {sorted(set(dataset['label']))}")
    pipeline = build_pipeline(task, seed)
    pipeline.fit(model_input(dataset["text"], _other(dataset)), dataset["label"])
    return pipeline


def train(dataset, out, seed=0):
    """Fit on `dataset`, save to `out` with metadata; return the metadata."""
    import joblib

    pipeline = fit(dataset, seed)
    meta = {
        "format_version": FORMAT_VERSION,
        "task": dataset.attrs.get("task", "sentiment"),
        "labels": [str(c) for c in pipeline.classes_],
        "n_train": int(len(dataset)),
        "label_counts": {str(k): int(v) for k, v in dataset["label"].value_counts().items()},
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dataset": Path(dataset.attrs.get("path", "")).name,
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"meta": meta, "pipeline": pipeline}, out)
    return meta


def cross_validate(dataset, task, k, seed=0):
    """Labels for every row of `dataset`, each predicted by a model trained on the other folds
    (stratified K-fold, seeded); nothing is saved."""
    _sklearn()
    from sklearn.model_selection import StratifiedKFold

    if k < 2:
        raise TrainError("--cross-validate needs K of at least 2")
    smallest = int(dataset["label"].value_counts().min())
    if smallest < k:
        raise TrainError(f"--cross-validate {k}: the rarest label has only {smallest} rows")
    predicted = pd.Series("", index=dataset.index, dtype=object)
    folds = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    for train_rows, test_rows in folds.split(dataset, dataset["label"]):
        part = dataset.iloc[train_rows]
        part.attrs.update(dataset.attrs, task=task)
        pipeline = fit(part, seed)
        held_out = dataset.iloc[test_rows]
        predicted.iloc[test_rows] = pipeline.predict(model_input(held_out["text"], _other(held_out)))
    return predicted.tolist()


class Model:
    """A trained model as an engine: sentiment models have `score(text) -> (polarity,
    subjectivity)`, stance models `predict(texts, others) -> labels`."""

    def __init__(self, pipeline, meta, name):
        self.pipeline, self.meta, self.name = pipeline, meta, name
        self.task = meta["task"]

    def predict(self, texts, others=None):
        """Labels of `texts` (for stance, toward `others`: targets or parent comments)."""
        return [str(x) for x in self.pipeline.predict(model_input(texts, others))]

    def score(self, text):
        """(polarity, subjectivity): P(positive) - P(negative), and 1 - P(neutral)."""
        return self.score_many([text])[0]

    def score_many(self, texts):
        """[(polarity, subjectivity)] of many texts, for sentiment models."""
        if self.task != "sentiment":
            raise TrainError(f"model {self.name} is a {self.task} stance model, not a sentiment model")
        probabilities = self.pipeline.predict_proba(model_input(texts))
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
    if meta.get("format_version") != FORMAT_VERSION:
        raise TrainError(f"{path}: model format {meta.get('format_version')}, this version reads {FORMAT_VERSION}")
    return Model(pipeline, meta, f"model:{path.stem}")
