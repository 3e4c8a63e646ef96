"""The WordPress reader against sites that would stall a run (issue 10): a body trickling in, a
site ignoring `page`, a million claimed pages, a day's Retry-After, oversized answers. Each pull
ends within its deadline with one reject, loads what it read, and moves its state no further."""

import json
import time

import pytest

from etl.sources.http import MAX_RETRY_AFTER, make_session
from etl.sources.wordpress_api import read_site

VISIBLE = [1001, 1002, 1003, 1004, 1005, 1007, 1008]


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def session(sleeps):
    with make_session(timeout=5, retries=2, min_interval=0, backoff=0.25, sleep=sleeps.append) as s:
        yield s


def pull(site, session, state=None, **limits):
    batch, new_state = read_site(site.url, session, state, per_page=2, **limits)
    return batch, json.loads(json.dumps(new_state))


def numbers(batch):
    return [int(c.rsplit("c", 1)[1]) for c in batch.comments["comment_id"]]


def test_a_trickling_site_ends_the_pull_at_its_deadline_with_one_reject_and_no_state_moved(wp_site):
    wp_site.trickle = 0.01  # a byte every 10 ms: a page of posts would take about a minute
    with make_session(timeout=5, retries=0, min_interval=0) as session:
        started = time.monotonic()
        batch, state = pull(wp_site, session, deadline=2)
    assert time.monotonic() - started < 4
    assert batch.comments.empty
    assert len(batch.rejects) == 1
    assert "deadline of 2 s passed" in batch.rejects.iloc[0]["reason"]
    assert batch.rejects.iloc[0]["reason"].startswith(f"{wp_site.url}: stopped before page 1")
    assert state["posts_modified_after"] is None and state["comments_after"] is None


def test_a_day_long_retry_after_is_waited_at_most_a_minute(wp_site, session, sleeps):
    wp_site.fail_next(429, retry_after=86400)
    batch, _ = pull(wp_site, session)
    assert sleeps == [MAX_RETRY_AFTER] and MAX_RETRY_AFTER <= 60
    assert numbers(batch) == VISIBLE


def test_a_retry_after_past_the_deadline_ends_the_pull_at_once(wp_site):
    wp_site.fail_next(429, times=5, retry_after=86400)
    with make_session(timeout=5, retries=4, min_interval=0) as session:  # real sleeps
        started = time.monotonic()
        batch, state = pull(wp_site, session, deadline=5)
    assert time.monotonic() - started < 2
    assert "Retry-After 86400 s" in batch.rejects.iloc[0]["reason"]
    assert batch.comments.empty and state["comments_after"] is None


def test_a_site_ignoring_page_is_read_once_and_nothing_is_taken_for_removed(wp_site, session):
    first, state = pull(wp_site, session)
    wp_site.ignore_page = True  # a caching proxy now answers page 1 to every page
    batch, _ = pull(wp_site, session, state)
    rejected = batch.rejects.set_index("location")["reason"]
    assert "page 2 repeats page 1" in rejected["GET /wp/v2/comments page 2"]
    assert [p["page"] for p in wp_site.requested("/wp/v2/comments")][-2:] == ["1", "2"]
    assert "removed" not in set(batch.comments["status"])


def test_a_million_claimed_pages_are_not_believed_and_an_empty_page_ends_the_paging(wp_site, session):
    wp_site.claimed_pages = 1_000_000
    batch, _ = pull(wp_site, session)
    assert numbers(batch) == VISIBLE
    assert len(wp_site.requested("/wp/v2/comments")) == 4
    wp_site.claimed_pages = 50  # believable, but page 5 is empty: the end
    batch, _ = pull(wp_site, session)
    assert numbers(batch) == VISIBLE
    assert len(wp_site.requested("/wp/v2/comments")) == 4 + 5
    assert batch.rejects.empty


def test_the_page_cap_cuts_a_pull_and_the_next_pulls_go_on_from_there(wp_site, session):
    batch, state = pull(wp_site, session, max_pages=2)
    assert numbers(batch) == VISIBLE[:4]
    rejected = batch.rejects.set_index("location")["reason"]
    assert "more than 2 pages (the cap)" in rejected["GET /wp/v2/comments page 3"]
    seen = set(numbers(batch))
    for _ in range(5):
        batch, state = pull(wp_site, session, state, max_pages=2)
        seen |= set(numbers(batch))
        assert "removed" not in set(batch.comments["status"])
        if batch.rejects.empty:
            break
    assert sorted(seen) == VISIBLE
    assert batch.rejects.empty


@pytest.mark.parametrize("compressed", [False, True])
def test_an_oversized_answer_is_refused_with_a_reject(wp_site, compressed):
    wp_site.padding, wp_site.gzip = 5_000_000, compressed  # gzip: 5 MB of spaces in 5 KB
    with make_session(timeout=5, retries=0, min_interval=0, max_response=1_000_000) as session:
        batch, state = pull(wp_site, session)
    assert batch.comments.empty
    assert batch.rejects["reason"].str.contains("larger than the cap of 1,000,000 bytes").tolist() == [True, True]
    assert state["comments_after"] is None


def test_gzipped_answers_are_read(wp_site, session):
    wp_site.gzip = True
    batch, _ = pull(wp_site, session)
    assert numbers(batch) == VISIBLE
