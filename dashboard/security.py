"""What every request and response of the dashboard goes through: a cap on the body, a check of
the callback body's shape, 400 (never 500) for values it cannot use, and security headers with a
Content-Security-Policy that lets Dash run and nothing else.

Limits: a request body of MAX_BODY bytes (else 413); a search of filters.MAX_SEARCH characters
(the comments page cuts and says so, a download route refuses); dates, lists, rows and query
arguments checked where they are parsed (filters.py, views.block_bounds), answering 400 with one
line.
"""

import logging

import flask

from dashboard.filters import InvalidInput

log = logging.getLogger("dashboard")

MAX_BODY = 1024 * 1024  # bytes of a request body: a callback's inputs are a few kilobytes
CALLBACK_ROUTE = "/_dash-update-component"
# Exceptions Dash or a callback raises on a body it cannot use (an unknown output, an input of
# the wrong type): the request's fault, answered 400 on the callback route.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(script_hashes):
    """The CSP: everything from this server only; inline scripts only those whose hashes Dash
    gives (its renderer, the clientside callbacks); inline styles allowed (Dash components and
    Plotly set style attributes and inject style sheets); data: images (Plotly's); no framing."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(script_hashes),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def protect(app):
    """Cap request bodies, check callback bodies, answer bad values with 400, and add the
    security headers to every response of `app` (the CSP names the hash of each inline script)."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    @server.before_request
    def _check_callback_body():
        if flask.request.method == "POST" and flask.request.path.endswith(CALLBACK_ROUTE):
            problem = callback_body_problem(flask.request.get_json(silent=True))
            if problem:
                return bad_request(problem)
        return None

    @server.after_request
    def _headers(response):
        # Hashed per response (microseconds): Dash adds inline scripts of its own when it sets
        # itself up, on the first request, after create_app has returned.
        policy = content_security_policy(app.csp_hashes())
        for name, value in dict(HEADERS, **{"Content-Security-Policy": policy}).items():
            response.headers.setdefault(name, value)
        return response

    @server.errorhandler(InvalidInput)
    def _invalid(error):
        return bad_request(str(error))

    for kind in MALFORMED:
        server.register_error_handler(kind, _malformed)


def bad_request(reason):
    """A 400 answer with a one-line reason, as JSON."""
    return flask.jsonify({"error": reason}), 400


def _malformed(error):
    if flask.request.path.endswith(CALLBACK_ROUTE):
        log.warning("malformed callback request: %r", error, exc_info=error)
        return bad_request(f"malformed callback request ({type(error).__name__})")
    log.exception("error answering %s", flask.request.path, exc_info=error)
    return flask.jsonify({"error": "internal error"}), 500


def callback_body_problem(body):
    """Why `body` is not a Dash callback request, in one line; None when its shape is right:
    an object with a string `output`, `outputs` and `inputs` (and optional `state`) made of
    {id, property} objects or lists of them, and a list of `changedPropIds`."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not isinstance(body.get("output"), str):
        return "`output` must be a string"
    outputs = body.get("outputs")
    if not _props(outputs if isinstance(outputs, list) else [outputs]):
        return "`outputs` must be {id, property} objects"
    for key in ("inputs", "state"):
        value = body.get(key, [])
        if not isinstance(value, list) or not _props(value):
            return f"`{key}` must be a list of {{id, property}} objects"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(item, str) for item in changed):
        return "`changedPropIds` must be a list of strings"
    return None


def _props(items):
    """True when each item is an {id, property} object or a list of them (pattern matching)."""
    return all(_prop(item) or (isinstance(item, list) and all(_prop(one) for one in item)) for item in items)


def _prop(item):
    return isinstance(item, dict) and isinstance(item.get("id"), str | dict) and isinstance(item.get("property"), str)
