"""Paging through a WordPress REST collection for wordpress_api: routing, the first answer's
checks, and the limits that keep a misbehaving site from holding a run (docs/limits.md).

`Pages.read(route, params)` returns the items of every page and how the reading ended:
"complete", "gap" (a malformed page was skipped: later pages were read) or "cut" (it stopped
early, so what was read is the first part of the collection in the order asked for). It stops,
with one reject saying why, when the pull's deadline passes, an answer is over the size cap, a
page repeats the previous page's ids (a site, or a caching proxy dropping query strings, that
ignores `page`), or `max_pages` pages were read. An `X-WP-TotalPages` above `max_pages` is not
believed: pages are then read until one comes back short.
"""

import json
import time

from etl.schema import reject
from etl.sources.http import DeadlineExceeded, HttpError, ResponseTooLarge

_PAGE_END_CODES = {"rest_post_invalid_page_number", "rest_comment_invalid_page_number"}


class WordPressApiError(HttpError):
    """A WordPress site could not be read: down, timing out, or answering errors."""


class ApiUnavailable(WordPressApiError):
    """The site has no usable WordPress REST API (not WordPress, API off, or closed to anonymous readers)."""


class Pages:
    """One pull's view of a site: URLs for either routing style, paging, its deadline and rejects."""

    def __init__(self, site, session, per_page, routing, deadline, max_pages):
        self.site, self.session, self.per_page, self.routing = site, session, per_page, routing
        self.seconds, self.max_pages = deadline, max_pages
        self.deadline = time.monotonic() + deadline
        self.rejects, self.verified, self.out_of_time = [], False, False

    def get(self, route, params):
        response = self._request(route, params, self.routing)
        if not self.verified:
            if response.status_code == 404 and self.routing == "pretty":
                plain = self._request(route, params, "plain")
                if plain.status_code == 200 and _looks_json(plain):
                    self.routing, response = "plain", plain
            _verify(self.site, route, response)
            self.verified = True
        return response

    def read(self, route, params):
        """(items of the pages read, "complete" | "gap" | "cut"); see the module docstring."""
        items, status, previous = [], "complete", None
        total = None
        for page in range(1, self.max_pages + 1):
            if self.out_of_time:
                return items, "cut"  # the deadline was reported once, where it passed
            try:
                response = self.get(route, {**params, "page": page, "per_page": self.per_page})
            except (DeadlineExceeded, ResponseTooLarge) as exc:
                self.out_of_time = isinstance(exc, DeadlineExceeded)
                return items, self._stop(route, page, _stopped(exc, self.seconds))
            if response.status_code == 400 and wp_error(response)[0] in _PAGE_END_CODES:
                break  # the collection shrank while we paged
            if response.status_code != 200:
                raise WordPressApiError(f"{self.site}: HTTP {response.status_code} for {route} page {page}")
            claimed = _int(response.headers.get("X-WP-TotalPages"))
            total = claimed if claimed is not None and claimed <= self.max_pages else None
            batch = self._json_list(response, route, page)
            if batch is None:
                status, batch = "gap", []
            elif not batch:
                break  # an empty page ends the collection, whatever X-WP-TotalPages claims
            ids = [item.get("id") if isinstance(item, dict) else None for item in batch]
            if batch and ids == previous:
                why = f"page {page} repeats page {page - 1} (the site ignores `page`, as a caching proxy can)"
                return items, self._stop(route, page, why)
            previous = ids
            items.extend(self._usable(batch, route, page))
            if (total is None and len(batch) < self.per_page) or (total is not None and page >= total):
                return items, status
        else:
            return items, self._stop(route, self.max_pages + 1, f"more than {self.max_pages:,} pages (the cap)")
        return items, status

    def _stop(self, route, page, why):
        reason = f"{self.site}: stopped before page {page}: {why}; the rest is read by a later pull"
        self.rejects.append(reject(self.site, f"GET {route} page {page}", reason))
        return "cut"

    def _json_list(self, response, route, page):
        try:
            batch = response.json()
            if not isinstance(batch, list):
                raise ValueError(f"expected a JSON list, got {type(batch).__name__}")
        except ValueError as exc:
            self.rejects.append(
                reject(self.site, f"GET {route} page {page}", f"malformed JSON page skipped: {exc}", response.text)
            )
            return None
        return batch

    def _usable(self, batch, route, page):
        for n, item in enumerate(batch, 1):
            if (
                isinstance(item, dict)
                and isinstance(item.get("id"), int)
                and (route.endswith("posts") or route.endswith("pages") or isinstance(item.get("post"), int))
            ):
                yield item
            else:
                self.rejects.append(
                    reject(
                        self.site,
                        f"GET {route} page {page} item {n}",
                        "record without a numeric id",
                        json.dumps(item)[:200],
                    )
                )

    def _request(self, route, params, routing):
        if routing == "plain":
            return self.session.get(f"{self.site}/", params={"rest_route": route, **params}, deadline=self.deadline)
        return self.session.get(f"{self.site}/wp-json{route}", params=params, deadline=self.deadline)


def _stopped(exc, seconds):
    if isinstance(exc, DeadlineExceeded):
        return f"the pull's deadline of {seconds:g} s passed ({exc})"
    return str(exc)


def _verify(site, route, response):
    """Raise a one-line error when the first answer shows the site has no usable API."""
    status = response.status_code
    code, message = wp_error(response)
    if status == 404 and code != "rest_no_route":
        raise ApiUnavailable(
            f"{site} has no WordPress REST API at /wp-json/ (HTTP 404): is it a WordPress site with the API enabled?"
        )
    if status == 404:
        raise ApiUnavailable(f"{site} has a REST API but no route {route} (HTTP 404 rest_no_route)")
    if status in (401, 403) or code == "rest_disabled":
        raise ApiUnavailable(
            f"{site} has its WordPress REST API switched off for anonymous readers "
            f"(HTTP {status} {code or 'error'}: {message or 'no message'})"
        )
    if status >= 400:
        raise WordPressApiError(f"{site}: HTTP {status} for {route}" + (f" ({code}: {message})" if code else ""))
    if not _looks_json(response):
        kind = response.headers.get("Content-Type", "no content type").split(";")[0]
        raise ApiUnavailable(
            f"{site} answered {route} with {kind}, not JSON: is it a WordPress site with the REST API enabled?"
        )


def wp_error(response):
    """(code, message) of a WordPress error body, or (None, None)."""
    try:
        body = response.json()
    except ValueError:
        return None, None
    return (body.get("code"), body.get("message")) if isinstance(body, dict) else (None, None)


def _looks_json(response):
    return "json" in response.headers.get("Content-Type", "") or response.text.lstrip()[:1] in ("[", "{")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
