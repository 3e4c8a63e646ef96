"""What keeps the dashboard fast at a million comments, checked on the fixture store: the
reader's result cache, the comments table's index paging, time buckets without ICU, server-side
sorting of the articles table, and the streamed comments CSV."""

import csv
import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

import pandas as pd
import pytest
from werkzeug.datastructures import MultiDict

from dashboard import export, queries, views
from dashboard import filters as ui_filters
from dashboard import reader as reader_module
from dashboard.filters import filters_from
from dashboard.reader import StoreReader
from etl import export as etl_export
from etl.store import queries as store_queries

FILTERS = [
    filters_from(),
    filters_from(articles=["a1"]),
    filters_from(sentiments=["negative"]),
    filters_from(start="2025-05-20", end="2025-05-27"),
    filters_from(search="a"),
    filters_from(topics=["China", "Wohnen"]),
    filters_from(search="zzz"),
]


class Counting:
    """A query that counts how often it really runs."""

    def __init__(self, fn=queries.count_comments, pause=0.0):
        self.fn, self.pause, self.calls = fn, pause, 0
        self.lock = threading.Lock()

    def __call__(self, con, *args, **kwargs):
        with self.lock:
            self.calls += 1
        time.sleep(self.pause)
        return self.fn(con, *args, **kwargs)


def test_reader_keeps_results_until_the_store_moves_on(fixture_store, dashboard_frames, publish):
    reader, query = StoreReader(fixture_store), Counting()
    assert reader.query(query, filters_from()) == reader.query(query, filters_from()) == 9
    assert query.calls == 1
    assert reader.query(query, filters_from(sentiments=["negative"])) == 3
    assert query.calls == 2  # other filters, another result
    extra = dashboard_frames["comments"].iloc[[0]].assign(comment_id="c11", position=7)
    publish(fixture_store, dict(dashboard_frames, comments=pd.concat([dashboard_frames["comments"], extra])))
    assert reader.query(query, filters_from()) == 10
    assert query.calls == 3


def test_reader_does_not_keep_large_results_or_any_without_a_cache(fixture_store, monkeypatch):
    monkeypatch.setattr(reader_module, "CACHE_MAX_ROWS", 5)
    reader, rows = StoreReader(fixture_store), Counting(queries.comment_rows)
    assert len(reader.query(rows, filters_from())) == 9
    assert len(reader.query(rows, filters_from())) == 9
    assert len(reader.query(rows, filters_from(articles=["a2"]))) == 3
    reader.query(rows, filters_from(articles=["a2"]))
    assert rows.calls == 3  # the nine rows twice, the three rows once
    uncached, count = StoreReader(fixture_store, cache_size=0), Counting()
    uncached.query(count, filters_from())
    uncached.query(count, filters_from())
    assert count.calls == 2


def test_reader_cache_holds_at_most_its_size(fixture_store):
    reader, query = StoreReader(fixture_store, cache_size=2), Counting()
    for filters in FILTERS[:3]:
        reader.query(query, filters)
    reader.query(query, FILTERS[0])  # the oldest was dropped
    assert query.calls == 4
    reader.clear_cache()
    reader.query(query, FILTERS[2])
    assert query.calls == 5


def test_identical_queries_at_once_run_once(fixture_store):
    reader, slow = StoreReader(fixture_store), Counting(pause=0.2)
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: reader.query(slow, filters_from()), range(4)))
    assert counts == [9] * 4
    assert slow.calls == 1


def test_unhashable_arguments_are_queried_every_time(fixture_store):
    reader = StoreReader(fixture_store)
    calls = []

    def query(con, frame):
        calls.append(1)
        return len(frame)

    frame = pd.DataFrame({"x": [1, 2]})
    assert reader.query(query, frame) == reader.query(query, frame) == 2
    assert len(calls) == 2


@pytest.mark.parametrize("filters", FILTERS)
def test_every_block_of_the_comments_table_is_the_same_as_limit_and_offset(fixture_store, filters):
    reader = StoreReader(fixture_store)
    everything = reader.query(queries.comment_rows, filters)
    index = reader.query(queries.comment_index, filters)
    assert int(index["n_comments"].sum()) == len(everything) == reader.query(queries.count_comments, filters)
    for limit in (1, 2, 3, 50):
        for offset in range(0, len(everything) + 2):
            block = queries.block_filters(filters, index, limit, offset) if len(index) else None
            rows = (
                []
                if block is None
                else reader.query(queries.comment_rows, block[0], limit=limit, offset=block[1])["comment_id"].tolist()
            )
            assert rows == everything["comment_id"].tolist()[offset : offset + limit]


@pytest.mark.parametrize("filters", FILTERS)
def test_comment_rows_are_the_export_rows_with_their_articles_titles(fixture_store, filters):
    reader = StoreReader(fixture_store)
    rows = reader.query(queries.comment_rows, filters)
    exported = reader.query(store_queries.comments, filters)
    assert rows.drop(columns="article_title").equals(exported)
    titles = reader.query(lambda con: con.execute("SELECT article_id, title FROM articles").df())
    assert (
        rows["article_title"].tolist()
        == rows["article_id"].map(dict(zip(titles["article_id"], titles["title"]))).tolist()
    )


def test_the_articles_grid_sorts_on_known_columns_only():
    fields = ["title", "n_comments", "mean_polarity"]
    request = {"startRow": 0, "endRow": 2, "sortModel": [{"colId": "n_comments", "sort": "desc"}]}
    assert views.sort_pairs(request, fields) == (("n_comments", "desc"),)
    request["sortModel"] += [{"colId": "1; DROP", "sort": "asc"}, {"colId": "title", "sort": "sideways"}]
    assert views.sort_pairs(request, fields) == (("n_comments", "desc"), ("title", "asc"))
    assert views.sort_pairs({"sortModel": "title"}, fields) == () == views.sort_pairs(None, fields)


def test_streamed_csv_has_one_header_and_neutralises_every_chunk():
    first = pd.DataFrame({"id": ["1"], "text": ["=SUM(A1)"]})
    second = pd.DataFrame({"id": ["2", "3"], "text": ["+49 30 1234", "Line\nbreak, quoted"]})
    text = "".join(export.csv_chunks([first, second]))
    assert text == etl_export.to_csv(pd.concat([first, second]))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["text"] for row in rows] == ["'=SUM(A1)", "'+49 30 1234", "Line\nbreak, quoted"]


def test_a_frame_streamed_in_blocks_is_its_whole_csv():
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "ok", "@x", None, "-"],
            "n": [1, 2, 3, 4, 5],
            "at": pd.to_datetime(["2025-05-19T09:00:00Z"] * 5),
        }
    )
    assert [len(block) for block in export.blocks(frame, rows=2)] == [2, 2, 1]
    assert "".join(export.csv_chunks(export.blocks(frame, rows=2))) == etl_export.to_csv(frame)
    empty = frame.iloc[:0]
    assert "".join(export.csv_chunks(export.blocks(empty))) == "text,n,at\n"


def test_comments_csv_link_carries_every_filter_and_back():
    filters = filters_from(
        start="2025-05-01",
        end="2025-05-31",
        articles=["a1", "a&b"],
        topics=["Künstliche Intelligenz"],
        sentiments=["negative"],
        stances=["agree", "disagree"],
        search="100% sicher?",
    )
    query = ui_filters.filters_query(filters)
    assert "article=a1&article=a%26b" in query
    assert ui_filters.filters_from_args(MultiDict(parse_qsl(query))) == filters
    assert ui_filters.filters_query(filters_from()) == ""
