"""A text search's matching comments, as rowids of the version's `comments` view (SEARCH_HITS):
from the word index (etl.store.words) where it can answer, else by scanning every text.

A search term made of letters and digits only (most are) occurs in a text exactly when it occurs
in one of the text's words, so the term's own pattern (etl.store.filters.term_pattern:
case-insensitive, ä and ae alike) run over a segment's words finds the same comments as run over
its texts: a few ten thousand words instead of a hundred thousand texts, and of those only the
words whose folded key holds the folded term (etl.store.words.fold). A term with anything else
in it (a phrase, "E-Auto", "50%") can span words, so such a search scans the texts, and so do the
segments without an index (the newest, and those of a version written before the index).
"""

import duckdb
import numpy as np
import pandas as pd

from etl.store import segments, spans, words
from etl.store.filters import search_clause, search_terms, term_pattern

# A file whose index holds more than this many postings a comment for one term of a search is
# scanned instead: the postings of a term in nearly every comment, and their DISTINCT, cost more
# than reading the texts ("e" at ten million comments: 7.0 s through the index, 1.7 s scanned).
SCAN_POSTINGS = 4
# Matched words a search names by their ids in its SQL; a term matching more is matched again there.
NAMED_IDS = 512
# A version with more rows than this share not published keeps no list of them (`per_article`).
UNPUBLISHED_SHARE = 0.25


def indexed(search: str | None) -> bool:
    """True when every term of `search` is letters and digits only (the index finds it)."""
    terms = search_terms(search)
    return bool(terms) and all(term.isalnum() for term in terms)


def hits_sql(con: duckdb.DuckDBPyConnection, search: str) -> tuple[str, list]:
    """SQL and parameters of the rowid of every comment whose text or author holds every term of
    `search`, in order, repeated where one term matches several of a comment's words (`hits`
    drops the repeats): from the word index of each segment that has one when the index finds
    the terms, by scanning the texts elsewhere (the newest segment, which every run rewrites, has
    none) and where a term's words are in nearly every comment (SCAN_POSTINGS)."""
    files = _files(con) if indexed(search) else None
    if files is None:
        clause, params = search_clause(search)
        return f"SELECT c.rowid AS rowid FROM comments c WHERE {clause}", params
    terms = [(term_pattern(term), words.fold(term)) for term in search_terms(search)]
    matched = _matched(con, files, terms)
    clause, scan_params = search_clause(search)
    parts, params = [], []
    for place, comments, index, n_comments in files:
        # The view's rowid of a row: its file's place shifted left 40 bits, plus its rowid there.
        shift = f"(CAST({place} AS BIGINT) << 40)"
        found = [matched.get((place, term), (0, ())) for term in range(len(terms))]
        if index is None or max(n for n, _ in found) > SCAN_POSTINGS * n_comments:
            parts.append(f"SELECT {shift} + c.rowid AS rowid FROM {comments}.main.comments c WHERE {clause}")
            params += scan_params
            continue
        if any(ids == () for _, ids in found):  # a term none of the file's words hold
            continue
        each = []
        for (pattern, folded), (_, ids) in zip(terms, found, strict=True):
            if ids is None:  # too many to name: matched again
                ids = f"SELECT id FROM ({words.matching_sql(index, folded is not None)})"
                params += [folded, pattern] if folded is not None else [pattern]
            else:
                ids = ", ".join(str(int(i)) for i in ids)
            each.append(f"SELECT r FROM {index}.main.{words.POSTINGS} WHERE id IN ({ids})")
        parts.append(f"SELECT {shift} + r AS rowid FROM ({' INTERSECT '.join(each)})")
    if not parts:
        return "SELECT NULL::BIGINT AS rowid WHERE false", []
    # In order: `hits` drops the repeats of a comment holding several words a term matches (INTERSECT
    # drops them, one term not) from neighbours, 50 ms sooner than a DISTINCT; each file's rows are
    # then together (by_file).
    return f"SELECT rowid FROM ({' UNION ALL '.join(parts)}) ORDER BY rowid", params


def hits(con: duckdb.DuckDBPyConnection, search: str) -> np.ndarray:
    """The rowids of the comments whose text or author holds every term of `search` (hits_sql), in
    order, each once."""
    rowids = np.asarray(con.execute(*hits_sql(con, search)).fetchnumpy()["rowid"], dtype=np.int64)
    return rowids[np.concatenate(([True], rowids[1:] != rowids[:-1]))] if len(rowids) else rowids


def by_file(rowids: np.ndarray) -> dict[int, pd.DataFrame]:
    """{place of a comments file in the view: a frame of the rowids `r` there} of a search's hits
    (`rowids`: the view's rowids in order, as `hits` gives them), for
    etl.store.segments.narrow_to_hits."""
    place = rowids >> 40
    starts = np.flatnonzero(np.diff(place)) + 1
    return {
        int(rows[0] >> 40): pd.DataFrame({"r": rows & ((1 << 40) - 1)})
        for rows in np.split(rowids, starts)
        if len(rows)
    }


def per_article(con: duckdb.DuckDBPyConnection, rowids: np.ndarray, counts: dict) -> pd.DataFrame | None:
    """article_id and a count per entry of `counts` (one or more, {column: keeps_status}: the
    matches `rowids`, as `hits` gives them, whose status `keeps_status(status)` keeps; a stored
    NULL is "published") of the articles where a count is not 0, counted from the articles' spans (etl.store.spans) and
    the rows not published, both kept per version, without reading the comments: a word in 13 % of
    ten million comments was counted per article in 135 ms through the view (probing every row
    against the matches, grouping 1.3 million strings), here in about 25. None where that cannot
    answer: a version not segmented, spans missing or not tiling a file, or too many rows not
    published to keep (UNPUBLISHED_SHARE)."""
    spanned = segments.per_version(con, ("search spans",), lambda: _spans(con), large=True)
    unpublished = spanned and segments.per_version(con, ("unpublished",), lambda: _unpublished(con), large=True)
    if not unpublished:
        return None
    starts, article_ids = spanned
    rows, codes, names = unpublished
    # The listed rows are looked up among the matches, not the matches among them: a binary search
    # for each of the benchmark store's 250,000 rows not published, not for 1.3 million matches.
    at = np.minimum(np.searchsorted(rowids, rows), max(len(rowids) - 1, 0))
    matched = rowids[at] == rows if len(rowids) else np.zeros(len(rows), dtype=bool)
    at, codes = at[matched], codes[matched]
    found = {}
    for column, keeps_status in counts.items():
        # A match is kept as a published comment is, unless it is listed as not published.
        keep = np.full(len(rowids), bool(keeps_status("published")))
        keep[at] = np.array([bool(keeps_status(name)) for name in names], dtype=bool)[codes]
        # The spans tile each file (_spans): an article's matches are those from its span's start
        # on, up to the next span's start.
        found[column] = np.diff(np.searchsorted(rowids[keep], starts), append=int(keep.sum()))
    held = np.flatnonzero(np.any(list(found.values()), axis=0))
    return pd.DataFrame({"article_id": article_ids[held], **{column: n[held] for column, n in found.items()}})


def _spans(con):
    """(first rowids, article ids) of every article's span in the version's comments view, in
    order, where the spans tile every comments file (each span ends where the next begins, from
    row 0 to the file's last: a file is written once, its rowids have no gaps, and an article's
    rows lie together); else None, as for a version not segmented or a file without spans (one of
    an older Diskurs, before its next run)."""
    files = _files(con, spans.TABLE)
    if not files or any(file is None for _, _, file, _ in files):
        return None
    parts = [
        f"SELECT article_id, (CAST({place} AS BIGINT) << 40) + first_row AS first_row,"
        f" (CAST({place} AS BIGINT) << 40) + last_row AS last_row FROM {file}.main.{spans.TABLE}"
        for place, _, file, _ in files
    ]
    frame = con.execute(" UNION ALL ".join(parts) + " ORDER BY first_row").df()
    starts, ends = frame["first_row"].to_numpy(), frame["last_row"].to_numpy()
    place, local = starts >> 40, (1 << 40) - 1
    same = place[1:] == place[:-1]
    first, last = np.append(True, ~same), np.append(~same, True)
    n_rows = np.array([n for *_, n in files], dtype=np.int64)
    tiled = (
        np.array_equal(np.unique(place), np.flatnonzero(n_rows))
        and np.array_equal(ends[:-1][same] + 1, starts[1:][same])
        and not (starts[first] & local).any()
        and np.array_equal((ends[last] & local) + 1, n_rows[place[last]])
    )
    return (starts, frame["article_id"].to_numpy(dtype=object)) if tiled else None


def _unpublished(con):
    """(rowids in order, a code per row, the statuses the codes name) of the version's comments
    whose status is set and not "published"; None when they are more than UNPUBLISHED_SHARE."""
    files = _files(con)
    total = sum(n_comments for *_, n_comments in files)
    parts = [
        f"SELECT (CAST({place} AS BIGINT) << 40) + rowid AS rowid, status FROM {comments}.main.comments"
        " WHERE status <> 'published'"
        for place, comments, _, _ in files
    ]
    frame = con.execute(" UNION ALL ".join(parts) + " ORDER BY rowid").df()
    if len(frame) > UNPUBLISHED_SHARE * total:
        return None
    codes, names = pd.factorize(frame["status"])
    return frame["rowid"].to_numpy(), codes, list(names)


def _matched(con, files, terms) -> dict[tuple[int, int], tuple[int, tuple | None]]:
    """{(place, term's index): (rows its words hold in that file's index, their ids, or None for
    more than NAMED_IDS)} over the indexed files where a term has words: one pass over each
    vocabulary, whose ids the postings are then read by (not matched a second time)."""
    parts, params = [], []
    for place, _, index, _ in files:
        for term, (pattern, folded) in enumerate(terms if index else ()):
            matching = words.matching_sql(index, folded is not None)
            parts.append(f"SELECT {place} AS place, {term} AS term, id, n FROM ({matching})")
            params += [folded, pattern] if folded is not None else [pattern]
    if not parts:
        return {}
    sql = f"""SELECT place, term, sum(n), CASE WHEN count(*) <= {NAMED_IDS} THEN list(id ORDER BY id) END
              FROM ({" UNION ALL ".join(parts)}) GROUP BY place, term"""
    return {
        (place, term): (int(n), None if ids is None else tuple(ids))
        for place, term, n, ids in con.execute(sql, params).fetchall()
    }


def _files(con, beside=words.VOCABULARY):
    """[(place, attached name of the comments file, of the file holding its segment's table
    `beside` (the word index by default) or None, its comments)] of the version's comments files
    in the order its view numbers them (etl.store.segments.view_sql); None for a version that is
    not segmented."""
    if not segments.is_segmented(con):
        return None
    rows = con.execute(
        """SELECT c.file, w.file, c.n_rows FROM store_files c
           LEFT JOIN store_files w ON w.tbl = ? AND w.segment = c.segment
           WHERE c.tbl = 'comments' ORDER BY c.segment NULLS LAST, c.file""",
        [beside],
    ).fetchall()
    return [
        (place, segments.alias(comments), index and segments.alias(index), n_comments)
        for place, (comments, index, n_comments) in enumerate(rows)
    ]
