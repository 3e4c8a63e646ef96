"""Topics: how much and in what tone readers comment per topic, their stance toward the targets
of the topics file, and terms the topics file does not cover yet."""

import functools
from pathlib import Path

import dash
import dash_ag_grid as dag
from dash import Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import components, figures, filters, ids, queries, url_state, views
from etl.config import Settings
from etl.topics import TopicsError, load_topics

dash.register_page(__name__, path="/topics", name="Topics", order=2, title="Diskurs · Topics")

# Plain text cells only: the example is a piece of a comment.
SUGGESTION_COLUMNS = [
    {"field": "term", "headerName": "Term", "width": 200},
    {
        "field": "kind",
        "headerName": "Kind",
        "width": 110,
        "headerTooltip": "noun, compound (KI-Sektor), name (two or three capitalised words), phrase (adjective + noun)",
    },
    {
        "field": "count",
        "headerName": "Mentions",
        "width": 115,
        "type": "numericColumn",
        "headerTooltip": "How often the term occurs, in comments and in their articles' text",
    },
    {
        "field": "n_comments",
        "headerName": "Comments",
        "width": 115,
        "type": "numericColumn",
        "headerTooltip": "How many comments use the term",
    },
    {"field": "example", "headerName": "Example from a comment", "flex": 1, "minWidth": 300, "tooltipField": "example"},
]
_FIELDS = [column["field"] for column in SUGGESTION_COLUMNS]


TOP_TOPICS = 25


def layout(**query):
    """Volume, tone and sentiment mix per topic; topics ranked by their share of negative comments
    and of disagreeing replies (floor and order from the URL: `?min_comments=50&rank=count`);
    stance toward targets; suggested topics. A click on a topic opens its comments."""
    limit = f"{queries.SUGGEST_LIMIT:,}"
    return components.page(
        ids.TOPICS_FILTERS,
        "Topics",
        "What readers talk about, and in which tone. A comment with several topics counts once for each. "
        "Click a topic for its comments.",
        components.rank_controls(
            ids.TOPICS_FLOOR,
            ids.TOPICS_ORDER,
            url_state.initial(ids.TOPICS_FLOOR, query),
            url_state.initial(ids.TOPICS_ORDER, query),
        ),
        html.Div(
            className="cards",
            children=[
                components.chart_card(
                    ids.TOPICS_NEGATIVE,
                    "Which topics draw negative comments",
                    f"Up to {TOP_TOPICS} topics by their share of negative comments (whisker: the 95% Wilson "
                    "interval), or by their number; only topics of at least the minimum of matching comments "
                    "(above) count.",
                ),
                components.chart_card(
                    ids.TOPICS_DISAGREE,
                    "Where replies disagree, by topic",
                    f"Up to {TOP_TOPICS} topics by their share of replies disagreeing with the comment they "
                    "answer (whisker: the 95% Wilson interval), or by their number; only topics of at least "
                    "the minimum of matching replies (above) count.",
                ),
                components.chart_card(ids.TOPICS_VOLUME, "Comments per topic", "Most discussed first"),
                components.chart_card(
                    ids.TOPICS_POLARITY, "Mean polarity per topic", "Red = more negative than positive"
                ),
                components.chart_card(
                    ids.TOPICS_MIX, "Sentiment mix per topic", "Share of each sentiment label", wide=True
                ),
                components.chart_card(
                    ids.TOPICS_TARGETS,
                    "For or against? Stance toward targets",
                    "Matching comments that mention a target named in the topics file (a company, "
                    "country, person), by their stance toward it: favor, against, or no clear lean. "
                    "Only the sentences naming the target are read. Click a bar for those comments.",
                    wide=True,
                ),
                components.card(
                    "Suggested topics",
                    f"Terms of the newest {limit} matching comments (and their articles' text) that "
                    "no topic in the topics file covers yet: candidates to add to it. First the terms "
                    "that set some discussions apart from the others, not merely the most frequent.",
                    html.Div(
                        [
                            html.Div(
                                className="toolbar",
                                children=[
                                    html.Button("Find suggestions", id=ids.SUGGESTIONS_RUN, className="csv-button"),
                                    html.Span(
                                        "Once asked for, the list follows the filters.", className="card-subtitle"
                                    ),
                                ],
                            ),
                            dcc.Loading(
                                dag.AgGrid(
                                    id=ids.SUGGESTIONS_GRID,
                                    columnDefs=SUGGESTION_COLUMNS,
                                    rowData=[],
                                    defaultColDef={"sortable": True, "resizable": True},
                                    dashGridOptions={
                                        "pagination": True,
                                        "paginationPageSize": 15,
                                        # AG Grid offers 20, 50 and 100 by default: a size it
                                        # does not offer leaves its selector blank.
                                        "paginationPageSizeSelector": [15, 30, 60],
                                        "tooltipShowDelay": 300,
                                    },
                                    style={"height": "560px"},
                                    className="ag-theme-quartz",
                                ),
                                type="dot",
                                delay_show=300,
                            ),
                        ]
                    ),
                    ids.TOPICS_SUGGESTIONS,
                    wide=True,
                ),
            ],
        ),
    )


def topics_of(settings):
    """The topics file's topics, or None when it cannot be read (then nothing counts as covered).
    Read again whenever the file's modification time or size changes: an edit shows without a
    restart, and an unchanged file is not parsed and compiled again on every call."""
    path = Path((settings or Settings()).topics_file)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_topics(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_topics(path, mtime_ns, size):
    try:
        return load_topics(path)
    except TopicsError:
        return None


def negative_ranking(con, filters, min_comments=queries.MIN_COMMENTS, order="share"):
    """The negative ranking's rows: queries.topic_ranking of negative comments."""
    return queries.topic_ranking(con, filters, "negative", min_comments, order, TOP_TOPICS)


def disagree_ranking(con, filters, min_replies=queries.MIN_COMMENTS, order="share"):
    """The disagreement ranking's rows: queries.topic_ranking of disagreeing replies."""
    return queries.topic_ranking(con, filters, "disagree", min_replies, order, TOP_TOPICS)


def register_callbacks(app, reader, settings=None):
    """Three charts over queries.by_topic, two rankings, the target stance chart and the
    suggestions table, each with its CSV; a click on a topic opens its comments."""
    ranking = [(ids.TOPICS_FLOOR, "value"), (ids.TOPICS_ORDER, "value")]
    components.register_chart(
        app,
        reader,
        ids.TOPICS_NEGATIVE,
        "topic-negative-ranking",
        negative_ranking,
        figures.topic_negative_bar,
        extra=ranking,
        figure_extra=True,
    )
    components.register_chart(
        app,
        reader,
        ids.TOPICS_DISAGREE,
        "topic-disagreement-ranking",
        disagree_ranking,
        figures.disagree_bar,
        extra=ranking,
        figure_extra=True,
    )
    for card_ids in (ids.TOPICS_NEGATIVE, ids.TOPICS_DISAGREE, ids.TOPICS_VOLUME, ids.TOPICS_POLARITY, ids.TOPICS_MIX):
        url_state.register_drill(app, card_ids.graph, "topic")
    url_state.register_drill(app, ids.TOPICS_TARGETS.graph, "target")
    components.register_chart(app, reader, ids.TOPICS_VOLUME, "topics", queries.by_topic, figures.topic_volume_bar)
    components.register_chart(
        app, reader, ids.TOPICS_POLARITY, "topic-polarity", queries.by_topic, figures.topic_polarity_bar
    )
    components.register_chart(
        app, reader, ids.TOPICS_MIX, "topic-sentiment-mix", queries.by_topic, figures.topic_mix_stacked
    )
    components.register_chart(
        app, reader, ids.TOPICS_TARGETS, "target-stance", queries.target_stance, figures.target_stance_bar
    )

    def suggestions(filters_data):
        # The topics file is looked at on each call (topics_of): an edit shows without a restart.
        return reader.query(queries.suggested_topics, filters.filters_of(filters_data), topics_of(settings))

    # On request only: the page's costliest read (term extraction over the newest comments,
    # about 100 ms at a million), which most visits do not need. Once asked for, the table
    # follows the filters.
    @app.callback(
        Output(ids.SUGGESTIONS_GRID, "rowData"),
        Input(ids.SUGGESTIONS_RUN, "n_clicks"),
        Input(ids.TOPICS_FILTERS, "data"),
    )
    def _suggestions(n_clicks, filters_data):
        components.require_filters(filters_data)
        if not n_clicks:
            raise PreventUpdate
        return views.grid_records(suggestions(filters_data), _FIELDS)

    components.register_download(app, ids.TOPICS_SUGGESTIONS, "suggested-topics", suggestions)
