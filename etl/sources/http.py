"""HTTP for site sources: one `HttpSession` with a timeout on every request, retries with
exponential backoff on 429/5xx and broken connections (honouring `Retry-After` up to a minute),
a polite minimum interval between requests, a User-Agent naming Diskurs, and two limits a
misbehaving server cannot talk its way past: a deadline for the whole call (waits, retries and a
body trickling in a byte at a time, which per-read timeouts never catch) and a cap on the size of
an answer, counted after decompression (docs/limits.md).

    with make_session(min_interval=0.5) as session:
        response = session.get(url, params, deadline=time.monotonic() + 120)
"""

import datetime as dt
import email.utils
import http.client
import time
import zlib

import requests

from etl import __version__
from etl.sources.batch import SourceError

USER_AGENT = f"Diskurs/{__version__} (news-comment analytics; python-requests/{requests.__version__})"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a site asking for a day's pause is not waited for
MAX_RESPONSE = 32 * 1024 * 1024  # bytes of one answer, decompressed; a page of 100 comments is ~100 KB
_CHUNK = 64 * 1024
_TRANSIENT = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
# What reading a body straight from http.client raises when the connection breaks or stalls.
_BODY_BROKEN = (OSError, http.client.HTTPException)


class HttpError(SourceError):
    """A site could not be read: down, timing out, or answering errors."""


class DeadlineExceeded(HttpError):
    """The call's deadline passed: waiting for the site, retrying, or reading a trickling answer."""


class ResponseTooLarge(HttpError):
    """An answer was larger than the session's cap."""


class HttpSession:
    """A requests.Session with the one place for timeouts, retries, backoff, a polite rate and caps."""

    def __init__(self, http, timeout, retries, backoff, min_interval, sleep=time.sleep, max_response=MAX_RESPONSE):
        self.http, self.timeout, self.retries = http, timeout, retries
        self.backoff, self.min_interval, self.sleep = backoff, min_interval, sleep
        self.max_response = max_response
        self._last = None

    def get(self, url, params=None, deadline=None):
        """GET with retries; returns the last response (any status, body read) or raises HttpError.

        `deadline` (a time.monotonic() value) bounds everything: no wait, retry or read goes past it
        (DeadlineExceeded). A body over `max_response` bytes raises ResponseTooLarge.
        """
        for attempt in range(self.retries + 1):
            self._wait_turn(deadline)
            try:
                response = self.http.get(url, params=params, timeout=self._timeout(deadline), stream=True)
                _read_body(response, deadline, self.max_response)
            except requests.RequestException as exc:
                if not isinstance(exc, _TRANSIENT):
                    raise HttpError(f"{_strip_query(url)}: {type(exc).__name__}: {exc}") from exc
                failure = exc
            except _BODY_BROKEN as exc:
                failure = exc
            else:
                if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                    return response
                asked = _retry_after(response)
                pause = self.backoff * 2**attempt if asked is None else min(asked, MAX_RETRY_AFTER)
                why = f"HTTP {response.status_code} with Retry-After {asked:.0f} s" if asked else "backing off"
                self._pause(pause, deadline, why)
                continue
            if attempt == self.retries:
                timed_out = isinstance(failure, (requests.Timeout, TimeoutError))
                what = "timed out" if timed_out else "connection failed"
                raise HttpError(
                    f"{_strip_query(url)} {what} after {self.retries + 1} attempt(s): {type(failure).__name__}"
                ) from failure
            self._pause(self.backoff * 2**attempt, deadline, "backing off after a failed attempt")
        raise AssertionError("unreachable")

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _timeout(self, deadline):
        if deadline is None:
            return self.timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("the deadline passed before the next request")
        return min(self.timeout, left)

    def _pause(self, seconds, deadline, why):
        if deadline is not None and time.monotonic() + seconds >= deadline:
            raise DeadlineExceeded(f"{why}: waiting {seconds:.0f} s more would pass the deadline")
        self.sleep(seconds)

    def _wait_turn(self, deadline):
        now = time.monotonic()
        if self._last is not None and self.min_interval > 0:
            pause = self._last + self.min_interval - now
            if pause > 0:
                self._pause(pause, deadline, "keeping the polite interval")
        self._last = time.monotonic()


def make_session(
    user_agent=USER_AGENT,
    timeout=10.0,
    retries=4,
    min_interval=0.5,
    backoff=0.5,
    sleep=time.sleep,
    max_response=MAX_RESPONSE,
):
    """An HttpSession: `timeout` seconds (connect and read), `retries` with exponential `backoff`,
    answers of at most `max_response` bytes."""
    http = requests.Session()
    # Only the encodings _read_body decodes (requests would offer brotli or zstd when installed).
    http.headers.update({"User-Agent": user_agent, "Accept": "application/json", "Accept-Encoding": "gzip, deflate"})
    return HttpSession(http, timeout, retries, backoff, min_interval, sleep, max_response)


def _read_body(response, deadline, limit):
    """Read a streamed response's body into it, checking the clock and the size at every chunk.

    urllib3's read(n) waits until n bytes have come, so a server sending a byte every few seconds
    would hold it for hours; http.client's read1 returns whatever one receive brings.
    """
    raw = response.raw
    read = getattr(getattr(raw, "_fp", None), "read1", None) or raw.read
    body = bytearray()
    try:
        decoder = _decoder(response.headers.get("Content-Encoding"))
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise DeadlineExceeded(f"the deadline passed while the answer trickled in ({len(body):,} bytes so far)")
            chunk = read(_CHUNK)
            if not chunk:
                break
            body += decoder.decompress(chunk, limit + 1 - len(body)) if decoder else chunk
            if len(body) > limit:
                raise ResponseTooLarge(f"an answer larger than the cap of {limit:,} bytes")
        if decoder:
            body += decoder.flush()
    except zlib.error as exc:
        response.close()
        raise HttpError(f"{_strip_query(response.url)}: corrupt compressed answer ({exc})") from exc
    except BaseException:
        response.close()  # the connection is dropped, not handed back half-read
        raise
    response._content, response._content_consumed = bytes(body), True  # what .json() and .text read
    response.close()  # hands the connection back to the pool (the body was read to its end)


def _decoder(encoding):
    encoding = (encoding or "identity").strip().lower()
    if encoding == "identity":
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    raise HttpError(f"unsupported Content-Encoding {encoding!r}")


def _retry_after(response):
    """Seconds the site asks us to wait (uncapped), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)


def _strip_query(url):
    return url.split("?")[0]
