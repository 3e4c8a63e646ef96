"""The global filters (the dashboard's and `etl export`'s) and their SQL over the store.

Every read of comments filters through `comment_where`, so a chart, its CSV download and the
CLI export agree on which comments count. Only parameterised SQL: the few names put into SQL
text come from fixed whitelists.
"""

from dataclasses import dataclass

# The time basis of every time filter and chart: comment time where known, else the article's date.
TIME_BASIS = "coalesce(c.created_at, a.published_at)"
# Comments `c` with their articles `a`.
JOIN = "FROM comments c LEFT JOIN articles a USING (article_id)"
# A relation a connection may hold: the rowids of the comments a search matches (search_hits_sql).
SEARCH_HITS = "search_hits"
_RE2_SPECIAL = frozenset("\\.+*?()|[]{}^$")
SIGNAL_COLUMNS = ("needs_moderation", "feedback", "argument")  # a whitelist: names put into SQL


@dataclass(frozen=True)
class Filters:
    """The global filters of the dashboard and of `etl export`. Empty = no filter."""

    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive (the whole day)
    articles: tuple = ()
    topics: tuple = ()
    sentiments: tuple = ()
    stances: tuple = ()
    published_only: bool = False
    # Signals at or above a score in [0, 1] (etl.signals): {"needs_moderation": 0.5, ...} as pairs.
    signals: tuple = ()
    search: str | None = None
    # True when the connection holds SEARCH_HITS for `search`: the same comments, found once.
    search_hits: bool = False


def search_pattern(search: str) -> str:
    """An RE2 regex finding `search` as a plain substring, case-insensitively (Unicode case
    folding: "ä" finds "Ä", "ß" finds "ẞ"); "%", "_" and regex characters are just characters."""
    return "(?i)" + "".join("\\" + char if char in _RE2_SPECIAL else char for char in search)


def search_clause(search: str) -> tuple[str, list]:
    """SQL and parameters: the text or the author of comment `c` contains `search`.

    One case-insensitive regex per column: about twice as fast over a million texts as
    contains(lower(text), lower(?)), which lower-cases every text first.
    """
    pattern = search_pattern(search)
    return ("(regexp_matches(c.text, ?) OR regexp_matches(coalesce(c.author, ''), ?))", [pattern, pattern])


def search_hits_sql(search: str) -> tuple[str, list]:
    """SQL and parameters of the rowids of every comment whose text or author contains `search`
    (SEARCH_HITS): a search scans the texts once, whatever other filters come and go."""
    clause, params = search_clause(search)
    return f"SELECT c.rowid AS rowid FROM comments c WHERE {clause}", params


def comment_where(filters: Filters) -> tuple[str, list]:
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
    for column, least in filters.signals:
        if column not in SIGNAL_COLUMNS:
            raise ValueError(f"not a signal: {column!r}")
        clauses.append(f'c."{column}" >= ?')
        params.append(float(least))
    if filters.search and filters.search_hits:
        clauses.append(f"c.rowid IN (SELECT rowid FROM {SEARCH_HITS})")
    elif filters.search:
        clause, search_params = search_clause(filters.search)
        clauses.append(clause)
        params.extend(search_params)
    return " AND ".join(clauses), params


def from_clause(where: str) -> str:
    """The FROM clause for a comments query: the articles join only when the filters need it
    (the time basis reads the article's date); without it DuckDB scans comments alone, which
    is several times faster at a million rows."""
    return JOIN if "a." in where else "FROM comments c"
