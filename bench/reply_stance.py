"""Reply stance on real reply pairs, split by article, and its throughput.

    .venv/bin/python bench/reply_stance.py                   # figures on tuning / held-out / all
    .venv/bin/python bench/reply_stance.py --polarity german-plus   # with a sentiment engine's polarity
    .venv/bin/python bench/reply_stance.py --throughput      # replies a second on real replies
    .venv/bin/python bench/reply_stance.py --errors tuning   # the wrong pairs of the tuning articles

Figures: `etl.quality.evaluate.metrics` of the "cues" reply engine on
../shared/data/reply-stance/reply-stance-dev.csv (never copied into the repository), on the
articles its cues were tuned on, on the others (held out: never read while writing cues) and on
all. The split is fixed: the articles sorted by their number, every other one from the first is a
tuning article (`TUNING`), the rest are held out. `python -m etl evaluate stance` measures the
engine as `--polarity none` does (the harness builds it without a sentiment engine); a run gives it
the polarity of the run's sentiment engine (`--polarity textblob-de`, the default engine).

Throughput: `classify_replies` on the replies of ../shared/data/one-million-posts/posts.csv.xz (with
their parents, and polarity from a text-derived stand-in so the sentiment engine is not timed),
median of `--repeat` runs.
"""

import argparse
import statistics
import sys
import time
import zlib
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.quality.evaluate import metrics  # noqa: E402
from etl.sentiment import get_engine  # noqa: E402
from etl.stance import CueStance, classify_replies  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
PAIRS = SHARED / "reply-stance" / "reply-stance-dev.csv"
POSTS = SHARED / "one-million-posts" / "posts.csv.xz"
LABELS = ("agree", "disagree", "neutral")
# Articles sorted by number: 4, 6, 8, 930, 1172, 1704, 1860, 5048, 7342, 10820, 11004; every
# other one from the first tunes (100 pairs), the rest are held out (220 pairs).
TUNING = ("omp:a4", "omp:a8", "omp:a1172", "omp:a1860", "omp:a7342", "omp:a11004")


def split(pairs):
    """{"tuning": frame, "held out": frame, "all": frame} of the reply pairs."""
    tuning = pairs["article_id"].isin(TUNING)
    return {"tuning": pairs[tuning], "held out": pairs[~tuning], "all": pairs}


def predict(pairs, polarity):
    """(label, evidence) of each pair, with polarity from the named sentiment engine or none."""
    replies, parents = pairs["text"].fillna("").tolist(), pairs["parent_text"].fillna("").tolist()
    if polarity == "none":
        return CueStance().explain(replies, parents)
    engine = get_engine(polarity)
    scores = dict(zip(set(replies + parents), engine.score_many(list(set(replies + parents)))))
    return CueStance().explain(replies, parents, [scores[t][0] for t in replies], [scores[t][0] for t in parents])


def report(pairs, polarity):
    results = predict(pairs, polarity)
    pairs = pairs.assign(predicted=[label for label, _ in results], evidence=[e for _, e in results])
    for name, part in split(pairs).items():
        m = metrics(part["label"], part["predicted"], LABELS)
        per_class = "  ".join(f"{c} {m['per_class'][c]['f1']:.3f}" for c in LABELS if c in m["per_class"])
        print(f"{name:9} n={m['n']:3}  macro-F1 {m['macro_f1']:.3f}  accuracy {m['accuracy']:.3f}  F1: {per_class}")
        matrix = pd.DataFrame(
            m["confusion"]["matrix"], index=m["confusion"]["labels"], columns=m["confusion"]["labels"]
        )
        print("  " + matrix.to_string().replace("\n", "\n  "))
    return pairs


def errors(pairs, part):
    """Print the wrong pairs of one part (only ever the tuning part while writing cues)."""
    for row in split(pairs)[part].itertuples():
        if row.predicted != row.label:
            print(f"--- gold {row.label} (conf {row.confidence}), got {row.evidence}")
            print(f"  PARENT: {str(row.parent_text)[:300]!r}")
            print(f"  REPLY:  {str(row.text)[:400]!r}")


def throughput(repeat):
    posts = pd.read_csv(POSTS, dtype=str, keep_default_na=False)
    text = (posts["Headline"].str.strip() + "\n" + posts["Body"].str.strip()).str.strip()
    comments = pd.DataFrame(
        {
            "comment_id": posts["ID_Post"],
            "parent_id": posts["ID_Parent_Post"].replace("", pd.NA).astype("string"),
            "text": text,
            # A stand-in polarity from the text (not the sentiment engine's, which is not timed).
            "polarity": [(zlib.crc32(t.encode()) % 2001 - 1000) / 1000 for t in text],
        }
    )
    replies = int(comments["parent_id"].notna().sum())
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        classify_replies(comments)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(
        f"classify_replies: {replies} replies of {len(comments)} comments in {median:.3f} s: {replies / median:,.0f}/s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polarity", default="none", help="none, textblob-de or german-plus")
    parser.add_argument("--errors", choices=["tuning"], help="print the wrong pairs of the tuning articles")
    parser.add_argument("--throughput", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.throughput:
        throughput(args.repeat)
        return
    pairs = report(pd.read_csv(PAIRS, dtype={"comment_id": str, "parent_id": str}), args.polarity)
    if args.errors:
        errors(pairs, args.errors)


if __name__ == "__main__":
    main()
