"""What a person does in a browser: open each page, change a filter, download a CSV.

Run with `--headless`; Chromium and chromedriver come from Debian.
"""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from dash.testing import wait
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids

SCRIPT_TAG = "<script>alert(1)</script>"


def css_id(component_id):
    """A CSS selector of a component by its id (a pattern-matching id: its JSON, keys sorted)."""
    if isinstance(component_id, dict):
        return f"[id='{json.dumps(component_id, sort_keys=True, separators=(',', ':'))}']"
    return f"#{component_id}"


PAGES = [
    (
        "/",
        [
            "#overview-mix-graph .js-plotly-plot",
            "#overview-negative-graph .js-plotly-plot",
            "#overview-weekly-graph .js-plotly-plot",
            "#overview-depth-graph .js-plotly-plot",
        ],
    ),
    (
        "/articles",
        [
            "#articles-polarity-graph .js-plotly-plot",
            "#articles-scatter-graph .js-plotly-plot",
            "#articles-mix-graph .js-plotly-plot",
            "#articles-stance-graph .js-plotly-plot",
            "#articles-grid .ag-row",
        ],
    ),
    (
        "/topics",
        [
            "#topics-volume-graph .js-plotly-plot",
            "#topics-polarity-graph .js-plotly-plot",
            "#topics-mix-graph .js-plotly-plot",
            "#topics-targets-graph .js-plotly-plot",
        ],
    ),
    (
        "/time",
        [
            "#time-volume-graph .js-plotly-plot",
            "#time-polarity-graph .js-plotly-plot",
            "#time-stance-graph .js-plotly-plot",
        ],
    ),
    ("/comments", ["#comments-grid .ag-row"]),
    (
        "/thread",
        [
            "#thread-depth-graph .js-plotly-plot",
            "#thread-tree .comment-card",
            "#thread-legend .legend-swatch.edge-disagree",
        ],
    ),
    ("/moderation", ["#moderation-articles-graph .js-plotly-plot", "#moderation-time-graph .js-plotly-plot"]),
    ("/label", ["#label-next-list .comment-card .label-bar button"]),
    (
        "/quality",
        [
            "#quality-f1-graph .js-plotly-plot",
            "#quality-grid .ag-row",
            "#quality-runs-grid .ag-row",
            "#quality-signals-grid .ag-row",
        ],
    ),
]
# CSS colours of the stance edges (style.css --agree, --disagree).
AGREE_RGB = "rgb(60, 141, 90)"
DISAGREE_RGB = "rgb(200, 85, 61)"


def start(dash_duo, app):
    """Serve `app` and open it in a desktop-sized window."""
    dash_duo.start_server(app)
    dash_duo.driver.set_window_size(1400, 1000)


def _trace_values(dash_duo, graph_id, key, trace=0):
    """Values of one trace of a rendered graph, read from the plotly div in the page
    (_fullData: plotly's decoded copy; .data may hold base64 typed arrays)."""
    return dash_duo.driver.execute_script(
        "const plot = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "if (!plot || !plot._fullData || !plot._fullData[arguments[2]]) return null;"
        "return Array.from(plot._fullData[arguments[2]][arguments[1]] || []);",
        f"#{graph_id}",
        key,
        trace,
    )


def _wait_for_trace(dash_duo, graph_id, key, expected, trace=0):
    wait.until(
        lambda: _trace_values(dash_duo, graph_id, key, trace) == expected,
        timeout=10,
        msg=f"{graph_id} {key} never became {expected}: {_trace_values(dash_duo, graph_id, key, trace)}",
    )


def _choose(dash_duo, dropdown_id, value):
    """Open a Dash 4 dropdown (once the page has drawn it), tick the option with `value`, close it again."""
    dash_duo.wait_for_element(f"#{dropdown_id}").click()
    dash_duo.wait_for_element(f'.dash-dropdown-option:has(input[value="{value}"])').click()
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)


def _download(dash_duo, button_id, name):
    """Click a CSV button and return the downloaded file's rows as dicts."""
    folder = Path(dash_duo.download_path)
    dash_duo.find_element(f"#{button_id}").click()
    files = wait.until(
        lambda: sorted(folder.glob(f"diskurs-{name}-*.csv")),
        timeout=10,
        msg=f"no {name} CSV in {folder}: {list(folder.iterdir())}",
    )
    wait.until(lambda: files[0].stat().st_size > 0, timeout=5)
    with open(files[0], newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _grid_texts(dash_duo):
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#comments-grid .ag-row [col-id=\"text\"]'))"
        ".map(cell => cell.textContent);"
    )


def _assert_no_alert(dash_duo):
    with pytest.raises(NoAlertPresentException):
        _ = dash_duo.driver.switch_to.alert.text


def test_every_page_renders_its_charts_and_tables(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "9")
    dash_duo.wait_for_contains_text(f"#{ids.LAST_REFRESHED}", "2025-06-03 08:00 UTC")
    # Every page says which engine made its labels and how far people agree with it.
    dash_duo.wait_for_contains_text(".agreement-line", "Sentiment by textblob-de")
    assert "Stance toward targets" not in dash_duo.find_element(".agreement-line").text  # none on the Overview
    for path, selectors in PAGES:
        dash_duo.find_element(f'.nav-link[href="{path}"]').click()
        for selector in selectors:
            dash_duo.wait_for_element(selector)
        wait.until(
            lambda path=path: dash_duo.find_element(".nav-link.active").get_attribute("href").endswith(path), timeout=5
        )
    dash_duo.find_element('.nav-link[href="/"]').click()
    _wait_for_trace(dash_duo, ids.OVERVIEW_DEPTH.graph, "x", ["0", "1", "2"])
    dash_duo.find_element('.nav-link[href^="/topics"]').click()
    _wait_for_trace(dash_duo, ids.TOPICS_TARGETS.graph, "y", ["China", "EU"])
    dash_duo.wait_for_contains_text(".agreement-line", "Stance toward targets by cues: not measured against people yet")
    assert dash_duo.find_elements(f"#{ids.SUGGESTIONS_GRID} .ag-row") == []  # only on request
    dash_duo.find_element(f"#{ids.SUGGESTIONS_RUN}").click()
    dash_duo.wait_for_contains_text(f"#{ids.SUGGESTIONS_GRID} .ag-row", "Europa")
    dash_duo.find_element('.nav-link[href^="/quality"]').click()
    dash_duo.wait_for_contains_text(f"#{ids.QUALITY_ENGINE}", "scored by textblob-de")
    assert dash_duo.get_logs() == []


def test_sentiment_filter_changes_key_figures_and_charts(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "9")
    _wait_for_trace(dash_duo, ids.OVERVIEW_MIX.graph, "y", [3, 3, 3])
    _choose(dash_duo, ids.FILTER_SENTIMENTS, "negative")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "3")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_NEGATIVE}", "100%")
    _wait_for_trace(dash_duo, ids.OVERVIEW_MIX.graph, "y", [3, 0, 0])


def test_article_filter_narrows_charts_on_every_page(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    # Ranked by count from one comment: the fixture's articles are small (the default floor is 20).
    dash_duo.wait_for_page(dash_duo.server_url + "/?min_comments=1&rank=count")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_ARTICLES}", "3")
    _choose(dash_duo, ids.FILTER_ARTICLES, "a2")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_ARTICLES}", "1")
    _wait_for_trace(dash_duo, ids.OVERVIEW_NEGATIVE.graph, "x", [1])
    dash_duo.find_element('.nav-link[href^="/topics"]').click()
    _wait_for_trace(dash_duo, ids.TOPICS_VOLUME.graph, "y", ["Verkehr"])
    dash_duo.find_element('.nav-link[href^="/thread"]').click()
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", "Furchtbare Idee")


def test_comments_csv_is_the_filtered_rows_with_formulas_neutralised(dash_duo, diskurs_app, fixture_texts):
    start(dash_duo, diskurs_app)
    dash_duo.find_element('.nav-link[href^="/comments"]').click()
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "9 comments match")
    _choose(dash_duo, ids.FILTER_ARTICLES, "a1")
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "5 comments match")
    wait.until(
        lambda: len(dash_duo.find_elements("#comments-grid .ag-row")) == 5,
        timeout=10,
        msg="grid did not show the 5 filtered rows",
    )
    rows = _download(dash_duo, ids.COMMENTS_TABLE.csv, "comments")
    assert [row["comment_id"] for row in rows] == ["c1", "c2", "c3", "c4", "c5"]
    texts = {row["comment_id"]: row["text"] for row in rows}
    assert texts["c4"] == "'" + fixture_texts["formula"]
    assert texts["c5"] == fixture_texts["script"]


def test_chart_csv_matches_the_chart(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.find_element('.nav-link[href^="/time"]').click()
    dash_duo.find_element(f'{css_id(ids.TIME_GRANULARITY)} input[value="week"]').click()
    _wait_for_trace(dash_duo, ids.TIME_VOLUME.graph, "y", [2, 1, 0])  # negative per week
    rows = _download(dash_duo, ids.TIME_VOLUME.csv, "comments-over-time")
    assert [row["week"] for row in rows] == ["2025-05-19", "2025-05-26", "2025-06-02"]
    assert [int(row["n_negative"]) for row in rows] == [2, 1, 0]


def test_script_comment_is_literal_text_in_table_and_thread(dash_duo, diskurs_app, fixture_texts):
    start(dash_duo, diskurs_app)
    dash_duo.find_element('.nav-link[href^="/comments"]').click()
    search = dash_duo.wait_for_element(css_id(ids.COMMENTS_SEARCH))
    search.send_keys("alert", Keys.ENTER)
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    wait.until(
        lambda: _grid_texts(dash_duo) == [fixture_texts["script"]],
        timeout=10,
        msg=f"text cells show {_grid_texts(dash_duo)!r}",
    )
    assert dash_duo.find_elements("#comments-grid script") == []
    _assert_no_alert(dash_duo)

    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=a1")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", SCRIPT_TAG)
    texts = [p.text for p in dash_duo.find_elements(f"#{ids.THREAD_TREE} .comment-text")]
    assert fixture_texts["script"] in texts
    assert dash_duo.find_elements(f"#{ids.THREAD_TREE} script") == []
    _assert_no_alert(dash_duo)


def test_thread_page_shows_nested_replies_and_downloads_them(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=a1")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", "Schlecht recherchiert")
    # c3 answers c2, which answers c1: its card sits two reply blocks deep.
    deepest = dash_duo.driver.find_element(
        By.XPATH, "//p[@class='comment-text' and text()='Schlecht recherchiert, leider.']"
    )
    assert len(deepest.find_elements(By.XPATH, "ancestor::div[@class='thread-replies']")) == 2
    assert "disagree toward parent" in deepest.find_element(By.XPATH, "..").text
    assert "anonymous" in dash_duo.find_element(f"#{ids.THREAD_TREE}").text
    rows = _download(dash_duo, ids.THREAD_COMMENTS.csv, "thread")
    assert [row["comment_id"] for row in rows] == ["c1", "c2", "c3", "c4", "c5"]


def test_new_store_version_shows_without_restart(dash_duo, diskurs_app, fixture_store, dashboard_frames, publish):
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "9")
    extra = dashboard_frames["comments"].iloc[[0]].assign(comment_id="c11", position=7)
    publish(fixture_store, dict(dashboard_frames, comments=pd.concat([dashboard_frames["comments"], extra])))
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "10")


def _edge_colours(dash_duo, selector):
    """(left border colour, connector colour) of each card matching `selector`."""
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(card => ["
        "getComputedStyle(card).borderLeftColor,"
        "getComputedStyle(card, '::before').borderTopColor]);",
        selector,
    )


def test_thread_edges_are_coloured_by_each_replys_stance(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=a1")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", "Schlecht recherchiert")
    assert _edge_colours(dash_duo, "#thread-tree .comment-card.edge-disagree") == [[DISAGREE_RGB, DISAGREE_RGB]] * 2
    evidence = dash_duo.find_elements(f"#{ids.THREAD_TREE} .edge-disagree .stance-evidence")
    assert evidence[0].text.startswith('Why disagree: "Nein" (disagreement)')
    assert "disagrees" in dash_duo.find_element(f"#{ids.THREAD_LEGEND}").text

    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=a2")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", "Sehe ich genauso.")
    assert _edge_colours(dash_duo, "#thread-tree .comment-card.edge-agree") == [[AGREE_RGB, AGREE_RGB]]


def test_thread_cards_name_their_engines_and_their_stance_toward_targets(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=a1")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", "Schlecht recherchiert")
    lines = [element.text for element in dash_duo.find_elements(f"#{ids.THREAD_TREE} .target-stances")]
    assert lines == [
        'Stance toward China: against (words: "Skandal")',
        'Stance toward China: favor (words: "gut")\nStance toward EU: no clear lean',
        'Stance toward China: favor (words: "gut")',
    ]
    polarity = dash_duo.find_elements(f"#{ids.THREAD_TREE} .comment-polarity")[0]
    assert polarity.get_attribute("title") == "polarity by textblob-de"

    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=a1&lang=de")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_TREE}", "Haltung zu")
    first = dash_duo.find_elements(f"#{ids.THREAD_TREE} .target-stances")[0]
    assert first.text == 'Haltung zu China: dagegen (Wörter: "Skandal")'
    badge = dash_duo.find_elements(f"#{ids.THREAD_TREE} .comment-meta .badge")[0]
    assert badge.get_attribute("title") == "Label von textblob-de"


def test_target_stance_csv_reads_back_as_the_chart(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.find_element('.nav-link[href^="/topics"]').click()
    _wait_for_trace(dash_duo, ids.TOPICS_TARGETS.graph, "x", [2, 0])  # favor: China, EU
    rows = _download(dash_duo, ids.TOPICS_TARGETS.csv, "target-stance")
    assert [row["target"] for row in rows] == ["China", "EU"]
    assert [(int(row["n_favor"]), int(row["n_against"]), int(row["n_none"])) for row in rows] == [(2, 1, 0), (0, 1, 1)]


def test_seed_article_reply_shows_as_disagree_with_its_evidence(dash_duo, seed_app, seed_store):
    from dashboard import queries
    from dashboard.reader import StoreReader

    reader = StoreReader(seed_store)
    articles = reader.query(queries.article_options)
    (article_id,) = articles.loc[articles["title"].str.startswith("Alarm in Washington"), "article_id"]
    replies = reader.query(queries.thread_comments, article_id).query("depth > 0")
    assert replies["stance"].tolist() == ["disagree"]
    evidence = replies["stance_evidence"].iloc[0]

    start(dash_duo, seed_app)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article={article_id}")
    card = dash_duo.wait_for_element(f"#{ids.THREAD_TREE} .comment-card.edge-disagree")
    assert "disagree toward parent" in card.text
    shown = card.find_element(By.CSS_SELECTOR, ".stance-evidence").text
    assert shown == "Why disagree: " + evidence.removeprefix("disagree:").strip()
    assert _edge_colours(dash_duo, "#thread-tree .comment-card.edge-disagree") == [[DISAGREE_RGB, DISAGREE_RGB]]


def test_article_picker_finds_articles_beyond_the_listed_ones_as_you_type(dash_duo, diskurs_app, monkeypatch):
    from dashboard.queries import articles

    monkeypatch.setattr(articles, "OPTIONS_LIMIT", 1)  # lists only the most commented, a1
    start(dash_duo, diskurs_app)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_ARTICLES}", "3")
    dash_duo.find_element(f"#{ids.FILTER_ARTICLES}").click()
    dash_duo.wait_for_element('.dash-dropdown-option:has(input[value="a1"])')
    assert dash_duo.find_elements('.dash-dropdown-option:has(input[value="a2"])') == []
    dash_duo.find_element(".dash-dropdown-search").send_keys("Tempolimit")
    dash_duo.wait_for_element('.dash-dropdown-option:has(input[value="a2"])').click()
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_ARTICLES}", "1")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "3")


def test_articles_table_pages_and_sorts_on_the_server(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    dash_duo.find_element('.nav-link[href^="/articles"]').click()
    wait.until(
        lambda: _column(dash_duo, "n_comments") == ["5", "3", "1"],
        timeout=10,
        msg=f"articles table shows {_column(dash_duo, 'n_comments')}",
    )
    header = dash_duo.find_element('#articles-grid .ag-header-cell[col-id="n_comments"]')
    # Charts above the table still settle their heights: bring the header to the middle first.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", header)
    header.click()  # ascending
    wait.until(
        lambda: _column(dash_duo, "n_comments") == ["1", "3", "5"],
        timeout=10,
        msg=f"sorted table shows {_column(dash_duo, 'n_comments')}",
    )


def _column(dash_duo, field):
    """The articles table's cells of one column, top to bottom."""
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#articles-grid .ag-row'))"
        ".sort((a, b) => a.getAttribute('row-index') - b.getAttribute('row-index'))"
        ".map(row => row.querySelector(`[col-id='${arguments[0]}']`).textContent);",
        field,
    )


def test_articles_csv_link_downloads_the_table_of_the_filters(dash_duo, diskurs_app):
    start(dash_duo, diskurs_app)
    _choose(dash_duo, ids.FILTER_SENTIMENTS, "negative")
    dash_duo.wait_for_text_to_equal(f"#{ids.KPI_COMMENTS}", "3")
    dash_duo.find_element('.nav-link[href^="/articles"]').click()
    wait.until(
        lambda: _column(dash_duo, "n_comments") == ["2", "1"],
        timeout=10,
        msg=f"articles table shows {_column(dash_duo, 'n_comments')}",
    )
    link = dash_duo.find_element(f"#{ids.ARTICLES_TABLE.csv}")
    assert link.get_attribute("href").endswith("/download/articles.csv?sentiment=negative")
    rows = _download(dash_duo, ids.ARTICLES_TABLE.csv, "articles")
    assert [(row["article_id"], row["n_comments"], row["n_negative"]) for row in rows] == [
        ("a1", "2", "2"),
        ("a2", "1", "1"),
    ]


def test_a_streamed_table_offers_the_same_rows_for_german_excel(dash_duo, diskurs_app):
    import urllib.request

    start(dash_duo, diskurs_app)
    dash_duo.find_element('.nav-link[href^="/comments"]').click()
    excel = f"#{ids.excel_link(ids.COMMENTS_TABLE)}"
    wait.until(lambda: "excel=1" in (dash_duo.find_element(excel).get_attribute("href") or ""), timeout=10)
    href = dash_duo.find_element(excel).get_attribute("href")
    assert href.replace("excel=1", "").rstrip("?&") == dash_duo.find_element(
        f"#{ids.COMMENTS_TABLE.csv}"
    ).get_attribute("href").rstrip("?&")
    with urllib.request.urlopen(href, timeout=30) as response:
        body = response.read()
    assert body.startswith(b"\xef\xbb\xbf") and b";" in body.splitlines()[0]
