"""Articles: compare articles by tone, volume, replies and how replies answer each other; a table
of all of them."""

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, html

from dashboard import components, export, figures, filters, ids, queries, url_state, views

dash.register_page(__name__, path="/articles", name="Articles", order=1, title="Diskurs · Articles")

TOP_N = 25
PAGE_SIZE = 20
COLUMNS = [
    # Markdown (no HTML: the grid's default): the title a link to the thread, the original URL a
    # link of its own, http and https only. A click elsewhere in a row opens the thread too.
    {
        "field": "title_link",
        "headerName": "Article",
        "flex": 3,
        "minWidth": 260,
        "tooltipField": "title",
        "cellRenderer": "markdown",
    },
    {
        "field": "url_link",
        "headerName": "Original",
        "width": 110,
        "cellRenderer": "markdown",
        "linkTarget": "_blank",
        "sortable": False,
        "tooltipField": "url",
    },
    {"field": "published_at", "headerName": "Published", "width": 120},
    {"field": "n_comments", "headerName": "Comments", "width": 115, "type": "numericColumn"},
    {"field": "n_replies", "headerName": "Replies", "width": 105, "type": "numericColumn"},
    {"field": "mean_polarity", "headerName": "Mean polarity", "width": 135, "type": "numericColumn"},
    {"field": "n_negative", "headerName": "Negative", "width": 110, "type": "numericColumn"},
    {"field": "n_neutral", "headerName": "Neutral", "width": 105, "type": "numericColumn"},
    {"field": "n_positive", "headerName": "Positive", "width": 105, "type": "numericColumn"},
]
_FIELDS = [column["field"] for column in COLUMNS if not column["field"].endswith("_link")]
_FIELDS += ["article_id", "title", "url"]
_LINK_COLUMNS = ("title_link", "url_link")  # cells with links of their own: a click there is theirs


def link_cells(records, search):
    """Grid rows with the title a link to the article's thread (with the filters of `search`) and
    the original URL a link when it is http or https, else its text."""
    for record in records:
        title = record.get("title") or record["article_id"]
        record["title_link"] = views.markdown_link(title, url_state.thread_href(record["article_id"], search))
        original = url_state.original_url(record.get("url"))
        record["url_link"] = (
            views.markdown_link("original ↗", original) if original else views.markdown_text(record.get("url"))
        )
    return records


def layout(**query):
    """Four comparison charts, the disagreement ranking (its floor and order from the URL:
    `?min_comments=50&rank=count`) and a sortable table of every article; a click on an article
    opens its thread."""
    top = f"The {TOP_N} most commented articles"
    return components.page(
        ids.ARTICLES_FILTERS,
        "Articles",
        "Compare articles: which draw many comments, which draw angry ones.",
        html.Div(
            className="cards",
            children=[
                components.chart_card(
                    ids.ARTICLES_POLARITY, "Mean polarity per article", f"{top}; red = more negative than positive"
                ),
                components.chart_card(
                    ids.ARTICLES_SCATTER, "Volume against tone", f"{top}; bubble size = number of replies"
                ),
                components.chart_card(
                    ids.ARTICLES_MIX, "Sentiment mix per article", f"{top}; share of each sentiment label", wide=True
                ),
                components.chart_card(
                    ids.ARTICLES_STANCE,
                    "Agreement and disagreement per article",
                    f"The {TOP_N} articles with the most replies; share of replies "
                    "that agree with, disagree with, or are neutral toward the "
                    "comment they answer; in brackets: number of replies",
                    wide=True,
                ),
                components.card(
                    "Where replies disagree",
                    f"The {TOP_N} articles with the largest share of replies disagreeing with the comment "
                    "they answer (whisker: the 95% Wilson interval), or with the most; only articles of at "
                    "least the minimum of matching replies count.",
                    html.Div(
                        [
                            components.rank_controls(
                                ids.ARTICLES_FLOOR,
                                ids.ARTICLES_ORDER,
                                url_state.initial(ids.ARTICLES_FLOOR, query),
                                url_state.initial(ids.ARTICLES_ORDER, query),
                                unit="replies",
                            ),
                            components.graph(ids.ARTICLES_DISAGREE),
                        ]
                    ),
                    ids.ARTICLES_DISAGREE,
                    wide=True,
                ),
                components.card(
                    "All articles",
                    "Every article with matching comments; click a header to sort, an article for its "
                    "thread, “original” for the article itself",
                    dag.AgGrid(
                        id=ids.ARTICLES_GRID,
                        columnDefs=COLUMNS,
                        rowModelType="infinite",
                        getRowId="params.data.article_id",
                        defaultColDef={"sortable": True, "resizable": True},
                        dashGridOptions={
                            "pagination": True,
                            "paginationPageSize": PAGE_SIZE,
                            "cacheBlockSize": PAGE_SIZE,
                            "tooltipShowDelay": 300,
                        },
                        style={"height": "520px"},
                        className="ag-theme-quartz",
                    ),
                    ids.ARTICLES_TABLE,
                    wide=True,
                    streamed=True,
                ),
            ],
        ),
    )


def _sortable(request):
    """The grid's request with a sort on the title's link column read as a sort on the title."""
    if not isinstance(request, dict) or not isinstance(request.get("sortModel"), list):
        return request
    model = [
        {**sort, "colId": "title"} if isinstance(sort, dict) and sort.get("colId") == "title_link" else sort
        for sort in request["sortModel"]
    ]
    return {**request, "sortModel": model}


def most_commented(con, filters):
    """The charts' rows: queries.article_stats limited to this page's TOP_N."""
    return queries.article_stats(con, filters, limit=TOP_N)


def most_replied(con, filters):
    """The stance chart's rows: queries.stance_by_article limited to this page's TOP_N."""
    return queries.stance_by_article(con, filters, limit=TOP_N)


def most_disagreed(con, filters, min_replies=queries.MIN_COMMENTS, order="share"):
    """The disagreement ranking's rows: queries.stance_by_article ranked, this page's TOP_N."""
    return queries.stance_by_article(con, filters, TOP_N, min_replies, order)


def register_callbacks(app, reader, settings=None):
    """Five charts and the table, each with its CSV (the table's a streamed download); a click on
    an article's bar, point or row opens its thread."""
    components.register_chart(
        app, reader, ids.ARTICLES_POLARITY, "article-polarity", most_commented, figures.article_polarity_bar
    )
    components.register_chart(
        app, reader, ids.ARTICLES_SCATTER, "article-volume-tone", most_commented, figures.article_scatter
    )
    components.register_chart(
        app, reader, ids.ARTICLES_MIX, "article-sentiment-mix", most_commented, figures.article_mix_stacked
    )
    components.register_chart(
        app, reader, ids.ARTICLES_STANCE, "article-reply-stance", most_replied, figures.article_stance_mix
    )
    components.register_chart(
        app,
        reader,
        ids.ARTICLES_DISAGREE,
        "article-disagreement",
        most_disagreed,
        figures.disagree_bar,
        extra=[(ids.ARTICLES_FLOOR, "value"), (ids.ARTICLES_ORDER, "value")],
        figure_extra=True,
    )
    for card_ids in (
        ids.ARTICLES_POLARITY,
        ids.ARTICLES_SCATTER,
        ids.ARTICLES_MIX,
        ids.ARTICLES_STANCE,
        ids.ARTICLES_DISAGREE,
    ):
        url_state.register_drill(app, card_ids.graph, "article")
    url_state.register_drill(app, ids.ARTICLES_GRID, "article", grid_skip=_LINK_COLUMNS)

    # Thousands of articles: the grid asks for a block at a time, sorted as its headers say; the
    # store sorts and sends that block only.
    @app.callback(
        Output(ids.ARTICLES_GRID, "getRowsResponse"),
        Input(ids.ARTICLES_GRID, "getRowsRequest"),
        State(ids.ARTICLES_FILTERS, "data"),
    )
    def _table(request, filters_data):
        components.require_filters(filters_data)
        request = _sortable(request)
        limit, offset = views.block_bounds(request, PAGE_SIZE)
        sort = views.sort_pairs(request, _FIELDS)
        block, total = reader.query(queries.article_block, filters.filters_of(filters_data), sort, limit, offset)
        records = views.grid_records(block, _FIELDS, time_format="%Y-%m-%d")
        return {"rowData": link_cells(records, url_state.page_search(filters_data)), "rowCount": total}

    app.clientside_callback(
        """function() {
            try { dash_ag_grid.getApi(arguments[arguments.length - 1]).purgeInfiniteCache(); }
            catch (e) { /* grid not mounted yet: it will ask for rows itself */ }
        }""",
        Input(ids.ARTICLES_FILTERS, "data"),
        State(ids.ARTICLES_GRID, "id"),
        prevent_initial_call=True,
    )

    # Thousands of rows do not belong in a callback response: the CSV is a streamed download.
    components.register_excel_link(app, ids.ARTICLES_TABLE)

    @app.callback(Output(ids.ARTICLES_TABLE.csv, "href"), Input(ids.ARTICLES_FILTERS, "data"))
    def _csv_link(filters_data):
        query = filters.filters_query(filters.filters_of(filters_data))
        return export.link(export.ARTICLES_CSV, query)
