"""Topic suggestions from the data itself: German terms and noun phrases that mark an article,
an ISO week, or the chosen comments, so a user can grow the topics file.

`suggest_topics(articles, comments, topics, by="article", top=10)` needs comments[article_id,
text] (and `created_at` for weeks) and articles[article_id] (`title`, `body`, `published_at` used
when present) and returns a new frame with `SUGGESTION_COLUMNS`.

Terms are ranked by keyness, not by frequency (etl.topics.keyness: log-likelihood G² of a
scope's use of a term against the rest): how much more often they occur in the scope than in
all the other texts read. Boilerplate every thread uses ("Zahl", "Quelle") sinks, whatever its
count; a term that marks a discussion rises.

Cheap German heuristics, no model: nouns, compounds, names and adjective-noun phrases, inflected
forms merged into their base ("Chinas" → "China", which is also how topics keywords match) and
named by the form written most often ("Kurs" with a rare "Kur" merged in, not "Kur"), stop words
dropped. `etl.store.terms` finds and counts them in DuckDB SQL; only the counted terms come back
to Python, to be checked against the topics file, a scope's `top` at a time.
"""

import re

import duckdb
import pandas as pd

from etl.store.terms import count_terms
from etl.topics.assign import find_topics
from etl.topics.keyness import across_scopes, against_the_rest

SUGGESTION_COLUMNS = {
    "scope": "string",
    "term": "string",
    "kind": "string",
    "count": "Int64",
    "n_comments": "Int64",
    "keyness": "float64",
    "ratio": "float64",
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
    reference: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The `top` most key terms per scope (see module docstring), most key first.

    by: "article" (scope = article_id: each article's title, body and comments against all the
    other texts), "week" (scope = ISO week "2025-W21" of the comment, or of the article for its own
    text; each week against the others) or "all" (scope "all": `comments` and their articles
    against the `reference` comments, e.g. every comment where `comments` are those a filter
    chose; without a reference, or when the reference holds nothing else, each term's keyness is
    the sum of its keyness in each article: terms that mark some discussions rise, terms every
    discussion uses sink). `count` counts the term in the scope, article titles and bodies
    included; `n_comments` only comments; `keyness` is G², `ratio` how many times more often the
    scope's texts use it than the rest's. Terms used in fewer than `min_count` texts of the scope
    (a word repeated in one comment is one text), and terms a scope uses no more often than the
    rest, are left out. `topics` ({name: patterns}, from
    `load_topics`) marks terms the topics file already covers: they are dropped unless
    `keep_covered`, then `covered_by` names the topics. The terms are counted on the DuckDB
    connection `con` (a new in-memory one when None).
    """
    if by not in SCOPES:
        raise ValueError(f"by must be one of {', '.join(SCOPES)}, not {by!r}")
    docs, scored = _scored(articles, comments, by, reference, con)
    keep = (scored["n_docs"] >= min_count) & ((scored["keyness"] > 0) | ~scored["compared"])
    return _table(scored[keep], docs["text"], topics, top, keep_covered)


def _scored(articles, comments, by, reference, con):
    """(documents, their terms with keyness) for one way of scoping (see suggest_topics)."""
    if by == "all" and reference is not None:
        rest = _rest(reference, comments)
        if len(rest):
            docs = pd.concat([_documents(articles, comments, "all").assign(scope="chosen"), rest], ignore_index=True)
            scored = against_the_rest(count_terms(con, docs, 1), _sizes(docs))
            return docs, scored[scored["scope"] == "chosen"].assign(scope="all")
    if by == "all":
        docs = _documents(articles, comments, "article")
        sizes = _sizes(docs)
        return docs, across_scopes(against_the_rest(count_terms(con, docs, 1), sizes), sizes, "all")
    docs = _documents(articles, comments, by)
    return docs, against_the_rest(count_terms(con, docs, 1), _sizes(docs))


def _sizes(docs):
    return docs.groupby("scope").size()


def _rest(reference, comments):
    """Documents of the reference comments that are not among `comments` (by comment_id)."""
    chosen = set(comments["comment_id"]) if "comment_id" in comments else set()
    others = reference[~reference["comment_id"].isin(chosen)] if "comment_id" in reference else reference
    return pd.DataFrame(
        {"scope": "rest", "text": others["text"].fillna("").astype(str).tolist(), "is_comment": True}
    ).astype({"is_comment": bool})


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
            "scope": article_scope.astype(str).tolist() + comment_scope.astype(str).tolist(),
            "text": article_text.tolist() + comment_text.tolist(),
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
    """The `top` terms of each scope, most key first (then most used), those the topics cover
    dropped (or marked, with `keep_covered`), each with a snippet of its example."""
    ordered = terms.sort_values(
        ["scope", "keyness", "count", "n_comments", "term"], ascending=[True, False, False, False, True], kind="stable"
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
        keyness, ratio = round(float(row.keyness), 2), round(float(row.ratio), 2)
        records.append(
            (row.scope, row.term, row.kind, row.count, row.n_comments, keyness, ratio, covered, _snippet(example))
        )
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
