"""Overview: key figures, the articles that stand out (etl.alerts), sentiment mix, the most
negative articles, comments per week, and whether threads turn negative as they go deeper."""

import dash
from dash import Input, Output, html

from dashboard import components, figures, filters, ids, queries, url_state, views
from dashboard.components.moderation import alert_list
from etl import alerts

dash.register_page(__name__, path="/", name="Overview", order=0, title="Diskurs · Overview")

TOP_N = 10


def layout(**query):
    """Key figures over the alerts and four chart cards; the ranking's floor and order from the URL
    (`?min_comments=50&rank=count`)."""
    return components.page(
        ids.OVERVIEW_FILTERS,
        "Overview",
        "How readers discuss the articles, at a glance. Only published comments count; the filters above apply.",
        html.Div(
            className="kpis",
            children=[
                components.kpi(ids.KPI_ARTICLES, "Articles with comments"),
                components.kpi(ids.KPI_COMMENTS, "Comments"),
                components.kpi(ids.KPI_REPLIES, "Share of replies"),
                components.kpi(ids.KPI_POLARITY, "Mean polarity (−1 … +1)"),
                components.kpi(ids.KPI_NEGATIVE, "Share negative"),
            ],
        ),
        html.Div(
            className="cards",
            children=[
                components.card(
                    "Articles that stand out",
                    "Articles whose comments of the last 24 hours (before the newest comment) read negative, "
                    "disagree or need moderation far more often than the rest of the store (z ≥ "
                    f"{alerts.MIN_Z:g} and an exact binomial test agreeing, at least {alerts.MIN_COMMENTS} "
                    "comments): what `diskurs alerts` lists. The filters above do not apply.",
                    html.Div(id=ids.OVERVIEW_ALERTS),
                    wide=True,
                ),
                components.chart_card(ids.OVERVIEW_MIX, "Sentiment mix", "Comments per sentiment label"),
                components.card(
                    "Where the negative comments are",
                    f"Top {TOP_N} articles by their share of negative comments (whisker: the 95% Wilson "
                    "interval, wide for few comments), or by their number; only articles of at least the "
                    "minimum of matching comments count. Click a bar for its thread.",
                    html.Div(
                        [
                            components.rank_controls(
                                ids.OVERVIEW_FLOOR,
                                ids.OVERVIEW_ORDER,
                                url_state.initial(ids.OVERVIEW_FLOOR, query),
                                url_state.initial(ids.OVERVIEW_ORDER, query),
                            ),
                            components.graph(ids.OVERVIEW_NEGATIVE),
                        ]
                    ),
                    ids.OVERVIEW_NEGATIVE,
                ),
                components.chart_card(
                    ids.OVERVIEW_WEEKLY,
                    "Comments per week",
                    "Weeks start on Monday; click a week for its comments. " + components.TIME_BASIS_NOTE,
                    wide=True,
                ),
                components.chart_card(
                    ids.OVERVIEW_DEPTH,
                    "Do threads turn negative as they go deeper?",
                    "Every matching comment by how deep in a thread it sits: 0 = top-level comment, "
                    f"1 = a reply to it, and so on; {queries.DEEPEST}+ = {queries.DEEPEST} or more "
                    "replies deep. n = comments at that depth: a bar over few comments says little.",
                    wide=True,
                ),
            ],
        ),
    )


def top_negative(con, filters, min_comments=queries.MIN_COMMENTS, order="share"):
    """The chart's rows: queries.top_negative_articles with this page's TOP_N."""
    return queries.top_negative_articles(con, filters, TOP_N, min_comments, order)


def weekly(con, filters):
    """The chart's rows: queries.by_period per week."""
    return queries.by_period(con, filters, "week")


def register_callbacks(app, reader, settings=None):
    """Key figures, the alerts, and the four charts, each with its CSV."""

    @app.callback(
        *[
            Output(kpi_id, "children")
            for kpi_id in (ids.KPI_ARTICLES, ids.KPI_COMMENTS, ids.KPI_REPLIES, ids.KPI_POLARITY, ids.KPI_NEGATIVE)
        ],
        Input(ids.OVERVIEW_FILTERS, "data"),
    )
    def _kpis(filters_data):
        components.require_filters(filters_data)
        return views.kpi_texts(reader.query(queries.kpis, filters.filters_of(filters_data)))

    @app.callback(Output(ids.OVERVIEW_ALERTS, "children"), Input(ids.OVERVIEW_FILTERS, "data"))
    def _alerts(filters_data):
        components.require_filters(filters_data)  # only to wait for the page: alerts ignore filters
        found = reader.query(alerts.find_alerts)
        return alert_list(found, alerts.describe(found) if len(found) else [])

    components.register_chart(
        app, reader, ids.OVERVIEW_MIX, "sentiment-mix", queries.sentiment_mix, figures.sentiment_mix_bar
    )
    components.register_chart(
        app,
        reader,
        ids.OVERVIEW_NEGATIVE,
        "top-negative-articles",
        top_negative,
        figures.top_negative_bar,
        extra=[(ids.OVERVIEW_FLOOR, "value"), (ids.OVERVIEW_ORDER, "value")],
        figure_extra=True,
    )
    url_state.register_drill(app, ids.OVERVIEW_NEGATIVE.graph, "article")
    components.register_chart(app, reader, ids.OVERVIEW_WEEKLY, "comments-per-week", weekly, figures.volume_by_period)
    url_state.register_drill(app, ids.OVERVIEW_WEEKLY.graph, "period")
    components.register_chart(
        app, reader, ids.OVERVIEW_DEPTH, "sentiment-by-depth", queries.sentiment_by_depth, figures.depth_sentiment
    )
