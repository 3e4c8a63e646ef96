"""The three signals (needs_moderation, feedback, argument) on the derStandard labels, split by
article, and their throughput.

    .venv/bin/python bench/signals.py                    # the table: tuning / held-out / all
    .venv/bin/python bench/signals.py --threshold 0.4    # another threshold
    .venv/bin/python bench/signals.py --throughput       # comments a second, all three signals
    .venv/bin/python bench/signals.py --errors feedback  # misses and false alarms on the tuning articles

Data: ../shared/data/one-million-posts/posts.csv.xz (never copied into the repository); a post's
text is its Headline and Body joined, as the One Million Posts reader does. Gold labels:
- needs_moderation: Inappropriate or Discriminating (1,935 / 2,060 labelled posts are neither);
  and, as a second look, the moderation log: Status "deleted" (900 of 5,230 posts were removed);
- feedback: PossiblyFeedback (3,239 labelled posts);
- argument: ArgumentsUsed (2,060 labelled posts).
Figures of the positive class at the threshold (a score from it on is positive, default
etl.signals.POSITIVE_FROM = 0.5): precision, recall, F1, and ROC AUC of the score itself.

Split: the 1,112 articles sorted by their number, every other one from the first is a tuning
article (the word lists and weights were written looking at its posts only: `--errors` shows only
those), the rest are held out.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.signals import POSITIVE_FROM, SIGNALS, get_engines  # noqa: E402

POSTS = ROOT.parent / "shared" / "data" / "one-million-posts" / "posts.csv.xz"
# (signal, name of the gold set, how to read it from the posts: a boolean Series, NA where unlabelled)
GOLD = [
    ("needs_moderation", "Inappropriate or Discriminating", lambda p: _either(p["Inappropriate"], p["Discriminating"])),
    ("needs_moderation", "removed by moderators (Status)", lambda p: p["Status"].eq("deleted").astype("boolean")),
    ("feedback", "PossiblyFeedback", lambda p: p["PossiblyFeedback"].astype("boolean")),
    ("argument", "ArgumentsUsed", lambda p: p["ArgumentsUsed"].astype("boolean")),
]


def _either(first, second):
    return (first.astype("boolean") | second.astype("boolean")).where(first.notna() & second.notna())


def load(path=POSTS):
    """The posts with `text`, `tuning` (a tuning article) and each signal's score and reasons."""
    posts = pd.read_csv(path, dtype={"Headline": "string", "Body": "string", "Status": "string"})
    text = (posts["Headline"].fillna("") + "\n\n" + posts["Body"].fillna("")).str.strip()
    articles = sorted(posts["ID_Article"].unique())
    tuning = set(articles[::2])
    posts = posts.assign(text=text, tuning=posts["ID_Article"].isin(tuning))
    engines = get_engines()
    for signal, reasons in SIGNALS.items():
        results = engines.scorers[signal].score(posts["text"].tolist())
        posts = posts.assign(**{signal: [s for s, _ in results], reasons: [r for _, r in results]})
    return posts


def roc_auc(gold, scores):
    """Probability that a positive post scores above a negative one (ties count half)."""
    ranks = pd.Series(scores).rank(method="average").to_numpy()
    gold = pd.Series(gold).to_numpy(dtype=bool)
    n_pos, n_neg = gold.sum(), (~gold).sum()
    if not n_pos or not n_neg:
        return float("nan")
    return float((ranks[gold].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def figures(gold, scores, threshold):
    """n, positives, precision, recall, F1 of the positive class at `threshold`, ROC AUC."""
    gold = gold.astype(bool).to_numpy()
    predicted = (scores >= threshold).to_numpy()
    tp = int((gold & predicted).sum())
    precision = tp / predicted.sum() if predicted.sum() else 0.0
    recall = tp / gold.sum() if gold.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(gold),
        "positive": int(gold.sum()),
        "flagged": int(predicted.sum()),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "auc": roc_auc(gold, scores.to_numpy()),
    }


def table(posts, threshold):
    rows = []
    for signal, name, read in GOLD:
        gold = read(posts)
        for part, mask in (
            ("tuning", posts["tuning"]),
            ("held out", ~posts["tuning"]),
            ("all", posts["tuning"] | True),
        ):
            chosen = mask & gold.notna()
            rows.append(
                {"signal": signal, "gold": name, "articles": part}
                | figures(gold[chosen], posts.loc[chosen, signal], threshold)
            )
    return pd.DataFrame(rows)


def errors(posts, signal, threshold, limit=40):
    """Misses and false alarms of one signal on the tuning articles (never the held-out ones)."""
    name, read = next((name, read) for s, name, read in GOLD if s == signal)
    gold = read(posts)
    part = posts[posts["tuning"] & gold.notna()].assign(gold=gold)
    reasons = SIGNALS[signal]
    flagged = part[signal] >= threshold
    for title, rows in (("missed", part[part["gold"] & ~flagged]), ("false alarms", part[~part["gold"] & flagged])):
        print(f"=== {signal} ({name}): {title}, {len(rows)}")
        for row in rows.head(limit).itertuples():
            print(f"--- {getattr(row, signal):.2f} {getattr(row, reasons)}\n{row.text[:300]}")


def throughput(posts, repeat=5):
    """Comments a second through all three fresh scorers (each run builds new engines: no caches)."""
    from etl.signals import ENGINES

    texts = posts["text"].tolist()
    times = []
    for _ in range(repeat):
        engines = ENGINES["rules-v1"]()
        start = time.process_time()
        for scorer in engines.scorers.values():
            scorer.score(texts)
        times.append(time.process_time() - start)
    seconds = statistics.median(times)
    chars = int(posts["text"].str.len().mean())
    print(
        f"{len(texts)} comments (mean {chars} characters), all three signals: {seconds:.2f} s median of "
        f"{repeat}, {len(texts) / seconds:,.0f} comments a second on one core (CPU time)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=POSITIVE_FROM)
    parser.add_argument("--throughput", action="store_true")
    parser.add_argument("--errors", choices=list(SIGNALS))
    args = parser.parse_args(argv)
    if not POSTS.exists():
        sys.exit(f"{POSTS} is not there: this benchmark needs the shared data")
    posts = load()
    if args.throughput:
        throughput(posts)
    elif args.errors:
        errors(posts, args.errors, args.threshold)
    else:
        shown = table(posts, args.threshold)
        pd.set_option("display.width", 200)
        print(f"threshold {args.threshold}")
        print(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
