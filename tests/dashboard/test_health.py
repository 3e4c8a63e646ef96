"""A failed run and an unreadable store show: in the header's status line and in /healthz
(503 with the reason), never as a 500 traceback nor as "0 comments, ok"."""

import pytest
from paths import DATA

from dashboard import ids
from dashboard.app import create_app, refresh_status
from dashboard.reader import StoreReader
from etl.config import Settings
from etl.store import versions

REJECTED = "comment_id,article_id,text\nx1,,\n"


@pytest.fixture
def loaded(tmp_path, cli):
    """A store loaded by a real run of forum-a.csv, and a file that --strict refuses."""
    store_dir = tmp_path / "store"
    assert cli("run", DATA / "run" / "forum-a.csv", "--store", store_dir, "--quiet").returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(REJECTED, encoding="utf-8")
    return store_dir, bad


def _healthz(store_dir):
    response = create_app(Settings(store_dir=store_dir)).server.test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_healthz_is_ok_after_a_good_run_and_names_it(loaded):
    store_dir, _ = loaded
    code, body = _healthz(store_dir)
    assert code == 200
    assert (body["status"], body["reason"], body["comments"]) == ("ok", None, 4)
    assert body["last_run"]["status"] == "ok" and body["last_run"]["command"] == "run"


def test_a_failed_run_makes_healthz_answer_503_with_its_reason_until_a_run_succeeds(loaded, cli):
    store_dir, bad = loaded
    assert cli("run", bad, "--store", store_dir, "--strict").returncode == 1
    code, body = _healthz(store_dir)
    assert code == 503
    assert body["status"] == "error"
    assert body["reason"].startswith("last run failed at ")
    assert "--strict: 1 rejected record" in body["reason"]
    assert body["comments"] == 4  # the data served is still there
    assert cli("refresh", "--store", store_dir, "--quiet").returncode == 0
    assert _healthz(store_dir)[0] == 200


def test_the_header_says_the_last_run_failed_and_why(loaded, cli):
    store_dir, bad = loaded
    reader = StoreReader(store_dir)
    text, css_class, version, *_ = refresh_status(reader, None)
    assert "failed" not in text and css_class == "last-refreshed"
    assert " · last run ok at " in text
    assert cli("run", bad, "--store", store_dir, "--strict").returncode == 1
    # No new version: the status line changes all the same.
    text, css_class, *rest = refresh_status(reader, version)
    assert text.startswith("Last run failed at ") and "missing article_id" in text
    assert "Data refreshed " in text
    assert css_class == "last-refreshed status-problem"


def _corrupt(store_dir):
    path = versions.current_path(store_dir)
    path.write_bytes(b"this is not a DuckDB database" * 100)
    return path


def test_a_corrupt_store_is_503_with_the_reason_never_zero_comments(loaded):
    store_dir, _ = loaded
    _corrupt(store_dir)
    code, body = _healthz(store_dir)
    assert code == 503
    assert body["status"] == "error" and body["reason"].startswith("store cannot be read: ")
    assert body["comments"] is None


def test_a_corrupt_store_shows_its_reason_in_the_header_and_callbacks_answer_503(loaded):
    store_dir, _ = loaded
    _corrupt(store_dir)
    app = create_app(Settings(store_dir=store_dir))
    text, css_class, *_ = refresh_status(StoreReader(store_dir), None)
    assert text.startswith("Store cannot be read: ") and css_class.endswith("status-problem")
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    graph, page_filters = ids.TOPICS_VOLUME.graph, ids.page_filters("topics")
    payload = {
        "output": f"{graph}.figure",
        "outputs": {"id": graph, "property": "figure"},
        "inputs": [{"id": page_filters, "property": "data", "value": {"version": "v", "filters": {}}}],
        "changedPropIds": [f"{page_filters}.data"],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 503
    assert response.get_json()["error"].startswith("store cannot be read: ")
    assert client.get("/download/comments.csv").status_code == 503


def test_current_naming_a_missing_file_is_503_with_the_reason(loaded):
    store_dir, _ = loaded
    versions.current_path(store_dir).unlink()
    code, body = _healthz(store_dir)
    assert code == 503
    assert "store cannot be read" in body["reason"]
