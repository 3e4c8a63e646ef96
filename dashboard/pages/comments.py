"""Comments: every matching comment in a server-paged table, with text search and CSV."""

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import components, export, filters, ids, labelling, queries, views
from etl.export import with_editor_labels
from etl.store import labels

dash.register_page(__name__, path="/comments", name="Comments", order=4, title="Diskurs · Comments")

PAGE_SIZE = 50
# An editor's label, chosen in the cell with one click (a select of plain values: no HTML).
EDITABLE = {"width": 115, "editable": True, "cellEditor": "agSelectCellEditor", "cellClass": "editor-label-cell"}
SIGNAL = {"width": 100, "type": "numericColumn", "sortable": False}
SENTIMENTS, STANCES = ({"values": list(values)} for values in (queries.SENTIMENTS, queries.STANCES))
# Plain text cells only: no cellRenderer, no dangerously_allow_code; AG Grid sets textContent.
COLUMNS = [
    {"field": "article_title", "headerName": "Article", "width": 190, "tooltipField": "article_title"},
    {"field": "author", "headerName": "Author", "width": 120},
    {"field": "created_at", "headerName": "Time (UTC)", "width": 150},
    {"field": "sentiment", "headerName": "Sentiment", "width": 100},
    {"field": "polarity", "headerName": "Polarity", "width": 90, "type": "numericColumn"},
    {
        "field": "sentiment_editor",
        **EDITABLE,
        "headerName": "Your sentiment",
        "cellEditorParams": {"values": SENTIMENTS},
    },
    {"field": "stance", "headerName": "Stance", "width": 90},
    {"field": "stance_editor", **EDITABLE, "headerName": "Your stance", "cellEditorParams": STANCES},
    {"field": "depth", "headerName": "Depth", "width": 75, "type": "numericColumn"},
    # The signals (etl/signals): a score from 0 to 1, its reasons on hover.
    {"field": "needs_moderation", **SIGNAL, "headerName": "Moderation", "tooltipField": "moderation_reasons"},
    {"field": "feedback", **SIGNAL, "headerName": "Feedback", "tooltipField": "feedback_reasons"},
    {"field": "argument", **SIGNAL, "headerName": "Argument", "tooltipField": "argument_reasons"},
    {"field": "topics", "headerName": "Topics", "width": 120, "tooltipField": "topics"},
    {
        "field": "text",
        "headerName": "Text",
        "flex": 1,
        "minWidth": 300,
        "wrapText": True,
        "tooltipField": "text",
        "cellClass": "comment-text-cell",
    },
]
COLUMNS += [
    {"field": name, "hide": True}
    for name in ("comment_id", "parent_id", "moderation_reasons", "feedback_reasons", "argument_reasons")
]
_FIELDS = [column["field"] for column in COLUMNS]
_SEARCH = State(ids.COMMENTS_SEARCH, "value")


def layout(**_query):
    """Search box and match count over the comments table."""
    grid = dag.AgGrid(
        id=ids.COMMENTS_GRID,
        columnDefs=COLUMNS,
        rowModelType="infinite",
        defaultColDef={"sortable": False, "resizable": True},
        # Few columns: render them all, also those scrolled out of view (for find-in-page).
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": PAGE_SIZE,
            "cacheBlockSize": PAGE_SIZE,
            "rowHeight": 66,
            "tooltipShowDelay": 400,
            "suppressColumnVirtualisation": True,
            "singleClickEdit": True,
            "stopEditingWhenCellsLoseFocus": True,
        },
        style={"height": "640px"},
        className="ag-theme-quartz",
    )
    return components.page(
        ids.COMMENTS_FILTERS,
        "Comments",
        "Every matching comment, newest articles first. Search looks in text and author.",
        html.Div(
            className="toolbar",
            children=[
                dcc.Input(
                    id=ids.COMMENTS_SEARCH,
                    type="search",
                    debounce=True,
                    placeholder="Search text or author…",
                    maxLength=filters.MAX_SEARCH,
                    className="search-box",
                ),
                html.Span(id=ids.COMMENTS_COUNT, className="match-count"),
                html.Span(id=ids.COMMENTS_LABEL_NOTE, className="match-count"),
            ],
        ),
        components.card(
            "Comments",
            "Published comments matching the filters and search",
            grid,
            ids.COMMENTS_TABLE,
            wide=True,
            streamed=True,
        ),
    )


def rows_block(reader, filters, request):
    """The getRowsResponse for the block of rows the grid asks for: the block is read from the
    articles holding it (queries.comment_index, kept per filters), so a deep page or a text
    search costs no more than the first page once the index is there."""
    limit, offset = views.block_bounds(request, PAGE_SIZE)
    index = reader.query(queries.comment_index, filters)
    if index.empty:
        return {"rowData": [], "rowCount": 0}
    block = queries.block_filters(filters, index, limit, offset)
    rows = reader.query(queries.comment_rows, block[0], limit=limit, offset=block[1]) if block else None
    if rows is not None:  # the editors' labels: never cached, they change without a new version
        rows = with_editor_labels(rows, labels.editor_columns(reader.store_dir, rows["comment_id"]))
    return {
        "rowData": [] if rows is None else views.grid_records(rows, _FIELDS),
        "rowCount": int(index["n_comments"].sum()),
    }


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


def matching(reader, filters):
    """How many comments match: from the same index the grid pages through."""
    index = reader.query(queries.comment_index, filters)
    return int(index["n_comments"].sum()) if not index.empty else 0


def register_callbacks(app, reader, settings=None):
    """Blocks of rows on request, the match count, a reset on filter change, and the CSV link."""

    @app.callback(
        Output(ids.COMMENTS_GRID, "getRowsResponse"),
        Input(ids.COMMENTS_GRID, "getRowsRequest"),
        State(ids.COMMENTS_FILTERS, "data"),
        _SEARCH,
    )
    def _rows(request, filters_data, search):
        return rows_block(reader, filters.filters_of(filters_data, search), request)

    @app.callback(
        Output(ids.COMMENTS_LABEL_NOTE, "children"),
        Input(ids.COMMENTS_GRID, "cellValueChanged"),
        State(ids.EDITOR_NAME, "value"),
        prevent_initial_call=True,
    )
    def _label(changes, name):
        return label_note(reader.store_dir, changes, name)

    @app.callback(
        Output(ids.COMMENTS_COUNT, "children"), Input(ids.COMMENTS_FILTERS, "data"), Input(ids.COMMENTS_SEARCH, "value")
    )
    def _count(filters_data, search):
        components.require_filters(filters_data)
        text = views.count_text(matching(reader, filters.filters_of(filters_data, search)))
        cut = f" (search cut to its first {filters.MAX_SEARCH} characters)" if filters.search_cut(search) else ""
        return text + cut

    # The infinite row model caches blocks; drop them so the grid asks again with new filters.
    app.clientside_callback(
        """function() {
            try { dash_ag_grid.getApi(arguments[arguments.length - 1]).purgeInfiniteCache(); }
            catch (e) { /* grid not mounted yet: it will ask for rows itself */ }
        }""",
        Input(ids.COMMENTS_FILTERS, "data"),
        Input(ids.COMMENTS_SEARCH, "value"),
        State(ids.COMMENTS_GRID, "id"),
        prevent_initial_call=True,
    )

    # A million rows do not fit a callback response: the CSV is a streamed download (export.py).
    components.register_excel_link(app, ids.COMMENTS_TABLE)

    @app.callback(
        Output(ids.COMMENTS_TABLE.csv, "href"), Input(ids.COMMENTS_FILTERS, "data"), Input(ids.COMMENTS_SEARCH, "value")
    )
    def _csv_link(filters_data, search):
        query = filters.filters_query(filters.filters_of(filters_data, search))
        return export.link(export.COMMENTS_CSV, query)
