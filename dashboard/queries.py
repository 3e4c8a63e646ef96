"""Reads of the store for the dashboard: connection + plain filters -> tidy frame.

Every query filters through `etl.export.comment_where`, so a chart, its CSV download and
`python -m etl export` agree on which comments count. Only parameterised SQL: the few names
put into SQL text (order columns, time grains) come from fixed whitelists.
"""

import threading
from pathlib import Path

import duckdb
import pandas as pd

from etl import export, store, suggest

SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "neutral")
TARGET_STANCES = ("favor", "against", "none")
GRANULARITIES = ("day", "week")
DEEPEST = 6  # sentiment_by_depth groups this depth and deeper into one "6+" bar
SUGGEST_LIMIT = 20_000  # suggested_topics reads at most this many newest comments: stays fast
_JOIN = "FROM comments c LEFT JOIN articles a USING (article_id)"
_ARTICLE_ORDERS = ("n_comments", "n_negative")


class StoreReader:
    """One read-only connection to the store's current version, moved along when CURRENT moves.

    The ETL publishes each version as a new file; on every query the reader looks at the
    pointer and reconnects if it names another file, so new data shows without a restart.
    """

    def __init__(self, store_dir):
        self.store_dir = Path(store_dir)
        self._lock = threading.Lock()
        self._path = None
        self._con = None

    @property
    def version(self):
        """Name of the database file in use now, or None for an empty store."""
        path = store.current_path(self.store_dir)
        return path.name if path else None

    def cursor(self):
        """A fresh cursor (one per query, for thread safety), or None when the store is empty."""
        return self.snapshot()[1]

    def snapshot(self):
        """(version name, cursor) of one store version, so several queries can agree on it."""
        path = store.current_path(self.store_dir)
        with self._lock:
            if path != self._path:
                # The old connection is dropped, not closed: cursors still reading it finish first.
                self._con = duckdb.connect(str(path), read_only=True) if path else None
                self._path = path
            if self._con is None:
                return None, None
            cursor = self._con.cursor()
        # Dates and weeks are cut in UTC whatever the server's time zone.
        cursor.execute("SET TimeZone = 'UTC'")
        return path.name, cursor

    def clear_cache(self):
        pass

    def query(self, fn, *args, default=None, **kwargs):
        """`fn(cursor, *args, **kwargs)`; `default` (an empty frame if None) when the store is empty."""
        cursor = self.cursor()
        if cursor is None:
            return pd.DataFrame() if default is None else default
        try:
            return fn(cursor, *args, **kwargs)
        finally:
            cursor.close()


def filters_from(start=None, end=None, articles=None, topics=None, sentiments=None,
                 stances=None, search=None):
    """Filters of published comments from the raw values of the dashboard's filter controls."""
    return export.Filters(
        since=str(start)[:10] if start else None,
        until=str(end)[:10] if end else None,
        articles=tuple(articles or ()),
        topics=tuple(topics or ()),
        sentiments=tuple(sentiments or ()),
        stances=tuple(stances or ()),
        published_only=True,
        search=(search or "").strip() or None,
    )


def thread_filters(article_id):
    """Filters selecting every published comment of one article (none for article_id None)."""
    return export.Filters(articles=(article_id,), published_only=True)


def kpis(con, filters):
    """One row: n_articles, n_comments, n_replies, share_replies, mean_polarity, share_negative."""
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT count(DISTINCT c.article_id) AS n_articles,
               count(*) AS n_comments,
               count(*) FILTER (c.depth > 0) AS n_replies,
               count(*) FILTER (c.depth > 0) / nullif(count(*), 0) AS share_replies,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') / nullif(count(*), 0) AS share_negative
        {_JOIN} WHERE {where}"""
    return con.execute(sql, params).df()


def sentiment_mix(con, filters):
    """Comments per sentiment label, always the three labels in order: sentiment, n_comments, share."""
    where, params = export.comment_where(filters)
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES ('negative', 0), ('neutral', 1), ('positive', 2)),
             counts AS (SELECT c.sentiment, count(*) AS n {_JOIN} WHERE {where} GROUP BY 1)
        SELECT l.sentiment, coalesce(counts.n, 0) AS n_comments,
               coalesce(counts.n, 0) / nullif(sum(coalesce(counts.n, 0)) OVER (), 0) AS share
        FROM labels l LEFT JOIN counts USING (sentiment) ORDER BY l.ord"""
    return con.execute(sql, params).df()


def _article_stats_sql(where, having, order, limit):
    if order not in _ARTICLE_ORDERS:
        raise ValueError(f"order must be one of {_ARTICLE_ORDERS}, not {order!r}")
    sql = f"""
        SELECT c.article_id,
               coalesce(any_value(a.title), c.article_id) AS title,
               any_value(a.published_at) AS published_at,
               any_value(a.url) AS url,
               count(*) AS n_comments,
               count(*) FILTER (c.depth > 0) AS n_replies,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (c.sentiment = 'positive') AS n_positive,
               count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
        {_JOIN} WHERE {where}
        GROUP BY c.article_id {having}
        ORDER BY {order} DESC, n_comments DESC, title"""
    return sql + (f" LIMIT {int(limit)}" if limit is not None else "")


def article_stats(con, filters, limit=None):
    """Per article with matching comments, most commented first: article_id, title, published_at,
    url, n_comments, n_replies, mean_polarity, n_negative, n_neutral, n_positive, share_negative."""
    where, params = export.comment_where(filters)
    return con.execute(_article_stats_sql(where, "", "n_comments", limit), params).df()


def top_negative_articles(con, filters, limit=10):
    """Articles with the most negative comments (at least one), same columns as `article_stats`."""
    where, params = export.comment_where(filters)
    sql = _article_stats_sql(where, "HAVING count(*) FILTER (c.sentiment = 'negative') > 0",
                             "n_negative", limit)
    return con.execute(sql, params).df()


def by_period(con, filters, granularity="day"):
    """Comments per day or week (on export.TIME_BASIS, UTC): day|week, n_comments, mean_polarity,
    n_negative, n_neutral, n_positive."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT CAST(date_trunc('{granularity}', {export.TIME_BASIS}) AS DATE) AS {granularity},
               count(*) AS n_comments,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (c.sentiment = 'positive') AS n_positive
        {_JOIN} WHERE {where} AND {export.TIME_BASIS} IS NOT NULL
        GROUP BY 1 ORDER BY 1"""
    periods = con.execute(sql, params).df()
    # Plain dates, so a CSV says 2025-05-19 rather than 2025-05-19T00:00:00.
    return periods.assign(**{granularity: periods[granularity].dt.date})


def by_topic(con, filters):
    """Comments per topic (etl.export.by_topic): topic, n_comments, n_articles, mean_polarity,
    n_negative, n_neutral, n_positive."""
    return export.by_topic(con, filters)


def polarity_by_depth(con, filters):
    """Per reply depth: depth, n_comments, mean_polarity."""
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT c.depth, count(*) AS n_comments, avg(c.polarity) AS mean_polarity
        {_JOIN} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return con.execute(sql, params).df()


def _stance_counts(column="c.stance"):
    return ",\n".join(f"count(*) FILTER ({column} = '{label}') AS n_{label}" for label in STANCES)


def stance_by_article(con, filters, limit=None):
    """Reply stance per article, most replied first (replies only: top-level comments have no
    stance): article_id, title, n_replies, n_agree, n_disagree, n_neutral, share_disagree."""
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT c.article_id, coalesce(any_value(a.title), c.article_id) AS title,
               count(*) AS n_replies, {_stance_counts()},
               count(*) FILTER (c.stance = 'disagree') / count(*) AS share_disagree
        {_JOIN} WHERE {where} AND c.depth > 0
        GROUP BY c.article_id ORDER BY n_replies DESC, title"""
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return con.execute(sql, params).df()


def stance_by_period(con, filters, granularity="day"):
    """Reply stance per day or week (on export.TIME_BASIS, UTC), replies only:
    day|week, n_replies, n_agree, n_disagree, n_neutral."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT CAST(date_trunc('{granularity}', {export.TIME_BASIS}) AS DATE) AS {granularity},
               count(*) AS n_replies, {_stance_counts()}
        {_JOIN} WHERE {where} AND c.depth > 0 AND {export.TIME_BASIS} IS NOT NULL
        GROUP BY 1 ORDER BY 1"""
    periods = con.execute(sql, params).df()
    return periods.assign(**{granularity: periods[granularity].dt.date})


def target_stance(con, filters):
    """Stance toward each target of the topics file, over the comments matching the filters,
    most mentioned first: target, n_comments, n_articles, n_favor, n_against, n_none, mean_score."""
    where, params = export.comment_where(filters)
    counts = ",\n".join(f"count(*) FILTER (t.stance = '{label}') AS n_{label}"
                        for label in TARGET_STANCES)
    sql = f"""
        SELECT t.target, count(*) AS n_comments, count(DISTINCT c.article_id) AS n_articles,
               {counts}, avg(t.score) AS mean_score
        FROM target_stances t
        JOIN comments c ON c.comment_id = t.comment_id AND c.article_id = t.article_id
        LEFT JOIN articles a ON a.article_id = c.article_id
        WHERE {where}
        GROUP BY t.target ORDER BY n_comments DESC, t.target"""
    return con.execute(sql, params).df()


def sentiment_by_depth(con, filters, deepest=DEEPEST):
    """Tone per reply depth, depths from `deepest` on grouped: depth (0 = top level),
    depth_label ("0" … "6+"), n_comments, mean_polarity, n_negative, share_negative."""
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT least(c.depth, ?) AS depth, count(*) AS n_comments,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
        {_JOIN} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    depths = con.execute(sql, [int(deepest)] + params).df()
    labels = [f"{d}+" if d >= deepest else str(d) for d in depths["depth"]]
    return depths.assign(depth_label=labels)[
        ["depth", "depth_label", "n_comments", "mean_polarity", "n_negative", "share_negative"]]


def suggested_topics(con, filters, topics, limit=SUGGEST_LIMIT, top=30):
    """Frequent terms of the newest `limit` matching comments (and their articles' titles and
    bodies) that no topic in `topics` covers yet (etl.suggest.suggest_topics over all of them):
    term, kind, count, n_comments, example."""
    where, params = export.comment_where(filters)
    comments = con.execute(f"""
        SELECT c.comment_id, c.article_id, c.text, c.created_at {_JOIN} WHERE {where}
        ORDER BY {export.TIME_BASIS} DESC NULLS LAST, c.comment_id LIMIT {int(limit)}""",
                           params).df()
    articles = con.execute(
        "SELECT article_id, title, body, published_at FROM articles "
        "WHERE article_id IN (SELECT unnest(?))",
        [comments["article_id"].dropna().unique().tolist()]).df()
    terms = suggest.suggest_topics(articles, comments, topics or None, by="all", top=top)
    return terms[["term", "kind", "count", "n_comments", "example"]]


def engine_counts(con):
    """Published comments per sentiment engine that scored them, most first:
    sentiment_engine, n_comments."""
    return con.execute("""
        SELECT coalesce(nullif(sentiment_engine, ''), 'unknown') AS sentiment_engine,
               count(*) AS n_comments
        FROM comments WHERE coalesce(status, 'published') = 'published'
        GROUP BY 1 ORDER BY n_comments DESC, 1""").df()


def recent_runs(con, limit=10):
    """The newest runs, newest first: run_id, command, status, started_at, finished_at,
    sentiment_engine, n_loaded, n_scored."""
    return con.execute("""
        SELECT run_id, command, status, started_at, finished_at, sentiment_engine,
               n_loaded, n_scored
        FROM runs ORDER BY started_at DESC NULLS LAST, run_id DESC LIMIT ?""", [int(limit)]).df()


def count_comments(con, filters):
    """How many comments match the filters."""
    where, params = export.comment_where(filters)
    return con.execute(f"SELECT count(*) {_JOIN} WHERE {where}", params).fetchall()[0][0]


def comment_rows(con, filters, limit=None, offset=0):
    """etl.export.comments with each article's title beside its article_id (the comments table)."""
    rows = export.comments(con, filters, limit=limit, offset=offset)
    ids = rows["article_id"].dropna().unique().tolist()
    titles = con.execute(
        "SELECT article_id, title AS article_title FROM articles "
        "WHERE article_id IN (SELECT unnest(?))", [ids]).df()
    rows = rows.merge(titles.drop_duplicates("article_id"), on="article_id", how="left")
    columns = list(rows.columns)
    columns.insert(columns.index("article_id") + 1, columns.pop(columns.index("article_title")))
    return rows[columns]


def thread_comments(con, article_id):
    """Every published comment of one article, in published order (etl.export.comments)."""
    return export.comments(con, thread_filters(article_id))


def article_options(con):
    """Every article for pickers, most commented first: article_id, title, n_comments."""
    return con.execute("""
        SELECT article_id, coalesce(title, article_id) AS title, coalesce(n_comments, 0) AS n_comments
        FROM articles ORDER BY n_comments DESC, published_at DESC NULLS LAST, title""").df()


def topic_options(con):
    """Every topic named on a comment, alphabetically: topic."""
    return con.execute("""
        SELECT DISTINCT unnest(string_split(topics, ';')) AS topic FROM comments
        WHERE coalesce(topics, '') <> '' ORDER BY topic""").df()


def date_bounds(con):
    """One row: first_day, last_day of comments on export.TIME_BASIS."""
    return con.execute(f"""
        SELECT CAST(min({export.TIME_BASIS}) AS DATE) AS first_day,
               CAST(max({export.TIME_BASIS}) AS DATE) AS last_day {_JOIN}""").df()


def last_refresh(con):
    """The newest finished, not failed run: run_id, finished_at, sentiment_engine (0 or 1 row)."""
    return con.execute("""
        SELECT run_id, finished_at,
               coalesce(sentiment_engine, (SELECT any_value(sentiment_engine) FROM comments))
                   AS sentiment_engine
        FROM runs
        WHERE finished_at IS NOT NULL
          AND lower(coalesce(status, '')) NOT IN ('failed', 'error', 'running')
        ORDER BY finished_at DESC LIMIT 1""").df()
