"""Fixtures for ETL tests: a real local WordPress site for the REST API reader."""

import pytest
from wpserver import WordPressSite


@pytest.fixture
def wp_site():
    """A WordPress site on 127.0.0.1 (random port) serving tests/data/wp-rest/site.json."""
    with WordPressSite() as site:
        yield site
