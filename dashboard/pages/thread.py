"""Thread: one article's reply tree, who answered whom, in what tone, agreeing or not."""

import dash
from dash import Input, Output, State, dcc, html, no_update

from dashboard import components, export, figures, filters, ids, labelling, queries, views

dash.register_page(__name__, path="/thread", name="Thread", order=5, title="Diskurs · Thread")

MAX_CARDS = 200  # cards of Dash components: 500 took ~130 ms to build and send
_ARTICLE = State(ids.THREAD_ARTICLE, "value")


def layout(article=None, **_query):
    """An article picker (preset by `?article=ID`), the reply tree and polarity by depth."""
    return components.page(
        ids.THREAD_FILTERS,
        "Thread",
        "Follow one article's discussion: each reply sits under the comment it "
        "answers. The article picker follows the global article filter; the other filters do "
        "not apply here.",
        html.Div(
            className="toolbar",
            children=[
                html.Label("Article", htmlFor=ids.THREAD_ARTICLE),
                dcc.Dropdown(
                    id=ids.THREAD_ARTICLE,
                    value=article,
                    clearable=False,
                    placeholder="Choose an article",
                    className="thread-picker",
                ),
                # The dropdown drops a value missing from its (still empty) options: keep the asked one.
                dcc.Store(id=ids.THREAD_REQUESTED, data=article),
            ],
        ),
        html.Div(
            className="cards",
            children=[
                components.chart_card(
                    ids.THREAD_DEPTH,
                    "Tone by reply depth",
                    "Mean polarity of this article's comments at each depth",
                    wide=True,
                ),
                components.card(
                    "Reply tree",
                    "All published comments of the article, as written",
                    html.Div(
                        [
                            html.Div(components.stance_legend(), id=ids.THREAD_LEGEND, className="stance-legend"),
                            html.P(id=ids.THREAD_NOTE, className="thread-note"),
                            html.Div(id=ids.THREAD_TREE, className="thread-tree"),
                        ]
                    ),
                    ids.THREAD_COMMENTS,
                    wide=True,
                    streamed=True,
                ),
            ],
        ),
    )


def register_callbacks(app, reader, settings=None):
    """Article picker, reply tree, depth chart and the thread's CSV."""

    @app.callback(
        Output(ids.THREAD_ARTICLE, "options"),
        Output(ids.THREAD_ARTICLE, "value"),
        Input(ids.THREAD_FILTERS, "data"),
        Input(ids.THREAD_ARTICLE, "search_value"),
        _ARTICLE,
        State(ids.THREAD_REQUESTED, "data"),
    )
    def _pick(filters_data, search, current, requested):
        components.require_filters(filters_data)
        chosen = list(filters.filters_of(filters_data).articles)
        options = components.article_options(reader, search, [current, requested, *chosen])
        article = views.choose_article(current or requested, chosen, options)
        # Typing in the picker only changes its options: the thread shown stays as it is.
        return options, no_update if article == current else article

    # The data version is an input too: a refresh redraws the thread shown.
    @app.callback(
        Output(ids.THREAD_NOTE, "children"),
        Output(ids.THREAD_TREE, "children"),
        Input(ids.THREAD_ARTICLE, "value"),
        Input(ids.THREAD_FILTERS, "data"),
    )
    def _tree(article_id, filters_data):
        components.require_filters(filters_data)
        if not article_id:
            return "Choose an article to see its discussion.", []
        # The cards shown and how many there are: not all of a thread of thousands.
        first = reader.query(queries.thread_comments, article_id, limit=MAX_CARDS)
        total = reader.query(queries.count_comments, queries.thread_filters(article_id), default=0)
        given = labelling.given(reader.store_dir, first["comment_id"]) if len(first) else {}
        return components.thread_view(first, MAX_CARDS, total, given)

    def depths(article_id):
        return reader.query(queries.polarity_by_depth, queries.thread_filters(article_id))

    @app.callback(
        Output(ids.THREAD_DEPTH.graph, "figure"), Input(ids.THREAD_ARTICLE, "value"), Input(ids.THREAD_FILTERS, "data")
    )
    def _depth(article_id, filters_data):
        components.require_filters(filters_data)
        return figures.depth_polarity_bar(depths(article_id))

    components.register_download(app, ids.THREAD_DEPTH, "thread-depth", depths, [_ARTICLE])

    # Thousands of comments do not belong in a callback response: a streamed download.
    components.register_excel_link(app, ids.THREAD_COMMENTS)

    @app.callback(Output(ids.THREAD_COMMENTS.csv, "href"), Input(ids.THREAD_ARTICLE, "value"))
    def _csv_link(article_id):
        return export.link(export.THREAD_CSV, export.thread_query(article_id))
