"""Benchmark the ETL on synthetic comments and print a table (figures go in docs/performance.md).

    .venv/bin/python bench/run.py --n 2000 --repeat 3

Measures, each as the median of `--repeat` runs in this one process tree, so that the baseline and
the project share the machine's conditions:
- the baseline: `TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment` once per comment;
- the project's sentiment stage on the same texts, as a ratio to the baseline;
- a full `python -m etl run` (comments per second, peak memory of the process);
- a `refresh` that finds 1 % new comments, as a share of the full run;
- `python -m etl export comments` of everything.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import pandas as pd  # noqa: E402
from corpus import rows, write_corpus  # noqa: E402

from etl import sentiment  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def etl(*args):
    """Run the real CLI in a child process; return (seconds, peak RSS of that child in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "etl", *map(str, args), "--quiet"] if args[0] in ("run", "refresh")
                   else [sys.executable, "-m", "etl", *map(str, args)],
                   cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def sentiment_rates(texts):
    from textblob_de import PatternTokenizer, TextBlobDE

    tokenizer = PatternTokenizer()
    baseline = timed(lambda: [TextBlobDE(t, tokenizer=tokenizer).sentiment for t in texts])
    engine = sentiment.get_engine("textblob-de")
    project = timed(lambda: sentiment.score(pd.DataFrame({"text": texts}), engine))
    return len(texts) / baseline, len(texts) / project


def one_round(n, work):
    inputs = work / "inputs"
    inputs.mkdir()
    base = int(n * 0.99)
    write_corpus(inputs / "part-1.csv", base)
    store = work / "store"
    full, peak = etl("run", inputs, "--store", store)
    write_corpus(inputs / "part-2.csv", n, skip=base)
    refresh, _ = etl("refresh", "--store", store)
    export, _ = etl("export", "comments", "--store", store, "--out", work / "comments.csv")
    return {"full": full, "peak": peak, "refresh": refresh, "export": export, "base": base}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="comments (default 2000)")
    parser.add_argument("--sentiment-sample", type=int, default=500, help="texts for the sentiment comparison")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = [row["text"] for row in rows(args.sentiment_sample, seed=7)]
    sentiment.get_engine("textblob-de").score("warm up")
    rates = [sentiment_rates(texts) for _ in range(args.repeat)]
    rounds = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as work:
            rounds.append(one_round(args.n, Path(work)))

    med = lambda key: statistics.median(r[key] for r in rounds)  # noqa: E731
    baseline = statistics.median(r[0] for r in rates)
    project = statistics.median(r[1] for r in rates)
    table = [
        ("sentiment, baseline TextBlobDE per comment", f"{baseline:,.0f} comments/s", "1.00x"),
        ("sentiment, etl.sentiment.score (same texts)", f"{project:,.0f} comments/s", f"{project / baseline:.2f}x"),
        (f"full run, {rounds[0]['base']:,} comments", f"{med('full'):.1f} s", f"{rounds[0]['base'] / med('full'):,.0f} comments/s"),
        ("peak memory of the run process", f"{med('peak'):,.0f} MB", ""),
        (f"refresh with 1 % new ({args.n - rounds[0]['base']:,})", f"{med('refresh'):.1f} s",
         f"{med('refresh') / med('full'):.1%} of the full run"),
        (f"export comments to CSV ({args.n:,})", f"{med('export'):.2f} s", ""),
    ]
    print(f"median of {args.repeat} runs, N = {args.n:,}, sentiment sample = {len(texts)}")
    width = max(len(r[0]) for r in table)
    for name, value, note in table:
        print(f"{name:<{width}}  {value:>18}  {note}")


if __name__ == "__main__":
    main()
