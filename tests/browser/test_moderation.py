"""An editor works the Moderation queue in a browser: the thresholds and order come from the URL,
one click confirms a flag and another dismisses one; both are stored with who gave them, and
still shown after a reload."""

import json

import pytest
from dash.testing import wait
from moderation_store import write_signal_version
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids, queries
from dashboard.app import create_app
from dashboard.filters import filters_from
from dashboard.reader import StoreReader
from etl.config import Settings
from etl.store import labels


@pytest.fixture
def moderation_app(tmp_path, dashboard_frames):
    store_dir = tmp_path / "signal-store"
    write_signal_version(store_dir, dashboard_frames)
    return create_app(Settings(store_dir=store_dir)), store_dir


def _button(dash_duo, comment_id, value):
    selector = f'button[id*=\'"comment":"{comment_id}"\'][id*=\'"task":"moderation"\'][id*=\'"value":"{value}"\']'
    return dash_duo.driver.find_element(By.CSS_SELECTOR, selector)


def _shown(dash_duo, comment_id):
    selector = f'[id*=\'"comment":"{comment_id}"\'][id*=\'"task":"moderation"\'].label-shown'
    return dash_duo.driver.find_element(By.CSS_SELECTOR, selector).text


def _queue_order(dash_duo):
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#moderation-queue .flagged-card .comment-author'))"
        ".map(span => span.textContent);"
    )


def test_an_editor_confirms_one_flag_and_dismisses_another(dash_duo, moderation_app):
    app, store_dir = moderation_app
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/moderation?threshold=0.6&order=score")
    dash_duo.wait_for_text_to_equal(f"#{ids.MODERATION_QUEUE_NOTE}", "3 comments above the threshold.")
    # How far to trust the flags, from the bundled figures (derStandard's moderators and readers).
    dash_duo.wait_for_contains_text(f"#{ids.MODERATION_TRUST}", "Needs moderation by rules-v1: finds 1% of the 900")
    dash_duo.wait_for_contains_text(f"#{ids.FEEDBACK_TRUST}", "Feedback by rules-v1: finds 20% of the 595")
    assert _queue_order(dash_duo) == ["Carla", "Anna", "Anna"]  # c7 0.9, c1 0.8, c3 0.6: by score
    queue = dash_duo.find_element(f"#{ids.MODERATION_QUEUE}").text
    assert "Why: insult: 'Furchtbare Idee'; shouting" in queue
    assert dash_duo.find_elements(f"#{ids.MODERATION_QUEUE} a[href='/thread?article=a2']")

    dash_duo.find_element(f"#{ids.EDITOR_NAME}").send_keys("Redakteurin")
    _button(dash_duo, "c7", "confirm").click()
    wait.until(lambda: _shown(dash_duo, "c7") == "confirmed (by Redakteurin)", timeout=10)
    _button(dash_duo, "c1", "dismiss").click()
    wait.until(lambda: _shown(dash_duo, "c1") == "dismissed (by Redakteurin)", timeout=10)
    stored = labels.read(store_dir, task="moderation")
    assert stored[["comment_id", "label", "annotator"]].values.tolist() == [
        ["c7", "confirm", "Redakteurin"],
        ["c1", "dismiss", "Redakteurin"],
    ]

    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal(f"#{ids.MODERATION_QUEUE_NOTE}", "3 comments above the threshold.")
    wait.until(lambda: "chosen" in _button(dash_duo, "c7", "confirm").get_attribute("class"), timeout=10)
    assert "chosen" in _button(dash_duo, "c1", "dismiss").get_attribute("class")
    assert _shown(dash_duo, "c3") == "not labelled"


def _checked(dash_duo, component_id):
    # Found and read in one step: Back and Forward draw the page anew, and an element found
    # before the drawing is gone when its value is read (a stale reference).
    selector = f"[id='{json.dumps(component_id, sort_keys=True, separators=(',', ':'))}'] input:checked"
    script = "const e = document.querySelector(arguments[0]); return e && e.value;"
    return dash_duo.driver.execute_script(script, selector)


def _address(dash_duo):
    return dash_duo.driver.execute_script("return window.location.pathname + window.location.search;")


def _scores(dash_duo):
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#moderation-queue .flagged-card .flag-score'))"
        ".map(span => span.textContent);"
    )


def test_back_and_forward_set_the_order_and_the_queue_as_the_address_says(dash_duo, moderation_app):
    by_score, newest = ["score 0.90", "score 0.80", "score 0.60"], ["score 0.90", "score 0.60", "score 0.80"]
    app, _ = moderation_app
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/moderation?threshold=0.6&order=score")
    dash_duo.wait_for_text_to_equal(f"#{ids.MODERATION_QUEUE_NOTE}", "3 comments above the threshold.")
    assert _scores(dash_duo) == by_score  # c7, c1, c3
    order = json.dumps(ids.MODERATION_ORDER, sort_keys=True, separators=(",", ":"))
    dash_duo.driver.find_element(By.CSS_SELECTOR, f"[id='{order}'] input[value='newest']").click()
    wait.until(lambda: _address(dash_duo) == "/moderation?threshold=0.6", timeout=20)
    wait.until(lambda: _scores(dash_duo) == newest, timeout=20)  # c7, c3, c1

    dash_duo.driver.back()
    wait.until(lambda: _address(dash_duo) == "/moderation?threshold=0.6&order=score", timeout=20)
    wait.until(lambda: _checked(dash_duo, ids.MODERATION_ORDER) == "score", timeout=20)
    wait.until(lambda: _scores(dash_duo) == by_score, timeout=20)
    dash_duo.driver.forward()
    wait.until(lambda: _checked(dash_duo, ids.MODERATION_ORDER) == "newest", timeout=20)
    wait.until(lambda: _scores(dash_duo) == newest, timeout=20)


def test_a_signal_score_in_the_header_filters_every_page_and_stays_in_the_address(dash_duo, moderation_app):
    app, store_dir = moderation_app
    reader = StoreReader(store_dir)
    flagged = reader.query(queries.count_flagged, filters_from(), "needs_moderation", 0.6)
    everything = reader.query(queries.kpis, filters_from())["n_comments"].iloc[0]
    assert 0 < flagged < everything
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", f"{everything:,}")
    box = dash_duo.find_element(f"#{ids.filter_signal('needs_moderation')}")
    box.send_keys("0.6", Keys.ENTER)
    wait.until(lambda: _address(dash_duo) == "/?needs_moderation=0.6", timeout=20)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", f"{flagged:,}", timeout=20)
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", f"{flagged:,}", timeout=20)
    assert dash_duo.find_element(f"#{ids.filter_signal('needs_moderation')}").get_attribute("value") == "0.6"
