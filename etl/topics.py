"""Topics of articles and comments, found by keywords and regexes from an editable TOML file.

The topics file (default `data/topics.toml`) has one table per topic, in the order topics are
listed everywhere:

    [topics."Künstliche Intelligenz"]
    keywords = ["KI", "künstliche Intelligenz", "ChatGPT", "Sprachmodell*"]
    patterns = ['\\bKI-\\w+']          # optional Python regexes, case-insensitive

Keyword matching rule:
- case-insensitive, at the start of a word and as a whole word, optionally followed by a German
  inflection ending (s, es, n, en, er, e, ern, ns): "China" matches "Chinas";
- a word ending in `*` matches any continuation: "Sprachmodell*" matches "Sprachmodellen";
- a keyword that is all capitals with at most 3 letters ("KI", "EU", "USA") matches
  case-sensitively, so "KI" never matches inside "Kilo" or the word "ki";
- a hyphen ends a word, so "KI" matches in "KI-Sektor" and "China" in "China-Ausschuss";
- a keyword may have several words; whitespace matches any whitespace and each word may take an
  ending ("europäische Union" matches "Europäischen Union").

Targets (for stance toward a target, `etl.stance.target_stance`) are named the same way, in
`[targets."Name"]` tables with `keywords` and/or `patterns`; a file may have none.

Public verb: `assign_topics(articles, comments, topics)`; `load_topics` reads the file and
`find_topics` tags one text; `load_targets` reads the targets.
"""

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from etl import DiskursError

# German inflection endings a keyword may carry; longest first is not needed because the
# trailing (?!\w) makes the engine backtrack to the ending that ends the word.
_ENDINGS = r"(?:s|es|n|en|er|e|ern|ns)?"


class TopicsError(DiskursError):
    """The topics file cannot be read or has a bad entry."""


def keyword_regex(keyword):
    """Regex source for one keyword under the matching rule in the module docstring."""
    words = keyword.split()
    if not words or "*" in words:
        raise ValueError(f"keyword {keyword!r} needs letters before any *")
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + _ENDINGS
             for w in words]
    first = keyword.lstrip()[0]
    rest = r"\s+".join(parts)[len(re.escape(first)):]
    letters = [c for c in keyword if c.isalpha()]
    if len(words) == 1 and 0 < len(letters) <= 3 and all(c.isupper() for c in letters):
        # Short acronyms collide with ordinary words when case is ignored ("ki" in "Kilo").
        return rf"{re.escape(first)}(?<!\w.){rest}(?!\w)"
    # Speed: a literal first character (one branch per case) lets the regex engine skip
    # positions cheaply, which IGNORECASE or a leading lookbehind would prevent (about 9x).
    # (?<!\w.) after that character is the word-start check: the character before it is no \w.
    cases = dict.fromkeys(c for c in (first.lower(), first.upper()) if len(c) == 1) or [first]
    return "|".join(rf"{re.escape(c)}(?<!\w.)(?i:{rest})(?!\w)" for c in cases)


def _compile_topic(name, entry, kind="topic"):
    """The patterns of one topic (or target): one combined keyword regex, then each user regex."""
    if not isinstance(entry, dict):
        raise TopicsError(f"{kind} {name!r}: expected a table with keywords and/or patterns")
    unknown = set(entry) - {"keywords", "patterns"}
    if unknown:
        raise TopicsError(f"{kind} {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
    keywords = entry.get("keywords", [])
    patterns = entry.get("patterns", [])
    for key, values in (("keywords", keywords), ("patterns", patterns)):
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise TopicsError(f"{kind} {name!r}: {key} must be a list of non-empty strings")
    if not keywords and not patterns:
        raise TopicsError(f"{kind} {name!r}: needs at least one keyword or pattern")
    compiled = []
    if keywords:
        # One alternation per topic: a single scan of each text for all its keywords.
        try:
            compiled.append(re.compile("|".join(keyword_regex(k) for k in keywords)))
        except (ValueError, re.error) as error:
            raise TopicsError(f"{kind} {name!r}: bad keyword: {error}") from error
    # User regexes stay separate: joining them could break their own inline flags or group numbers.
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as error:
            raise TopicsError(f"{kind} {name!r}: bad regex {pattern!r}: {error}") from error
    return compiled


def _read_document(path):
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError as error:
        raise TopicsError(f"topics file not found: {path}") from error
    except tomllib.TOMLDecodeError as error:
        raise TopicsError(f"topics file {path} is not valid TOML: {error}") from error


def load_topics(path):
    """Read a topics file into {topic: [compiled patterns]}, in file order.

    Raises TopicsError for a missing file, bad TOML, a malformed entry or a bad regex (naming the
    topic).
    """
    path = Path(path)
    document = _read_document(path)
    table = document.get("topics")
    if not isinstance(table, dict):
        raise TopicsError(f"topics file {path} has no [topics.\"Name\"] tables")
    return {str(name): _compile_topic(name, entry) for name, entry in table.items()}


def load_targets(path):
    """Read the `[targets."Name"]` tables of a topics file into {target: [compiled patterns]},
    in file order; {} when the file names no targets. Keywords match as for topics.

    Raises TopicsError like `load_topics` (naming the target).
    """
    path = Path(path)
    table = _read_document(path).get("targets", {})
    if not isinstance(table, dict):
        raise TopicsError(f"topics file {path}: targets must be [targets.\"Name\"] tables")
    return {str(name): _compile_topic(name, entry, kind="target") for name, entry in table.items()}


def _matches(pattern_list, text):
    return any(p.search(text) for p in pattern_list)


def find_topics(text, topics):
    """Names of the topics whose patterns occur in `text`, in topics order; [] for empty/NA."""
    if not isinstance(text, str) or not text:
        return []
    return [name for name, pattern_list in topics.items() if _matches(pattern_list, text)]


def _topic_masks(texts, topics):
    """One boolean array per topic: does each text mention it."""
    values = texts.fillna("").astype(str).tolist()
    # Regex search has no vectorised form in pandas for lookbehinds; a comprehension per topic
    # is the fast path, and the search itself dominates.
    return {name: np.fromiter((_matches(pattern_list, v) for v in values), dtype=bool,
                              count=len(values))
            for name, pattern_list in topics.items()}


def _join_masks(masks, index):
    """';'-joined topic names per row, in the masks' order ('' when none)."""
    joined = pd.Series("", index=index, dtype=object)
    for name, mask in masks.items():
        joined = joined + np.where(mask, name + ";", "")
    return joined.str.rstrip(";")


def _split_source_topics(value, canonical):
    """Source-given topics as a list: trimmed, file spelling where the name is known, deduped."""
    if not isinstance(value, str):
        return []
    names = (canonical.get(part.strip().casefold(), part.strip()) for part in value.split(";"))
    return list(dict.fromkeys(name for name in names if name))


def _article_topic_lists(articles, topics):
    """Per article: source topics first, then topics found in title and body."""
    canonical = {name.casefold(): name for name in topics}
    texts = articles["title"].fillna("").astype(str) + "\n" + articles["body"].fillna("").astype(str)
    found = _join_masks(_topic_masks(texts, topics), articles.index)
    source = articles["source_topics"].map(lambda v: _split_source_topics(v, canonical))
    return pd.Series(
        [list(dict.fromkeys(s + (f.split(";") if f else []))) for s, f in zip(source, found)],
        index=articles.index, dtype=object,
    )


def assign_topics(articles, comments, topics):
    """Add a `topics` column (';'-separated, '' when none) to articles and to comments.

    Needs articles[title, body, source_topics, article_id] and comments[text, article_id].
    An article's topics are its source-given topics, then those found in its title and body.
    A comment is about what it names and what its article is about: the topics found in its own
    text united with its article's topics, in topics-file order, then any source-given article
    topics that the file does not know. Returns new frames; the inputs are not changed.
    """
    article_lists = _article_topic_lists(articles, topics)
    articles_out = articles.assign(topics=article_lists.map(";".join).astype("string"))

    article_ids = articles["article_id"].tolist()
    comment_article = comments["article_id"]
    own = _topic_masks(comments["text"], topics)
    masks = {}
    for name in topics:
        with_topic = [a for a, names in zip(article_ids, article_lists) if name in names]
        masks[name] = own[name] | comment_article.isin(with_topic).to_numpy()
    joined = _join_masks(masks, comments.index)

    # Source-given topics the file does not know: rare, so a plain lookup per comment is fine.
    extras = {}
    for article_id, names in zip(article_ids, article_lists):
        unknown = ";".join(n for n in names if n not in topics)
        if unknown:
            extras.setdefault(article_id, unknown)
    if extras:
        tails = [extras.get(a, "") if isinstance(a, str) else "" for a in comment_article]
        joined = (joined + ";" + pd.Series(tails, index=comments.index, dtype=object)).str.strip(";")
    return articles_out, comments.assign(topics=joined.astype("string"))
