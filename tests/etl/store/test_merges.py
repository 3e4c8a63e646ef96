"""Settled segments are merged (issue 14, item 3): a query over a view plans every segment's
branch, so about ten consecutive segments a run does not touch become one file of their rows as
they are. The merged version holds the same rows, finds the same search hits through its word
index, and counts the same pre-aggregates as the segments it replaces."""

import pytest
from store_forums import catalogue, forum

from etl import config, pipeline, store
from etl.store import aggregates, search, segments, spans, words
from etl.store.filters import search_clause

ROWS = {table: "SELECT * EXCLUDE (rowid) FROM {}" for table in (*segments.PARTITIONED, *segments.DERIVED)}


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 10)  # two articles of five comments a segment
    monkeypatch.setattr(segments, "MERGED_COMMENTS", 30)  # three settled segments merge into one
    return config.Settings(store_dir=tmp_path / "store", workers=1)


def rows(store_dir, table):
    with store.connect_readonly(store_dir) as con:
        return sorted(con.execute(f"SELECT * EXCLUDE (rowid) FROM {table}").fetchall(), key=repr)


def segment_rows(store_dir):
    return catalogue(store_dir, "SELECT seq, n_comments FROM store_segments ORDER BY seq")


def test_three_settled_segments_become_one_with_the_same_rows(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(8), 5)], settings)
    assert segment_rows(settings.store_dir) == [(0, 10), (1, 10), (2, 10), (3, 10)]
    # Word rows and spans name rowids, which a merge shifts (the next test counts them again).
    shifted = (*words.SEGMENT_TABLES, spans.TABLE)
    before = {table: rows(settings.store_dir, table) for table in ROWS if table not in shifted}
    old_files = set(catalogue(settings.store_dir, "SELECT file FROM store_files WHERE segment LIKE '00000_-%'"))

    pipeline.run([forum(tmp_path / "new.csv", [20], 5, day=2)], settings)  # a new article: a new segment

    # 0-2 merged (untouched, settled, indexed); 3 was the newest (no word index yet); 4 is new.
    assert segment_rows(settings.store_dir) == [(0, 30), (3, 10), (4, 5)]
    merged_files = catalogue(settings.store_dir, "SELECT DISTINCT file FROM store_files WHERE segment LIKE '000000-%'")
    assert len(merged_files) == 1 and merged_files[0] not in old_files
    for table, old in before.items():
        new = [row for row in rows(settings.store_dir, table) if "a20" not in row]
        assert new == old, table
    assert catalogue(settings.store_dir, "SELECT count(*), count(DISTINCT rowid) FROM comments") == [(45, 45)]


def test_a_merged_segment_s_derived_tables_equal_those_counted_from_its_rows(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(8), 5)], settings)
    pipeline.run([forum(tmp_path / "new.csv", [20], 5, day=2)], settings)
    with store.connect_readonly(settings.store_dir) as con:
        ((file,),) = con.execute("SELECT DISTINCT file FROM store_files WHERE segment LIKE '000000-%'").fetchall()
        source = segments.alias(file)
        for table, module in segments._DERIVERS.items():
            kept = con.execute(f"SELECT * FROM {source}.main.{table}").fetchall()
            counted = con.execute(module.segment_select(table, source)).fetchall()
            if table == words.VOCABULARY:  # a word per merged segment: (word, key, n) summed over them
                assert len({row[0] for row in kept}) == len(kept)  # ids unique in the file
                kept = con.execute(
                    f"SELECT word, any_value(key), sum(n) FROM {source}.main.{table} GROUP BY word"
                ).fetchall()
            elif table == words.POSTINGS:  # the word of each id, the rows of each
                kept = con.execute(
                    f"""SELECT DISTINCT v.word, p.r FROM {source}.main.{table} p
                        JOIN {source}.main.{words.VOCABULARY} v USING (id)"""
                ).fetchall()
            assert sorted(set(kept), key=repr) == sorted(set(counted), key=repr), table
        segment = con.execute("SELECT segment FROM store_segments WHERE seq = 0").fetchall()[0][0]
        for table in aggregates.TABLES:
            kept = con.execute(f"SELECT * FROM {table} WHERE segment = ?", [segment]).fetchall()
            counted = con.execute(aggregates.segment_select(table, source).replace("?", repr(segment))).fetchall()
            assert sorted(kept, key=repr) == sorted(counted, key=repr), table


@pytest.mark.parametrize("text", ["Kommentar", "Regeln", "L3", "Artikel 5", "gut"])
def test_a_search_through_a_merged_word_index_finds_what_the_scan_finds(settings, tmp_path, text):
    pipeline.run([forum(tmp_path / "first.csv", range(8), 5)], settings)
    pipeline.run([forum(tmp_path / "new.csv", [20], 5, day=2)], settings)
    with store.connect_readonly(settings.store_dir) as con:
        found = search.hits(con, text).tolist()
        clause, scan_params = search_clause(text)
        scanned = sorted(
            row[0] for row in con.execute(f"SELECT rowid FROM comments c WHERE {clause}", scan_params).fetchall()
        )
    assert found == scanned and found


def test_a_run_touching_a_merged_segment_rewrites_it_whole(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(8), 5)], settings)
    pipeline.run([forum(tmp_path / "new.csv", [20], 5, day=2)], settings)
    pipeline.run([forum(tmp_path / "more.csv", [1], 2, start=50, day=3)], settings)  # a1 is in the merged one
    assert segment_rows(settings.store_dir) == [(0, 32), (3, 10), (4, 5)]
    assert catalogue(settings.store_dir, "SELECT count(*) FROM comments WHERE article_id = 'a1'") == [(7,)]


def test_a_shorter_run_of_settled_segments_waits(settings, tmp_path):
    pipeline.run([forum(tmp_path / "first.csv", range(4), 5)], settings)  # segments 0 and 1
    pipeline.run([forum(tmp_path / "new.csv", [20, 21], 5, day=2)], settings)
    assert segment_rows(settings.store_dir) == [(0, 10), (1, 10), (2, 10)]


@pytest.mark.parametrize("text", ["Kommentar", "Regeln", "L51", "Artikel 1"])
def test_a_rewritten_merged_segment_is_indexed_a_part_at_a_time_and_finds_what_the_scan_finds(settings, tmp_path, text):
    """A big segment's rows are not sorted again (its untouched articles' rows stay in the old
    file's order, the run's follow) and its word index is built SEGMENT_COMMENTS rows at a time:
    a million comments at once runs out of a run's memory."""
    pipeline.run([forum(tmp_path / "first.csv", range(8), 5)], settings)
    pipeline.run([forum(tmp_path / "new.csv", [20], 5, day=2)], settings)
    pipeline.run([forum(tmp_path / "more.csv", [1], 2, start=50, day=3)], settings)  # a1 is in the merged one
    with store.connect_readonly(settings.store_dir) as con:
        ((file, n_words),) = con.execute(
            """SELECT w.file, w.n_rows FROM store_files w JOIN store_segments s USING (segment)
               WHERE w.tbl = 'store_vocabulary' AND s.seq = 0"""
        ).fetchall()
        vocabulary = f"{segments.alias(file)}.main.{words.VOCABULARY}"
        parts = con.execute(f"SELECT count(*) FROM {vocabulary} WHERE word = 'Kommentar'")
        assert parts.fetchall() == [(4,)] and n_words > 0  # 32 comments, 10 a part
        # The segment's rows (the view's rowids of its file come first): a1's, rewritten, last.
        ids = [
            a
            for (a,) in con.execute(
                "SELECT article_id FROM comments WHERE rowid < (CAST(1 AS BIGINT) << 40) ORDER BY rowid"
            ).fetchall()
        ]
        assert ids[-7:] == ["a1"] * 7 and ids[:5] == ["a0"] * 5 and ids[5] == "a2"
        found = search.hits(con, text).tolist()
        clause, scan_params = search_clause(text)
        scanned = con.execute(f"SELECT rowid FROM comments c WHERE {clause}", scan_params).fetchall()
    assert found == sorted(row[0] for row in scanned) and found
