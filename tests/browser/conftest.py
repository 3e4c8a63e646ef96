"""Real-browser fixtures: Debian's chromium and chromedriver, the app on the fixture store."""

import os

import pytest
from paths import SEED

from dashboard.app import create_app
from etl import pipeline
from etl.config import Settings

SEED_PAGE = SEED

# dash.testing starts Chrome through selenium, which needs chromedriver on PATH.
if "/usr/bin" not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.environ.get("PATH", "") + os.pathsep + "/usr/bin"
if os.path.exists("/usr/bin/chromium"):
    os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")


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
