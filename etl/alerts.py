"""Alerts: articles whose comments, in a recent window, need moderation, or read negative or
disagreeing, far more often than the rest of the store (`diskurs alerts`, the Overview's card).

The statistic, for each article and signal (docs/cli.md, `diskurs alerts`):

- the window: published comments whose time (comment time, else the article's date) lies in the
  last `since` (24h, 7d, …) before the store's newest comment, or before now when the newest
  comment is later (a store of old data, like the bundled 2025 sample, is judged on its own last
  day, not on an empty today); a date (YYYY-MM-DD) starts the window at that day; no `since`:
  the last DEFAULT_SINCE (24 h: what a daily cron run and the Overview's card look at);
  `all`: every comment;
- a share: needs_moderation ≥ `threshold` among the scored comments; `negative` among the
  comments with a sentiment; `disagree` among the replies with a stance;
- its usual level (the baseline p0): the same share over every other published comment of the
  store (older comments of the article and every other article's), with half a hit added to both
  sides (k + ½) / (n + 1), so a baseline of none is never taken as certain;
- a one-sided z-test of the article's share p over its n comments against p0:
  z = (p − p0) / √(p0 (1 − p0) / n); an alert when n ≥ MIN_COMMENTS and z ≥ MIN_Z
  (3: a share that high turns up by chance about once in 740 tests), and the exact binomial
  tail P(X ≥ hits | n, p0) is at most MAX_P (0.00135, what z = 3 means): for a rare signal (a
  baseline of 0.1 %) the normal approximation overstates z, and 5 hits of 855 where 1 is
  expected is not the one-in-740 event z 4.5 claims.
"""

import datetime as dt
import json
import math
import re

import duckdb
import pandas as pd

from etl import DiskursError
from etl.store import queries
from etl.store.aggregates import MODERATION_THRESHOLD

MIN_COMMENTS = 20  # comments (replies, for disagree) an article needs in the window to be tested
MIN_Z = 3.0
MAX_P = 0.00135  # the one-sided tail beyond z = 3
THRESHOLD = MODERATION_THRESHOLD  # needs_moderation at or above this counts (store_days counts at it)
DEFAULT_SINCE = "24h"  # the window without --since: the day before the newest comment (or now)
EVERYTHING = "all"  # --since all: every comment of the store
SIGNAL_NAMES = {"needs_moderation": "needs moderation", "negative": "negative", "disagree": "disagreeing"}
COLUMNS = ["article_id", "title", "signal", "n", "hits", "share", "baseline", "z", "p", "window_start", "window_end"]
_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


class AlertError(DiskursError):
    """An alerts option that cannot be understood."""


def window(since: str | None, newest: pd.Timestamp | None, now: pd.Timestamp | None = None) -> tuple:
    """(start, end) of the window `since` (a duration such as 24h, 7d, 2w, or a day YYYY-MM-DD;
    None or blank: DEFAULT_SINCE; EVERYTHING: every comment) ending at the store's `newest`
    comment time, or at `now` when that is earlier. Either bound None means open. AlertError for
    a `since` that is none of these."""
    now = pd.Timestamp(now if now is not None else dt.datetime.now(dt.UTC))
    end = None if newest is None else min(newest, now)
    if since is None or not str(since).strip():
        since = DEFAULT_SINCE
    if str(since).strip().lower() == EVERYTHING:
        return None, None
    if found := _DURATION.match(str(since)):
        amount, unit = int(found.group(1)), _UNITS[found.group(2).lower()]
        if amount <= 0:
            raise AlertError(f"--since {since!r}: the window must be longer than nothing")
        return (None if end is None else end - pd.Timedelta(**{unit: amount})), end
    try:
        day = dt.date.fromisoformat(str(since).strip())
    except ValueError:
        raise AlertError(
            f"--since {since!r} is neither a duration nor a day: write 24h, 7d, 2w, YYYY-MM-DD or all"
        ) from None
    return pd.Timestamp(day, tz="UTC"), end


def z_score(hits: int, n: int, rest_hits: int, rest_n: int) -> tuple[float, float, float]:
    """(share, baseline, z): the one-sided z of `hits` of `n` against the smoothed baseline
    (rest_hits + ½) / (rest_n + 1) of everything else."""
    share = hits / n if n else math.nan
    baseline = (rest_hits + 0.5) / (rest_n + 1)
    if not n:
        return share, baseline, math.nan
    return share, baseline, (share - baseline) / math.sqrt(baseline * (1 - baseline) / n)


def binomial_tail(hits: int, n: int, p: float) -> float:
    """P(X ≥ hits) for X ~ Binomial(n, p), summed in log space from `hits` up (1.0 when `hits`
    is at most the expected n·p: such a share never alerts)."""
    if hits <= n * p or p <= 0:
        return 1.0 if hits <= n * p else 0.0
    if p >= 1:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total, k = 0.0, hits
    while k <= n:
        term = math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q)
        total += term
        if term < total * 1e-12:  # past the mode the terms only shrink
            break
        k += 1
    return min(total, 1.0)


def score(counts: pd.DataFrame) -> pd.DataFrame:
    """etl.store.queries.alert_counts with share, baseline, z and p (the exact binomial tail)
    beside each row."""
    rows = [z_score(*row) for row in counts[["hits", "n", "rest_hits", "rest_n"]].itertuples(index=False, name=None)]
    share, baseline, z = zip(*rows, strict=True) if rows else ((), (), ())
    tails = [binomial_tail(int(k), int(n), p0) for k, n, p0 in zip(counts["hits"], counts["n"], baseline, strict=True)]
    return counts.assign(
        share=pd.Series(share, index=counts.index, dtype="float64"),
        baseline=pd.Series(baseline, index=counts.index, dtype="float64"),
        z=pd.Series(z, index=counts.index, dtype="float64"),
        p=pd.Series(tails, index=counts.index, dtype="float64"),
    )


def find_alerts(
    con: duckdb.DuckDBPyConnection,
    since: str | None = DEFAULT_SINCE,
    threshold: float = THRESHOLD,
    min_comments: int = MIN_COMMENTS,
    min_z: float = MIN_Z,
    max_p: float = MAX_P,
    now: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The alerting (article, signal) pairs of the window `since` (see `window`), highest z first:
    COLUMNS. Empty (with the columns) when none."""
    start, end = window(since, queries.alert_bounds(con)[1], now)
    scored = score(queries.alert_counts(con, start, end, threshold))
    found = scored[(scored["n"] >= min_comments) & (scored["z"] >= min_z) & (scored["p"] <= max_p)]
    found = found.sort_values(["z", "article_id"], ascending=[False, True], ignore_index=True)
    return found.assign(window_start=start, window_end=end)[COLUMNS]


def describe(alerts: pd.DataFrame) -> list[str]:
    """One line an alert: what runs high, where, against what."""
    return [
        f"{SIGNAL_NAMES.get(row.signal, row.signal)} {row.share:.0%} of {row.n:,} "
        f"(usual {row.baseline:.0%}, z {row.z:.1f})"
        for row in alerts.itertuples(index=False)
    ]


def format_table(alerts: pd.DataFrame) -> str:
    """The alerts as a plain-text table, or a line saying there are none."""
    if alerts.empty:
        return "no alerts"
    shown = pd.DataFrame(
        {
            "article": alerts["article_id"],
            "title": [(t if len(t) <= 50 else t[:49] + "…") for t in alerts["title"].fillna("").astype(str)],
            "signal": alerts["signal"],
            "n": alerts["n"],
            "hits": alerts["hits"],
            "share": [f"{v:.1%}" for v in alerts["share"]],
            "baseline": [f"{v:.1%}" for v in alerts["baseline"]],
            "z": [f"{v:.1f}" for v in alerts["z"]],
            "p": [f"{v:.1g}" for v in alerts["p"]],
        }
    )
    return shown.to_string(index=False)


def to_json(alerts: pd.DataFrame) -> str:
    """The alerts as a JSON list of objects (times ISO 8601 UTC, shares as fractions)."""

    def when(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat()

    return json.dumps(
        [
            {
                "article_id": row.article_id,
                "title": None if pd.isna(row.title) else str(row.title),
                "signal": row.signal,
                "n": int(row.n),
                "hits": int(row.hits),
                "share": round(float(row.share), 4),
                "baseline": round(float(row.baseline), 4),
                "z": round(float(row.z), 2),
                "p": float(f"{row.p:.3g}"),
                "window_start": when(row.window_start),
                "window_end": when(row.window_end),
            }
            for row in alerts.itertuples(index=False)
        ],
        ensure_ascii=False,
        indent=2,
    )
