"""Real-browser fixtures: Debian's chromium and chromedriver, the app on the fixture store."""

import os
import threading

import pytest
import requests
from dash.testing.application_runners import BaseDashRunner
from paths import SEED
from selenium.webdriver.remote.remote_connection import RemoteConnection
from werkzeug.serving import make_server

from dashboard.app import create_app
from etl import pipeline
from etl.config import Settings

SEED_PAGE = SEED

# dash.testing starts Chrome through selenium, which needs chromedriver on PATH.
if "/usr/bin" not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + "/usr/bin"
if os.path.exists("/usr/bin/chromium"):
    os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")

# selenium 4.2 waits on chromedriver without a timeout: a wedged browser would hang the suite.
# Five minutes is longer than any command takes (a page load gives up after 300 s itself).
RemoteConnection.set_timeout(330)

SERVER_TIMEOUT_S = 10  # for the app to answer its first request, and for the server to stop


class LoopbackServer(BaseDashRunner):
    """dash_duo's server: the app on a werkzeug server on 127.0.0.1, at a port the system picks,
    shut down cleanly after the test.

    dash.testing's ThreadedRunner stops its server by raising SystemExit in every thread started
    since, requests still at work included, checks that the app answers with a request that has
    no timeout and joins the server's thread without one: any of those can hang a run for good
    (CI once stopped after 90 minutes in this folder). This runner only ever waits with a
    timeout, and a request still at work when the test ends finishes on its own."""

    def __init__(self):
        super().__init__(keep_open=False, stop_timeout=SERVER_TIMEOUT_S, host="127.0.0.1")
        self._server = None
        self._thread = None

    def start(self, app, **kwargs):
        app.scripts.config.serve_locally = True
        app.css.config.serve_locally = True
        self._server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.port = self._server.port
        self._thread = threading.Thread(target=self._server.serve_forever, name="dash-test-server", daemon=True)
        self._thread.start()
        requests.get(self.url, timeout=SERVER_TIMEOUT_S)  # any answer will do: "/" may ask for a login
        self.started = True

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(SERVER_TIMEOUT_S)
        self.started = False


@pytest.fixture
def dash_thread_server():
    """dash_duo's server (dash.testing's fixture of this name, replaced): LoopbackServer."""
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def diskurs_app(dashboard_settings):
    """The dashboard reading the fixture store and the sample evaluation file."""
    return create_app(dashboard_settings)


@pytest.fixture
def seed_store(tmp_path):
    """A store built by the real pipeline from the seed article page (one article, its thread)."""
    store_dir = tmp_path / "seed-store"
    pipeline.run([SEED_PAGE], Settings(store_dir=store_dir))
    return store_dir


@pytest.fixture
def seed_app(seed_store):
    """The dashboard reading the seed store."""
    return create_app(Settings(store_dir=seed_store))
