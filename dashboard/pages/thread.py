"""Thread: one article's reply tree, who answered whom, in what tone, agreeing or not.

A thread of any size reads a page at a time (queries.thread.PAGE_SIZE cards, in reading
order); each comment with replies collapses and expands them; a search and "jump to where it
turns" move to the comment they find, opening its branch. The page's choices (article, page,
collapsed subtrees, the comment in focus, the search words) live in its URL.
"""

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import components, export, figures, filters, ids, labelling, queries, views
from dashboard.components import thread as cards
from dashboard.queries import thread as threads

dash.register_page(__name__, path="/thread", name="Thread", order=5, title="Diskurs · Thread")

_STATE = State(ids.THREAD_STATE, "data")
_ARTICLE = State(ids.THREAD_ARTICLE, "value")
_NEW_STATE = Output(ids.THREAD_STATE, "data", allow_duplicate=True)
_PAGER = ((ids.THREAD_FIRST, "First"), (ids.THREAD_PREV, "Previous page"))
_PAGER_AFTER = ((ids.THREAD_NEXT, "Next page"), (ids.THREAD_LAST, "Last"))


def _read(state):
    """The page's choices as the browser sent them, each checked (queries.thread.page_state)."""
    return threads.page_state(**(state or {}))


def _buttons(pairs):
    return [html.Button(label, id=button, className="thread-button", n_clicks=0) for button, label in pairs]


def layout(**query):
    """The article picker, search and turns, the pager, one page of the reply tree, and
    polarity by depth; the choices from the URL (`?article=ID&page=2&q=…&focus=ID&collapsed=ID`;
    `comment=ID` opens the thread at that comment)."""
    state = threads.page_state(**query)
    return components.page(
        ids.THREAD_FILTERS,
        "Thread",
        "Follow one article's discussion: each reply sits under the comment it answers. "
        "Collapse long branches, page through, search, or jump to where the tone turns. The "
        "article picker follows the global article filter; the other filters do not apply here.",
        dcc.Store(id=ids.THREAD_STATE, data=state),
        dcc.Store(id=ids.THREAD_LOCATION),
        dcc.Store(id=ids.THREAD_SCROLLED),
        html.Div(
            className="toolbar",
            children=[
                html.Label("Article", htmlFor=ids.THREAD_ARTICLE),
                dcc.Dropdown(
                    id=ids.THREAD_ARTICLE,
                    clearable=False,
                    placeholder="Choose an article",
                    className="thread-picker",
                ),
            ],
        ),
        html.Div(
            className="toolbar thread-find",
            children=[
                html.Label("Search this thread", htmlFor=ids.THREAD_SEARCH),
                dcc.Input(
                    id=ids.THREAD_SEARCH,
                    type="search",
                    value=state["q"],
                    debounce=True,
                    placeholder="Words in a comment or its author",
                    className="thread-search",
                ),
                *_buttons(((ids.THREAD_PREV_MATCH, "Previous match"), (ids.THREAD_NEXT_MATCH, "Next match"))),
                html.Button(
                    "Jump to where it turns",
                    id=ids.THREAD_TURN,
                    className="thread-button thread-turn",
                    n_clicks=0,
                    title="The next reply where the tone drops or disagreement rises",
                ),
                html.Span(id=ids.THREAD_FIND_NOTE, className="thread-find-note"),
            ],
        ),
        html.Div(
            className="cards",
            children=[
                components.card(
                    "Reply tree",
                    "All published comments of the article, as written, a page at a time",
                    html.Div(
                        [
                            html.Div(components.stance_legend(), id=ids.THREAD_LEGEND, className="stance-legend"),
                            html.P(id=ids.THREAD_NOTE, className="thread-note"),
                            html.Div(
                                className="thread-pager",
                                children=[
                                    *_buttons(_PAGER),
                                    html.Span(id=ids.THREAD_PAGE_NOTE, className="thread-page-note"),
                                    *_buttons(_PAGER_AFTER),
                                ],
                            ),
                            html.Div(id=ids.THREAD_TREE, className="thread-tree"),
                        ]
                    ),
                    ids.THREAD_COMMENTS,
                    wide=True,
                    streamed=True,
                ),
                components.chart_card(
                    ids.THREAD_DEPTH,
                    "Tone by reply depth",
                    "Mean polarity of this article's comments at each depth",
                    wide=True,
                ),
            ],
        ),
    )


def register_callbacks(app, reader, settings=None):
    """Article picker, the page's choices, the reply tree, depth chart and the thread's CSV."""

    def outline(state):
        return reader.query(threads.thread_outline, state["article"])

    def shown(state):
        return threads.visible(outline(state), state["collapsed"])

    def go_to(state, target):
        """`state` with `target` in focus: its branch opened, its page shown."""
        if target is None:
            raise PreventUpdate
        lines = outline(state)
        collapsed = threads.opened_to(lines, state["collapsed"], target)
        page = threads.page_of(threads.visible(lines, collapsed), target) or state["page"]
        return {**state, "collapsed": list(collapsed), "page": page, "focus": target}

    def matches(state):
        found = reader.query(threads.thread_matches, state["article"], state["q"])
        return threads.in_order(outline(state), found["comment_id"])

    def turns(state):
        lines = outline(state)
        return lines.loc[lines["turn"] != "", "comment_id"].tolist()

    @app.callback(
        Output(ids.THREAD_ARTICLE, "options"),
        Output(ids.THREAD_ARTICLE, "value"),
        Input(ids.THREAD_FILTERS, "data"),
        Input(ids.THREAD_ARTICLE, "search_value"),
        _ARTICLE,
        _STATE,
    )
    def _pick(filters_data, search, current, state):
        components.require_filters(filters_data)
        requested = (state or {}).get("article")
        chosen = list(filters.filters_of(filters_data).articles)
        options = components.article_options(reader, search, [current, requested, *chosen])
        if requested and not current and requested not in {option["value"] for option in options}:
            # An article the store does not hold: the tree says so; never another thread.
            return options, no_update
        article = views.choose_article(current or requested, chosen, options)
        # Typing in the picker only changes its options: the thread shown stays as it is.
        return options, no_update if article == current else article

    @app.callback(
        _NEW_STATE,
        Output(ids.THREAD_SEARCH, "value"),
        Input(ids.THREAD_ARTICLE, "value"),
        _STATE,
        prevent_initial_call=True,
    )
    def _choose(article, state):
        if not article or article == _read(state)["article"]:
            raise PreventUpdate
        # Another article starts afresh: its first page, nothing collapsed, no search.
        return threads.page_state(article=article), ""

    def pager(button, move):
        @app.callback(_NEW_STATE, Input(button, "n_clicks"), _STATE, prevent_initial_call=True)
        def _turn_page(n_clicks, state):
            state = _read(state)
            if not n_clicks or not state["article"]:
                raise PreventUpdate
            pages = threads.page_count(shown(state))
            return {**state, "page": min(max(1, move(min(state["page"], pages), pages)), pages)}

    pager(ids.THREAD_FIRST, lambda page, pages: 1)
    pager(ids.THREAD_PREV, lambda page, pages: page - 1)
    pager(ids.THREAD_NEXT, lambda page, pages: page + 1)
    pager(ids.THREAD_LAST, lambda page, pages: pages)

    @app.callback(
        _NEW_STATE, Input({"type": ids.THREAD_TOGGLE, "comment": ALL}, "n_clicks"), _STATE, prevent_initial_call=True
    )
    def _toggle(clicks, state):
        clicked = ctx.triggered_id
        # New toggles arrive with every page: only a click counts.
        if not isinstance(clicked, dict) or not any(t.get("value") for t in ctx.triggered):
            raise PreventUpdate
        state = _read(state)
        comment = clicked["comment"]
        closed = state["collapsed"]
        closed = [c for c in closed if c != comment] if comment in closed else [*closed, comment]
        state = {**state, "collapsed": closed, "focus": comment}
        return {**state, "page": threads.page_of(shown(state), comment) or state["page"]}

    # A link to one comment (`?article=…&comment=…`, the Comments table's): the thread opens at it,
    # its branch opened and its page shown, the card in focus. The tree waits for this.
    @app.callback(_NEW_STATE, Input(ids.THREAD_STATE, "data"), prevent_initial_call="initial_duplicate")
    def _open_at(state):
        state = _read(state)
        if not state["comment"]:
            raise PreventUpdate
        opened = {**state, "comment": None}
        if not state["article"] or not reader.query(threads.article_exists, state["article"], default=False):
            return opened
        return go_to(opened, state["comment"])

    @app.callback(_NEW_STATE, Input(ids.THREAD_SEARCH, "value"), _STATE, prevent_initial_call=True)
    def _search(words, state):
        state, q = _read(state), threads.page_state(q=words)["q"]
        if q == state["q"] or not state["article"]:
            raise PreventUpdate
        state = {**state, "q": q, "focus": None}
        found = matches(state)
        return go_to(state, found[0]) if found else state

    def stepper(button, ordered, backwards=False):
        @app.callback(_NEW_STATE, Input(button, "n_clicks"), _STATE, prevent_initial_call=True)
        def _step(n_clicks, state):
            state = _read(state)
            if not n_clicks or not state["article"]:
                raise PreventUpdate
            return go_to(state, threads.next_after(ordered(state), outline(state), state["focus"], backwards))

    stepper(ids.THREAD_NEXT_MATCH, matches)
    stepper(ids.THREAD_PREV_MATCH, matches, backwards=True)
    stepper(ids.THREAD_TURN, turns)

    # The tree does not wait for the page's copy of the filters (they do not apply here): it draws
    # as soon as the header knows the store version, and again for a new one (a refresh).
    @app.callback(
        Output(ids.THREAD_NOTE, "children"),
        Output(ids.THREAD_TREE, "children"),
        Output(ids.THREAD_PAGE_NOTE, "children"),
        Output(ids.THREAD_FIND_NOTE, "children"),
        Output(ids.THREAD_LOCATION, "data"),
        Output(ids.THREAD_FIRST, "disabled"),
        Output(ids.THREAD_PREV, "disabled"),
        Output(ids.THREAD_NEXT, "disabled"),
        Output(ids.THREAD_LAST, "disabled"),
        Input(ids.THREAD_STATE, "data"),
        Input(ids.DATA_VERSION, "data"),
    )
    def _tree(state, version):
        state = _read(state)
        if state["comment"]:  # _open_at finds its page first
            raise PreventUpdate
        if not state["article"]:
            return "Choose an article to see its discussion.", [], "", "", "", True, True, True, True
        if not reader.query(threads.article_exists, state["article"], default=False):
            note = cards.unknown_article_note(state["article"])
            return note, [], "", "", threads.page_search(state), True, True, True, True
        lines = outline(state)
        visible = threads.visible(lines, state["collapsed"])
        pages = threads.page_count(visible)
        state = {**state, "page": min(state["page"], pages)}
        rows = threads.page_rows(visible, state["page"])
        found = matches(state) if state["q"] else []
        page_cards = reader.query(threads.thread_cards, state["article"], tuple(rows["comment_id"]))
        given = labelling.given(reader.store_dir, page_cards["comment_id"]) if len(page_cards) else {}
        tree = cards.thread_page(page_cards, rows, given, state["collapsed"], state["focus"], found)
        first, last = state["page"] == 1, state["page"] == pages
        return (
            cards.outline_note(lines),
            tree,
            cards.page_note(state["page"], pages, rows, visible, lines),
            cards.find_note(state, found, turns(state)),
            threads.page_search(state),  # the page as shown: one past the last is the last
            first,
            first,
            last,
            last,
        )

    # The URL follows the page's choices; the comment a jump or search moved to scrolls into view.
    app.clientside_callback(
        ClientsideFunction("thread", "follow"),
        Output(ids.THREAD_SCROLLED, "data"),
        Input(ids.THREAD_TREE, "children"),
        State(ids.THREAD_LOCATION, "data"),
        _STATE,
        State(ids.THREAD_SCROLLED, "data"),
    )

    def depths(article_id):
        return reader.query(queries.polarity_by_depth, threads.thread_filters(article_id))

    # Drawn after the tree (Plotly keeps the browser busy for a while): the comments come first.
    @app.callback(
        Output(ids.THREAD_DEPTH.graph, "figure"),
        Input(ids.THREAD_NOTE, "children"),
        Input(ids.THREAD_ARTICLE, "value"),
        Input(ids.THREAD_FILTERS, "data"),
        _STATE,
    )
    def _depth(note, picked, filters_data, state):
        components.require_filters(filters_data)
        return figures.depth_polarity_bar(depths((state or {}).get("article")))

    components.register_download(app, ids.THREAD_DEPTH, "thread-depth", depths, [_ARTICLE])

    # Thousands of comments do not belong in a callback response: a streamed download.
    components.register_excel_link(app, ids.THREAD_COMMENTS)

    @app.callback(Output(ids.THREAD_COMMENTS.csv, "href"), Input(ids.THREAD_ARTICLE, "value"))
    def _csv_link(article_id):
        return export.link(export.THREAD_CSV, export.thread_query(article_id))
