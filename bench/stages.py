"""Time each ETL stage on N comments, and check that stage outputs stay exactly the same.

    .venv/bin/python bench/stages.py                       # 20,000 synthetic comments, 3 repeats
    .venv/bin/python bench/stages.py --n 200000 --repeat 1
    .venv/bin/python bench/stages.py --input etl/resources/sample/fictional-newsroom.csv
    .venv/bin/python bench/stages.py --compare /tmp/etl-base   # old (a copy of an older tree) vs new,
                                                                # interleaved in one run
    .venv/bin/python bench/stages.py --save /tmp/golden/bench  # write every stage's output
    .venv/bin/python bench/stages.py --check /tmp/golden/bench # compare with what was written
    .venv/bin/python bench/stages.py --impl /tmp/etl-base --save /tmp/golden/bench  # an older tree's

The stages are those of an ETL run on a fresh store, in order: read, normalize, flag_comments
(language), threads (build_threads + flag_threads), own_texts (each comment's own words, found
once when the etl reads a precomputed `own_text` column; an older etl finds them in both stages
that need them), texts_to_score, sentiment, signals (etl.signals: needs moderation, feedback,
argument; an etl without them skips the stage), classify_replies, mentions (the words of each
comment looked up once for topics and targets; an etl without it looks them up in both), assign_topics,
aggregate, target_stance. Each stage gets the output of the one before, as in a run; seconds are medians of
`--repeat` runs (wall clock; `--cpu` for CPU seconds, steadier when other work shares the cores).
The merge with the (empty) store is a fixed copy of that step, so that only the stages differ.

Sentiment is timed only with `--sentiment` (the real default engine): by default the stages
after it get a deterministic stand-in polarity derived from the text, so timings and saved
outputs of the other stages do not depend on the sentiment engine.

`--compare DIR` runs the same stages with the `etl` package found in DIR (e.g. an older tree:
`git archive HEAD etl | tar -x -C DIR`) and with this tree, alternating subprocesses so both
share the machine's conditions, and prints both medians and the speed-up per stage.
"""

import argparse
import contextlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = [
    "read",
    "normalize",
    "flag_comments",
    "threads",
    "own_texts",
    "texts_to_score",
    "sentiment",
    "signals",
    "classify_replies",
    "mentions",
    "assign_topics",
    "aggregate",
    "target_stance",
]


def _import_etl(impl):
    """Put `impl` (a folder holding an `etl` package) or this tree first on sys.path."""
    sys.path[:0] = [str(Path(impl).resolve()) if impl else str(ROOT), str(ROOT / "bench")]


def corpus_path(n, seed=1):
    """The synthetic corpus of `n` comments (bench/corpus.py), written once into TMPDIR."""
    from corpus import write_corpus

    name = f"diskurs-bench-{n}.csv" if seed == 1 else f"diskurs-bench-{n}-seed{seed}.csv"
    path = Path(os.environ.get("TMPDIR", "/tmp")) / name
    if not path.exists():
        partial = path.with_suffix(".part")
        write_corpus(partial, n, seed=seed)
        partial.rename(path)
    return path


def stand_in_polarity(texts):
    """A polarity per text from its CRC: deterministic, a third exactly 0, NA stays NaN."""
    import pandas as pd

    def one(text):
        if not isinstance(text, str):
            return float("nan")
        h = zlib.crc32(text.encode("utf-8"))
        return 0.0 if h % 3 == 0 else ((h >> 2) % 201 - 100) / 100

    return pd.Series([one(t) for t in texts], index=texts.index, dtype="float64")


def fresh_store_merge(comments_in, articles_in):
    """(comments, articles) as the pipeline's merge step made them (etl/pipeline.py before the
    chunked transform) when the store is empty: a copy, so that the stages' inputs stay the same
    when the pipeline changes."""
    import pandas as pd

    from etl import schema

    stored = schema.empty(schema.COMMENTS)
    previous = stored.set_index("comment_id")
    known = comments_in["comment_id"].isin(previous.index)
    same_text = known & (comments_in["comment_id"].map(previous["text"]) == comments_in["text"]).fillna(False)
    carried = {
        col: comments_in["comment_id"].map(previous[col]).where(same_text)
        for col in ("polarity", "subjectivity", "sentiment_engine")
    }
    comments = pd.concat([stored, comments_in.assign(**carried)], ignore_index=True)
    articles = pd.concat([schema.empty(schema.ARTICLES), articles_in], ignore_index=True)
    orphans = sorted(set(comments["article_id"]) - set(articles["article_id"]))
    bare = pd.DataFrame({"article_id": pd.Series(orphans, dtype="string")})
    articles = pd.concat([articles, bare], ignore_index=True) if orphans else articles
    return comments, articles


def wired(stance):
    """Does this etl read a precomputed `own_text` column (else each stage finds own words)?"""
    return "own_text" in inspect.getsource(stance.classify_replies)


def run_stages(path, topics_file, real_sentiment, cpu_time=False, around=contextlib.nullcontext):
    """{stage: seconds}, {stage: output}: one pass of the pipeline's stages over `path`; each
    stage runs inside `around(name)` (bench/instructions.py counts one stage's instructions)."""
    import pandas as pd

    from etl import checks, sentiment, stance, topics
    from etl.aggregate import summarize_articles
    from etl.normalize import normalize
    from etl.sources import read_file
    from etl.text import quotes
    from etl.threads import build_threads

    topic_patterns = topics.load_topics(topics_file)
    target_patterns = topics.load_targets(topics_file)
    seconds, out = {}, {}

    clock = time.process_time if cpu_time else time.perf_counter

    def stage(name, fn, *args):
        with around(name):
            start = clock()
            result = fn(*args)
            seconds[name] = clock() - start
        return result

    batch = stage("read", read_file, Path(path))
    articles_in, comments_in, rejects = stage("normalize", normalize, batch)
    out["normalize"] = (articles_in, comments_in, rejects)
    comments_in, notes = stage("flag_comments", checks.flag_comments, comments_in, pd.Timestamp("2030-01-01", tz="UTC"))
    out["flag_comments"] = (comments_in, notes)
    comments, articles = fresh_store_merge(comments_in, articles_in)
    comments = stage("threads", lambda c: checks.flag_threads(build_threads(c)), comments)
    out["threads"] = comments
    if wired(stance):  # own words found once, read by texts_to_score and classify_replies
        comments = comments.assign(own_text=stage("own_texts", quotes.own_texts, comments))
    scored_text = stage("texts_to_score", checks.texts_to_score, comments)
    out["texts_to_score"] = scored_text
    comments = comments.assign(scored_text=scored_text)
    if real_sentiment:
        engine = sentiment.get_engine()
        comments, _ = stage("sentiment", sentiment.score, comments, engine)
    else:
        polarity = stand_in_polarity(scored_text)
        comments = comments.assign(polarity=polarity, sentiment=sentiment.label(polarity))
    try:
        from etl.signals import COLUMNS as SIGNAL_COLUMNS
        from etl.signals import get_engines, signal_columns
    except ImportError:  # an etl from before the signals
        signal_columns = None
    if signal_columns is not None:
        comments = stage("signals", signal_columns, comments, get_engines())
        out["signals"] = comments[list(SIGNAL_COLUMNS)]
    comments = stage("classify_replies", stance.classify_replies, comments)
    comments = comments.drop(columns=["own_text"], errors="ignore")  # no later stage reads it
    out["classify_replies"] = comments[["stance", "stance_evidence"]]
    if hasattr(topics, "Mentions"):  # the words looked up once for topics and targets, as a run does
        texts = comments["text"].tolist()
        mentions = stage("mentions", topics.Mentions, topic_patterns, target_patterns, texts)
        topic_mentions, target_mentions = (mentions.topics,), (mentions.targets,)
    else:
        topic_mentions = target_mentions = ()
    articles, comments = stage(
        "assign_topics", topics.assign_topics, articles, comments, topic_patterns, *topic_mentions
    )
    out["assign_topics"] = (articles["topics"], comments["topics"])
    articles = stage("aggregate", summarize_articles, articles, comments)
    out["aggregate"] = articles
    out["target_stance"] = stage("target_stance", stance.target_stance, comments, target_patterns, *target_mentions)
    return seconds, out


def _frames(value):
    return list(value) if isinstance(value, tuple) else [value]


def save(out, folder):
    import pandas as pd

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in out.items():
        pd.to_pickle(_frames(value), folder / f"{name}.pkl")


def check(out, folder):
    """{stage: "same" or what differs} against outputs saved with --save."""
    import pandas as pd

    verdicts = {}
    for name, value in out.items():
        saved = pd.read_pickle(Path(folder) / f"{name}.pkl")
        problems = []
        for i, (old, new) in enumerate(zip(saved, _frames(value))):
            try:
                if isinstance(old, pd.Series):
                    pd.testing.assert_series_equal(old, new, check_exact=True)
                else:
                    pd.testing.assert_frame_equal(old, new, check_exact=True)
            except AssertionError as error:
                problems.append(f"part {i}: {str(error).splitlines()[0:4]}")
        rows = sum(len(f) for f in saved)
        verdicts[name] = f"same ({rows} rows)" if not problems else "; ".join(problems)
    return verdicts


def child(args):
    """One measured pass in this process: prints {stage: seconds} as JSON."""
    _import_etl(args.impl)
    import etl

    if args.save or args.check:
        print(f"etl from {Path(etl.__file__).parent}", file=sys.stderr)
    seconds, out = run_stages(args.path, args.topics, args.sentiment, args.cpu)
    seconds["_n"] = len(out["threads"])
    if args.save:
        save(out, args.save)
    if args.check:
        verdicts = check(out, args.check)
        for name, verdict in verdicts.items():
            print(f"{name:18} {verdict}", file=sys.stderr)
        if any(not v.startswith("same") for v in verdicts.values()):
            seconds["_differs"] = 1
    print(json.dumps(seconds))


def measure(impl, args, path):
    command = [sys.executable, __file__, "--child", "--path", str(path), "--topics", args.topics]
    command += ["--impl", impl] if impl else []
    command += ["--sentiment"] if args.sentiment else []
    command += ["--cpu"] if args.cpu else []
    result = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(runs):
    """{stage: median seconds} over runs, and "total" (the sum of the medians)."""
    medians = {s: statistics.median(r[s] for r in runs) for s in STAGES if s in runs[0]}
    return medians | {"total": sum(medians.values())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="synthetic comments (bench/corpus.py)")
    parser.add_argument("--input", help="a comments file to read instead of the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--topics", default=str(ROOT / "etl" / "resources" / "topics.toml"))
    parser.add_argument("--sentiment", action="store_true", help="time the real sentiment engine too")
    parser.add_argument("--compare", metavar="DIR", help="also time the etl package in DIR, interleaved")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU seconds of the process instead of wall-clock seconds (steadier on a busy machine)",
    )
    parser.add_argument("--save", metavar="DIR", help="write each stage's output to DIR (one pass)")
    parser.add_argument("--check", metavar="DIR", help="compare each stage's output with DIR (one pass)")
    parser.add_argument(
        "--impl", metavar="DIR", help="use the etl package in DIR (e.g. to --save an older tree's outputs)"
    )
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    _import_etl(None)
    path = Path(args.input) if args.input else corpus_path(args.n)
    if args.save or args.check:
        args.path = str(path)
        return child(args)
    new_runs, old_runs = [], []
    for _ in range(args.repeat):
        if args.compare:
            old_runs.append(measure(args.compare, args, path))
        new_runs.append(measure(None, args, path))
    new = table(new_runs)
    old = table(old_runs) if args.compare else {}
    n = new_runs[0]["_n"]
    label = f"{n:,} comments from {path.name}, median of {args.repeat}{', CPU seconds' if args.cpu else ''}"
    if not args.compare:
        print(f"{'stage':18} {'seconds':>9} {'comments/s':>12}   ({label})")
    else:
        print(f"{'stage':18} {'old s':>9} {'new s':>9} {'speed-up':>9} {'new comments/s':>15}   ({label})")
    for stage in [s for s in [*STAGES, "total"] if s in new or s in old]:
        secs = new.get(stage, 0.0)
        rate = f"{n / secs:,.0f}" if secs else "-"
        if args.compare:
            before = old.get(stage, 0.0)
            ratio = f"{before / secs:8.1f}x" if secs and before else f"{'-':>9}"
            print(f"{stage:18} {before:9.3f} {secs:9.3f} {ratio} {rate:>15}")
        else:
            print(f"{stage:18} {secs:9.3f} {rate:>12}")


if __name__ == "__main__":
    main()
