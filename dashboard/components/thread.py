"""The reply tree of one article: nested comment cards, each reply edged in its stance's colour;
on the thread page one page of it, each card with replies carrying the button that collapses or
expands them (with how many there are), turns and search matches marked, the comment in focus
highlighted.

Comment text only ever goes into children of plain html elements, which React renders as text:
a `<script>` in a comment stays visible, inert text.
"""

import pandas as pd
from dash import html

from dashboard import ids, queries
from dashboard.components.labels import label_bar
from dashboard.views import edge_class, engine_titles, evidence_text, target_lines, text_of


def thread_view(comments, max_cards, total=None, given=None):
    """(note, tree children) for one article's comments (the first of `total`, when given), at
    most `max_cards` cards; with `given` (dashboard.labelling.given), each with its label bar."""
    total = len(comments) if total is None else total
    if comments.empty or not total:
        return "No published comments for this article.", []
    note = f"{total:,} comments."
    if total > max_cards:
        note = f"Showing the first {max_cards:,} of {total:,} comments; the CSV has all."
    return note, thread_tree(comments.head(max_cards), given)


def sentiment_badge(sentiment, title=""):
    """A coloured label for negative / neutral / positive; `title` (shown on hover) names its engine."""
    known = sentiment if sentiment in queries.SENTIMENTS else "unknown"
    return html.Span(sentiment or "unscored", className=f"badge badge-{known}", title=title or None)


def _format_time(value):
    if value is None or pd.isna(value):
        return "time unknown"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC")


def stance_legend():
    """What the coloured edges of the reply tree mean."""
    items = [
        html.Span([html.Span(className=f"legend-swatch edge-{stance}"), label], className="legend-item")
        for stance, label in (("agree", "agrees"), ("disagree", "disagrees"), ("neutral", "neutral"))
    ]
    return [
        html.Span("Edge colour = how the reply answers the comment above it:", className="legend-title"),
        *items,
        html.Span("The line under each reply says which words decided.", className="legend-hint"),
    ]


def comment_card(comment, given=None, place=None):
    """One comment as plain text: author, time, sentiment, polarity, stance, depth, text; a
    reply's card is edged in its stance's colour, with the stance's evidence under the badges.
    With `given` (dashboard.labelling.given), the editor's label buttons under the text. With
    `place` (a CardPlace: the thread page), its turn and match marks, focus and reply toggle."""
    polarity = comment.get("polarity")
    stance = text_of(comment.get("stance"))
    label_by, polarity_by = engine_titles(comment.get("sentiment_engine"))
    meta = [
        html.Span(text_of(comment.get("author")) or "anonymous", className="comment-author"),
        html.Span(_format_time(comment.get("created_at")), className="comment-time"),
        sentiment_badge(text_of(comment.get("sentiment")), label_by),
        html.Span(
            "polarity n/a" if polarity is None or pd.isna(polarity) else f"polarity {polarity:+.2f}",
            className="comment-polarity",
            title=polarity_by or None,
        ),
    ]
    if stance:
        meta.append(
            html.Span(
                f"{stance} with parent" if stance == "agree" else f"{stance} toward parent",
                className=f"badge stance-{stance}",
            )
        )
    meta.append(html.Span(f"depth {comment.get('depth')}", className="comment-depth"))
    classes = ["comment-card", edge_class(comment)]
    if place is not None:
        meta.extend(place.badges())
        classes.extend(place.classes())
    evidence, targets = evidence_text(comment), target_lines(comment)
    return html.Article(
        className=" ".join(c for c in classes if c),
        children=[
            html.Div(meta, className="comment-meta"),
            html.Div(evidence, className="stance-evidence") if evidence else None,
            html.Div([html.Div(line) for line in targets], className="target-stances") if targets else None,
            html.P(text_of(comment.get("text")), className="comment-text"),
            None if given is None else label_bar(comment["comment_id"], bool(text_of(comment.get("parent_id"))), given),
            None if place is None else place.toggle(),
        ],
        # Where the page scrolls to: a data attribute, not a component id (no callback reads it).
        **({} if place is None else {"data-comment": comment["comment_id"]}),
    )


def thread_tree(comments, given=None, places=None):
    """Nested cards of one article's comments: each reply sits inside its parent's block.

    A reply whose parent is not shown (deleted, filtered) is placed at the top, marked; with
    `places` (comment_id -> CardPlace, the thread page), a reply whose parent is on an earlier
    page says so, and each card gets its marks and reply toggle.
    """
    places = places or {}
    records = comments.to_dict("records")
    shown = {r["comment_id"] for r in records}
    children, roots = {}, []
    for record in records:
        parent = text_of(record.get("parent_id"))
        if parent in shown:
            children.setdefault(parent, []).append(record)
        else:
            roots.append(record)

    def node(record):
        place = places.get(record["comment_id"])
        replies = [node(child) for child in children.get(record["comment_id"], [])]
        return html.Div(
            className="thread-node",
            children=[
                *_above_note(record, shown, place),
                comment_card(record, given, place),
                html.Div(replies, className="thread-replies") if replies else None,
            ],
        )

    return [node(record) for record in roots]


def _above_note(record, shown, place):
    parent = text_of(record.get("parent_id"))
    if parent == "" or parent in shown:
        return []
    if place is not None and not place.orphan:
        return [html.Div("↳ continues from the previous page: a reply to a comment there", className="orphan-note")]
    return [html.Div("↳ reply to a comment not shown", className="orphan-note")]


def _replies_text(n):
    return "1 reply" if n == 1 else f"{n:,} replies"


class CardPlace:
    """Where a card sits on the thread page: its outline row (dashboard.queries.thread), whether
    its replies are collapsed, whether it is the comment in focus or a search match."""

    def __init__(self, row, collapsed=False, focused=False, match=False):
        self.comment_id = row["comment_id"]
        self.n_replies = int(row["n_replies"])
        self.n_below = int(row["n_below"])
        self.orphan = bool(row["orphan"])
        self.turn = text_of(row["turn"])
        self.collapsed = collapsed
        self.focused = focused
        self.match = match

    def classes(self):
        """CSS classes of the card: focused, match, turn."""
        return [name for name, on in (("focused", self.focused), ("match", self.match), ("turn", self.turn)) if on]

    def badges(self):
        """Badges for the meta line: where the tone turns, a search match."""
        marks = (
            [html.Span(self.turn, className="badge turn-badge", title="Where the thread turns")] if self.turn else []
        )
        if self.match:
            marks.append(html.Span("matches the search", className="badge match-badge"))
        return marks

    def toggle(self):
        """The button hiding or showing the replies under the card, with how many there are."""
        if not self.n_below:
            return None
        replies = _replies_text(self.n_below)
        direct = "" if self.n_below == self.n_replies else f" ({self.n_replies:,} direct)"
        return html.Button(
            f"▸ Show {replies}{direct}" if self.collapsed else f"▾ Hide {replies}{direct}",
            id={"type": ids.THREAD_TOGGLE, "comment": self.comment_id},
            className="thread-toggle collapsed" if self.collapsed else "thread-toggle",
            title="Collapse or expand the replies under this comment",
        )


def thread_page(cards, rows, given, collapsed=(), focus=None, matches=()):
    """One page of the thread page: `cards` (dashboard.queries.thread.thread_cards) of the
    outline `rows` on the page, nested, each with its CardPlace and label bar (`given`)."""
    closed, found = set(collapsed), set(matches)
    places = {
        row["comment_id"]: CardPlace(
            row, row["comment_id"] in closed, row["comment_id"] == focus, row["comment_id"] in found
        )
        for row in rows.to_dict("records")
    }
    return thread_tree(cards, given, places)


def unknown_article_note(article_id):
    """What the page says for an article the store does not hold (an old or mistyped link)."""
    return (
        f"No article with the id “{article_id}” in this store: the link may be old or mistyped. "
        "Choose an article above."
    )


def outline_note(outline):
    """How large the thread is: comments, branches, the deepest reply."""
    if outline.empty:
        return "No published comments for this article."
    n = len(outline)
    branches = int((outline["parent_id"] == "").sum())
    deepest = int(outline["depth"].max()) if outline["depth"].notna().any() else 0
    return (
        f"{n:,} comment{'s' if n != 1 else ''} in {branches:,} branch{'es' if branches != 1 else ''}, "
        f"replies up to depth {deepest:,}."
    )


def page_note(page, pages, rows, shown, outline):
    """Which page this is, which comments it holds, and how many collapsed replies hide."""
    if rows.empty:
        return ""
    start = shown.index.get_indexer([rows.index[0]])[0] + 1
    note = f"Page {page:,} of {pages:,}: comments {start:,}–{start + len(rows) - 1:,} of {len(shown):,} shown"
    hidden = len(outline) - len(shown)
    return note + (f", {hidden:,} in collapsed replies." if hidden else ".")


def find_note(state, matches, turns):
    """Where search and jumps stand: how many comments match, which match or turn is in focus."""
    focus, parts = state["focus"], []
    if state["q"]:
        if not matches:
            parts.append(f"No comment matches “{state['q']}”.")
        elif focus in matches:
            parts.append(f"Match {matches.index(focus) + 1:,} of {len(matches):,} for “{state['q']}”.")
        else:
            parts.append(
                f"{len(matches):,} {'comments match' if len(matches) != 1 else 'comment matches'} “{state['q']}”."
            )
    if focus in turns:
        parts.append(f"Turn {turns.index(focus) + 1:,} of {len(turns):,}.")
    elif not turns:
        parts.append("No reply here turns the tone down or starts a disagreement.")
    else:
        parts.append(f"{len(turns):,} place{'s' if len(turns) != 1 else ''} where it turns.")
    return " ".join(parts)
