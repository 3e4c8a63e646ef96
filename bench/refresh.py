"""Benchmark what a refresh costs against the size of the store, and print a table (issue 14).

    .venv/bin/python bench/refresh.py --sizes 10000 1000000 --repeat 3
    .venv/bin/python bench/refresh.py --sizes 10000 1000000 10000000 --repeat 3

For each size, the store of bench/dashboard.py (built straight in DuckDB SQL with 50 comments an
article on average, cached under /tmp, published through etl.store like any run's), then, round
by round over the sizes so that they share the machine's conditions, `--repeat` times:

- `python -m etl run NEW.csv` in a new process, NEW.csv holding 1,000 new comments: 500 replies in
  the threads of the five newest articles, 500 on five new articles. Wall time, peak memory of the
  process, and the bytes it wrote into the store folder (new segments and the catalogue);
- an idle `python -m etl refresh` (the file it ran is a source now, unchanged): wall time, and
  whether any data file of the store changed (size or modification time; the run journal and the
  lock file aside, docs/operations.md).

Beside them, what the design before segments paid on every run whatever it changed: a copy of the
whole store (here timed as copying the current segments and catalogue to a file, which is what
that single DuckDB file held). The acceptance ratio is the largest store's refresh time over the
10,000-comment store's. Figures go in docs/performance.md.
"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from etl import store  # noqa: E402

# bench/dashboard.py builds the stores; it is named like the package it measures, so it is loaded
# from its path.
_spec = importlib.util.spec_from_file_location("bench_dashboard", HERE / "dashboard.py")
bench_dashboard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_dashboard)

NEW_COMMENTS = 1_000
HEADER = "comment_id,parent_id,article_id,article_title,published_at,author,created_at,text"


def new_comments(store_dir, round_no, path):
    """Write 1,000 new comments for `store_dir` to `path`: 500 replies on the five newest
    articles' threads, 500 comments on five new articles dated after them."""
    with store.connect_readonly(store_dir) as con:
        newest = con.execute(
            """SELECT a.article_id, a.title, a.published_at, min(c.comment_id) AS root
               FROM articles a JOIN comments c USING (article_id) WHERE c.depth = 0
               GROUP BY ALL ORDER BY a.published_at DESC, a.article_id LIMIT 5"""
        ).fetchall()
        last = con.execute("SELECT max(created_at) FROM comments").fetchall()[0][0]
    bank = bench_dashboard.sentences()
    lines = [HEADER]
    stamp = last.strftime("%Y-%m-%dT%H:%M:%SZ")
    for j in range(NEW_COMMENTS):
        text = " ".join(bank[(j * 7 + k * 13 + round_no) % len(bank)] for k in range(5)).replace('"', "")
        if j < NEW_COMMENTS // 2:
            article, title, published, root = newest[j % len(newest)]
            parent, published = root, published.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            k = j % 5
            article, title, parent, published = f"new-{round_no}-{k}", f"Neuer Artikel {round_no}-{k}", "", stamp
        title = title.replace('"', "")
        lines.append(f'n{round_no}-{j},{parent},{article},"{title}",{published},leser{j},{stamp},"{text}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def etl(*args):
    """Run the real CLI in a new process under /usr/bin/time; (seconds, peak RSS of that process
    in MB)."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "peak-kb %M", sys.executable, "-m", "etl", *map(str, args), "--quiet"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = [line for line in done.stderr.splitlines() if line.startswith("peak-kb ")][-1]
    return seconds, int(peak.split()[1]) / 1024


def data_files(store_dir):
    """{path: (size, mtime)} of the store's data files: all but the journal and the lock file."""
    return {
        p: (p.stat().st_size, p.stat().st_mtime_ns)
        for p in Path(store_dir).rglob("*")
        if p.is_file() and p.name not in ("runs.jsonl", ".lock")
    }


def store_bytes(store_dir):
    """Bytes of the current version: its catalogue and every segment it reads."""
    current = store.current_path(store_dir)
    with store.open_readonly(current) as con:
        files = [row[0] for row in con.execute("SELECT DISTINCT file FROM store_files").fetchall()]
    return current.stat().st_size + sum((Path(store_dir) / f).stat().st_size for f in files)


def copy_seconds(store_dir, scratch):
    """Seconds to copy the current version's catalogue and segments into one file (what the
    design before segments copied on every run)."""
    current = store.current_path(store_dir)
    with store.open_readonly(current) as con:
        files = [Path(store_dir) / row[0] for row in con.execute("SELECT DISTINCT file FROM store_files").fetchall()]
    target = Path(scratch) / "copy.bin"
    started = time.perf_counter()
    with open(target, "wb") as out:
        for path in [current, *files]:
            with open(path, "rb") as source:
                shutil.copyfileobj(source, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def one_round(store_dir, round_no):
    # The file becomes a source of the store: it stays beside it, for every later refresh to find.
    inputs = Path(f"{store_dir}-inputs")
    inputs.mkdir(exist_ok=True)
    path = new_comments(store_dir, round_no, inputs / f"new-{round_no}.csv")
    before = data_files(store_dir)
    seconds, peak = etl("run", path, "--store", store_dir)
    written = sum(size for p, (size, _) in data_files(store_dir).items() if p not in before)
    still = data_files(store_dir)
    idle, _ = etl("refresh", "--store", store_dir)
    untouched = data_files(store_dir) == still
    return {"run": seconds, "peak": peak, "written": written, "idle": idle, "untouched": untouched}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000], help="comments per store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    stores = {n: bench_dashboard.ensure_store(None, n, max(1, n // 50)) for n in args.sizes}
    results = {n: [] for n in args.sizes}
    copies = {n: [] for n in args.sizes}
    with tempfile.TemporaryDirectory() as scratch:
        base = int(time.time())  # new comment ids every time the benchmark runs on a cached store
        for r in range(args.repeat):
            for n, store_dir in stores.items():
                results[n].append(one_round(store_dir, base * 10 + r))
                copies[n].append(copy_seconds(store_dir, scratch))
    smallest = min(args.sizes)
    baseline = statistics.median(x["run"] for x in results[smallest])
    rows = [
        (
            "store",
            "store size",
            "run adding 1,000 (median)",
            "vs 10k store",
            "written",
            "peak memory",
            "idle refresh",
            "data files untouched",
            "copying the store",
        )
    ]
    for n in args.sizes:
        med = statistics.median
        run = med(x["run"] for x in results[n])
        rows.append(
            (
                f"{n:,} comments",
                f"{store_bytes(stores[n]) / 1e6:,.0f} MB",
                f"{run:.2f} s",
                f"{run / baseline:.2f}×",
                f"{med(x['written'] for x in results[n]) / 1e6:,.1f} MB",
                f"{med(x['peak'] for x in results[n]):,.0f} MB",
                f"{med(x['idle'] for x in results[n]):.2f} s",
                "yes" if all(x["untouched"] for x in results[n]) else "NO",
                f"{med(copies[n]):.2f} s",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print(f"\nmedians of {args.repeat} rounds; every run and refresh a new process (imports included)")


if __name__ == "__main__":
    main()
