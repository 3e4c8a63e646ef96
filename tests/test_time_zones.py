"""One read path: the CLI's exports and the dashboard's downloads, charts and health check read
the store in UTC whatever the machine's time zone, so they give the same bytes under any TZ."""

import csv
import io
import os
import subprocess
import sys
import textwrap

import pytest

from etl import pipeline
from etl.config import Settings

ZONES = ["UTC", "Europe/Berlin", "America/New_York"]
COMMENTS = """\
comment_id,parent_id,article_id,article_title,article_url,published_at,author,created_at,text
late,,a1,Spät am Abend,https://zeitung.example/a1,2025-01-15T22:00:00Z,Anna,2025-01-15T23:30:00Z,Gute Nachricht.
early,late,a1,Spät am Abend,https://zeitung.example/a1,2025-01-15T22:00:00Z,Bernd,2025-01-16T00:30:00Z,Stimmt nicht.
noon,,a2,Mittags,https://zeitung.example/a2,2025-01-20T04:30:00Z,Carla,2025-01-20T04:45:00Z,Schlechter Artikel.
"""
# Everything a user can read from the store, written to one folder per time zone.
READ_ALL = textwrap.dedent("""
    import sys
    from pathlib import Path

    from dashboard import queries
    from dashboard.app import create_app, health
    from dashboard.filters import filters_from
    from dashboard.reader import StoreReader
    from etl import cli
    from etl.config import Settings
    from etl.export import to_csv

    store, out = sys.argv[1], Path(sys.argv[2])
    for kind in ("comments", "articles", "runs", "rejects", "by-day", "by-topic", "target-stances"):
        assert cli.main(["export", kind, "--store", store, "--out", str(out / f"{kind}.csv")]) == 0
    assert cli.main(["export", "comments", "--since", "2025-01-16", "--until", "2025-01-16",
                     "--store", store, "--out", str(out / "since.csv")]) == 0
    client = create_app(Settings(store_dir=Path(store))).server.test_client()
    for name, route in (("download-comments", "/download/comments.csv?start=2025-01-16"),
                        ("download-articles", "/download/articles.csv"),
                        ("download-thread", "/download/thread.csv?article=a1")):
        (out / f"{name}.csv").write_bytes(client.get(route).data)
    reader = StoreReader(store)
    everything = filters_from()
    charts = {"per-day": reader.query(queries.by_period, everything, "day"),
              "per-week": reader.query(queries.by_period, everything, "week"),
              "stance-per-day": reader.query(queries.stance_by_period, everything, "day"),
              "bounds": reader.query(queries.date_bounds),
              "one-day-kpis": reader.query(queries.kpis, filters_from(start="2025-01-15", end="2025-01-15"))}
    for name, frame in charts.items():
        (out / f"chart-{name}.csv").write_text(to_csv(frame))
    (out / "healthz.txt").write_text(repr({k: v for k, v in health(reader).items() if k != "store_version"}))
""")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("time-zones")
    (folder / "comments.csv").write_text(COMMENTS, encoding="utf-8")
    pipeline.run([folder / "comments.csv"], Settings(store_dir=folder / "store", workers=1))
    return folder / "store"


@pytest.fixture(scope="module")
def read_under(store, tmp_path_factory):
    """{zone: {file name: bytes}} of everything read from the store by a process in that zone."""
    found = {}
    for zone in ZONES:
        out = tmp_path_factory.mktemp(zone.replace("/", "-"))
        subprocess.run(
            [sys.executable, "-c", READ_ALL, str(store), str(out)],
            check=True,
            timeout=300,
            env={**os.environ, "TZ": zone},
            capture_output=True,
        )
        found[zone] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    return found


@pytest.mark.parametrize("zone", ZONES[1:])
def test_everything_read_from_the_store_is_the_same_bytes_in_any_time_zone(read_under, zone):
    assert sorted(read_under[zone]) == sorted(read_under["UTC"])
    different = [name for name, data in read_under[zone].items() if data != read_under["UTC"][name]]
    assert different == []


def test_days_are_cut_and_times_stamped_in_utc(read_under):
    files = read_under["Europe/Berlin"]
    by_day = list(csv.DictReader(io.StringIO(files["by-day.csv"].decode())))
    assert [(row["day"], row["n_comments"]) for row in by_day] == [
        ("2025-01-15", "1"),
        ("2025-01-16", "1"),
        ("2025-01-20", "1"),
    ]
    assert files["chart-per-day.csv"] == files["by-day.csv"]  # the CLI and the chart: one query
    since = list(csv.DictReader(io.StringIO(files["since.csv"].decode())))
    assert [(row["comment_id"], row["created_at"]) for row in since] == [("early", "2025-01-16T00:30:00+00:00")]
    shown = list(csv.DictReader(io.StringIO(files["download-comments.csv"].decode())))
    assert [row["comment_id"] for row in shown] == ["noon", "early"]
    kpis = list(csv.DictReader(io.StringIO(files["chart-one-day-kpis.csv"].decode())))
    assert kpis[0]["n_comments"] == "1"
