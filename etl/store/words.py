"""The word index: in each segment file, `store_words`, every word of the segment's comments (their
text and author) with the rows holding it, so that a search reads a segment's words instead of
every text (etl.store.search; a new search word took 9-12 s at ten million comments).

A word is a run of letters and digits (Unicode) as written: case and spelling as in the text.
Written with each segment (etl.store.segments) and never changed; a segment written before the
index existed gets it in a file of its own at the next run. `rows` are the rowids of the segment
file's comments table; a segment of more than SEGMENT_COMMENTS comments (a merged one) has a row a
word for each part of them, indexed a part at a time.
"""

TABLE = "store_words"
SEGMENT_TABLES = {TABLE: {"word": "VARCHAR", "rows": "UINTEGER[]"}}
_SPLIT = r"[^\p{L}\p{N}]+"  # what separates words: anything but a letter or a digit


def segment_select(table: str, database: str, rows: tuple[int, int] | None = None) -> str:
    """The SELECT of the word index of the segment whose comments are in `database`; `rows`
    (first, last rowid): of those comments only (a big segment is indexed a part at a time, a word
    then has a row per part)."""
    assert table == TABLE
    within = f"WHERE rowid BETWEEN {int(rows[0])} AND {int(rows[1])}" if rows else ""
    return rf"""
        SELECT word, list(r ORDER BY r) FROM (
            SELECT DISTINCT CAST(rowid AS UINTEGER) AS r,
                   unnest(regexp_split_to_array(coalesce(text, '') || ' ' || coalesce(author, ''), '{_SPLIT}')) AS word
            FROM {database}.main.comments {within})
        WHERE word <> '' GROUP BY word ORDER BY word"""
