"""Moderation: the comments the moderation signal flags, to confirm or dismiss with one click;
where and when they gather; and the feedback inbox (comments addressed to the newsroom)."""

import dash
from dash import Input, Output, dcc, html

from dashboard import components, ids, labelling, quality, queries, url_state, views
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


def layout(**query):
    """Thresholds, order and chart granularity (kept in the URL by url_state:
    `?threshold=0.6&order=score&feedback=0.4&chart=day`), the queue, two charts, and the feedback inbox."""
    threshold, order, feedback = views.moderation_state(
        *(
            url_state.initial(param, query)
            for param in (ids.MODERATION_THRESHOLD, ids.MODERATION_ORDER, ids.MODERATION_FEEDBACK_THRESHOLD)
        )
    )
    return components.page(
        ids.MODERATION_FILTERS,
        "Moderation",
        "Comments the moderation signal flags (insults, threats, shouting …), with its reasons: "
        "confirm or dismiss each flag with one click. The filters above apply; the thresholds and "
        "the order stay in the address, to bookmark or share.",
        html.Div(
            className="toolbar",
            children=[
                html.Label("Needs moderation from"),
                html.Div(_slider(ids.MODERATION_THRESHOLD, threshold), className="slider-box"),
                html.Label("Order"),
                dcc.RadioItems(
                    id=ids.MODERATION_ORDER,
                    value=order,
                    inline=True,
                    options=[{"label": " Newest first", "value": "newest"}, {"label": " By score", "value": "score"}],
                ),
                html.Label("Chart by"),
                dcc.RadioItems(
                    id=ids.MODERATION_GRANULARITY,
                    value=url_state.initial(ids.MODERATION_GRANULARITY, query),
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
                            html.P(id=ids.MODERATION_TRUST, className="trust-line"),
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
                    "Share of comments at or above the threshold; a point's size shows how many comments "
                    "it counts: the share of a few says little. " + components.TIME_BASIS_NOTE,
                ),
                components.card(
                    "Feedback inbox",
                    "Comments addressed to the newsroom (corrections, questions, tips), by article",
                    html.Div(
                        [
                            html.Div(
                                className="toolbar",
                                children=[
                                    html.Label("Feedback from"),
                                    html.Div(
                                        _slider(ids.MODERATION_FEEDBACK_THRESHOLD, feedback), className="slider-box"
                                    ),
                                ],
                            ),
                            html.P(id=ids.FEEDBACK_TRUST, className="trust-line"),
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


def over_time(con, filters, threshold, granularity):
    """The time chart's rows: queries.moderation_by_period by day or week (anything else a URL
    says: by week)."""
    return queries.moderation_by_period(con, filters, threshold, granularity if granularity == "day" else "week")


def register_callbacks(app, reader, settings=None):
    """The queue, the inbox, and two charts with their CSVs (the controls' URL: url_state); the
    flags' trust line, on each new version and every ~30 s (editors judge flags without one)."""
    quality_file = quality.path_of(settings)

    @app.callback(
        Output(ids.MODERATION_TRUST, "children"),
        Output(ids.FEEDBACK_TRUST, "children"),
        Input(ids.DATA_VERSION, "data"),
        Input(ids.REFRESH_TIMER, "n_intervals"),
    )
    def _trust(version, n_intervals):
        lines = labelling.signal_texts(reader, quality_file)
        return lines["moderation"], lines["feedback"]

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
        over_time,
        figures.flagged_share_by_period,
        extra=threshold + [(ids.MODERATION_GRANULARITY, "value")],
    )
    url_state.register_drill(app, ids.MODERATION_ARTICLES.graph, "article")
    url_state.register_drill(app, ids.MODERATION_TIME.graph, "period")
