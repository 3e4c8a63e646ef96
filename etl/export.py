"""Filtered reads of the store and CSV writing: the one code path behind the CLI's `export`
and every dashboard download (the dashboard imports this; etl never imports the dashboard).
"""

import csv
import io
from dataclasses import dataclass

from etl import DiskursError, schema, store

# A spreadsheet runs a cell starting with these as a formula (SPEC §4).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# The time basis of every time filter and chart: comment time where known, else the article's date.
TIME_BASIS = "coalesce(c.created_at, a.published_at)"
# A relation a connection may hold: the rowids of the comments a search matches (search_hits_sql).
SEARCH_HITS = "search_hits"
_RE2_SPECIAL = frozenset("\\.+*?()|[]{}^$")


class ExportError(DiskursError):
    """An export cannot be made as asked."""


@dataclass(frozen=True)
class Filters:
    """The global filters of the dashboard and of `python -m etl export`. Empty = no filter."""

    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive (the whole day)
    articles: tuple = ()
    topics: tuple = ()
    sentiments: tuple = ()
    stances: tuple = ()
    published_only: bool = False
    search: str | None = None
    # True when the connection holds SEARCH_HITS for `search`: the same comments, found once.
    search_hits: bool = False


def search_pattern(search):
    """An RE2 regex finding `search` as a plain substring, case-insensitively (Unicode case
    folding: "ä" finds "Ä", "ß" finds "ẞ"); "%", "_" and regex characters are just characters."""
    return "(?i)" + "".join("\\" + char if char in _RE2_SPECIAL else char for char in search)


def search_clause(search):
    """SQL and parameters: the text or the author of comment `c` contains `search`.

    One case-insensitive regex per column: about twice as fast over a million texts as
    contains(lower(text), lower(?)), which lower-cases every text first.
    """
    pattern = search_pattern(search)
    return ("(regexp_matches(c.text, ?) OR regexp_matches(coalesce(c.author, ''), ?))",
            [pattern, pattern])


def search_hits_sql(search):
    """SQL and parameters of the rowids of every comment whose text or author contains `search`
    (SEARCH_HITS): a search scans the texts once, whatever other filters come and go."""
    clause, params = search_clause(search)
    return f"SELECT c.rowid AS rowid FROM comments c WHERE {clause}", params


def comment_where(filters):
    """SQL WHERE clause and parameters over comments `c` joined with articles `a`."""
    clauses, params = ["TRUE"], []
    if filters.since:
        clauses.append(f"{TIME_BASIS} >= CAST(? AS DATE)")
        params.append(filters.since)
    if filters.until:
        clauses.append(f"{TIME_BASIS} < CAST(? AS DATE) + INTERVAL 1 DAY")
        params.append(filters.until)
    if filters.articles:
        clauses.append("c.article_id IN (SELECT unnest(?))")
        params.append(list(filters.articles))
    if filters.topics:
        clauses.append("list_has_any(string_split(coalesce(c.topics, ''), ';'), ?)")
        params.append(list(filters.topics))
    if filters.sentiments:
        clauses.append("c.sentiment IN (SELECT unnest(?))")
        params.append(list(filters.sentiments))
    if filters.stances:
        clauses.append("c.stance IN (SELECT unnest(?))")
        params.append(list(filters.stances))
    if filters.published_only:
        clauses.append("coalesce(c.status, 'published') = 'published'")
    if filters.search and filters.search_hits:
        clauses.append(f"c.rowid IN (SELECT rowid FROM {SEARCH_HITS})")
    elif filters.search:
        clause, search_params = search_clause(filters.search)
        clauses.append(clause)
        params.extend(search_params)
    return " AND ".join(clauses), params


def comments(con, filters, limit=None, offset=0):
    """Comments matching the filters, in the export's column order, ordered by article and position."""
    sql, params = _comments_sql(filters)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(sql, params).df()


def _comments_sql(filters):
    where, params = comment_where(filters)
    columns = ", ".join(f'c."{col}"' for col in schema.EXPORT_COLUMNS["comments"])
    return (f"SELECT {columns} FROM comments c LEFT JOIN articles a USING (article_id) "
            f"WHERE {where} ORDER BY a.published_at DESC NULLS LAST, c.article_id, c.position"), params


def articles(con, filters):
    """Articles having at least one comment matching the filters (or none, when unfiltered)."""
    where, params = comment_where(filters)
    columns = ", ".join(f'a."{col}"' for col in schema.EXPORT_COLUMNS["articles"])
    unfiltered = filters == Filters() or filters == Filters(published_only=True)
    keep = "TRUE" if unfiltered else (
        "a.article_id IN (SELECT c.article_id FROM comments c "
        f"LEFT JOIN articles a USING (article_id) WHERE {where})")
    sql = f"SELECT {columns} FROM articles a WHERE {keep} ORDER BY a.published_at DESC NULLS LAST"
    return con.execute(sql, [] if unfiltered else params).df()


def by_day(con, filters):
    """Comments per day (on the time basis) and sentiment: day, n_comments, mean_polarity, n_negative, n_neutral, n_positive."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT CAST({TIME_BASIS} AS DATE) AS day,
               count(*) AS n_comments,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (c.sentiment = 'positive') AS n_positive
        FROM comments c LEFT JOIN articles a USING (article_id)
        WHERE {where} AND {TIME_BASIS} IS NOT NULL
        GROUP BY day ORDER BY day"""
    return con.execute(sql, params).df()


def by_topic(con, filters):
    """Comments per topic: topic, n_comments, n_articles, mean_polarity, n_negative, n_neutral, n_positive."""
    where, params = comment_where(filters)
    sql = f"""
        WITH matched AS (
            SELECT c.*, unnest(string_split(c.topics, ';')) AS topic
            FROM comments c LEFT JOIN articles a USING (article_id)
            WHERE {where} AND coalesce(c.topics, '') <> '')
        SELECT topic, count(*) AS n_comments, count(DISTINCT article_id) AS n_articles,
               avg(polarity) AS mean_polarity,
               count(*) FILTER (sentiment = 'negative') AS n_negative,
               count(*) FILTER (sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (sentiment = 'positive') AS n_positive
        FROM matched {"WHERE topic IN (SELECT unnest(?))" if filters.topics else ""}
        GROUP BY topic ORDER BY n_comments DESC, topic"""
    return con.execute(sql, params + ([list(filters.topics)] if filters.topics else [])).df()


def target_stances(con, filters):
    """Stance toward each target of the comments matching the filters, one row a (comment, target)."""
    return con.execute(*_target_stances_sql(filters)).df()


def _target_stances_sql(filters):
    where, params = comment_where(filters)
    columns = ", ".join(f't."{col}"' for col in schema.EXPORT_COLUMNS["target_stances"])
    return (f"SELECT {columns} FROM target_stances t JOIN comments c USING (comment_id) "
            f"LEFT JOIN articles a ON a.article_id = c.article_id WHERE {where} "
            "ORDER BY t.target, t.comment_id"), params


def runs(con, filters=None):
    """Every run, newest first."""
    return store.read_table(con, "runs", "ORDER BY started_at DESC")[schema.EXPORT_COLUMNS["runs"]]


def rejects(con, filters=None):
    """Every rejected record, newest run first."""
    return con.execute(
        "SELECT r.* FROM rejects r LEFT JOIN runs USING (run_id) "
        "ORDER BY runs.started_at DESC NULLS LAST, r.input, r.location").df()


EXPORTS = {
    "comments": comments,
    "articles": articles,
    "runs": runs,
    "rejects": rejects,
    "by-day": by_day,
    "by-topic": by_topic,
    "target-stances": target_stances,
}


# Exports that can hold a row per comment: read and written a block at a time (export_blocks).
_STREAMED = {"comments": _comments_sql, "target-stances": _target_stances_sql}


def neutralize(value):
    """A cell value a spreadsheet shows as text: formula-like strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(frame):
    """CSV text of `frame` with every cell neutralised against formula injection."""
    buffer = io.StringIO()
    write_csv(frame, buffer)
    return buffer.getvalue()


def write_csv(frame, handle, header=True):
    """Write `frame` as CSV to an open text handle, neutralising every cell."""
    writer = csv.writer(handle, lineterminator="\n")
    if header:
        writer.writerow([neutralize(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])


def _cell(value):
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return neutralize(str(value)) if isinstance(value, str) else value


def export(con, what, filters):
    """The frame for one export kind (see EXPORTS)."""
    try:
        query = EXPORTS[what]
    except KeyError:
        raise ExportError(f"unknown export {what!r}; choose one of {', '.join(EXPORTS)}")
    return query(con, filters)


def export_blocks(con, what, filters, vectors=16):
    """The export as frames of at most 2,048 × `vectors` rows (at least one frame, maybe empty),
    so a million comments never sit in memory at once; together they are `export(...)`."""
    if what not in _STREAMED:
        yield export(con, what, filters)
        return
    con.execute(*_STREAMED[what](filters))
    block = con.fetch_df_chunk(vectors)
    yield block
    while len(block):
        block = con.fetch_df_chunk(vectors)
        if len(block):
            yield block


def write_csv_blocks(blocks, handle):
    """Write frames with the same columns as one CSV (see write_csv); the number of rows."""
    rows = 0
    for number, block in enumerate(blocks):
        write_csv(block, handle, header=number == 0)
        rows += len(block)
    return rows
