"""Drill-down and the view in the URL, in a real browser, on a store of the shared derStandard
comments (/work/shared/data/one-million-posts/posts.csv.xz) with an article list written at run
time (tests/article_lists.py): a click on the top bar of the Overview's negative-articles chart
opens that article's thread; a link with filters in its query reproduces the view, also after a
reload; back and forward step through the filters. Skipped when the shared data is absent."""

import json

import pytest
from article_lists import write_omp_article_list
from dash.testing import wait
from paths import SHARED
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import filters, ids, queries
from dashboard.app import create_app
from dashboard.reader import StoreReader
from etl import pipeline
from etl.config import Settings

POSTS = SHARED / "one-million-posts" / "posts.csv.xz"
pytestmark = pytest.mark.skipif(not POSTS.is_file(), reason=f"shared real data not found at {POSTS}")


@pytest.fixture(scope="module")
def derstandard_store(tmp_path_factory):
    """The shared comments and their article list (titles, https urls), run through the pipeline."""
    folder = tmp_path_factory.mktemp("derstandard")
    articles = write_omp_article_list(POSTS, folder / "articles.csv")
    pipeline.run([POSTS, articles], Settings(store_dir=folder / "store"))
    return folder / "store"


@pytest.fixture
def app(derstandard_store):
    return create_app(Settings(store_dir=derstandard_store))


def css_id(component_id):
    """A CSS selector of a component by its id (a pattern-matching id: its JSON, keys sorted)."""
    if isinstance(component_id, dict):
        return f"[id='{json.dumps(component_id, sort_keys=True, separators=(',', ':'))}']"
    return f"#{component_id}"


def start(dash_duo, app, path="/"):
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1000)
    if path != "/":
        dash_duo.driver.get(dash_duo.server_url + path)


def _address(dash_duo):
    """The page's path and query, as the browser shows them."""
    return dash_duo.driver.execute_script("return window.location.pathname + window.location.search;")


def _wait_for_address(dash_duo, expected):
    wait.until(lambda: _address(dash_duo) == expected, timeout=10, msg=f"{_address(dash_duo)} is not {expected}")


def _trace(dash_duo, graph_id, key):
    return dash_duo.driver.execute_script(
        "const plot = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "if (!plot || !plot._fullData || !plot._fullData[0]) return null;"
        "return Array.from(plot._fullData[0][arguments[1]] || []);",
        f"#{graph_id}",
        key,
    )


def _wait_for_trace(dash_duo, graph_id, key, expected):
    wait.until(
        lambda: _trace(dash_duo, graph_id, key) == expected,
        timeout=20,
        msg=f"{graph_id} {key} never became {expected}: {_trace(dash_duo, graph_id, key)}",
    )


def _chosen(dash_duo, dropdown_id):
    """The values ticked in a Dash 4 multi dropdown, read from its value items' text."""
    return [
        item.text for item in dash_duo.find_elements(f"#{dropdown_id} .dash-dropdown-value-item") if item.text.strip()
    ]


def _choose(dash_duo, dropdown_id, value):
    dash_duo.find_element(f"#{dropdown_id}").click()
    dash_duo.wait_for_element(f'.dash-dropdown-option:has(input[value="{value}"])').click()
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)


def _kpi_comments(reader, **given):
    counts = reader.query(queries.kpis, filters.filters_from(**given))
    return f"{int(counts['n_comments'].iloc[0]):,}"


def test_a_click_on_the_top_negative_article_opens_its_thread(dash_duo, app, derstandard_store):
    reader = StoreReader(derstandard_store)
    top = reader.query(queries.top_negative_articles, filters.filters_from(), 10)
    assert len(top) == 10 and (top["n_comments"] >= queries.MIN_COMMENTS).all()
    article_id, title = top["article_id"].iloc[0], top["title"].iloc[0]
    start(dash_duo, app)
    # The chart ranks by share with the default floor: the same articles as the query, in order.
    wait.until(lambda: len(dash_duo.find_elements("#overview-negative-graph .point path")) == 10, timeout=30)
    shares = [round(value, 6) for value in _trace(dash_duo, ids.OVERVIEW_NEGATIVE.graph, "x")]
    assert shares == [round(value, 6) for value in top["share_negative"]]
    bar = dash_duo.find_elements("#overview-negative-graph .point path")[0]  # the top bar: most negative share
    ActionChains(dash_duo.driver).move_to_element(bar).click().perform()
    _wait_for_address(dash_duo, f"/thread?article={article_id.replace(':', '%3A')}")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_ARTICLE}", title, timeout=20)
    wait.until(lambda: dash_duo.find_elements(f"#{ids.THREAD_TREE} .comment-card"), timeout=20)
    first = reader.query(queries.thread_comments, article_id, limit=1)
    assert first["text"].iloc[0].split()[0] in dash_duo.find_element(f"#{ids.THREAD_TREE}").text
    assert dash_duo.find_element(f"#{ids.URL_NOTE}").text == ""


def test_a_link_with_filters_reproduces_the_view_and_a_reload_keeps_it(dash_duo, app, derstandard_store):
    reader = StoreReader(derstandard_store)
    path = "/?start=2015-06-01&end=2015-07-31&sentiment=negative&min_comments=5&rank=count"
    given = {"start": "2015-06-01", "end": "2015-07-31", "sentiments": ["negative"]}
    ranking = reader.query(queries.top_negative_articles, filters.filters_from(**given), 10, 5, "count")
    assert not ranking.empty
    expected = {
        "comments": _kpi_comments(reader, **given),
        "counts": ranking["n_negative"].tolist(),
    }
    assert expected["comments"] != _kpi_comments(reader)  # the filters narrow the view
    start(dash_duo, app, path)
    for visit in ("link", "reload"):
        dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", expected["comments"], timeout=20)
        _wait_for_trace(dash_duo, ids.OVERVIEW_NEGATIVE.graph, "x", expected["counts"])
        assert _chosen(dash_duo, ids.FILTER_SENTIMENTS) == ["negative"], visit
        days = [
            dash_duo.find_element(f"#{i}").get_attribute("value") for i in (ids.FILTER_DATES, "filter-dates-end-date")
        ]
        assert days == ["2015-06-01", "2015-07-31"], visit
        assert dash_duo.find_element(css_id(ids.OVERVIEW_FLOOR)).get_attribute("value") == "5", visit
        checked = dash_duo.find_element(f"{css_id(ids.OVERVIEW_ORDER)} input:checked").get_attribute("value")
        assert checked == "count", visit
        assert _address(dash_duo) == path, visit  # reading the link wrote nothing over it
        nav = dash_duo.find_element('.nav-link[href^="/articles"]').get_attribute("href")
        assert nav.endswith("/articles?start=2015-06-01&end=2015-07-31&sentiment=negative"), visit
        dash_duo.driver.refresh()


def test_back_and_forward_step_through_the_filters(dash_duo, app, derstandard_store):
    reader = StoreReader(derstandard_store)
    everything, negative = _kpi_comments(reader), _kpi_comments(reader, sentiments=["negative"])
    start(dash_duo, app)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", everything, timeout=20)
    _choose(dash_duo, ids.FILTER_SENTIMENTS, "negative")
    _wait_for_address(dash_duo, "/?sentiment=negative")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", negative, timeout=20)
    dash_duo.find_element('.nav-link[href^="/time"]').click()
    _wait_for_address(dash_duo, "/time?sentiment=negative")  # the filters go along to another page
    dash_duo.find_element(f'{css_id(ids.TIME_GRANULARITY)} input[value="month"]').click()
    _wait_for_address(dash_duo, "/time?sentiment=negative&granularity=month")

    dash_duo.driver.back()
    _wait_for_address(dash_duo, "/time?sentiment=negative")
    checked = f"{css_id(ids.TIME_GRANULARITY)} input:checked"
    script = "const e = document.querySelector(arguments[0]); return e && e.value;"  # one step: no stale element
    wait.until(lambda: dash_duo.driver.execute_script(script, checked) == "auto", timeout=10)
    dash_duo.driver.back()
    _wait_for_address(dash_duo, "/?sentiment=negative")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", negative, timeout=20)
    dash_duo.driver.back()
    _wait_for_address(dash_duo, "/")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", everything, timeout=20)
    assert _chosen(dash_duo, ids.FILTER_SENTIMENTS) == []

    dash_duo.driver.forward()
    _wait_for_address(dash_duo, "/?sentiment=negative")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", negative, timeout=20)
    assert _chosen(dash_duo, ids.FILTER_SENTIMENTS) == ["negative"]
    dash_duo.driver.forward()
    dash_duo.driver.forward()
    _wait_for_address(dash_duo, "/time?sentiment=negative&granularity=month")
    wait.until(
        lambda: (
            dash_duo.find_element(f"{css_id(ids.TIME_GRANULARITY)} input:checked").get_attribute("value") == "month"
        ),
        timeout=10,
    )


def test_an_unknown_article_in_a_link_is_said_and_shows_nothing_else(dash_duo, app):
    start(dash_duo, app, "/?article=omp%3Aa999999999&topic=Nirgendwo")
    dash_duo.wait_for_contains_text(f"#{ids.URL_NOTE}", "no article 'omp:a999999999'", timeout=20)
    assert "no topic 'Nirgendwo'" in dash_duo.find_element(f"#{ids.URL_NOTE}").text
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "0", timeout=20)
    assert _address(dash_duo) == "/?article=omp%3Aa999999999&topic=Nirgendwo"  # kept, not dropped


def test_an_articles_title_links_to_its_thread_and_its_original_a_row_click_opens_the_thread(dash_duo, app):
    start(dash_duo, app, "/articles")
    wait.until(lambda: dash_duo.find_elements("#articles-grid .ag-row [col-id='title_link'] a"), timeout=30)
    first = dash_duo.find_elements("#articles-grid .ag-row-first [col-id='title_link'] a")[0]
    href = first.get_attribute("href")
    assert "/thread?article=omp%3Aa" in href
    article = href.split("article=")[1].replace("%3A", ":")
    original = dash_duo.find_elements("#articles-grid .ag-row-first [col-id='url_link'] a")[0]
    assert original.get_attribute("href") == f"https://artikel.example/derstandard/{article.removeprefix('omp:a')}"
    assert original.get_attribute("target") == "_blank"
    cell = dash_duo.find_elements("#articles-grid .ag-row-first [col-id='n_comments']")[0]
    # Charts above the table still settle their heights: bring the row to the middle first.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
    cell.click()
    _wait_for_address(dash_duo, f"/thread?article={article.replace(':', '%3A')}")
    wait.until(lambda: dash_duo.find_elements(f"#{ids.THREAD_TREE} .comment-card"), timeout=20)


def test_a_click_on_a_topic_opens_the_comments_page_filtered_to_it(dash_duo, app, derstandard_store):
    start(dash_duo, app, "/topics?min_comments=1")
    wait.until(lambda: dash_duo.find_elements("#topics-volume-graph .point path"), timeout=30)
    topic = _trace(dash_duo, ids.TOPICS_VOLUME.graph, "y")[0]
    bar = dash_duo.find_elements("#topics-volume-graph .point path")[0]
    ActionChains(dash_duo.driver).move_to_element(bar).click().perform()
    wait.until(lambda: _address(dash_duo).startswith("/comments?topic="), timeout=10)
    wait.until(lambda: _chosen(dash_duo, ids.FILTER_TOPICS) == [topic], timeout=10)
    n = _kpi_comments(StoreReader(derstandard_store), topics=[topic])
    dash_duo.wait_for_contains_text(f"#{ids.COMMENTS_COUNT}", n, timeout=20)
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "#comments-grid .ag-row")
