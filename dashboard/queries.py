"""Reads of the store for the dashboard's charts: connection + plain filters -> tidy frame (the
tables' reads are in tables.py).

Every query filters through `etl.export.comment_where`, so a chart, its CSV download and
`python -m etl export` agree on which comments count. Only parameterised SQL: the few names
put into SQL text (order columns, time grains) come from fixed whitelists.
"""

from etl import export

SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "neutral")
TARGET_STANCES = ("favor", "against", "none")
GRANULARITIES = ("day", "week")
DEEPEST = 6  # sentiment_by_depth groups this depth and deeper into one "6+" bar
JOIN = "FROM comments c LEFT JOIN articles a USING (article_id)"
_ARTICLE_ORDERS = ("n_comments", "n_negative")
_MICROS_PER_DAY = 86_400_000_000


def from_clause(where):
    """The FROM clause for a comments query: the articles join only when the filters need it
    (the time basis reads the article's date); without it DuckDB scans comments alone, which
    is several times faster at a million rows."""
    return JOIN if "a." in where else "FROM comments c"


def _bucket(granularity):
    """SQL for the UTC day or Monday-based week of export.TIME_BASIS, as a DATE.

    Integer arithmetic on microseconds since 1970 (a Thursday; 1970-01-05 was a Monday) gives
    what date_trunc gives in UTC, about ten times faster: date_trunc on TIMESTAMPTZ goes through
    ICU calendars row by row.
    """
    day = f"floor(epoch_us({export.TIME_BASIS}) / {_MICROS_PER_DAY})"
    if granularity == "day":
        return f"CAST(DATE '1970-01-01' + CAST({day} AS INTEGER) AS DATE)"
    return f"CAST(DATE '1970-01-05' + 7 * CAST(floor(({day} - 4) / 7) AS INTEGER) AS DATE)"


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
        {from_clause(where)} WHERE {where}"""
    return con.execute(sql, params).df()


def sentiment_mix(con, filters):
    """Comments per sentiment label, always the three labels in order: sentiment, n_comments, share."""
    where, params = export.comment_where(filters)
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES ('negative', 0), ('neutral', 1), ('positive', 2)),
             counts AS (SELECT c.sentiment, count(*) AS n {from_clause(where)} WHERE {where} GROUP BY 1)
        SELECT l.sentiment, coalesce(counts.n, 0) AS n_comments,
               coalesce(counts.n, 0) / nullif(sum(coalesce(counts.n, 0)) OVER (), 0) AS share
        FROM labels l LEFT JOIN counts USING (sentiment) ORDER BY l.ord"""
    return con.execute(sql, params).df()


def _article_stats_sql(where, having, order, limit):
    if order not in _ARTICLE_ORDERS:
        raise ValueError(f"order must be one of {_ARTICLE_ORDERS}, not {order!r}")
    # Aggregate the comments first and join the articles' titles to the groups after: a join
    # of thousands of groups, not of a million comments.
    sql = f"""
        WITH per AS (
            SELECT c.article_id,
                   count(*) AS n_comments,
                   count(*) FILTER (c.depth > 0) AS n_replies,
                   avg(c.polarity) AS mean_polarity,
                   count(*) FILTER (c.sentiment = 'negative') AS n_negative,
                   count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
                   count(*) FILTER (c.sentiment = 'positive') AS n_positive,
                   count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
            {from_clause(where)} WHERE {where}
            GROUP BY c.article_id {having})
        SELECT per.article_id,
               coalesce(a.title, per.article_id) AS title,
               a.published_at, a.url,
               n_comments, n_replies, mean_polarity, n_negative, n_neutral, n_positive,
               share_negative
        FROM per LEFT JOIN (SELECT article_id, any_value(title) AS title,
                                   any_value(published_at) AS published_at, any_value(url) AS url
                            FROM articles GROUP BY article_id) a USING (article_id)
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
        SELECT {_bucket(granularity)} AS {granularity},
               count(*) AS n_comments,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (c.sentiment = 'positive') AS n_positive
        {JOIN} WHERE {where} AND {export.TIME_BASIS} IS NOT NULL
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
        {from_clause(where)} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return con.execute(sql, params).df()


def _stance_counts(column="c.stance"):
    return ",\n".join(f"count(*) FILTER ({column} = '{label}') AS n_{label}" for label in STANCES)


def stance_by_article(con, filters, limit=None):
    """Reply stance per article, most replied first (replies only: top-level comments have no
    stance): article_id, title, n_replies, n_agree, n_disagree, n_neutral, share_disagree."""
    where, params = export.comment_where(filters)
    sql = f"""
        WITH per AS (
            SELECT c.article_id, count(*) AS n_replies, {_stance_counts()},
                   count(*) FILTER (c.stance = 'disagree') / count(*) AS share_disagree
            {from_clause(where)} WHERE {where} AND c.depth > 0 GROUP BY c.article_id)
        SELECT per.article_id, coalesce(a.title, per.article_id) AS title, n_replies, n_agree,
               n_disagree, n_neutral, share_disagree
        FROM per LEFT JOIN (SELECT article_id, any_value(title) AS title FROM articles
                            GROUP BY article_id) a USING (article_id)
        ORDER BY n_replies DESC, title"""
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return con.execute(sql, params).df()


def stance_by_period(con, filters, granularity="day"):
    """Reply stance per day or week (on export.TIME_BASIS, UTC), replies only:
    day|week, n_replies, n_agree, n_disagree, n_neutral."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    where, params = export.comment_where(filters)
    sql = f"""
        SELECT {_bucket(granularity)} AS {granularity},
               count(*) AS n_replies, {_stance_counts()}
        {JOIN} WHERE {where} AND c.depth > 0 AND {export.TIME_BASIS} IS NOT NULL
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
        {"LEFT JOIN articles a ON a.article_id = c.article_id" if "a." in where else ""}
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
        {from_clause(where)} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    depths = con.execute(sql, [int(deepest)] + params).df()
    labels = [f"{d}+" if d >= deepest else str(d) for d in depths["depth"]]
    return depths.assign(depth_label=labels)[
        ["depth", "depth_label", "n_comments", "mean_polarity", "n_negative", "share_negative"]]


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


def topic_options(con):
    """Every topic named on a comment, alphabetically: topic."""
    # The distinct topic lists first: a few hundred strings to split, not a million.
    return con.execute("""
        SELECT DISTINCT unnest(string_split(topics, ';')) AS topic
        FROM (SELECT DISTINCT topics FROM comments WHERE coalesce(topics, '') <> '')
        ORDER BY topic""").df()


def date_bounds(con):
    """One row: first_day, last_day of comments on export.TIME_BASIS."""
    return con.execute(f"""
        SELECT CAST(min({export.TIME_BASIS}) AS DATE) AS first_day,
               CAST(max({export.TIME_BASIS}) AS DATE) AS last_day {JOIN}""").df()


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
