"""Reads per topic: comments per topic (the same query as the CLI's `by-topic` export), stance
toward the topics file's targets, the topics named on comments, and suggested new topics."""

import duckdb
import pandas as pd

from dashboard.queries.labels import TARGET_STANCES
from etl.store.filters import Filters, comment_where
from etl.store.queries import articles_of, by_topic, newest_comments
from etl.topics.suggest import suggest_topics

__all__ = ["SUGGEST_LIMIT", "by_topic", "suggested_topics", "target_stance", "topic_options"]

SUGGEST_LIMIT = 2_000  # suggested_topics reads at most this many newest comments


def target_stance(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Stance toward each target of the topics file, over the comments matching the filters,
    most mentioned first: target, n_comments, n_articles, n_favor, n_against, n_none, mean_score."""
    where, params = comment_where(filters)
    counts = ",\n".join(f"count(*) FILTER (t.stance = '{label}') AS n_{label}" for label in TARGET_STANCES)
    sql = f"""
        SELECT t.target, count(*) AS n_comments, count(DISTINCT c.article_id) AS n_articles,
               {counts}, avg(t.score) AS mean_score
        FROM target_stances t
        JOIN comments c ON c.comment_id = t.comment_id AND c.article_id = t.article_id
        {"LEFT JOIN articles a ON a.article_id = c.article_id" if "a." in where else ""}
        WHERE {where}
        GROUP BY t.target ORDER BY n_comments DESC, t.target"""
    return con.execute(sql, params).df()


def topic_options(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every topic named on a comment, alphabetically: topic."""
    # The distinct topic lists first: a few hundred strings to split, not a million.
    return con.execute("""
        SELECT DISTINCT unnest(string_split(topics, ';')) AS topic
        FROM (SELECT DISTINCT topics FROM comments WHERE coalesce(topics, '') <> '')
        ORDER BY topic""").df()


def suggested_topics(
    con: duckdb.DuckDBPyConnection, filters: Filters, topics: dict | None, limit: int = SUGGEST_LIMIT, top: int = 30
) -> pd.DataFrame:
    """Frequent terms of the newest `limit` matching comments (and their articles' titles and
    bodies) that no topic in `topics` covers yet (etl.topics.suggest over all of them):
    term, kind, count, n_comments, example."""
    comments = newest_comments(con, filters, limit)
    articles = articles_of(con, comments["article_id"].dropna().unique())
    terms = suggest_topics(articles, comments, topics or None, by="all", top=top, con=con)
    return terms[["term", "kind", "count", "n_comments", "example"]]
