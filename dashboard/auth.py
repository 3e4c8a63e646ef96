"""Sign-in: with a users file, every route but /login, /logout and /healthz needs a signed-in
session (a signed cookie, from the /login form) or HTTP Basic credentials (for scripts); else
401, with a small sign-in form as the body for a browser. /healthz stays open for monitors but
tells a stranger only its status and reason.

`current_user()` gives the request's User (name, role, can_edit) for features that write, such
as labels: editors may, viewers only read. Without a users file nobody is signed in and it is
None. The users file is re-read when it changes: `diskurs users add/remove` needs no restart.
"""

import contextlib
import datetime as dt
import html
import threading
from dataclasses import dataclass
from pathlib import Path

import flask

from dashboard import users
from dashboard.users import User

SIGN_IN = "/login"
SIGN_OUT = "/logout"
OPEN_PATHS = (SIGN_IN, SIGN_OUT, "/healthz")
SESSION_HOURS = 12
CONFIG_KEY = "DISKURS_SIGN_IN"  # True in the Flask config when sign-in is on


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in settings, read once at the edge (dashboard.cli, dashboard.wsgi): the users file
    and the key signing session cookies (None: the one kept beside the users file)."""

    users_file: Path
    secret_key: str | None = None


def current_user() -> User | None:
    """The user of the request being answered, None when sign-in is off (or outside a request)."""
    return flask.g.get("diskurs_user") if flask.has_request_context() else None


def sign_in_on() -> bool:
    """True when the app answering the request requires sign-in."""
    return flask.has_app_context() and bool(flask.current_app.config.get(CONFIG_KEY))


class UsersFile:
    """The users of one file, re-read when the file's modification time changes."""

    def __init__(self, path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp = None
        self._users = users.load(self.path)  # a missing or broken file stops the start (UsersError)

    def users(self):
        try:
            stamp = self.path.stat().st_mtime_ns
        except OSError:
            return {}  # the file vanished: nobody signs in until it is back
        with self._lock:
            if stamp != self._stamp:
                # Half-edited by hand: keep the users known until it reads again.
                with contextlib.suppress(users.UsersError):
                    self._users, self._stamp = users.load(self.path), stamp
            return self._users


def protect(server, auth):
    """Require sign-in on every route of `server` but OPEN_PATHS, and add /login and /logout."""
    known = UsersFile(auth.users_file)
    server.secret_key = auth.secret_key or users.secret_key(auth.users_file)
    server.config.update(
        {CONFIG_KEY: True},
        SESSION_COOKIE_NAME="diskurs_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
    )

    @server.before_request
    def _guard():
        flask.g.diskurs_user = signed_in(known.users())
        if flask.g.diskurs_user or flask.request.path in OPEN_PATHS:
            return None
        return refuse()

    server.add_url_rule(SIGN_IN, "login", lambda: login(known), methods=["GET", "POST"])
    server.add_url_rule(SIGN_OUT, "logout", logout, methods=["GET", "POST"])


def signed_in(known):
    """The request's user: from its session if that user still exists (with their role now),
    else from HTTP Basic credentials; None when neither."""
    name = flask.session.get("user")
    if isinstance(name, str) and name in known:
        return User(name, known[name]["role"])
    credentials = flask.request.authorization
    if credentials and credentials.type == "basic" and credentials.username and credentials.password is not None:
        return users.check(known, credentials.username, credentials.password)
    return None


def refuse():
    """401: a sign-in form for a browser asking for a page, else JSON and a Basic challenge."""
    request = flask.request
    wants_page = request.method == "GET" and request.accept_mimetypes.accept_html and "/_dash-" not in request.path
    if wants_page:
        return sign_in_page(request.full_path.rstrip("?")), 401
    answer = flask.jsonify({"error": "sign-in required"})
    return answer, 401, {"WWW-Authenticate": 'Basic realm="Diskurs", charset="UTF-8"'}


def login(known):
    """GET: the sign-in form. POST: check name and password, start a session, go on to `next`."""
    request = flask.request
    target = _local(request.values.get("next"))
    if request.method == "GET":
        return flask.redirect(target, 303) if flask.g.diskurs_user else sign_in_page(target)
    user = users.check(known.users(), request.form.get("name", ""), request.form.get("password", ""))
    if user is None:
        return sign_in_page(target, "Wrong name or password."), 401
    flask.session.clear()
    flask.session["user"] = user.name
    flask.session.permanent = True
    return flask.redirect(target, 303)


def logout():
    """End the session and show the sign-in form."""
    flask.session.clear()
    return flask.redirect(SIGN_IN, 303)


def _local(target):
    """`target` if it is a path on this server, else "/" (no open redirect to another site)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def sign_in_page(target="/", message=""):
    """The sign-in form (plain HTML, no scripts), going on to `target` once signed in."""
    note = f'<p class="problem">{html.escape(message)}</p>' if message else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Diskurs · Sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: Inter, Segoe UI, Helvetica, Arial, sans-serif; background: #f4f6f8; color: #2b2f33; }}
form {{ max-width: 320px; margin: 12vh auto; background: #fff; padding: 28px; border-radius: 10px;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); display: grid; gap: 10px; }}
h1 {{ margin: 0 0 8px; color: #3b6ea8; font-size: 22px; }}
input {{ padding: 8px; font-size: 15px; }} button {{ padding: 9px; font-size: 15px; }}
.problem {{ color: #a5301b; margin: 0; }}
</style></head>
<body><form method="post" action="{SIGN_IN}">
<h1>Diskurs</h1>{note}
<label for="name">Name</label><input id="name" name="name" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<input type="hidden" name="next" value="{html.escape(target)}">
<button id="sign-in" type="submit">Sign in</button>
</form></body></html>
"""
