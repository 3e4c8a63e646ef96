"""Component ids, in one place so layouts, callbacks and browser tests agree."""

from typing import NamedTuple

# Header and global filters (app.py).
REFRESH_TIMER = "refresh-timer"
LAST_REFRESHED = "last-refreshed"
DATA_VERSION = "data-version"
NAV_LINK = "nav-link"  # pattern-matching type: {"type": NAV_LINK, "path": page path}
PAGES_LOCATION = "_pages_location"  # the dcc.Location Dash pages adds
FILTER_DATES = "filter-dates"
FILTER_ARTICLES = "filter-articles"
FILTER_TOPICS = "filter-topics"
FILTER_SENTIMENTS = "filter-sentiments"
FILTER_STANCES = "filter-stances"

# Overview.
KPI_ARTICLES = "kpi-articles"
KPI_COMMENTS = "kpi-comments"
KPI_REPLIES = "kpi-replies"
KPI_POLARITY = "kpi-polarity"
KPI_NEGATIVE = "kpi-negative"

# Articles.
ARTICLES_GRID = "articles-grid"

# Over time.
TIME_GRANULARITY = "time-granularity"

# Comments.
COMMENTS_SEARCH = "comments-search"
COMMENTS_GRID = "comments-grid"
COMMENTS_COUNT = "comments-count"

# Thread.
THREAD_ARTICLE = "thread-article"
THREAD_TREE = "thread-tree"
THREAD_NOTE = "thread-note"


class Card(NamedTuple):
    """The ids of one chart or table card: its graph (or grid), CSV button and download."""

    graph: str
    csv: str
    download: str


def card(name):
    """Ids of the card called `name`."""
    return Card(graph=f"{name}-graph", csv=f"{name}-csv", download=f"{name}-download")


OVERVIEW_MIX = card("overview-mix")
OVERVIEW_NEGATIVE = card("overview-negative")
OVERVIEW_WEEKLY = card("overview-weekly")
ARTICLES_POLARITY = card("articles-polarity")
ARTICLES_SCATTER = card("articles-scatter")
ARTICLES_MIX = card("articles-mix")
ARTICLES_TABLE = card("articles-table")
TOPICS_VOLUME = card("topics-volume")
TOPICS_POLARITY = card("topics-polarity")
TOPICS_MIX = card("topics-mix")
TIME_VOLUME = card("time-volume")
TIME_POLARITY = card("time-polarity")
COMMENTS_TABLE = card("comments-table")
THREAD_COMMENTS = card("thread-comments")
THREAD_DEPTH = card("thread-depth")
