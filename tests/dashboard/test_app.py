"""The app: pages served, callbacks as plain functions, downloads through Dash's own endpoint."""

import base64
import csv
import importlib
import io
import json

import numpy as np
import pandas as pd
import pytest
from dash import html, no_update
from werkzeug.datastructures import MultiDict

from dashboard import components, ids, queries, url_state, views
from dashboard import filters as ui_filters
from dashboard.__main__ import parse_args
from dashboard.app import create_app, refresh_status
from dashboard.components import grid
from dashboard.queries import thread as threads
from dashboard.reader import StoreReader
from etl.config import DEFAULT_TOPICS, Settings
from etl.export import to_csv
from etl.store import journal

PAGES = [
    "/",
    "/articles",
    "/topics",
    "/time",
    "/comments",
    "/thread",
    "/thread?article=a2",
    "/moderation",
    "/moderation?threshold=0.7&order=score",
    "/quality",
]


@pytest.fixture
def app(fixture_store):
    return create_app(Settings(store_dir=fixture_store))


@pytest.fixture
def reader(fixture_store):
    return StoreReader(fixture_store)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_served(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 200
    assert b"<title>Diskurs" in response.data


def test_layout_has_nine_page_links_and_the_global_filters(app):
    layout = json.dumps(app.server.test_client().get("/_dash-layout").get_json())
    pages = ["/", "/articles", "/topics", "/time", "/comments", "/thread", "/moderation", "/label", "/quality"]
    for href in [f'"{page}"' for page in pages]:
        assert f'"href": {href}' in layout
    for filter_id in (
        ids.FILTER_DATES,
        ids.FILTER_ARTICLES,
        ids.FILTER_TOPICS,
        ids.FILTER_SENTIMENTS,
        ids.FILTER_STANCES,
        ids.LAST_REFRESHED,
    ):
        assert f'"id": "{filter_id}"' in layout


def test_app_serves_an_empty_store(empty_store):
    response = create_app(Settings(store_dir=empty_store)).server.test_client().get("/")
    assert response.status_code == 200


def test_empty_store_draws_friendly_charts_and_an_empty_grid(empty_store):
    app = create_app(Settings(store_dir=empty_store))
    figure = _post_callback(app, ids.TOPICS_VOLUME.graph, "figure", _page_filters("topics"), [])
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["No data yet — run `diskurs run`"]
    response = _post_callback(
        app,
        ids.COMMENTS_GRID,
        "getRowsResponse",
        [(ids.COMMENTS_GRID, "getRowsRequest", {"startRow": 0, "endRow": 50})],
        _page_filters("comments") + [(ids.COMMENTS_SEARCH, "value", None), *_NO_CHOICES],
    )
    assert response == {"rowData": [], "rowCount": 0}


# The comments page's own choices (status, votes) left as they are on a first load.
_NO_CHOICES = [(component, prop, None) for component, prop in grid.CHOICES]


def _post_callback(app, output, prop, inputs, states):
    """Call one callback through Dash's HTTP endpoint, as the browser would."""
    payload = {
        "output": f"{output}.{prop}",
        "outputs": {"id": output, "property": prop},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in states],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data
    return response.get_json()["response"][output][prop]


def _page_filters(page, **filters):
    """A page's filter store as the header's copy callback fills it."""
    values = [filters.get(name) for _, _, name in ui_filters.FILTER_PROPS]
    return [(ids.page_filters(page), "data", ui_filters.page_filters_data("v1", values))]


def _streamed_csv(app, href):
    """GET a streamed CSV link through the test client: (response, body, rows as dicts)."""
    response = app.server.test_client().get(href, buffered=False)
    body = b"".join(response.response).decode("utf-8")
    response.close()
    return response, body, list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    "target, said",
    [
        ("China", "3 comments match"),
        ("Nirgendwo", "0 comments match; no comment in this store names the target “Nirgendwo”"),
    ],
)
def test_the_match_count_says_when_no_comment_names_a_links_target(app, target, said):
    choices = [(component, prop, target if component == grid.TARGET else None) for component, prop in grid.CHOICES]
    inputs = _page_filters("comments") + [(ids.COMMENTS_SEARCH, "value", None), *choices]
    assert _post_callback(app, ids.COMMENTS_COUNT, "children", inputs, []) == said


def test_comments_csv_link_streams_the_filtered_rows_with_formulas_neutralised(app, fixture_texts):
    href = _post_callback(
        app,
        ids.COMMENTS_TABLE.csv,
        "href",
        _page_filters("comments", articles=["a1"]) + [(ids.COMMENTS_SEARCH, "value", None), *_NO_CHOICES],
        [],
    )
    assert href == "/download/comments.csv?article=a1"
    response, _, rows = _streamed_csv(app, href)
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="diskurs-comments-') and disposition.endswith('.csv"')
    assert [row["comment_id"] for row in rows] == ["c1", "c2", "c3", "c4", "c5"]
    texts = {row["comment_id"]: row["text"] for row in rows}
    assert texts["c4"] == "'" + fixture_texts["formula"]
    assert texts["c5"] == fixture_texts["script"]
    assert rows[0]["article_title"].startswith("Chinas KI-Offensive")


def test_comments_csv_is_what_the_grid_shows_for_every_filter(app):
    inputs = _page_filters(
        "comments",
        start="2025-05-19",
        end="2025-05-26",
        sentiments=["negative"],
        topics=["China", "Verkehr"],
        stances=None,
    )
    link_inputs = inputs + [(ids.COMMENTS_SEARCH, "value", "a"), *_NO_CHOICES]
    href = _post_callback(app, ids.COMMENTS_TABLE.csv, "href", link_inputs, [])
    grid = _post_callback(
        app,
        ids.COMMENTS_GRID,
        "getRowsResponse",
        [(ids.COMMENTS_GRID, "getRowsRequest", {"startRow": 0, "endRow": 50})],
        inputs + [(ids.COMMENTS_SEARCH, "value", "a"), *_NO_CHOICES],
    )
    _, _, rows = _streamed_csv(app, href)
    assert [row["text"] for row in rows] == [row["text"] for row in grid["rowData"]]
    assert len(rows) == grid["rowCount"] == 3  # c1, c3, c7


def test_comments_csv_of_no_match_or_an_empty_store_is_a_header(app, empty_store):
    _, body, rows = _streamed_csv(app, "/download/comments.csv?search=zzz")
    assert rows == [] and body.startswith("comment_id,article_id,article_title,")
    _, body, _ = _streamed_csv(create_app(Settings(store_dir=empty_store)), "/download/comments.csv")
    assert body.startswith("comment_id,article_id,article_title,")


def test_articles_csv_link_streams_the_table_of_the_filters(app, reader):
    filters = _page_filters("articles", sentiments=["negative", "neutral"])
    href = _post_callback(app, ids.ARTICLES_TABLE.csv, "href", filters, [])
    assert href == "/download/articles.csv?sentiment=negative&sentiment=neutral"
    response, body, rows = _streamed_csv(app, href)
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"].startswith('attachment; filename="diskurs-articles-')
    # What the CSV button gave before: the grid's query, all of it, through the same writer.
    stats = reader.query(queries.article_stats, ui_filters.filters_from(sentiments=["negative", "neutral"]))
    assert body == to_csv(stats)
    grid = _post_callback(
        app,
        ids.ARTICLES_GRID,
        "getRowsResponse",
        [(ids.ARTICLES_GRID, "getRowsRequest", {"startRow": 0, "endRow": 20})],
        filters,
    )
    assert [row["article_id"] for row in rows] == [row["article_id"] for row in grid["rowData"]]
    assert [row["n_comments"] for row in rows] == ["3", "2", "1"]  # a1 c1 c3 c4, a2 c7 c8, a3 c10


def test_thread_csv_link_streams_the_articles_comments_with_formulas_neutralised(app, reader, fixture_texts):
    href = _post_callback(app, ids.THREAD_COMMENTS.csv, "href", [(ids.THREAD_ARTICLE, "value", "a1")], [])
    assert href == "/download/thread.csv?article=a1"
    response, body, rows = _streamed_csv(app, href)
    assert response.is_streamed and 'filename="diskurs-thread-' in response.headers["Content-Disposition"]
    assert body == to_csv(reader.query(queries.thread_comments, "a1"))
    assert [row["comment_id"] for row in rows] == ["c1", "c2", "c3", "c4", "c5"]
    assert {row["comment_id"]: row["text"] for row in rows}["c4"] == "'" + fixture_texts["formula"]
    assert (
        _post_callback(app, ids.THREAD_COMMENTS.csv, "href", [(ids.THREAD_ARTICLE, "value", None)], [])
        == "/download/thread.csv"
    )
    _, body, rows = _streamed_csv(app, "/download/thread.csv")
    assert rows == [] and body.startswith("comment_id,article_id,")


def test_chart_and_its_csv_share_the_same_query(app):
    # A floor of 1: the fixture's articles have a few comments each (the page's default is 20).
    ranking = [(ids.OVERVIEW_FLOOR, "value", 1), (ids.OVERVIEW_ORDER, "value", "count")]
    data = _post_callback(
        app,
        ids.OVERVIEW_NEGATIVE.download,
        "data",
        [(ids.OVERVIEW_NEGATIVE.csv, "n_clicks", 1)],
        _page_filters("overview", sentiments=["negative"]) + ranking,
    )
    figure = _post_callback(
        app, ids.OVERVIEW_NEGATIVE.graph, "figure", _page_filters("overview", sentiments=["negative"]) + ranking, []
    )
    rows = list(csv.DictReader(io.StringIO(data["content"])))
    assert [int(row["n_negative"]) for row in rows] == _values(figure["data"][0]["x"]) == [2, 1]


def test_the_negative_ranking_is_by_share_with_its_interval_above_a_floor(app):
    def chart(floor, order="share"):
        inputs = _page_filters("overview") + [
            (ids.OVERVIEW_FLOOR, "value", floor),
            (ids.OVERVIEW_ORDER, "value", order),
        ]
        return _post_callback(app, ids.OVERVIEW_NEGATIVE.graph, "figure", inputs, [])

    by_share = chart(1)["data"][0]
    assert _values(by_share["x"]) == pytest.approx([2 / 5, 1 / 3])  # a1: 2 of 5 negative, a2: 1 of 3
    assert [row[-1] for row in by_share["customdata"]] == ["a1", "a2"]  # drill keys: article ids
    assert _values(chart(1, "count")["data"][0]["x"]) == [2, 1]
    minus, plus = _values(by_share["error_x"]["arrayminus"]), _values(by_share["error_x"]["array"])
    assert [round(2 / 5 - minus[0], 3), round(2 / 5 + plus[0], 3)] == [0.118, 0.769]  # Wilson 95% of 2 of 5
    assert [row[-1] for row in chart(4)["data"][0]["customdata"]] == ["a1"]  # a2 has 3 comments
    empty = chart(20)  # the default floor: no fixture article has 20 comments
    assert "20 comments or more" in empty["layout"]["annotations"][0]["text"]


def _values(array):
    """A plotly JSON array as a list: plain, or typed ({"dtype", "bdata"})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_header_filters_reach_pages_as_filters_of_published_comments():
    values = ["2025-05-26T00:00:00", None, ["a2"], [], None, ["agree"]]
    data = ui_filters.page_filters_data("v2", values)
    assert data["version"] == "v2"
    filters = ui_filters.filters_of(data, search=" Dieter ")
    assert (filters.since, filters.until, filters.articles, filters.topics, filters.stances, filters.search) == (
        "2025-05-26",
        None,
        ("a2",),
        (),
        ("agree",),
        "Dieter",
    )
    assert filters.published_only
    assert ui_filters.filters_of(None) == ui_filters.filters_from()


def test_signal_filters_reach_pages_links_and_routes_as_scores():
    values = [None] * 6 + [0.6, None, 0]  # needs_moderation, feedback, argument (0 = any)
    filters = ui_filters.filters_of(ui_filters.page_filters_data("v", values))
    assert filters.signals == (("needs_moderation", 0.6),)
    assert ui_filters.filters_query(filters) == "needs_moderation=0.6"
    assert ui_filters.filters_from_args(MultiDict({"needs_moderation": "0.6"})).signals == filters.signals
    assert url_state.search_of(values, []) == "?needs_moderation=0.6"
    assert url_state.filter_values(url_state.parse("?needs_moderation=0.6&feedback=viel"))[6:] == [0.6, None, None]
    for bad in ({"feedback": "2"}, {"argument": "viel"}, {"needs_moderation": "-0.1"}):
        with pytest.raises(ui_filters.InvalidInput):
            ui_filters.filters_from_args(MultiDict(bad))


def test_url_state_reads_and_writes_a_pages_controls_and_drill_links():
    floor, order = ids.OVERVIEW_FLOOR, ids.OVERVIEW_ORDER
    assert url_state.convert(["50"], floor) == 50 and url_state.convert(["many"], floor) == 20
    assert url_state.convert(None, order) == "share" and url_state.initial(order, {"rank": "count"}) == "count"
    filters = [None, None, ["a1", "a 2"], None, ["negative"], None, None, None, None]
    search = url_state.search_of(filters, [(floor, 20), (order, "count")], {"lang": ["en"]})
    assert search == "?article=a1&article=a+2&sentiment=negative&rank=count&lang=en"  # the default floor unwritten
    assert url_state.filter_values(url_state.parse(search))[:5] == [None, None, ["a1", "a 2"], None, ["negative"]]
    assert url_state.filter_values(url_state.parse("?start=2025-13-01&end=2025-05-31"))[:2] == [None, "2025-05-31"]
    assert (
        url_state.link("/comments", search, topic="KI")
        == "/comments?article=a1&article=a+2&sentiment=negative&topic=KI"
    )
    assert url_state.thread_href("a3", search) == "/thread?sentiment=negative&article=a3"


def test_a_store_without_data_knows_no_topic_and_names_what_a_link_asks_for(empty_store):
    empty = StoreReader(empty_store)
    assert url_state.known_topics(empty) == []
    assert "no article 'a1'" in url_state.unknown_note(empty, ["a1"], [])


def test_an_unknown_article_or_topic_is_named_and_kept_among_the_options(reader):
    assert url_state.unknown_note(reader, ["a1"], ["KI"]) == ""
    note = url_state.unknown_note(reader, ["a1", "zz"], ["Nirgendwo"])
    assert "no article 'zz'" in note and "no topic 'Nirgendwo'" in note
    options = components.article_options(reader, None, ["zz"])
    assert {"label": "zz (not in this store)", "value": "zz"} in options
    assert components.topic_options(["KI"], ["KI", "Nirgendwo"])[-1]["label"] == "Nirgendwo (not in this store)"


def test_refresh_status_reports_last_run_and_stays_quiet_until_a_new_version(reader):
    text, css_class, version, topics, first_day, last_day = refresh_status(reader, None)
    assert text == "Data refreshed 2025-06-03 08:00 UTC · sentiment engine textblob-de"
    assert css_class == "last-refreshed"
    assert [t["value"] for t in topics] == ["China", "KI", "Verkehr", "Wohnen"]
    assert (first_day, last_day) == ("2025-05-19", "2025-06-02")
    assert refresh_status(reader, version) == (text, css_class) + (no_update,) * 4


def test_article_picker_lists_the_most_commented_and_searches_the_rest(app, reader):
    assert [a["value"] for a in components.article_options(reader)] == ["a1", "a2", "a3"]
    assert components.article_options(reader)[0]["label"] == "Chinas KI-Offensive: Was Europa jetzt tun muss (6)"
    assert [a["value"] for a in components.article_options(reader, search="Mietpreis")] == ["a3"]
    assert [a["value"] for a in components.article_options(reader, search="TEMPO", chosen=["a3"])] == ["a2", "a3"]
    top = reader.query(queries.article_options, None, ("a3",), limit=1)
    assert top["article_id"].tolist() == ["a1", "a3"]  # the first, and the chosen one
    options = _post_callback(
        app,
        ids.FILTER_ARTICLES,
        "options",
        [(ids.DATA_VERSION, "data", "v1"), (ids.FILTER_ARTICLES, "search_value", "mietpreis")],
        [(ids.FILTER_ARTICLES, "value", ["a1"])],
    )
    assert [a["value"] for a in options] == ["a1", "a3"]


def test_refresh_status_announces_a_new_version(fixture_store, reader, dashboard_frames, publish):
    first = refresh_status(reader, None)[2]
    runs = dashboard_frames["runs"].assign(run_id="r2", finished_at="2025-06-04T09:30:00Z")
    publish(fixture_store, dict(dashboard_frames, runs=runs))
    text, _, version, *_ = refresh_status(reader, first)
    assert version != first
    assert text.startswith("Data refreshed 2025-06-04 09:30 UTC")


def test_refresh_status_of_an_empty_store_says_how_to_load_data(empty_store):
    text, _, version, topics, *_ = refresh_status(StoreReader(empty_store), None)
    assert "diskurs run" in text
    assert (version, topics) == ("empty", [])
    assert components.article_options(StoreReader(empty_store), "x") == []


def test_overview_kpis_follow_the_filters(reader):
    assert views.kpi_texts(reader.query(queries.kpis, ui_filters.filters_from())) == ("3", "9", "33%", "+0.03", "33%")
    negative = reader.query(queries.kpis, ui_filters.filters_from(sentiments=["negative"]))
    assert views.kpi_texts(negative)[1] == "3"
    assert views.kpi_texts(reader.query(queries.kpis, ui_filters.filters_from(search="zzz")))[1] == "0"
    assert views.kpi_texts(StoreReader("/nonexistent").query(queries.kpis, None)) == ("—",) * 5


def test_comments_grid_gets_the_block_it_asks_for_and_the_total(app):
    response = _post_callback(
        app,
        ids.COMMENTS_GRID,
        "getRowsResponse",
        [(ids.COMMENTS_GRID, "getRowsRequest", {"startRow": 2, "endRow": 4})],
        _page_filters("comments") + [(ids.COMMENTS_SEARCH, "value", None), *_NO_CHOICES],
    )
    assert response["rowCount"] == 9
    assert [row["author"] for row in response["rowData"]] == ["Dieter", "Eva"]
    assert response["rowData"][0]["created_at"] == "2025-05-27 09:00"
    assert "article_title" in response["rowData"][0]


def test_comments_search_narrows_the_grid(app):
    response = _post_callback(
        app,
        ids.COMMENTS_GRID,
        "getRowsResponse",
        [(ids.COMMENTS_GRID, "getRowsRequest", {"startRow": 0, "endRow": 50})],
        _page_filters("comments") + [(ids.COMMENTS_SEARCH, "value", "Anna"), *_NO_CHOICES],
    )
    assert response["rowCount"] == 2
    assert views.count_text(1) == "1 comment match"


def test_grid_block_bounds_come_from_the_request():
    assert views.block_bounds({"startRow": 100, "endRow": 150}, 50) == (50, 100)
    assert views.block_bounds(None, 50) == (50, 0)


def test_thread_article_follows_the_global_article_filter():
    options = [{"value": "a1"}, {"value": "a2"}]
    assert views.choose_article(None, [], options) == "a1"
    assert views.choose_article("a2", [], options) == "a2"
    assert views.choose_article("a2", ["a1"], options) == "a1"
    assert views.choose_article("gone", None, options) == "a1"
    assert views.choose_article(None, [], []) is None


def _find(component, predicate):
    """Every component in a layout tree for which predicate holds."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += _find(child, predicate)
    return found


def _texts(component):
    return [p.children for p in _find(component, lambda c: isinstance(c, html.P))]


def test_thread_tree_nests_replies_and_keeps_text_plain(reader, fixture_texts):
    note, tree = components.thread_view(reader.query(queries.thread_comments, "a1"), max_cards=50)
    assert note == "5 comments."
    assert len(tree) == 3  # c1, c4, c5 are top level
    first_thread = _texts(tree[0])
    assert first_thread == [
        "Das ist ein Skandal, Europa schläft.",
        "Nein, das stimmt so nicht, die Lage ist gut.",
        "Schlecht recherchiert, leider.",
    ]
    replies = _find(tree[0], lambda c: "thread-replies" in (getattr(c, "className", "") or ""))
    assert len(replies) == 2  # c2 inside c1's block, c3 inside c2's
    assert _texts(tree[2]) == [fixture_texts["script"]]  # a plain string child of html.P
    anonymous = _find(tree[2], lambda c: getattr(c, "className", None) == "comment-author")
    assert anonymous[0].children == "anonymous"


def test_thread_of_a_reply_whose_parent_is_hidden_is_marked(reader):
    rows = reader.query(queries.thread_comments, "a1")
    _, tree = components.thread_view(rows[rows["comment_id"] != "c1"], max_cards=50)
    notes = _find(tree[0], lambda c: getattr(c, "className", None) == "orphan-note")
    assert len(notes) == 1


def test_thread_view_caps_the_cards_and_says_so(reader):
    note, tree = components.thread_view(reader.query(queries.thread_comments, "a1"), max_cards=2)
    assert note == "Showing the first 2 of 5 comments; the CSV has all."
    assert len(_texts(html.Div(tree))) == 2


def test_cli_binds_to_localhost_by_default():
    args = parse_args([])
    assert (args.host, args.port, args.store, args.debug) == ("127.0.0.1", 8050, None, False)
    assert parse_args(["--store", "/x", "--port", "9000"]).port == 9000


def test_wsgi_server_reads_the_store_from_the_environment(monkeypatch, fixture_store):
    monkeypatch.setenv("DISKURS_STORE", str(fixture_store))
    import dashboard.wsgi

    wsgi = importlib.reload(dashboard.wsgi)
    assert wsgi.server.config["DISKURS_SETTINGS"].store_dir == fixture_store
    assert wsgi.server.test_client().get("/topics").status_code == 200


# --- stance, targets, suggestions, model quality ------------------------------------------------


def _csv_rows(data):
    return list(csv.DictReader(io.StringIO(data["content"])))


def _post_outputs(app, outputs, inputs):
    """Call a callback with several outputs through Dash's endpoint: {id: value} of each."""
    payload = {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data
    answer = response.get_json()["response"]
    return {i: answer[i][p] for i, p in outputs}


def test_target_stance_csv_is_what_the_chart_shows(app):
    filters = _page_filters("topics", articles=["a1"])
    figure = _post_callback(app, ids.TOPICS_TARGETS.graph, "figure", filters, [])
    data = _post_callback(app, ids.TOPICS_TARGETS.download, "data", [(ids.TOPICS_TARGETS.csv, "n_clicks", 1)], filters)
    rows = _csv_rows(data)
    assert data["filename"].startswith("diskurs-target-stance-")
    assert [row["target"] for row in rows] == list(figure["data"][0]["y"]) == ["China", "EU"]
    assert [int(row["n_favor"]) for row in rows] == _values(figure["data"][0]["x"]) == [2, 0]


def test_overview_depth_chart_and_its_csv_agree(app):
    filters = _page_filters("overview")
    figure = _post_callback(app, ids.OVERVIEW_DEPTH.graph, "figure", filters, [])
    rows = _csv_rows(
        _post_callback(app, ids.OVERVIEW_DEPTH.download, "data", [(ids.OVERVIEW_DEPTH.csv, "n_clicks", 1)], filters)
    )
    assert [row["depth_label"] for row in rows] == list(figure["data"][0]["x"]) == ["0", "1", "2"]


def test_stance_charts_follow_the_filters(app):
    figure = _post_callback(app, ids.ARTICLES_STANCE.graph, "figure", _page_filters("articles", articles=["a2"]), [])
    assert [trace["name"] for trace in figure["data"]] == ["agree", "disagree", "neutral"]
    assert _values(figure["data"][0]["x"]) == [1.0]
    weekly = _post_callback(
        app, ids.TIME_STANCE.graph, "figure", _page_filters("time") + [(ids.TIME_GRANULARITY, "value", "week")], []
    )
    assert _values(weekly["data"][1]["y"]) == [2, 0]  # disagreeing replies per week


def test_suggested_topics_grid_and_csv_list_uncovered_terms(app):
    rows = _post_callback(
        app, ids.SUGGESTIONS_GRID, "rowData", [(ids.SUGGESTIONS_RUN, "n_clicks", 1)] + _page_filters("topics"), []
    )
    assert [row["term"] for row in rows] == ["Europa"]  # the project's topics file lacks it
    data = _post_callback(
        app,
        ids.TOPICS_SUGGESTIONS.download,
        "data",
        [(ids.TOPICS_SUGGESTIONS.csv, "n_clicks", 1)],
        _page_filters("topics"),
    )
    assert [row["term"] for row in _csv_rows(data)] == ["Europa"]


def test_suggested_topics_follow_an_edit_of_the_topics_file_without_a_restart(fixture_store, tmp_path):
    topics = tmp_path / "topics.toml"
    topics.write_text(DEFAULT_TOPICS.read_text(encoding="utf-8"), encoding="utf-8")
    app = create_app(Settings(store_dir=fixture_store, topics_file=topics))
    inputs = [(ids.SUGGESTIONS_RUN, "n_clicks", 1)] + _page_filters("topics")

    def terms():
        return [row["term"] for row in _post_callback(app, ids.SUGGESTIONS_GRID, "rowData", inputs, [])]

    assert terms() == ["Europa"]
    with topics.open("a", encoding="utf-8") as handle:
        handle.write('\n[topics."Europa"]\nkeywords = ["Europa"]\n')
    assert terms() == []  # now covered
    topics.write_text("[topics.broken", encoding="utf-8")
    assert "Europa" in terms()  # an unreadable file covers nothing


_QUALITY_OUTPUTS = [
    (ids.QUALITY_NOTE, "children"),
    (ids.QUALITY_GRID, "rowData"),
    (ids.QUALITY_F1.graph, "figure"),
    (ids.QUALITY_SIGNALS_GRID, "rowData"),
]


def test_quality_page_reads_the_evaluation_file_and_names_the_engine(dashboard_settings):
    app = create_app(dashboard_settings)
    filters = _page_filters("quality")
    engine = _post_outputs(app, [(ids.QUALITY_ENGINE, "children"), (ids.QUALITY_RUNS_GRID, "rowData")], filters)
    assert engine[ids.QUALITY_ENGINE] == ("The sentiment of all 9 published comments was scored by textblob-de.")
    assert [row["run_id"] for row in engine[ids.QUALITY_RUNS_GRID]] == ["r1"]
    shown = _post_outputs(app, _QUALITY_OUTPUTS, filters)
    assert [row["engine"] for row in shown[ids.QUALITY_GRID]] == ["textblob-de", "fastblob", "textblob-de", "cues"]
    assert "2025-06-03T09:00:00Z" in shown[ids.QUALITY_NOTE]["props"]["children"]
    assert len(shown[ids.QUALITY_F1.graph]["data"]) == 3  # one bar trace an engine
    data = _post_callback(
        app, ids.QUALITY_RESULTS.download, "data", [(ids.QUALITY_RESULTS.csv, "n_clicks", 1)], filters
    )
    assert [row["macro_f1"] for row in _csv_rows(data)] == ["0.41", "0.55", "0.48", "0.44"]
    # The flags' figures (the sample file's feedback row) have a grid and a CSV of their own.
    (flag,) = shown[ids.QUALITY_SIGNALS_GRID]
    assert (flag["task"], flag["recall"], flag["precision"], flag["n_yes"]) == ("feedback", "20%", "80%", 600)
    data = _post_callback(
        app, ids.QUALITY_SIGNALS.download, "data", [(ids.QUALITY_SIGNALS.csv, "n_clicks", 1)], filters
    )
    assert [(row["task"], row["recall"], row["roc_auc"]) for row in _csv_rows(data)] == [("feedback", "0.2", "0.75")]


def test_quality_page_without_an_evaluation_file_says_how_to_make_one(dashboard_settings, tmp_path):
    app = create_app(
        type(dashboard_settings)(store_dir=dashboard_settings.store_dir, quality_file=tmp_path / "none.json")
    )
    shown = _post_outputs(app, _QUALITY_OUTPUTS, _page_filters("quality"))
    note = shown[ids.QUALITY_NOTE]["props"]["children"]
    assert "No evaluation figures yet" in note and "diskurs evaluate" in note
    assert shown[ids.QUALITY_GRID] == [] and shown[ids.QUALITY_SIGNALS_GRID] == []


def test_engine_text_names_every_engine_when_runs_used_several():
    import pandas as pd

    counts = pd.DataFrame({"sentiment_engine": ["textblob-de", "fastblob"], "n_comments": [400, 79]})
    text = views.engine_text(counts)
    assert "479 published comments" in text and "textblob-de 400, fastblob 79" in text
    assert "diskurs run" in views.engine_text(pd.DataFrame())


def test_reply_cards_are_edged_by_stance_with_their_evidence(reader):
    _, tree = components.thread_view(reader.query(queries.thread_comments, "a1"), max_cards=50)
    cards = _find(html.Div(tree), lambda c: isinstance(c, html.Article))
    assert [c.className for c in cards] == [
        "comment-card",
        "comment-card edge-disagree",
        "comment-card edge-disagree",
        "comment-card",
        "comment-card",
    ]
    evidence = _find(cards[1], lambda c: getattr(c, "className", None) == "stance-evidence")
    assert evidence[0].children == (
        'Why disagree: "Nein" (disagreement); "das stimmt so nicht" '
        "(disagreement); polarity reply +0.50 vs parent -0.60 "
        "(opposite leans)"
    )
    assert _find(cards[0], lambda c: getattr(c, "className", None) == "stance-evidence") == []


def test_cards_name_their_engines_and_the_targets_they_take_a_stance_on(reader):
    cards = reader.query(threads.thread_cards, "a1", ("c1", "c2", "c3"))
    c1, c2, c3 = (components.comment_card(record) for record in cards.to_dict("records"))
    badge = _find(c1, lambda c: "badge-" in (getattr(c, "className", None) or ""))[0]
    polarity = _find(c1, lambda c: getattr(c, "className", None) == "comment-polarity")[0]
    assert (badge.title, polarity.title) == ("label by textblob-de", "polarity by textblob-de")

    def lines(card):
        found = _find(card, lambda c: getattr(c, "className", None) == "target-stances")
        return [line.children for line in found[0].children] if found else []

    assert lines(c1) == ['Stance toward China: against (words: "Skandal")']
    assert lines(c2) == ['Stance toward China: favor (words: "gut")', "Stance toward EU: no clear lean"]
    assert lines(c3) == []


def test_articles_grid_gets_a_sorted_block_and_the_number_of_articles(app):
    def block(request, **filters):
        return _post_callback(
            app,
            ids.ARTICLES_GRID,
            "getRowsResponse",
            [(ids.ARTICLES_GRID, "getRowsRequest", request)],
            _page_filters("articles", **filters),
        )

    first = block({"startRow": 0, "endRow": 2})
    assert first["rowCount"] == 3
    assert [row["article_id"] for row in first["rowData"]] == ["a1", "a2"]
    assert first["rowData"][0]["published_at"] == "2025-05-19"
    by_polarity = block({"startRow": 1, "endRow": 3, "sortModel": [{"colId": "mean_polarity", "sort": "desc"}]})
    assert [row["article_id"] for row in by_polarity["rowData"]] == ["a2", "a3"]  # +0.04, +0.03, 0
    assert block({"startRow": 0, "endRow": 20}, sentiments=["positive"])["rowCount"] == 2


def test_thread_view_counts_a_thread_read_only_in_part(reader):
    first = reader.query(queries.thread_comments, "a1", limit=2)
    assert first["comment_id"].tolist() == ["c1", "c2"]
    note, tree = components.thread_view(first, max_cards=2, total=5)
    assert note == "Showing the first 2 of 5 comments; the CSV has all."
    assert len(_texts(html.Div(tree))) == 2


def test_quality_runs_grid_lists_failed_runs_from_the_journal(dashboard_settings):
    journal.record(
        dashboard_settings.store_dir,
        {
            "run_id": "r2-failed",
            "command": "refresh",
            "status": "failed",
            "started_at": pd.Timestamp("2030-01-01T00:00:00Z"),
            "finished_at": pd.Timestamp("2030-01-01T00:01:00Z"),
            "error": "cannot reach https://example.test",
        },
    )
    app = create_app(dashboard_settings)
    outputs = [(ids.QUALITY_ENGINE, "children"), (ids.QUALITY_RUNS_GRID, "rowData")]
    rows = _post_outputs(app, outputs, _page_filters("quality"))[ids.QUALITY_RUNS_GRID]
    assert [(row["run_id"], row["status"]) for row in rows] == [("r2-failed", "failed"), ("r1", "ok")]
    assert rows[0]["error"] == "cannot reach https://example.test"


def test_every_chart_of_articles_opens_a_thread_on_a_click(app):
    from dashboard.components import grid

    clicked = {
        spec["id"] for entry in app.callback_map.values() for spec in entry["inputs"] if spec["property"] == "clickData"
    }
    for graph in (ids.OVERVIEW_NEGATIVE.graph, ids.MODERATION_ARTICLES.graph, grid.REMOVED_CHART.graph):
        assert graph in clicked, graph


@pytest.mark.parametrize("page", ["articles", "topics", "comments"])
def test_every_paginated_grid_offers_its_own_page_size(app, page):
    # AG Grid's page size selector offers 20, 50 and 100 unless told otherwise: a page size it
    # does not offer leaves the selector blank (the topic suggestions' 15 did).
    module = importlib.import_module(f"dashboard.pages.{page}")
    grids = [c for c in module.layout()._traverse() if type(c).__name__ == "AgGrid"]
    paginated = [g.dashGridOptions for g in grids if (g.dashGridOptions or {}).get("pagination")]
    assert paginated
    for options in paginated:
        assert options["paginationPageSize"] in options.get("paginationPageSizeSelector", [20, 50, 100])
