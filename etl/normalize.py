"""Normalize raw reader output: plain text, UTC timestamps, explicit dtypes.

`normalize(batch)` needs the reader columns (schema.RAW_ARTICLES, schema.RAW_COMMENTS) and returns
articles with `published_at` as a UTC timestamp, comments with `created_at` as a UTC timestamp and
`text` as plain text, plus reject records for what had to be dropped or repaired.
"""

import html
import re
import unicodedata

import pandas as pd

from etl import schema
from etl.quotes import separate_quotes
from etl.sources import REJECT_COLUMNS, reject
from etl.sources.textfile import repair_mojibake

_BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|p|/div|div|/li|li|/blockquote|blockquote|h[1-6]|/h[1-6])\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_text(text):
    """Plain text from a comment as written: HTML tags removed, entities decoded, paragraphs kept.

    Tags are only removed when the text looks like markup, so a comment *about* `<script>`
    written as plain text keeps its words.
    """
    if text is None or text is pd.NA:
        return ""
    text = str(text)
    if not text.isascii():  # ASCII has no surrogates and is NFC already
        # Lone surrogates (from broken JSON escapes) cannot be stored: they become U+FFFD.
        text = unicodedata.normalize("NFC", text.encode("utf-8", "replace").decode("utf-8"))
    if _looks_like_html(text):
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _BLANK_LINES.split(text) if "\n" in text else [text]
    paragraphs = (_single_spaced(p.replace("\n", " ") if "\n" in p else p) for p in paragraphs)
    return "\n\n".join(p for p in paragraphs if p)


def _single_spaced(line):
    """Runs of spaces (_SPACES) as one space, and no space at either end."""
    if "  " in line or "\t" in line or (not line.isascii() and _ODD_SPACE.search(line)):
        return " ".join(_SPACES.split(line)).strip()
    return line.strip()  # no run to join: splitting and joining would give the line back


_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200b]")
_STARTS_WITH_TAG = re.compile(r"\s*<(p|div|span|a|em|strong|ul|ol)\b", re.I)
_BREAK_TAG = re.compile(r"<(br|p|blockquote)\s*/?>", re.I)


def _looks_like_html(text):
    # Markup from WordPress and friends starts with block tags or carries entities; a reader's
    # literal "<script>" inside a sentence is not markup.
    if "<" in text and (_STARTS_WITH_TAG.match(text) or _BREAK_TAG.search(text)):
        return True
    return "&#" in text or "&amp;" in text


def _repair_mojibake(text):
    """`repair_mojibake`, skipping texts without a character mojibake starts with (its regex
    needs one of them: most texts have none, and `in` is much cheaper than the regex)."""
    if isinstance(text, str) and (text.isascii() or not any(c in text for c in _MOJIBAKE_LEADS)):
        return text
    return repair_mojibake(text)


_MOJIBAKE_LEADS = "ÂÃÄÅÆËâïð"  # the first characters of etl.sources.textfile._MOJIBAKE


def parse_times(values):
    """UTC timestamps from ISO 8601 strings (naive times are taken as UTC); unparseable → NaT."""
    parsed = pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")
    return parsed.astype("datetime64[us, UTC]")


def normalize(batch):
    """(articles, comments, rejects) with clean text, parsed times and the contract's dtypes."""
    articles = schema.conform(batch.articles, schema.RAW_ARTICLES)
    comments = schema.conform(batch.comments, schema.RAW_COMMENTS)
    rejects = [batch.rejects]

    published = parse_times(articles["published_at"])
    rejects.append(_bad_times(articles, published, "published_at", "article_id"))
    articles = articles.assign(published_at=published)

    created = parse_times(comments["created_at"])
    rejects.append(_bad_times(comments, created, "created_at", "comment_id"))
    comments = comments.assign(
        created_at=created,
        text=comments["text"].map(separate_quotes).map(clean_text).map(_repair_mojibake).astype("string"),
        status=comments["status"].fillna("published").str.lower(),
        positive_votes=_count(comments["positive_votes"]),
        negative_votes=_count(comments["negative_votes"]),
    )
    comments, duplicates = _drop_duplicate_ids(comments)
    rejects.append(duplicates)
    articles = articles.drop_duplicates("article_id", keep="last")
    return articles, comments, _concat_rejects(rejects)


def _count(values):
    """Non-negative whole numbers; anything else is left empty."""
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.where((numbers >= 0) & (numbers % 1 == 0)).astype("Int64")


def _bad_times(frame, parsed, column, key):
    """Reject notes for dates present but unparseable: the record is kept without the date."""
    bad = frame[frame[column].notna() & (frame[column].str.strip() != "") & parsed.isna()]
    return pd.DataFrame([
        reject(row["source"], f"{key} {row[key]}",
               f"kept without {column}: unparseable date {row[column]!r}", row[column])
        for row in bad.to_dict("records")
    ], columns=list(REJECT_COLUMNS))


def _drop_duplicate_ids(comments):
    """Keep the first comment of each id across all inputs of a run; reject the rest."""
    dup = comments["comment_id"].duplicated(keep="first")
    rejected = pd.DataFrame([
        reject(row["source"], f"comment_id {row['comment_id']}",
               "duplicate comment_id in this run: the first occurrence was kept", row["text"])
        for row in comments[dup].to_dict("records")
    ], columns=list(REJECT_COLUMNS))
    return comments[~dup], rejected


def _concat_rejects(frames):
    frames = [f for f in frames if len(f)]
    if not frames:
        return schema.empty(REJECT_COLUMNS)
    return schema.conform(pd.concat(frames, ignore_index=True), REJECT_COLUMNS)
