"""Does x-stance help the reply-stance model on articles it never saw? An experiment, not a feature.

    .venv/bin/python bench/reply_stance_xstance.py --tuning             # the grid, tuning articles only
    .venv/bin/python bench/reply_stance_xstance.py --final SIZE RATIO FEATURES   # held out + all 11, once

Idea: x-stance (../shared/data/x-stance/xstance-de.csv: 1,489 German comments answering political
questions, favor/against) as extra training rows for the reply model: question -> parent, comment
-> reply, favor -> agree, against -> disagree (no neutral). Settings: SIZE x-stance rows (a seeded
sample, or all), RATIO (their total weight as a fraction of the reply pairs' in each training fold:
each x-stance row weighs RATIO * n_pairs / SIZE, a reply pair on average 1, so the mix is the same
whether a fold trains on 80 or 300 pairs), FEATURES `all` (x-stance rows feed every block: words,
characters, cue hits and the rule engine's label toward the question, question marks) or `text`
(only the words and characters: no cue tokens, no question marks, so the always-asking question
teaches nothing about "?").

Protocol (docs/quality.md, "How they were chosen and measured"): `--tuning` scores every setting by
grouped cross-validation within the 6 tuning articles of bench/reply_stance.py (`TUNING`), one
article left out at a time (6 folds; the existing figure 0.473), x-stance rows in the training
folds only. One setting is chosen from those figures alone; `--final` then measures it once on the
5 held-out articles (each labelled by a model trained on the other 10 articles' pairs + x-stance,
as the existing 0.454) and over all 11 articles one left out at a time (0.483).

Class balance: the reply pairs of a training fold carry balanced class weights (as `train`'s
logistic regression does with class_weight="balanced"); the x-stance rows add on top, so neutral
keeps its weight. RATIO 0 is the model `train stance` fits today (same folds, same figures).
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reply_stance import PAIRS, SHARED, TUNING  # noqa: E402
from etl.quality import features, train  # noqa: E402
from etl.quality.datasets import load_dataset  # noqa: E402
from etl.quality.evaluate import metrics  # noqa: E402

XSTANCE = SHARED / "x-stance" / "xstance-de.csv"
LABELS = ("agree", "disagree", "neutral")
REPLY_LABEL = {"favor": "agree", "against": "disagree"}
GRID_SIZES = (500, 1489)
GRID_RATIOS = (0.5, 1.0, 2.0)
GRID_FEATURES = ("all", "text")


def load_pairs():
    return load_dataset(PAIRS, text_column="text", parent_column="parent_text", label_column="label", task="reply")


def load_xstance(size, seed=0):
    """`size` x-stance rows (a seeded sample; all when size is at least the file's) as reply
    pairs: `text` the comment, `parent` the question, `label` agree/disagree."""
    frame = load_dataset(XSTANCE, format="xstance")
    if size < len(frame):
        frame = frame.sample(n=size, random_state=seed)
    return pd.DataFrame(
        {"text": frame["text"], "parent": frame["target"], "label": frame["label"].map(REPLY_LABEL)}
    ).reset_index(drop=True)


def xstance_input(rows, feed):
    """The model input of the x-stance rows; with feed "text" the cue and question columns are
    emptied (the vectoriser then sees no token, the question marks count 0)."""
    inputs = features.model_input(rows["text"], rows["parent"], train.INPUTS["reply"])
    if feed == "text":
        inputs = inputs.assign(cues="", questions=0, other_questions=0)
    return inputs


def balanced_weights(labels):
    """Per-row weights n / (classes * count of the row's class): class_weight="balanced"."""
    counts = labels.value_counts()
    return labels.map(lambda label: len(labels) / (len(counts) * counts[label])).to_numpy(dtype="float64")


def predict_folds(pairs, pair_inputs, splits, extra=None, extra_inputs=None, ratio=0.0, seed=0):
    """Labels of the held-out rows of every split ("" elsewhere), each from a model fitted on the
    split's training pairs plus the extra rows at `ratio` of their weight."""
    labels = pairs["label"].astype(str).reset_index(drop=True)
    predicted = pd.Series("", index=range(len(pairs)), dtype=object)
    for training, held_out in splits:
        pipeline = train.build_pipeline("reply", seed)
        x, y = pair_inputs.iloc[training], labels.iloc[training]
        if extra is None or ratio == 0:
            pipeline.fit(x, y)
        else:
            pipeline.set_params(classifier__class_weight=None)
            weights = np.concatenate([balanced_weights(y), np.full(len(extra), ratio * len(training) / len(extra))])
            x = pd.concat([x, extra_inputs], ignore_index=True)
            y = pd.concat([y, extra["label"]], ignore_index=True)
            pipeline.fit(x, y, classifier__sample_weight=weights)
        predicted.iloc[held_out] = pipeline.predict(pair_inputs.iloc[held_out])
    return predicted


def score(gold, predicted):
    m = metrics(gold, predicted, LABELS)
    per_class = "  ".join(f"{c} {m['per_class'][c]['f1']:.3f}" for c in LABELS if c in m["per_class"])
    return m["macro_f1"], f"n={m['n']:3}  macro-F1 {m['macro_f1']:.3f}  accuracy {m['accuracy']:.3f}  F1: {per_class}"


def tuning(pairs, pair_inputs):
    """Grouped CV within the tuning articles, one article left out at a time, for every setting."""
    part = pairs["article_id"].isin(TUNING).to_numpy()
    tuned = pairs[part].reset_index(drop=True)
    tuned_inputs = pair_inputs[part].reset_index(drop=True)
    splits = train.fold_splits(tuned, tuned["article_id"].nunique())
    _, line = score(tuned["label"], predict_folds(tuned, tuned_inputs, splits))
    print(f"{'none':>28}  {line}", flush=True)
    results = []
    for size in GRID_SIZES:
        rows = load_xstance(size)
        for feed in GRID_FEATURES:
            inputs = xstance_input(rows, feed)
            for ratio in GRID_RATIOS:
                macro, line = score(tuned["label"], predict_folds(tuned, tuned_inputs, splits, rows, inputs, ratio))
                results.append((macro, size, ratio, feed))
                print(f"size {size:4} ratio {ratio:3} feed {feed:4}  {line}", flush=True)
    best = max(results, key=lambda r: r[0])
    print(f"best: size {best[1]} ratio {best[2]} feed {best[3]} (macro-F1 {best[0]:.3f})")


def final(pairs, pair_inputs, size, ratio, feed):
    """The chosen setting, measured once: held-out articles, and all 11 one left out at a time."""
    rows = load_xstance(size)
    inputs = xstance_input(rows, feed)
    held = ~pairs["article_id"].isin(TUNING).to_numpy()
    for name, test, k in (("held out (5)", held, 5), ("all 11, one out", None, pairs["article_id"].nunique())):
        splits = train.fold_splits(pairs, k, test=test)
        for label, extra in (("today's model", None), (f"+ x-stance {size}/{ratio}/{feed}", rows)):
            predicted = predict_folds(pairs, pair_inputs, splits, extra, inputs, ratio)
            mask = held if test is not None else np.ones(len(pairs), dtype=bool)
            _, line = score(pairs["label"][mask], predicted[mask])
            print(f"{name:16} {label:32} {line}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--tuning", action="store_true", help="the grid, on the tuning articles only")
    group.add_argument("--final", nargs=3, metavar=("SIZE", "RATIO", "FEATURES"), help="the chosen setting, once")
    args = parser.parse_args()
    pairs = load_pairs()
    pair_inputs = train.model_input(pairs, "reply")
    if args.tuning:
        tuning(pairs, pair_inputs)
    else:
        size, ratio, feed = args.final
        final(pairs, pair_inputs, int(size), float(ratio), feed)


if __name__ == "__main__":
    main()
