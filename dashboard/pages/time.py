"""Over time: comments per day or week stacked by sentiment, mean polarity, and the stance mix of
replies."""

import dash
from dash import dcc, html

from dashboard import components, figures, ids, queries, url_state

dash.register_page(__name__, path="/time", name="Over time", order=3, title="Diskurs · Over time")


def layout(**query):
    """A granularity switch (by the range, day, week, month; `?granularity=week`) over three time
    charts; a click on a period opens its comments."""
    return components.page(
        ids.TIME_FILTERS,
        "Over time",
        "When readers comment, and how the tone moves. " + components.TIME_BASIS_NOTE,
        html.Div(
            className="toolbar",
            children=[
                html.Label("Granularity"),
                dcc.RadioItems(
                    id=ids.TIME_GRANULARITY,
                    value=url_state.initial(ids.TIME_GRANULARITY, query),
                    inline=True,
                    options=[
                        {"label": " By the range", "value": "auto"},
                        {"label": " Day", "value": "day"},
                        {"label": " Week (from Monday)", "value": "week"},
                        {"label": " Month", "value": "month"},
                    ],
                ),
            ],
        ),
        html.Div(
            className="cards",
            children=[
                components.chart_card(ids.TIME_VOLUME, "Comments by sentiment", components.TIME_BASIS_NOTE, wide=True),
                components.chart_card(
                    ids.TIME_POLARITY,
                    "Mean polarity",
                    "A point's size shows how many comments it averages: the mean of a few says little. "
                    + components.TIME_BASIS_NOTE,
                    wide=True,
                ),
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


def _granularity(con, filters, granularity):
    """The granularity chosen ("auto" resolved by the filtered range; anything else a URL says: auto)."""
    chosen = granularity if granularity in queries.GRANULARITIES else "auto"
    return queries.granularity_for(con, filters, chosen)


def by_period(con, filters, granularity):
    """queries.by_period at the granularity chosen, "auto" resolved by the filtered range."""
    return queries.by_period(con, filters, _granularity(con, filters, granularity))


def stance_by_period(con, filters, granularity):
    """queries.stance_by_period at the granularity chosen, "auto" resolved by the filtered range."""
    return queries.stance_by_period(con, filters, _granularity(con, filters, granularity))


def register_callbacks(app, reader, settings=None):
    """Three charts at the chosen granularity, each with its CSV; a click on a period opens its comments."""
    granularity = [(ids.TIME_GRANULARITY, "value")]
    components.register_chart(
        app,
        reader,
        ids.TIME_VOLUME,
        "comments-over-time",
        by_period,
        figures.volume_by_period,
        extra=granularity,
    )
    components.register_chart(
        app,
        reader,
        ids.TIME_POLARITY,
        "polarity-over-time",
        by_period,
        figures.polarity_by_period,
        extra=granularity,
    )
    components.register_chart(
        app,
        reader,
        ids.TIME_STANCE,
        "reply-stance-over-time",
        stance_by_period,
        figures.stance_by_period,
        extra=granularity,
    )
    for card_ids in (ids.TIME_VOLUME, ids.TIME_POLARITY, ids.TIME_STANCE):
        url_state.register_drill(app, card_ids.graph, "period")
