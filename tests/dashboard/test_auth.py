"""Sign-in: the users file, `diskurs users`, the refusal to expose the dashboard without it, and
every route closed to a stranger but open to a session or HTTP Basic credentials."""

import base64
import io
import json
import stat
from pathlib import Path

import pytest

from dashboard import auth, cli, users
from dashboard.app import create_app
from etl.config import Settings

PASSWORD = "correct horse battery"
CLOSED = ["/", "/topics", "/_dash-layout", "/_dash-dependencies", "/download/comments.csv", "/assets/style.css"]


@pytest.fixture
def users_file(tmp_path):
    path = tmp_path / "conf" / "users.json"
    users.add(path, "vera", PASSWORD, "viewer")
    users.add(path, "eddie", PASSWORD, "editor")
    return path


@pytest.fixture
def app(fixture_store, users_file):
    app = create_app(Settings(store_dir=fixture_store), auth=auth.AuthSettings(users_file))
    # A route behind the guard that says who asks (as a label-writing feature will ask).
    app.server.add_url_rule("/whoami", "whoami", lambda: repr(auth.current_user()))
    return app


def _basic(name, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


# --- the users file ------------------------------------------------------------------------------


def test_passwords_are_kept_as_salted_scrypt_hashes_with_their_parameters(users_file):
    kept = json.loads(users_file.read_text())["users"]
    assert set(kept) == {"vera", "eddie"} and kept["eddie"]["role"] == "editor"
    first, second = kept["vera"]["password"], kept["eddie"]["password"]
    assert first.startswith(f"scrypt${users.SCRYPT_N}${users.SCRYPT_R}${users.SCRYPT_P}$")
    assert first != second  # same password, another salt
    assert PASSWORD not in users_file.read_text()
    assert users.verify_password(PASSWORD, first) and not users.verify_password("wrong", first)
    assert not users.verify_password(PASSWORD, "md5$abc")


def test_the_users_file_and_the_secret_beside_it_are_private(users_file):
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    key = users.secret_key(users_file)
    assert len(key) == 64 and users.secret_key(users_file) == key
    assert stat.S_IMODE(users_file.with_name("users.json.secret").stat().st_mode) == 0o600
    assert [p.name for p in users_file.parent.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_diskurs_users_adds_from_standard_input_lists_and_removes(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "nina", "--role", "editor", "--users", str(path)]) == 0
    assert users.check(users.load(path), "nina", PASSWORD) == users.User("nina", "editor")
    capsys.readouterr()
    assert cli.main(["users", "list", "--users", str(path)]) == 0
    assert capsys.readouterr().out == "nina\teditor\n"
    assert cli.main(["users", "remove", "nina", "--users", str(path)]) == 0
    assert users.load(path) == {}
    assert cli.main(["users", "remove", "nina", "--users", str(path)]) == 1
    assert capsys.readouterr().err.startswith("error: no user nina")


def test_diskurs_users_refuses_a_short_password_and_a_bad_name(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["users", "add", "nina", "--users", str(path)]) == 1
    assert "at least 8 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", "../x", "--users", str(path)]) == 1
    assert not path.exists()


# --- who may serve what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--host", "0.0.0.0"], "--host 0.0.0.0 exposes the dashboard"),
        (["--host", "192.168.1.5", "--debug", "--allow-anonymous"], "--debug runs code"),
    ],
)
def test_dashboard_refuses_to_expose_itself_without_users_or_with_debug(fixture_store, capsys, argv, reason):
    assert cli.main(["dashboard", "--store", str(fixture_store), *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {reason}") and err.count("\n") == 1


def test_exposure_rules():
    settings = auth.AuthSettings(users_file="u.json")
    cli.check_exposure("127.0.0.1", None, False, True)  # loopback: anything goes
    cli.check_exposure("::1", None, False, True)
    cli.check_exposure("0.0.0.0", settings, False, False)
    cli.check_exposure("0.0.0.0", None, True, False)
    with pytest.raises(cli.ServeRefused):
        cli.check_exposure("0.0.0.0", settings, False, True)


def test_users_come_from_the_option_else_the_environment():
    environ = {"DISKURS_USERS": "/etc/diskurs/users.json", "DISKURS_SECRET_KEY": "k"}
    assert cli.auth_settings(None, environ) == auth.AuthSettings(Path("/etc/diskurs/users.json"), "k")
    assert cli.auth_settings("mine.json", environ).users_file.name == "mine.json"
    assert cli.auth_settings(None, {}) is None


# --- every route closed to strangers -------------------------------------------------------------


@pytest.mark.parametrize("route", CLOSED)
def test_every_route_is_401_without_credentials_and_200_with_them(app, route):
    client = app.server.test_client()
    assert client.get(route).status_code == 401
    assert client.get(route, headers=_basic("vera", "wrong password")).status_code == 401
    assert client.get(route, headers=_basic("nobody", PASSWORD)).status_code == 401
    assert client.get(route, headers=_basic("vera", PASSWORD)).status_code == 200


def test_a_script_is_challenged_and_a_browser_gets_the_sign_in_form(app):
    client = app.server.test_client()
    script = client.get("/download/comments.csv")
    assert script.status_code == 401 and script.headers["WWW-Authenticate"].startswith("Basic")
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 401 and "WWW-Authenticate" not in page.headers
    assert b'<form method="post" action="/login">' in page.data
    callback = client.post("/_dash-update-component", json={"output": "x.y"})
    assert callback.status_code == 401


def test_healthz_stays_open_but_tells_a_stranger_only_its_status(app):
    client = app.server.test_client()
    stranger = client.get("/healthz")
    assert stranger.status_code == 200 and stranger.get_json() == {"status": "ok", "reason": None}
    assert client.get("/healthz", headers=_basic("vera", PASSWORD)).get_json()["comments"] == 9


def test_signing_in_with_the_form_opens_every_route_until_signing_out(app):
    client = app.server.test_client()
    assert client.get("/login").status_code == 200
    wrong = client.post("/login", data={"name": "vera", "password": "nope", "next": "/topics"})
    assert wrong.status_code == 401 and b"Wrong name or password." in wrong.data
    right = client.post("/login", data={"name": "vera", "password": PASSWORD, "next": "/topics"})
    assert (right.status_code, right.headers["Location"]) == (303, "/topics")
    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    for route in CLOSED:
        assert client.get(route).status_code == 200
    assert client.get("/whoami").data == b"User(name='vera', role='viewer')"
    assert client.get("/logout").status_code == 303
    assert client.get("/").status_code == 401


def test_sign_in_never_redirects_to_another_site(app):
    client = app.server.test_client()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        answer = client.post("/login", data={"name": "eddie", "password": PASSWORD, "next": target})
        assert answer.headers["Location"] == "/"


def test_roles_and_removals_apply_without_a_restart(app, users_file):
    client = app.server.test_client()
    client.post("/login", data={"name": "eddie", "password": PASSWORD})
    who = client.get("/whoami").data.decode()
    assert who == "User(name='eddie', role='editor')"
    users.remove(users_file, "eddie")
    assert client.get("/whoami").status_code == 401


def test_current_user_can_edit_only_as_an_editor(app):
    client = app.server.test_client()
    assert client.get("/whoami", headers=_basic("eddie", PASSWORD)).data == b"User(name='eddie', role='editor')"
    assert users.User("eddie", "editor").can_edit and not users.User("vera", "viewer").can_edit


def test_without_users_everything_stays_open_and_nobody_is_signed_in(fixture_store):
    app = create_app(Settings(store_dir=fixture_store))
    app.server.add_url_rule("/whoami", "whoami", lambda: repr(auth.current_user()))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/whoami").data == b"None"


def test_a_missing_users_file_stops_the_start(fixture_store, tmp_path):
    with pytest.raises(users.UsersError, match="no users file"):
        create_app(Settings(store_dir=fixture_store), auth=auth.AuthSettings(tmp_path / "none.json"))


# The output key Dash gives the label callback (its MATCH/ALL wildcards, keys sorted).
LABEL_OUTPUT = (
    '..{"comment":["MATCH"],"task":["MATCH"],"type":"label-shown"}.children...'
    '{"comment":["MATCH"],"task":["MATCH"],"type":"label-button","value":["ALL"]}.className..'
)


def _label_click(app, who, comment="c2", value="negative"):
    """A click on a label button, posted as the browser posts it, by `who` (Basic credentials)."""
    button = {"type": "label-button", "comment": comment, "task": "sentiment", "value": value}
    buttons = [{**button, "value": v} for v in ("negative", "neutral", "positive")]
    body = {
        "output": LABEL_OUTPUT,
        "outputs": [
            {"id": {"comment": comment, "task": "sentiment", "type": "label-shown"}, "property": "children"},
            [{"id": b, "property": "className"} for b in buttons],
        ],
        "inputs": [[{"id": b, "property": "n_clicks", "value": int(b["value"] == value)} for b in buttons]],
        "state": [
            [{"id": b, "property": "id", "value": b} for b in buttons],
            {"id": "editor-name", "property": "value"},
        ],
        "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    answer = app.server.test_client().post("/_dash-update-component", json=body, headers=_basic(who, PASSWORD))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return json.dumps(answer.get_json().get("response"), ensure_ascii=False)


def test_editors_label_under_their_own_name_and_viewers_cannot(app, fixture_store):
    from etl.store import labels

    assert "not saved: vera may read but not label" in _label_click(app, "vera")
    assert labels.read(fixture_store).empty
    assert "negative (by eddie)" in _label_click(app, "eddie")
    assert labels.read(fixture_store)[["comment_id", "label", "annotator"]].values.tolist() == [
        ["c2", "negative", "eddie"]
    ]
