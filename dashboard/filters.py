"""The dashboard's filters, converted in one place: the header's filter controls, the copy each
page keeps of them, and a streamed CSV route's query string all become etl.store.filters.Filters
(published comments only) here, and go back to a query string here."""

from collections.abc import Iterable
from urllib.parse import urlencode

from dash import Input
from werkzeug.datastructures import MultiDict

from dashboard import ids
from etl.store.filters import Filters

# (component id, property, filters_from argument) of each global filter.
FILTER_PROPS = [
    (ids.FILTER_DATES, "start_date", "start"),
    (ids.FILTER_DATES, "end_date", "end"),
    (ids.FILTER_ARTICLES, "value", "articles"),
    (ids.FILTER_TOPICS, "value", "topics"),
    (ids.FILTER_SENTIMENTS, "value", "sentiments"),
    (ids.FILTER_STANCES, "value", "stances"),
]
# Query arguments of the tables' CSV routes and the filters_from argument each one fills.
_ARGS = {
    "start": "start",
    "end": "end",
    "article": "articles",
    "topic": "topics",
    "sentiment": "sentiments",
    "stance": "stances",
    "search": "search",
}
_LISTS = {"articles", "topics", "sentiments", "stances"}


def filters_from(
    start: str | None = None,
    end: str | None = None,
    articles: Iterable[str] | None = None,
    topics: Iterable[str] | None = None,
    sentiments: Iterable[str] | None = None,
    stances: Iterable[str] | None = None,
    search: str | None = None,
) -> Filters:
    """Filters of published comments from the raw values of the dashboard's filter controls."""
    return Filters(
        since=str(start)[:10] if start else None,
        until=str(end)[:10] if end else None,
        articles=tuple(articles or ()),
        topics=tuple(topics or ()),
        sentiments=tuple(sentiments or ()),
        stances=tuple(stances or ()),
        published_only=True,
        search=(search or "").strip() or None,
    )


def filter_inputs() -> list[Input]:
    """Inputs for the global filters in the header, in FILTER_PROPS order."""
    return [Input(component, prop) for component, prop, _ in FILTER_PROPS]


def page_filters_data(version: str | None, values: Iterable[object]) -> dict:
    """What a page's filters store holds: the data version and the filter values by name."""
    return {"version": version, "filters": {name: value for (_, _, name), value in zip(FILTER_PROPS, values)}}


def filters_of(data: dict | None, search: str | None = None) -> Filters:
    """Filters from a page's filters store's data (and the comments page's search)."""
    return filters_from(**(data or {}).get("filters", {}), search=search)


def filters_query(filters: Filters) -> str:
    """The query string of a table's CSV route for Filters (repeated keys for lists)."""
    values = {
        "start": filters.since,
        "end": filters.until,
        "article": list(filters.articles),
        "topic": list(filters.topics),
        "sentiment": list(filters.sentiments),
        "stance": list(filters.stances),
        "search": filters.search,
    }
    return urlencode({key: value for key, value in values.items() if value}, doseq=True)


def filters_from_args(args: MultiDict[str, str]) -> Filters:
    """Filters (published comments) from a table CSV route's query arguments."""
    values = {name: (args.getlist(key) if name in _LISTS else args.get(key)) for key, name in _ARGS.items()}
    return filters_from(**values)
