"""Component ids, in one place so layouts, callbacks and browser tests agree."""

from typing import NamedTuple

# Header and global filters (app.py).
REFRESH_TIMER = "refresh-timer"
LAST_REFRESHED = "last-refreshed"
SIGN_OUT = "sign-out"
DATA_VERSION = "data-version"
PAGE_FILTERS = "page-filters"  # pattern-matching type of each page's copy of the filters
NAV_LINK = "nav-link"  # pattern-matching type: {"type": NAV_LINK, "path": page path}
PAGES_LOCATION = "_pages_location"  # the dcc.Location Dash pages adds
FILTER_DATES = "filter-dates"
FILTER_ARTICLES = "filter-articles"
FILTER_TOPICS = "filter-topics"
FILTER_SENTIMENTS = "filter-sentiments"
FILTER_STANCES = "filter-stances"
URL = "url"  # the app's own dcc.Location (refresh=False): the filters and page choices (url_state)
URL_NOTE = "url-note"  # what a link asked for that the store does not have
URL_PARAM = "url-param"  # pattern-matching type of a page control kept in the URL (url_param)


def filter_signal(signal):
    """Id of the global filter on a signal's lowest score (etl.store.filters.SIGNAL_COLUMNS)."""
    return f"filter-{signal.replace('_', '-')}"


def url_param(page, name, default, kind="text"):
    """Id of a control of `page` whose `value` is kept in the URL as `?name=…` (dashboard/url_state.py):
    `kind` is "text", "int", "float" or "list" (repeated keys); `default` (never written to the
    URL; "" for a list) is what the control shows when the URL does not name it. Two pages may
    use the same name (each its own control: a callback must not mix two pages' components)."""
    return {"type": URL_PARAM, "page": page, "name": name, "kind": kind, "default": default}


# Editors' labels (components/labels.py, labelling.py): pattern-matching types and the name box.
EDITOR_NAME = "editor-name"
AGREEMENT = "agreement-line"  # {"type": AGREEMENT, "page": the page's filters id}
LABEL_BUTTON = "label-button"  # {"type": LABEL_BUTTON, "comment": id, "task": task, "value": label}
LABEL_SHOWN = "label-shown"  # {"type": LABEL_SHOWN, "comment": id, "task": task}
LABEL_NEXT_LIST = "label-next-list"
LABEL_NEXT_MORE = "label-next-more"
LABEL_NEXT_NOTE = "label-next-note"

# Overview.
KPI_ARTICLES = "kpi-articles"
KPI_COMMENTS = "kpi-comments"
KPI_REPLIES = "kpi-replies"
KPI_POLARITY = "kpi-polarity"
KPI_NEGATIVE = "kpi-negative"

# Articles.
ARTICLES_GRID = "articles-grid"

# Rankings by share (Overview, Articles, Topics): the least comments an article or topic needs to
# be ranked, and the order (by share, or by count).
RANK_FLOOR_DEFAULT = 20
OVERVIEW_FLOOR = url_param("overview", "min_comments", RANK_FLOOR_DEFAULT, "int")
OVERVIEW_ORDER = url_param("overview", "rank", "share")
ARTICLES_FLOOR = url_param("articles", "min_comments", RANK_FLOOR_DEFAULT, "int")
ARTICLES_ORDER = url_param("articles", "rank", "share")
TOPICS_FLOOR = url_param("topics", "min_comments", RANK_FLOOR_DEFAULT, "int")
TOPICS_ORDER = url_param("topics", "rank", "share")

# Over time.
TIME_GRANULARITY = url_param("time", "granularity", "auto")

# Comments.
COMMENTS_SEARCH = url_param("comments", "search", "")  # the comments page's search box, ?search=…
COMMENTS_GRID = "comments-grid"
COMMENTS_COUNT = "comments-count"
COMMENTS_LABEL_NOTE = "comments-label-note"

# Thread.
THREAD_ARTICLE = "thread-article"
THREAD_TREE = "thread-tree"
THREAD_NOTE = "thread-note"
THREAD_LEGEND = "thread-legend"
THREAD_REQUESTED = "thread-requested"  # the article asked for in the URL (?article=ID)
THREAD_LOCATION = "thread-location"  # the page's own dcc.Location: its choices in the URL
THREAD_STATE = "thread-state"  # the page's choices: article, page, collapsed, focus, search words
THREAD_SEARCH = "thread-search"
THREAD_PREV_MATCH = "thread-prev-match"
THREAD_NEXT_MATCH = "thread-next-match"
THREAD_TURN = "thread-turn"
THREAD_FIND_NOTE = "thread-find-note"
THREAD_FIRST = "thread-first"
THREAD_PREV = "thread-prev"
THREAD_NEXT = "thread-next"
THREAD_LAST = "thread-last"
THREAD_PAGE_NOTE = "thread-page-note"
THREAD_TOGGLE = "thread-toggle"  # {"type": THREAD_TOGGLE, "comment": id}: collapse or expand its replies
THREAD_SCROLLED = "thread-scrolled"  # what the clientside scroll to the comment in focus returns

# Moderation.
MODERATION_THRESHOLD = url_param("moderation", "threshold", 0.5, "float")
MODERATION_ORDER = url_param("moderation", "order", "newest")
MODERATION_FEEDBACK_THRESHOLD = url_param("moderation", "feedback", 0.5, "float")
MODERATION_GRANULARITY = url_param("moderation", "chart", "week")
MODERATION_NOTE = "moderation-note"
MODERATION_QUEUE = "moderation-queue"
MODERATION_QUEUE_NOTE = "moderation-queue-note"
MODERATION_TRUST = "moderation-trust"  # how far the flags agree with people (labelling.signal_texts)
FEEDBACK_TRUST = "feedback-trust"
FEEDBACK_INBOX = "feedback-inbox"
FEEDBACK_NOTE = "feedback-note"
OVERVIEW_ALERTS = "overview-alerts"

# Topics.
SUGGESTIONS_GRID = "suggestions-grid"
SUGGESTIONS_RUN = "suggestions-run"

# Model quality.
QUALITY_ENGINE = "quality-engine"
QUALITY_RUNS_GRID = "quality-runs-grid"
QUALITY_GRID = "quality-grid"
QUALITY_NOTE = "quality-note"
QUALITY_SIGNALS_GRID = "quality-signals-grid"


def page_filters(page):
    """Id of the store holding `page`'s copy of the global filters.

    Each page has its own: Dash reports an error when a callback's inputs exist only in part,
    so a callback must never listen to one page's store and another page's control."""
    return {"type": PAGE_FILTERS, "page": page}


OVERVIEW_FILTERS = page_filters("overview")
ARTICLES_FILTERS = page_filters("articles")
TOPICS_FILTERS = page_filters("topics")
TIME_FILTERS = page_filters("time")
COMMENTS_FILTERS = page_filters("comments")
THREAD_FILTERS = page_filters("thread")
QUALITY_FILTERS = page_filters("quality")
LABEL_FILTERS = page_filters("label")
MODERATION_FILTERS = page_filters("moderation")


class Card(NamedTuple):
    """The ids of one chart or table card: graph (or grid), CSV button, download, and the
    store of the page's filters it follows."""

    graph: str
    csv: str
    download: str
    filters: dict


def excel_link(card_ids):
    """Id of a streamed card's second link: the same download for German Excel (`?excel=1`)."""
    return f"{card_ids.csv}-excel"


def card(page, name):
    """Ids of the card `name` on `page`."""
    prefix = f"{page}-{name}"
    return Card(graph=f"{prefix}-graph", csv=f"{prefix}-csv", download=f"{prefix}-download", filters=page_filters(page))


OVERVIEW_MIX = card("overview", "mix")
OVERVIEW_NEGATIVE = card("overview", "negative")
OVERVIEW_WEEKLY = card("overview", "weekly")
OVERVIEW_DEPTH = card("overview", "depth")
ARTICLES_POLARITY = card("articles", "polarity")
ARTICLES_SCATTER = card("articles", "scatter")
ARTICLES_MIX = card("articles", "mix")
ARTICLES_STANCE = card("articles", "stance")
ARTICLES_TABLE = card("articles", "table")
ARTICLES_DISAGREE = card("articles", "disagree")
TOPICS_VOLUME = card("topics", "volume")
TOPICS_POLARITY = card("topics", "polarity")
TOPICS_MIX = card("topics", "mix")
TOPICS_TARGETS = card("topics", "targets")
TOPICS_NEGATIVE = card("topics", "negative")
TOPICS_DISAGREE = card("topics", "disagree")
TOPICS_SUGGESTIONS = card("topics", "suggestions")
TIME_VOLUME = card("time", "volume")
TIME_POLARITY = card("time", "polarity")
TIME_STANCE = card("time", "stance")
COMMENTS_TABLE = card("comments", "table")
THREAD_COMMENTS = card("thread", "comments")
THREAD_DEPTH = card("thread", "depth")
QUALITY_RUNS = card("quality", "runs")
QUALITY_RESULTS = card("quality", "results")
QUALITY_F1 = card("quality", "f1")
QUALITY_SIGNALS = card("quality", "signals")
MODERATION_ARTICLES = card("moderation", "articles")
MODERATION_TIME = card("moderation", "time")
