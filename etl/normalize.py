"""Normalize raw reader output: plain text, UTC timestamps, explicit dtypes.

`normalize(batch)` needs the reader columns (schema.RAW_ARTICLES, schema.RAW_COMMENTS) and returns
articles with `published_at` as a UTC timestamp and `title`, `body` as plain text, comments with
`created_at` as a UTC timestamp and `text` as plain text (etl.text.html, the one HTML-to-text;
mojibake repaired), plus reject records for what had to be dropped or repaired.

Several inputs of a run may speak of one article (a comment dump names its ids, an article list
gives its title): they make one row, each column the last value given (`combine_articles`), so
a file that leaves a column out never blanks what another gave. A url that is not http(s) is kept
(it may be an internal reference) with a note: the dashboard shows it as text, never as a link.
"""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from etl import schema
from etl.schema import REJECT_COLUMNS, reject
from etl.sources.batch import Batch
from etl.sources.seen import SeenIds
from etl.text.html import html_to_text
from etl.text.mojibake import repair_mojibake

# Reject rows held in memory before a RejectRows with a folder pickles them there.
KEPT_REJECTS = 50_000
_REJECT_PARTS = itertools.count()  # names the parts of the RejectRows that share a folder


def parse_times(values: pd.Series) -> pd.Series:
    """UTC timestamps from ISO 8601 strings (naive times are taken as UTC); unparseable → NaT."""
    parsed = pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")
    return parsed.astype("datetime64[us, UTC]")


def normalize(batch: Batch) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles, comments, rejects) with clean text, parsed times and the contract's dtypes."""
    normalizer = Normalizer()
    comments = normalizer.comments(batch)
    articles, rejects = normalizer.finish()
    return articles, comments, rejects.frame()


class Normalizer:
    """`normalize` of a run's input handed over in Batches, one after the other, so that the
    input is never held whole: `comments(batch)` gives each Batch's comments normalised at once;
    `finish()` the articles of all of them (few beside the comments) and every reject, in the
    order `normalize` of their concatenation gives them. A comment_id given before, in this
    Batch or an earlier one, is a duplicate: only the ids' hashes are kept to know (etl.sources.seen).
    The rejects wait in RejectRows on `folder` (a run's spill folder; without one, in memory): a
    file whose every date is unreadable has a reject a comment, and a run never holds them all.
    """

    def __init__(self, folder: Path | str | None = None):
        self._seen, self._folder, self._articles = SeenIds(), folder, []
        self._read, self._bad_created, self._duplicates = (RejectRows(folder) for _ in range(3))

    def comments(self, batch: Batch) -> pd.DataFrame:
        """The comments of `batch` normalised, without duplicates of ids given before; its raw
        articles and rejects are kept for `finish`."""
        if len(batch.articles):
            self._articles.append(batch.articles)
        self._read.add(batch.rejects)
        comments = schema.conform(batch.comments, schema.RAW_COMMENTS)
        created = parse_times(comments["created_at"])
        self._bad_created.add(_bad_times(comments, created, "created_at", "comment_id"))
        comments = comments.assign(
            created_at=created,
            text=comments["text"].map(html_to_text).map(repair_mojibake).astype("string"),
            status=comments["status"].fillna("published").str.lower(),
            positive_votes=_count(comments["positive_votes"]),
            negative_votes=_count(comments["negative_votes"]),
        )
        comments, duplicates = _drop_duplicate_ids(comments, self._seen)
        self._duplicates.add(duplicates)
        return comments

    def finish(self) -> tuple[pd.DataFrame, "RejectRows"]:
        """(articles, rejects) of every Batch given."""
        raw = pd.concat(self._articles, ignore_index=True) if self._articles else schema.empty(schema.RAW_ARTICLES)
        articles = schema.conform(raw, schema.RAW_ARTICLES)
        published = parse_times(articles["published_at"])
        bad_published = _bad_times(articles, published, "published_at", "article_id")
        articles = articles.assign(
            published_at=published, title=_plain(articles["title"]), body=_plain(articles["body"])
        )
        rejects = RejectRows(self._folder)
        rejects.take(self._read)
        rejects.add(bad_published)
        rejects.add(_odd_urls(articles))
        rejects.take(self._bad_created)
        rejects.take(self._duplicates)
        return combine_articles(articles), rejects


def is_note(rejects: pd.DataFrame) -> pd.Series:
    """Reject rows of records that were loaded with a repair: their reason starts with `kept`."""
    return rejects["reason"].fillna("").str.startswith("kept")


class RejectRows:
    """Reject rows (REJECT_COLUMNS) in the order found, in bounded memory: up to KEPT_REJECTS rows
    held, pickled to `folder` (a run's spill folder; without one every row is held) a part at a
    time beyond that, so that a run whose comments carry many notes ("kept without created_at: …
    is in the future", "non-german": 457,275 of two million benchmark comments, 164 MB of frames)
    never holds them all; `frames()` gives them back in order for the store. `n_rows` and
    `n_notes` count them."""

    def __init__(self, folder: Path | str | None = None):
        self._folder, self._name = folder and Path(folder), next(_REJECT_PARTS)
        self._parts, self._kept, self._n_kept = [], [], 0  # pickled parts, then the frames held
        self.n_rows = self.n_notes = 0

    def add(self, frame: pd.DataFrame) -> None:
        """Add reject rows after those added before."""
        if not len(frame):
            return
        frame = schema.conform(frame, REJECT_COLUMNS)
        self.n_rows += len(frame)
        self.n_notes += int(is_note(frame).sum())
        self._kept.append(frame)
        self._n_kept += len(frame)
        if self._n_kept >= KEPT_REJECTS and self._folder:
            self._pickle()

    def take(self, other: "RejectRows") -> None:
        """Add the rows of `other` (which is left empty) after these, without reading its parts."""
        if other._parts:
            if self._kept:
                self._pickle()
            self._parts += other._parts
            self._kept, self._n_kept = other._kept, other._n_kept
        else:
            self._kept += other._kept
            self._n_kept += other._n_kept
        self.n_rows += other.n_rows
        self.n_notes += other.n_notes
        other.__init__(other._folder)
        if self._n_kept >= KEPT_REJECTS and self._folder:
            self._pickle()

    def frames(self) -> Iterator[pd.DataFrame]:
        """The rows in order, a part at a time."""
        for path in self._parts:
            yield pd.read_pickle(path)
        if self._kept:
            yield pd.concat(self._kept, ignore_index=True)

    def frame(self) -> pd.DataFrame:
        """Every row in one frame (REJECT_COLUMNS, empty when there is none)."""
        return _concat_rejects(list(self.frames()))

    def first_refused(self) -> pd.Series | None:
        """The first row that is not a note, or None."""
        if self.n_rows == self.n_notes:
            return None
        for frame in self.frames():
            refused = frame[~is_note(frame)]
            if len(refused):
                return refused.iloc[0]
        return None

    def _pickle(self):
        path = self._folder / f"rejects-{self._name}-{len(self._parts)}.pickle"
        pd.concat(self._kept, ignore_index=True).to_pickle(path)
        self._parts.append(path)
        self._kept, self._n_kept = [], 0


def combine_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """One row an article_id, in order of first appearance: each column the last value given for
    it (missing values never replace given ones)."""
    if articles["article_id"].is_unique:
        return articles.reset_index(drop=True)
    combined = articles.groupby("article_id", sort=False, dropna=True).last().reset_index()
    return combined[list(articles.columns)].astype(articles.dtypes.to_dict())


def _plain(values):
    """Titles and bodies as plain text; missing stays missing (an empty result too)."""
    text = values.map(html_to_text, na_action="ignore").astype("string")
    return text.mask(text == "")


def is_web_url(values: pd.Series) -> pd.Series:
    """True where a url is http:// or https:// (any case), False elsewhere (missing too)."""
    return values.str.strip().str.lower().str.match(r"https?://\S").fillna(False).astype(bool)


def _odd_urls(articles):
    """Notes on urls given but not http(s) ("javascript:…", "ftp://…", a bare path): kept, and
    never made a link."""
    odd = articles[articles["url"].notna() & ~is_web_url(articles["url"])]
    return pd.DataFrame(
        [
            reject(
                row["source"],
                f"article_id {row['article_id']}",
                "kept: url is not http(s), never shown as a link",
                row["url"],
            )
            for row in odd.to_dict("records")
        ],
        columns=list(REJECT_COLUMNS),
    )


def _count(values):
    """Non-negative whole numbers; anything else is left empty."""
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.where((numbers >= 0) & (numbers % 1 == 0)).astype("Int64")


def _bad_times(frame, parsed, column, key):
    """Reject notes for dates present but unparseable: the record is kept without the date."""
    bad = frame[frame[column].notna() & (frame[column].str.strip() != "") & parsed.isna()]
    return pd.DataFrame(
        [
            reject(
                row["source"],
                f"{key} {row[key]}",
                f"kept without {column}: unparseable date {row[column]!r}",
                row[column],
            )
            for row in bad.to_dict("records")
        ],
        columns=list(REJECT_COLUMNS),
    )


def _drop_duplicate_ids(comments, seen):
    """Keep the first comment of each id across all inputs of a run (`seen`: the ids kept
    before, updated with these); reject the rest."""
    ids = comments["comment_id"]
    dup = ids.duplicated(keep="first") | pd.Series(seen.contains(ids), index=ids.index, dtype=bool)
    seen.add(ids[~dup])
    rejected = pd.DataFrame(
        [
            reject(
                row["source"],
                f"comment_id {row['comment_id']}",
                "duplicate comment_id in this run: the first occurrence was kept",
                row["text"],
            )
            for row in comments[dup].to_dict("records")
        ],
        columns=list(REJECT_COLUMNS),
    )
    return comments[~dup], rejected


def _concat_rejects(frames):
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty(REJECT_COLUMNS)
    return schema.conform(pd.concat(frames, ignore_index=True), REJECT_COLUMNS)
