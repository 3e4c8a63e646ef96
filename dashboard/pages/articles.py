"""Articles: compare articles by tone, volume, replies and how replies answer each other; a table
of all of them."""

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, html

from dashboard import components, export, figures, filters, ids, queries, views

dash.register_page(__name__, path="/articles", name="Articles", order=1, title="Diskurs · Articles")

TOP_N = 25
PAGE_SIZE = 20
COLUMNS = [
    {"field": "title", "headerName": "Article", "flex": 3, "minWidth": 260, "tooltipField": "title"},
    {"field": "published_at", "headerName": "Published", "width": 120},
    {"field": "n_comments", "headerName": "Comments", "width": 115, "type": "numericColumn"},
    {"field": "n_replies", "headerName": "Replies", "width": 105, "type": "numericColumn"},
    {"field": "mean_polarity", "headerName": "Mean polarity", "width": 135, "type": "numericColumn"},
    {"field": "n_negative", "headerName": "Negative", "width": 110, "type": "numericColumn"},
    {"field": "n_neutral", "headerName": "Neutral", "width": 105, "type": "numericColumn"},
    {"field": "n_positive", "headerName": "Positive", "width": 105, "type": "numericColumn"},
]
_FIELDS = [column["field"] for column in COLUMNS] + ["article_id"]


def layout(**_query):
    """Four comparison charts over a sortable table of every article."""
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
                    "All articles",
                    "Every article with matching comments; click a header to sort",
                    dag.AgGrid(
                        id=ids.ARTICLES_GRID,
                        columnDefs=COLUMNS,
                        rowModelType="infinite",
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


def most_commented(con, filters):
    """The charts' rows: queries.article_stats limited to this page's TOP_N."""
    return queries.article_stats(con, filters, limit=TOP_N)


def most_replied(con, filters):
    """The stance chart's rows: queries.stance_by_article limited to this page's TOP_N."""
    return queries.stance_by_article(con, filters, limit=TOP_N)


def register_callbacks(app, reader, settings=None):
    """Four charts and the table, each with its CSV (the table's a streamed download)."""
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

    def all_articles(filters_data):
        return reader.query(queries.article_stats, filters.filters_of(filters_data))

    # Thousands of articles: the grid asks for a block at a time, sorted as its headers say;
    # the stats of all of them are one aggregation, kept per filters by the reader.
    @app.callback(
        Output(ids.ARTICLES_GRID, "getRowsResponse"),
        Input(ids.ARTICLES_GRID, "getRowsRequest"),
        State(ids.ARTICLES_FILTERS, "data"),
    )
    def _table(request, filters_data):
        components.require_filters(filters_data)
        stats = all_articles(filters_data)
        block = views.sorted_block(stats, request, _FIELDS, PAGE_SIZE)
        return {"rowData": views.grid_records(block, _FIELDS, time_format="%Y-%m-%d"), "rowCount": len(stats)}

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
