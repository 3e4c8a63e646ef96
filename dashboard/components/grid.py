"""The comments grid: its columns, its page controls (status, votes, a target), what a block request's
sortModel and those controls mean as etl.store.filters.Filters, the block of rows asked for,
and the two chart sections shown only when the store's sources give votes or remove comments
(docs/comments.md)."""

import dataclasses

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from dashboard import figures, ids, queries, url_state, views
from dashboard.components.layout import chart_card
from dashboard.filters import ANY_STATUS, MAX_VALUE_LENGTH, InvalidInput, filters_of, filters_query
from dashboard.queries import comments as comment_reads
from etl.export import with_editor_labels
from etl.store import labels
from etl.store.filters import Filters

PAGE_SIZE = 50
MAX_VOTES = 10_000_000  # the largest vote count a filter takes
DEFAULT_STATUS = "published"
# The page's own controls, kept in the URL (dashboard/url_state.py): ?status=deleted&up_votes=10
# &sort=polarity:desc,author:asc (the search box is ids.COMMENTS_SEARCH, ?search=…).
STATUS = ids.url_param("comments", "status", DEFAULT_STATUS)
UP_VOTES = ids.url_param("comments", "up_votes", "", "int")
DOWN_VOTES = ids.url_param("comments", "down_votes", "", "int")
SORT = ids.url_param("comments", "sort", "")  # a hidden input: the grid's sort as text (sort_text)
# Comments naming a target of the topics file, with a stance toward it: ?target=EU&target_stance=against
# (a click on the Topics page's "For or against?" chart opens this).
TARGET = ids.url_param("comments", "target", "")
TARGET_STANCE = ids.url_param("comments", "target_stance", "")
TARGET_STANCE_NAMES = figures.TARGET_NAMES  # favor, against, none ("no clear lean"), as the chart says
SORT_APPLIED = "comments-sort-applied"  # where the clientside sort from the URL says it ran
VOTES_SECTION = "comments-votes-section"
REMOVED_SECTION = "comments-removed-section"
VOTES_CHART = ids.card("comments", "votes")
REMOVED_CHART = ids.card("comments", "removed")
MAX_STATUS = 40  # characters of a status value
STATUS_NAMES = {"published": "Published", "deleted": "Removed", "spam": "Spam", "trash": "Trash", "pending": "Pending"}
VOTE_FIELDS = ("positive_votes", "negative_votes")
# The page's choices beside the global filters and the search, in the order callbacks take them.
CHOICES = [(STATUS, "value"), (UP_VOTES, "value"), (DOWN_VOTES, "value"), (TARGET, "value"), (TARGET_STANCE, "value")]

# An editor's label, chosen in the cell with one click (a select of plain values: no HTML). Kept
# beside the store (etl.store.labels), not in it: the one column the grid cannot sort on.
EDITABLE = {
    "width": 115,
    "editable": True,
    "sortable": False,
    "cellEditor": "agSelectCellEditor",
    "cellClass": "editor-label-cell",
}
NUMBER = {"type": "numericColumn", "sortingOrder": ["desc", "asc", None]}
SIGNAL = {"width": 100, **NUMBER}
SENTIMENTS, STANCES = ({"values": list(values)} for values in (queries.SENTIMENTS, queries.STANCES))
# Plain text cells only (AG Grid sets textContent; no dangerously_allow_code), but the link to
# the comment's thread: Markdown the app writes (views.markdown_link), no HTML, as the Articles grid's.
THREAD_LINK = "read in thread"
COLUMNS = [
    {"field": "article_title", "headerName": "Article", "width": 190, "tooltipField": "article_title"},
    {"field": "author", "headerName": "Author", "width": 120},
    {"field": "created_at", "headerName": "Time (UTC)", "width": 150, "sortingOrder": ["desc", "asc", None]},
    # The comment itself before the scores: the first screen shows what was written.
    {
        "field": "text",
        "headerName": "Text",
        "flex": 1,
        "minWidth": 380,
        "wrapText": True,
        "tooltipField": "text",
        "cellClass": "comment-text-cell",
    },
    {"field": "thread_link", "headerName": "Thread", "width": 150, "cellRenderer": "markdown", "sortable": False},
    {"field": "sentiment", "headerName": "Sentiment", "width": 100},
    {"field": "polarity", "headerName": "Polarity", "width": 95, **NUMBER},
    {
        "field": "sentiment_editor",
        **EDITABLE,
        "headerName": "Your sentiment",
        "cellEditorParams": {"values": SENTIMENTS},
    },
    {"field": "stance", "headerName": "Stance", "width": 90, "tooltipField": "stance_evidence"},
    {"field": "stance_editor", **EDITABLE, "headerName": "Your stance", "cellEditorParams": STANCES},
    # The stance toward each target of the topics file the comment names, with the deciding words.
    {
        "field": "target_stances",
        "headerName": "Stance toward targets",
        "width": 240,
        "wrapText": True,
        "sortable": False,
        "tooltipField": "target_stances",
        "cellClass": "target-stance-cell",
    },
    {"field": "positive_votes", "headerName": "Up votes", "width": 100, **NUMBER},
    {"field": "negative_votes", "headerName": "Down votes", "width": 110, **NUMBER},
    {"field": "status", "headerName": "Status", "width": 100},
    {"field": "depth", "headerName": "Depth", "width": 80, **NUMBER},
    # The signals (etl/signals): a score from 0 to 1, its reasons on hover (as the stance's evidence).
    {"field": "needs_moderation", **SIGNAL, "headerName": "Moderation", "tooltipField": "moderation_reasons"},
    {"field": "feedback", **SIGNAL, "headerName": "Feedback", "tooltipField": "feedback_reasons"},
    {"field": "argument", **SIGNAL, "headerName": "Argument", "tooltipField": "argument_reasons"},
    {"field": "topics", "headerName": "Topics", "width": 120, "tooltipField": "topics"},
]
COLUMNS += [
    {"field": name, "hide": True, "sortable": False}
    for name in (
        "comment_id",
        "parent_id",
        "stance_evidence",
        "moderation_reasons",
        "feedback_reasons",
        "argument_reasons",
    )
]
FIELDS = [column["field"] for column in COLUMNS]
SORTABLE = [column["field"] for column in COLUMNS if column.get("sortable", True)]
assert set(SORTABLE) <= set(comment_reads.SORT_KEYS), "a sortable column the store cannot sort on"


def grid(sort=()):
    """The comments grid: blocks of rows asked from the server (the infinite row model), sorted
    there on any column but the editor's labels (one click on a header; shift-click adds one),
    first as `sort` says (sort_from_text of the URL)."""
    return dag.AgGrid(
        id=ids.COMMENTS_GRID,
        columnDefs=sorted_columns(sort),
        rowModelType="infinite",
        defaultColDef={"sortable": True, "resizable": True},
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
            "suppressMultiSort": False,
        },
        style={"height": "640px"},
        className="ag-theme-quartz",
    )


def sorted_columns(sort):
    """COLUMNS with the grid's first sort: (column, direction) pairs, the first deciding first."""
    order = {column: (direction, index) for index, (column, direction) in enumerate(sort)}
    return [
        {**column, "sort": order[column["field"]][0], "sortIndex": order[column["field"]][1]}
        if column["field"] in order
        else column
        for column in COLUMNS
    ]


def sort_text(sort):
    """A sort as the URL keeps it: "polarity:desc,author:asc" ("" for none)."""
    return ",".join(f"{column}:{direction}" for column, direction in sort)


def sort_from_text(text):
    """The (column, direction) pairs of sort_text's text, those the grid sorts on only (a URL is
    user input: anything else is left out)."""
    sort, seen = [], set()
    for part in str(text or "").split(",")[: len(SORTABLE)]:
        column, _, direction = part.strip().partition(":")
        if column in SORTABLE and column not in seen and direction in comment_reads.SORT_DIRECTIONS:
            sort.append((column, direction))
            seen.add(column)
    return tuple(sort)


def _picker(label, component_id, options, value, **dropdown):
    """A labelled dropdown of the page's choices."""
    return html.Div(
        className="filter",
        children=[
            html.Label(label, htmlFor=component_id),
            dcc.Dropdown(id=component_id, options=options, value=value, **dropdown),
        ],
    )


def controls(query=None):
    """The status picker, the least up and down votes, the target and the stance toward it,
    beside the search box (their first values from the URL's `query`), and the grid's sort kept
    for the URL (hidden)."""
    query = query or {}
    status, target = url_state.initial(STATUS, query), url_state.initial(TARGET, query)
    return [
        # The options of status and target come with the store's; until then the URL's own value.
        _picker(
            "Status",
            STATUS,
            [{"label": STATUS_NAMES.get(s, s), "value": s} for s in dict.fromkeys([DEFAULT_STATUS, status])],
            status,
            clearable=False,
            searchable=False,
            style={"minWidth": "200px"},
        ),
        *(
            html.Div(
                className="filter filter-score",
                children=[
                    html.Label(label, htmlFor=component_id),
                    dcc.Input(
                        id=component_id,
                        type="number",
                        min=0,
                        step=1,
                        debounce=True,
                        placeholder="any",
                        value=url_state.initial(component_id, query),
                    ),
                ],
            )
            for component_id, label in ((UP_VOTES, "Up votes ≥"), (DOWN_VOTES, "Down votes ≥"))
        ),
        _picker(
            "Target",
            TARGET,
            target_options(pd.DataFrame(), target),
            target or None,
            placeholder="any",
            style={"minWidth": "170px"},
        ),
        _picker(
            "Stance toward it",
            TARGET_STANCE,
            [{"label": name, "value": value} for value, name in TARGET_STANCE_NAMES.items()],
            url_state.initial(TARGET_STANCE, query) or None,
            placeholder="any",
            searchable=False,
            style={"minWidth": "170px"},
        ),
        dcc.Input(id=SORT, type="hidden", value=sort_text(sort_from_text(url_state.initial(SORT, query)))),
        dcc.Store(id=SORT_APPLIED),
    ]


def status_options(statuses):
    """Options of the status picker from comment_reads.statuses: every status the store holds
    (published always), named for people, with its count; then any status."""
    counts = dict(zip(statuses["status"], statuses["n_comments"], strict=True)) if not statuses.empty else {}
    names = [DEFAULT_STATUS, *(status for status in counts if status != DEFAULT_STATUS)]
    return [
        *({"label": f"{STATUS_NAMES.get(name, name)} ({int(counts.get(name, 0)):,})", "value": name} for name in names),
        {"label": "Any status", "value": ANY_STATUS},
    ]


def target_options(targets, chosen=None):
    """Options of the target picker from queries.target_stance: every target the store's comments
    name, most mentioned first, with its count; and `chosen` (from a link) though the store lacks it."""
    counts = dict(zip(targets["target"], targets["n_comments"], strict=True)) if not targets.empty else {}
    options = [{"label": f"{target} ({int(n):,})", "value": target} for target, n in counts.items()]
    if chosen and chosen not in counts:
        options.append({"label": chosen, "value": chosen})
    return options


def sort_of(request):
    """The (column, "asc"|"desc") pairs of a block request's sortModel, in order; InvalidInput for
    a column the grid does not sort on or another direction."""
    model = (request or {}).get("sortModel") or []
    if not isinstance(model, list):
        raise InvalidInput("sortModel must be a list")
    sort = []
    for item in model:
        column, direction = (item.get("colId"), item.get("sort")) if isinstance(item, dict) else (None, None)
        if column not in SORTABLE or direction not in comment_reads.SORT_DIRECTIONS:
            raise InvalidInput(f"cannot sort the comments on {str(column)[:40]!r} {str(direction)[:10]!r}")
        sort.append((column, direction))
    return tuple(sort)


def _votes(value, name):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_VOTES or value % 1:
        raise InvalidInput(f"{name} must be a whole number from 0 to {MAX_VOTES:,}")
    return int(value)


def choice_filters(
    filters: Filters, status=None, up_votes=None, down_votes=None, target=None, target_stance=None
) -> Filters:
    """`filters` (published comments) with the page's choices: the status picked (published when
    None; ANY_STATUS: every one), at least `up_votes` and `down_votes`, comments naming `target`
    with `target_stance` toward it (either may be None: any)."""
    if status is not None and (not isinstance(status, str) or len(status) > MAX_STATUS):
        raise InvalidInput(f"status must be one status (text of at most {MAX_STATUS} characters)")
    if status == ANY_STATUS:
        filters = dataclasses.replace(filters, published_only=False, statuses=())
    elif status and status != DEFAULT_STATUS:
        filters = dataclasses.replace(filters, published_only=False, statuses=(status,))
    votes = [
        (field, _votes(value, label))
        for field, value, label in zip(VOTE_FIELDS, (up_votes, down_votes), ("up votes", "down votes"), strict=True)
    ]
    if target is not None and (not isinstance(target, str) or len(target) > MAX_VALUE_LENGTH):
        raise InvalidInput(f"target must be one target (text of at most {MAX_VALUE_LENGTH:,} characters)")
    if target_stance not in (None, "", *TARGET_STANCE_NAMES):
        raise InvalidInput(f"target_stance must be one of {', '.join(TARGET_STANCE_NAMES)}")
    return dataclasses.replace(
        filters,
        votes=tuple((field, least) for field, least in votes if least is not None),
        target=target or None,
        target_stances=(target_stance,) if target_stance else (),
    )


def chart_sections():
    """The two chart cards, each in a section hidden until the store is known to have what it
    draws (votes; removed comments)."""
    return [
        html.Div(
            id=VOTES_SECTION,
            hidden=True,
            children=chart_card(
                VOTES_CHART,
                "Votes by sentiment",
                "Mean up and down votes per comment of each sentiment, among the comments with votes",
            ),
        ),
        html.Div(
            id=REMOVED_SECTION,
            hidden=True,
            children=chart_card(
                REMOVED_CHART,
                "Removed comments per article",
                "Share of each article's comments removed (whatever the status picked), most removed first",
            ),
        ),
    ]


def columns_for(extras, shown=None):
    """The grid's columns (those `shown`, else COLUMNS) for a store: without votes anywhere, the
    vote columns hidden; anything else (a sort) as it is."""
    has_votes = not extras.empty and int(extras["n_with_votes"].iloc[0]) > 0
    columns = []
    for column in shown or COLUMNS:
        if column.get("field") in VOTE_FIELDS:
            column = {key: value for key, value in column.items() if key != "hide"}
            column = column if has_votes else {**column, "hide": True}
        columns.append(column)
    return columns


def page_filters(filters_data, search, *choices):
    """The Filters of the page: the global filters, the search and the page's own choices (CHOICES
    order: status, up votes, down votes, target, stance toward it)."""
    return choice_filters(filters_of(filters_data, search), *choices)


def rows_block(reader, filters, request):
    """The getRowsResponse for the block of rows the grid asks for. In the table's order the
    block is read from the articles holding it (queries.comment_block), so a deep page or a text
    search costs no more than the first page; sorted on a column (the request's sortModel), the
    store sorts and skips. A search reads its matches, kept by the reader."""
    limit, offset = views.block_bounds(request, PAGE_SIZE)
    sort = sort_of(request)
    index, total = reader.query(queries.comment_block, filters, limit, offset, default=(None, 0))
    if not total:
        return {"rowData": [], "rowCount": 0}
    if sort:
        rows = reader.query(comment_reads.comment_rows, filters, limit=limit, offset=offset, sort=sort)
    else:
        block = queries.block_filters(filters, index, limit, offset)
        rows = reader.query(queries.comment_rows, block[0], limit=limit, offset=block[1]) if block else None
    if rows is not None:  # the editors' labels: never cached, they change without a new version
        rows = with_editor_labels(rows, labels.editor_columns(reader.store_dir, rows["comment_id"]))
        named = reader.query(comment_reads.comment_targets, tuple(rows["article_id"]), tuple(rows["comment_id"]))
        rows = rows.assign(thread_link=thread_links(rows, filters), target_stances=target_texts(rows, named))
    return {"rowData": [] if rows is None else views.grid_records(rows, FIELDS), "rowCount": int(total)}


def thread_links(rows, filters):
    """Each row's link to its comment in its thread (`/thread?article=…&comment=…`: the page
    showing it, the card in focus), with the global filters of `filters` (the article's replaced)."""
    carried, thread = "?" + filters_query(filters), url_state.DRILL_PAGES["article"]
    return [
        views.markdown_link(THREAD_LINK, url_state.link(thread, carried, article=a, comment=c))
        for a, c in zip(rows["article_id"].astype(str), rows["comment_id"].astype(str), strict=True)
    ]


def target_texts(rows, named):
    """Each row's stances toward the targets it names (views.target_lines, joined by " · "; "" for
    none), from comment_reads.comment_targets."""
    named = named[["article_id", "comment_id", "targets"]].itertuples(index=False)
    by_comment = {(str(a), str(c)): targets for a, c, targets in named}
    keys = zip(rows["article_id"].astype(str), rows["comment_id"].astype(str), strict=True)
    return [views.TARGET_SEPARATOR.join(views.target_lines({"targets": by_comment.get(key)})) for key in keys]


def matching(reader, filters):
    """How many comments match: counted by the store (from its pre-aggregates where the filters
    allow; a search from its matches, kept by the reader)."""
    return reader.query(queries.count_comments, filters)
