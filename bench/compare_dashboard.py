"""Compare two runs of bench/dashboard.py (their --json files): each callback's cold median and
95th percentile before and after, and how many callbacks meet a median and a p95 goal.

    .venv/bin/python bench/compare_dashboard.py before.json after.json --median 100 --p95 300
"""

import argparse
import itertools
import json
import statistics
from pathlib import Path


def figures(path):
    """{callback: (median ms, p95 ms)} of a --json file's cold round, every case together."""
    cold = json.loads(Path(path).read_text())["cold"]
    out = {}
    for name, cases in cold.items():
        every = sorted(itertools.chain.from_iterable(cases.values()))
        p95 = every[min(len(every) - 1, int(round(0.95 * (len(every) - 1))))]
        out[name] = (statistics.median(every) * 1000, p95 * 1000)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--median", type=float, default=100, help="goal for the median, ms")
    parser.add_argument("--p95", type=float, default=300, help="goal for the 95th percentile, ms")
    args = parser.parse_args(argv)
    before, after = figures(args.before), figures(args.after)
    print("| callback | median before | median after | p95 before | p95 after |")
    print("|---|---:|---:|---:|---:|")
    for name in sorted(after, key=lambda n: -after[n][0]):
        old = before.get(name, (float("nan"), float("nan")))
        print(f"| {name} | {old[0]:.0f} | {after[name][0]:.0f} | {old[1]:.0f} | {after[name][1]:.0f} |")
    for label, runs in (("before", before), ("after", after)):
        medians = sum(m <= args.median for m, _ in runs.values())
        p95s = sum(p <= args.p95 for _, p in runs.values())
        both = sum(m <= args.median and p <= args.p95 for m, p in runs.values())
        print(
            f"\n{label}: {len(runs)} callbacks; median <= {args.median:.0f} ms: {medians}; "
            f"p95 <= {args.p95:.0f} ms: {p95s}; both: {both}"
        )


if __name__ == "__main__":
    main()
