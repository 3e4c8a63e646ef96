"""The word index (issue 14, item 3): a search whose terms are words reads each segment's words
instead of every text, and finds exactly the comments the scan of the texts finds; any other
search, and a version written before the index, scans the texts; the next run indexes the
segments it keeps."""

import dataclasses

import duckdb
import numpy as np
import pandas as pd
import pytest
from paths import SAMPLE
from store_edits import one_more_comment, without_derived

from dashboard import queries
from dashboard.filters import filters_from
from dashboard.queries import comments as comment_queries
from dashboard.reader import StoreReader
from etl import config, pipeline, store
from etl.store import search, segments, words
from etl.store.filters import search_clause

# Words with umlauts written both ways, capitals, a word inside words ("recht"), digits, an author's
# name and part of one, several words at once, and words found nowhere.
WORDS = [
    "für",
    "fuer",
    "FÜR",
    "gefährlich",
    "gefaehrlich",
    "Zoelle",
    "oesterreich",
    "weiss",
    "WEIß",
    "recht",
    "256",
    "Leserin",
    "hanswurst72",
    "die Regierung",
    "für gefährlich",
    "Quantencomputerschnitzel",
    "für Quantencomputerschnitzel",
]
# Terms that are not words only: a phrase, a hyphen, a percent sign.
SCANNED = ['"die Regierung"', "E-Auto", "50%", "Leserin_K"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("search") / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 100)  # several segments, each with its index
        pipeline.run([SAMPLE], config.Settings(store_dir=store_dir, workers=1))
    return store_dir


def scanned(con, text):
    clause, params = search_clause(text)
    return sorted(row[0] for row in con.execute(f"SELECT c.rowid FROM comments c WHERE {clause}", params).fetchall())


def found(con, text):
    return search.hits(con, text).tolist()


@pytest.mark.parametrize("named", [search.NAMED_IDS, 0])  # 0: each term's words matched again in the SQL
@pytest.mark.parametrize("text", WORDS)
def test_a_search_of_words_reads_the_index_and_finds_what_the_scan_finds(sample_store, text, named, monkeypatch):
    monkeypatch.setattr(search, "NAMED_IDS", named)
    with store.connect_readonly(sample_store) as con:
        sql, _ = search.hits_sql(con, text)
        assert sql.count(".main.comments") == 1  # the words (where a term has any); the newest segment's texts
        assert found(con, text) == scanned(con, text)
        if "Quantencomputerschnitzel" not in text:
            assert found(con, text)  # the word occurs in the sample


@pytest.mark.parametrize("text", SCANNED)
def test_a_search_of_more_than_words_scans_the_texts(sample_store, text):
    assert not search.indexed(text)
    with store.connect_readonly(sample_store) as con:
        assert "FROM comments" in search.hits_sql(con, text)[0]
        assert found(con, text) == scanned(con, text)


def test_every_segment_but_the_newest_has_its_words(sample_store):
    with store.connect_readonly(sample_store) as con:
        segments_held = con.execute("SELECT segment, n_comments FROM store_segments ORDER BY seq").fetchall()
        for table in (words.VOCABULARY, words.POSTINGS):
            indexed = con.execute("SELECT segment FROM store_files WHERE tbl = ? ORDER BY segment", [table])
            assert len(segments_held) > 2
            assert [row[0] for row in indexed.fetchall()] == [s for s, _ in segments_held[:-1]]
        # Each segment's words hold each of its comments at least once (an empty text: its author).
        held = con.execute(  # a row: its postings file (the view's rowid >> 40) and its rowid in the segment
            f"SELECT count(DISTINCT (rowid >> 40, r)) FROM {words.POSTINGS}"
        )
        assert held.fetchall()[0][0] == sum(n for _, n in segments_held[:-1])
        # Every posting names a word of its file's vocabulary, and every word has postings.
        orphans = con.execute(
            f"""SELECT count(*) FROM {words.POSTINGS} p FULL JOIN {words.VOCABULARY} v
                ON p.rowid >> 40 = v.rowid >> 40 AND p.id = v.id WHERE p.id IS NULL OR v.id IS NULL"""
        )
        assert orphans.fetchall() == [(0,)]


@pytest.mark.parametrize("index", [True, False])
def test_the_kept_matches_of_a_search_hold_every_segment_after_a_search_on_one_article(
    sample_store, index, monkeypatch
):
    if not index:  # the scan reads the comments view, which a filter on articles narrows
        monkeypatch.setattr(search, "indexed", lambda text: False)
    reader, fresh = StoreReader(sample_store), StoreReader(sample_store, cache_size=0)
    version, cursor = reader.snapshot()
    article = cursor.execute("SELECT article_id FROM store_articles ORDER BY segment DESC LIMIT 1").fetchall()[0][0]
    one = reader.query(queries.count_comments, filters_from(search="für", articles=[article]))
    everywhere = reader.query(queries.count_comments, filters_from(search="für"))
    assert 0 < one < everywhere == fresh.query(queries.count_comments, filters_from(search="für"))


def test_a_version_without_the_index_scans_and_the_next_run_indexes_every_segment_but_the_newest(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    for table in words.SEGMENT_TABLES:
        without_derived(settings.store_dir, table)
    with store.connect_readonly(settings.store_dir) as con:
        assert words.POSTINGS not in search.hits_sql(con, "für")[0]  # every segment's texts
        assert found(con, "für") == (before := scanned(con, "für"))
        n_segments = con.execute("SELECT count(*) FROM store_segments").fetchall()[0][0]
        article = con.execute("SELECT article_id FROM store_articles ORDER BY segment LIMIT 1").fetchall()[0][0]
    one_more_comment(settings, article, "Das ist für alle neu.")
    with store.connect_readonly(settings.store_dir) as con:
        assert search.hits_sql(con, "für")[0].count(f".main.{words.POSTINGS}") == n_segments - 1
        after = found(con, "für")
        assert after == scanned(con, "für") and len(after) == len(before) + 1


def test_a_segment_gets_its_words_when_a_newer_one_starts(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    with store.connect_readonly(settings.store_dir) as con:
        before = con.execute("SELECT max(seq), count(*) FROM store_segments").fetchall()[0]
    lines = ["comment_id,parent_id,article_id,author,created_at,text"]
    for article in ("new-a", "new-b"):  # each more than a segment holds: the second starts a new one
        lines += [f"{article}-{n},,{article},L,2025-06-0{1 + n % 9}T10:00:00Z,Für alle {n}." for n in range(150)]
    more = tmp_path / "more.csv"
    more.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pipeline.run([more], settings)
    with store.connect_readonly(settings.store_dir) as con:
        newest, n_segments = con.execute("SELECT max(seq), count(*) FROM store_segments").fetchall()[0]
        assert newest > before[0] and n_segments > before[1]
        indexed = con.execute(
            "SELECT s.seq FROM store_files f JOIN store_segments s USING (segment) WHERE f.tbl = ? ORDER BY 1",
            [words.VOCABULARY],
        )
        assert [row[0] for row in indexed.fetchall()] == [seq for seq in range(n_segments) if seq != newest]
        assert found(con, "für") == scanned(con, "für") and len(found(con, "alle")) >= 300


# Spellings the key folds (umlauts and ß both ways, capitals) and characters it leaves to the regex
# (accents, the long s, the Kelvin sign, Greek, the Turkish dotted I): each must be found as the scan
# finds it ("bar" is not "Bär", "s" not "ß", "k" is the Kelvin sign).
TRICKY_TEXTS = [
    "Der Bär und ein Baer an der Bar",
    "Die STRASSE und die Straße",
    "Ein Café und ein Cafe",
    "Die ſtraße ist alt",
    "Es hat 5 \u212a heute",
    "Ωmega und ωmega",
    "İstanbul und Istanbul",
    "Ein Maß und eine MASS",
    "Ärger über Öl",
]
TRICKY_TERMS = [
    *("Bär", "baer", "BAR", "ar", "a", "ae", "ä"),
    *("straße", "STRASSE", "ss", "ß", "s", "traß"),
    *("café", "cafe", "CAF", "é"),
    *("k", "K", "ω", "Ω", "omega", "istanbul", "İstanbul", "i"),
    *("maß", "mass", "aerger", "ÄRGER", "oel", "über", "ueber"),
]


@pytest.fixture(scope="module")
def tricky_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tricky")
    lines = ["comment_id,parent_id,article_id,author,created_at,text"]
    lines += [f"t-{n},,first,L,2025-06-01T10:00:00Z,{text}" for n, text in enumerate(TRICKY_TEXTS)]
    lines += [f"u-{n},,second,L,2025-06-02T10:00:00Z,Noch einer {n}" for n in range(3)]  # the newest segment
    path = folder / "tricky.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 5)  # "first" fills a segment; "second" starts the newest
        pipeline.run([path], config.Settings(store_dir=folder / "store", workers=1))
    return folder / "store"


@pytest.mark.parametrize("term", TRICKY_TERMS)
def test_the_folded_key_passes_every_word_the_pattern_finds(tricky_store, term):
    with store.connect_readonly(tricky_store) as con:
        assert search.hits_sql(con, term)[0].count(".main.comments") == 1  # the newest segment's texts
        assert found(con, term) == scanned(con, term)


def test_a_word_has_a_key_only_when_lower_case_and_the_spellings_fold_it_exactly(tricky_store):
    with store.connect_readonly(tricky_store) as con:
        keys = dict(con.execute(f"SELECT word, key FROM {words.VOCABULARY}").fetchall())
    assert keys["Bär"] == keys["Baer"] == "baer" and keys["Bar"] == "bar"
    assert keys["STRASSE"] == keys["Straße"] == "strasse" and keys["MASS"] == keys["Maß"] == "mass"
    assert keys["Ärger"] == "aerger" and keys["Öl"] == "oel" and keys["5"] == "5"
    unfolded = [word for word in ("Café", "ſtraße", "Ωmega", "ωmega", "İstanbul") if word in keys]
    assert len(unfolded) >= 4 and all(keys[word] is None for word in unfolded)  # ſ may be normalised on the way
    assert words.fold("Straße") == "strasse" and words.fold("ÄRGER") == "aerger" and words.fold("café") is None


def test_a_run_drops_the_word_index_of_older_versions_from_the_catalogue(tmp_path, monkeypatch):
    """Before store_postings, the index was `store_words`, a list of rows per word: a version
    naming it is read (its segments are searched by their texts until indexed) and the next run
    no longer names it, so its files go with the versions that do."""
    monkeypatch.setattr(segments, "SEGMENT_COMMENTS", 100)
    settings = config.Settings(store_dir=tmp_path / "store", workers=1)
    pipeline.run([SAMPLE], settings)
    for table in words.SEGMENT_TABLES:
        without_derived(settings.store_dir, table)
    old = "segments/store_words-old.duckdb"
    with duckdb.connect(str(settings.store_dir / old)) as con:
        con.execute("CREATE TABLE store_words (word VARCHAR, rows UINTEGER[])")
    with duckdb.connect(str(store.current_path(settings.store_dir))) as con:
        held = con.execute("SELECT segment, min(article_id) FROM store_articles GROUP BY 1 ORDER BY 1").fetchall()
        segment, article = held[0][0], held[-1][1]  # the oldest segment is kept; the run touches the newest
        con.execute("INSERT INTO store_files VALUES ('store_words', ?, ?, 0)", [segment, old])
    segments.forget()
    with store.connect_readonly(settings.store_dir) as con:
        assert found(con, "für") == scanned(con, "für")
    one_more_comment(settings, article, "Das ist für alle neu.")
    with store.connect_readonly(settings.store_dir) as con:
        assert con.execute("SELECT count(*) FROM store_files WHERE tbl = 'store_words'").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM store_files WHERE tbl = ?", [words.POSTINGS]).fetchall()[0][0] > 0
        assert found(con, "für") == scanned(con, "für")


@pytest.mark.parametrize("text", ["e", "e Regierung", "Regierung e"])
def test_a_term_in_nearly_every_comment_scans_the_texts_of_the_segments_where_it_is(sample_store, text):
    """Postings of a letter in every word cost more than the texts ("e" at ten million comments:
    7.0 s through the index, 1.7 s scanned): a file whose index holds more than SCAN_POSTINGS
    rows a comment for a term is scanned instead."""
    with store.connect_readonly(sample_store) as con:
        sql, _ = search.hits_sql(con, text)
        assert words.POSTINGS not in sql and sql.count(".main.comments") > 1
        assert found(con, text) == scanned(con, text)
        assert words.POSTINGS in search.hits_sql(con, "Regierung")[0]  # a word in some comments


def test_the_share_of_postings_that_turns_a_search_into_a_scan_is_per_segment(sample_store, monkeypatch):
    with store.connect_readonly(sample_store) as con:
        indexed = search.hits_sql(con, "Regierung")[0].count(f".main.{words.POSTINGS}")
        monkeypatch.setattr(search, "SCAN_POSTINGS", 0)  # any segment where the word occurs is scanned
        sql, _ = search.hits_sql(con, "Regierung")
        held = con.execute(
            f"""SELECT count(DISTINCT rowid >> 40) FROM {words.VOCABULARY}
                WHERE regexp_matches(word, '(?i)regierung')"""
        ).fetchall()[0][0]
        assert held > 0 and sql.count(f".main.{words.POSTINGS}") == indexed - held
        assert found(con, "Regierung") == scanned(con, "Regierung")


def test_a_cursor_narrowed_to_a_searchs_matches_keeps_them_through_a_narrowed_block(sample_store):
    """The reader gives a query's cursor only the matches as its comments (narrow_to_hits) and drops
    the search's clause; a filter on articles (narrow) and a block on one article (narrowed) must
    keep them, and the view outside the block is the matches again."""
    with store.connect_readonly(sample_store) as con:
        rowids = found(con, "für")
        article, in_article = con.execute(
            "SELECT article_id, count(*) FROM comments WHERE rowid IN (SELECT unnest(?)) GROUP BY 1 ORDER BY 2 DESC",
            [rowids],
        ).fetchall()[0]
        n_article = con.execute("SELECT count(*) FROM comments WHERE article_id = ?", [article]).fetchall()[0][0]
        count = "SELECT count(*), min(rowid), max(rowid) FROM comments"
        assert store.searched(con) is None
        assert store.narrow_to_hits(con, search.by_file(np.array(rowids, dtype=np.int64)))
        assert store.searched(con) == tuple(sorted({r >> 40 for r in rowids}))
        assert con.execute(count).fetchall() == [(len(rowids), rowids[0], rowids[-1])]
        with store.narrowed(con, [article]):
            assert con.execute(count).fetchall()[0][0] == in_article < n_article
        assert con.execute(count).fetchall() == [(len(rowids), rowids[0], rowids[-1])]
        assert store.narrow(con, [article]) and con.execute(count).fetchall()[0][0] == in_article


def test_a_search_without_matches_narrows_to_no_comments(sample_store):
    with store.connect_readonly(sample_store) as con:
        assert found(con, "Quantencomputerschnitzel") == []
        assert store.narrow_to_hits(con, search.by_file(np.array([], dtype=np.int64)))
        assert con.execute("SELECT count(*) FROM comments").fetchall() == [(0,)]


@pytest.mark.parametrize("text", ["für", "die Regierung", "Quantencomputerschnitzel", '"die Regierung"'])
@pytest.mark.parametrize("articles", [False, True])
def test_queries_through_the_reader_s_narrowed_matches_answer_as_a_scan_does(sample_store, text, articles):
    """A reader query with a search reads a cursor narrowed to the matches, without the search's
    clause; the same query with the reader's cache off scans the texts."""
    reader, fresh = StoreReader(sample_store), StoreReader(sample_store, cache_size=0)
    with store.connect_readonly(sample_store) as con:
        chosen = [a for (a,) in con.execute("SELECT article_id FROM store_articles ORDER BY segment, 1").fetchall()]
    filters = filters_from(search=text, articles=chosen[::7] if articles else None)
    for query, args in (
        (queries.count_comments, ()),
        (queries.kpis, ()),
        (queries.by_period, ("week",)),
        (queries.sentiment_mix, ()),
        (queries.comment_block, (20, 0)),
        (queries.flagged_comments, ("needs_moderation", 0.0)),
    ):
        kept, scanned_ = reader.query(query, filters, *args), fresh.query(query, filters, *args)
        for kept_part, scanned_part in zip(*((x if isinstance(x, tuple) else (x,)) for x in (kept, scanned_))):
            if isinstance(kept_part, pd.DataFrame):
                pd.testing.assert_frame_equal(kept_part.reset_index(drop=True), scanned_part.reset_index(drop=True))
            else:
                assert kept_part == scanned_part, query.__name__
    assert reader.query(queries.count_comments, filters) == fresh.query(queries.count_comments, filters)


@pytest.fixture(scope="module")
def status_store(tmp_path_factory):
    """The sample in segments of 100 comments, every ninth comment deleted and every eleventh spam."""
    folder = tmp_path_factory.mktemp("statuses")
    frame = pd.read_csv(SAMPLE / "fictional-newsroom.csv", dtype=str, keep_default_na=False)
    numbers = pd.Series(range(len(frame)))
    frame["status"] = np.where(numbers % 9 == 0, "deleted", np.where(numbers % 11 == 0, "spam", ""))
    frame.to_csv(folder / "comments.csv", index=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 100)
        pipeline.run([folder / "comments.csv"], config.Settings(store_dir=folder / "store", workers=1))
    return folder / "store"


STATUS_FILTERS = [
    {},  # the dashboard's default: published only
    {"published_only": False},
    {"published_only": False, "statuses": ("deleted",)},
    {"published_only": False, "statuses": ("spam", "published")},
    {"statuses": ("deleted",)},  # with published only: nothing
]


@pytest.mark.parametrize("text", ["für", "die Regierung", "Quantencomputerschnitzel"])
@pytest.mark.parametrize("status", STATUS_FILTERS)
def test_a_searchs_matches_are_counted_per_article_from_the_spans_as_the_comments_count_them(
    status_store, text, status, monkeypatch
):
    """With a search and statuses as its only filters, the grid's block, the count and the removed
    comments per article come from the matches and the articles' spans (search.per_article), not
    the comments: the same answers."""
    answered = []
    per_article = search.per_article

    def spied(*args):
        found = per_article(*args)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(search, "per_article", spied)
    filters = dataclasses.replace(filters_from(search=text), **status)
    reader, fresh = StoreReader(status_store), StoreReader(status_store, cache_size=0)
    for query, args in (
        (queries.comment_block, (20, 0)),
        (queries.comment_block, (20, 25)),
        (queries.count_comments, ()),
        (comment_queries.removed_by_article, ()),
    ):
        kept, scanned_ = reader.query(query, filters, *args), fresh.query(query, filters, *args)
        if isinstance(kept, pd.DataFrame):
            pd.testing.assert_frame_equal(kept, scanned_)
        elif isinstance(kept, tuple):
            pd.testing.assert_frame_equal(kept[0].reset_index(drop=True), scanned_[0].reset_index(drop=True))
            assert kept[1] == scanned_[1]
        else:
            assert kept == scanned_
    assert answered and all(answered)
    if text == "für":
        assert len(reader.query(comment_queries.removed_by_article, filters)) > 1
    if text == "für" and status == {}:
        assert 0 < reader.query(queries.count_comments, filters) < reader.query(queries.count_comments, filters_from())


def test_a_version_whose_spans_do_not_tile_its_comments_counts_a_searchs_matches_over_the_comments(tmp_path):
    store_dir = tmp_path / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "SEGMENT_COMMENTS", 100)
        pipeline.run([SAMPLE], config.Settings(store_dir=store_dir, workers=1))
    filters = filters_from(search="für")
    before = StoreReader(store_dir).query(queries.comment_block, filters, 20, 0)
    with store.connect_readonly(store_dir) as con:
        file = con.execute("SELECT min(file) FROM store_files WHERE tbl = 'store_article_spans'").fetchall()[0][0]
        assert search.per_article(con, np.array([], dtype=np.int64), {"n": bool}) is not None
    with duckdb.connect(str(store_dir / file)) as segment:  # an article's span gone: a gap in the file's rows
        segment.execute(
            "DELETE FROM store_article_spans WHERE first_row = (SELECT max(first_row) FROM store_article_spans)"
        )
    segments.forget()  # a published version never changes, but for this edit
    with store.connect_readonly(store_dir) as con:
        assert search.per_article(con, np.array([], dtype=np.int64), {"n": bool}) is None
    after = StoreReader(store_dir).query(queries.comment_block, filters, 20, 0)
    pd.testing.assert_frame_equal(after[0], before[0])
    assert after[1] == before[1] > 0


def test_a_version_with_many_comments_not_published_counts_a_searchs_matches_over_the_comments(
    status_store, monkeypatch
):
    filters = filters_from(search="für")
    expected = StoreReader(status_store, cache_size=0).query(queries.comment_block, filters, 20, 0)
    monkeypatch.setattr(search, "UNPUBLISHED_SHARE", 0.1)  # the store's 20 % are too many to list
    segments.forget()
    with store.connect_readonly(status_store) as con:
        assert search.per_article(con, np.array([], dtype=np.int64), {"n": bool}) is None
    got = StoreReader(status_store).query(queries.comment_block, filters, 20, 0)
    pd.testing.assert_frame_equal(got[0], expected[0])
    assert got[1] == expected[1] > 0
    segments.forget()


def test_the_spans_and_rows_not_published_are_kept_for_a_few_versions_only(status_store, monkeypatch):
    """A dashboard lives through many versions: the search's arrays (megabytes at ten million
    comments) are kept for LARGE_KEPT answers, not among the thousands of small ones."""
    segments.forget()
    with store.connect_readonly(status_store) as con:
        search.per_article(con, np.array([], dtype=np.int64), {"n": bool})
        assert len(segments._LARGE) == 2
        computed = []
        monkeypatch.setattr(segments, "LARGE_KEPT", 2)
        segments.per_version(con, ("another",), lambda: computed.append(1), large=True)
        assert len(segments._LARGE) == 2 and computed == [1]
        spans = search._spans
        monkeypatch.setattr(search, "_spans", lambda con: computed.append(2) or spans(con))
        assert search.per_article(con, np.array([], dtype=np.int64), {"n": bool}) is not None
        assert computed == [1, 2]  # the oldest was dropped and worked out again
    segments.forget()
