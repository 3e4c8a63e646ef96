"""What a moderator knows of a comment at the moment of deciding on it, beyond its words: the
thread so far and the moderation log up to then, as numbers a moderation model reads
(`etl.quality.moderation`).

The input is a log, one row a comment: `comment_id, article_id, parent_id, author, created_at,
text, label` (1 removed, 0 published, missing when not known, e.g. still waiting). Every
feature of a comment comes from comments created strictly before it (by `created_at`) and from
its parent: nothing known only after the decision (votes, later replies, the comment's own fate).

The log does not say *when* an earlier comment was removed, only that it was. An earlier removal
may have come after the comment at hand was written (a moderator clearing a thread at once), so
`gap_hours` counts an earlier comment's label only when it was written at least that long before
(its existence counts either way). docs/quality.md measures what the gap changes.

Groups (`GROUPS`), so each can be measured by leaving it out:
- `thread`: is it a reply, depth, earlier comments on the article and in its last hour, hours
  since the article's first comment, question and exclamation marks, capitals, length;
- `log`: the author's earlier comments and how many of them were removed (and their share),
  the article's earlier removals;
- `parent_status`: whether the parent was removed. Left out of the model by default: one cannot
  reply to a removed comment, so a removed parent was removed after the reply was written, almost
  always with it (on One Million Posts 201 of 213 replies to a removed post were removed too);
  it is the outcome of the same decision, not something known before it.
"""

import numpy as np
import pandas as pd

LOG_COLUMNS = ["comment_id", "article_id", "parent_id", "author", "created_at", "text", "label"]
GROUPS = {
    "thread": [
        "is_reply",
        "depth",
        "article_earlier",
        "article_last_hour",
        "hours_since_first",
        "questions",
        "exclamations",
        "capitals",
        "length",
    ],
    "log": ["author_earlier", "author_removed", "author_share", "author_new", "article_removed"],
    "parent_status": ["parent_removed"],
}
DEFAULT_GROUPS = ("thread", "log")
PRIOR = 0.17  # the removed share an author with no counted history is taken to have (smoothing)


def log_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the log's columns in their types (missing ones empty); times in UTC."""
    out = pd.DataFrame(index=frame.index)
    for column in LOG_COLUMNS:
        out[column] = frame.get(column, pd.NA)
    for column in ("comment_id", "article_id", "parent_id", "author", "text"):
        out[column] = out[column].astype("string").fillna("")
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True, errors="coerce", format="mixed")
    out["label"] = pd.to_numeric(out["label"], errors="coerce")
    return out


def features(log: pd.DataFrame, gap_hours: float = 0.0) -> pd.DataFrame:
    """One row of numbers per row of `log` (same index): the columns of every group in GROUPS."""
    log = log_frame(log)
    order = np.argsort(log["created_at"].to_numpy(dtype="datetime64[ns]"), kind="stable")
    ordered = log.iloc[order].reset_index(drop=True)
    times = ordered["created_at"].to_numpy(dtype="datetime64[ns]").astype("int64") / 3.6e12  # hours
    known = ordered["created_at"].notna().to_numpy()
    times = np.where(known, times, np.inf)  # a comment without a time counts after all others
    removed = (ordered["label"] == 1).fillna(False).to_numpy(dtype=float)
    text = ordered["text"]
    out = pd.DataFrame(index=ordered.index)
    out["is_reply"] = (ordered["parent_id"] != "").astype(float)
    out["depth"] = np.log1p(_depths(ordered))
    author_n, author_k = _earlier(ordered["author"], times, removed, gap_hours, skip_blank=True)
    counted = _earlier(ordered["author"], times, np.ones(len(ordered)), gap_hours, skip_blank=True)[1]
    out["author_earlier"] = np.log1p(author_n)
    out["author_removed"] = np.log1p(author_k)
    out["author_share"] = (author_k + PRIOR) / (counted + 1)
    out["author_new"] = (author_n == 0).astype(float)
    article_n, article_k = _earlier(ordered["article_id"], times, removed, gap_hours)
    out["article_earlier"] = np.log1p(article_n)
    out["article_removed"] = np.log1p(article_k)
    out["article_last_hour"] = np.log1p(_earlier(ordered["article_id"], times, removed, 0.0, window=1.0)[0])
    first = pd.Series(times).groupby(ordered["article_id"].to_numpy()).transform("min").to_numpy()
    out["hours_since_first"] = np.log1p(np.where(np.isfinite(times), np.maximum(times - first, 0.0), 0.0))
    out["questions"] = np.minimum(text.str.count(r"\?").to_numpy(dtype=float), 3)
    out["exclamations"] = np.minimum(text.str.count("!").to_numpy(dtype=float), 3)
    letters = text.str.count(r"[^\W\d_]").to_numpy(dtype=float)
    out["capitals"] = text.str.count(r"[A-ZÄÖÜ]").to_numpy(dtype=float) / np.maximum(letters, 1)
    out["length"] = np.log1p(text.str.len().to_numpy(dtype=float))
    status = pd.Series(removed, index=ordered["comment_id"].to_numpy())
    status = status[~status.index.duplicated()]
    out["parent_removed"] = ordered["parent_id"].map(status).fillna(0.0).to_numpy(dtype=float)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    result = out.iloc[back].set_index(log.index)
    return result[[c for group in GROUPS.values() for c in group]]


def columns(groups=DEFAULT_GROUPS) -> list[str]:
    """The feature columns of `groups`."""
    return [c for group in groups for c in GROUPS[group]]


def _earlier(keys, times, removed, gap_hours, window=None, skip_blank=False):
    """For each row (sorted by time): how many rows of the same key came strictly before it, and
    how many of those written at least `gap_hours` before it were removed; with `window`, only
    rows of the last `window` hours count."""
    n = np.zeros(len(keys))
    k = np.zeros(len(keys))
    for key, rows in pd.Series(np.arange(len(keys))).groupby(keys.to_numpy()).groups.items():
        if skip_blank and key == "":
            continue
        rows = np.asarray(rows)
        t = times[rows]
        cumulative = np.concatenate([[0.0], np.cumsum(removed[rows])])
        before = np.searchsorted(t, t, side="left")  # strictly earlier
        start = np.searchsorted(t, t - window, side="left") if window else 0
        n[rows] = before - start
        gapped = np.searchsorted(t, t - gap_hours, side="left") if gap_hours else before
        k[rows] = cumulative[np.minimum(gapped, before)]
    return n, k


def _depths(ordered):
    """Replies above each comment: followed through the log, a parent outside it counting one."""
    parent = dict(zip(ordered["comment_id"], ordered["parent_id"]))
    depth = {}

    def walk(comment):
        chain = []
        while comment and comment not in depth and len(chain) < 1000:
            chain.append(comment)
            comment = parent.get(comment)
        base = depth.get(comment, 0) if comment else 0
        for known in reversed(chain):
            base = depth[known] = base + 1
        return base

    return np.array([walk(c) - 1 if c else float(p != "") for c, p in zip(ordered["comment_id"], ordered["parent_id"])])
