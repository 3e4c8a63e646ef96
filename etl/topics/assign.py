"""Topics of articles and comments, found by keywords and regexes from an editable TOML file.

The topics file (default: the bundled `etl/resources/topics.toml`) has one table per topic, in the order topics are
listed everywhere:

    [topics."Künstliche Intelligenz"]
    keywords = ["KI", "künstliche Intelligenz", "ChatGPT", "Sprachmodell*"]
    patterns = ['\\bKI-\\w+']          # optional Python regexes, case-insensitive

Keywords match by the rule in `etl.topics.keywords` ("China" also matches "Chinas", "KI" never "Kilo").

Targets (for stance toward a target, `etl.stance.target_stance`) are named the same way, in
`[targets."Name"]` tables with `keywords` and/or `patterns`; a file may have none.

Public verb: `assign_topics(articles, comments, topics)`; `load_topics` reads the file and
`find_topics` tags one text; `load_targets` reads the targets; `Mentions` looks a text's words up
once for both topics and targets.
"""

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from etl import DiskursError, schema
from etl.topics.keywords import Matcher, compile_keywords, matches_any


class TopicsError(DiskursError):
    """The topics file cannot be read or has a bad entry."""


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
        try:
            compiled.append(compile_keywords(keywords))
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


def load_topics(path: Path | str) -> dict[str, list[re.Pattern[str]]]:
    """Read a topics file into {topic: [compiled patterns]}, in file order.

    Raises TopicsError for a missing file, bad TOML, a malformed entry or a bad regex (naming the
    topic).
    """
    path = Path(path)
    document = _read_document(path)
    table = document.get("topics")
    if not isinstance(table, dict):
        raise TopicsError(f'topics file {path} has no [topics."Name"] tables')
    return {str(name): _compile_topic(name, entry) for name, entry in table.items()}


def load_targets(path: Path | str) -> dict[str, list[re.Pattern[str]]]:
    """Read the `[targets."Name"]` tables of a topics file into {target: [compiled patterns]},
    in file order; {} when the file names no targets. Keywords match as for topics.

    Raises TopicsError like `load_topics` (naming the target).
    """
    path = Path(path)
    table = _read_document(path).get("targets", {})
    if not isinstance(table, dict):
        raise TopicsError(f'topics file {path}: targets must be [targets."Name"] tables')
    return {str(name): _compile_topic(name, entry, kind="target") for name, entry in table.items()}


def find_topics(text: object, topics: dict[str, list[re.Pattern[str]]]) -> list[str]:
    """Names of the topics whose patterns occur in `text`, in topics order; [] for empty/NA."""
    if not isinstance(text, str) or not text:
        return []
    return [name for name, pattern_list in topics.items() if matches_any(pattern_list, text)]


def _topic_masks(texts, topics, mentions=None):
    """One boolean array per topic: does each text mention it. `mentions`: `Mentions.topics` of
    the same texts, when known."""
    values = texts.fillna("").astype(str).tolist()
    matcher = Matcher(topics)
    rows, columns = [], []
    for row, value in enumerate(values):
        found = matcher.found(value) if mentions is None else matcher.found_among(value, mentions[row])
        rows.extend([row] * len(found))
        columns.extend(found)
    masks = np.zeros((len(topics), len(values)), dtype=bool)
    masks[columns, rows] = True
    return {name: masks[i] for i, name in enumerate(topics)}


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
        index=articles.index,
        dtype=object,
    )


def assign_topics(
    articles: pd.DataFrame, comments: pd.DataFrame, topics: dict, mentions: list | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add a `topics` column (';'-separated, '' when none) to articles and to comments.

    Needs articles[title, body, source_topics, article_id] and comments[text, article_id].
    An article's topics are its source-given topics, then those found in its title and body.
    A comment is about what it names and what its article is about: the topics found in its own
    text united with its article's topics, in topics-file order, then any source-given article
    topics that the file does not know. `mentions`: `Mentions(...).topics` of the comments'
    texts, when the caller has them (the same result, without looking the words up again).
    Returns new frames; the inputs are not changed.
    """
    schema.validate(articles, ("article_id", "title", "body", "source_topics"), "topics")
    schema.validate(comments, ("article_id", "text"), "topics")
    article_lists = _article_topic_lists(articles, topics)
    articles_out = articles.assign(topics=article_lists.map(";".join).astype("string"))

    article_ids = articles["article_id"].tolist()
    comment_article = comments["article_id"]
    own = _topic_masks(comments["text"], topics, mentions)
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
