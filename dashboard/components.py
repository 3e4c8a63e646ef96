"""Reusable pieces of layout: header, global filters, cards, the reply tree.

Comment text only ever goes into children of plain html elements (and default AG Grid text
cells), which React renders as text: a `<script>` in a comment stays visible, inert text.
"""

import pandas as pd
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


def article_choices(articles):
    """Dropdown options for articles: label = title (with comment count), value = article_id."""
    if articles.empty:
        return []
    return [{"label": f"{title} ({n})", "value": article_id} for article_id, title, n in
            articles[["article_id", "title", "n_comments"]].itertuples(index=False, name=None)]


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


def sentiment_badge(sentiment):
    """A coloured label for negative / neutral / positive."""
    known = sentiment if sentiment in queries.SENTIMENTS else "unknown"
    return html.Span(sentiment or "unscored", className=f"badge badge-{known}")


def _text(value):
    """A cell as a string, "" for any kind of missing value."""
    return "" if value is None or pd.isna(value) else str(value)


def _format_time(value):
    if value is None or pd.isna(value):
        return "time unknown"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC")


def comment_card(comment):
    """One comment as plain text: author, time, sentiment, polarity, stance, depth, text."""
    polarity = comment.get("polarity")
    stance = _text(comment.get("stance"))
    meta = [
        html.Span(_text(comment.get("author")) or "anonymous", className="comment-author"),
        html.Span(_format_time(comment.get("created_at")), className="comment-time"),
        sentiment_badge(_text(comment.get("sentiment"))),
        html.Span("polarity n/a" if polarity is None or pd.isna(polarity) else f"polarity {polarity:+.2f}",
                  className="comment-polarity"),
    ]
    if stance:
        meta.append(html.Span(f"{stance} with parent" if stance == "agree" else
                              f"{stance} toward parent", className=f"badge stance-{stance}"))
    meta.append(html.Span(f"depth {comment.get('depth')}", className="comment-depth"))
    return html.Article(className="comment-card", children=[
        html.Div(meta, className="comment-meta"),
        html.P(_text(comment.get("text")), className="comment-text"),
    ])


def thread_tree(comments):
    """Nested cards of one article's comments: each reply sits inside its parent's block.

    A reply whose parent is not shown (deleted, filtered) is placed at the top, marked.
    """
    records = comments.to_dict("records")
    shown = {r["comment_id"] for r in records}
    children, roots = {}, []
    for record in records:
        parent = _text(record.get("parent_id"))
        if parent in shown:
            children.setdefault(parent, []).append(record)
        else:
            roots.append(record)

    def node(record):
        parent = _text(record.get("parent_id"))
        orphan = parent != "" and parent not in shown
        note = [html.Div("↳ reply to a comment not shown", className="orphan-note")] if orphan else []
        replies = [node(child) for child in children.get(record["comment_id"], [])]
        return html.Div(className="thread-node", children=[
            *note, comment_card(record),
            html.Div(replies, className="thread-replies") if replies else None,
        ])

    return [node(record) for record in roots]
