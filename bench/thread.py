"""Benchmark the thread page in Chromium: how soon a large thread's first screen shows.

    .venv/bin/python bench/thread.py                        # generated 1,500-comment thread + real data
    .venv/bin/python bench/thread.py --n 3000 --deep 300 --repeat 5 --work /tmp/thread-bench

Each case is one store built by `diskurs run FILE --store DIR`, as an operator would:

- "generated": a comment file written here (`write_thread`): one article of `--n` comments, about
  60 top-level ones with bushy replies, and one branch `--deep` replies deep;
- "derStandard": the shared One Million Posts comments (../shared/data/one-million-posts/
  posts.csv.xz), when present; its largest article.

For each, the dashboard is served for real (`diskurs dashboard`), and headless Chromium opens
`/thread?article=ID` `--repeat` times, each time with a freshly started server (its result cache
cold). Two figures, from navigation start (performance.now() in the page): the first comment card
of the tree on screen, and "settled": the first moment after it from which the page's main thread
answers every 20 ms timer within 60 ms for half a second (the page drawn and free for input).
Medians, minimum and maximum in a table. `--tree DIR` serves another checkout of the project (a
`git archive` of an older commit) to compare. Figures go in docs/performance.md ("The thread page").
"""

import argparse
import csv
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if __name__ == "__main__":
    # bench/dashboard.py is named like the package: the project first, this folder (corpus) last.
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT)] + [str(HERE)]

from corpus import REPLIES, text  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "one-million-posts" / "posts.csv.xz"
ARTICLE = "big-thread"
DEEPEST_TEXT = "Ganz unten im längsten Zweig angekommen: der tiefste Kommentar dieses Threads."
COLUMNS = ["comment_id", "parent_id", "article_id", "article_title", "article_url", "published_at", "author"]
# Resolves with the start of the first half second in which 20 ms timers all ran within 60 ms.
SETTLED_JS = """
const done = arguments[arguments.length - 1];
let last = performance.now(), quiet = 0;
function tick() {
    const now = performance.now();
    quiet = now - last < 60 ? quiet + (now - last) : 0;
    last = now;
    if (quiet >= 500) { done(now - quiet); } else { setTimeout(tick, 20); }
}
tick();
"""
WAIT_JS = """
const selector = arguments[0], done = arguments[arguments.length - 1];
function look() {
    if (document.querySelector(selector)) { done(performance.now()); }
    else { window.requestAnimationFrame(look); }
}
look();
"""


def thread_rows(n=1500, deep=150, seed=7, roots=60):
    """`n` comment rows (dicts of the CSV input columns) of one article, deterministic for
    `seed`: `roots` top-level comments, replies to recent comments (bushy, up to 12 deep), and
    one branch of `deep` replies, each answering the one before; its last comment, the deepest,
    says DEEPEST_TEXT. Needs n > roots + deep."""
    if n <= roots + deep:
        raise ValueError("n must exceed roots + deep")
    rng = random.Random(seed)
    published = dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC)
    # Which comments extend the deep branch: spread over the thread, after the roots.
    extends = sorted(rng.sample(range(roots, n), deep))
    last = extends[-1]
    extending = set(extends)
    depth, branch, recent, rows = {}, set(), [], []
    tip = f"t{rng.randrange(roots)}"
    for number in range(n):
        comment_id = f"t{number}"
        if number < roots:
            parent = None
        elif number in extending:
            parent, tip = tip, comment_id
            branch.add(comment_id)
        else:
            candidates = [c for c in recent[-80:] if depth[c] < 12 and c not in branch]
            parent = rng.choice(candidates) if candidates and rng.random() < 0.9 else None
        depth[comment_id] = depth[parent] + 1 if parent else 0
        recent.append(comment_id)
        if number == last:
            words = DEEPEST_TEXT
        elif parent and rng.random() < 0.1:
            words = rng.choice(REPLIES)
        else:
            words = text(rng)
        rows.append(
            {
                "comment_id": comment_id,
                "parent_id": parent or "",
                "article_id": ARTICLE,
                "article_title": "Ein Artikel mit sehr vielen Kommentaren",
                "article_url": "https://bench.example/big-thread",
                "published_at": published.isoformat().replace("+00:00", "Z"),
                "author": f"leser{rng.randint(1, 400)}",
                "created_at": (published + dt.timedelta(minutes=number)).isoformat().replace("+00:00", "Z"),
                "text": words,
            }
        )
    return rows


def write_thread(path, n=1500, deep=150, seed=7):
    """Write thread_rows as a CSV comment file; return the number of comments."""
    rows = thread_rows(n, deep, seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def build_store(inputs, store):
    """`diskurs run INPUT --store STORE` (once: an existing store is reused)."""
    if (store / "CURRENT").exists():
        return store
    subprocess.run(
        [sys.executable, "-m", "etl", "run", str(inputs), "--store", str(store), "--quiet"], cwd=ROOT, check=True
    )
    return store


def largest_article(store):
    """(article_id, published comments, deepest depth) of the store's largest thread."""
    from dashboard import queries
    from dashboard.queries import thread as threads
    from dashboard.reader import StoreReader

    reader = StoreReader(store)
    article = reader.query(queries.article_options, limit=1)["article_id"].iloc[0]
    outline = reader.query(threads.thread_outline, article)
    return article, len(outline), int(outline["depth"].max())


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store, port, tree=ROOT):
    """`python -m dashboard` of the project in `tree` on `port`, once /healthz answers."""
    import urllib.request

    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--store", str(store), "--port", str(port)],
        cwd=tree,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the dashboard did not start") from None
            time.sleep(0.2)


def browser():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options)
    driver.set_script_timeout(120)
    return driver


def first_screen(driver, url):
    """(ms to the first comment card, ms to settled) of one page load, from navigation start."""
    driver.get("about:blank")
    driver.get(url)
    card = driver.execute_async_script(WAIT_JS, "#thread-tree .comment-card")
    return card, max(card, driver.execute_async_script(SETTLED_JS))


def measure(store, article, repeat, driver, tree=ROOT):
    cards, drawn = [], []
    for _ in range(repeat):
        port = free_port()
        server = serve(store, port, tree)
        try:
            card, done = first_screen(driver, f"http://127.0.0.1:{port}/thread?article={article}")
        finally:
            server.terminate()
            server.wait(timeout=20)
        cards.append(card)
        drawn.append(done)
    return cards, drawn


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1500, help="comments of the generated thread")
    parser.add_argument("--deep", type=int, default=150, help="depth of its deepest branch")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/diskurs-thread-bench"))
    parser.add_argument("--no-real", action="store_true", help="skip the derStandard comments")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the project checkout to serve (default: this one)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    cases = []
    generated = args.work / f"thread-{args.n}-{args.deep}.csv"
    write_thread(generated, args.n, args.deep)
    cases.append(("generated", build_store(generated, args.work / f"store-{args.n}-{args.deep}")))
    if REAL.exists() and not args.no_real:
        cases.append(("derStandard", build_store(REAL, args.work / "store-derstandard")))

    driver = browser()
    try:
        results = []
        for name, store in cases:
            article, n, deepest = largest_article(store)
            cards, drawn = measure(store, article, args.repeat, driver, args.tree)
            results.append((name, article, n, deepest, cards, drawn))
    finally:
        driver.quit()

    print(f"Thread page in Chromium ({args.tree}), {args.repeat} page loads each (a fresh server each), ms")
    print("| thread | comments | deepest | first card: median (min–max) | settled: median (min–max) |")
    print("|---|---|---|---|---|")
    for name, article, n, deepest, cards, drawn in results:
        print(
            f"| {name} ({article}) | {n:,} | {deepest} | {statistics.median(cards):,.0f} "
            f"({min(cards):,.0f}–{max(cards):,.0f}) | {statistics.median(drawn):,.0f} "
            f"({min(drawn):,.0f}–{max(drawn):,.0f}) |"
        )


if __name__ == "__main__":
    main()
