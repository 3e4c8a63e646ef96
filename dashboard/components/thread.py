"""The reply tree of one article: nested comment cards, each reply edged in its stance's colour.

Comment text only ever goes into children of plain html elements, which React renders as text:
a `<script>` in a comment stays visible, inert text.
"""

import pandas as pd
from dash import html

from dashboard import queries
from dashboard.components.labels import label_bar
from dashboard.views import edge_class, evidence_text, text_of


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


def sentiment_badge(sentiment):
    """A coloured label for negative / neutral / positive."""
    known = sentiment if sentiment in queries.SENTIMENTS else "unknown"
    return html.Span(sentiment or "unscored", className=f"badge badge-{known}")


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


def comment_card(comment, given=None):
    """One comment as plain text: author, time, sentiment, polarity, stance, depth, text; a
    reply's card is edged in its stance's colour, with the stance's evidence under the badges.
    With `given` (dashboard.labelling.given), the editor's label buttons under the text."""
    polarity = comment.get("polarity")
    stance = text_of(comment.get("stance"))
    meta = [
        html.Span(text_of(comment.get("author")) or "anonymous", className="comment-author"),
        html.Span(_format_time(comment.get("created_at")), className="comment-time"),
        sentiment_badge(text_of(comment.get("sentiment"))),
        html.Span(
            "polarity n/a" if polarity is None or pd.isna(polarity) else f"polarity {polarity:+.2f}",
            className="comment-polarity",
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
    evidence = evidence_text(comment)
    return html.Article(
        className=f"comment-card {edge_class(comment)}".strip(),
        children=[
            html.Div(meta, className="comment-meta"),
            html.Div(evidence, className="stance-evidence") if evidence else None,
            html.P(text_of(comment.get("text")), className="comment-text"),
            None if given is None else label_bar(comment["comment_id"], bool(text_of(comment.get("parent_id"))), given),
        ],
    )


def thread_tree(comments, given=None):
    """Nested cards of one article's comments: each reply sits inside its parent's block.

    A reply whose parent is not shown (deleted, filtered) is placed at the top, marked.
    """
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
        parent = text_of(record.get("parent_id"))
        orphan = parent != "" and parent not in shown
        note = [html.Div("↳ reply to a comment not shown", className="orphan-note")] if orphan else []
        replies = [node(child) for child in children.get(record["comment_id"], [])]
        return html.Div(
            className="thread-node",
            children=[
                *note,
                comment_card(record, given),
                html.Div(replies, className="thread-replies") if replies else None,
            ],
        )

    return [node(record) for record in roots]
