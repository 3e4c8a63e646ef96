"""The dashboard's filters, converted in one place: the header's filter controls, the copy each
page keeps of them, and a streamed CSV route's query string all become etl.store.filters.Filters
(published comments only) here, and go back to a query string here. Values a request cannot
mean (a date that is not one, a filter of the wrong type, a search longer than MAX_SEARCH in a
download's query) raise InvalidInput, which the app answers with 400 and its one line."""

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlencode

from dash import Input
from werkzeug.datastructures import MultiDict

from dashboard import ids
from etl import DiskursError
from etl.store.filters import SIGNAL_COLUMNS, TARGET_STANCES, VOTE_COLUMNS, Filters

MAX_SEARCH = 200  # characters of a text search: a longer one is cut (page) or refused (route)
MAX_VALUES = 1_000  # values of one list filter (articles, topics, …)
MAX_VALUE_LENGTH = 1_000  # characters of one such value (an article id, a topic)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidInput(DiskursError, ValueError):
    """A value from a request the dashboard cannot use; answered with 400 and this one line."""


# (component id, property, filters_from argument) of each global filter.
FILTER_PROPS = [
    (ids.FILTER_DATES, "start_date", "start"),
    (ids.FILTER_DATES, "end_date", "end"),
    (ids.FILTER_ARTICLES, "value", "articles"),
    (ids.FILTER_TOPICS, "value", "topics"),
    (ids.FILTER_SENTIMENTS, "value", "sentiments"),
    (ids.FILTER_STANCES, "value", "stances"),
    *((ids.filter_signal(name), "value", name) for name in SIGNAL_COLUMNS),
]
SIGNAL_NAMES = frozenset(SIGNAL_COLUMNS)  # needs_moderation, feedback, argument: a lowest score
# The query key of each filters_from argument: in the tables' CSV routes and the page's URL.
QUERY_KEYS = {
    "start": "start",
    "end": "end",
    "articles": "article",
    "topics": "topic",
    "sentiments": "sentiment",
    "stances": "stance",
    **{name: name for name in SIGNAL_COLUMNS},
    "search": "search",
}
_ARGS = {key: name for name, key in QUERY_KEYS.items()}
_LISTS = {"articles", "topics", "sentiments", "stances"}


def filters_from(
    start: str | None = None,
    end: str | None = None,
    articles: Iterable[str] | None = None,
    topics: Iterable[str] | None = None,
    sentiments: Iterable[str] | None = None,
    stances: Iterable[str] | None = None,
    search: str | None = None,
    needs_moderation: float | str | None = None,
    feedback: float | str | None = None,
    argument: float | str | None = None,
) -> Filters:
    """Filters of published comments from the raw values of the dashboard's filter controls
    (a search cut to MAX_SEARCH characters; a signal's lowest score in [0, 1], 0 or none = any);
    InvalidInput for a value of the wrong kind."""
    if search is not None and not isinstance(search, str):
        raise InvalidInput("search must be text")
    given = {"needs_moderation": needs_moderation, "feedback": feedback, "argument": argument}
    signals = tuple((name, score) for name, score in ((n, _score(v, n)) for n, v in given.items()) if score)
    return Filters(
        since=_day(start, "start"),
        until=_day(end, "end"),
        articles=_values(articles, "article"),
        topics=_values(topics, "topic"),
        sentiments=_values(sentiments, "sentiment"),
        stances=_values(stances, "stance"),
        published_only=True,
        signals=signals,
        search=(search or "")[:MAX_SEARCH].strip() or None,
    )


def _score(value, name):
    """A signal filter's lowest score in [0, 1] (None for none); InvalidInput for anything else."""
    if value is None or value == "":
        return None
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a score from 0 to 1, not {str(value)[:40]!r}") from None
    if not 0 <= score <= 1:
        raise InvalidInput(f"{name} must be a score from 0 to 1, not {score:g}")
    return score or None


def search_cut(search: str | None) -> bool:
    """True when `search` is longer than MAX_SEARCH characters (filters_from keeps the start)."""
    return isinstance(search, str) and len(search) > MAX_SEARCH


def _day(value, name):
    """The ISO day a date control or query argument gives (its first 10 characters), or None."""
    if value is None or value == "":
        return None
    day = str(value)[:10]
    try:
        if not _DAY.fullmatch(day):
            raise ValueError
        dt.date.fromisoformat(day)
    except ValueError:
        raise InvalidInput(f"{name} must be a date as YYYY-MM-DD, not {str(value)[:40]!r}") from None
    return day


def _values(values, name):
    """A list filter's values as a tuple of strings; one string is one value."""
    if values is None or values == "":
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple) or len(values) > MAX_VALUES:
        raise InvalidInput(f"{name} must be a list of at most {MAX_VALUES:,} values")
    if not all(isinstance(value, str) and len(value) <= MAX_VALUE_LENGTH for value in values):
        raise InvalidInput(f"each {name} must be text of at most {MAX_VALUE_LENGTH:,} characters")
    return tuple(values)


def filter_inputs() -> list[Input]:
    """Inputs for the global filters in the header, in FILTER_PROPS order."""
    return [Input(component, prop) for component, prop, _ in FILTER_PROPS]


def page_filters_data(version: str | None, values: Iterable[object]) -> dict:
    """What a page's filters store holds: the data version and the filter values by name."""
    return {"version": version, "filters": {name: value for (_, _, name), value in zip(FILTER_PROPS, values)}}


def filters_of(data: dict | None, search: str | None = None) -> Filters:
    """Filters from a page's filters store's data (and the comments page's search)."""
    data = {} if data is None else data
    values = data.get("filters", {}) if isinstance(data, dict) else None
    known = {name for _, _, name in FILTER_PROPS}
    if not isinstance(values, dict) or not set(values) <= known:
        raise InvalidInput(f"page filters must be an object of {', '.join(sorted(known))}")
    return filters_from(**values, search=search)


# The comments page's own choices on the comments CSV route (the page's URL names them alike):
# the status (ANY_STATUS for every one; published when absent), the least votes, and a target
# with the stance toward it (`target`, `target_stance`).
ANY_STATUS = "any"
VOTE_KEYS = dict(zip(VOTE_COLUMNS, ("up_votes", "down_votes"), strict=True))


def filters_query(filters: Filters) -> str:
    """The query string of a table's CSV route for Filters (repeated keys for lists)."""
    values = {
        "start": filters.since,
        "end": filters.until,
        "article": list(filters.articles),
        "topic": list(filters.topics),
        "sentiment": list(filters.sentiments),
        "stance": list(filters.stances),
        **{name: f"{score:g}" for name, score in filters.signals},
        "search": filters.search,
        "status": [] if filters.published_only else list(filters.statuses) or [ANY_STATUS],
        **{VOTE_KEYS[column]: str(least) for column, least in filters.votes},
        "target": filters.target,
        "target_stance": list(filters.target_stances),
    }
    return urlencode({key: value for key, value in values.items() if value}, doseq=True)


def filters_from_args(args: MultiDict[str, str]) -> Filters:
    """Filters (published comments) from a table CSV route's query arguments; InvalidInput
    for a bad date or list, or a search longer than MAX_SEARCH (refused, not cut: a script
    should know its search was not the one run)."""
    values = {name: (args.getlist(key) if name in _LISTS else args.get(key)) for key, name in _ARGS.items()}
    if search_cut(values["search"]):
        raise InvalidInput(f"search must be at most {MAX_SEARCH} characters")
    return _with_choices(filters_from(**values), args)


def _with_choices(filters, args):
    """`filters` with the comments page's status, least votes, target and stance toward it of a
    CSV route's arguments."""
    statuses = [value for value in args.getlist("status") if value]
    if len(statuses) > MAX_VALUES or any(len(value) > MAX_VALUE_LENGTH for value in statuses):
        raise InvalidInput(f"status must be at most {MAX_VALUES:,} values")
    if statuses:
        chosen = () if ANY_STATUS in statuses else tuple(statuses)
        filters = dataclasses.replace(filters, published_only=False, statuses=chosen)
    votes = []
    for column, key in VOTE_KEYS.items():
        value = args.get(key)
        if value:
            if not value.isdigit() or len(value) > 9:
                raise InvalidInput(f"{key} must be a whole number from 0, not {value[:20]!r}")
            votes.append((column, int(value)))
    target, stances = args.get("target") or None, [value for value in args.getlist("target_stance") if value]
    if target is not None and len(target) > MAX_VALUE_LENGTH:
        raise InvalidInput(f"target must be at most {MAX_VALUE_LENGTH:,} characters")
    if not set(stances) <= set(TARGET_STANCES):
        raise InvalidInput(f"target_stance must be one of {', '.join(TARGET_STANCES)}")
    return dataclasses.replace(filters, votes=tuple(votes), target=target, target_stances=tuple(stances))
