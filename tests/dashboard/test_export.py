"""Downloads name their sources, never the server's paths (the CLI's export keeps them)."""

import csv
import io

import pandas as pd
import pytest

from dashboard import export
from dashboard.app import create_app
from etl.config import Settings

SECRET_DIR = "/srv/newsroom/private/exports"


@pytest.fixture
def located_store(tmp_path, dashboard_frames, publish):
    """The fixture store with absolute input paths, as a real run keeps them."""
    store_dir = tmp_path / "located"
    frames = dict(
        dashboard_frames,
        comments=dashboard_frames["comments"].assign(source=f"{SECRET_DIR}/forum-a.csv"),
        articles=dashboard_frames["articles"].assign(source="https://user:pw@zeitung.example/wp?x=1"),
        runs=dashboard_frames["runs"].assign(inputs=f"{SECRET_DIR}/forum-a.csv; C:\\Daten\\forum-b.xml"),
    )
    publish(store_dir, frames)
    return store_dir


def _rows(client, route):
    response = client.get(route)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    return body, list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("route", ["/download/comments.csv", "/download/thread.csv?article=a1"])
def test_streamed_downloads_give_a_sources_file_name_not_its_path(located_store, route):
    client = create_app(Settings(store_dir=located_store)).server.test_client()
    body, rows = _rows(client, route)
    assert rows and {row["source"] for row in rows} == {"forum-a.csv"}
    assert SECRET_DIR not in body


def test_chart_downloads_name_sources_and_every_input_of_a_run():
    runs = pd.DataFrame({"run_id": ["r1"], "inputs": [f"{SECRET_DIR}/a.csv; C:\\Daten\\b.xml; https://site.example/"]})
    sent = export.csv_download(runs, "runs")["content"]
    assert "a.csv; b.xml; https://site.example/" in sent
    assert SECRET_DIR not in sent and "Daten" not in sent


def test_source_name_keeps_a_sites_address_without_credentials_or_query():
    assert export.source_name("https://user:pw@zeitung.example:8443/wp?key=1#x") == "https://zeitung.example:8443/wp"
    assert export.source_name("/data/in/forum.csv.xz") == "forum.csv.xz"
    assert export.source_name("fixture") == "fixture"
    assert export.source_name(None) is None


def test_the_cli_export_to_a_local_file_keeps_the_paths(located_store, cli, tmp_path):
    out = tmp_path / "comments.csv"
    assert cli("export", "comments", "--store", located_store, "--out", out).returncode == 0
    assert f"{SECRET_DIR}/forum-a.csv" in out.read_text()


def test_a_download_can_be_asked_for_in_the_german_excel_dialect(fixture_store):
    from dashboard.app import create_app
    from etl.config import Settings

    client = create_app(Settings(store_dir=fixture_store)).server.test_client()
    body = client.get("/download/comments.csv?excel=1").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    header = body.decode("utf-8-sig").splitlines()[0]
    assert ";" in header and "," not in header
    plain = client.get("/download/comments.csv").get_data()
    assert not plain.startswith(b"\xef\xbb\xbf") and b"," in plain.splitlines()[0]


# The golden comparison of the comments download: DuckDB's COPY (etl.store.csv_out) sends the
# bytes the Python writer sent of the same rows (csv_chunks over queries.comment_row_chunks).
@pytest.fixture
def nasty_store(tmp_path, dashboard_frames, publish):
    from export_store import write_nasty_store

    return write_nasty_store(tmp_path / "nasty", dashboard_frames, publish)


def _python_download(store_dir, query):
    from werkzeug.datastructures import MultiDict

    from dashboard import queries
    from dashboard.filters import filters_from_args
    from etl import store
    from etl.export import with_editor_labels
    from etl.store import labels

    args = MultiDict(query)
    editor = labels.editor_columns(store_dir)
    with store.connect_readonly(store_dir) as con:
        chunks = queries.comment_row_chunks(con, filters_from_args(args), vectors=1)
        text = "".join(export.csv_chunks((with_editor_labels(c, editor) for c in chunks), export.wants_excel(args)))
    return text.encode("utf-8")


@pytest.mark.parametrize(
    "query",
    [
        [],
        [("excel", "1")],
        [("sentiment", "negative"), ("sentiment", "positive")],
        [("article", "nasty"), ("excel", "1")],
        [("search", "zeile")],
        [("start", "2025-05-27"), ("end", "2025-05-27")],
        [("needs_moderation", "0.2")],
        [("article", "nothing-here")],
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q) or "unfiltered",
)
def test_the_comments_download_is_written_by_duckdb_with_the_same_bytes(nasty_store, query):
    from urllib.parse import urlencode

    client = create_app(Settings(store_dir=nasty_store)).server.test_client()
    response = client.get(f"{export.COMMENTS_CSV}?{urlencode(query)}")
    assert response.status_code == 200 and response.is_streamed
    body = response.get_data()
    assert body == _python_download(nasty_store, query)
    if not query:
        assert b"forum-a.csv" in body and b"/srv/newsroom" not in body and b"user:pw" not in body
        assert b"https://zeitung.example:8443/wp," in body and b"'=SUMME(A1:A3)" in body


def test_a_download_leaves_no_file_behind(nasty_store, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    client = create_app(Settings(store_dir=nasty_store)).server.test_client()
    assert client.get(export.COMMENTS_CSV).get_data().count(b"\n") > 80
    assert not list((tmp_path / "tmp").iterdir())
