"""Reads per topic: comments per topic (the same query as the CLI's `by-topic` export), stance
toward the topics file's targets, the topics named on comments, and suggested new topics."""

import duckdb
import pandas as pd

from dashboard.queries import days, per_article
from dashboard.queries.articles import floor_of, order_of, ranked
from dashboard.queries.labels import TARGET_STANCES
from etl.store import queries as shared
from etl.store import segments, targets
from etl.store.filters import JOIN, Filters, comment_where
from etl.store.queries import articles_of, newest_comments
from etl.topics.suggest import suggest_topics

__all__ = [
    "SUGGEST_LIMIT",
    "by_topic",
    "suggested_topics",
    "target_stance",
    "topic_options",
    "topic_ranking",
    "topic_shares",
]
RANKINGS = {  # what a topic ranking ranks: (hits, of how many, share)
    "negative": ("n_negative", "n_comments", "share_negative"),
    "disagree": ("n_disagree", "n_replies", "share_disagree"),
}

SUGGEST_LIMIT = 2_000  # suggested_topics reads at most this many newest comments


def target_stance(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Stance toward each target of the topics file, over the comments matching the filters,
    most mentioned first: target, n_comments, n_articles, n_favor, n_against, n_none, mean_score.
    From the counts per segment (`store_target_days`) where the filters allow (days.answers), or
    for one topic with dates and statuses from its counts (`store_target_topic_days`)."""
    counted = None
    if days.answers(con, filters) and shared.has_table(con, targets.TABLE):
        counted = (targets.TABLE, *days.where_sql(filters))
    elif days.one_topic(filters) and shared.has_table(con, targets.TOPIC_TABLE):
        counted = (targets.TOPIC_TABLE, *days.topic_where(filters))
    if counted is not None:
        table, where, params = counted
        counts = ", ".join(f"CAST(sum(d.n_{label}) AS BIGINT) AS n_{label}" for label in TARGET_STANCES)
        sql = f"""
            SELECT d.target, CAST(sum(d.n) AS BIGINT) AS n_comments, count(DISTINCT d.article_id) AS n_articles,
                   {counts}, sum(d.sum_score) / nullif(sum(d.n_score), 0) AS mean_score
            FROM {table} d WHERE {where}
            GROUP BY d.target ORDER BY n_comments DESC, d.target"""
        return con.execute(sql, params).df()
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


def by_topic(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """etl.store.queries.by_topic (the CLI's `by-topic` export), from `store_topic_article_days`
    where it answers (dashboard.queries.per_article)."""
    if not per_article.topics_answer(con, filters, articles=True):
        return shared.by_topic(con, filters)
    per, params = per_article.topic_counts_sql(con, filters)
    sql = f"""
        SELECT topic, n_comments, n_articles, sum_polarity / nullif(n_polarity, 0) AS mean_polarity,
               n_negative, n_neutral, n_positive
        FROM ({per}) ORDER BY n_comments DESC, topic"""
    return con.execute(sql, params).df()


def topic_shares(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per topic of the matching comments: topic, n_comments, n_negative, share_negative, n_replies,
    n_disagree, share_disagree (a comment with several topics counts for each)."""
    if per_article.topics_answer(con, filters):
        per, params = per_article.counts_sql(filters, "topic")
        sql = f"""
            SELECT topic, n_comments, n_negative, n_negative / n_comments AS share_negative, n_replies,
                   reply_disagree AS n_disagree, reply_disagree / nullif(n_replies, 0) AS share_disagree
            FROM ({per}) ORDER BY n_comments DESC, topic"""
        return con.execute(sql, params).df()
    where, params = comment_where(filters)
    sql = f"""
        WITH matched AS (
            SELECT c.sentiment, c.stance, c.depth, unnest(string_split(c.topics, ';')) AS topic
            {JOIN} WHERE {where} AND coalesce(c.topics, '') <> '')
        SELECT topic, count(*) AS n_comments,
               count(*) FILTER (sentiment = 'negative') AS n_negative,
               count(*) FILTER (sentiment = 'negative') / count(*) AS share_negative,
               count(*) FILTER (depth > 0) AS n_replies,
               count(*) FILTER (depth > 0 AND stance = 'disagree') AS n_disagree,
               count(*) FILTER (depth > 0 AND stance = 'disagree') / nullif(count(*) FILTER (depth > 0), 0)
                   AS share_disagree
        FROM matched {"WHERE topic IN (SELECT unnest(?))" if filters.topics else ""}
        GROUP BY topic ORDER BY n_comments DESC, topic"""
    return con.execute(sql, params + ([list(filters.topics)] if filters.topics else [])).df()


def topic_ranking(
    con: duckdb.DuckDBPyConnection, filters: Filters, what: str, min_comments: int, order: str, limit: int = 25
) -> pd.DataFrame:
    """Topics of at least `min_comments` comments (replies, for "disagree") ranked by their share of
    negative comments or disagreeing replies (`what`), or by how many: topic_shares' columns and
    `low`, `high` (the share's 95% Wilson interval)."""
    hits, n, share = RANKINGS[what]
    frame = topic_shares(con, filters)
    return ranked(frame[frame[n] >= floor_of(min_comments)], hits, n, share, order_of(order), limit)


def topic_options(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every topic named on a comment, alphabetically: topic. From the pre-aggregate
    `store_topic_days` where the version has it (its rows split the comments' topics as here)."""
    if shared.has_table(con, "store_topic_days"):
        return con.execute("SELECT DISTINCT topic FROM store_topic_days ORDER BY topic").df()
    # The distinct topic lists first: a few hundred strings to split, not a million.
    return con.execute("""
        SELECT DISTINCT unnest(string_split(topics, ';')) AS topic
        FROM (SELECT DISTINCT topics FROM comments WHERE coalesce(topics, '') <> '')
        ORDER BY topic""").df()


def suggested_topics(
    con: duckdb.DuckDBPyConnection, filters: Filters, topics: dict | None, limit: int = SUGGEST_LIMIT, top: int = 30
) -> pd.DataFrame:
    """Key terms of the newest `limit` matching comments (and their articles' titles and bodies)
    that no topic in `topics` covers yet (etl.topics.suggest over all of them, by="all": ranked by
    how much they mark some articles' discussions): term, kind, count, n_comments, example."""
    newest = None
    if segments.is_segmented(con) and days.answers(con, filters):
        newest = days.newest_days(con, filters, limit)
    elif segments.is_segmented(con) and len(filters.topics) == 1 and per_article.topics_answer(con, filters):
        newest = per_article.newest_days(con, filters, limit)
    comments = newest_comments(con, filters, limit, newest)
    # Every article lives in one segment: those holding the comments hold their articles.
    articles = articles_of(con, comments["article_id"].dropna().unique(), newest and newest[0])
    terms = suggest_topics(articles, comments, topics or None, by="all", top=top, con=con)
    return terms[["term", "kind", "count", "n_comments", "example"]]
