"""Comments: every matching comment in a server-paged table sorted on any column, with text
search, status, vote and target filters, CSV, and charts of votes and removed comments
(docs/comments.md)."""

import dash
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import comment_figures, components, export, filters, ids, labelling, queries, url_state, views
from dashboard.components import grid
from dashboard.queries import comments as comment_reads
from etl.store.filters import Filters

dash.register_page(__name__, path="/comments", name="Comments", order=4, title="Diskurs · Comments")

rows_block = grid.rows_block  # the grid's block of rows, where callers found it before grid.py
_SEARCH = State(ids.COMMENTS_SEARCH, "value")
_CHOICES = grid.CHOICES
PUBLISHED = Filters(published_only=True)  # the target picker counts every published comment


def layout(**query):
    """Search box, status and vote filters and match count over the comments table; the charts
    of votes and removed comments below it when the store has them. The search, the status,
    the votes and the sort start as the URL says (url_state keeps them there)."""
    return components.page(
        ids.COMMENTS_FILTERS,
        "Comments",
        "Every matching comment, newest articles first; click a column header to sort. "
        'Search looks in text and author: every word must occur, "quoted phrases" as written.',
        html.Div(
            className="toolbar",
            children=[
                dcc.Input(
                    id=ids.COMMENTS_SEARCH,
                    type="search",
                    debounce=True,
                    placeholder='Search words or "a phrase"…',
                    maxLength=filters.MAX_SEARCH,
                    className="search-box",
                    value=url_state.initial(ids.COMMENTS_SEARCH, query),
                ),
                *grid.controls(query),
                html.Span(id=ids.COMMENTS_COUNT, className="match-count"),
                html.Span(id=ids.COMMENTS_LABEL_NOTE, className="match-count"),
            ],
        ),
        components.card(
            "Comments",
            "Comments matching the filters, the search and the status, votes and target chosen",
            grid.grid(grid.sort_from_text(url_state.initial(grid.SORT, query))),
            ids.COMMENTS_TABLE,
            wide=True,
            streamed=True,
        ),
        *grid.chart_sections(),
    )


def label_note(store_dir, changes, name):
    """Store the labels an editor chose in the grid's editor columns; one line saying what was
    saved, or why not (no name, a viewer, a stance for a comment that is no reply)."""
    if not changes:
        raise PreventUpdate
    said = []
    for change in changes if isinstance(changes, list) else [changes]:
        task, row, value = (
            str(change.get("colId", "")).removesuffix("_editor"),
            change.get("data") or {},
            change.get("value"),
        )
        if task not in labelling.TASKS:
            continue
        if not value:
            said.append("a label can be changed, not removed")
        elif task == "stance" and not row.get("parent_id"):
            said.append("not saved: a stance is for replies only")
        else:
            try:
                who = labelling.give(store_dir, str(row.get("comment_id")), task, value, name)
                said.append(f"saved: {task} {value} (by {who})")
            except labelling.LabelError as refused:
                said.append(f"not saved: {refused}")
    return "; ".join(said)


_CHARTS = [
    (
        grid.VOTES_CHART,
        "comments-votes-by-sentiment",
        comment_reads.votes_by_sentiment,
        comment_figures.votes_by_sentiment,
        "n_with_votes",
    ),
    (
        grid.REMOVED_CHART,
        "comments-removed-by-article",
        comment_reads.removed_by_article,
        comment_figures.removed_by_article,
        "n_removed",
    ),
]


def _has(reader, extra):
    """Whether the store has any comment with `extra` (a column of comment_reads.comment_extras)."""
    extras = reader.query(comment_reads.comment_extras)
    return not extras.empty and int(extras[extra].iloc[0]) > 0


def _register_chart(app, reader, card_ids, name, query, figure, extra):
    """A chart of the page's comments (filters, search and choices) and its CSV on the same rows;
    not drawn (its section hidden) while the store has nothing of `extra`."""
    inputs = [(ids.COMMENTS_FILTERS, "data"), (ids.COMMENTS_SEARCH, "value"), *_CHOICES]

    def load(filters_data, search, *choices):
        return reader.query(query, grid.page_filters(filters_data, search, *choices))

    @app.callback(Output(card_ids.graph, "figure"), *[Input(component, prop) for component, prop in inputs])
    def _draw(filters_data, *values):
        components.require_filters(filters_data)
        if not _has(reader, extra):
            raise PreventUpdate
        return figure(load(filters_data, *values))

    components.register_download(app, card_ids, name, load, [State(component, prop) for component, prop in inputs])


def register_callbacks(app, reader, settings=None):
    """Blocks of rows on request, the match count, a reset on filter change, and the CSV link."""

    @app.callback(
        Output(ids.COMMENTS_GRID, "getRowsResponse"),
        Input(ids.COMMENTS_GRID, "getRowsRequest"),
        State(ids.COMMENTS_FILTERS, "data"),
        _SEARCH,
        *[State(component, prop) for component, prop in _CHOICES],
    )
    def _rows(request, filters_data, search, *choices):
        return grid.rows_block(reader, grid.page_filters(filters_data, search, *choices), request)

    @app.callback(
        Output(ids.COMMENTS_LABEL_NOTE, "children"),
        Input(ids.COMMENTS_GRID, "cellValueChanged"),
        State(ids.EDITOR_NAME, "value"),
        prevent_initial_call=True,
    )
    def _label(changes, name):
        return label_note(reader.store_dir, changes, name)

    @app.callback(
        Output(ids.COMMENTS_COUNT, "children"),
        Input(ids.COMMENTS_FILTERS, "data"),
        Input(ids.COMMENTS_SEARCH, "value"),
        *[Input(component, prop) for component, prop in _CHOICES],
    )
    def _count(filters_data, search, *choices):
        components.require_filters(filters_data)
        page_filters = grid.page_filters(filters_data, search, *choices)
        n = grid.matching(reader, page_filters)
        cut = f" (search cut to its first {filters.MAX_SEARCH} characters)" if filters.search_cut(search) else ""
        return views.count_text(n) + cut + ("" if n else unknown_target(page_filters.target))

    def unknown_target(target):
        """Why nothing matches a target (a link's) that no comment of the store names; "" else."""
        if not target or target in set(reader.query(queries.target_stance, PUBLISHED)["target"]):
            return ""
        return f"; no comment in this store names the target “{target}”"

    # The infinite row model caches blocks; drop them so the grid asks again with new filters.
    app.clientside_callback(
        """function() {
            try { dash_ag_grid.getApi(arguments[arguments.length - 1]).purgeInfiniteCache(); }
            catch (e) { /* grid not mounted yet: it will ask for rows itself */ }
        }""",
        Input(ids.COMMENTS_FILTERS, "data"),
        Input(ids.COMMENTS_SEARCH, "value"),
        *[Input(component, prop) for component, prop in _CHOICES],
        State(ids.COMMENTS_GRID, "id"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(grid.STATUS, "options"),
        Output(grid.TARGET, "options"),
        Output(ids.COMMENTS_GRID, "columnDefs"),
        Output(grid.VOTES_SECTION, "hidden"),
        Output(grid.REMOVED_SECTION, "hidden"),
        Input(ids.COMMENTS_FILTERS, "data"),
        State(ids.COMMENTS_GRID, "columnDefs"),
        State(grid.TARGET, "value"),
    )
    def _extras(filters_data, shown_columns, target):
        components.require_filters(filters_data)
        columns = grid.columns_for(reader.query(comment_reads.comment_extras), shown_columns)
        return (
            grid.status_options(reader.query(comment_reads.statuses)),
            grid.target_options(reader.query(queries.target_stance, PUBLISHED), target),
            dash.no_update if columns == shown_columns else columns,  # a new columnDefs drops the sort
            not _has(reader, "n_with_votes"),
            not _has(reader, "n_removed"),
        )

    # The sort in the URL: the grid's sort as text when it asks for rows sorted anew; a sort
    # the URL brings (back, forward) applied to the grid when it differs from the grid's own.
    app.clientside_callback(
        """function(request, current) {
            const model = (request && request.sortModel) || [];
            const text = model.map(item => item.colId + ":" + item.sort).join(",");
            return text === (current || "") ? dash_clientside.no_update : text;
        }""",
        Output(grid.SORT, "value"),
        Input(ids.COMMENTS_GRID, "getRowsRequest"),
        State(grid.SORT, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        """function(text, gridId) {
            let api;
            try { api = dash_ag_grid.getApi(gridId); } catch (e) { return dash_clientside.no_update; }
            const wanted = (text || "").split(",").filter(Boolean).map(part => part.split(":"));
            const now = api.getColumnState().filter(c => c.sort)
                .sort((a, b) => (a.sortIndex || 0) - (b.sortIndex || 0))
                .map(c => c.colId + ":" + c.sort).join(",");
            if (now === (text || "")) { return dash_clientside.no_update; }
            api.applyColumnState({
                state: wanted.map(([colId, sort], sortIndex) => ({colId, sort, sortIndex})),
                defaultState: {sort: null},
            });
            return text;
        }""",
        Output(grid.SORT_APPLIED, "data"),
        Input(grid.SORT, "value"),
        State(ids.COMMENTS_GRID, "id"),
        prevent_initial_call=True,
    )

    for chart in _CHARTS:
        _register_chart(app, reader, *chart)
    url_state.register_drill(app, grid.REMOVED_CHART.graph, "article")

    # A million rows do not fit a callback response: the CSV is a streamed download (export.py).
    components.register_excel_link(app, ids.COMMENTS_TABLE)

    @app.callback(
        Output(ids.COMMENTS_TABLE.csv, "href"),
        Input(ids.COMMENTS_FILTERS, "data"),
        Input(ids.COMMENTS_SEARCH, "value"),
        *[Input(component, prop) for component, prop in _CHOICES],
    )
    def _csv_link(filters_data, search, *choices):
        query = filters.filters_query(grid.page_filters(filters_data, search, *choices))
        return export.link(export.COMMENTS_CSV, query)
