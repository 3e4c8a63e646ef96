"""The view in the URL: the global filters and each page's own choices are query parameters, so
a link reproduces the view, a reload keeps it, and back and forward step through it.

One mechanism for every page:

- The shell holds one `dcc.Location(id=ids.URL, refresh=False)`; one app callback (`register_callbacks`)
  keeps it and the controls in step both ways: a control changed writes the URL (a history entry,
  the page not reloaded); the URL changed (a load, a link, back, forward) sets the controls.
- The global filters are `start`, `end` (YYYY-MM-DD) and repeated `article`, `topic`,
  `sentiment`, `stance` (the same names as the streamed CSV routes, dashboard/filters.py), and
  `needs_moderation`, `feedback`, `argument` (the lowest score of a signal, 0 … 1).
- A page keeps a control in the URL by giving it the id `ids.url_param(page, name, default, kind)`
  (kind "text", "int", "float" or "list"); the callback finds it with a pattern and does the rest.
  Its `layout(**query)` sets the first value with `initial(param_id, query)`, so the page is drawn
  right at once; the page's own callbacks still validate the value (a URL is user input).
  A default is never written: the URL holds only what differs from it.
- Parameters neither a filter nor a control of the page shown are kept as they are.
- An article or topic a link names that the store does not have is said in the header
  (ids.URL_NOTE); the filter keeps it, so nothing else is shown in its place.
- `link(path, search, **changes)` builds a drill-down link (the current filters, with some
  replaced), `register_drill(app, graph_id, kind)` makes a click on a chart's point follow one:
  kind "article" opens the article's thread, "topic" and "period" the comments page filtered
  to the topic or the period, "target" the comments page's comments naming a target with one
  stance toward it. The point's customdata ends with the key, escaped like all text from the
  data (chart_text): an article id, a topic, "first-day/last-day", or a target after its stance. A grid whose
  rows' ids are article ids does the same on a row click (`grid_skip`: columns with own links).

For a page: give each control to keep an id from `ids.url_param("mypage", "name", default,
kind)`, set its value in `layout(**query)` with `url_state.initial(that_id, query)`, and read it in
the page's callbacks like any control (Input(that_id, "value")). Nothing else to register.
"""

import datetime as dt
import json
from urllib.parse import parse_qs, urlencode, urlsplit

from dash import ALL, Input, Output, State, ctx, no_update

from dashboard import components, filters, ids, queries
from etl.store import StoreError

PARAM = {"type": ids.URL_PARAM, "page": ALL, "name": ALL, "kind": ALL, "default": ALL}
NAV = {"type": ids.NAV_LINK, "path": ALL}
# Query key of each global filter, in filters.FILTER_PROPS order, and whether it repeats.
FILTER_KEYS = [filters.QUERY_KEYS[name] for _, _, name in filters.FILTER_PROPS]
_LIST_NAMES = {"articles", "topics", "sentiments", "stances"}
_KINDS = ("text", "int", "float", "list")
DRILL_PAGES = {"article": "/thread", "topic": "/comments", "period": "/comments", "target": "/comments"}


def parse(search: str | None) -> dict[str, list[str]]:
    """The query of a URL's search ("?a=1&a=2" -> {"a": ["1", "2"]}); blank values dropped."""
    return parse_qs((search or "").lstrip("?"))


def convert(raw, param_id):
    """A control's value from the query's strings for it (a list), by the id's kind; the id's
    default when absent or unreadable (a number that is not one, a value of the wrong kind)."""
    kind, default = param_id["kind"], param_id["default"]
    if kind not in _KINDS:
        raise ValueError(f"url_param kind must be one of {_KINDS}, not {kind!r}")
    raw = [raw] if isinstance(raw, str) else list(raw or [])
    if kind == "list":
        return [str(value) for value in raw]
    if not raw:
        return default
    try:
        return {"text": str, "int": int, "float": float}[kind](raw[-1])
    except (TypeError, ValueError):
        return default


def initial(param_id, query: dict):
    """A control's first value in a page's `layout(**query)` (Dash's query values: a string, or
    a list when repeated)."""
    return convert(query.get(param_id["name"]), param_id)


def _written(value, param_id):
    """The query strings of a control's value: none for its default or nothing."""
    if value is None or value == "" or value == [] or value == param_id["default"]:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, float):
        return [f"{value:g}"]
    return [str(value)]


def filter_values(query: dict[str, list[str]]) -> list:
    """The global filter controls' values (FILTER_PROPS order) a query names; a date that is
    not one is left out."""
    values = []
    for (_, _, name), key in zip(filters.FILTER_PROPS, FILTER_KEYS):
        given = query.get(key, [])
        if name in _LIST_NAMES:
            values.append(given or None)
        elif name in filters.SIGNAL_NAMES:
            score = convert(given, {"kind": "float", "default": None})
            values.append(score if score is not None and 0 < score <= 1 else None)
        else:
            values.append(given[-1] if given and _is_day(given[-1]) else None)
    return values


def _is_day(value):
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def search_of(filter_values, params, kept=None) -> str:
    """The URL search ("" or "?…") of the global filters' values, the page's (param id, value)
    pairs, and `kept` (a parsed query of parameters to carry over as they are)."""
    pairs = []
    for (_, _, name), key, value in zip(filters.FILTER_PROPS, FILTER_KEYS, filter_values):
        if name in _LIST_NAMES:
            pairs += [(key, item) for item in value or []]
        elif name in filters.SIGNAL_NAMES:
            pairs += [(key, f"{value:g}")] if isinstance(value, int | float) and value > 0 else []
        elif value:
            pairs.append((key, str(value)[:10]))
    for param_id, value in params:
        pairs += [(param_id["name"], item) for item in _written(value, param_id)]
    for key, values in (kept or {}).items():
        pairs += [(key, value) for value in values]
    return "?" + urlencode(pairs) if pairs else ""


def page_search(filters_data: dict | None) -> str:
    """The URL search of a page's copy of the filters (filters.page_filters_data)."""
    values = (filters_data or {}).get("filters") or {}
    return search_of([values.get(name) for _, _, name in filters.FILTER_PROPS], [])


def filters_search(search: str | None) -> str:
    """Only the global filters of a URL search: what a link to another page carries."""
    query = parse(search)
    return search_of(filter_values(query), [])


def link(path: str, search: str | None = None, **changes) -> str:
    """`path` with the global filters of `search`, some replaced: `changes` maps a filter's query
    key to its new value (a string or a list; None drops it)."""
    query = {key: values for key, values in parse(filters_search(search)).items()}
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = [value] if isinstance(value, str) else list(value)
    pairs = [(key, value) for key, values in query.items() for value in values]
    return path + ("?" + urlencode(pairs) if pairs else "")


def thread_href(article_id: str, search: str | None = None) -> str:
    """The thread page of an article, with the global filters of `search`."""
    return link(DRILL_PAGES["article"], search, article=str(article_id))


def original_url(url) -> str | None:
    """An article's own URL when it is http or https (then fit for a link), else None: any other
    scheme (javascript:, data:, file: …) or no URL is shown as text, never as a link."""
    if not isinstance(url, str) or not url.strip():
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def known_topics(reader) -> list[str]:
    """The store's topics ([] for a store without data yet, or one that cannot be read: the
    header's status line says why)."""
    try:
        topics = reader.query(queries.topic_options)
    except StoreError:
        return []
    return list(topics["topic"]) if "topic" in topics.columns else []


def unknown_note(reader, articles, topics) -> str:
    """What the filters name that the store does not have ("" when all is known, or when the
    store cannot be read: the header's status line says so)."""
    parts = []
    if articles:
        try:
            found = reader.query(queries.article_options, None, list(articles), 0)
        except StoreError:
            return ""
        known = set(found["article_id"]) if "article_id" in found.columns else set()
        missing = [article for article in articles if article not in known]
        if missing:
            parts.append(f"no article {', '.join(repr(a) for a in missing)}")
    if topics:
        known = set(known_topics(reader))
        missing = [topic for topic in topics if topic not in known]
        if missing:
            parts.append(f"no topic {', '.join(repr(t) for t in missing)}")
    if not parts:
        return ""
    return f"This store has {' and '.join(parts)}: nothing matches it. Remove it from the filters above."


def _article_options(reader, chosen):
    """The article picker's options with the chosen ones (no_update when the store cannot be read)."""
    try:
        return components.article_options(reader, None, chosen)
    except StoreError:
        return no_update


def _same(current, wanted):
    return (current or None) == (wanted or None)


def register_callbacks(app, reader):
    """The one callback keeping the URL, the global filters and the page's url_param controls in
    step, with the nav links carrying the filters and the note on unknown articles or topics.

    A control changed writes only its own part of the URL (the filters, or the page's controls)
    and keeps the rest as the URL says: a page drawn while the URL is being read cannot undo it.
    The URL read sets the article and topic pickers' options together with their values: a
    picker drops a value missing from its options, and a link's unknown article must stay."""
    filter_outputs = [Output(component, prop) for component, prop, _ in filters.FILTER_PROPS]
    filter_ids = {str(component) for component, _, _ in filters.FILTER_PROPS}

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.URL_NOTE, "children"),
        Output(NAV, "href"),
        Output(ids.FILTER_ARTICLES, "options", allow_duplicate=True),
        Output(ids.FILTER_TOPICS, "options", allow_duplicate=True),
        *filter_outputs,
        Output(PARAM, "value"),
        Input(ids.URL, "search"),
        *filters.filter_inputs(),
        Input(PARAM, "value"),
        State(PARAM, "id"),
        State(NAV, "id"),
        prevent_initial_call="initial_duplicate",
    )
    def _sync(search, *values):
        *filter_now, param_values, param_ids, nav_ids = values

        query = parse(search)
        from_url = filter_values(query)
        params_url = [convert(query.get(param_id["name"]), param_id) for param_id in param_ids]
        triggered = {prop.rsplit(".", 1)[0] for prop in ctx.triggered_prop_ids}
        if not triggered or str(ids.URL) in triggered:  # a load, a link, back or forward: URL -> controls
            filter_out = [no_update if _same(now, want) else want for now, want in zip(filter_now, from_url)]
            param_out = [no_update if now == want else want for now, want in zip(param_values, params_url)]
            by_name = {name: value for (_, _, name), value in zip(filters.FILTER_PROPS, from_url)}
            options = (
                _article_options(reader, by_name["articles"]),
                components.topic_options(known_topics(reader), by_name["topics"]),
            )
            search_out, filter_state = no_update, from_url
        else:  # a control changed: its part of the URL from the controls, the rest as it was
            filter_state = filter_now if triggered & filter_ids else from_url
            params = param_values if any(t.startswith("{") for t in triggered) else params_url
            names = {param_id["name"] for param_id in param_ids} | set(FILTER_KEYS)
            kept = {key: value for key, value in query.items() if key not in names}
            written = search_of(filter_state, list(zip(param_ids, params)), kept)
            same = sorted(parse(written).items()) == sorted(query.items())
            search_out = no_update if same else written  # the same view in another order: no history entry
            filter_out, param_out = [no_update] * len(filter_now), [no_update] * len(param_ids)
            options = (no_update, no_update)
        carried = search_of(filter_state, [])
        hrefs = [nav["path"] + carried for nav in nav_ids]
        by_name = {name: value for (_, _, name), value in zip(filters.FILTER_PROPS, filter_state)}
        note = unknown_note(reader, by_name["articles"], by_name["topics"])
        return search_out, note, hrefs, *options, *filter_out, param_out


_KEY_JS = {
    # A chart's click: the point's customdata, its last column.
    "graph": """const point = click && click.points && click.points[0];
    const data = point ? point.customdata : undefined;
    const key = Array.isArray(data) ? data[data.length - 1] : data;""",
    # A grid's cellClicked: the row's id (getRowId), unless a cell holding its own links.
    "grid": """const key = click && !%(skip)s.includes(click.colId) ? click.rowId : undefined;""",
}
_DRILL_JS = """function(click) {
    %(key)s
    if (key === undefined || key === null || key === "") { return; }
    // Keys reach a figure escaped (chart_text): read them back as written.
    const written = String(key).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    const keep = new Set(%(keep)s);
    const now = new URLSearchParams(window.location.search);
    const query = new URLSearchParams();
    now.forEach(function(value, name) { if (keep.has(name)) { query.append(name, value); } });
    const kind = %(kind)s;
    if (kind === "period") {
        const days = written.split("/");
        query.set("start", days[0]);
        query.set("end", days[days.length - 1]);
    } else if (kind === "target") {  // the Comments page's own choices: a target, its stance before it
        query.set("target", written);
        query.set("target_stance", data[data.length - 2]);
    } else {
        query.set(kind, written);
    }
    window.history.pushState({}, "", %(path)s + "?" + query.toString());
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
}"""


def register_drill(app, graph_id, kind, grid_skip=None):
    """A click on a point of the graph `graph_id` opens its drill-down (DRILL_PAGES[kind]), with
    the current global filters and the point's key in place of the article, topic or dates. With
    `grid_skip` (column ids whose cells hold links of their own), `graph_id` is an AG Grid whose
    rows' ids (getRowId) are the keys: a click on a row opens its drill-down."""
    if kind not in DRILL_PAGES:
        raise ValueError(f"drill kind must be one of {sorted(DRILL_PAGES)}, not {kind!r}")
    key = _KEY_JS["graph"] if grid_skip is None else _KEY_JS["grid"] % {"skip": json.dumps(list(grid_skip))}
    source = _DRILL_JS % {
        "key": key,
        "keep": json.dumps(FILTER_KEYS),
        "kind": json.dumps(kind),
        "path": json.dumps(app.get_relative_path(DRILL_PAGES[kind])),
    }
    prop = "clickData" if grid_skip is None else "cellClicked"
    app.clientside_callback(source, Input(graph_id, prop), prevent_initial_call=True)
