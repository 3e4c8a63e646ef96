"""Reusable pieces of layout and wiring: header, global filters, cards, chart + CSV callbacks."""

from dash import Input, Output, State, dcc, html

from dashboard import export, ids, queries

FILTER_PROPS = [
    (ids.FILTER_DATES, "start_date"), (ids.FILTER_DATES, "end_date"),
    (ids.FILTER_ARTICLES, "value"), (ids.FILTER_TOPICS, "value"),
    (ids.FILTER_SENTIMENTS, "value"), (ids.FILTER_STANCES, "value"),
]
TIME_BASIS_NOTE = "Time = comment time where known, else the article's date (UTC)."


def filter_inputs():
    """Inputs for the global filters, in the argument order of queries.filters_from."""
    return [Input(component, prop) for component, prop in FILTER_PROPS]


def filter_states():
    """States for the global filters, in the argument order of queries.filters_from."""
    return [State(component, prop) for component, prop in FILTER_PROPS]


def _multi(component_id, label, options=(), placeholder="All"):
    return html.Div(className="filter", children=[
        html.Label(label, htmlFor=component_id),
        dcc.Dropdown(id=component_id, options=list(options), multi=True, placeholder=placeholder),
    ])


def filter_bar():
    """The global filters every page applies."""
    return html.Div(className="filter-bar", children=[
        html.Div(className="filter filter-dates", children=[
            html.Label("Date range", htmlFor=ids.FILTER_DATES),
            dcc.DatePickerRange(id=ids.FILTER_DATES, clearable=True, display_format="YYYY-MM-DD",
                                start_date_placeholder_text="from", end_date_placeholder_text="to",
                                first_day_of_week=1),
        ]),
        _multi(ids.FILTER_ARTICLES, "Article", placeholder="All articles"),
        _multi(ids.FILTER_TOPICS, "Topic", placeholder="All topics"),
        _multi(ids.FILTER_SENTIMENTS, "Sentiment", queries.SENTIMENTS),
        _multi(ids.FILTER_STANCES, "Stance of replies", queries.STANCES),
    ])


def header(pages):
    """App name, one link per page, the refresh status, and the global filters."""
    return html.Header(className="app-header", children=[
        html.Div(className="header-row", children=[
            html.Div(className="brand", children=[
                html.Span("Diskurs", className="brand-name"),
                html.Span("reader comments, analysed", className="brand-tagline"),
            ]),
            html.Nav(className="nav", children=[
                dcc.Link(page["name"], href=page["relative_path"], className="nav-link",
                         id={"type": ids.NAV_LINK, "path": page["relative_path"]})
                for page in pages]),
            html.Div(id=ids.LAST_REFRESHED, className="last-refreshed", children="Loading…"),
        ]),
        filter_bar(),
        dcc.Interval(id=ids.REFRESH_TIMER, interval=30_000),
        dcc.Store(id=ids.DATA_VERSION),
    ])


def card(title, subtitle, body, card_ids=None, wide=False):
    """A titled card; with `card_ids` it also gets a CSV button and its download."""
    tools = [] if card_ids is None else [
        html.Button("CSV", id=card_ids.csv, className="csv-button", title="Download these rows as CSV"),
        dcc.Download(id=card_ids.download),
    ]
    return html.Section(className="card card-wide" if wide else "card", children=[
        html.Div(className="card-head", children=[
            html.Div([html.H3(title), html.P(subtitle, className="card-subtitle")]),
            html.Div(tools, className="card-tools"),
        ]),
        body,
    ])


def chart_card(card_ids, title, subtitle, wide=False):
    """A card holding one dcc.Graph (filled by a page callback) and its CSV download."""
    graph = dcc.Loading(dcc.Graph(id=card_ids.graph, config={"displaylogo": False,
                                                             "displayModeBar": False}),
                        type="dot", delay_show=300)
    return card(title, subtitle, graph, card_ids, wide)


def kpi(component_id, label):
    """One key figure: a big value (filled by a callback) over its label."""
    return html.Div(className="kpi", children=[
        html.Div("—", id=component_id, className="kpi-value"),
        html.Div(label, className="kpi-label"),
    ])


def page_title(title, intro):
    """Heading and one line of what the page is for."""
    return html.Div(className="page-title", children=[html.H2(title), html.P(intro)])


def register_download(app, card_ids, name, load, states=None):
    """Wire a card's CSV button: `load(*state_values)` gives the rows to send.

    `states` defaults to the global filters; pass the same inputs the card's chart uses.
    """
    states = filter_states() if states is None else list(states)

    @app.callback(Output(card_ids.download, "data"), Input(card_ids.csv, "n_clicks"), *states,
                  prevent_initial_call=True)
    def _download(n_clicks, *values):
        return export.csv_download(load(*values), name)


def register_chart(app, reader, card_ids, name, query, figure, extra=()):
    """Draw a card's graph as `figure(query(cursor, filters, *extra_values))` and give its CSV
    button the very same rows. `extra` lists (component id, prop) pairs the query also takes."""
    n_filters = len(FILTER_PROPS)

    def load(*values):
        filters = queries.filters_from(*values[:n_filters])
        return reader.query(query, filters, *values[n_filters:])

    @app.callback(Output(card_ids.graph, "figure"), Input(ids.DATA_VERSION, "data"),
                  *filter_inputs(), *[Input(c, prop) for c, prop in extra])
    def _draw(version, *values):
        return figure(load(*values))

    register_download(app, card_ids, name, load,
                      filter_states() + [State(c, prop) for c, prop in extra])
