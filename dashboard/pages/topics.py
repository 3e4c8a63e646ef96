"""Topics: how much and in what tone readers comment per topic."""

import dash
from dash import html

from dashboard import components, figures, ids, queries

dash.register_page(__name__, path="/topics", name="Topics", order=2, title="Diskurs · Topics")


def layout(**_query):
    """Volume, tone and sentiment mix per topic."""
    return components.page(
        ids.TOPICS_FILTERS, "Topics",
        "What readers talk about, and in which tone. A comment with several topics "
        "counts once for each.",
        html.Div(className="cards", children=[
            components.chart_card(ids.TOPICS_VOLUME, "Comments per topic", "Most discussed first"),
            components.chart_card(ids.TOPICS_POLARITY, "Mean polarity per topic",
                                  "Red = more negative than positive"),
            components.chart_card(ids.TOPICS_MIX, "Sentiment mix per topic",
                                  "Share of each sentiment label", wide=True),
        ]),
    )


def register_callbacks(app, reader):
    """Three charts over queries.by_topic, each with its CSV."""
    components.register_chart(app, reader, ids.TOPICS_VOLUME, "topics",
                              queries.by_topic, figures.topic_volume_bar)
    components.register_chart(app, reader, ids.TOPICS_POLARITY, "topic-polarity",
                              queries.by_topic, figures.topic_polarity_bar)
    components.register_chart(app, reader, ids.TOPICS_MIX, "topic-sentiment-mix",
                              queries.by_topic, figures.topic_mix_stacked)
