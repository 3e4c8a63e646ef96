"""Removed posts of articles the model never saw: what the words, the thread so far and the
moderation log up to the moment each bring (issue 12's moderation figure, docs/quality.md).

    .venv/bin/python bench/moderation.py                      # every model, gaps 0, 1, 6, 24 h
    .venv/bin/python bench/moderation.py --gaps 1 --models full,context
    .venv/bin/python bench/moderation.py --features --gaps 1  # each context feature left out / alone
    .venv/bin/python bench/moderation.py --bursts             # removed share by time since the article's last removal

Data: ../shared/data/one-million-posts/posts.csv.xz (never copied into the repository): 5,230 posts,
900 removed (Status deleted), 1,112 articles; a post's text is its Headline and Body joined.

Every figure: 5 folds by article (StratifiedGroupKFold, seeded), each post scored by a model that
never saw its article; the yes/no threshold of each fold is the F1-best score of out-of-fold
scores over its training articles only (etl.quality.moderation). Log features of a post come from
any post of the data written before it (what a deployed model sees); an earlier post's removal
counts only when that post was written at least GAP hours before (the corpus has no removal
times: a removal may have come after the post at hand was written).
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.quality import context, moderation  # noqa: E402

POSTS = ROOT.parent / "shared" / "data" / "one-million-posts" / "posts.csv.xz"
# name: (what it reads, build_pipeline options, depends on the gap)
MODELS = {
    "words": ("the post's character n-grams", dict(groups=(), parent=False), False),
    "words+parent": ("and its parent's", dict(groups=()), False),
    "words+parent+thread": ("and the thread so far", dict(groups=("thread",)), False),
    "full": ("and the moderation log", dict(groups=("thread", "log")), True),
    "full-parent": ("full without the parent's words", dict(groups=("thread", "log"), parent=False), True),
    "context": ("thread and log, no words", dict(groups=("thread", "log"), words=False, parent=False), True),
    "thread": ("the thread alone, no words", dict(groups=("thread",), words=False, parent=False), False),
    "log": ("the log alone", dict(groups=("log",), words=False, parent=False), True),
    "context+parent-status": (
        "context and the parent's removal (leaks)",
        dict(groups=tuple(context.GROUPS), words=False, parent=False),
        True,
    ),
}


def load(path=POSTS) -> pd.DataFrame:
    """The posts as a moderation log (etl.quality.context.LOG_COLUMNS)."""
    posts = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "comment_id": posts["ID_Post"],
            "article_id": posts["ID_Article"],
            "parent_id": posts["ID_Parent_Post"],
            "author": posts["ID_User"],
            "created_at": posts["CreatedAt"],
            "text": (posts["Headline"].str.strip() + "\n" + posts["Body"].str.strip()).str.strip(),
            "label": posts["Status"].str.strip().str.lower().eq("deleted").astype(int),
        }
    )


def figures(labels, scores, said) -> dict:
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

    precision, recall, f1, _ = precision_recall_fscore_support(labels, said, average="binary", zero_division=0)
    return {"precision": precision, "recall": recall, "f1": f1, "roc_auc": roc_auc_score(labels, scores)}


def line(name, gap, found, seconds) -> str:
    gap = "-" if gap is None else f"{gap:g} h"
    return (
        f"| {name} | {gap} | {found['precision']:.3f} | {found['recall']:.3f} | **{found['f1']:.3f}** | "
        f"**{found['roc_auc']:.3f}** | {seconds:.0f} s |"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=Path, default=POSTS)
    parser.add_argument("--gaps", default="0,1,6,24", help="hours, comma-separated")
    parser.add_argument("--models", default=",".join(MODELS), help=f"comma-separated of {', '.join(MODELS)}")
    parser.add_argument("--features", action="store_true", help="each context feature left out and alone")
    parser.add_argument("--bursts", action="store_true", help="removed share by hours since the article's last removal")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    if not args.posts.exists():
        sys.exit(f"no {args.posts}: the One Million Posts file is read from ../shared/data")
    log = load(args.posts)
    labels, articles = log["label"].to_numpy(), log["article_id"].to_numpy()
    gaps = [float(g) for g in args.gaps.split(",")]
    n_articles = log["article_id"].nunique()
    print(f"{len(log):,} posts, {labels.sum():,} removed, {n_articles:,} articles; {args.folds} folds by article")
    if args.bursts:
        return _bursts(log)
    if args.features:
        return _features(log, labels, articles, gaps, args.folds)
    print("| model | gap | precision | recall | F1 | ROC AUC | time |\n|---|---|---:|---:|---:|---:|---:|")
    inputs = {gap: moderation.model_input(log, gap) for gap in gaps}
    for name in args.models.split(","):
        _, options, by_gap = MODELS[name]
        for gap in gaps if by_gap else gaps[:1]:
            started = time.perf_counter()
            scores, said = moderation.cross_validated(inputs[gap], labels, articles, args.folds, **options)
            print(
                line(name, gap if by_gap else None, figures(labels, scores, said), time.perf_counter() - started),
                flush=True,
            )


def _bursts(log):
    """How removals cluster in time: the removed share of posts by the hours since the latest
    earlier removed post of their article (by creation times: the corpus has no removal times)."""
    log = log.assign(t=pd.to_datetime(log["created_at"])).sort_values("t", kind="stable")
    since = pd.Series(np.nan, index=log.index)
    for _, posts in log.groupby("article_id", sort=False):
        last = None
        for row, when, removed in zip(posts.index, posts["t"], posts["label"], strict=True):
            since[row] = np.nan if last is None else (when - last).total_seconds() / 3600
            last = when if removed else last
    ordered = log.assign(since=since)
    bins = pd.cut(
        ordered["since"],
        [0, 0.25, 1, 6, 24, np.inf],
        right=False,
        labels=["< 15 min", "15 min - 1 h", "1 - 6 h", "6 - 24 h", "> 1 day"],
    )
    table = ordered.groupby(bins.cat.add_categories("no earlier removal").fillna("no earlier removal"), observed=False)[
        "label"
    ]
    print("| since the article's last removal | posts | removed |\n|---|---:|---:|")
    for name, found in table:
        print(f"| {name} | {len(found):,} | {found.mean():.0%} |")


def _features(log, labels, articles, gaps, folds):
    everything = context.columns(("thread", "log"))
    print("| gap | feature | F1 without | AUC without | F1 alone | AUC alone |\n|---|---|---:|---:|---:|---:|")
    for gap in gaps:
        inputs = moderation.model_input(log, gap)

        def run(columns, inputs=inputs):
            scores, said = moderation.cross_validated(
                inputs, labels, articles, folds, groups=(), columns=columns, words=False, parent=False
            )
            return figures(labels, scores, said)

        found = run(everything)
        print(f"| {gap:g} h | (all thread and log) | {found['f1']:.3f} | {found['roc_auc']:.3f} | | |", flush=True)
        for column in everything:
            without, alone = run([c for c in everything if c != column]), run([column])
            print(
                f"| {gap:g} h | {column} | {without['f1']:.3f} | {without['roc_auc']:.3f} | "
                f"{alone['f1']:.3f} | {alone['roc_auc']:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
