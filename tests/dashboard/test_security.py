"""Caps and checks: body size (413), malformed callbacks and bad values (400 with one line,
never 500), the search length, and the security headers on every response."""

import pytest

from dashboard import filters, ids, security
from dashboard.app import create_app
from dashboard.components import grid
from etl.config import Settings

GOOD_FILTERS = {"version": "v", "filters": {}}


@pytest.fixture
def client(fixture_store):
    return create_app(Settings(store_dir=fixture_store)).server.test_client()


def _callback(output, prop, inputs, states=()):
    return {
        "output": f"{output}.{prop}",
        "outputs": {"id": output, "property": prop},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in states],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }


def _rows(request, page_filters=GOOD_FILTERS, search=None):
    return _callback(
        ids.COMMENTS_GRID,
        "getRowsResponse",
        [(ids.COMMENTS_GRID, "getRowsRequest", request)],
        [(ids.COMMENTS_FILTERS, "data", page_filters), (ids.COMMENTS_SEARCH, "value", search)]
        + [(component, prop, None) for component, prop in grid.CHOICES],
    )


def _count(search, page_filters=GOOD_FILTERS):
    return _callback(
        ids.COMMENTS_COUNT,
        "children",
        [(ids.COMMENTS_FILTERS, "data", page_filters), (ids.COMMENTS_SEARCH, "value", search)]
        + [(component, prop, None) for component, prop in grid.CHOICES],
    )


@pytest.mark.parametrize(
    "route", ["/", "/comments", "/_dash-layout", "/_dash-dependencies", "/healthz", "/download/comments.csv"]
)
def test_every_response_carries_the_security_headers(client, route):
    response = client.get(route)
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]


def test_the_csp_allows_exactly_the_inline_scripts_dash_writes(fixture_store):
    app = create_app(Settings(store_dir=fixture_store))
    policy = app.server.test_client().get("/").headers["Content-Security-Policy"]
    for script_hash in app.csp_hashes():
        assert script_hash in policy


def test_a_body_over_one_mebibyte_is_refused_with_413(client):
    huge = "x" * (security.MAX_BODY + 1)
    response = client.post("/_dash-update-component", json=_count(huge))
    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"output": "a.b", "outputs": {"id": "a"}, "inputs": []}',
        b'{"output": "a.b", "outputs": {"id": "a", "property": "b"}, "inputs": "x"}',
        b'{"output": "a.b", "outputs": {"id": "a", "property": "b"}, "inputs": [], "changedPropIds": [1]}',
        b'{"output": "nope.children", "outputs": {"id": "nope", "property": "children"}, "inputs": []}',
    ],
)
def test_a_malformed_callback_body_is_400_not_500(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]


@pytest.mark.parametrize(
    "payload",
    [
        _rows({"startRow": -50, "endRow": 0}),
        _rows({"startRow": "zero", "endRow": 50}),
        _rows({"startRow": 0, "endRow": 10_000_000}),
        _rows({"startRow": 0, "endRow": 50}, page_filters="everything"),
        _rows({"startRow": 0, "endRow": 50}, page_filters={"filters": {"start": "2025-02-30"}}),
        _rows({"startRow": 0, "endRow": 50}, page_filters={"filters": {"topics": {"a": 1}}}),
        _rows({"startRow": 0, "endRow": 50}, page_filters={"filters": {"sql": "1"}}),
        _count(["a list, not text"]),
    ],
)
def test_bad_values_in_a_callback_are_400_with_one_line(client, payload):
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 400
    assert "\n" not in response.get_json()["error"]


def test_good_callbacks_still_answer(client):
    response = client.post("/_dash-update-component", json=_rows({"startRow": 0, "endRow": 50}))
    assert response.status_code == 200
    assert response.get_json()["response"][ids.COMMENTS_GRID]["getRowsResponse"]["rowCount"] == 9


def test_a_long_search_is_cut_and_the_page_says_so(client):
    response = client.post("/_dash-update-component", json=_count("a" * 5000))
    assert response.status_code == 200
    text = response.get_json()["response"][ids.COMMENTS_COUNT]["children"]
    assert text == "0 comments match (search cut to its first 200 characters)"
    assert filters.filters_from(search="ab" * 300).search == "ab" * 100


@pytest.mark.parametrize(
    "route, reason",
    [
        ("/download/comments.csv?start=2025-13-45", "start must be a date"),
        ("/download/comments.csv?end=yesterday", "end must be a date"),
        ("/download/articles.csv?start=99999-01-01", "start must be a date"),
        ("/download/comments.csv?search=" + "a" * 201, "search must be at most 200 characters"),
        ("/download/comments.csv?" + "&".join(["topic=x"] * 1001), "topic must be a list"),
        ("/download/thread.csv?article=" + "a" * 1001, "article must be at most"),
    ],
)
def test_bad_download_arguments_are_400_with_the_reason(client, route, reason):
    response = client.get(route)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(reason)


def test_good_download_arguments_still_download(client):
    response = client.get("/download/comments.csv?start=2025-05-19&end=2025-05-26&search=" + "a" * 200)
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("comment_id,")
