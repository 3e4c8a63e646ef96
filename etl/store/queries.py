"""Reads of the store shared by the CLI and the dashboard: connection + Filters -> tidy frame.

`etl export`, every dashboard download and the dashboard's charts read through these, so a
number both show comes from one query. Time is cut in UTC: connections come from
`versions.open_readonly`.
"""

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from etl import schema
from etl.store import aggregates, segments
from etl.store.filters import (  # noqa: F401 (GRANULARITIES re-exported)
    GRANULARITIES,
    JOIN,
    TIME_BASIS,
    Filters,
    comment_where,
    from_clause,
    period_sql,
    target_rows_where,
)
from etl.store.tables import read_table
from etl.store.versions import StoreError, open_readonly

# The order of the comments export, the comments table and its pages.
COMMENT_ORDER = "a.published_at DESC NULLS LAST, c.article_id, c.position"


def comments_sql(filters: Filters) -> tuple[str, list]:
    """SQL and parameters of `comments`."""
    where, params = comment_where(filters)
    columns = ", ".join(f'c."{col}"' for col in schema.EXPORT_COLUMNS["comments"])
    return f"SELECT {columns} {JOIN} WHERE {where} ORDER BY {COMMENT_ORDER}", params


def comments(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None, offset: int = 0
) -> pd.DataFrame:
    """Comments matching the filters, in the export's column order, newest articles first and
    in published order within each."""
    sql, params = comments_sql(filters)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(sql, params).df()


def articles(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Articles having at least one comment matching the filters (or none, when unfiltered)."""
    where, params = comment_where(filters)
    columns = ", ".join(f'a."{col}"' for col in schema.EXPORT_COLUMNS["articles"])
    unfiltered = filters in (Filters(), Filters(published_only=True))
    keep = "TRUE" if unfiltered else f"a.article_id IN (SELECT c.article_id {JOIN} WHERE {where})"
    sql = f"SELECT {columns} FROM articles a WHERE {keep} ORDER BY a.published_at DESC NULLS LAST"
    return con.execute(sql, [] if unfiltered else params).df()


def by_period(con: duckdb.DuckDBPyConnection, filters: Filters, granularity: str = "day") -> pd.DataFrame:
    """Comments per UTC day or week on TIME_BASIS: day|week (a date), n_comments, mean_polarity,
    n_negative, n_neutral, n_positive. The `by-day` export and the dashboard's time charts."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT {period_sql(granularity)} AS {granularity},
               count(*) AS n_comments,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (c.sentiment = 'positive') AS n_positive
        {JOIN} WHERE {where} AND {TIME_BASIS} IS NOT NULL
        GROUP BY 1 ORDER BY 1"""
    return as_dates(con.execute(sql, params).df(), granularity)


def as_dates(periods: pd.DataFrame, column: str) -> pd.DataFrame:
    """`periods` with `column` as plain dates, so a CSV says 2025-05-19, not 2025-05-19T00:00:00."""
    return periods.assign(**{column: periods[column].dt.date})


def by_topic(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Comments per topic: topic, n_comments, n_articles, mean_polarity, n_negative, n_neutral,
    n_positive."""
    where, params = comment_where(filters)
    sql = f"""
        WITH matched AS (
            SELECT c.*, unnest(string_split(c.topics, ';')) AS topic
            {JOIN} WHERE {where} AND coalesce(c.topics, '') <> '')
        SELECT topic, count(*) AS n_comments, count(DISTINCT article_id) AS n_articles,
               avg(polarity) AS mean_polarity,
               count(*) FILTER (sentiment = 'negative') AS n_negative,
               count(*) FILTER (sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (sentiment = 'positive') AS n_positive
        FROM matched {"WHERE topic IN (SELECT unnest(?))" if filters.topics else ""}
        GROUP BY topic ORDER BY n_comments DESC, topic"""
    return con.execute(sql, params + ([list(filters.topics)] if filters.topics else [])).df()


def target_stances_sql(filters: Filters) -> tuple[str, list]:
    """SQL and parameters of `target_stances`."""
    where, params = target_rows_where(filters)
    columns = ", ".join(f't."{col}"' for col in schema.EXPORT_COLUMNS["target_stances"])
    return (
        f"SELECT {columns} FROM target_stances t JOIN comments c USING (comment_id) "
        f"LEFT JOIN articles a ON a.article_id = c.article_id WHERE {where} "
        "ORDER BY t.target, t.comment_id"
    ), params


def target_stances(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Stance toward each target of the comments matching the filters, one row a (comment, target)."""
    return con.execute(*target_stances_sql(filters)).df()


def runs(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Every run, newest first."""
    return read_table(con, "runs", "ORDER BY started_at DESC")[schema.EXPORT_COLUMNS["runs"]]


def rejects(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Every rejected record, newest run first."""
    return con.execute(
        "SELECT r.* FROM rejects r LEFT JOIN runs USING (run_id) "
        "ORDER BY runs.started_at DESC NULLS LAST, r.input, r.location"
    ).df()


def newest_comments(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int, newest: tuple | None = None
) -> pd.DataFrame:
    """The newest `limit` comments matching the filters on TIME_BASIS: comment_id, article_id,
    text, created_at (what topic suggestions read). `newest`: (segments, first day) known to hold
    them all (dashboard.queries.days.newest_days): only those segments are read, from that day on
    (a first day None: every day of them).

    Comments with a time are ranked without the articles join (which lets DuckDB skip whole
    blocks of older rows), as a top-N that reads the texts of the rows it keeps only. The few
    without a time rank on their article's date: only those newer than the last of the first
    ranking can enter, and only their texts are read then (reading texts by id scans them all:
    0.4 s at a million; a join back on rowid does too on the segments' views)."""
    where, params = comment_where(filters)
    limit = int(limit)
    source, joined, since, day = from_clause(where), JOIN, "", []
    if newest is not None:
        held, first = newest
        source = _in_segments(con, held) if "a." in where else f"FROM ({segments.view_sql(con, 'comments', held)}) c"
        joined = _in_segments(con, held)
        if first is not None:  # else every day of those segments
            since, day = " AND {} >= CAST(? AS DATE)", [first]
    timed = con.execute(
        f"""SELECT c.comment_id, c.article_id, c.text, c.created_at, c.created_at AS t {source}
            WHERE {where} AND c.created_at IS NOT NULL{since.format("c.created_at")}
            ORDER BY t DESC, c.comment_id LIMIT {limit}""",
        [*params, *day],
    ).df()
    newer, after = "", []
    if len(timed) == limit and limit:
        newer, after = " AND a.published_at >= ?", [timed["t"].min()]
    ranked = con.execute(
        f"""SELECT c.comment_id, a.published_at AS t {joined}
            WHERE {where} AND c.created_at IS NULL{since.format("a.published_at")}{newer}
            ORDER BY t DESC NULLS LAST, c.comment_id LIMIT {limit}""",
        [*params, *day, *after],
    ).df()
    if not len(ranked):  # in order already
        return timed.drop(columns="t")
    texts = con.execute(
        "SELECT comment_id, article_id, text, created_at FROM comments WHERE list_contains(?, comment_id)",
        [ranked["comment_id"].tolist()],
    ).df()
    both = pd.concat([timed, ranked.merge(texts, on="comment_id")], ignore_index=True)
    both = both.sort_values(["t", "comment_id"], ascending=[False, True], na_position="last", kind="stable")
    return both.head(limit).drop(columns="t").reset_index(drop=True)


def articles_of(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str], held: set | None = None) -> pd.DataFrame:
    """article_id, title, body, published_at of the given articles (what suggestions read);
    `held`: segments known to hold them all (only those are read)."""
    source = f"({segments.view_sql(con, 'articles', held)})" if held is not None else "articles"
    return con.execute(
        f"SELECT article_id, title, body, published_at FROM {source} WHERE article_id IN (SELECT unnest(?))",
        [list(article_ids)],
    ).df()


def status(con: duckdb.DuckDBPyConnection, limit: int = 10, journalled: pd.DataFrame | None = None) -> dict:
    """What `etl status` shows: counts (rows per table), runs (the newest `limit`, with the
    `journalled` runs the table lacks: etl.store.journal), sources, flags and statuses ((value,
    count) pairs, most first)."""
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        for t in ("articles", "comments", "rejects", "runs")
    }
    runs = read_table(con, "runs", "ORDER BY started_at DESC LIMIT ?", [int(limit)])
    if journalled is not None and len(journalled):
        extra = journalled[~journalled["run_id"].isin(runs["run_id"])]
        runs = pd.concat([runs, extra[list(runs.columns)]], ignore_index=True) if len(extra) else runs
        runs = runs.sort_values("started_at", ascending=False, ignore_index=True).head(int(limit))
    sources = [r[0] for r in con.execute("SELECT input FROM sources ORDER BY added_at").fetchall()]
    flags = con.execute(
        "SELECT flag, count(*) AS n FROM (SELECT unnest(string_split(flags, ';')) AS flag FROM comments "
        "WHERE coalesce(flags, '') <> '') GROUP BY flag ORDER BY n DESC, flag"
    ).fetchall()
    statuses = con.execute(
        "SELECT coalesce(status, 'published'), count(*) FROM comments GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    return {"counts": counts, "runs": run_lines(runs), "sources": sources, "flags": flags, "statuses": statuses}


def run_lines(runs: pd.DataFrame) -> pd.DataFrame:
    """The runs as `status` prints them: text cells, empty where there is no value."""
    shown = pd.DataFrame(
        {
            "run_id": runs["run_id"],
            "command": runs["command"],
            "status": runs["status"],
            "started": runs["started_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            **{name: runs[name] for name in ("n_read", "n_loaded", "n_new", "n_changed", "n_removed")},
            "n_rejected": runs["n_rejected"],
            "n_noted": runs["n_noted"],
            "engine": runs["sentiment_engine"],
            "error": runs["error"],
        }
    )
    return shown.astype("object").where(shown.notna(), "").astype("string")


def article_ids_like(con: duckdb.DuckDBPyConnection, given: Iterable[str]) -> set[str]:
    """Stored article ids equal to one `given`, or equal but for case, or ending in it (`a11`
    for `omp:a11`): what an --article value matches or nearly matches."""
    given = list(given)
    if not given:
        return set()
    rows = con.execute(
        "SELECT DISTINCT article_id FROM articles, (SELECT unnest(?) AS g) "
        "WHERE article_id = g OR lower(article_id) = lower(g) OR ends_with(lower(article_id), lower(g))",
        [given],
    ).fetchall()
    return {row[0] for row in rows}


def topic_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every topic named on a stored comment."""
    rows = con.execute(
        "SELECT DISTINCT unnest(string_split(topics, ';')) FROM comments WHERE coalesce(topics, '') <> ''"
    ).fetchall()
    return {row[0] for row in rows}


def target_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every target a stored comment names."""
    return {row[0] for row in con.execute("SELECT DISTINCT target FROM target_stances").fetchall()}


def version_summary(path: Path | str) -> str:
    """'N comments, last run <time>' of one version's file, or why it cannot be read."""
    try:
        with open_readonly(path) as con:
            n = con.execute("SELECT count(*) FROM comments").fetchall()[0][0]
            last = con.execute("SELECT max(finished_at) FROM runs WHERE status = 'ok'").fetchall()[0][0]
    except (StoreError, duckdb.Error) as error:
        return f"unreadable: {str(error).splitlines()[0]}"
    when = pd.Timestamp(last).strftime("%Y-%m-%d %H:%M") if last is not None else "never"
    return f"{n:>10,} comments, last run {when}"


def labelled(con: duckdb.DuckDBPyConnection, filters: Filters, editor_labels: pd.DataFrame) -> pd.DataFrame:
    """The editors' labels (etl.store.labels.read) of the comments matching the filters, oldest
    first, beside the machine's label of the same task: comment_id, article_id, task, label,
    machine_label, machine_engine, annotator, labelled_at. Unfiltered, labels of comments the
    store no longer holds are kept (article and machine label empty)."""
    where, params = comment_where(filters)
    join = "JOIN" if where != "TRUE" else "LEFT JOIN"
    con.register("editor_labels", editor_labels)
    try:
        return con.execute(
            f"""SELECT l.comment_id, c.article_id, l.task, l.label,
                       CASE l.task WHEN 'sentiment' THEN c.sentiment WHEN 'stance' THEN c.stance END
                           AS machine_label,
                       CASE l.task WHEN 'sentiment' THEN c.sentiment_engine WHEN 'stance' THEN 'cues' END
                           AS machine_engine,
                       l.annotator, l.labelled_at
                FROM editor_labels l {join} comments c USING (comment_id)
                LEFT JOIN articles a ON a.article_id = c.article_id
                WHERE {where} ORDER BY l.labelled_at, l.comment_id, l.task""",
            params,
        ).df()
    finally:
        con.unregister("editor_labels")


def comment_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every stored comment's id."""
    return {row[0] for row in con.execute("SELECT comment_id FROM comments").fetchall()}


# Signals `diskurs alerts` tests (etl/alerts.py): name -> (SQL of "counts", SQL of "is a hit",
# the comment column it needs, or None). A needs_moderation hit is a score at or above the threshold.
ALERT_SIGNALS = {
    "needs_moderation": ("c.needs_moderation IS NOT NULL", "c.needs_moderation >= ?", "needs_moderation"),
    "negative": ("c.sentiment IS NOT NULL AND c.sentiment <> ''", "c.sentiment = 'negative'", None),
    "disagree": ("c.depth > 0 AND coalesce(c.stance, '') <> ''", "c.stance = 'disagree'", None),
}


def comment_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The names of the comments table's columns (a store written before a column existed lacks it):
    of the temporary view of that name where the connection has one (etl.store.versions.upgrade_views,
    etl.store.segments.narrow), else of the version's table or view. From the catalogue of columns,
    not DESCRIBE: that plans a query over every segment (some 40 ms for 100 of them)."""
    rows = con.execute(
        """SELECT database_name, column_name FROM duckdb_columns()
           WHERE table_name = 'comments' AND schema_name = 'main' AND database_name IN ('temp', current_database())
           ORDER BY column_index"""
    ).fetchall()
    temporary = {column for database, column in rows if database == "temp"}
    return temporary or {column for database, column in rows if database != "temp"}


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether this version has the table (or view over the segments) `table`: a pre-aggregate is
    missing from a version written before it. Asked once per version (etl.store.segments.per_version:
    the catalogue lists every attached segment file's tables, some 2 ms to ask)."""
    return segments.per_version(con, ("has_table", table), lambda: _has_table(con, table))


def _has_table(con, table):
    found = con.execute(
        """SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = $name AND NOT temporary)
                + (SELECT count(*) FROM duckdb_views() WHERE view_name = $name AND NOT temporary AND NOT internal)""",
        {"name": table},
    ).fetchall()[0][0]
    return bool(found)


def has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether this version's own table (or view) `table` has `column` (a version written before
    the column existed lacks it; a temporary view adding it, etl.store.versions.upgrade_views,
    does not count). Asked once per version (etl.store.segments.per_version)."""
    return segments.per_version(con, ("has_column", table, column), lambda: _has_column(con, table, column))


def _has_column(con, table, column):
    found = con.execute(
        """SELECT count(*) FROM duckdb_columns()
           WHERE database_name = current_database() AND table_name = ? AND column_name = ?""",
        [table, column],
    ).fetchall()[0][0]
    return bool(found)


def article_info(con: duckdb.DuckDBPyConnection) -> str:
    """A relation of each article's article_id, title, published_at, url and n_comments, once per
    article: the catalogue's `store_article_info` where the version has it (a small table), else
    the articles table grouped (which reads every segment)."""
    if has_table(con, "store_article_info"):
        return "store_article_info"
    return """(SELECT article_id, any_value(title) AS title, any_value(published_at) AS published_at,
                      any_value(url) AS url, any_value(n_comments) AS n_comments
               FROM articles GROUP BY article_id)"""


def _with_articles(con):
    """FROM comments `c` with their article `a` (title, url, published_at: article_info)."""
    return f"FROM comments c LEFT JOIN {article_info(con)} a USING (article_id)"


def alert_bounds(con: duckdb.DuckDBPyConnection) -> tuple:
    """(oldest, newest) TIME_BASIS of the published comments, as UTC timestamps (None, None when none).

    Where store_days counts the moderation scores (`_days_count_alerts`), only the segments holding
    the first and the last day are read."""
    published = "coalesce(c.status, 'published') = 'published'"
    if not _days_count_alerts(con):
        row = con.execute(f"SELECT min({TIME_BASIS}), max({TIME_BASIS}) {_with_articles(con)} WHERE {published}")
        return _timestamps(row.fetchall()[0])
    first, last = con.execute(
        f"SELECT min(c.day), max(c.day) FROM store_days c WHERE {published} AND c.day IS NOT NULL"
    ).fetchall()[0]
    if last is None:
        return None, None
    ends = []
    for day, pick in ((first, "min"), (last, "max")):
        held = _segments_with_days(con, day, day)
        ends.append(
            con.execute(f"SELECT {pick}({TIME_BASIS}) {_in_segments(con, held)} WHERE {published}").fetchall()[0][0]
        )
    return _timestamps(ends)


def _timestamps(values):
    return tuple(None if value is None else pd.Timestamp(value).tz_convert("UTC") for value in values)


def alert_counts(
    con: duckdb.DuckDBPyConnection, start: pd.Timestamp | None, end: pd.Timestamp | None, threshold: float = 0.5
) -> pd.DataFrame:
    """Per article and signal (ALERT_SIGNALS) over the published comments whose TIME_BASIS lies in
    [start, end] (None: open): article_id, title, signal, n (comments the signal counts), hits,
    and over every other published comment of the store (the article's outside the window, all
    other articles'): rest_n, rest_hits. A signal whose column the store lacks is left out.

    Where store_days counts the moderation scores at `threshold` (`_days_count_alerts`), the
    window's counts read only the segments holding its days, and the store's totals come from
    store_days; else one scan of the comments counts every signal (per article, in the window or
    not)."""
    window = ["TRUE"]
    params: list = []
    if start is not None:
        window.append(f"{TIME_BASIS} >= ?")
        params.append(start.to_pydatetime())
    if end is not None:
        window.append(f"{TIME_BASIS} <= ?")
        params.append(end.to_pydatetime())
    columns = comment_columns(con)
    signals = {s: spec for s, spec in ALERT_SIGNALS.items() if spec[2] is None or spec[2] in columns}
    if not signals:
        return pd.DataFrame(columns=["article_id", "title", "signal", "n", "hits", "rest_n", "rest_hits"])
    counted, count_params = [], []
    for number, (counted_sql, hit, _) in enumerate(signals.values()):
        counted.append(f"count(*) FILTER ({counted_sql}) AS n_{number}")
        counted.append(f"count(*) FILTER ({counted_sql} AND {hit}) AS hits_{number}")
        count_params += [float(threshold)] if "?" in hit else []
    per_signal = " UNION ALL ".join(
        f"SELECT '{signal}' AS signal, article_id, in_window, n_{number} AS n, hits_{number} AS hits "
        f"FROM per WHERE n_{number} > 0"
        for number, signal in enumerate(signals)
    )
    published = "coalesce(c.status, 'published') = 'published'"
    if _days_count_alerts(con) and threshold == aggregates.MODERATION_THRESHOLD and len(signals) == len(ALERT_SIGNALS):
        held = _segments_with_days(con, *(None if t is None else t.tz_convert("UTC").date() for t in (start, end)))
        per = f"""SELECT c.article_id, TRUE AS in_window, {", ".join(counted)}
                  {_in_segments(con, held)} WHERE {published} AND {" AND ".join(window)} GROUP BY ALL"""
        totals = " UNION ALL ".join(
            f"SELECT '{signal}' AS signal, {_DAY_TOTALS[signal]} FROM store_days c WHERE {published}"
            for signal in signals
        )
        values = count_params + params  # the counts' threshold, then the window
    else:
        per = f"""SELECT c.article_id, ({" AND ".join(window)}) AS in_window, {", ".join(counted)}
                  {_with_articles(con)} WHERE {published} GROUP BY ALL"""
        totals = "SELECT signal, sum(n) AS all_n, sum(hits) AS all_hits FROM counts GROUP BY signal"
        values = params + count_params
    sql = f"""
        WITH per AS ({per}),
             counts AS ({per_signal}),
             totals AS ({totals})
        SELECT w.article_id, t.title, w.signal, w.n, w.hits,
               totals.all_n - w.n AS rest_n, totals.all_hits - w.hits AS rest_hits
        FROM counts w JOIN totals USING (signal)
        LEFT JOIN {article_info(con)} t USING (article_id)
        WHERE w.in_window
        ORDER BY w.signal, w.article_id"""
    counts = con.execute(sql, values).df()
    return counts.astype({"n": "int64", "hits": "int64", "rest_n": "int64", "rest_hits": "int64"})


# Each alert signal's published comments counted (all_n) and hits (all_hits), from store_days `c`.
_DAY_TOTALS = {
    "needs_moderation": "sum(c.{}) AS all_n, sum(c.{}) AS all_hits".format(*aggregates.SCORED["needs_moderation"]),
    "negative": f"sum(c.n) FILTER ({ALERT_SIGNALS['negative'][0]}) AS all_n, "
    f"sum(c.n) FILTER ({ALERT_SIGNALS['negative'][1]}) AS all_hits",
    "disagree": "sum(c.n) FILTER (c.reply AND coalesce(c.stance, '') <> '') AS all_n, "
    "sum(c.n) FILTER (c.reply AND c.stance = 'disagree') AS all_hits",
}


def _days_count_alerts(con):
    """Whether this version is segmented, its store_days counts the moderation scores (written
    since it does) and its segments' comments have the scores (a store written without the signals
    is read through views adding them, empty: etl.store.versions.upgrade_views)."""
    return (
        segments.is_segmented(con)
        and has_column(con, "store_days", aggregates.SCORED["needs_moderation"][1])
        and has_column(con, "comments", "needs_moderation")
    )


def _segments_with_days(con, first, last):
    """The segments holding comments of a day in [first, last] (dates; None: open; both None: every
    segment, comments without a time too)."""
    rows = con.execute(
        """SELECT DISTINCT segment FROM store_days
           WHERE ($first IS NULL OR day >= $first) AND ($last IS NULL OR day <= $last)""",
        {"first": first, "last": last},
    ).fetchall()
    return {row[0] for row in rows}


def _in_segments(con, held):
    """FROM the comments `c` of the segments `held` with their articles `a`."""
    comments, articles = (segments.view_sql(con, table, held) for table in ("comments", "articles"))
    return f"FROM ({comments}) c LEFT JOIN ({articles}) a USING (article_id)"


def moderation_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored comment with what its source says of it: comment_id, article_id, text, status
    (lower case; published where the source said nothing)."""
    return con.execute(
        "SELECT comment_id, article_id, text, lower(coalesce(status, 'published')) AS status FROM comments"
    ).df()
