"""The store's pre-aggregates: counts of comments per segment, which the dashboard reads instead
of every comment (dashboard.queries.days and per_article). Each is counted from a segment's own
tables when the segment is written (etl.store.segments), so a run recounts only what it rewrites.

- `store_days`: per UTC day of the time basis, sentiment, stance, status, whether a reply, the
  reply depth (DEPTH_CAP and deeper counted as DEPTH_CAP) and the sentiment engine (some ten
  thousand rows), with how many have a score of each SCORED signal and how many score
  MODERATION_THRESHOLD or more, and how many have votes and their sums: the time charts, the date
  range, the sentiment mix, the tone per reply depth, the votes per sentiment, the Moderation
  page's counts and shares at its default thresholds, and the alerts' baselines (which segments
  hold a window's days, too).
- `store_article_days`: per article, UTC day, status and whether a reply, with a count column for
  every pair of sentiment and stance label (`n_<sentiment>_<stance>`, `none` for no or another
  label), the polarity's sum and count per sentiment, and how many score MODERATION_THRESHOLD or
  more on each SCORED signal: the article charts and key figures, and the Moderation page's
  articles at its default threshold. Wide rather than a row per label pair: about a quarter of
  the rows (600,000 at ten million comments), and a sentiment filter picks columns instead of rows.
- `store_topic_days`: the same counts per topic, day, status and reply (a comment under each
  topic it names), and how many score MODERATION_THRESHOLD or more on each SCORED signal: the
  topic rankings, the time charts filtered on one topic, and the Moderation page's counts and
  newest flagged comments of one topic. Not per article:
  that was 2.4 million rows at ten million comments, and the catalogue holding it is written anew
  by every run (a run adding 1,000 comments took 15.7 s instead of 4.6 s on a 10k store).
- `store_topic_articles`: per topic and status (none counts as published), how many articles have
  such comments: the topic rankings' article counts for a single status and no other filter,
  without counting distinct articles over the per-article topic counts (2.4 million rows at ten
  million comments). Every article lives in one segment, so the segments' counts add up.
- `store_article_flags`: per article, UTC day, status and sentiment, how many comments score
  MODERATION_THRESHOLD or more on each SCORED signal (rows with some only): the Moderation page's
  feedback inbox by article when a sentiment is chosen ("the negative feedback"), which
  `store_article_days` does not split by sentiment.
- `store_article_info`: each article's title, date, url and comment count, once: the titles of
  a chart's articles and the article pickers, without reading every segment's articles table
  (a query over the segments' views pays a few milliseconds per segment).

Those are tables of the catalogue. `store_topic_article_days` (SEGMENT_TABLES), the counts of
`store_topic_days` per article too, is a table in each segment file instead, read through a view
over them as the comments are: every article lives in one segment, so a segment's counts are its
own, written with it and never again, and a run writes only the counts of the segments it writes.
It serves the per-article charts and key figures filtered on one topic, and the number of articles
per topic. `store_topic_article_flags`, beside it, counts per topic, article, day and status the
comments scoring MODERATION_THRESHOLD or more on each SCORED signal (only rows with some): the
Moderation page's feedback inbox by article for one topic. A segment written before one existed
gets it in a file of its own at the next run (etl.store.segments).
"""

import duckdb

from etl.store.filters import period_sql

# The labels counted apart (those of etl.store.labels.TASKS); any other value, or none, is OTHER.
SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "neutral")
OTHER = "none"
SENTIMENT_BUCKETS = (*SENTIMENTS, OTHER)
STANCE_BUCKETS = (*STANCES, OTHER)
DEPTH_CAP = 6  # store_days counts replies this deep or deeper as this depth (the depth chart's "6+")
MODERATION_THRESHOLD = 0.5  # store_days counts the comments whose signal score is at least this
# The signals (etl/signals) store_days counts: the names of their count columns.
SCORED = {
    "needs_moderation": ("n_moderation", "n_moderation_flagged"),
    "feedback": ("n_feedback", "n_feedback_flagged"),
}
VOTES = ("positive_votes", "negative_votes")  # store_days counts the comments with either and sums each


def pair_column(sentiment: str, stance: str) -> str:
    """The count column of comments with this sentiment and stance bucket."""
    return f"n_{sentiment}_{stance}"


# The wide pre-aggregates' counts: comments per sentiment and stance bucket, polarity per sentiment.
_WIDE = {
    **{pair_column(s, t): "BIGINT" for s in SENTIMENT_BUCKETS for t in STANCE_BUCKETS},
    **{f"sum_polarity_{s}": "DOUBLE" for s in SENTIMENT_BUCKETS},
    **{f"n_polarity_{s}": "BIGINT" for s in SENTIMENT_BUCKETS},
}

TABLES = {
    "store_days": {
        "segment": "VARCHAR",
        "day": "DATE",
        "sentiment": "VARCHAR",
        "stance": "VARCHAR",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        "depth": "INTEGER",
        "sentiment_engine": "VARCHAR",
        "n": "BIGINT",
        "sum_polarity": "DOUBLE",
        "n_polarity": "BIGINT",
        **{name: "BIGINT" for pair in SCORED.values() for name in pair},
        "n_voted": "BIGINT",
        **{f"sum_{votes}": "BIGINT" for votes in VOTES},
    },
    "store_article_days": {
        "segment": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        **_WIDE,
        **{flagged: "BIGINT" for _, flagged in SCORED.values()},
    },
    "store_topic_days": {
        "segment": "VARCHAR",
        "topic": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        **_WIDE,
        **{flagged: "BIGINT" for _, flagged in SCORED.values()},
    },
    "store_article_flags": {
        "segment": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "sentiment": "VARCHAR",
        **{flagged: "BIGINT" for _, flagged in SCORED.values()},
    },
    "store_article_info": {
        "segment": "VARCHAR",
        "article_id": "VARCHAR",
        "title": "VARCHAR",
        "published_at": "TIMESTAMPTZ",
        "url": "VARCHAR",
        "n_comments": "BIGINT",
    },
    "store_topic_articles": {"segment": "VARCHAR", "topic": "VARCHAR", "status": "VARCHAR", "n_articles": "BIGINT"},
}


# In the segment files (see above): the same counts per topic and article; and per topic and
# article the comments scoring MODERATION_THRESHOLD or more on a SCORED signal (rows with some only).
SEGMENT_TABLES = {
    "store_topic_article_days": {
        "topic": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        "reply": "BOOLEAN",
        **_WIDE,
    },
    "store_topic_article_flags": {
        "topic": "VARCHAR",
        "article_id": "VARCHAR",
        "day": "DATE",
        "status": "VARCHAR",
        **{flagged: "BIGINT" for _, flagged in SCORED.values()},
    },
}


def _bucket(column: str, labels: tuple) -> str:
    listed = ", ".join(f"'{label}'" for label in labels)
    return f"CASE WHEN {column} IN ({listed}) THEN {column} ELSE '{OTHER}' END"


def _select(table: str, database: str, present=(*SCORED, *VOTES)) -> str:
    """The SELECT counting one segment's rows of `table` from its tables in `database`, the
    segment's name as the first parameter; `present`: which of the SCORED signals' and the VOTES'
    columns its comments have (a store written without the signals or the votes lacks them: then
    no comment counts as scored or voted)."""
    comments = f"FROM {database}.main.comments c LEFT JOIN {database}.main.articles a USING (article_id) GROUP BY ALL"
    day = period_sql("day")
    scores = [f"c.{signal}" if signal in present else "NULL::DOUBLE" for signal in SCORED]
    flagged = [f"{score} >= {MODERATION_THRESHOLD}" for score in scores]  # NULL, not flagged, without the signal
    flagged_counts = ", ".join(f"count(*) FILTER ({f})" for f in flagged)
    score_counts = ", ".join(f"count({score}), count(*) FILTER ({f})" for score, f in zip(scores, flagged))
    up, down = (f"c.{votes}" if votes in present else "NULL::BIGINT" for votes in VOTES)
    voted = f"count(*) FILTER ({up} IS NOT NULL OR {down} IS NOT NULL), coalesce(sum({up}), 0)"
    voted += f", coalesce(sum({down}), 0)"
    if table == "store_days":
        return f"""SELECT ?, {day}, c.sentiment, c.stance, c.status, c.depth > 0, least(c.depth, {DEPTH_CAP}),
                          c.sentiment_engine, count(*), sum(c.polarity), count(c.polarity), {score_counts},
                          {voted} {comments}"""
    if table == "store_topic_articles":  # every article lives in one segment: the counts add up
        return f"""SELECT ?, c.topic, coalesce(c.status, 'published'), count(DISTINCT c.article_id)
                   FROM (SELECT article_id, status, unnest(string_split(topics, ';')) AS topic
                         FROM {database}.main.comments WHERE coalesce(topics, '') <> '') c GROUP BY ALL"""
    if table == "store_article_flags":
        return f"""SELECT ?, c.article_id, {day}, c.status, c.sentiment, {flagged_counts}
                   FROM (SELECT * FROM {database}.main.comments c WHERE {" OR ".join(flagged)}) c
                   LEFT JOIN {database}.main.articles a USING (article_id) GROUP BY ALL"""
    if table == "store_topic_article_flags":
        return f"""SELECT c.topic, c.article_id, {day}, c.status, {flagged_counts}
                   FROM (SELECT *, unnest(string_split(topics, ';')) AS topic FROM {database}.main.comments c
                         WHERE coalesce(topics, '') <> '' AND ({" OR ".join(flagged)})) c
                   LEFT JOIN {database}.main.articles a USING (article_id) GROUP BY ALL"""
    if table == "store_article_info":  # an article's row of the articles table, once per article
        return f"""SELECT ?, article_id, any_value(title), any_value(published_at), any_value(url),
                          any_value(n_comments) FROM {database}.main.articles GROUP BY article_id"""
    sentiment, stance = _bucket("c.sentiment", SENTIMENTS), _bucket("c.stance", STANCES)
    pairs = [
        f"count(*) FILTER ({sentiment} = '{s}' AND {stance} = '{t}')" for s in SENTIMENT_BUCKETS for t in STANCE_BUCKETS
    ]
    sums = [f"coalesce(sum(c.polarity) FILTER ({sentiment} = '{s}'), 0)" for s in SENTIMENT_BUCKETS]
    counts = [f"count(c.polarity) FILTER ({sentiment} = '{s}')" for s in SENTIMENT_BUCKETS]
    wide = ", ".join(pairs + sums + counts)
    if table == "store_article_days":
        return f"SELECT ?, c.article_id, {day}, c.status, c.depth > 0, {wide}, {flagged_counts} {comments}"
    # A comment once under each topic it names, as the topic queries split them.
    keys = "c.topic, c.article_id" if table in SEGMENT_TABLES else "?, c.topic"
    if table == "store_topic_days":
        wide += ", " + flagged_counts
    return f"""SELECT {keys}, {day}, c.status, c.depth > 0, {wide}
               FROM (SELECT *, unnest(string_split(topics, ';')) AS topic FROM {database}.main.comments
                     WHERE coalesce(topics, '') <> '') c
               LEFT JOIN {database}.main.articles a USING (article_id) GROUP BY ALL"""


def count(con: duckdb.DuckDBPyConnection, table: str, segment: str, database: str) -> None:
    """Add the rows of pre-aggregate `table` for `segment`, counted from its tables in the
    attached `database` (a segment file)."""
    present = con.execute(
        """SELECT column_name FROM duckdb_columns()
           WHERE database_name = ? AND table_name = 'comments' AND column_name IN (SELECT unnest(?))""",
        [database, [*SCORED, *VOTES]],
    ).fetchall()
    con.execute(f"INSERT INTO {table} {_select(table, database, {row[0] for row in present})}", [segment])


def segment_select(table: str, database: str, present=(*SCORED, *VOTES)) -> str:
    """The SELECT of segment pre-aggregate `table` (SEGMENT_TABLES), counted from the segment's
    tables in the attached `database` (etl.store.segments writes it); `present` as for `_select`."""
    return f"{_select(table, database, present)} ORDER BY 1, 2, 3"
