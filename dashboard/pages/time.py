"""Over time: comments per day or week stacked by sentiment, mean polarity, and the stance mix of
replies."""

import dash
from dash import dcc, html

from dashboard import components, figures, ids, queries

dash.register_page(__name__, path="/time", name="Over time", order=3, title="Diskurs · Over time")


def layout(**_query):
    """A day/week switch over three time charts."""
    return components.page(
        ids.TIME_FILTERS,
        "Over time",
        "When readers comment, and how the tone moves. " + components.TIME_BASIS_NOTE,
        html.Div(
            className="toolbar",
            children=[
                html.Label("Granularity", htmlFor=ids.TIME_GRANULARITY),
                dcc.RadioItems(
                    id=ids.TIME_GRANULARITY,
                    value="day",
                    inline=True,
                    options=[{"label": " Day", "value": "day"}, {"label": " Week (from Monday)", "value": "week"}],
                ),
            ],
        ),
        html.Div(
            className="cards",
            children=[
                components.chart_card(ids.TIME_VOLUME, "Comments by sentiment", components.TIME_BASIS_NOTE, wide=True),
                components.chart_card(ids.TIME_POLARITY, "Mean polarity", components.TIME_BASIS_NOTE, wide=True),
                components.chart_card(
                    ids.TIME_STANCE,
                    "Replies by stance: agree, disagree, neutral",
                    "Replies only (top-level comments answer no one), by how they "
                    "answer the comment above them; hover for the shares. " + components.TIME_BASIS_NOTE,
                    wide=True,
                ),
            ],
        ),
    )


def register_callbacks(app, reader, settings=None):
    """Three charts at the chosen granularity, each with its CSV."""
    granularity = [(ids.TIME_GRANULARITY, "value")]
    components.register_chart(
        app,
        reader,
        ids.TIME_VOLUME,
        "comments-over-time",
        queries.by_period,
        figures.volume_by_period,
        extra=granularity,
    )
    components.register_chart(
        app,
        reader,
        ids.TIME_POLARITY,
        "polarity-over-time",
        queries.by_period,
        figures.polarity_by_period,
        extra=granularity,
    )
    components.register_chart(
        app,
        reader,
        ids.TIME_STANCE,
        "reply-stance-over-time",
        queries.stance_by_period,
        figures.stance_by_period,
        extra=granularity,
    )
