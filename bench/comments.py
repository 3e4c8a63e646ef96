"""Benchmark the comments grid at one million comments: a block of 50 rows sorted on each column
(the first page and a deep one), and the match count of searches (one word, two words, a phrase,
umlaut spellings). Cold: the reader's cache is cleared before every call. Prints a table;
figures go in docs/comments.md.

    .venv/bin/python bench/comments.py                       # the 1M store of bench/dashboard.py
    .venv/bin/python bench/comments.py --n 100000 --repeat 3
"""

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

SORTS = [
    (None, None),
    ("created_at", "desc"),
    ("polarity", "asc"),
    ("needs_moderation", "desc"),
    ("article_title", "asc"),
    ("author", "asc"),
    ("topics", "asc"),
    ("text", "asc"),
]
SEARCHES = ["Update", "Update schlecht", '"das Update"', "Wärmepumpe", "Waermepumpe"]


def cold_ms(reader, call, repeat):
    """Median milliseconds of `call()` with the reader's cache cleared before each."""
    times = []
    for _ in range(repeat):
        reader.clear_cache()
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _dashboard_bench():
    """bench/dashboard.py (named like the package: loaded from its path), for its store."""
    spec = importlib.util.spec_from_file_location("bench_dashboard", HERE / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="comments (default 1,000,000)")
    parser.add_argument("--articles", type=int, default=20_000, help="articles (default 20,000)")
    parser.add_argument("--store", help="store folder (default: bench/dashboard.py's cached store)")
    parser.add_argument("--repeat", type=int, default=5, help="calls per case (default 5)")
    args = parser.parse_args(argv)

    from dashboard.components import grid
    from dashboard.filters import filters_from
    from dashboard.reader import StoreReader

    store_dir = _dashboard_bench().ensure_store(args.store, args.n, args.articles)
    reader = StoreReader(store_dir)
    deep = (args.n // 2) // grid.PAGE_SIZE * grid.PAGE_SIZE
    print(f"| sort | first page (ms) | page {deep // grid.PAGE_SIZE + 1:,} (ms) |")
    print("|---|---:|---:|")
    for column, direction in SORTS:
        cells = []
        for start in (0, deep):
            request = {"startRow": start, "endRow": start + grid.PAGE_SIZE}
            if column:
                request["sortModel"] = [{"colId": column, "sort": direction}]
            cells.append(cold_ms(reader, lambda r=request: grid.rows_block(reader, filters_from(), r), args.repeat))
        name = f"{column} {direction}" if column else "none (the table's order)"
        print(f"| {name} | {cells[0]:,.0f} | {cells[1]:,.0f} |")
    # Searched without the reader's kept matches: each count scans the texts (what a new search costs;
    # a version written before the signals existed reads through views, which have no rowid to keep).
    reader = StoreReader(store_dir, cache_size=0)
    print("\n| search | matches | count (ms) |")
    print("|---|---:|---:|")
    for search in SEARCHES:
        filters = filters_from(search=search)
        ms = cold_ms(reader, lambda f=filters: grid.matching(reader, f), args.repeat)
        print(f"| `{search}` | {grid.matching(reader, filters):,} | {ms:,.0f} |")


if __name__ == "__main__":
    main()
