"""A text search's matching comments, as rowids of the version's `comments` view (SEARCH_HITS):
from the word index (etl.store.words) where it can answer, else by scanning every text.

A search term made of letters and digits only (most are) occurs in a text exactly when it occurs
in one of the text's words, so the term's own pattern (etl.store.filters.term_pattern:
case-insensitive, ä and ae alike) run over a segment's words finds the same comments as run over
its texts: a few ten thousand words instead of a hundred thousand texts. A term with anything else
in it (a phrase, "E-Auto", "50%") can span words, so such a search scans the texts, and so does a
version without the index.
"""

import duckdb

from etl.store import segments, words
from etl.store.filters import search_clause, search_terms, term_pattern


def indexed(search: str | None) -> bool:
    """True when every term of `search` is letters and digits only (the index finds it)."""
    terms = search_terms(search)
    return bool(terms) and all(term.isalnum() for term in terms)


def hits_sql(con: duckdb.DuckDBPyConnection, search: str) -> tuple[str, list]:
    """SQL and parameters of the rowid of every comment whose text or author holds every term of
    `search`: from the word index when it finds the terms and every segment has it, else by
    scanning the texts."""
    files = _index_files(con) if indexed(search) else None
    if files is None:
        clause, params = search_clause(search)
        return f"SELECT c.rowid AS rowid FROM comments c WHERE {clause}", params
    patterns = [term_pattern(term) for term in search_terms(search)]
    parts = []
    for place, database in files:
        found = " INTERSECT ".join(
            f"SELECT unnest(rows) AS r FROM {database}.main.{words.TABLE} WHERE regexp_matches(word, ${number + 1})"
            for number in range(len(patterns))
        )
        # The view's rowid of a row: its file's place shifted left 40 bits, plus its rowid there.
        parts.append(f"SELECT (CAST({place} AS BIGINT) << 40) + r AS rowid FROM ({found})")
    if not parts:
        return "SELECT NULL::BIGINT AS rowid WHERE false", []
    # A comment holding several matching words is found once (INTERSECT drops repeats, one term not).
    return f"SELECT DISTINCT rowid FROM ({' UNION ALL '.join(parts)})", patterns


def _index_files(con):
    """[(place, attached name of its word index)] of the version's comments files in the order its
    view numbers them (etl.store.segments.view_sql), or None when a segment lacks the index or the
    version is not segmented."""
    if not segments.is_segmented(con):
        return None
    rows = con.execute(
        """SELECT w.file FROM store_files c
           LEFT JOIN store_files w ON w.tbl = ? AND w.segment = c.segment
           WHERE c.tbl = 'comments' ORDER BY c.segment NULLS LAST, c.file""",
        [words.TABLE],
    ).fetchall()
    if any(file is None for (file,) in rows):
        return None
    return [(place, segments.alias(file)) for place, (file,) in enumerate(rows)]
