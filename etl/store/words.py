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
    """The SELECT of the word index of the comments in `database` (only those whose rowids are
    within `rows`, (first, last): a big segment is indexed a part at a time, a word then has a
    row per part)."""
    assert table == TABLE
    first, last = rows or (0, 2**32 - 1)
    middle = first + (last - first) // 2
    # Two halves read side by side: DuckDB reads one row group (a whole segment) on one thread.
    halves = " UNION ALL ".join(
        rf"""SELECT CAST(rowid AS UINTEGER) AS r, unnest(list_distinct(regexp_split_to_array(
                 coalesce(text, '') || ' ' || coalesce(author, ''), '{_SPLIT}'))) AS word
             FROM {database}.main.comments WHERE rowid BETWEEN {int(low)} AND {int(high)}"""
        for low, high in ((first, middle), (middle + 1, last))
    )
    return f"SELECT word, list(r ORDER BY r) FROM ({halves}) WHERE word <> '' GROUP BY word ORDER BY word"
