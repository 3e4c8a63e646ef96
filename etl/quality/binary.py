"""Yes/no signals learned from labels: what needs a moderator (`moderation`), what is meant for
the newsroom (`feedback`), what argues a point (`argument`). Data sets, a small model that says
which words weighed most, training, and the figures `diskurs evaluate` prints for them
(precision, recall, F1 of the positive class and ROC AUC), beside the rule engine of
`etl.signals`.

Data: the One Million Posts corpus (`posts.csv.xz`: moderation is a post moderators removed,
Status `deleted`, against a published one; feedback is `PossiblyFeedback`, argument
`ArgumentsUsed`, only where people labelled it), a CSV with a text and a yes/no column (1/0,
true/false, yes/no, ja/nein), or a store's own log and labels (`from_store`). A trained model
fits the signals' scorer protocol: `score(texts) -> [(score, reasons)]`.
"""

import datetime as dt
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from etl import DiskursError
from etl.quality import datasets

TASKS = {"moderation": "needs_moderation", "feedback": "feedback", "argument": "argument"}
OMP_COLUMNS = {"feedback": "PossiblyFeedback", "argument": "ArgumentsUsed"}
YES = {"1", "1.0", "true", "yes", "ja", "y", "removed", "deleted", "spam", "trash", "confirm"}
NO = {"0", "0.0", "false", "no", "nein", "n", "published", "online", "approved", "dismiss"}
THRESHOLD = 0.5  # a score from here on counts as a yes (the signals' POSITIVE_FROM)
REASONS = 3  # the words named as a model's reasons


class BinaryError(DiskursError):
    """A yes/no data set or model cannot be used as given."""


def load(path, task, text_column="text", label_column="label") -> pd.DataFrame:
    """`text, label` (0/1), with `article_id` where the data names articles; attrs task, path."""
    if task not in TASKS:
        raise BinaryError(f"unknown task {task!r}: use {', '.join(TASKS)}")
    if datasets.detect_format(path) == "omp":
        frame, title = _omp(path, task), datasets.TITLES["omp"]
    else:
        frame, title = _csv(path, text_column, label_column), Path(path).name
    frame.attrs.update(task=task, path=str(path), format="binary", title=title)
    return frame


def _omp(path, task):
    posts = pd.read_csv(path, dtype=str, keep_default_na=False)
    text = (posts["Headline"].str.strip() + "\n" + posts["Body"].str.strip()).str.strip()
    if task == "moderation":
        label = posts["Status"].str.strip().str.lower().map(lambda s: 1 if s == "deleted" else 0)
        keep = text != ""
    else:
        raw = posts[OMP_COLUMNS[task]].str.strip()
        keep = (raw != "") & (text != "")
        label = raw.map(lambda s: 1 if s in ("1", "1.0") else 0)
    frame = pd.DataFrame({"text": text, "label": label, "article_id": "omp:a" + posts["ID_Article"]})[keep]
    return frame.reset_index(drop=True)


def _csv(path, text_column, label_column):
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as error:
        raise BinaryError(f"cannot read {path}: {error}") from None
    missing = [c for c in (text_column, label_column) if c not in frame]
    if missing:
        raise BinaryError(f"{path}: no column {', '.join(missing)} (--text-column, --label-column)")
    return labelled(frame[text_column], frame[label_column], frame.get("article_id"), str(path))


def labelled(texts, values, article_ids=None, where="data") -> pd.DataFrame:
    """A data set from texts and yes/no values; BinaryError naming the first value that is neither."""
    raw = pd.Series(values, dtype="string").fillna("").str.strip().str.lower()
    unknown = sorted(set(raw[(raw != "") & ~raw.isin(YES | NO)]))
    if unknown:
        raise BinaryError(f"{where}: {unknown[0]!r} is not a yes/no label (use 1/0, true/false, yes/no)")
    keep = raw != ""
    frame = pd.DataFrame({"text": pd.Series(texts, dtype="string").fillna(""), "label": raw.isin(YES).astype(int)})
    if article_ids is not None:
        frame["article_id"] = pd.Series(article_ids, dtype="string").to_numpy()
    return frame[keep.to_numpy()].reset_index(drop=True)


class Model:
    """A trained yes/no model: `score(texts) -> [(probability of yes, reasons)]`, the reasons
    being the words present that weighed most towards yes."""

    def __init__(self, pipeline, meta):
        self.pipeline, self.meta = pipeline, meta
        self.task = meta["task"]
        self.name = f"model:{Path(meta.get('path', 'model')).name}"

    def probabilities(self, texts):
        return self.pipeline.predict_proba(list(texts))[:, 1]

    def score(self, texts):
        texts = list(texts)
        if not texts:
            return []
        scores = self.probabilities(texts)
        return [(float(p), self._reasons(text) if p >= THRESHOLD else "") for p, text in zip(scores, texts)]

    def _reasons(self, text):
        vectorizer, classifier = self.pipeline.named_steps["words"], self.pipeline.named_steps["model"]
        row = vectorizer.transform([text])
        weights = row.multiply(classifier.coef_[0]).tocsr()
        names = vectorizer.get_feature_names_out()
        words = re.findall(r"\w+", text.lower())
        named = []
        for weight, index in sorted(zip(weights.data, weights.indices), reverse=True):
            gram = names[index].strip()
            word = next((w for w in words if gram and gram in w), gram)  # the word the n-gram is part of
            if weight > 0 and word not in named:
                named.append(word)
            if len(named) == REASONS:
                break
        return "model: " + ", ".join(f"'{word}'" for word in named)


def build_pipeline():
    """Words and character n-grams within words, into a logistic regression whose rare class
    counts as much as the common one."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            (
                "words",
                TfidfVectorizer(
                    lowercase=True,
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    sublinear_tf=True,
                    min_df=2,
                    max_features=200_000,
                ),
            ),
            ("model", LogisticRegression(C=2.0, class_weight="balanced", max_iter=2000)),
        ]
    )


def train(frame: pd.DataFrame, out: Path | str) -> dict:
    """Fit a model on the data set and save it (written whole or not at all); its metadata."""
    _sklearn()
    import joblib

    if frame["label"].nunique() < 2:
        raise BinaryError("training needs both yes and no examples")
    pipeline = build_pipeline().fit(frame["text"].tolist(), frame["label"].to_numpy())
    meta = {
        "kind": "binary",
        "task": frame.attrs["task"],
        "n_train": len(frame),
        "n_yes": int(frame["label"].sum()),
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dataset": frame.attrs.get("path"),
        "path": str(out),
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    partial = f"{out}.partial-{os.getpid()}"
    joblib.dump({"pipeline": pipeline, "meta": meta}, partial)
    os.replace(partial, out)
    return meta


def load_model(path) -> Model:
    """A saved yes/no model; BinaryError if the file is not one."""
    _sklearn()
    import joblib

    try:
        saved = joblib.load(path)
    except (OSError, EOFError, ValueError) as error:
        raise BinaryError(f"cannot load model {path}: {error}") from None
    if not isinstance(saved, dict) or saved.get("meta", {}).get("kind") != "binary":
        raise BinaryError(f"{path} is not a moderation, feedback or argument model")
    return Model(saved["pipeline"], {**saved["meta"], "path": str(path)})


def scores(frame, engine) -> np.ndarray:
    """The engine's scores (a signals scorer or a Model) of the data set's texts."""
    return np.array([score for score, _ in engine.score(frame["text"].tolist())], dtype=float)


def cross_validated(frame, folds) -> np.ndarray:
    """Each text's score from a model trained on the other folds (articles kept whole when named)."""
    _sklearn()
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    out = np.zeros(len(frame))
    labels = frame["label"].to_numpy()
    if "article_id" in frame and frame["article_id"].notna().all():
        splits = GroupKFold(n_splits=folds).split(frame, labels, frame["article_id"])
    else:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(frame, labels)
    for train_rows, test_rows in splits:
        part = frame.iloc[train_rows]
        pipeline = build_pipeline().fit(part["text"].tolist(), part["label"].to_numpy())
        out[test_rows] = pipeline.predict_proba(frame.iloc[test_rows]["text"].tolist())[:, 1]
    return out


def metrics(labels, scored, threshold=THRESHOLD) -> dict:
    """precision, recall, f1 (of yes, at `threshold`) and roc_auc of scores against 0/1 labels."""
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

    labels = np.asarray(labels)
    said = (np.asarray(scored) >= threshold).astype(int)
    precision, recall, f1, _ = precision_recall_fscore_support(labels, said, average="binary", zero_division=0)
    auc = float(roc_auc_score(labels, scored)) if len(set(labels)) == 2 else float("nan")
    return {
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
        "f1": round(float(f1), 4),
        "roc_auc": round(auc, 4),
        "n": int(len(labels)),
        "n_yes": int(labels.sum()),
    }


def evaluate(frame, engines: dict, cross_validate: int | None = None) -> dict:
    """{engine name: metrics} for each engine in `engines` (name -> scorer), and a K-fold model."""
    results = {name: metrics(frame["label"], scores(frame, engine)) for name, engine in engines.items()}
    if cross_validate:
        by_article = "article_id" in frame and frame["article_id"].notna().all()
        name = f"cv-model ({cross_validate}-fold{' by article' if by_article else ''})"
        results[name] = metrics(frame["label"], cross_validated(frame, cross_validate))
    return results


def format_table(frame, results) -> str:
    """The figures as a table, one engine a line."""
    task, n, yes = frame.attrs["task"], len(frame), int(frame["label"].sum())
    lines = [f"{task} on {frame.attrs.get('path')}: {n:,} texts, {yes:,} yes ({yes / max(n, 1):.0%})"]
    lines.append(f"{'engine':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'ROC AUC':>8}")
    for name, found in results.items():
        figures = f"{found['precision']:>9.3f} {found['recall']:>7.3f} {found['f1']:>6.3f} {found['roc_auc']:>8.3f}"
        lines.append(f"{name:<34} {figures}")
    return "\n".join(lines)


def _sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError as error:
        raise BinaryError("training needs scikit-learn: pip install 'diskurs[train]'") from error


def from_store(store_dir, task) -> pd.DataFrame:
    """A data set from a store: for moderation its own log (comments the source removed, deleted,
    marked spam or trash, against published ones) with the editors' `moderation` labels over it
    (confirm = yes, dismiss = no); for feedback the editors' `feedback` labels."""
    from etl.store import connect_readonly, labels, queries

    with connect_readonly(store_dir) as con:
        comments = queries.moderation_log(con)
    given = labels.read(store_dir, task).set_index("comment_id")["label"] if task in labels.TASKS else pd.Series()
    value = comments["comment_id"].map(given)
    if task == "moderation":
        value = value.fillna(comments["status"].where(comments["status"].isin(YES | NO)))
    frame = labelled(comments["text"], value, comments["article_id"], f"store {store_dir}")
    frame.attrs.update(task=task, path=f"store {store_dir}", format="binary", title=f"store {store_dir}")
    if frame.empty:
        raise BinaryError(f"no {task} labels in {store_dir} yet: confirm or dismiss flags in the dashboard first")
    return frame


def to_json(results) -> str:
    """{engine: {"precision", "recall", "f1", "roc_auc"}} as JSON."""
    import json

    keys = ("precision", "recall", "f1", "roc_auc")
    return json.dumps({name: {k: found[k] for k in keys} for name, found in results.items()}, indent=2)


def record(path, frame, results):
    """Add `results` to the figures file the dashboard reads (`evaluate --record`), one row an
    engine: task, dataset, engine, precision, recall, f1, roc_auc, n, n_yes, threshold;
    replacing earlier figures of the same task, data set and engine."""
    from etl.quality import evaluate

    title = frame.attrs.get("title") or Path(str(frame.attrs.get("path", "data set"))).name
    keys = ("precision", "recall", "f1", "roc_auc", "n", "n_yes")
    rows = [
        {"task": frame.attrs["task"], "dataset": title, "engine": engine, "threshold": THRESHOLD}
        | {k: found[k] for k in keys}
        for engine, found in results.items()
    ]
    evaluate.write_figures(path, rows)


USED = "signal-models.json"  # in the store folder: {signal column: model file} runs score with


def use(store_dir, path) -> Path:
    """Tell the store to score the model's signal with it from its next run (the other signals keep
    their engine); the model is loaded first, so a broken file is refused here."""
    import json

    path = Path(path).resolve()
    model = load_model(path)
    chosen = {**used(store_dir), TASKS[model.task]: str(path)}
    target = Path(store_dir) / USED
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{USED}.partial-{os.getpid()}")
    partial.write_text(json.dumps(chosen, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return path


def used(store_dir) -> dict:
    """{signal column: model file} the store was told to use (`use`); {} when none."""
    import json

    target = Path(store_dir) / USED
    try:
        chosen = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise BinaryError(f"cannot read {target}: {error}; delete it to score with the rules again") from None
    if not isinstance(chosen, dict) or not set(chosen) <= set(TASKS.values()):
        raise BinaryError(f"{target} is not a list of signal models; delete it to score with the rules again")
    return chosen


def store_signals(store_dir, base):
    """`base` (etl.signals.Signals) with the models the store was told to use in place of their
    signal's engine, named so that a new or retrained model redoes the store (file name and hash)."""
    import hashlib

    from etl.signals import Signals

    chosen = used(store_dir)
    if not chosen:
        return base
    scorers, name = dict(base.scorers), base.name
    for column, path in sorted(chosen.items()):
        scorers[column] = load_model(path)
        digest = hashlib.sha1(Path(path).read_bytes()).hexdigest()[:8]
        name += f"+{column}:{Path(path).name}@{digest}"
    return Signals(name, scorers)
