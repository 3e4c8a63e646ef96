"""A moderation model that reads what a moderator knows at the moment of deciding: the comment's
words (character n-grams), its parent's words, and the thread and moderation log up to then
(`etl.quality.context`), into a logistic regression with balanced classes. Its yes/no threshold
is chosen on training data only (out-of-fold scores of the training articles), never on the
comments it is judged on.

`cross_validated` is the honest figure: folds keep articles whole, each fold's threshold comes
from the other folds' articles, and a test comment's log features come from any earlier comment
of the data (what a deployed model sees).
"""

import numpy as np
import pandas as pd

from etl.quality import context

C = 1.0  # fixed before measuring, not tuned
INNER_FOLDS = 3


def model_input(log: pd.DataFrame, gap_hours: float = 0.0) -> pd.DataFrame:
    """`text`, `parent_text` and every context feature, one row per row of `log`."""
    log = context.log_frame(log)
    texts = pd.Series(log["text"].to_numpy(), index=log["comment_id"].to_numpy())
    texts = texts[~texts.index.duplicated()]
    parent_text = log["parent_id"].map(texts).fillna("")
    found = context.features(log, gap_hours)
    return pd.concat([pd.DataFrame({"text": log["text"], "parent_text": parent_text}, index=log.index), found], axis=1)


def build_pipeline(groups=context.DEFAULT_GROUPS, words=True, parent=True, columns=(), seed=0):
    """An unfitted pipeline over `model_input`'s frame: the comment's character n-grams (3-5
    within words) when `words`, the parent's when `parent`, and the context columns of `groups`
    and `columns` (standardised)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    def chars():
        return TfidfVectorizer(
            lowercase=True, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=200_000
        )

    parts = []
    if words:
        parts.append(("words", chars(), "text"))
    if parent:
        parts.append(("parent", chars(), "parent_text"))
    numbers = [*context.columns(groups), *columns]
    if numbers:
        parts.append(("context", StandardScaler(), numbers))
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
    return Pipeline([("features", ColumnTransformer(parts)), ("model", classifier)])


def best_threshold(labels, scores) -> float:
    """The score from which yes maximises F1 on these (training) scores."""
    from sklearn.metrics import precision_recall_curve

    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[int(np.argmax(f1[:-1]))]) if len(thresholds) else 0.5


def _splits(articles, labels, folds, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    return StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(articles, labels, articles)


def fit(inputs, labels, articles, seed=0, **options):
    """A fitted pipeline and its threshold: the F1-best score of out-of-fold scores over the
    training articles (INNER_FOLDS folds by article). The features (n-gram weights, scaling) learn
    no labels, so they are fitted once on all training rows and shared by the inner folds."""
    from sklearn.base import clone

    labels = np.asarray(labels)
    articles = np.asarray(articles)
    pipeline = build_pipeline(seed=seed, **options)
    matrix = pipeline.named_steps["features"].fit_transform(inputs)
    classifier = pipeline.named_steps["model"]
    inner = np.zeros(len(labels))
    for train_rows, test_rows in _splits(articles, labels, INNER_FOLDS, seed):
        part = clone(classifier).fit(matrix[train_rows], labels[train_rows])
        inner[test_rows] = part.predict_proba(matrix[test_rows])[:, 1]
    classifier.fit(matrix, labels)
    return pipeline, best_threshold(labels, inner)


def cross_validated(inputs, labels, articles, folds=5, seed=0, **options):
    """(scores, said): each comment's score from a model that never saw its article, and whether
    it is a yes at the threshold chosen on that model's training articles."""
    labels = np.asarray(labels)
    articles = np.asarray(articles)
    scores = np.zeros(len(labels))
    said = np.zeros(len(labels), dtype=int)
    for train_rows, test_rows in _splits(articles, labels, folds, seed):
        part = inputs.iloc[train_rows]
        pipeline, threshold = fit(part, labels[train_rows], articles[train_rows], seed, **options)
        scores[test_rows] = pipeline.predict_proba(inputs.iloc[test_rows])[:, 1]
        said[test_rows] = scores[test_rows] >= threshold
    return scores, said
