"""Real-browser fixtures: Debian's chromium and chromedriver, the app on the fixture store."""

import os

import pytest

from dashboard.app import create_app
from etl.config import Settings

# dash.testing starts Chrome through selenium, which needs chromedriver on PATH.
if "/usr/bin" not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + "/usr/bin"
if os.path.exists("/usr/bin/chromium"):
    os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")


@pytest.fixture
def diskurs_app(fixture_store):
    """The dashboard reading the fixture store."""
    return create_app(Settings(store_dir=fixture_store))
