"""Stance toward targets on real derStandard comments, as a run stores it, split by article.

    .venv/bin/python bench/target_stance.py                     # figures on tuning / held out / all
    .venv/bin/python bench/target_stance.py --errors tuning     # the wrong mentions of the tuning articles
    .venv/bin/python bench/target_stance.py --record etl/resources/quality.json

The labels (`bench/data/target-stance-labels.csv`: comment_id, article_id, target, label; no
comment text) are one of us reading, for each target a run found in a comment of
../shared/data/one-million-posts/posts.csv.xz, the sentences that name it, and saying whether the
comment is for the target (favor), against it, or neither (none): 152 mentions of 9 targets of the
bundled topics file in 66 articles. The comments themselves are read from the shared file (never
copied into the repository); without it the script says so and stops.

The figures are what a default run stores: `diskurs run` of the posts into a temporary store,
its `target_stances` joined to the labels. A labelled mention the run no longer finds counts as
"none". Mentions the run misses are not measured (only found ones were labelled). The split is
fixed: the articles sorted by their number, every other one from the first tunes (`tuning`), the
rest are held out.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import pipeline, store  # noqa: E402
from etl.config import Settings  # noqa: E402
from etl.quality.evaluate import metrics, record  # noqa: E402

POSTS = ROOT.parent / "shared" / "data" / "one-million-posts" / "posts.csv.xz"
LABELS_FILE = ROOT / "bench" / "data" / "target-stance-labels.csv"
LABELS = ("favor", "against", "none")
TITLE = "One Million Posts (derStandard target mentions)"
ENGINE = "cues"  # etl.stance.targets: the engine every run uses for its target stances


def stored_stances(posts):
    """The target stances a default run stores for `posts`: comment_id, target, stance, evidence."""
    with tempfile.TemporaryDirectory(prefix="diskurs-target-stance-") as folder:
        pipeline.run([posts], Settings(store_dir=Path(folder) / "store", workers=1))
        with store.connect_readonly(Path(folder) / "store") as con:
            return con.execute("SELECT comment_id, target, stance, evidence FROM target_stances").df()


def judged(labels, stances):
    """The labels with the run's stance (`predicted`, "none" where it found no such mention)."""
    found = labels.merge(stances, on=["comment_id", "target"], how="left")
    return found.assign(predicted=found["stance"].fillna("none"), evidence=found["evidence"].fillna(""))


def split(mentions):
    """{"tuning": frame, "held out": frame, "all": frame}: every other article by number tunes."""
    articles = sorted(mentions["article_id"].unique(), key=lambda a: int(a.rsplit("a", 1)[1]))
    tuning = mentions["article_id"].isin(articles[::2])
    return {"tuning": mentions[tuning], "held out": mentions[~tuning], "all": mentions}


def report(mentions):
    """Print each part's figures; {part: metrics}."""
    results = {}
    for name, part in split(mentions).items():
        m = results[name] = metrics(part["label"], part["predicted"], LABELS)
        per_class = "  ".join(f"{c} {m['per_class'][c]['f1']:.3f}" for c in LABELS if c in m["per_class"])
        always_none = (part["label"] == "none").mean()
        print(
            f"{name:9} n={m['n']:3}  macro-F1 {m['macro_f1']:.3f}  accuracy {m['accuracy']:.3f} "
            f"(always none: {always_none:.3f})  F1: {per_class}"
        )
        matrix = pd.DataFrame(
            m["confusion"]["matrix"], index=m["confusion"]["labels"], columns=m["confusion"]["labels"]
        )
        print("  " + matrix.to_string().replace("\n", "\n  "))
    return results


def errors(mentions, part):
    """Print the wrong mentions of one part (only ever the tuning part while writing rules)."""
    for row in split(mentions)[part].itertuples():
        if row.predicted != row.label:
            print(f"--- {row.comment_id} {row.target}: gold {row.label}, got {row.evidence or 'not found'}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", choices=["tuning"], help="print the wrong mentions of the tuning articles")
    parser.add_argument("--record", metavar="FILE", help="write the figures on all mentions to this quality file")
    args = parser.parse_args(argv)
    if not POSTS.exists():
        print(f"the derStandard comments are not here ({POSTS}): nothing to measure")
        return 1
    labels = pd.read_csv(LABELS_FILE, dtype=str)
    mentions = judged(labels, stored_stances(POSTS))
    results = report(mentions)
    if args.errors:
        errors(mentions, args.errors)
    if args.record:  # all mentions: no rule has been tuned on them yet (else quote the held-out part)
        mentions.attrs.update(task="target", path=TITLE)
        record(args.record, mentions, {ENGINE: results["all"]})
        print(f"recorded in {args.record}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
