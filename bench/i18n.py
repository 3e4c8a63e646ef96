"""Benchmark what German costs a callback answer: the JSON of a thread page of N comment cards
(with label buttons) and of a 50-row comments grid block, translated by dashboard.i18n
(parse, walk, write) against Dash building and writing the same answer. English costs nothing:
its answers are sent untouched. Prints a table of medians; figures go in docs/languages.md.

    .venv/bin/python bench/i18n.py
    .venv/bin/python bench/i18n.py --cards 500 --repeat 50
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

import pandas as pd  # noqa: E402
import plotly.io  # noqa: E402
from dash import html  # noqa: E402

from dashboard import i18n  # noqa: E402
from dashboard.components.thread import comment_card  # noqa: E402

ROUTE = "/_dash-update-component"


def comments(n):
    """`n` made-up comments of a thread, as the thread page's query gives them: each reply's
    stance evidence and some comments' reasons its own, as in a real thread (none repeats)."""
    return [
        {
            "comment_id": f"c{i}",
            "parent_id": "c0" if i % 4 else "",
            "author": f"Leserin {i}",
            "created_at": pd.Timestamp("2026-12-01 10:00", tz="UTC") + pd.Timedelta(minutes=i),
            "sentiment": ("negative", "neutral", "positive")[i % 3],
            "polarity": (i % 7 - 3) / 10,
            "depth": i % 5,
            "stance": stance,
            "stance_evidence": f'{stance}: "Nein, {i} mal" (disagreement); "nicht" (negation, weak); '
            f"polarity reply {(i % 7 - 3) / 10:+.2f} vs parent +0.10"
            if stance
            else "",
            "moderation_reasons": f"insult: 'Depp {i}'; shouting" if i % 5 == 0 else None,
            "text": f"Das ist Kommentar Nummer {i}, mit etwas Text darin, wie Leser ihn schreiben.",
        }
        for i, stance in ((i, ("agree", "disagree", "neutral", "")[i % 4]) for i in range(n))
    ]


def thread_answer(n):
    cards = html.Div([comment_card(record, {}) for record in comments(n)])
    return {"multi": True, "response": {"thread-tree": {"children": cards}}}


def grid_answer(n):
    rows = [{k: str(v) if k == "created_at" else v for k, v in record.items()} for record in comments(n)]
    return {"multi": True, "response": {"comments-grid": {"getRowsResponse": {"rowData": rows, "rowCount": 10_000}}}}


def median_ms(call, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def german(body):
    answer = i18n.translate_payload(ROUTE, json.loads(body), "de")
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200, help="comment cards of the thread answer")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    print("| answer | size | Dash builds and writes it (ms) | German adds (ms), first / repeated |")
    print("|---|---|---|---|")
    for name, make in (
        (f"thread page, {args.cards} cards", lambda: thread_answer(args.cards)),
        ("grid block, 50 rows", lambda: grid_answer(50)),
    ):
        body = plotly.io.json.to_json_plotly(make())
        build = median_ms(lambda make=make: plotly.io.json.to_json_plotly(make()), args.repeat)
        first = []
        for _ in range(args.repeat):
            i18n.translate.cache_clear()
            first.append(median_ms(lambda body=body: german(body), 1))
        again = median_ms(lambda body=body: german(body), args.repeat)
        print(f"| {name} | {len(body) / 1024:,.0f} KiB | {build:.0f} | {statistics.median(first):.0f} / {again:.0f} |")


if __name__ == "__main__":
    main()
