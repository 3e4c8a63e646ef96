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
