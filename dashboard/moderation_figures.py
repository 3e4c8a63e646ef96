"""The Moderation page's charts: tidy frame (dashboard.queries.moderation) -> plotly figure.
Pure; titles go through chart_text (figures.short_labels). Apart from figures.py, which is long."""

import plotly.graph_objects as go

from dashboard.figures import NO_MATCH, article_share_bars, empty_figure, period_keys, point_sizes

NO_SIGNALS = "No moderation signals yet — run `diskurs refresh`"
FLAG_COLOR = "#c8553d"
_FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13, color="#2b2f33")


def _empty(frame):
    """The empty state of a moderation frame, or None when it has rows to draw."""
    if frame is None or len(frame.columns) == 0:
        return empty_figure()
    if frame.attrs.get("signals") == "missing":
        return empty_figure(NO_SIGNALS)
    if frame.empty:
        return empty_figure(NO_MATCH)
    return None


def _style(height):
    """This page's layout of a chart `height` pixels high (given whole: figures._figure)."""
    return dict(
        font=_FONT, height=height, margin=dict(l=10, r=10, t=10, b=10), hoverlabel=dict(font_size=12), showlegend=False
    )


def flagged_share_by_article(articles):
    """Horizontal bars: the share of each article's comments needing moderation, the article with
    most such comments on top; "k of n" beside each bar."""
    if (empty := _empty(articles)) is not None:
        return empty
    return article_share_bars(
        articles,
        "share_flagged",
        "n_flagged",
        FLAG_COLOR,
        "need moderation",
        "Share needing moderation",
        **_style(max(260, 36 * len(articles) + 80)),
    )


def flagged_share_by_period(periods):
    """The share of comments needing moderation per day or week (the frame's first column), each
    point sized by how many comments the period had (also in the hover)."""
    if (empty := _empty(periods)) is not None:
        return empty
    period = periods.columns[0]
    return go.Figure(
        go.Scatter(
            x=periods[period],
            y=periods["share_flagged"],
            mode="lines+markers",
            line=dict(color=FLAG_COLOR, width=1.5),
            marker=dict(size=point_sizes(periods["n_comments"])),
            # The last column: the period's days, a click opens its comments.
            customdata=periods[["n_flagged", "n_comments"]].assign(_key=period_keys(periods)),
            hovertemplate="%{x}: %{y:.0%} (%{customdata[0]:,} of %{customdata[1]:,})<extra></extra>",
        ),
        layout=dict(
            _style(320), yaxis=dict(tickformat=".2~%", title=dict(text="Share needing moderation"), rangemode="tozero")
        ),
    )
