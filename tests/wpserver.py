"""A small WordPress site served over real HTTP on 127.0.0.1, for the REST API reader's tests.

`WordPressSite(data)` serves `/wp-json/wp/v2/posts`, `/pages` and `/comments` (or `/?rest_route=`
when pretty permalinks are off) the way WordPress does for anonymous readers: approved comments
only, paging by `page`/`per_page` with `X-WP-Total` and `X-WP-TotalPages`, `orderby`/`order`,
`modified_after`, `after`, `include`, `post`, `_embed` and `_fields`. Between pulls a test can add,
edit or remove comments, edit posts, make the next answers fail (429, 503, ...), corrupt a page,
slow every answer down, or switch the API off. It can also misbehave the ways that stall a reader:
trickle its answers a byte at a time, ignore `page` (as a caching proxy dropping query strings
does), claim a million pages and answer empty ones, pad its answers, and gzip them.
"""

import copy
import datetime as dt
import gzip
import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURE = Path(__file__).resolve().parent / "data" / "wp-rest" / "site.json"
HTML_404 = b"<!DOCTYPE html><html><head><title>Seite nicht gefunden</title></head><body>404</body></html>"


def load_site(path=FIXTURE):
    """The recorded site: {"posts": [...], "pages": [...], "comments": [...]}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


class WordPressSite:
    """A running in-memory WordPress site; use as a context manager or call start()/stop()."""

    def __init__(self, data=None, pretty_permalinks=True):
        data = copy.deepcopy(data if data is not None else load_site())
        self.posts, self.pages = data.get("posts", []), data.get("pages", [])
        self.comments = data.get("comments", [])
        self.pretty_permalinks = pretty_permalinks
        self.requests = []  # (path, {param: value}, headers) of every request, in order
        self.mode = "on"  # "on" | "off" (404 HTML) | "anonymous-closed" (401) | "html" (200 HTML)
        self.delay = 0.0
        self.trickle = 0.0  # seconds between the bytes of an answer's body
        self.ignore_page = False  # every page is page 1
        self.claimed_pages = None  # X-WP-TotalPages to claim; pages past the real ones come back empty
        self.padding = 0  # spaces appended to every JSON answer
        self.gzip = False  # Content-Encoding: gzip
        self._failures, self._corrupt = [], set()
        self._lock = threading.Lock()
        self._clock = max(_parse(c["date_gmt"]) for c in self.comments + self.posts) + dt.timedelta(days=1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.delay, self.trickle = 0.0, 0.0
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # What a test changes between pulls.

    def add_comment(self, post, text, author_name="Leserin", parent=0):
        """Add an approved comment dated at the site's clock; returns its id."""
        with self._lock:
            new_id = max(c["id"] for c in self.comments) + 1
            when = self._tick()
            self.comments.append(
                {
                    "id": new_id,
                    "post": post,
                    "parent": parent,
                    "author": 0,
                    "author_name": author_name,
                    "author_url": "",
                    "date": when,
                    "date_gmt": when,
                    "content": {"rendered": text},
                    "link": f"https://zeitung.example/?p={post}#comment-{new_id}",
                    "status": "approved",
                    "type": "comment",
                    "author_avatar_urls": {},
                    "meta": [],
                    "_links": {},
                }
            )
            return new_id

    def edit_comment(self, comment_id, text):
        with self._lock:
            self._comment(comment_id)["content"]["rendered"] = text

    def remove_comment(self, comment_id, status="trash"):
        """Spam or trash a comment: anonymous readers stop seeing it."""
        with self._lock:
            self._comment(comment_id)["status"] = status

    def edit_post(self, post_id, title):
        with self._lock:
            post = next(p for p in self.posts if p["id"] == post_id)
            post["title"]["rendered"] = title
            post["modified"] = post["modified_gmt"] = self._tick()

    def fail_next(self, status, times=1, retry_after=None):
        """The next `times` requests answer `status` (with a WordPress-style JSON error body)."""
        with self._lock:
            self._failures.extend([(status, retry_after)] * times)

    def corrupt(self, route, page):
        """Answer page `page` of `route` (e.g. "/wp/v2/comments") with truncated JSON."""
        self._corrupt.add((route, page))

    def requested(self, route):
        """The query parameters of every request to `route`, in order."""
        return [params for path, params, _ in self.requests if path == route]

    def _tick(self):
        self._clock += dt.timedelta(minutes=1)
        return self._clock.strftime("%Y-%m-%dT%H:%M:%S")

    def _comment(self, comment_id):
        return next(c for c in self.comments if c["id"] == comment_id)

    # Answering requests.

    def answer(self, path, query, headers):
        """(status, headers, body bytes) for one GET."""
        params = {k: v[-1] for k, v in parse_qs(query).items()}
        route = self._route(path, params)
        with self._lock:
            self.requests.append((route or path, params, dict(headers)))
            if self._failures:
                status, retry_after = self._failures.pop(0)
                extra = {"Retry-After": str(retry_after)} if retry_after is not None else {}
                return _json(
                    status,
                    {"code": "http_error", "message": "Bitte später erneut versuchen.", "data": {"status": status}},
                    extra,
                )
            if route is None or self.mode == "off":
                return 404, {"Content-Type": "text/html; charset=UTF-8"}, HTML_404
            if self.mode == "html":
                return 200, {"Content-Type": "text/html; charset=UTF-8"}, b"<html><body>Startseite</body></html>"
            if self.mode == "anonymous-closed":
                return _json(
                    401,
                    {
                        "code": "rest_cannot_access",
                        "message": "Only authenticated users can access the REST API.",
                        "data": {"status": 401},
                    },
                )
            return self._collection(route, params)

    def _route(self, path, params):
        if self.pretty_permalinks and path.startswith("/wp-json"):
            return path[len("/wp-json") :].rstrip("/") or "/"
        if path in ("/", "/index.php") and "rest_route" in params:
            return params.pop("rest_route").rstrip("/") or "/"
        return None

    def _collection(self, route, params):
        if route == "/":
            return _json(200, {"name": "Zeitung Beispiel", "namespaces": ["oembed/1.0", "wp/v2"]})
        kinds = {"/wp/v2/posts": "post", "/wp/v2/pages": "post", "/wp/v2/comments": "comment"}
        if route not in kinds:
            return _json(
                404,
                {
                    "code": "rest_no_route",
                    "message": "No route was found matching the URL and request method.",
                    "data": {"status": 404},
                },
            )
        try:
            page, per_page = 1 if self.ignore_page else int(params.get("page", 1)), int(params.get("per_page", 10))
            if not 1 <= per_page <= 100 or page < 1:
                raise ValueError
        except ValueError:
            return _json(
                400,
                {"code": "rest_invalid_param", "message": "Invalid parameter(s): per_page", "data": {"status": 400}},
            )
        items = self._select(route, params)
        total, pages = len(items), math.ceil(len(items) / per_page)
        if page > pages and total > 0 and self.claimed_pages is None:
            return _json(
                400,
                {
                    "code": f"rest_{kinds[route]}_invalid_page_number",
                    "message": "The page number requested is larger than the number of pages available.",
                    "data": {"status": 400},
                },
            )
        shown = [_shape(item, params) for item in items[(page - 1) * per_page : page * per_page]]
        extra = {"X-WP-Total": str(total), "X-WP-TotalPages": str(self.claimed_pages or pages)}
        if (route, page) in self._corrupt:
            return 200, {"Content-Type": "application/json; charset=UTF-8", **extra}, json.dumps(shown).encode()[:40]
        return _json(200, shown, extra)

    def _select(self, route, params):
        if route == "/wp/v2/comments":
            items = [c for c in self.comments if c["status"] == "approved"]
            if "post" in params:
                items = [c for c in items if str(c["post"]) in params["post"].split(",")]
            key = {"date_gmt": "date_gmt", "date": "date_gmt", "id": "id"}[params.get("orderby", "date_gmt")]
        else:
            items = self.posts if route.endswith("posts") else self.pages
            if "modified_after" in params:
                items = [p for p in items if _parse(p["modified_gmt"]) > _parse(params["modified_after"])]
            key = {"date": "date_gmt", "modified": "modified_gmt", "id": "id"}[params.get("orderby", "date")]
        if "after" in params:
            items = [i for i in items if _parse(i["date_gmt"]) > _parse(params["after"])]
        if "include" in params:
            items = [i for i in items if str(i["id"]) in params["include"].split(",")]
        return sorted(items, key=lambda i: (i[key], i["id"]), reverse=params.get("order", "desc") == "desc")


def _shape(item, params):
    """The item as the API shows it: `_embedded` only with `_embed`, only `_fields` when asked."""
    shown = {k: v for k, v in item.items() if k != "_embedded" or "_embed" in params}
    if "_fields" in params:
        wanted = set(params["_fields"].split(","))
        shown = {k: v for k, v in shown.items() if k in wanted}
    return shown


def _json(status, body, headers=None):
    return status, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}, json.dumps(body).encode()


def _parse(text):
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _write(out, body, site):
    """The body at once, or a byte at a time while the site trickles (stop() ends the trickle)."""
    for start in range(len(body)):
        if not site.trickle:
            out.write(body[start:])
            return
        out.write(body[start : start + 1])
        out.flush()
        time.sleep(site.trickle)


def _handler(site):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if site.delay:
                time.sleep(site.delay)
            parts = urlsplit(self.path)
            status, headers, body = site.answer(parts.path, parts.query, self.headers)
            if "json" in headers.get("Content-Type", ""):
                body += b" " * site.padding
            if site.gzip:
                body, headers = gzip.compress(body), {**headers, "Content-Encoding": "gzip"}
            try:
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                _write(self.wfile, body, site)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *args):
            pass

    return Handler
