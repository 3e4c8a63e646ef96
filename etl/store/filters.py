"""The global filters (the dashboard's and `etl export`'s) and their SQL over the store.

Every read of comments filters through `comment_where`, so a chart, its CSV download and the
CLI export agree on which comments count. Only parameterised SQL: the few names put into SQL
text come from fixed whitelists.

A text search (docs/comments.md, "Search") is a list of terms that must all occur,
in the text or the author's name: words split at white space, "quoted phrases" kept whole.
Case does not matter; ä, ö, ü and ß are the same as ae, oe, ue and ss (both ways); ä is not a.
"""

import dataclasses
from dataclasses import dataclass

# The time basis of every time filter and chart: comment time where known, else the article's date.
TIME_BASIS = "coalesce(c.created_at, a.published_at)"
GRANULARITIES = ("day", "week", "month")
_MICROS_PER_DAY = 86_400_000_000
# Comments `c` with their articles `a`.
JOIN = "FROM comments c LEFT JOIN articles a USING (article_id)"
# A relation a connection may hold: the rowids of the comments a search matches (etl.store.search).
SEARCH_HITS = "search_hits"
_RE2_SPECIAL = frozenset("\\.+*?()|[]{}^$")
SIGNAL_COLUMNS = ("needs_moderation", "feedback", "argument")  # a whitelist: names put into SQL
VOTE_COLUMNS = ("positive_votes", "negative_votes")  # a whitelist: names put into SQL
TARGET_STANCES = ("favor", "against", "none")  # a comment's stance toward a target (etl/stance/targets.py)
# Quote marks opening or closing a phrase: straight, and German „…“ and English “…”.
QUOTES = frozenset('"\u201e\u201c\u201d')
# German spellings a search treats as one: an umlaut or ß and its two-letter form (Maerz = März).
SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_SPELLED = {two: one for one, two in SPELLINGS.items()}


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
    # True when the connection's comments view holds only those (etl.store.segments.narrow_to_hits):
    # no clause for the search at all.
    search_in_view: bool = False
    # Comment statuses as stored (published, deleted, …); empty = any. published_only still applies.
    statuses: tuple = ()
    # Votes at or above a count (VOTE_COLUMNS): {"positive_votes": 10, ...} as pairs.
    votes: tuple = ()
    # Comments naming this target of the topics file (a row in target_stances), with one of these
    # stances toward it (TARGET_STANCES; empty = any). Stances alone: toward any target.
    target: str | None = None
    target_stances: tuple = ()


def search_pattern(search: str) -> str:
    """An RE2 regex finding `search` as a plain substring, case-insensitively (Unicode case
    folding: "ä" finds "Ä", "ß" finds "ẞ"); "%", "_" and regex characters are just characters."""
    return "(?i)" + "".join("\\" + char if char in _RE2_SPECIAL else char for char in search)


def search_terms(search: str | None) -> list[str]:
    """The terms of a search, each of which must occur: "quoted phrases" whole (straight or
    German quotes; an unclosed quote runs to the end), the other words split at white space.
    White space inside a phrase is one space; empty phrases are dropped."""
    terms, word, quoted = [], [], False
    for char in (search or "") + " ":
        if char in QUOTES or (not quoted and char.isspace()):
            terms.append("".join(word))
            word, quoted = [], (not quoted if char in QUOTES else quoted)
        else:
            word.append(char)
    terms.append("".join(word))
    return [" ".join(term.split()) for term in terms if term.strip()]


def term_pattern(term: str) -> str:
    """An RE2 regex finding one search term as a substring: case-insensitive (Unicode case
    folding: "Ä" finds "ä", "ẞ" finds "ß"), ä/ö/ü/ß and ae/oe/ue/ss alike both ways, any white
    space between the words of a phrase; every other character is just itself."""
    parts, at = [], 0
    while at < len(term):
        pair, char = term[at : at + 2].lower(), term[at]
        if pair in _SPELLED:
            parts.append(f"(?:{_SPELLED[pair]}|{pair})")
            at += 2
            continue
        if char.lower() in SPELLINGS:
            parts.append(f"(?:{char.lower()}|{SPELLINGS[char.lower()]})")
        elif char.isspace():
            parts.append("\\s+")
        else:
            parts.append("\\" + char if char in _RE2_SPECIAL else char)
        at += 1
    return "(?i)" + "".join(parts)


def search_clause(search: str) -> tuple[str, list]:
    """SQL and parameters: every term of `search` (search_terms) occurs in the text or in the
    author of comment `c` (TRUE for a search of no terms).

    One case-insensitive regex per term and column: about twice as fast over a million texts as
    contains(lower(text), lower(?)), which lower-cases every text first; DuckDB tries a later
    term only on the comments the earlier ones matched.
    """
    clauses, params = [], []
    for term in search_terms(search):
        pattern = term_pattern(term)
        clauses.append("(regexp_matches(c.text, ?) OR regexp_matches(coalesce(c.author, ''), ?))")
        params.extend([pattern, pattern])
    return ("(" + " AND ".join(clauses) + ")" if clauses else "TRUE"), params


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
        # Splitting every comment's topics is slow; a comment naming a topic holds its name, so a
        # substring test first passes over most comments (the same rows, in half the time).
        held = " OR ".join("contains(coalesce(c.topics, ''), ?)" for _ in filters.topics)
        clauses.append(f"({held}) AND list_has_any(string_split(coalesce(c.topics, ''), ';'), ?)")
        params += [*filters.topics, list(filters.topics)]
    if filters.sentiments:
        clauses.append("c.sentiment IN (SELECT unnest(?))")
        params.append(list(filters.sentiments))
    if filters.stances:
        clauses.append("c.stance IN (SELECT unnest(?))")
        params.append(list(filters.stances))
    if filters.published_only:
        clauses.append("coalesce(c.status, 'published') = 'published'")
    if filters.statuses:
        clauses.append("coalesce(c.status, 'published') IN (SELECT unnest(?))")
        params.append(list(filters.statuses))
    for column, least in filters.signals:
        if column not in SIGNAL_COLUMNS:
            raise ValueError(f"not a signal: {column!r}")
        clauses.append(f'c."{column}" >= ?')
        params.append(float(least))
    for column, least in filters.votes:
        if column not in VOTE_COLUMNS:
            raise ValueError(f"not a vote count: {column!r}")
        clauses.append(f'c."{column}" >= ?')
        params.append(int(least))
    if filters.target or filters.target_stances:
        clause, target_params = target_clause(filters.target, filters.target_stances)
        clauses.append(clause)
        params.extend(target_params)
    if filters.search and not filters.search_in_view:  # else the view holds only the search's matches
        if filters.search_hits:
            clauses.append(f"c.rowid IN (SELECT rowid FROM {SEARCH_HITS})")
        else:
            clause, search_params = search_clause(filters.search)
            clauses.append(clause)
            params.extend(search_params)
    return " AND ".join(clauses), params


def target_clause(target: str | None, stances=()) -> tuple[str, list]:
    """SQL and parameters: comment `c` names `target` (any target when None) with one of `stances`
    toward it (any when empty), by its rows in target_stances."""
    held, params = ["ts.comment_id = c.comment_id", "ts.article_id = c.article_id"], []
    if target:
        held.append("ts.target = ?")
        params.append(target)
    if stances:
        held.append("ts.stance IN (SELECT unnest(?))")
        params.append(list(stances))
    return f"EXISTS (SELECT 1 FROM target_stances ts WHERE {' AND '.join(held)})", params


def target_rows_where(filters: Filters) -> tuple[str, list]:
    """comment_where for rows `t` of target_stances joined to their comments `c`: a target or
    stance filter keeps the rows of that target and stance, not every target of the comment."""
    where, params = comment_where(dataclasses.replace(filters, target=None, target_stances=()))
    if filters.target:
        where += " AND t.target = ?"
        params.append(filters.target)
    if filters.target_stances:
        where += " AND t.stance IN (SELECT unnest(?))"
        params.append(list(filters.target_stances))
    return where, params


def keeps_status(filters: Filters, status: str) -> bool:
    """Whether comment_where's clauses on the status keep a comment of `status` (one stored without
    a status is "published")."""
    return (not filters.published_only or status == "published") and (
        not filters.statuses or status in filters.statuses
    )


def from_clause(where: str) -> str:
    """The FROM clause for a comments query: the articles join only when the filters need it
    (the time basis reads the article's date); without it DuckDB scans comments alone, which
    is several times faster at a million rows."""
    return JOIN if "a." in where else "FROM comments c"


def period_sql(granularity: str, basis: str = TIME_BASIS) -> str:
    """SQL for the UTC day, Monday-based week or month of `basis` (TIME_BASIS), as a DATE.

    Integer arithmetic on microseconds since 1970 (a Thursday; 1970-01-05 was a Monday) gives
    what date_trunc gives in UTC, about ten times faster: date_trunc on TIMESTAMPTZ goes through
    ICU calendars row by row.
    """
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    day = f"floor(epoch_us({basis}) / {_MICROS_PER_DAY})"
    if granularity == "day":
        return f"CAST(DATE '1970-01-01' + CAST({day} AS INTEGER) AS DATE)"
    if granularity == "month":  # the plain timestamp of a UTC connection: no ICU calendar per row
        return f"CAST(date_trunc('month', CAST({basis} AS TIMESTAMP)) AS DATE)"
    return f"CAST(DATE '1970-01-05' + 7 * CAST(floor(({day} - 4) / 7) AS INTEGER) AS DATE)"
