"""Callback wiring pages share: a chart and its CSV button on the very same rows, a CSV button
alone, the article pickers' options, and waiting for the page's copy of the filters."""

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import export, ids, queries, views
from dashboard.filters import filters_of


def require_filters(data):
    """Stop a page callback until the header has copied the filters into the page's store:
    the first call, on an empty store, would only draw what is redrawn a moment later."""
    if data is None:
        raise PreventUpdate


def article_options(reader, search=None, chosen=()):
    """Options of an article picker: the most commented articles, or those matching what the
    user types, and always the chosen ones (a picker drops a value missing from its options)."""
    include = tuple(value for value in (chosen or ()) if value)
    options = views.article_choices(reader.query(queries.article_options, search or None, include))
    known = {option["value"] for option in options}
    return options + [_unknown(value) for value in dict.fromkeys(include) if value not in known]


def topic_options(known, chosen=()):
    """Options of the topic picker: the store's topics, and a chosen one the store lacks (from a link)."""
    have = set(known)
    missing = [value for value in dict.fromkeys(chosen or ()) if value and value not in have]
    return [{"label": topic, "value": topic} for topic in known] + [_unknown(value) for value in missing]


def _unknown(value):
    """A picker's option for a value a link named that the store does not have: kept, and said."""
    return {"label": f"{value} (not in this store)", "value": value}


def register_download(app, card_ids, name, load, states=None):
    """Wire a card's CSV button: `load(*state_values)` gives the rows to send.

    `states` defaults to the page's filters; pass the same inputs the card's chart uses.
    """
    states = [State(card_ids.filters, "data")] if states is None else list(states)

    @app.callback(
        Output(card_ids.download, "data"), Input(card_ids.csv, "n_clicks"), *states, prevent_initial_call=True
    )
    def _download(n_clicks, *values):
        return export.csv_download(load(*values), name)


def register_chart(app, reader, card_ids, name, query, figure, extra=(), figure_extra=False):
    """Draw a card's graph as `figure(query(cursor, filters, *extra_values))` and give its CSV
    button the very same rows. `extra` lists (component id, prop) pairs the query also takes
    (the figure too, with `figure_extra`: `figure(rows, *extra_values)`)."""

    def load(filters_data, *extra_values):
        return reader.query(query, filters_of(filters_data), *extra_values)

    @app.callback(
        Output(card_ids.graph, "figure"), Input(card_ids.filters, "data"), *[Input(c, prop) for c, prop in extra]
    )
    def _draw(filters_data, *extra_values):
        require_filters(filters_data)
        rows = load(filters_data, *extra_values)
        return figure(rows, *extra_values) if figure_extra else figure(rows)

    register_download(
        app, card_ids, name, load, [State(card_ids.filters, "data")] + [State(c, prop) for c, prop in extra]
    )


def register_excel_link(app, card_ids):
    """A streamed card's Excel link follows its CSV link, asking for the German-Excel dialect."""
    app.clientside_callback(
        """function(href) {
            return href ? href + (href.indexOf("?") < 0 ? "?" : "&") + "excel=1" : "";
        }""",
        Output(ids.excel_link(card_ids), "href"),
        Input(card_ids.csv, "href"),
    )
