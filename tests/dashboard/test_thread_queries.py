"""dashboard.queries.thread: a thread's outline, its cards, search within it, and the page
arithmetic, on the fixture store (a1: c1 <- c2 <- c3, then c4, c5; c6 deleted) and on a
generated thread of 300 comments with a branch 60 deep."""

import sys

import pandas as pd
import pytest
from paths import ROOT

from dashboard.queries import thread as threads
from dashboard.reader import StoreReader
from etl import pipeline
from etl.config import Settings

sys.path.append(str(ROOT / "bench"))

from thread import ARTICLE, DEEPEST_TEXT, write_thread


@pytest.fixture
def reader(fixture_store):
    return StoreReader(fixture_store)


@pytest.fixture(scope="module")
def deep_reader(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deep-thread")
    write_thread(folder / "thread.csv", n=300, deep=60)
    pipeline.run([folder / "thread.csv"], Settings(store_dir=folder / "store"))
    return StoreReader(folder / "store")


def test_outline_reads_each_branch_in_order_with_its_reply_counts(reader):
    outline = reader.query(threads.thread_outline, "a1").set_index("comment_id")
    assert list(outline.index) == ["c1", "c2", "c3", "c4", "c5"]  # c6 is deleted
    assert outline["parent_id"].tolist() == ["", "c1", "c2", "", ""]
    assert outline["n_replies"].tolist() == [1, 1, 0, 0, 0]
    assert outline["n_below"].tolist() == [2, 1, 0, 0, 0]
    assert not outline["orphan"].any()


def test_outline_marks_where_disagreement_rises_and_where_the_tone_drops(reader):
    turns = reader.query(threads.thread_outline, "a1").set_index("comment_id")["turn"]
    # c2 is the first to disagree (with c1, which disagrees with nobody); c3 disagrees with a
    # disagreeing c2 (no rise) but reads negative under a positive parent.
    assert turns.to_dict() == {"c1": "", "c2": threads.TURN_DISAGREEMENT, "c3": threads.TURN_TONE, "c4": "", "c5": ""}
    a2 = reader.query(threads.thread_outline, "a2").set_index("comment_id")["turn"]
    assert a2.to_dict() == {"c7": "", "c8": "", "c9": ""}  # an agreeing neutral reply under a negative comment


def test_a_reply_whose_parent_is_not_published_starts_a_branch_marked_orphan(fixture_store, dashboard_frames, publish):
    comments = dashboard_frames["comments"]
    hidden = comments.assign(status=comments["status"].mask(comments["comment_id"] == "c2", "deleted"))
    publish(fixture_store, dict(dashboard_frames, comments=hidden))
    outline = StoreReader(fixture_store).query(threads.thread_outline, "a1")
    assert outline["comment_id"].tolist() == ["c1", "c3", "c4", "c5"]
    assert outline.set_index("comment_id").loc["c3", ["parent_id", "orphan"]].tolist() == ["", True]
    assert outline.set_index("comment_id").loc["c1", "n_below"] == 0


def test_cards_come_in_the_order_asked_and_only_from_the_article(reader):
    cards = reader.query(threads.thread_cards, "a1", ("c3", "c1", "c7", "c6"))
    assert cards["comment_id"].tolist() == ["c3", "c1"]  # c7 is a2's, c6 deleted
    assert cards.loc[0, "text"] == "Schlecht recherchiert, leider."
    assert reader.query(threads.thread_cards, "a1", ()).empty


def test_cards_carry_their_engine_and_the_targets_each_names(reader):
    cards = reader.query(threads.thread_cards, "a1", ("c2", "c3", "c1")).set_index("comment_id")
    assert set(cards["sentiment_engine"]) == {"textblob-de"}
    assert [(t["target"], t["stance"]) for t in cards.loc["c2", "targets"]] == [("China", "favor"), ("EU", "none")]
    assert [t["evidence"] for t in cards.loc["c1", "targets"]] == ['against: "Skandal" -1.0 in „Das ist ein Skandal“']
    assert pd.isna(cards.loc["c3", "targets"])  # names no target
    # a2's c7 names the EU too: only the article's own rows are read
    assert reader.query(threads.thread_cards, "a2", ("c7",)).loc[0, "targets"][0]["stance"] == "against"


def test_matches_search_text_and_author_of_one_article_only(reader):
    assert sorted(reader.query(threads.thread_matches, "a1", "anna")["comment_id"]) == ["c1", "c3"]
    assert reader.query(threads.thread_matches, "a1", "Furchtbare").empty  # a2's words
    assert reader.query(threads.thread_matches, "a1", "  ").empty


def test_article_exists_only_for_stored_articles(reader):
    assert reader.query(threads.article_exists, "a3", default=False)
    assert not reader.query(threads.article_exists, "nope", default=False)
    assert not reader.query(threads.article_exists, None, default=False)


def _outline(rows):
    return pd.DataFrame(rows, columns=["comment_id", "parent_id", "n_replies", "n_below"])


# r1 <- a <- b, r1 <- c; r2 <- d; r3
SMALL = _outline(
    [
        ("r1", "", 2, 3),
        ("a", "r1", 1, 1),
        ("b", "a", 0, 0),
        ("c", "r1", 0, 0),
        ("r2", "", 1, 1),
        ("d", "r2", 0, 0),
        ("r3", "", 0, 0),
    ]
)


def test_a_collapsed_subtree_shows_its_first_comment_only():
    assert threads.visible(SMALL, ["a"])["comment_id"].tolist() == ["r1", "a", "c", "r2", "d", "r3"]
    assert threads.visible(SMALL, ["r1", "r2", "b"])["comment_id"].tolist() == ["r1", "r2", "r3"]
    assert threads.visible(SMALL, [])["comment_id"].tolist() == list(SMALL["comment_id"])


def test_pages_hold_size_rows_and_find_the_page_of_a_comment():
    assert threads.page_count(SMALL, size=3) == 3
    assert threads.page_rows(SMALL, 3, size=3)["comment_id"].tolist() == ["r3"]
    assert threads.page_rows(SMALL, 99, size=3)["comment_id"].tolist() == ["r3"]  # kept within the pages
    assert threads.page_rows(SMALL, 0, size=3)["comment_id"].tolist() == ["r1", "a", "b"]
    assert threads.page_of(SMALL, "d", size=3) == 2
    assert threads.page_of(threads.visible(SMALL, ["r2"]), "d", size=3) is None
    assert threads.page_count(SMALL.iloc[:0]) == 1


def test_opening_a_comment_uncollapses_every_comment_above_it_and_no_other():
    assert threads.ancestors(SMALL, "b") == ["a", "r1"]
    assert threads.opened_to(SMALL, ["r1", "a", "r2"], "b") == ("r2",)


def test_next_after_steps_through_in_reading_order_and_wraps():
    ordered = ["b", "d"]
    assert threads.next_after(ordered, SMALL, None) == "b"
    assert threads.next_after(ordered, SMALL, "b") == "d"
    assert threads.next_after(ordered, SMALL, "d") == "b"
    assert threads.next_after(ordered, SMALL, "c") == "d"  # from a comment that is not one of them
    assert threads.next_after(ordered, SMALL, "c", backwards=True) == "b"
    assert threads.next_after(ordered, SMALL, "b", backwards=True) == "d"
    assert threads.next_after([], SMALL, "b") is None


def test_page_state_reads_the_url_and_page_search_writes_it_back():
    state = threads.page_state(article="omp:a2", page="3", collapsed=["x", "y", "x"], focus="z", q=" Wien ")
    assert state == {
        "article": "omp:a2",
        "page": 3,
        "collapsed": ["x", "y"],
        "focus": "z",
        "q": "Wien",
        "comment": None,
    }
    search = threads.page_search(state)
    assert search == "?article=omp%3Aa2&page=3&q=Wien&focus=z&collapsed=x&collapsed=y"
    assert threads.page_state(article="a1", page="zwei", collapsed="x", q=["a", "b"], comment=["c"]) == {
        "article": "a1",
        "page": 1,
        "collapsed": ["x"],
        "focus": None,
        "q": "",
        "comment": None,
    }
    # A link's comment to open the thread at: read, never written back (the page resolves it).
    assert threads.page_state(article="a1", comment="c7")["comment"] == "c7"
    assert threads.page_search(threads.page_state(article="a1", comment="c7")) == "?article=a1"
    assert threads.page_search(threads.page_state(article="a1")) == "?article=a1"  # defaults left out
    assert threads.page_search({}) == ""


def test_a_deep_generated_thread_reads_its_deep_branch_in_one_run(deep_reader):
    outline = deep_reader.query(threads.thread_outline, ARTICLE)
    assert len(outline) == 300
    deepest = outline.loc[outline["depth"].idxmax()]
    assert deepest["depth"] == 60
    # Its branch's root holds the whole branch under it.
    root = threads.ancestors(outline, deepest["comment_id"])[-1]
    assert outline.set_index("comment_id").loc[root, "n_below"] >= 60
    card = deep_reader.query(threads.thread_cards, ARTICLE, (deepest["comment_id"],))
    assert card.loc[0, "text"] == DEEPEST_TEXT
    assert deep_reader.query(threads.thread_matches, ARTICLE, "tiefste Kommentar")["comment_id"].tolist() == [
        deepest["comment_id"]
    ]
    assert len(threads.ancestors(outline, deepest["comment_id"])) == 60
