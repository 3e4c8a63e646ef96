"""The WordPress REST API reader against a real HTTP server on 127.0.0.1 (tests/wpserver.py)."""

import json

import pandas as pd
import pytest
from paths import SHARED
from wpserver import WordPressSite, load_site

from etl.normalize import normalize
from etl.sources import SourceError, detect, is_url
from etl.sources.http import USER_AGENT, HttpError, make_session
from etl.sources.wordpress_api import ApiUnavailable, WordPressApiError, read_site, site_url

REAL_SAMPLE = SHARED / "formats" / "wordpress-rest-comments.json"
VISIBLE = [1001, 1002, 1003, 1004, 1005, 1007, 1008]  # 1006 is spam


@pytest.fixture
def sleeps():
    """Seconds the session asked to sleep; nothing really sleeps."""
    return []


@pytest.fixture
def session(sleeps):
    with make_session(timeout=5, retries=2, min_interval=0, backoff=0.25, sleep=sleeps.append) as s:
        yield s


def pull(site, session, state=None, per_page=2):
    batch, new_state = read_site(site.url, session, state, per_page=per_page)
    # The caller keeps the state as JSON text in the store: prove it survives that.
    return batch, json.loads(json.dumps(new_state))


def key(site):
    return site.url.removeprefix("http://")


def cid(site, number):
    return f"wp:{key(site)}:c{number}"


def test_paging_reads_every_approved_comment_across_pages_with_parents(wp_site, session):
    batch, _ = pull(wp_site, session)
    comments = batch.comments.set_index("comment_id")
    assert comments.index.tolist() == [cid(wp_site, n) for n in VISIBLE]
    assert comments.loc[cid(wp_site, 1002), "parent_id"] == cid(wp_site, 1001)
    assert comments.loc[cid(wp_site, 1003), "parent_id"] == cid(wp_site, 1002)
    assert comments.loc[cid(wp_site, 1005), "parent_id"] == cid(wp_site, 1004)
    assert comments["parent_id"].isna().sum() == 4
    assert [p["page"] for p in wp_site.requested("/wp/v2/comments")] == ["1", "2", "3", "4"]
    assert batch.rejects.empty


def test_comment_fields_map_to_raw_comments(wp_site, session):
    batch, _ = pull(wp_site, session)
    first = batch.comments.iloc[0]
    assert first["article_id"] == f"wp:{key(wp_site)}:101"
    assert first["author"] == "Anna K."
    assert first["created_at"] == "2025-05-19T09:00:00Z"
    assert first["text"] == "<p>Das ist ein Skandal, Europa schläft.</p>\n"
    assert first["status"] == "published"
    assert first["source"] == wp_site.url
    assert first["seq"] == 1001
    assert pd.isna(batch.comments.set_index("comment_id").loc[cid(wp_site, 1008), "author"])


def test_articles_carry_unescaped_titles_authors_and_topic_names(wp_site, session):
    batch, _ = pull(wp_site, session)
    # Titles and bodies come as the site's HTML; normalize makes them text, as it does comments.
    articles = normalize(batch)[0].set_index("article_id")
    ki, tempo = articles.loc[f"wp:{key(wp_site)}:101"], articles.loc[f"wp:{key(wp_site)}:102"]
    assert ki["title"] == "Chinas KI-Offensive – was Europa jetzt tun muss"
    assert ki["author"] == "Jana Berg"
    assert ki["published_at"] == pd.Timestamp("2025-05-19T08:00:00Z")
    assert ki["url"] == "https://zeitung.example/2025/05/19/chinas-ki-offensive/"
    assert ki["source_topics"] == "Technik;KI;China"
    assert ki["body"].startswith("Peking investiert Milliarden in künstliche Intelligenz.\n\nWas Brüssel plant")
    assert tempo["title"] == "Tempolimit auf Autobahnen: „Tempo 130“ kehrt zurück"
    assert tempo["source_topics"] == "Verkehr & Mobilität"  # the default category "Allgemein" is noise


def test_comment_on_a_page_gets_its_article_from_the_pages_endpoint(wp_site, session):
    batch, _ = pull(wp_site, session)
    articles = batch.articles.set_index("article_id")
    assert articles.loc[f"wp:{key(wp_site)}:201", "title"] == "Über uns"
    assert set(batch.comments["article_id"]) <= set(articles.index)
    assert wp_site.requested("/wp/v2/pages")[0]["include"] == "201"


def test_comment_on_an_unlisted_post_gets_a_bare_article(session):
    data = load_site()
    data["comments"][0]["post"] = 999
    data["comments"][0]["link"] = "https://zeitung.example/privat/#comment-1001"
    with WordPressSite(data) as site:
        batch, _ = pull(site, session)
    bare = batch.articles.set_index("article_id").loc[f"wp:{key(site)}:999"]
    assert bare["url"] == "https://zeitung.example/privat/"
    assert pd.isna(bare["title"])


def test_refresh_picks_up_exactly_the_added_and_changed_comments(wp_site, session):
    _, state = pull(wp_site, session)
    window = state["comments_after"]
    added = wp_site.add_comment(101, "<p>Neue Antwort: Europa muss handeln.</p>", parent=1001)
    wp_site.edit_comment(1005, "<p>Sehe ich genauso, aber mit Ausnahmen.</p>")
    batch, state = pull(wp_site, session, state)
    comments = batch.comments.set_index("comment_id")
    assert sorted(comments.index) == sorted([cid(wp_site, added), cid(wp_site, 1005)])
    assert comments.loc[cid(wp_site, added), "parent_id"] == cid(wp_site, 1001)
    assert comments.loc[cid(wp_site, 1005), "text"] == "<p>Sehe ich genauso, aber mit Ausnahmen.</p>"
    # The new comment's post was not modified, yet its article comes along, fetched by id.
    assert sorted(batch.articles["article_id"]) == [f"wp:{key(wp_site)}:101", f"wp:{key(wp_site)}:102"]
    assert wp_site.requested("/wp/v2/comments")[-1]["after"] == window

    again, _ = pull(wp_site, session, state)
    assert again.comments.empty and again.articles.empty and again.rejects.empty


def test_refresh_asks_only_for_what_changed_since_the_last_pull(wp_site, session):
    _, state = pull(wp_site, session)
    assert state["posts_modified_after"] == "2025-06-01T08:00:00Z"  # newest modification minus a day
    assert state["comments_after"] == "2025-05-21T12:00:00Z"  # newest comment minus 7 days
    assert sorted(state["comments_seen"]) == ["1004", "1005", "1007", "1008"]
    pull(wp_site, session, state)
    assert wp_site.requested("/wp/v2/posts")[-1]["modified_after"] == "2025-06-01T08:00:00Z"
    assert wp_site.requested("/wp/v2/comments")[-1]["after"] == "2025-05-21T12:00:00Z"
    assert len(wp_site.requested("/wp/v2/comments")) == 4 + 2  # the window is two pages, not four


def test_refresh_returns_an_edited_post_only(wp_site, session):
    _, state = pull(wp_site, session)
    wp_site.edit_post(102, "Tempolimit: Die Entscheidung")
    batch, _ = pull(wp_site, session, state)
    assert batch.articles["article_id"].tolist() == [f"wp:{key(wp_site)}:102"]
    assert batch.articles.iloc[0]["title"] == "Tempolimit: Die Entscheidung"
    assert batch.comments.empty


def test_refresh_marks_a_comment_that_vanished_as_removed(wp_site, session):
    _, state = pull(wp_site, session)
    wp_site.remove_comment(1007, status="spam")
    batch, state = pull(wp_site, session, state)
    removed = batch.comments.set_index("comment_id").loc[cid(wp_site, 1007)]
    assert len(batch.comments) == 1
    assert removed["status"] == "removed"
    assert removed["article_id"] == f"wp:{key(wp_site)}:201"
    assert removed["created_at"] == "2025-05-28T08:00:00Z"
    assert pd.isna(removed["text"])
    assert "1007" not in state["comments_seen"]
    assert pull(wp_site, session, state)[0].comments.empty


def test_429_and_503_are_retried_and_the_pull_succeeds(wp_site, session, sleeps):
    wp_site.fail_next(429, retry_after=3)
    wp_site.fail_next(503)
    batch, _ = pull(wp_site, session)
    assert len(batch.comments) == len(VISIBLE)
    assert sleeps == [3.0, 0.5]  # Retry-After honoured, then backoff 0.25 * 2**1
    assert [p["page"] for p in wp_site.requested("/wp/v2/posts")][:3] == ["1", "1", "1"]


def test_a_site_that_stays_overloaded_fails_after_the_retries(wp_site, session):
    wp_site.fail_next(503, times=3)
    with pytest.raises(WordPressApiError, match="HTTP 503"):
        pull(wp_site, session)
    assert len(wp_site.requests) == 3


def test_api_switched_off_gives_a_clear_error(wp_site, session):
    wp_site.mode = "off"
    with pytest.raises(ApiUnavailable) as error:
        pull(wp_site, session)
    assert str(error.value) == (
        f"{wp_site.url} has no WordPress REST API at /wp-json/ (HTTP 404): is it a WordPress site with the API enabled?"
    )
    assert isinstance(error.value, SourceError)


def test_api_closed_to_anonymous_readers_says_so(wp_site, session):
    wp_site.mode = "anonymous-closed"
    with pytest.raises(ApiUnavailable, match="switched off for anonymous readers .HTTP 401 rest_cannot_access"):
        pull(wp_site, session)


def test_html_instead_of_json_gives_a_clear_error(wp_site, session):
    wp_site.mode = "html"
    with pytest.raises(ApiUnavailable, match="answered /wp/v2/posts with text/html, not JSON"):
        pull(wp_site, session)


def test_site_without_pretty_permalinks_is_read_through_rest_route(session):
    with WordPressSite(pretty_permalinks=False) as site:
        batch, state = pull(site, session)
        assert len(batch.comments) == len(VISIBLE)
        assert state["routing"] == "plain"
        pull(site, session, state)
        assert site.requests[-1][1].get("after") == state["comments_after"]


def test_a_timeout_is_reported_after_the_retries(wp_site):
    wp_site.delay = 0.5
    with make_session(timeout=0.1, retries=1, min_interval=0, backoff=0) as slow:
        with pytest.raises(HttpError, match="timed out after 2 attempt"):
            pull(wp_site, slow)


def test_an_unreachable_site_is_reported_after_the_retries(session, sleeps):
    with WordPressSite() as gone:
        url = gone.url
    with pytest.raises(HttpError, match="connection failed after 3 attempt"):
        read_site(url, session)
    assert sleeps == [0.25, 0.5]


def test_malformed_json_page_becomes_one_reject_and_the_rest_loads(wp_site, session):
    wp_site.corrupt("/wp/v2/comments", 2)
    batch, state = pull(wp_site, session)
    assert len(batch.rejects) == 1
    assert batch.rejects.iloc[0]["location"] == "GET /wp/v2/comments page 2"
    assert batch.rejects.iloc[0]["reason"].startswith("malformed JSON page skipped")
    assert [int(c.rsplit("c", 1)[1]) for c in batch.comments["comment_id"]] == [1001, 1002, 1005, 1007, 1008]
    assert state["comments_after"] is None  # not advanced: the next pull reads every comment again


def test_requests_carry_a_diskurs_user_agent_and_keep_a_polite_interval(wp_site, sleeps):
    with make_session(min_interval=0.5, backoff=0, sleep=sleeps.append) as polite:
        pull(wp_site, polite)
    assert wp_site.requests[0][2]["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("Diskurs/")
    assert len(sleeps) == len(wp_site.requests) - 1
    assert all(0 < s <= 0.5 for s in sleeps)


def test_urls_are_detected_as_wordpress_sites_and_canonicalised():
    assert detect("https://Site.Example/") == "wordpress-api"
    assert detect("comments.csv") == "csv"
    assert is_url("http://x.example") and not is_url("data/sample")
    assert site_url("HTTPS://Site.Example/blog/wp-json/wp/v2/") == "https://site.example/blog"
    with pytest.raises(SourceError):
        site_url("ftp://site.example")


@pytest.mark.skipif(not REAL_SAMPLE.exists(), reason="shared real sample not present")
def test_real_sample_comment_is_read():
    data = load_site()
    data["comments"] = json.loads(REAL_SAMPLE.read_text(encoding="utf-8"))
    data["posts"][0]["id"] = 4
    with WordPressSite(data) as site, make_session(min_interval=0, retries=0) as plain:
        batch, _ = read_site(site.url, plain)
    comment = batch.comments.iloc[0]
    assert comment["comment_id"] == cid(site, 2)
    assert comment["author"] == "Internet of something or other"
    assert comment["created_at"] == "2017-02-14T00:00:00Z"
    assert comment["text"] == "<p>This is a comment</p>\n"
    assert comment["status"] == "published"
    assert comment["article_id"] in set(batch.articles["article_id"])
