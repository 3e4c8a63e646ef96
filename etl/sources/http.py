"""HTTP for site sources: one `HttpSession` with a timeout on every request, retries with
exponential backoff on 429/5xx and broken connections (honouring `Retry-After`), a polite
minimum interval between requests, and a User-Agent naming Diskurs.

    with make_session(min_interval=0.5) as session:
        response = session.get(url, params)
"""

import datetime as dt
import email.utils
import time

import requests

from etl import __version__
from etl.sources.batch import SourceError

USER_AGENT = f"Diskurs/{__version__} (news-comment analytics; python-requests/{requests.__version__})"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 300.0
_TRANSIENT = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


class HttpError(SourceError):
    """A site could not be read: down, timing out, or answering errors."""


class HttpSession:
    """A requests.Session with the one place for timeouts, retries, backoff and a polite rate."""

    def __init__(self, http, timeout, retries, backoff, min_interval, sleep=time.sleep):
        self.http, self.timeout, self.retries = http, timeout, retries
        self.backoff, self.min_interval, self.sleep = backoff, min_interval, sleep
        self._last = None

    def get(self, url, params=None):
        """GET with retries; returns the last response (any status) or raises HttpError."""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            try:
                response = self.http.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                if not isinstance(exc, _TRANSIENT):
                    raise HttpError(f"{_strip_query(url)}: {type(exc).__name__}: {exc}") from exc
                if attempt == self.retries:
                    what = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
                    raise HttpError(
                        f"{_strip_query(url)} {what} after {self.retries + 1} attempt(s): {type(exc).__name__}"
                    ) from exc
                self.sleep(self.backoff * 2**attempt)
                continue
            if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                return response
            self.sleep(_retry_after(response) or self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _wait_turn(self):
        now = time.monotonic()
        if self._last is not None and self.min_interval > 0:
            pause = self._last + self.min_interval - now
            if pause > 0:
                self.sleep(pause)
        self._last = time.monotonic()


def make_session(user_agent=USER_AGENT, timeout=10.0, retries=4, min_interval=0.5, backoff=0.5, sleep=time.sleep):
    """An HttpSession: `timeout` seconds (connect and read), `retries` with exponential `backoff`."""
    http = requests.Session()
    http.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
    return HttpSession(http, timeout, retries, backoff, min_interval, sleep)


def _retry_after(response):
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _strip_query(url):
    return url.split("?")[0]
