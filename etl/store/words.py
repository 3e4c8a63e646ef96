"""The word index: in each segment file, the words of the segment's comments (their text and
author) and the rows holding each, so that a search reads a segment's words instead of every text
(etl.store.search; a new search word took 9-12 s at ten million comments).

Two tables, written together (`write`):

- `store_vocabulary` (id, word, key, n): every word once per part of the segment, in key order. A
  word is a run of letters and digits (Unicode) as written: case and spelling as in the text.
  `key` is the word
  lower-cased with ä, ö, ü, ß spelled ae, oe, ue, ss (`fold`), or NULL when the word holds
  anything but A-Z, a-z, 0-9 and those letters: a search tests `contains(key, fold(term))` first
  (a plain substring test, several times faster than the term's regex) and the regex only on the
  words passing it. `n`: the rows holding the word (its postings).
- `store_postings` (id, r): the rows (rowids of the segment file's comments table) of each word,
  sorted by id and row. The ids of the words a term matches are mostly neighbours (sorted by key),
  so DuckDB reads only the stretch of postings holding them. Flat, not a list per word: DuckDB
  reads a list column's child data through to reach a row's list (a common word's rows took 30 ms
  a million comments that way, against 2 ms).

Written with each segment (etl.store.segments) and never changed; a segment written before the
index existed gets it in a file of its own at the next run. A segment of more than
SEGMENT_COMMENTS comments (a merged one) has a vocabulary row a word for each part of them,
indexed a part at a time; ids are unique within the file.
"""

import re

VOCABULARY = "store_vocabulary"
POSTINGS = "store_postings"
SEGMENT_TABLES = {
    VOCABULARY: {"id": "UINTEGER", "word": "VARCHAR", "key": "VARCHAR", "n": "UINTEGER"},
    POSTINGS: {"id": "UINTEGER", "r": "UINTEGER"},
}
_SPLIT = r"[^\p{L}\p{N}]+"  # what separates words: anything but a letter or a digit
_PLAIN = "A-Za-z0-9ÄÖÜäöüß"  # a word of these only has a key: lower() and the spellings fold it exactly
_SPELLINGS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))


def fold(term: str) -> str | None:
    """`term` lower-cased with ä, ö, ü, ß spelled ae, oe, ue, ss; None when it holds anything
    but plain letters and digits. The key of every word the term's pattern
    (etl.store.filters.term_pattern) finds contains fold(term): for these letters lower() is
    the pattern's case folding, and both spellings fold alike."""
    if not re.fullmatch(f"[{_PLAIN}]+", term):
        return None
    folded = term.lower()
    for letter, spelled in _SPELLINGS:
        folded = folded.replace(letter, spelled)
    return folded


def _key_sql(column: str) -> str:
    folded = f"lower({column})"
    for letter, spelled in _SPELLINGS:
        folded = f"replace({folded}, '{letter}', '{spelled}')"
    return f"CASE WHEN regexp_full_match({column}, '[{_PLAIN}]+') THEN {folded} END"


def matching_sql(database: str, folded: bool) -> str:
    """The id and n of the words in `database`'s vocabulary a term matches; parameters: fold(term)
    when `folded`, then the term's pattern. CASE, not AND: DuckDB then runs the regex only on
    the words whose key passes (with AND it chose to run it on every word)."""
    if not folded:
        return f"SELECT id, n FROM {database}.main.{VOCABULARY} WHERE regexp_matches(word, ?)"
    return f"""SELECT id, n FROM {database}.main.{VOCABULARY}
               WHERE CASE WHEN key IS NULL OR contains(key, ?) THEN regexp_matches(word, ?) ELSE false END"""


def write(con, source: str, target: str, n_rows: int, part_rows: int) -> dict[str, int]:
    """Create the word index of the comments in attached database `source` in `target`
    (`n_rows` comments, `part_rows` at a time: a million at once runs out of a run's memory);
    {table: rows written}."""
    for table, columns in SEGMENT_TABLES.items():
        con.execute(f"CREATE TABLE {target}.main.{table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    words = f"words_{target}"  # one per writer: segments are written side by side
    vocabulary = f"vocabulary_{target}"  # every part's words, written in key order at the end
    con.execute(f"CREATE OR REPLACE TEMP TABLE {vocabulary} AS SELECT * FROM {target}.main.{VOCABULARY} LIMIT 0")
    n_words = 0
    for first in range(0, max(n_rows, 1), part_rows):
        last = first + part_rows - 1
        middle = first + (last - first) // 2
        # Two halves read side by side: DuckDB reads one row group (a whole segment) on one thread.
        halves = " UNION ALL ".join(
            rf"""SELECT CAST(rowid AS UINTEGER) AS r, unnest(list_distinct(regexp_split_to_array(
                     coalesce(text, '') || ' ' || coalesce(author, ''), '{_SPLIT}'))) AS word
                 FROM {source}.main.comments WHERE rowid BETWEEN {int(low)} AND {int(high)}"""
            for low, high in ((first, middle), (middle + 1, last))
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {words} AS
                SELECT CAST({n_words} + row_number() OVER (ORDER BY key, word) - 1 AS UINTEGER) AS id, word, key, rows
                FROM (SELECT word, {_key_sql("word")} AS key, list(r) AS rows
                      FROM ({halves}) WHERE word <> '' GROUP BY word)"""
        )
        con.execute(f"INSERT INTO {vocabulary} SELECT id, word, key, len(rows) FROM {words}")
        con.execute(f"INSERT INTO {target}.main.{POSTINGS} SELECT id, unnest(rows) AS r FROM {words} ORDER BY id, r")
        n_words += con.execute(f"SELECT count(*) FROM {words}").fetchall()[0][0]
    con.execute(f"INSERT INTO {target}.main.{VOCABULARY} {ordered(vocabulary)}")
    con.execute(f"DROP TABLE IF EXISTS {words}")
    con.execute(f"DROP TABLE {vocabulary}")
    count = "SELECT count(*) FROM {}.main.{}"
    return {table: con.execute(count.format(target, table)).fetchall()[0][0] for table in SEGMENT_TABLES}


def ordered(vocabulary: str) -> str:
    """The SELECT of the rows of `vocabulary` in key order, the parts' rows of a word side by side:
    DuckDB then stores each distinct key once in a block's dictionary and tests it once (the
    vocabulary of a million comments in parts, in part order: 7 ms a term; in key order: 1.2 ms)."""
    return f"SELECT id, word, key, n FROM {vocabulary} ORDER BY key NULLS LAST, word, id"


def segment_select(table: str, database: str) -> str:
    """The SELECT of `table` of the word index of every comment in `database` as one part (the
    tests compare a merged segment's index with it)."""
    tokens = rf"""SELECT CAST(rowid AS UINTEGER) AS r, unnest(list_distinct(regexp_split_to_array(
                      coalesce(text, '') || ' ' || coalesce(author, ''), '{_SPLIT}'))) AS word
                  FROM {database}.main.comments"""
    if table == VOCABULARY:
        return f"SELECT word, {_key_sql('word')} AS key, count(*) AS n FROM ({tokens}) WHERE word <> '' GROUP BY word"
    assert table == POSTINGS
    return f"SELECT DISTINCT word, r FROM ({tokens}) WHERE word <> ''"
