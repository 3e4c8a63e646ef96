"""In a real browser: the pages run under the Content-Security-Policy without one violation,
and markup in article titles and topics stays text in the charts (no live link)."""

import pytest
import requests
from dash.testing import wait

from dashboard import auth, ids, users
from dashboard.app import create_app
from etl.config import Settings

LINK = '<a href="https://ph.ish/x">Klick</a>'
HOSTILE_TOPIC = '<b>Fett</b><span style="font-size:90px">Groß</span>'


@pytest.fixture
def hostile_app(tmp_path, dashboard_frames, publish):
    """The fixture data with a link for a title, markup for a topic, and scripts for two article urls."""
    articles = dashboard_frames["articles"].assign(
        title=[f"{LINK} {i}" for i in range(3)],
        url=["javascript:alert(1)", "https://zeitung.example/a2", "data:text/html,<b>x</b>"],
    )
    comments = dashboard_frames["comments"].assign(topics=HOSTILE_TOPIC)
    store_dir = tmp_path / "hostile"
    publish(store_dir, dict(dashboard_frames, articles=articles, comments=comments))
    return create_app(Settings(store_dir=store_dir))


def _links_to_phish(dash_duo):
    return dash_duo.driver.execute_script(
        'return document.querySelectorAll(\'a[href="https://ph.ish/x"], a[*|href="https://ph.ish/x"]\').length;'
    )


def test_titles_and_topics_with_markup_are_text_in_the_charts(dash_duo, hostile_app):
    dash_duo.start_server(hostile_app)
    dash_duo.driver.set_window_size(1400, 1000)
    # A floor of one comment: the fixture's articles are small (the ranking's default is 20).
    dash_duo.wait_for_page(dash_duo.server_url + "/?min_comments=1")
    dash_duo.wait_for_element(f"#{ids.OVERVIEW_NEGATIVE.graph} .ytick")
    wait.until(lambda: "Klick" in dash_duo.find_element(f"#{ids.OVERVIEW_NEGATIVE.graph}").text, timeout=10)
    assert '<a href="https://ph.ish/x">' in dash_duo.find_element(f"#{ids.OVERVIEW_NEGATIVE.graph}").text
    assert _links_to_phish(dash_duo) == 0
    dash_duo.find_element('.nav-link[href^="/topics"]').click()
    dash_duo.wait_for_element(f"#{ids.TOPICS_VOLUME.graph} .ytick")
    wait.until(lambda: "<b>Fett</b>" in dash_duo.find_element(f"#{ids.TOPICS_VOLUME.graph}").text, timeout=10)
    bold = dash_duo.driver.execute_script(
        "return document.querySelectorAll('#" + ids.TOPICS_VOLUME.graph + ' .ytick tspan[style*="bold"]\').length;'
    )
    assert bold == 0
    assert _links_to_phish(dash_duo) == 0
    assert dash_duo.get_logs() == []


def test_titles_are_text_and_only_http_urls_links_in_the_articles_table(dash_duo, hostile_app):
    dash_duo.start_server(hostile_app)
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(dash_duo.server_url + "/articles")
    wait.until(lambda: len(dash_duo.find_elements("#articles-grid .ag-row [col-id='title_link'] a")) == 3, timeout=10)

    def titles():
        cells = dash_duo.find_elements("#articles-grid .ag-row [col-id='title_link'] a")
        return sorted(a.get_attribute("textContent") for a in cells)

    wanted = sorted(f"{LINK} {i}" for i in range(3))  # the markup as text, each a thread link
    wait.until(lambda: titles() == wanted, timeout=10, msg=f"titles {titles()}")
    hrefs = [a.get_attribute("href") for a in dash_duo.find_elements("#articles-grid .ag-row [col-id='url_link'] a")]
    assert hrefs == ["https://zeitung.example/a2"]  # the one http(s) url; the others are text
    url_cells = dash_duo.find_elements("#articles-grid .ag-row [col-id='url_link']")
    cells = " ".join(cell.get_attribute("textContent") for cell in url_cells)
    assert "javascript:alert(1)" in cells and "data:text/html,<b>x</b>" in cells
    assert _links_to_phish(dash_duo) == 0
    unsafe = "a[href^='javascript'], a[href^='data']"
    assert dash_duo.driver.execute_script(f'return document.querySelectorAll("{unsafe}").length;') == 0
    assert dash_duo.get_logs() == []


def test_pages_run_under_the_content_security_policy_without_a_violation(dash_duo, hostile_app):
    dash_duo.start_server(hostile_app)
    policy = requests.get(dash_duo.server_url, timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy
    for path, selector in (("/", ".js-plotly-plot"), ("/comments", ".ag-row"), ("/thread", ".comment-card")):
        dash_duo.wait_for_page(dash_duo.server_url + path)
        dash_duo.wait_for_element(selector)
    # Chromium logs each violation of the policy as a console error.
    assert dash_duo.get_logs() == []


def test_signing_in_on_the_form_shows_the_overview(dash_duo, fixture_store, tmp_path):
    users_file = tmp_path / "users.json"
    users.add(users_file, "anna", "correct horse battery", "viewer")
    # Not navigate=True: that waits for Dash's page, and a stranger gets the sign-in form instead.
    dash_duo.start_server(create_app(Settings(store_dir=fixture_store), auth=auth.AuthSettings(users_file)), False)
    assert requests.get(dash_duo.server.url + "/_dash-layout", timeout=10).status_code == 401
    dash_duo.driver.get(dash_duo.server.url + "/")
    dash_duo.wait_for_element("#sign-in")
    dash_duo.find_element("#name").send_keys("anna")
    dash_duo.find_element("#password").send_keys("correct horse battery")
    dash_duo.find_element("#sign-in").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "9")
    dash_duo.wait_for_element("#overview-mix-graph .js-plotly-plot")
    dash_duo.find_element(f"#{ids.SIGN_OUT}").click()
    dash_duo.wait_for_element("#sign-in")
    # The sign-in form comes with a 401, which Chromium logs; nothing else may be logged.
    assert [log["message"] for log in dash_duo.get_logs() if "status of 401" not in log["message"]] == []
