"""The comments page in Chromium: sort on a column, search with two words and with a quoted
phrase, and see the rows the store gives for each; the vote and removal charts where the store
has votes and removed comments."""

import json
from urllib.parse import unquote

import pytest
from dash.testing import wait
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.app import create_app
from dashboard.components import grid
from etl.config import Settings

VOTES = {"c1": (10, 2), "c2": (1, 8), "c3": (4, 4), "c5": (0, 0), "c6": (0, 12), "c7": (7, 1), "c9": (3, 3)}


@pytest.fixture
def voted_app(fixture_store, dashboard_frames, publish):
    """The dashboard on the fixture store with votes on most comments (c6 is deleted)."""
    comments = dashboard_frames["comments"]
    comments = comments.assign(
        positive_votes=comments["comment_id"].map(lambda c: VOTES.get(c, (None, None))[0]).astype("Int64"),
        negative_votes=comments["comment_id"].map(lambda c: VOTES.get(c, (None, None))[1]).astype("Int64"),
    )
    publish(fixture_store, dict(dashboard_frames, comments=comments))
    texts = dict(zip(comments["comment_id"], comments["text"], strict=True))
    return create_app(Settings(store_dir=fixture_store)), texts


def css_id(component_id):
    """A CSS selector of a component by its id (a dict id: its JSON, keys sorted, as Dash writes it)."""
    if isinstance(component_id, dict):
        return f"[id='{json.dumps(component_id, sort_keys=True, separators=(',', ':'))}']"
    return f"#{component_id}"


def shown_texts(dash_duo):
    """The text cells of the grid's rows, top to bottom (the rows' own index, not DOM order)."""
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#comments-grid .ag-center-cols-container .ag-row'))"
        ".filter(row => row.querySelector('[col-id=\"text\"]'))"
        ".sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))"
        ".map(row => row.querySelector('[col-id=\"text\"]').textContent);"
    )


def wait_for_rows(dash_duo, texts, ids_in_order, what):
    expected = [texts[comment_id] for comment_id in ids_in_order]
    wait.until(lambda: shown_texts(dash_duo) == expected, timeout=15, msg=f"{what}: {shown_texts(dash_duo)}")


def search_for(dash_duo, words):
    # A search is written to the URL, and Dash pages then draws the page again from it, the box as
    # the URL says: typing before that has landed loses the words to the search before them (the
    # flake this test had). So the page settles first: no callback in flight.
    wait.until(lambda: dash_duo.redux_state_rqs == [], timeout=15, msg="the page never settled")
    box = dash_duo.find_element(css_id(ids.COMMENTS_SEARCH))
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(words, Keys.ENTER)

    def typed():  # the box now on the page (it may have been drawn again)
        return dash_duo.find_element(css_id(ids.COMMENTS_SEARCH)).get_attribute("value")

    # What was typed stays in the box (nothing the page writes back, e.g. from the URL, undoes it).
    wait.until(lambda: typed() == words, timeout=10, msg=f"the search box lost {words!r}: {typed()!r}")


def test_sort_then_search_two_words_then_a_phrase(dash_duo, voted_app):
    app, texts = voted_app
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1600, 1000)
    dash_duo.find_element('.nav-link[href^="/comments"]').click()
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "9 comments match")
    # Table order first: newest article first (a3, a2, a1), each in thread order.
    wait_for_rows(dash_duo, texts, ["c10", "c7", "c8", "c9", "c1", "c2", "c3", "c4", "c5"], "table order")

    # One click on Polarity: highest first (a number column sorts down first); ties by comment id.
    dash_duo.find_element('.ag-header-cell[col-id="polarity"] .ag-header-cell-label').click()
    wait_for_rows(dash_duo, texts, ["c9", "c5", "c2", "c10", "c4", "c8", "c3", "c1", "c7"], "polarity, highest first")

    # Two words: both must occur, anywhere; the sort stays.
    search_for(dash_duo, "das gut")
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "2 comments match")
    wait_for_rows(dash_duo, texts, ["c5", "c2"], "search das gut")

    # The same words as a phrase: only where they stand together.
    search_for(dash_duo, '"das gut"')
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    wait_for_rows(dash_duo, texts, ["c5"], "phrase das gut")

    # No search again, and a click on Author sorts on it instead (A to Z; c5 has no author, last).
    search_for(dash_duo, "")
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "9 comments match")
    dash_duo.find_element('.ag-header-cell[col-id="author"] .ag-header-cell-label').click()
    wait_for_rows(dash_duo, texts, ["c1", "c3", "c2", "c7", "c8", "c9", "c4", "c10", "c5"], "author A to Z")


def test_votes_and_removed_comments_are_charted_when_the_store_has_them(dash_duo, voted_app):
    app, _ = voted_app
    dash_duo.start_server(app)
    dash_duo.find_element('.nav-link[href^="/comments"]').click()
    dash_duo.wait_for_element(f"#{grid.VOTES_CHART.graph} .js-plotly-plot", timeout=15)
    dash_duo.wait_for_element(f"#{grid.REMOVED_CHART.graph} .js-plotly-plot", timeout=15)
    # The sections and the vote columns show once the page has asked what the store holds: a
    # callback of its own, which may answer after the charts are drawn (hidden until then).
    for shown in (f"#{grid.VOTES_SECTION}", f"#{grid.REMOVED_SECTION}", '.ag-header-cell[col-id="positive_votes"]'):
        wait.until(lambda shown=shown: dash_duo.find_element(shown).is_displayed(), timeout=15, msg=f"{shown} hidden")


def test_the_status_picker_shows_the_removed_comments(dash_duo, voted_app):
    app, texts = voted_app
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1600, 1000)
    dash_duo.find_element('.nav-link[href^="/comments"]').click()
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "9 comments match")
    dash_duo.find_element(css_id(grid.STATUS)).click()
    dash_duo.wait_for_element(".dash-dropdown-option:nth-child(2)")
    options = dash_duo.find_elements(".dash-dropdown-option")
    assert [option.text for option in options] == ["Published (9)", "Removed (1)", "Any status"]
    options[1].click()
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    wait_for_rows(dash_duo, texts, ["c6"], "removed comments")
    wait.until(lambda: "status=deleted" in dash_duo.driver.current_url, timeout=10, msg="the status not in the URL")


def test_search_status_votes_and_sort_live_in_the_url(dash_duo, voted_app):
    app, texts = voted_app

    def url():
        return unquote(dash_duo.driver.current_url)

    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1600, 1000)
    dash_duo.driver.get(dash_duo.server_url + "/comments?status=any&up_votes=3&sort=negative_votes:desc")
    # c6 (removed) counts with any status; at least 3 up votes: c1, c3, c7, c9; most down votes first.
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "4 comments match")
    wait_for_rows(dash_duo, texts, ["c3", "c9", "c1", "c7"], "the URL's view")
    assert dash_duo.find_element(css_id(ids.COMMENTS_SEARCH)).get_attribute("value") == ""
    dash_duo.find_element('.ag-header-cell[col-id="polarity"] .ag-header-cell-label').click()
    wait_for_rows(dash_duo, texts, ["c9", "c3", "c1", "c7"], "by polarity")
    wait.until(lambda: "sort=polarity:desc" in url(), timeout=10, msg=f"the sort not in the URL: {url()}")
    dash_duo.driver.back()
    wait.until(lambda: "sort=negative_votes:desc" in url(), timeout=10, msg=f"back: {url()}")
    wait_for_rows(dash_duo, texts, ["c3", "c9", "c1", "c7"], "back to the URL's sort")

    # A search goes into the URL; a link with one opens the page searched.
    search_for(dash_duo, '"das ist" Europa')
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    wait.until(lambda: 'search="das ist" Europa' in url().replace("+", " "), timeout=10, msg=f"search: {url()}")
    dash_duo.driver.get(dash_duo.server_url + "/comments?search=stimmt+nicht&sort=author:asc")
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    wait_for_rows(dash_duo, texts, ["c2"], "a link with a search")
    assert dash_duo.find_element(css_id(ids.COMMENTS_SEARCH)).get_attribute("value") == "stimmt nicht"


def test_a_click_on_a_target_stance_opens_those_comments(dash_duo, voted_app):
    app, texts = voted_app

    def url():
        return unquote(dash_duo.driver.current_url)

    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1600, 1000)
    dash_duo.driver.get(dash_duo.server_url + "/topics?sentiment=negative&sentiment=positive")
    # The "against" segment (the second trace) of the first bar: China, c1 (c6 is deleted).
    segment = f"#{ids.TOPICS_TARGETS.graph} .barlayer .trace:nth-of-type(2) .point path"
    bar = dash_duo.wait_for_element(segment, timeout=20)
    ActionChains(dash_duo.driver).move_to_element(bar).click().perform()
    wait.until(lambda: "/comments?" in url(), timeout=10, msg=f"no drill-down: {url()}")
    # The global filters go along; the target and its stance are the page's own choices.
    assert url().endswith("/comments?sentiment=negative&sentiment=positive&target=China&target_stance=against")
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    wait_for_rows(dash_duo, texts, ["c1"], "China, against")
    # The page filters by the stance toward targets: it says how far to trust it.
    dash_duo.wait_for_contains_text(".agreement-line", "Stance toward targets by cues")
    assert dash_duo.find_element(f"{css_id(grid.TARGET)} .dash-dropdown-value").text.startswith("China")
    # The picker lists the store's targets with their counts; the stance cleared shows all of China's.
    dash_duo.find_element(css_id(grid.TARGET)).click()
    dash_duo.wait_for_element(".dash-dropdown-option:nth-child(2)")
    assert [option.text for option in dash_duo.find_elements(".dash-dropdown-option")] == ["China (3)", "EU (2)"]
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    dash_duo.driver.get(dash_duo.server_url + "/comments?target=China")
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "3 comments match")
