"""The dashboard keeps answering while `python -m etl run` writes, and then serves the new data
without a restart: real processes, a real HTTP server on 127.0.0.1, a real store switch."""

import json
import subprocess
import sys
import time

import pytest
from paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus
from serving import free_port, get, run_store, served


def health(base):
    status, body = get(base + "/healthz")
    assert status == 200
    return json.loads(body)


@pytest.fixture
def served_store(tmp_path):
    store = run_store(tmp_path / "store")
    port = free_port()
    with served([sys.executable, "-m", "dashboard", "--store", str(store), "--port", str(port)], port) as base:
        yield store, base


def test_dashboard_answers_during_a_large_run_and_then_shows_the_new_data(served_store, tmp_path):
    store, base = served_store
    before = health(base)
    assert before["comments"] == 4
    big = tmp_path / "big.csv"
    write_corpus(big, 1500)

    writer = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(store), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    answers = []
    while writer.poll() is None:
        answers.append(health(base))
        assert get(base + "/")[0] == 200
        time.sleep(0.05)
    assert writer.returncode == 0, writer.stderr.read()

    after = health(base)
    assert after["comments"] == 4 + 1500
    assert after["store_version"] != before["store_version"]
    # Every answer during the run was a whole version, the old one until the switch and the new
    # one after it: never a half-written store, never back to the old one.
    seen = [(a["store_version"], a["comments"]) for a in answers]
    old, new = (before["store_version"], 4), (after["store_version"], 4 + 1500)
    assert len(seen) >= 5 and seen[0] == old
    assert set(seen) <= {old, new}
    assert seen == sorted(seen, key=lambda v: v == new)
