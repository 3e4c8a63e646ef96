"""Reader for a live WordPress site through its REST API (docs/cli.md, "Inputs"): posts and approved comments.

    session = http.make_session()          # etl.sources.http
    batch, state = read_site("https://site.example", session, state)   # state: None on the first pull

Requests go to `/wp-json/wp/v2/posts` and `/wp-json/wp/v2/comments` (or `/?rest_route=/wp/v2/…`
on sites without pretty permalinks), 100 a page, following `X-WP-TotalPages`. All HTTP goes
through one `etl.sources.http.HttpSession` (timeouts, retries, backoff, a polite rate).

Incremental pulls. `state` is a JSON-able dict the caller keeps between successful pulls:

    {"version": 1, "site": …, "routing": "pretty" | "plain", "last_pull": ISO UTC,
     "posts_modified_after": ISO UTC | None, "posts_seen": {post id: modified_gmt},
     "comments_after": ISO UTC | None, "comments_seen": {comment id: [post, parent, date_gmt, hash]}}

Posts have `modified_after`: a refresh asks for posts modified after the newest modification seen
minus a day of overlap (the API compares local times, so DST and clock quirks could otherwise drop
a post) and skips those whose `modified_gmt` equals what `posts_seen` remembers.

Comments have no modified date in WordPress, and anonymous readers see only approved ones: a
comment turned spam or trash simply vanishes. So a refresh re-reads a trailing window, every
comment dated after `comments_after` = newest comment seen minus `recheck` (7 days by default,
when moderation and edits happen), and compares each with a fingerprint of what it read last
time: new or different ones are returned, remembered ones missing from the window come back as
rows with status "removed" and no text. The window is anchored on the site's newest comment,
not on our clock, so clock skew cannot open gaps. A refresh costs the window's pages, not the
site's. Edits to comments older than the window are seen only by a full pull (state=None); a
full pull returns everything and the store's merge keeps what is unchanged.

A page of malformed JSON is one reject; the rest loads and the state does not advance past it
(no "removed" guesses, the window stays where it was). A site without the API, with it switched
off for anonymous readers, or answering HTML raises ApiUnavailable; a site that stays down or
times out after the retries raises HttpError (WordPressApiError for answers that are errors).
All are SourceErrors.

Limits (docs/limits.md): a pull ends after `deadline` seconds (DEADLINE, 120) however the site
stalls (a body trickling in, Retry-After of a day, endless pages), reads at most `max_pages`
pages (MAX_PAGES) of a collection, stops when a page repeats the previous one (a site ignoring
`page`), and refuses answers over the session's size cap. What was read loads, one reject says
where and why it stopped, and the state moves no further than what was read: up to the newest
item read when the pages came oldest first, else not at all; nothing is taken for removed.
"""

import datetime as dt
import hashlib
import html
import json
import re
from urllib.parse import urlsplit

from etl.sources._wp_pages import ApiUnavailable, Pages, WordPressApiError
from etl.sources.batch import SourceError, make_batch

KIND = "wordpress-api"
RECHECK = dt.timedelta(days=7)
POSTS_OVERLAP = dt.timedelta(days=1)
DEADLINE = 120.0  # seconds for one site's pull, however the site stalls (docs/limits.md)
MAX_PAGES = 10_000  # pages of one collection in one pull
_STATUS = {"approved": "published", "approve": "published", "hold": "pending", "trash": "deleted"}
_DEFAULT_CATEGORIES = {"uncategorized", "allgemein", "unkategorisiert"}
_COMMENT_FIELDS = "id,post,parent,author_name,date_gmt,content,link,status"


__all__ = ["DEADLINE", "KIND", "MAX_PAGES", "ApiUnavailable", "WordPressApiError", "read_site", "site_url"]


def site_url(text):
    """The canonical site URL of an input: scheme and host lower-case, no query, no trailing /wp-json."""
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise SourceError(f"not a site URL: {text!r}")
    path = re.sub(r"/wp-json/?.*$", "", parts.path).rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def read_site(url, session, state=None, *, per_page=100, recheck=RECHECK, deadline=DEADLINE, max_pages=MAX_PAGES):
    """Pull a WordPress site's posts and approved comments: (Batch, new_state).

    With the `state` of the previous successful pull only new and changed items come back
    (see the module docstring); store the new state only after the batch has landed. The pull
    ends after `deadline` seconds however the site stalls, and reads at most `max_pages` pages
    of a collection: what was read loads, one reject says where it stopped, and the state moves
    only as far as what was read (docs/limits.md).
    """
    site = site_url(url)
    state = dict(state) if state and state.get("site") in (None, site) else {}
    api = Pages(site, session, per_page, state.get("routing") or "pretty", deadline, max_pages)
    posts, posts_read = _pull_posts(api, state)
    comments, comments_read = _pull_comments(api, state)
    changed_posts, posts_state = _post_changes(posts, state, posts_read)
    changed, removed, comments_state = _comment_changes(comments, state, comments_read, recheck)
    key = _site_key(site)
    by_id = {p["id"]: p for p in posts}
    needed = {c["post"] for c in changed}  # a removed comment's article is already stored
    by_id.update(_posts_by_id(api, needed - set(by_id)))
    articles = {p["id"]: _article(p, key, site) for p in changed_posts}
    for post_id in sorted(needed - set(articles)):
        articles[post_id] = (
            _article(by_id[post_id], key, site) if post_id in by_id else _bare_article(post_id, changed, key, site)
        )
    rows = [_comment(c, key, site) for c in changed]
    rows += [_removed(cid, entry, key, site) for cid, entry in sorted(removed.items())]
    new_state = {
        "version": 1,
        "site": site,
        "routing": api.routing,
        "last_pull": _iso(dt.datetime.now(dt.UTC)),
        **posts_state,
        **comments_state,
    }
    return make_batch(list(articles.values()), rows, api.rejects), new_state


def _pull_posts(api, state):
    after = state.get("posts_modified_after")
    params = {"orderby": "modified", "order": "asc", "_embed": "author,wp:term"}
    return api.read("/wp/v2/posts", {**params, **({"modified_after": after} if after else {})})


def _pull_comments(api, state):
    after = state.get("comments_after")
    params = {"orderby": "date_gmt", "order": "asc", "_fields": _COMMENT_FIELDS}
    comments, status = api.read("/wp/v2/comments", {**params, **({"after": after} if after else {})})
    # A site that ignores `after` sends older comments too: they were read before.
    floor = _time(after)
    unique = {c["id"]: c for c in comments if floor is None or (_time(c.get("date_gmt")) or floor) > floor}
    return list(unique.values()), status


def _posts_by_id(api, post_ids):
    """Posts (or pages) that comments need but this pull did not bring, fetched by id."""
    found = {}
    for route in ("/wp/v2/posts", "/wp/v2/pages"):
        missing = sorted(set(post_ids) - set(found))
        for start in range(0, len(missing), 100):
            chunk = ",".join(str(i) for i in missing[start : start + 100])
            items, _ = api.read(route, {"include": chunk, "_embed": "author,wp:term"})
            found.update((p["id"], p) for p in items)
    return found


def _post_changes(posts, state, status):
    """(posts new or modified since the last pull, the posts part of the new state)."""
    old_after, seen = _time(state.get("posts_modified_after")), state.get("posts_seen") or {}
    fresh = [p for p in posts if old_after is None or (_time(p.get("modified_gmt")) or old_after) > old_after]
    changed = [p for p in fresh if seen.get(str(p["id"])) != p.get("modified_gmt")]
    modified = [t for t in (_time(p.get("modified_gmt")) for p in fresh) if t is not None]
    if not modified or not _read_up_to(status, posts, "modified_gmt"):
        return changed, {"posts_modified_after": state.get("posts_modified_after"), "posts_seen": seen}
    after = _advance(old_after, max(modified), POSTS_OVERLAP, cut=status == "cut")
    kept = {str(p["id"]): p.get("modified_gmt") for p in fresh if (_time(p.get("modified_gmt")) or after) > after}
    return changed, {"posts_modified_after": _iso(after), "posts_seen": kept}


def _comment_changes(comments, state, status, recheck):
    """(new or changed comments, {id: entry} of vanished ones, the comments part of the new state)."""
    seen = state.get("comments_seen") or {}
    current = {str(c["id"]): _fingerprint(c) for c in comments}
    changed = [c for c in comments if seen.get(str(c["id"])) != current[str(c["id"])]]
    old_after = _time(state.get("comments_after"))
    dates = [t for t in (_time(c.get("date_gmt")) for c in comments) if t is not None]
    if not _read_up_to(status, comments, "date_gmt") or (status == "cut" and not dates):
        return changed, {}, {"comments_after": state.get("comments_after"), "comments_seen": {**seen, **current}}
    if status == "cut":  # no "removed" guesses: comments past the cut were not looked at
        after = _advance(old_after, max(dates), recheck, cut=True)
        both = {**seen, **current}
        kept = {cid: entry for cid, entry in both.items() if (_time(entry[2]) or after) > after}
        return changed, {}, {"comments_after": _iso(after), "comments_seen": kept}
    removed = {cid: entry for cid, entry in seen.items() if cid not in current}
    after = max(filter(None, [old_after, max(dates) - recheck if dates else None]), default=None)
    kept = {cid: entry for cid, entry in current.items() if after is None or (_time(entry[2]) or after) > after}
    return changed, removed, {"comments_after": _iso(after) if after else None, "comments_seen": kept}


def _read_up_to(status, items, field):
    """True when the state may move up to the newest item read: every page was read, or reading
    stopped early ("cut") after items that came oldest first, so nothing before them is unread."""
    if status == "complete":
        return True
    times = [_time(item.get(field)) for item in items]
    return status == "cut" and None not in times and all(a <= b for a, b in zip(times, times[1:]))


def _advance(old, newest, window, cut):
    """The new lower bound: `window` before the newest item read, never moving back. After a pull
    that was cut short, at least up to just before its newest item, so the next pull gets further."""
    after = max(filter(None, [old, newest - window]))
    if cut and old is not None and after <= old:
        after = max(old, newest - dt.timedelta(seconds=1))
    return after


def _fingerprint(comment):
    what = [comment.get(k) for k in ("author_name", "status")] + [(comment.get("content") or {}).get("rendered")]
    digest = hashlib.sha1(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:16]
    return [comment["post"], comment.get("parent") or 0, comment.get("date_gmt"), digest]


def _article(post, key, site):
    embedded = post.get("_embedded") or {}
    authors = [a.get("name") for a in embedded.get("author") or [] if isinstance(a, dict) and a.get("name")]
    author = authors[0] if authors else (f"user {post['author']}" if post.get("author") else None)
    terms = [t for group in embedded.get("wp:term") or [] for t in group if isinstance(t, dict)]
    topics = [t["name"] for t in terms if t.get("name") and t.get("slug") not in _DEFAULT_CATEGORIES]
    return {
        "article_id": f"wp:{key}:{post['id']}",
        "source": site,
        "url": post.get("link"),
        "title": _rendered(post, "title") or None,
        "author": author,
        "published_at": _utc(post.get("date_gmt")),
        "body": _rendered(post, "content") or None,
        "source_topics": ";".join(dict.fromkeys(html.unescape(n) for n in topics)) or None,
    }


def _bare_article(post_id, comments, key, site):
    """An article known only by id (private, or a post type the API does not list)."""
    links = [c.get("link") for c in comments if c["post"] == post_id and c.get("link")]
    return {"article_id": f"wp:{key}:{post_id}", "source": site, "url": links[0].split("#")[0] if links else None}


def _comment(comment, key, site):
    parent = comment.get("parent") or 0
    status = str(comment.get("status") or "approved").lower()
    return {
        "comment_id": f"wp:{key}:c{comment['id']}",
        "article_id": f"wp:{key}:{comment['post']}",
        "parent_id": f"wp:{key}:c{parent}" if parent else None,
        "author": comment.get("author_name") or None,
        "created_at": _utc(comment.get("date_gmt")),
        "text": _rendered(comment, "content"),
        "status": _STATUS.get(status, status),
        "source": site,
        "seq": comment["id"],
    }


def _removed(comment_id, entry, key, site):
    post, parent, date_gmt, _ = entry
    return {
        "comment_id": f"wp:{key}:c{comment_id}",
        "article_id": f"wp:{key}:{post}",
        "parent_id": f"wp:{key}:c{parent}" if parent else None,
        "created_at": _utc(date_gmt),
        "text": None,
        "status": "removed",
        "source": site,
        "seq": int(comment_id),
    }


def _site_key(site):
    parts = urlsplit(site)
    return parts.netloc + parts.path


def _rendered(item, field):
    value = item.get(field)
    return value.get("rendered") if isinstance(value, dict) else value


def _time(value):
    """A UTC datetime from WordPress's `date_gmt` (naive, UTC) or our ISO strings; None if absent."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(date_gmt):
    moment = _time(date_gmt)
    return _iso(moment) if moment else None
