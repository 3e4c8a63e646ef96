"""Benchmark the ETL on synthetic comments and print a table (figures go in docs/performance.md).

    .venv/bin/python bench/run.py --n 2000 --repeat 3

Measures, each as the median of `--repeat` runs in this one process tree, so that the baseline and
the project share the machine's conditions:
- the baseline: `TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment` once per comment;
- the exact engine (etl.sentiment.textblob) on the same texts, in one process from cold caches and on
  every core, as ratios to the baseline of the same round, and how many texts score bit-identically
  (synthetic texts repeat sentences, which flatters a cache: `--real posts.csv.xz` adds real ones);
- what a default run scores on them: that engine's numbers and german-plus's labels
  (etl.sentiment.DEFAULT_ENGINE), likewise in one process and on every core;
- a full `python -m etl run` (comments per second, peak memory);
- a `refresh` that finds 1 % new comments, as a share of the full run;
- `python -m etl export comments` of everything;
- the export itself (`--export-n`, on a store of that many comments built straight in SQL by
  bench/dashboard.py, cached under /tmp): DuckDB's own `COPY` of the same rows (the query of
  `etl.store.queries.comments`, DuckDB's CSV quoting) against our export (etl.export.copy_csv: the
  same COPY with cells formatted and neutralised in SQL, the editors' labels joined), the
  dashboard's streamed download of the same comments, and the Python writer the exports used
  before (etl.export.write_csv_blocks, `--no-python-writer` skips it: a minute at 1M), as MB/s and
  ratios to COPY, each file's bytes compared with ours.
`--only sentiment` measures the sentiment part alone (a minute instead of several), `--only
export` the export part alone, `--only run` the full run alone (no refresh, no export).

Peak memory is sampled from /proc every 0.5 s (bench/memory.py): the largest single process (RSS:
a run's parent, or one of the workers it forks to transform chunks, etl.transform.transform_chunks)
and the whole run, every process's PSS summed (the workers share most of the parent's pages, which
PSS counts once). A peak shorter than the interval can be missed.
"""

import argparse
import hashlib
import importlib.util
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
from memory import TreeMemory  # noqa: E402

from etl import sentiment  # noqa: E402
from etl.config import cores  # noqa: E402
from etl.sentiment.textblob import ReferenceTextBlobDE  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def etl(*args):
    """Run the real CLI in a child process; return (seconds, its memory: a TreeMemory)."""
    command = [sys.executable, "-m", "etl", *map(str, args)]
    command += ["--quiet"] if args[0] in ("run", "refresh") else []
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(child.pid) as memory:
        out, err = child.communicate()
    seconds = time.perf_counter() - start
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command, out, err)
    return seconds, memory


def sentiment_rates(texts):
    """One round on `texts`: comments per second of the reference (textblob-de, one blob per
    comment), of the exact engine in this process from cold caches and on every core, and of the
    default pair (exact numbers, german-plus labels) likewise; and on how many texts the reference
    and the exact engine give bit-identical scores."""
    engines = {
        "baseline": ReferenceTextBlobDE(),
        "single": sentiment.ENGINES["textblob-de"]().warm_up(),
        "parallel": sentiment.ENGINES["textblob-de"]().warm_up(),
        "default": warm_pair(),
        "default parallel": warm_pair(),
    }
    runs = {
        "baseline": lambda e: [e.score(t) for t in texts],
        "single": lambda e: e.score_many(texts),
        "parallel": lambda e: e.score_parallel(texts),
        "default": lambda e: (e.numbers.score_many(texts), e.labels.score_many(texts))[0],
        "default parallel": lambda e: (e.numbers.score_parallel(texts), e.labels.score_parallel(texts))[0],
    }
    rates, results = {}, {}
    for name, run in runs.items():
        start = time.perf_counter()
        results[name] = run(engines[name])
        rates[name] = len(texts) / (time.perf_counter() - start)
    bits = {name: [tuple(float(x).hex() for x in pair) for pair in pairs] for name, pairs in results.items()}
    rates["equal"] = sum(len(set(same)) == 1 for same in zip(*bits.values()))
    return rates


def warm_pair():
    """The default engine pair, built afresh (cold caches) with its lexicons loaded."""
    pair = sentiment.build_engine(sentiment.DEFAULT_ENGINE)
    pair.numbers.warm_up(), pair.labels.warm_up()
    return pair


def sentiment_rows(label, texts, repeat):
    """Table rows for `repeat` rounds of `sentiment_rates`: median rates, median ratios to the
    baseline of the same round, and the worst equality count."""
    rounds = [sentiment_rates(texts) for _ in range(repeat)]
    rate = lambda key: statistics.median(r[key] for r in rounds)  # noqa: E731
    ratio = lambda key: statistics.median(r[key] / r["baseline"] for r in rounds)  # noqa: E731
    equal = min(r["equal"] for r in rounds)
    return [
        (f"sentiment {label}, baseline TextBlobDE per comment", f"{rate('baseline'):,.0f} comments/s", "1.00x"),
        (
            f"sentiment {label}, engine, 1 process, cold caches",
            f"{rate('single'):,.0f} comments/s",
            f"{ratio('single'):.2f}x",
        ),
        (
            f"sentiment {label}, engine, {cores()} processes",
            f"{rate('parallel'):,.0f} comments/s",
            f"{ratio('parallel'):.2f}x",
        ),
        (
            f"sentiment {label}, default (exact + german-plus label), 1 process",
            f"{rate('default'):,.0f} comments/s",
            f"{ratio('default'):.2f}x",
        ),
        (
            f"sentiment {label}, default (exact + german-plus label), {cores()} processes",
            f"{rate('default parallel'):,.0f} comments/s",
            f"{ratio('default parallel'):.2f}x",
        ),
        (f"sentiment {label}, bit-identical to the baseline", f"{equal:,} of {len(texts):,}", "texts"),
    ]


def real_texts(path, n):
    """The first `n` non-empty comments of a CSV (One Million Posts `Body`, else `text` column)."""
    columns = pd.read_csv(path, nrows=0).columns
    column = "Body" if "Body" in columns else "text"
    texts = pd.read_csv(path, usecols=[column])[column].dropna().astype(str)
    return texts[texts.str.strip() != ""].head(n).tolist()


def one_round(n, work, run_only=False):
    inputs = work / "inputs"
    inputs.mkdir()
    base = int(n * 0.99)
    write_corpus(inputs / "part-1.csv", base)
    store = work / "store"
    full, memory = etl("run", inputs, "--store", store)
    run = {"full": full, "largest": memory.largest, "tree": memory.tree, "base": base}
    if run_only:
        return run
    write_corpus(inputs / "part-2.csv", n, skip=base)
    refresh, _ = etl("refresh", "--store", store)
    export, _ = etl("export", "comments", "--store", store, "--out", work / "comments.csv")
    return {**run, "refresh": refresh, "export": export}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="comments (default 2000)")
    parser.add_argument("--sentiment-sample", type=int, default=500, help="texts for the sentiment comparison")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--real",
        type=Path,
        default=None,
        help="also compare sentiment on real comments: posts.csv.xz of One Million Posts",
    )
    parser.add_argument("--only", choices=["sentiment", "export", "run"], default=None, help="measure only this part")
    parser.add_argument(
        "--export-n", type=int, default=0, help="also export every comment of a generated store of this many"
    )
    parser.add_argument("--no-python-writer", action="store_true", help="skip the Python writer in the export rows")
    args = parser.parse_args()
    if args.only == "export":
        print(f"median of {args.repeat} runs")
        print_table(export_rows(args.export_n or args.n, args.repeat, not args.no_python_writer))
        return
    if args.only == "run":
        print(f"median of {args.repeat} runs, N = {args.n:,}")
        print_table(etl_rows(args.n, args.repeat, run_only=True))
        return

    texts = [row["text"] for row in rows(args.sentiment_sample, seed=7)]
    ReferenceTextBlobDE().score("warm up")
    rows_sentiment = sentiment_rows("synthetic", texts, args.repeat)
    if args.real:
        rows_sentiment += sentiment_rows("real", real_texts(args.real, args.sentiment_sample), args.repeat)
    print(f"median of {args.repeat} runs, N = {args.n:,}, sentiment sample = {len(texts)}")
    table = rows_sentiment if args.only == "sentiment" else rows_sentiment + etl_rows(args.n, args.repeat)
    if args.export_n:
        table += export_rows(args.export_n, args.repeat, not args.no_python_writer)
    print_table(table)


def etl_rows(n, repeat, run_only=False):
    """Table rows for `repeat` rounds of `one_round` on `n` synthetic comments (`run_only`: the
    full run's rows alone)."""
    rounds = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as work:
            rounds.append(one_round(n, Path(work), run_only))
    med = lambda key: statistics.median(r[key] for r in rounds)  # noqa: E731
    table = [
        (
            f"full run, {rounds[0]['base']:,} comments",
            f"{med('full'):.1f} s",
            f"{rounds[0]['base'] / med('full'):,.0f} comments/s",
        ),
        ("peak memory of the run's largest process (RSS)", f"{med('largest'):,.0f} MB", ""),
        ("peak memory of the run, all its processes (PSS)", f"{med('tree'):,.0f} MB", "sampled every 0.5 s"),
    ]
    if run_only:
        return table
    return table + [
        (
            f"refresh with 1 % new ({n - rounds[0]['base']:,})",
            f"{med('refresh'):.1f} s",
            f"{med('refresh') / med('full'):.1%} of the full run",
        ),
        (f"export comments to CSV ({n:,})", f"{med('export'):.2f} s", ""),
    ]


def export_rows(n, repeat, python_writer=True):
    """Table rows: exporting every comment of a store of `n` (bench/dashboard.py's generated
    store) with DuckDB's COPY, with ours, through the dashboard's download and with the Python
    writer of before; medians of `repeat`, MB/s and ratios to COPY, and whether the bytes agree."""
    from dashboard.app import create_app
    from etl import export, store
    from etl.config import Settings
    from etl.store import labels, queries

    spec = importlib.util.spec_from_file_location("bench_dashboard", ROOT / "bench" / "dashboard.py")
    generated = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generated)
    store_dir = generated.ensure_store(None, n, max(1, n // 50))
    editor = labels.editor_columns(store_dir)
    filters = export.Filters()
    app = create_app(Settings(store_dir=store_dir))

    def duckdb_copy(path):
        sql, params = queries.comments_sql(filters)
        with store.connect_readonly(store_dir) as con:
            con.execute(f"COPY ({sql}) TO '{path}' (FORMAT csv, HEADER true)", params)

    def ours(path):
        with store.connect_readonly(store_dir) as con:
            export.copy_csv(con, "comments", filters, path, editor=editor)

    def download(path):
        with open(path, "wb") as handle:
            for block in app.server.test_client().get("/download/comments.csv", buffered=False).response:
                handle.write(block)

    def python(path):
        with store.connect_readonly(store_dir) as con, open(path, "w", encoding="utf-8", newline="") as handle:
            blocks = (export.with_editor_labels(b, editor) for b in export.export_blocks(con, "comments", filters))
            export.write_csv_blocks(blocks, handle)

    ways = {"DuckDB COPY": duckdb_copy, "ours": ours, "download (+ article_title, sources by name)": download}
    if python_writer:
        ways["Python writer"] = python
    seconds, sizes, digests = {name: [] for name in ways}, {}, {}
    with tempfile.TemporaryDirectory() as work:
        for _ in range(repeat):
            for name, write in ways.items():
                path = Path(work) / "out.csv"
                seconds[name].append(timed(lambda write=write, path=path: write(path)))
                sizes[name] = path.stat().st_size
                digests[name] = _digest(path)
                path.unlink()
    copy = statistics.median(seconds["DuckDB COPY"])
    table = []
    for name in ways:
        median = statistics.median(seconds[name])
        if name in ("DuckDB COPY", "ours") or name.startswith(
            "download"
        ):  # COPY quotes its own way; the table has more columns
            same = ""
        else:
            same = "same bytes as ours" if digests[name] == digests["ours"] else "DIFFERENT bytes from ours"
        table.append(
            (
                f"export {n:,} comments: {name}",
                f"{median:.2f} s",
                f"{sizes[name] / 1e6 / median:,.0f} MB/s ({sizes[name] / 1e6:,.0f} MB), "
                f"{median / copy:.2f}x COPY's time; {same}".rstrip("; "),
            )
        )
    return table


def _digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def print_table(table):
    width = max(len(r[0]) for r in table)
    for name, value, note in table:
        print(f"{name:<{width}}  {value:>18}  {note}")


if __name__ == "__main__":
    main()
