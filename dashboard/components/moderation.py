"""The Moderation page's pieces: a flagged comment (its reasons, article, author, time and text, a
link to its thread and the confirm/dismiss buttons), the queue, the feedback inbox by article,
and the Overview's list of alerts. Comment text goes into plain elements only: shown as text."""

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard.components.labels import decision_bar
from dashboard.url_state import original_url
from dashboard.views import text_of

NO_SIGNALS = "Run `diskurs refresh` to compute moderation signals: this store was written before they existed."


def _time(value):
    return "time unknown" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC")


def thread_href(article_id):
    """The Thread page of one article."""
    return f"/thread?{urlencode({'article': article_id})}"


def original_link(url):
    """A link to the article itself, in a new tab, when its URL is http or https; else nothing
    (url_state.original_url: any other scheme is never a link)."""
    href = original_url(url)
    if href is None:
        return None
    return html.A("original ↗", href=href, target="_blank", rel="noopener noreferrer", className="flag-original")


def flagged_item(record, task, given, show_article=True):
    """One flagged comment as a card: score and reasons, article (a link to its thread), author,
    time, the text, and the confirm/dismiss buttons of `task` (`given`: dashboard.labelling.given)."""
    score = record.get("score")
    article = text_of(record.get("title")) or text_of(record.get("article_id"))
    meta = [
        html.Span("score n/a" if score is None or pd.isna(score) else f"score {score:.2f}", className="flag-score"),
        html.Span(text_of(record.get("author")) or "anonymous", className="comment-author"),
        html.Span(_time(record.get("created_at")), className="comment-time"),
    ]
    if text_of(record.get("parent_id")):
        meta.append(html.Span(f"reply, depth {record.get('depth')}", className="comment-depth"))
    return html.Article(
        className="comment-card flagged-card",
        children=[
            html.Div(
                [
                    html.Span(article, className="flag-article") if show_article else None,
                    dcc.Link("Open thread →", href=thread_href(record["article_id"]), className="flag-thread"),
                    original_link(record.get("url")),
                ],
                className="flag-head",
            ),
            html.Div(meta, className="comment-meta"),
            html.P(f"Why: {text_of(record.get('reasons')) or 'no reason recorded'}", className="flag-reasons"),
            html.P(text_of(record.get("text")), className="comment-text"),
            decision_bar(record["comment_id"], task, given),
        ],
    )


def queue_view(flagged, total, given, task="moderation"):
    """(note, cards) of the first flagged comments of `total` above the threshold."""
    if flagged.attrs.get("signals") == "missing":
        return NO_SIGNALS, []
    if flagged.empty:
        return "No comment is above this threshold under these filters.", []
    shown = f"; showing the first {len(flagged):,}" if total > len(flagged) else ""
    note = f"{total:,} comment{'s' if total != 1 else ''} above the threshold{shown}."
    return note, [flagged_item(record, task, given) for record in flagged.to_dict("records")]


def inbox_view(flagged, total, given):
    """(note, blocks): the flagged feedback by article, the article with most first: its title,
    how many comments, a link to its thread, then the comments."""
    if flagged.attrs.get("signals") == "missing":
        return NO_SIGNALS, []
    if flagged.empty:
        return "No feedback above this threshold under these filters.", []
    blocks = []
    for article_id, comments in flagged.groupby("article_id", sort=False):
        first = comments.iloc[0]
        title = text_of(first["title"]) or article_id
        n = int(first["n_article"])
        blocks.append(
            html.Section(
                className="inbox-article",
                children=[
                    html.H4([f"{title} ", html.Span(f"{n:,} comment{'s' if n != 1 else ''}", className="inbox-count")]),
                    *[flagged_item(record, "feedback", given, False) for record in comments.to_dict("records")],
                ],
            )
        )
    shown = f"; showing the first {len(flagged):,}" if total > len(flagged) else ""
    return f"{total:,} comment{'s' if total != 1 else ''} of feedback for the newsroom{shown}.", blocks


def alert_list(alerts, lines):
    """The Overview's alerts: one item an alert, its article linking to its thread, and its line
    (etl.alerts.describe)."""
    if alerts.empty:
        return html.P("No article stands out.", className="match-count")
    return html.Ul(
        className="alert-list",
        children=[
            html.Li(
                [
                    dcc.Link(text_of(row["title"]) or row["article_id"], href=thread_href(row["article_id"])),
                    html.Span(f" — {line}", className="alert-numbers"),
                ]
            )
            for row, line in zip(alerts.to_dict("records"), lines, strict=True)
        ],
    )
