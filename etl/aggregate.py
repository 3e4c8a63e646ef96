"""Article-level aggregates from the article's published comments.

`summarize_articles(articles, comments)` needs articles keyed by `article_id` and scored, threaded
comments; it adds `n_comments, mean_polarity, n_replies, max_depth, n_negative, n_neutral,
n_positive, first_comment_at, last_comment_at`.
"""

import pandas as pd

from etl import schema

AGGREGATES = [
    "n_comments",
    "mean_polarity",
    "n_replies",
    "max_depth",
    "n_negative",
    "n_neutral",
    "n_positive",
    "first_comment_at",
    "last_comment_at",
]


def summarize_articles(articles: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Articles with their comment aggregates; an article without comments gets zeros."""
    schema.validate(articles, ("article_id",), "aggregate")
    schema.validate(comments, ("article_id", "status", "depth", "sentiment", "polarity", "created_at"), "aggregate")
    published = comments[comments["status"].fillna("published") == "published"]
    grouped = published.assign(
        is_reply=published["depth"] > 0,
        is_negative=published["sentiment"] == "negative",
        is_neutral=published["sentiment"] == "neutral",
        is_positive=published["sentiment"] == "positive",
    ).groupby("article_id")
    summary = pd.DataFrame(
        {
            "n_comments": grouped.size(),
            "mean_polarity": grouped["polarity"].mean(),
            "n_replies": grouped["is_reply"].sum(),
            "max_depth": grouped["depth"].max(),
            "n_negative": grouped["is_negative"].sum(),
            "n_neutral": grouped["is_neutral"].sum(),
            "n_positive": grouped["is_positive"].sum(),
            "first_comment_at": grouped["created_at"].min(),
            "last_comment_at": grouped["created_at"].max(),
        }
    )
    merged = articles.drop(columns=[c for c in AGGREGATES if c in articles]).merge(
        summary, left_on="article_id", right_index=True, how="left"
    )
    counts = ["n_comments", "n_replies", "n_negative", "n_neutral", "n_positive"]
    return merged.assign(**{c: merged[c].fillna(0).astype("Int64") for c in counts})
