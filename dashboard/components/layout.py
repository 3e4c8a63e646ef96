"""The layout's pieces: the header with the global filters, cards, key figures, a page.

The global filters live in the header, outside the pages. Dash reports an error when a callback
mixes inputs that exist with inputs that do not (a header filter plus a control of a page not
shown), so one app callback copies the filters into a store on the page shown
(ids.PAGE_FILTERS), and page callbacks listen only to their own page's components.
"""

from dash import dcc, html

from dashboard import ids, queries

TIME_BASIS_NOTE = "Time = comment time where known, else the article's date (UTC)."


def _multi(component_id, label, options=(), placeholder="All"):
    return html.Div(
        className="filter",
        children=[
            html.Label(label, htmlFor=component_id),
            dcc.Dropdown(id=component_id, options=list(options), multi=True, placeholder=placeholder, maxHeight=320),
        ],
    )


SIGNAL_LABELS = {"needs_moderation": "Needs moderation ≥", "feedback": "Feedback ≥", "argument": "Argument ≥"}


def _score(signal):
    component_id = ids.filter_signal(signal)
    return html.Div(
        className="filter filter-score",
        children=[
            html.Label(SIGNAL_LABELS[signal], htmlFor=component_id),
            dcc.Input(
                id=component_id,
                type="number",
                min=0,
                max=1,
                step=0.05,
                placeholder="any",
                debounce=True,
                className="score-input",
            ),
        ],
    )


def filter_bar():
    """The global filters every page applies."""
    return html.Div(
        className="filter-bar",
        children=[
            html.Div(
                className="filter filter-dates",
                children=[
                    html.Label("Date range", htmlFor=ids.FILTER_DATES),
                    dcc.DatePickerRange(
                        id=ids.FILTER_DATES,
                        clearable=True,
                        display_format="YYYY-MM-DD",
                        start_date_placeholder_text="from",
                        end_date_placeholder_text="to",
                        first_day_of_week=1,
                    ),
                ],
            ),
            _multi(ids.FILTER_ARTICLES, "Article", placeholder="All articles"),
            _multi(ids.FILTER_TOPICS, "Topic", placeholder="All topics"),
            _multi(ids.FILTER_SENTIMENTS, "Sentiment", queries.SENTIMENTS),
            _multi(ids.FILTER_STANCES, "Stance of replies", queries.STANCES),
            *(_score(signal) for signal in SIGNAL_LABELS),
        ],
    )


def language_switch():
    """DE | EN: a link each, to dashboard.i18n's route that remembers the choice and comes back."""
    return html.Div(
        className="language-switch",
        children=[
            html.A("DE", href="/language/de", hrefLang="de", className="language-link"),
            " | ",
            html.A("EN", href="/language/en", hrefLang="en", className="language-link"),
        ],
    )


def header(pages, sign_out=False):
    """App name, one link per page, the refresh status (and a sign-out link when signed in),
    and the global filters."""
    return html.Header(
        className="app-header",
        children=[
            html.Div(
                className="header-row",
                children=[
                    html.Div(
                        className="brand",
                        children=[
                            html.Span("Diskurs", className="brand-name"),
                            html.Span("reader comments, analysed", className="brand-tagline"),
                        ],
                    ),
                    html.Nav(
                        className="nav",
                        children=[
                            dcc.Link(
                                page["name"],
                                href=page["relative_path"],
                                className="nav-link",
                                id={"type": ids.NAV_LINK, "path": page["relative_path"]},
                            )
                            for page in pages
                        ],
                    ),
                    html.Div(id=ids.LAST_REFRESHED, className="last-refreshed", children="Loading…"),
                    *([html.A("Sign out", href="/logout", id=ids.SIGN_OUT, className="sign-out")] if sign_out else []),
                    # Who labels: the signed-in user, else a name typed once (kept in this browser).
                    dcc.Input(
                        id=ids.EDITOR_NAME,
                        type="text" if not sign_out else "hidden",
                        placeholder="Your name, for labels",
                        maxLength=80,
                        persistence=True,
                        persistence_type="local",
                        className="editor-name",
                    ),
                    language_switch(),
                ],
            ),
            filter_bar(),
            # What a link asked for that the store does not have (dashboard/url_state.py).
            html.P(id=ids.URL_NOTE, className="url-note", role="status"),
            # The filters and the page's choices, kept in the address (dashboard/url_state.py).
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Interval(id=ids.REFRESH_TIMER, interval=30_000),
            dcc.Store(id=ids.DATA_VERSION),
        ],
    )


def card(title, subtitle, body, card_ids=None, wide=False, streamed=False):
    """A titled card; with `card_ids` it also gets a CSV button and its download, or, when
    `streamed`, a CSV link (its href set by a callback) to a streamed download route."""
    if card_ids is None:
        tools = []
    elif streamed:
        tools = [
            html.A("CSV", id=card_ids.csv, className="csv-button", href="", title="Download these rows as CSV"),
            html.A(
                "Excel",
                id=ids.excel_link(card_ids),
                className="csv-button",
                href="",
                title="The same rows for a German-locale spreadsheet: ';' between cells, decimal comma",
            ),
        ]
    else:
        tools = [
            html.Button("CSV", id=card_ids.csv, className="csv-button", title="Download these rows as CSV"),
            dcc.Download(id=card_ids.download),
        ]
    return html.Section(
        className="card card-wide" if wide else "card",
        children=[
            html.Div(
                className="card-head",
                children=[
                    html.Div([html.H3(title), html.P(subtitle, className="card-subtitle")]),
                    html.Div(tools, className="card-tools"),
                ],
            ),
            body,
        ],
    )


def graph(card_ids):
    """A card's dcc.Graph (filled by a page callback), a loading dot over it while it is drawn."""
    return dcc.Loading(
        dcc.Graph(id=card_ids.graph, config={"displaylogo": False, "displayModeBar": False}), type="dot", delay_show=300
    )


def chart_card(card_ids, title, subtitle, wide=False):
    """A card holding one dcc.Graph (filled by a page callback) and its CSV download."""
    return card(title, subtitle, graph(card_ids), card_ids, wide)


def rank_controls(floor_id, order_id, floor, order, unit="comments"):
    """A ranking's choices (ids.url_param controls, kept in the URL): the least comments (or
    replies) an article or topic needs to be ranked, and the order, by share or by count."""
    return html.Div(
        className="toolbar rank-controls",
        children=[
            html.Label(f"Ranked from {unit}:"),
            dcc.Input(id=floor_id, type="number", min=1, step=1, value=floor, debounce=True, className="rank-floor"),
            html.Label("Order"),
            dcc.RadioItems(
                id=order_id,
                value=order,
                inline=True,
                options=[{"label": " By share", "value": "share"}, {"label": " By count", "value": "count"}],
            ),
        ],
    )


def kpi(component_id, label):
    """One key figure: a big value (filled by a callback) over its label."""
    return html.Div(
        className="kpi",
        children=[
            html.Div("—", id=component_id, className="kpi-value"),
            html.Div(label, className="kpi-label"),
        ],
    )


def page(filters_id, title, intro, *children):
    """A page: its copy of the global filters, a heading, one line of what it is for, content."""
    return html.Div(
        [
            dcc.Store(id=filters_id),
            html.Div(
                className="page-title",
                children=[
                    html.H2(title),
                    html.P(intro),
                    html.P(id={"type": ids.AGREEMENT, "page": filters_id["page"]}, className="agreement-line"),
                ],
            ),
            *children,
        ]
    )


def shell(pages, page_container, sign_out=False):
    """The whole app: the header (with a link per page and the global filters) over the page shown."""
    return html.Div(
        className="app",
        children=[
            header(pages, sign_out),
            html.Main(page_container, className="page"),
        ],
    )
