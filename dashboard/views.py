"""Frames -> display values for what is not a chart: key figures, grid rows, picker options,
the reply tree. Pure functions, no store and no Dash app.

Comment text only ever goes into children of plain html elements (and default AG Grid text
cells), which React renders as text: a `<script>` in a comment stays visible, inert text.
"""

import pandas as pd
from dash import html

from dashboard import queries


def _text(value):
    """A cell as a string, "" for any kind of missing value."""
    return "" if value is None or pd.isna(value) else str(value)


def _percent(value):
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def _signed(value):
    return "—" if value is None or pd.isna(value) else f"{value:+.2f}"


def kpi_texts(kpis):
    """The overview's five key figures from queries.kpis as strings ('—' when undefined)."""
    if kpis.empty:
        return ("—",) * 5
    row = kpis.iloc[0]
    if not row["n_comments"]:
        return ("0", "0", "—", "—", "—")
    return (f"{int(row['n_articles']):,}", f"{int(row['n_comments']):,}",
            _percent(row["share_replies"]), _signed(row["mean_polarity"]),
            _percent(row["share_negative"]))


def count_text(total):
    """'N comments match'."""
    return f"{total:,} comment{'s' if total != 1 else ''} match"


def article_choices(articles):
    """Dropdown options for articles: label = title (with comment count), value = article_id."""
    if articles.empty:
        return []
    return [{"label": f"{title} ({n})", "value": article_id} for article_id, title, n in
            articles[["article_id", "title", "n_comments"]].itertuples(index=False, name=None)]


def grid_records(frame, fields, time_format="%Y-%m-%d %H:%M"):
    """Rows for an AG Grid: the given fields, times as text, floats rounded, missing as None."""
    if frame.empty:
        return []
    changes = {}
    for field in fields:
        column = frame[field]
        if pd.api.types.is_datetime64_any_dtype(column):
            changes[field] = column.dt.strftime(time_format)
        elif pd.api.types.is_float_dtype(column):
            changes[field] = column.round(3)
    rows = frame.assign(**changes)[list(fields)]
    return rows.astype(object).where(rows.notna(), None).to_dict("records")


def block_bounds(request, block_size):
    """(limit, offset) of the block an infinite AG Grid asks for in getRowsRequest."""
    start = int((request or {}).get("startRow") or 0)
    end = int((request or {}).get("endRow") or start + block_size)
    return max(end - start, 0), start


def sorted_block(frame, request, sortable, block_size):
    """The rows of `frame` an infinite AG Grid asks for in getRowsRequest, sorted as its
    sortModel says (only on columns in `sortable`; else in the frame's own order)."""
    limit, offset = block_bounds(request, block_size)
    model = [item for item in (request or {}).get("sortModel") or []
             if item.get("colId") in sortable]
    if model and not frame.empty:
        frame = frame.sort_values([item["colId"] for item in model],
                                  ascending=[item.get("sort") != "desc" for item in model],
                                  kind="stable", na_position="last")
    return frame.iloc[offset:offset + limit]


def choose_article(current, global_articles, options):
    """The thread page's article: one of the globally filtered articles if any are chosen,
    else the current choice if it exists, else the first option (the most commented)."""
    known = [option["value"] for option in options]
    if global_articles:
        return current if current in global_articles else global_articles[0]
    if current in known:
        return current
    return known[0] if known else None


def thread_view(comments, max_cards, total=None):
    """(note, tree children) for one article's comments (the first of `total`, when given), at
    most `max_cards` cards."""
    total = len(comments) if total is None else total
    if comments.empty or not total:
        return "No published comments for this article.", []
    note = f"{total:,} comments."
    if total > max_cards:
        note = f"Showing the first {max_cards:,} of {total:,} comments; the CSV has all."
    return note, thread_tree(comments.head(max_cards))


def sentiment_badge(sentiment):
    """A coloured label for negative / neutral / positive."""
    known = sentiment if sentiment in queries.SENTIMENTS else "unknown"
    return html.Span(sentiment or "unscored", className=f"badge badge-{known}")


def _format_time(value):
    if value is None or pd.isna(value):
        return "time unknown"
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC")


def edge_class(comment):
    """CSS class colouring the edge from a reply to its parent by its stance; "" at top level."""
    stance = _text(comment.get("stance"))
    return f"edge-{stance}" if stance in queries.STANCES else ""


def evidence_text(comment):
    """Why the reply's stance was decided, from stance_evidence without the repeated label."""
    evidence = _text(comment.get("stance_evidence")).strip()
    stance = _text(comment.get("stance"))
    if stance and evidence.startswith(f"{stance}:"):
        evidence = evidence[len(stance) + 1:].strip()
    return f"Why {stance}: {evidence}" if evidence else ""


def stance_legend():
    """What the coloured edges of the reply tree mean."""
    items = [html.Span([html.Span(className=f"legend-swatch edge-{stance}"), label],
                       className="legend-item")
             for stance, label in (("agree", "agrees"), ("disagree", "disagrees"),
                                   ("neutral", "neutral"))]
    return [html.Span("Edge colour = how the reply answers the comment above it:",
                      className="legend-title"), *items,
            html.Span("The line under each reply says which words decided.",
                      className="legend-hint")]


def comment_card(comment):
    """One comment as plain text: author, time, sentiment, polarity, stance, depth, text; a
    reply's card is edged in its stance's colour, with the stance's evidence under the badges."""
    polarity = comment.get("polarity")
    stance = _text(comment.get("stance"))
    meta = [
        html.Span(_text(comment.get("author")) or "anonymous", className="comment-author"),
        html.Span(_format_time(comment.get("created_at")), className="comment-time"),
        sentiment_badge(_text(comment.get("sentiment"))),
        html.Span("polarity n/a" if polarity is None or pd.isna(polarity) else f"polarity {polarity:+.2f}",
                  className="comment-polarity"),
    ]
    if stance:
        meta.append(html.Span(f"{stance} with parent" if stance == "agree" else
                              f"{stance} toward parent", className=f"badge stance-{stance}"))
    meta.append(html.Span(f"depth {comment.get('depth')}", className="comment-depth"))
    evidence = evidence_text(comment)
    return html.Article(className=f"comment-card {edge_class(comment)}".strip(), children=[
        html.Div(meta, className="comment-meta"),
        html.Div(evidence, className="stance-evidence") if evidence else None,
        html.P(_text(comment.get("text")), className="comment-text"),
    ])


def thread_tree(comments):
    """Nested cards of one article's comments: each reply sits inside its parent's block.

    A reply whose parent is not shown (deleted, filtered) is placed at the top, marked.
    """
    records = comments.to_dict("records")
    shown = {r["comment_id"] for r in records}
    children, roots = {}, []
    for record in records:
        parent = _text(record.get("parent_id"))
        if parent in shown:
            children.setdefault(parent, []).append(record)
        else:
            roots.append(record)

    def node(record):
        parent = _text(record.get("parent_id"))
        orphan = parent != "" and parent not in shown
        note = [html.Div("↳ reply to a comment not shown", className="orphan-note")] if orphan else []
        replies = [node(child) for child in children.get(record["comment_id"], [])]
        return html.Div(className="thread-node", children=[
            *note, comment_card(record),
            html.Div(replies, className="thread-replies") if replies else None,
        ])

    return [node(record) for record in roots]


def engine_text(counts):
    """Which sentiment engine scored the published comments, from queries.engine_counts."""
    if counts.empty:
        return "No data yet — run `python -m etl run`."
    total = int(counts["n_comments"].sum())
    if len(counts) == 1:
        engine, n = counts.iloc[0]["sentiment_engine"], int(counts.iloc[0]["n_comments"])
        every = "the" if n == 1 else f"all {n:,}"
        return f"The sentiment of {every} published comment{'s' if n != 1 else ''} was scored by {engine}."
    parts = ", ".join(f"{engine} {int(n):,}" for engine, n in
                      counts[["sentiment_engine", "n_comments"]].itertuples(index=False, name=None))
    return (f"The sentiment of the {total:,} published comments was scored by more than one "
            f"engine ({parts}): a comment keeps the score of the run that first scored it.")


def quality_records(results):
    """Rows for the evaluation grid: accuracy and ± range as percentages, macro-F1 to 2 places."""
    if results.empty:
        return []
    shown = results.assign(
        accuracy=[_percent(v) for v in results["accuracy"]],
        macro_f1=["—" if pd.isna(v) else f"{v:.2f}" for v in results["macro_f1"]],
        margin=["—" if pd.isna(v) else f"±{v:.0%}" for v in results["margin"]],
        n=[None if pd.isna(v) else int(v) for v in results["n"]])
    return shown.astype(object).where(shown.notna(), None).to_dict("records")
