"""Topic suggestions from the data itself: frequent German terms and noun phrases per article,
per ISO week or over everything, so a user can grow the topics file.

`suggest_topics(articles, comments, topics, by="article", top=10)` needs comments[article_id,
text] (and `created_at` for weeks) and articles[article_id] (`title`, `body`, `published_at` used
when present) and returns a new frame with `SUGGESTION_COLUMNS`.

Cheap German heuristics, no model: nouns, compounds, names and adjective-noun phrases, inflected
forms merged into their base ("Chinas" → "China", which is also how topics keywords match), stop
words dropped. `etl.store.terms` finds and counts them in DuckDB SQL; only the counted terms come back
to Python, to be checked against the topics file, a scope's `top` at a time.
"""

import re

import duckdb
import pandas as pd

from etl.store.terms import count_terms
from etl.topics.assign import find_topics

SUGGESTION_COLUMNS = {
    "scope": "string",
    "term": "string",
    "kind": "string",
    "count": "Int64",
    "n_comments": "Int64",
    "covered_by": "string",
    "example": "string",
}
SCOPES = ("article", "week", "all")
EXAMPLE_CHARS = 120


def suggest_topics(
    articles: pd.DataFrame | None,
    comments: pd.DataFrame,
    topics: dict[str, list[re.Pattern[str]]] | None = None,
    by: str = "article",
    top: int = 10,
    min_count: int = 2,
    keep_covered: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pd.DataFrame:
    """The `top` most frequent terms per scope (see module docstring), most frequent first.

    by: "article" (scope = article_id), "week" (scope = ISO week "2025-W21" of the comment, or of
    the article for its own text) or "all". Article titles and bodies count towards `count`;
    `n_comments` counts only comments. Terms seen fewer than `min_count` times are left out.
    `topics` ({name: patterns}, from `load_topics`) marks terms the topics file already covers:
    they are dropped unless `keep_covered`, then `covered_by` names the topics. The terms are
    counted on the DuckDB connection `con` (a new in-memory one when None).
    """
    if by not in SCOPES:
        raise ValueError(f"by must be one of {', '.join(SCOPES)}, not {by!r}")
    docs = _documents(articles, comments, by)
    terms = count_terms(con, docs, min_count)
    return _table(terms, docs["text"], topics, top, keep_covered)


def _documents(articles, comments, by):
    """A frame of every article's title and body, then every comment: scope, text, is_comment."""
    articles = articles if articles is not None else pd.DataFrame(columns=["article_id"])
    article_text = (
        articles.get("title", pd.Series("", index=articles.index)).fillna("").astype(str)
        + "\n"
        + articles.get("body", pd.Series("", index=articles.index)).fillna("").astype(str)
    )
    comment_text = comments["text"].fillna("").astype(str)
    if by == "article":
        article_scope = articles["article_id"].astype(str)
        comment_scope = comments["article_id"].astype(str)
    elif by == "week":
        published = _dates(articles, "published_at")
        article_scope = _weeks(published)
        fallback = pd.Series(published.to_numpy(), index=articles["article_id"].astype(str))
        fallback = fallback[~fallback.index.duplicated()]
        created = _dates(comments, "created_at")
        created = created.fillna(comments["article_id"].astype(str).map(fallback))
        comment_scope = _weeks(created)
    else:
        article_scope = pd.Series("all", index=articles.index)
        comment_scope = pd.Series("all", index=comments.index)
    return pd.DataFrame(
        {
            "scope": [*article_scope.astype(str), *comment_scope.astype(str)],
            "text": [*article_text, *comment_text],
            "is_comment": pd.Series([False] * len(articles) + [True] * len(comments), dtype=bool),
        }
    )


def _dates(frame, column):
    if column not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us, UTC]")
    return pd.to_datetime(frame[column], utc=True, errors="coerce", format="ISO8601")


def _weeks(moments):
    iso = moments.dt.isocalendar()
    labels = iso["year"].astype("string") + "-W" + iso["week"].astype("string").str.zfill(2)
    return labels.fillna("unknown")


def _table(terms, texts, topics, top, keep_covered):
    """The `top` terms of each scope from count_terms, most mentioned first, those the topics
    cover dropped (or marked, with `keep_covered`), each with a snippet of its example."""
    ordered = terms.sort_values(
        ["scope", "count", "n_comments", "term"], ascending=[True, False, False, True], kind="stable"
    )
    records, kept = [], {}
    # The topics file is asked about a scope's terms only until `top` of them are kept.
    for row in ordered.itertuples(index=False):
        if kept.get(row.scope, 0) >= top:
            continue
        covered = ";".join(find_topics(row.term, topics)) if topics else ""
        if covered and not keep_covered:
            continue
        kept[row.scope] = kept.get(row.scope, 0) + 1
        example = None if pd.isna(row.example_doc) else (row.example_surface, texts.iloc[int(row.example_doc)])
        records.append((row.scope, row.term, row.kind, row.count, row.n_comments, covered, _snippet(example)))
    return pd.DataFrame(records, columns=list(SUGGESTION_COLUMNS)).astype(SUGGESTION_COLUMNS)


def _snippet(example):
    """About EXAMPLE_CHARS of the comment around the term, on word boundaries."""
    if not example:
        return ""
    surface, text = example
    text = " ".join(text.split())
    at = max(text.find(surface), 0)
    start = max(at - EXAMPLE_CHARS // 3, 0)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start : start + EXAMPLE_CHARS]
    if start + EXAMPLE_CHARS < len(text):
        piece = piece[: piece.rfind(" ")] + " …" if " " in piece else piece + "…"
    return ("… " if start else "") + piece
