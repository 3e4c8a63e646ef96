"""Screenshots of every dashboard page, in headless Chromium, for docs/ and for looking at.

    .venv/bin/python bench/screenshots.py --store /tmp/shots/store --out docs/screenshots
    .venv/bin/python bench/screenshots.py --store data/store --lang en --out /tmp/en

Serves the store with `python -m dashboard` on a free loopback port, opens every page of the
navigation, the thread of the article with most comments (`thread-largest.png`) and the Comments page
of the largest side of the "For or against?" chart (`comments-target.png`), waits until Dash has nothing left
loading, and saves one PNG per page (`<page>.png`, the page's full height up to --max-height).

Comment text is blurred by default (`--no-blur` keeps it): the derStandard comments in
../shared/data may not be copied into the repository (../shared/DATA.md), and a legible screenshot
of a thread is a copy. So is a quote: the parent a reply answers (Label next), the words a flag's
reasons or a stance's evidence quote, a topic suggestion's example. Layout, charts, labels,
titles and figures stay sharp.
"""

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What shows a comment's own words: thread cards, grid cells of the text column, queue items, and
# what quotes them: a reply's parent, reasons and evidence, a suggested topic's example.
BLURRED = [
    ".comment-text",
    '.ag-cell[col-id="text"]',
    '.ag-cell[col-id="parent_text"]',
    '.ag-cell[col-id="example"]',
    ".queue-text",
    ".label-text",
    ".label-next-parent",
    ".thread-hit",
    ".stance-evidence",
    ".target-stances",
    ".target-stance-cell",
    ".flag-reasons",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dashboard(store, port, lang):
    env = dict(os.environ, DISKURS_LANG=lang)
    command = [sys.executable, "-m", "dashboard", "--store", str(store), "--host", "127.0.0.1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen([*command, "--port", str(port)], cwd=ROOT, env=env, **quiet)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=10)
            break
        except urllib.error.HTTPError:
            break  # serving: 503 says the last run failed, which a screenshot may well show
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("the dashboard did not start")
            time.sleep(0.3)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def browser(width):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={width},1000")
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def settle(driver, timeout=60):
    """Wait until the page has content and no Dash component is loading, twice in a row."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline and quiet < 2:
        loading = driver.execute_script(
            "return document.querySelectorAll('[data-dash-is-loading=\"true\"], .dash-spinner').length"
            " + (document.getElementById('_pages_content') ? 0 : 1)"
        )
        quiet = quiet + 1 if loading == 0 else 0
        time.sleep(1.0)
    time.sleep(1.5)  # plotly's transitions


def shoot(driver, url, path, blur, width, max_height):
    driver.set_window_size(width, 1000)
    driver.get(url)
    settle(driver)
    if blur:
        css = ",".join(BLURRED) + "{filter: blur(4px) !important;}"
        driver.execute_script(
            "const s = document.createElement('style'); s.textContent = arguments[0]; document.head.appendChild(s);",
            css,
        )
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 800), max_height))
    time.sleep(1.0)
    driver.save_screenshot(str(path))
    return height


def page_paths(driver, base):
    driver.get(base + "/")
    settle(driver)
    script = "return [...document.querySelectorAll('a.nav-link')].map(a => a.getAttribute('href'))"
    hrefs = driver.execute_script(script)
    return [href for href in dict.fromkeys(hrefs) if href and href.startswith("/")]


def largest_article(store):
    from dashboard.queries.articles import article_stats
    from dashboard.reader import StoreReader
    from etl.store.filters import Filters

    # article_stats orders by the number of comments, most first.
    return StoreReader(store).query(article_stats, Filters(), limit=1)["article_id"].iloc[0]


def most_against(store):
    """(target, stance) of the largest segment of the Topics page's "For or against?" chart that
    takes a side: what a click there opens on the Comments page; None without targets."""
    from dashboard.queries.topics import target_stance
    from dashboard.reader import StoreReader
    from etl.store.filters import Filters

    counts = StoreReader(store).query(target_stance, Filters(published_only=True))
    sides = [
        (int(row[f"n_{stance}"]), row["target"], stance)
        for _, row in counts.iterrows()
        for stance in ("against", "favor")
    ]
    return max(sides)[1:] if sides else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--out", default=ROOT / "docs" / "screenshots", type=Path)
    parser.add_argument("--lang", default="de", choices=["de", "en"])
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--max-height", type=int, default=3000)
    parser.add_argument("--no-blur", dest="blur", action="store_false", help="keep comment text legible")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    args.out.mkdir(parents=True, exist_ok=True)
    driver = browser(args.width)
    try:
        with dashboard(args.store, free_port(), args.lang) as base:
            paths = page_paths(driver, base)
            from urllib.parse import quote

            pages = {(path.strip("/") or "overview"): path for path in paths}
            pages.pop("thread", None)  # the picker opens the largest thread: thread-largest below
            pages["thread-largest"] = "/thread?article=" + quote(str(largest_article(args.store)))
            if (clicked := most_against(args.store)) is not None:
                pages["comments-target"] = f"/comments?target={quote(clicked[0])}&target_stance={clicked[1]}"
            print(f"{'page':<40} {'height':>7}  file")
            for name, path in pages.items():
                target = args.out / f"{name}.png"
                height = shoot(driver, base + path, target, args.blur, args.width, args.max_height)
                print(f"{path:<40} {height:>7}  {target}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
