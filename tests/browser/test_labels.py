"""An editor labels a comment on the thread page while `etl run` writes a new version, with two
gunicorn workers serving: the label shows after a reload and in the CSV download (issue 11)."""

import csv
import io
import os
import subprocess
import sys
import time

import pytest
from paths import ROOT
from selenium.webdriver.common.by import By

sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus
from serving import free_port, get, run_store, served


@pytest.fixture
def served_store(tmp_path):
    store = run_store(tmp_path / "store")
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"]
    # English: the label texts below are read as written (tests/browser/test_language.py reads German).
    env = {**os.environ, "DISKURS_STORE": str(store), "DISKURS_LANG": "en"}
    with served(command, port, env=env) as base:
        yield store, base


def fetch(url):
    return get(url)[1].decode("utf-8")


def _wait(driver, test, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = test()
            if found:
                return found
        except Exception:  # an element replaced while we looked: look again
            pass
        time.sleep(0.2)
    raise AssertionError("timed out waiting in the browser")


def _button(driver, comment_id, task, value):
    selector = f'button[id*=\'"comment":"{comment_id}"\'][id*=\'"task":"{task}"\'][id*=\'"value":"{value}"\']'
    return driver.find_element(By.CSS_SELECTOR, selector)


def test_a_label_given_while_the_etl_writes_shows_after_reload_and_in_the_csv(dash_duo, served_store, tmp_path):
    store, base = served_store
    big = tmp_path / "big.csv"
    write_corpus(big, 8000)
    writer = subprocess.Popen(
        [sys.executable, "-m", "etl", "run", str(big), "--store", str(store), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    driver = dash_duo.driver
    driver.set_window_size(1400, 1000)
    driver.get(base + "/thread?article=art-1")
    name = _wait(driver, lambda: driver.find_element(By.ID, "editor-name"))
    name.send_keys("Redakteurin")
    _wait(driver, lambda: _button(driver, "a2", "sentiment", "negative")).click()
    shown = '[id*=\'"comment":"a2"\'][id*=\'"task":"sentiment"\'].label-shown'
    _wait(driver, lambda: driver.find_element(By.CSS_SELECTOR, shown).text == "negative (by Redakteurin)")
    _wait(driver, lambda: _button(driver, "a2", "stance", "disagree")).click()
    stance = '[id*=\'"comment":"a2"\'][id*=\'"task":"stance"\'].label-shown'
    _wait(driver, lambda: driver.find_element(By.CSS_SELECTOR, stance).text == "disagree (by Redakteurin)")
    assert writer.poll() is None, "the run ended before the labels were given: make it longer"

    driver.refresh()  # the next answers may come from the other worker
    _wait(driver, lambda: "chosen" in _button(driver, "a2", "sentiment", "negative").get_attribute("class"))
    assert "chosen" in _button(driver, "a2", "stance", "disagree").get_attribute("class")
    assert _wait(driver, lambda: driver.find_element(By.ID, "editor-name").get_attribute("value")) == "Redakteurin"
    assert writer.wait(timeout=300) == 0

    rows = {row["comment_id"]: row for row in csv.DictReader(io.StringIO(fetch(base + "/download/comments.csv")))}
    assert len(rows) == 4 + 8000  # the new version is served, the labels still there
    assert (rows["a2"]["sentiment_editor"], rows["a2"]["stance_editor"]) == ("negative", "disagree")
    assert rows["a1"]["sentiment_editor"] == ""
