"""The Moderation page: its queries, its URL, its callbacks through Dash's endpoint, and the
Overview's alerts card; on the fixture store with the moderation signals on its comments."""

import base64
import csv
import io
import json

import pandas as pd
import pytest
from moderation_store import write_signal_version, write_version_without_signals
from plotly.utils import PlotlyJSONEncoder

from dashboard import filters as ui_filters
from dashboard import ids, labelling, moderation_figures, queries, url_state, views
from dashboard.app import create_app
from dashboard.components import moderation as parts
from dashboard.filters import filters_from
from dashboard.reader import StoreReader
from etl.config import Settings


@pytest.fixture
def signal_store(tmp_path, dashboard_frames):
    store_dir = tmp_path / "signal-store"
    write_signal_version(store_dir, dashboard_frames)
    return store_dir


@pytest.fixture
def reader(signal_store):
    return StoreReader(signal_store)


@pytest.fixture
def app(signal_store):
    return create_app(Settings(store_dir=signal_store))


def _flagged(reader, signal="needs_moderation", threshold=0.5, order="newest", **filters):
    return reader.query(queries.flagged_comments, filters_from(**filters), signal, threshold, order, 50)


def test_the_queue_is_newest_first_or_by_score_and_never_shows_a_deleted_comment(reader):
    assert _flagged(reader)["comment_id"].tolist() == ["c7", "c5", "c3", "c1"]
    by_score = _flagged(reader, order="score")
    assert by_score["comment_id"].tolist() == ["c7", "c1", "c3", "c5"]
    assert by_score.iloc[1][["reasons", "title", "author"]].tolist() == [
        "insult: 'Skandal'; shouting",
        "Chinas KI-Offensive: Was Europa jetzt tun muss",
        "Anna",
    ]
    assert _flagged(reader, threshold=0.7)["comment_id"].tolist() == ["c7", "c1"]


def test_the_global_filters_narrow_the_queue(reader):
    assert _flagged(reader, articles=["a2"])["comment_id"].tolist() == ["c7"]
    assert _flagged(reader, sentiments=["positive"])["comment_id"].tolist() == ["c5"]
    assert reader.query(queries.count_flagged, filters_from(articles=["a1"]), "needs_moderation", 0.5) == 3


def test_the_feedback_inbox_puts_the_article_with_most_feedback_first(reader):
    inbox = _flagged(reader, signal="feedback", order="article")
    assert inbox[["comment_id", "article_id", "n_article"]].values.tolist() == [
        ["c2", "a1", 2],
        ["c3", "a1", 2],
        ["c9", "a2", 1],
    ]


def test_shares_needing_moderation_per_article_and_week(reader):
    articles = reader.query(queries.moderation_by_article, filters_from(), 0.5)
    assert articles[["article_id", "n_comments", "n_flagged"]].values.tolist() == [["a1", 5, 3], ["a2", 3, 1]]
    weeks = reader.query(queries.moderation_by_period, filters_from(), 0.5, "week")
    assert [str(w) for w in weeks["week"]] == ["2025-05-19", "2025-05-26", "2025-06-02"]
    assert weeks["share_flagged"].round(2).tolist() == [0.6, 0.33, 0.0]


def test_a_store_without_the_signals_gives_empty_frames_that_say_so(tmp_path, dashboard_frames):
    write_version_without_signals(tmp_path / "old", dashboard_frames)
    reader = StoreReader(tmp_path / "old")
    assert reader.query(queries.signals_ready, default=False) is False
    flagged = _flagged(reader)
    assert flagged.empty and flagged.attrs["signals"] == "missing"
    assert reader.query(queries.count_flagged, filters_from(), "needs_moderation", 0.5) == 0
    by_article = reader.query(queries.moderation_by_article, filters_from(), 0.5)
    figure = moderation_figures.flagged_share_by_article(by_article)
    assert figure.layout.annotations[0].text == moderation_figures.NO_SIGNALS
    assert parts.queue_view(flagged, 0, {})[0].startswith("Run `diskurs refresh`")


def test_the_url_keeps_only_what_differs_from_the_defaults():
    assert views.moderation_search(0.5, "newest", 0.5) == ""
    assert views.moderation_search(0.6, "score", 0.5) == "?threshold=0.6&order=score"
    assert views.moderation_state("0.6", "score", "0.3") == (0.6, "score", 0.3)
    assert views.moderation_state("lots", "<script>", "7") == (0.5, "newest", 1.0)


def test_the_article_chart_shows_each_articles_share_with_its_counts(reader):
    figure = moderation_figures.flagged_share_by_article(
        reader.query(queries.moderation_by_article, filters_from(), 0.5)
    )
    bar = figure.data[0]
    assert list(bar.text) == ["1 of 3", "3 of 5"]  # most flagged on top: plotly draws bottom up
    assert bar.y[1].startswith("Chinas KI-Offensive")


def _post(app, outputs, inputs):
    payload = {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".." if len(outputs) > 1 else "",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [],
        "changedPropIds": [f"{json.dumps(inputs[0][0]) if isinstance(inputs[0][0], dict) else inputs[0][0]}.x"],
    }
    if len(outputs) == 1:
        payload["output"] = f"{outputs[0][0]}.{outputs[0][1]}"
        payload["outputs"] = payload["outputs"][0]
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data
    answer = response.get_json()["response"]
    return [answer[i][p] for i, p in outputs]


def _filters(page):
    values = [None for _ in ui_filters.FILTER_PROPS]
    return (ids.page_filters(page), "data", ui_filters.page_filters_data("v1", values))


def _texts(component):
    """Every text in a serialised component tree, in order."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list):
        return [text for child in component for text in _texts(child)]
    if isinstance(component, dict):
        return _texts(component.get("props", {}).get("children") or [])
    return []


def _links(component):
    if isinstance(component, list):
        return [link for child in component for link in _links(child)]
    if isinstance(component, dict):
        props = component.get("props", {})
        own = [props["href"]] if component.get("type") == "Link" else []
        return own + _links(props.get("children") or [])
    return []


def test_the_queue_callback_shows_reasons_thread_links_text_as_text_and_decisions(app, signal_store, fixture_texts):
    labelling.give(signal_store, "c7", "moderation", "dismiss", "Anna")
    note, cards = _post(
        app,
        [(ids.MODERATION_QUEUE_NOTE, "children"), (ids.MODERATION_QUEUE, "children")],
        [_filters("moderation"), (ids.MODERATION_THRESHOLD, "value", 0.5), (ids.MODERATION_ORDER, "value", "score")],
    )
    assert note == "4 comments above the threshold."
    texts = _texts(cards)
    assert "Why: insult: 'Furchtbare Idee'; shouting" in texts
    assert fixture_texts["script"] in texts  # a text child: React renders it as text
    assert "dismissed (by Anna)" in texts and texts.count("not labelled") == 3
    assert _links(cards)[:2] == ["/thread?article=a2", "/thread?article=a1"]
    assert _anchors(cards)[:2] == ["https://example.invalid/tempo", "https://example.invalid/ki"]  # the originals


def _anchors(component):
    """The hrefs of plain links (html.A) in a serialised component tree, in order."""
    if isinstance(component, list):
        return [href for child in component for href in _anchors(child)]
    if isinstance(component, dict):
        props = component.get("props", {})
        own = [props["href"]] if component.get("type") == "A" else []
        return own + _anchors(props.get("children") or [])
    return []


def test_an_original_link_is_only_for_http_and_https():
    assert parts.original_link("https://zeitung.example/a").href == "https://zeitung.example/a"
    assert parts.original_link("http://zeitung.example/a").target == "_blank"
    for unsafe in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example", "", None):
        assert parts.original_link(unsafe) is None


def test_the_inbox_callback_groups_feedback_by_article(app):
    note, blocks = _post(
        app,
        [(ids.FEEDBACK_NOTE, "children"), (ids.FEEDBACK_INBOX, "children")],
        [_filters("moderation"), (ids.MODERATION_FEEDBACK_THRESHOLD, "value", 0.5)],
    )
    assert note == "3 comments of feedback for the newsroom."
    headings = [block["props"]["children"][0]["props"]["children"] for block in blocks]
    assert [h[0] for h in headings] == [
        "Chinas KI-Offensive: Was Europa jetzt tun muss ",
        "Tempolimit auf Autobahnen: Die Debatte kehrt zurück ",
    ]
    assert [h[1]["props"]["children"] for h in headings] == ["2 comments", "1 comment"]


def test_the_controls_go_into_the_query_string_through_url_state():
    params = [
        (ids.MODERATION_THRESHOLD, 0.65),
        (ids.MODERATION_ORDER, "score"),
        (ids.MODERATION_FEEDBACK_THRESHOLD, 0.5),
    ]
    assert url_state.search_of([None] * len(ui_filters.FILTER_PROPS), params) == "?threshold=0.65&order=score"


def test_the_page_reads_its_controls_from_the_url(app):
    response = app.server.test_client().get("/moderation?threshold=0.7&order=score&chart=day")
    assert response.status_code == 200
    from dashboard.pages import moderation

    layout = json.dumps(moderation.layout(threshold="0.7", order="score", chart="day"), cls=PlotlyJSONEncoder)
    assert '"value": 0.7' in layout and '"value": "score"' in layout and '"value": "day"' in layout
    unreadable = json.dumps(moderation.layout(threshold="lots", order="loudest"), cls=PlotlyJSONEncoder)
    assert '"value": 0.5' in unreadable and '"value": "newest"' in unreadable


def test_the_time_chart_and_its_csv_are_the_same_rows(app):
    inputs = [
        _filters("moderation"),
        (ids.MODERATION_THRESHOLD, "value", 0.5),
        (ids.MODERATION_GRANULARITY, "value", "week"),
    ]
    (figure,) = _post(app, [(ids.MODERATION_TIME.graph, "figure")], inputs)
    payload = {
        "output": f"{ids.MODERATION_TIME.download}.data",
        "outputs": {"id": ids.MODERATION_TIME.download, "property": "data"},
        "inputs": [{"id": ids.MODERATION_TIME.csv, "property": "n_clicks", "value": 1}],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{ids.MODERATION_TIME.csv}.n_clicks"],
    }
    data = app.server.test_client().post("/_dash-update-component", json=payload).get_json()["response"]
    download = data[ids.MODERATION_TIME.download]["data"]
    assert download["filename"].startswith("diskurs-moderation-over-time-")
    content = download["content"]
    body = base64.b64decode(content).decode("utf-8") if download.get("base64") else content
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row["week"] for row in rows] == [str(x) for x in figure["data"][0]["x"]]
    assert [int(row["n_flagged"]) for row in rows] == [3, 1, 0]


def test_the_overview_lists_alerts_with_their_numbers_and_thread_links():
    alerts = pd.DataFrame(
        {"article_id": ["fn-02"], "title": ["Datenleck"], "signal": ["negative"], "n": [42], "share": [0.76]}
    )
    shown = parts.alert_list(alerts, ["negative 76% of 42 (usual 38%, z 5.1)"]).to_plotly_json()
    item = shown["props"]["children"][0].to_plotly_json()["props"]["children"]
    assert item[0].href == "/thread?article=fn-02" and item[0].children == "Datenleck"
    assert item[1].children == " — negative 76% of 42 (usual 38%, z 5.1)"


def test_the_overview_alerts_card_says_when_nothing_stands_out(app):
    (shown,) = _post(app, [(ids.OVERVIEW_ALERTS, "children")], [_filters("overview")])
    assert _texts(shown) == ["No article stands out."]


def test_a_signal_filter_narrows_a_streamed_download(app, reader):
    flagged = reader.query(queries.count_flagged, filters_from(), "needs_moderation", 0.6)
    assert 0 < flagged < reader.query(queries.count_flagged, filters_from(), "needs_moderation", 0.0)
    response = app.server.test_client().get("/download/articles.csv?needs_moderation=0.6", buffered=False)
    body = b"".join(response.response).decode("utf-8")
    response.close()
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert sum(int(row["n_comments"]) for row in rows) == flagged
    assert app.server.test_client().get("/download/articles.csv?needs_moderation=2").status_code == 400
