"""Moderation: the comments the moderation signal flags, to confirm or dismiss with one click;
where and when they gather; and the feedback inbox (comments addressed to the newsroom)."""

import dash
from dash import Input, Output, dcc, html

from dashboard import components, ids, labelling, queries, views
from dashboard import moderation_figures as figures
from dashboard.components import moderation as parts
from dashboard.filters import filters_of

dash.register_page(__name__, path="/moderation", name="Moderation", order=5.5, title="Diskurs · Moderation")

QUEUE_SIZE = 50
INBOX_SIZE = 60
TOP_ARTICLES = 15
MIN_ARTICLE_COMMENTS = 10  # a share of one or two comments says little
_THRESHOLD = Input(ids.MODERATION_THRESHOLD, "value")


def _slider(component_id, value):
    return dcc.Slider(
        id=component_id,
        min=0,
        max=1,
        step=0.05,
        value=value,
        marks={v / 10: f"{v / 10:g}" for v in range(0, 11, 2)},
        className="moderation-slider",
    )


def layout(threshold=None, order=None, feedback=None, **_query):
    """Thresholds and order (from `?threshold=0.6&order=score&feedback=0.4`), the queue, two
    charts, and the feedback inbox."""
    threshold, order, feedback = views.moderation_state(threshold, order, feedback)
    return components.page(
        ids.MODERATION_FILTERS,
        "Moderation",
        "Comments the moderation signal flags (insults, threats, shouting …), with its reasons: "
        "confirm or dismiss each flag with one click. The filters above apply; the thresholds and "
        "the order stay in the address, to bookmark or share.",
        dcc.Location(id=ids.MODERATION_LOCATION, refresh=False),
        html.Div(
            className="toolbar",
            children=[
                html.Label("Needs moderation from", htmlFor=ids.MODERATION_THRESHOLD),
                html.Div(_slider(ids.MODERATION_THRESHOLD, threshold), className="slider-box"),
                html.Label("Order", htmlFor=ids.MODERATION_ORDER),
                dcc.RadioItems(
                    id=ids.MODERATION_ORDER,
                    value=order,
                    inline=True,
                    options=[{"label": " Newest first", "value": "newest"}, {"label": " By score", "value": "score"}],
                ),
                html.Label("Chart by", htmlFor=ids.MODERATION_GRANULARITY),
                dcc.RadioItems(
                    id=ids.MODERATION_GRANULARITY,
                    value="week",
                    inline=True,
                    options=[{"label": " Day", "value": "day"}, {"label": " Week", "value": "week"}],
                ),
            ],
        ),
        html.Div(
            className="cards",
            children=[
                components.card(
                    "Queue",
                    f"Comments at or above the threshold (the first {QUEUE_SIZE}); the thread is one click away",
                    html.Div(
                        [
                            html.P(id=ids.MODERATION_QUEUE_NOTE, className="thread-note"),
                            html.Div(id=ids.MODERATION_QUEUE, className="flag-list"),
                        ]
                    ),
                    wide=True,
                ),
                components.chart_card(
                    ids.MODERATION_ARTICLES,
                    "Where moderation is needed",
                    f"Top {TOP_ARTICLES} articles (of {MIN_ARTICLE_COMMENTS} comments or more) by comments needing "
                    "moderation; the bar is their share",
                ),
                components.chart_card(
                    ids.MODERATION_TIME,
                    "Needing moderation over time",
                    "Share of comments at or above the threshold. " + components.TIME_BASIS_NOTE,
                ),
                components.card(
                    "Feedback inbox",
                    "Comments addressed to the newsroom (corrections, questions, tips), by article",
                    html.Div(
                        [
                            html.Div(
                                className="toolbar",
                                children=[
                                    html.Label("Feedback from", htmlFor=ids.MODERATION_FEEDBACK_THRESHOLD),
                                    html.Div(
                                        _slider(ids.MODERATION_FEEDBACK_THRESHOLD, feedback), className="slider-box"
                                    ),
                                ],
                            ),
                            html.P(id=ids.FEEDBACK_NOTE, className="thread-note"),
                            html.Div(id=ids.FEEDBACK_INBOX, className="flag-list"),
                        ]
                    ),
                    wide=True,
                ),
            ],
        ),
    )


def top_articles(con, filters, threshold):
    """The articles chart's rows: queries.moderation_by_article with this page's TOP_ARTICLES."""
    return queries.moderation_by_article(con, filters, threshold, TOP_ARTICLES, MIN_ARTICLE_COMMENTS)


def register_callbacks(app, reader, settings=None):
    """The URL, the queue, the inbox, and two charts with their CSVs."""

    @app.callback(
        Output(ids.MODERATION_LOCATION, "search"),
        _THRESHOLD,
        Input(ids.MODERATION_ORDER, "value"),
        Input(ids.MODERATION_FEEDBACK_THRESHOLD, "value"),
        prevent_initial_call=True,
    )
    def _url(threshold, order, feedback):
        return views.moderation_search(threshold, order, feedback)

    def flagged(filters_data, signal, threshold, order, limit):
        """(first `limit` flagged comments, how many in all, the labels given to those shown)."""
        chosen = filters_of(filters_data)
        threshold = views.moderation_state(threshold)[0]
        rows = reader.query(queries.flagged_comments, chosen, signal, threshold, order, limit)
        total = reader.query(queries.count_flagged, chosen, signal, threshold, default=0)
        given = labelling.given(reader.store_dir, rows["comment_id"]) if len(rows) else {}
        return rows, total, given

    @app.callback(
        Output(ids.MODERATION_QUEUE_NOTE, "children"),
        Output(ids.MODERATION_QUEUE, "children"),
        Input(ids.MODERATION_FILTERS, "data"),
        _THRESHOLD,
        Input(ids.MODERATION_ORDER, "value"),
    )
    def _queue(filters_data, threshold, order):
        components.require_filters(filters_data)
        order = views.moderation_state(order=order)[1]
        return parts.queue_view(*flagged(filters_data, "needs_moderation", threshold, order, QUEUE_SIZE))

    @app.callback(
        Output(ids.FEEDBACK_NOTE, "children"),
        Output(ids.FEEDBACK_INBOX, "children"),
        Input(ids.MODERATION_FILTERS, "data"),
        Input(ids.MODERATION_FEEDBACK_THRESHOLD, "value"),
    )
    def _inbox(filters_data, threshold):
        components.require_filters(filters_data)
        return parts.inbox_view(*flagged(filters_data, "feedback", threshold, "article", INBOX_SIZE))

    threshold = [(ids.MODERATION_THRESHOLD, "value")]
    components.register_chart(
        app,
        reader,
        ids.MODERATION_ARTICLES,
        "moderation-by-article",
        top_articles,
        figures.flagged_share_by_article,
        extra=threshold,
    )
    components.register_chart(
        app,
        reader,
        ids.MODERATION_TIME,
        "moderation-over-time",
        queries.moderation_by_period,
        figures.flagged_share_by_period,
        extra=threshold + [(ids.MODERATION_GRANULARITY, "value")],
    )
