"""The thread page in Chromium, on threads too large for one screen: a generated thread (300
comments, one branch 60 replies deep, built by `diskurs run` from a comment file) and the largest
thread of the shared derStandard comments (when present). The deepest comment is reached through
the page (search, paging), branches collapse and expand, "jump to where it turns" steps through
the turns, the page's choices survive a reload, label buttons work on any page, and an unknown
article says so."""

import sys
from urllib.parse import parse_qs, urlparse

import pytest
from dash.testing import wait
from paths import ROOT, SHARED
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from serving import run_store

from dashboard import ids, queries
from dashboard.app import create_app
from dashboard.queries import thread as threads
from dashboard.reader import StoreReader
from etl.config import Settings

sys.path.append(str(ROOT / "bench"))

from thread import ARTICLE, DEEPEST_TEXT, write_thread

REAL = SHARED / "one-million-posts" / "posts.csv.xz"
TREE = f"#{ids.THREAD_TREE}"


@pytest.fixture(scope="module")
def deep_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deep-thread")
    write_thread(folder / "thread.csv", n=300, deep=60)
    return run_store(folder / "store", [folder / "thread.csv"])


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    if not REAL.exists():
        pytest.skip(f"the derStandard comments are not here ({REAL})")
    return run_store(tmp_path_factory.mktemp("derstandard") / "store", [REAL])


def _open(dash_duo, store, query):
    dash_duo.start_server(create_app(Settings(store_dir=store)))
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread{query}")
    dash_duo.wait_for_element(f"{TREE} .comment-card")


def _deepest(store, article):
    """(comment_id, text) of the article's deepest published comment (the first, if several)."""
    reader = StoreReader(store)
    outline = reader.query(threads.thread_outline, article)
    comment_id = outline.loc[outline["depth"].idxmax(), "comment_id"]
    return comment_id, reader.query(threads.thread_cards, article, (comment_id,)).loc[0, "text"]


def _largest(store):
    return StoreReader(store).query(queries.article_options, limit=1)["article_id"].iloc[0]


def _card(dash_duo, comment_id):
    found = dash_duo.driver.find_elements(By.CSS_SELECTOR, f'{TREE} .comment-card[data-comment="{comment_id}"]')
    return found[0] if found else None


def _on_screen(dash_duo, element):
    return dash_duo.driver.execute_script(
        "const box = arguments[0].getBoundingClientRect();"
        "return box.height > 0 && box.top < window.innerHeight && box.bottom > 0;",
        element,
    )


def _shown_text(card):
    return " ".join(card.find_element(By.CSS_SELECTOR, ".comment-text").text.split())


def _query(dash_duo):
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def _page_note(dash_duo):
    # Found and read in one step: Back and Forward draw the page anew (no stale element).
    script = "const e = document.getElementById(arguments[0]); return e ? e.innerText : '';"
    return dash_duo.driver.execute_script(script, ids.THREAD_PAGE_NOTE)


def test_the_deepest_comment_is_found_by_search_shown_in_focus_and_kept_in_the_link(dash_duo, deep_store):
    deepest, _ = _deepest(deep_store, ARTICLE)
    _open(dash_duo, deep_store, f"?article={ARTICLE}")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_NOTE}", "300 comments in")
    assert _page_note(dash_duo).startswith("Page 1 of 12: comments 1–25")
    assert len(dash_duo.find_elements(f"{TREE} .comment-card")) == 25
    assert _card(dash_duo, deepest) is None

    dash_duo.find_element(f"#{ids.THREAD_SEARCH}").send_keys("tiefste Kommentar", Keys.ENTER)
    card = wait.until(lambda: _card(dash_duo, deepest), timeout=15, msg="the deepest comment never showed")
    wait.until(lambda: _on_screen(dash_duo, card), timeout=5, msg="the deepest comment is not scrolled into view")
    assert _shown_text(card) == DEEPEST_TEXT
    assert "focused" in card.get_attribute("class") and "depth 60" in card.text
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_FIND_NOTE}", "Match 1 of 1 for “tiefste Kommentar”.")
    query = _query(dash_duo)
    assert query["focus"] == [deepest] and query["q"] == ["tiefste Kommentar"] and query["article"] == [ARTICLE]

    dash_duo.driver.refresh()  # the link alone brings the same view back
    card = wait.until(lambda: _card(dash_duo, deepest), timeout=15, msg="the reload lost the comment in focus")
    assert "focused" in card.get_attribute("class") and _shown_text(card) == DEEPEST_TEXT
    assert dash_duo.find_element(f"#{ids.THREAD_SEARCH}").get_attribute("value") == "tiefste Kommentar"


@pytest.mark.parametrize("which", ["generated", "derStandard"])
def test_every_comment_down_to_the_deepest_can_be_paged_to(dash_duo, which, request):
    store = request.getfixturevalue("deep_store" if which == "generated" else "real_store")
    article = ARTICLE if which == "generated" else _largest(store)
    deepest, text = _deepest(store, article)
    _open(dash_duo, store, f"?article={article}")
    pages = int(_page_note(dash_duo).split(" of ")[1].split(":")[0].replace(",", ""))
    page = 1
    while _card(dash_duo, deepest) is None:
        assert page < pages, f"the deepest comment {deepest} is on none of the {pages} pages"
        before = _page_note(dash_duo)
        dash_duo.find_element(f"#{ids.THREAD_NEXT}").click()
        wait.until(lambda before=before: _page_note(dash_duo) != before, timeout=15, msg="the next page never came")
        page += 1
        assert _page_note(dash_duo).startswith(f"Page {page} of {pages}:")
    card = _card(dash_duo, deepest)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", card)
    assert card.is_displayed() and _shown_text(card) == " ".join(text.split())
    assert _query(dash_duo)["page"] == [str(page)]


def _toggle(card):
    return card.find_element(By.CSS_SELECTOR, ".thread-toggle")


def _node(card):
    return card.find_element(By.XPATH, "..")


def test_a_branch_collapses_and_expands_with_its_reply_count_and_the_link_keeps_it(dash_duo, deep_store):
    outline = StoreReader(deep_store).query(threads.thread_outline, ARTICLE)
    first = outline[outline["n_below"] > 1].iloc[0]
    _open(dash_duo, deep_store, f"?article={ARTICLE}")
    card = _card(dash_duo, first["comment_id"])
    n, direct = int(first["n_below"]), int(first["n_replies"])
    shown = f"{n} replies ({direct} direct)" if n != direct else f"{n} replies"
    assert _toggle(card).text == f"▾ Hide {shown}"
    reply = outline[outline["parent_id"] == first["comment_id"]].iloc[0]["comment_id"]
    assert _card(dash_duo, reply) is not None

    _toggle(card).click()
    wait.until(lambda: _card(dash_duo, reply) is None, timeout=15, msg="the replies stayed")
    card = _card(dash_duo, first["comment_id"])
    assert _toggle(card).text == f"▸ Show {shown}"
    assert _node(card).find_elements(By.CSS_SELECTOR, ".thread-replies") == []
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_PAGE_NOTE}", f", {n} in collapsed replies.")
    assert _query(dash_duo)["collapsed"] == [first["comment_id"]]

    dash_duo.driver.refresh()
    card = wait.until(lambda: _card(dash_duo, first["comment_id"]), timeout=15, msg="no card after the reload")
    assert _toggle(card).text == f"▸ Show {shown}" and _card(dash_duo, reply) is None
    _toggle(card).click()
    wait.until(lambda: _card(dash_duo, reply) is not None, timeout=15, msg="the replies never came back")
    assert _toggle(_card(dash_duo, first["comment_id"])).text == f"▾ Hide {shown}"
    assert "collapsed" not in _query(dash_duo)


def test_jump_to_where_it_turns_steps_through_the_turns_in_reading_order(dash_duo, deep_store):
    outline = StoreReader(deep_store).query(threads.thread_outline, ARTICLE)
    turns = outline.loc[outline["turn"] != ""]
    assert len(turns) > 2, "the generated thread should turn more than twice"
    _open(dash_duo, deep_store, f"?article={ARTICLE}")
    for number in (1, 2, 3):
        dash_duo.find_element(f"#{ids.THREAD_TURN}").click()
        dash_duo.wait_for_text_to_equal(f"#{ids.THREAD_FIND_NOTE}", f"Turn {number} of {len(turns)}.")
        turn = turns.iloc[number - 1]
        card = wait.until(
            lambda turn=turn: _card(dash_duo, turn["comment_id"]), timeout=15, msg="the turn is not shown"
        )
        assert "focused" in card.get_attribute("class")
        assert card.find_element(By.CSS_SELECTOR, ".turn-badge").text == turn["turn"]
        wait.until(lambda card=card: _on_screen(dash_duo, card), timeout=5, msg="the turn is not scrolled into view")


def test_label_buttons_work_on_a_later_page(dash_duo, deep_store):
    _open(dash_duo, deep_store, f"?article={ARTICLE}&page=3")
    assert _page_note(dash_duo).startswith("Page 3 of 12: comments 51–75")
    dash_duo.find_element(f"#{ids.EDITOR_NAME}").send_keys("Redakteurin")
    card = dash_duo.find_element(f"{TREE} .comment-card")
    comment = card.get_attribute("data-comment")
    card.find_element(By.CSS_SELECTOR, 'button[id*=\'"task":"sentiment"\'][id*=\'"value":"negative"\']').click()
    shown = f'[id*=\'"comment":"{comment}"\'][id*=\'"task":"sentiment"\'].label-shown'
    dash_duo.wait_for_text_to_equal(shown, "negative (by Redakteurin)")


def test_an_unknown_article_in_the_link_says_so_and_shows_no_other_thread(dash_duo, deep_store):
    dash_duo.start_server(create_app(Settings(store_dir=deep_store)))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/thread?article=no-such-article")
    dash_duo.wait_for_contains_text(f"#{ids.THREAD_NOTE}", "No article with the id “no-such-article” in this store")
    assert dash_duo.find_elements(f"{TREE} .comment-card") == []
    assert "Ein Artikel mit sehr vielen Kommentaren" not in dash_duo.find_element(f"#{ids.THREAD_ARTICLE}").text


def test_a_page_past_the_last_shows_the_last_and_the_link_says_so(dash_duo, deep_store):
    _open(dash_duo, deep_store, f"?article={ARTICLE}&page=99")
    assert _page_note(dash_duo).startswith("Page 12 of 12: comments 276–300 of 300 shown")
    wait.until(lambda: _query(dash_duo).get("page") == ["12"], timeout=10, msg=f"the link says {_query(dash_duo)}")
    assert dash_duo.find_element(f"#{ids.THREAD_NEXT}").get_attribute("disabled") == "true"
    assert dash_duo.find_element(f"#{ids.THREAD_PREV}").get_attribute("disabled") is None


def test_back_and_forward_step_through_the_pages_of_a_thread(dash_duo, deep_store):
    _open(dash_duo, deep_store, f"?article={ARTICLE}")
    for page in (2, 3):
        before = _page_note(dash_duo)
        dash_duo.find_element(f"#{ids.THREAD_NEXT}").click()
        wait.until(lambda before=before: _page_note(dash_duo) != before, timeout=15, msg="the next page never came")
        wait.until(lambda page=page: _query(dash_duo).get("page") == [str(page)], timeout=10, msg="no page in the link")
    for page, step in ((2, dash_duo.driver.back), (1, dash_duo.driver.back), (2, dash_duo.driver.forward)):
        step()
        wait.until(
            lambda page=page: _page_note(dash_duo).startswith(f"Page {page} of 12:"),
            timeout=15,
            msg=f"{step.__name__} did not show page {page}: {_page_note(dash_duo)!r}",
        )
    assert _query(dash_duo).get("page") == ["2"] and _query(dash_duo)["article"] == [ARTICLE]


def test_the_comments_table_links_a_comment_to_its_place_in_the_thread(dash_duo, deep_store):
    # An editor finds a comment on the Comments page and reads it where it stands: the deepest
    # comment, on a later page of its thread, opened there in focus.
    deepest, _ = _deepest(deep_store, ARTICLE)
    dash_duo.start_server(create_app(Settings(store_dir=deep_store)))
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.wait_for_page(f'{dash_duo.server_url}/comments?search="tiefste Kommentar"')
    dash_duo.wait_for_text_to_equal(f"#{ids.COMMENTS_COUNT}", "1 comment match")
    link = dash_duo.wait_for_element('#comments-grid .ag-row [col-id="thread_link"] a', timeout=15)
    assert link.text == "read in thread"
    link.click()
    card = wait.until(lambda: _card(dash_duo, deepest), timeout=15, msg="the thread never opened at the comment")
    wait.until(lambda: _on_screen(dash_duo, card), timeout=5, msg="the comment is not scrolled into view")
    assert "focused" in card.get_attribute("class") and _shown_text(card) == DEEPEST_TEXT
    page = threads.page_of(threads.visible(StoreReader(deep_store).query(threads.thread_outline, ARTICLE)), deepest)
    assert page > 1 and _page_note(dash_duo).startswith(f"Page {page} of 12:")
    # The link written back is the page's own: its page and focus, not the comment to open at.
    wait.until(lambda: _query(dash_duo).get("page") == [str(page)], timeout=10, msg=f"{_query(dash_duo)}")
    assert _query(dash_duo)["focus"] == [deepest] and "comment" not in _query(dash_duo)
