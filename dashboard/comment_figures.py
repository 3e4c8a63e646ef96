"""The Comments page's charts: tidy frame (dashboard.queries.comments) -> plotly figure. Pure;
article titles go through chart_text (figures.short_labels). Apart from figures.py, which is long."""

import plotly.graph_objects as go

from dashboard.figures import NO_MATCH, SENTIMENT_COLORS, article_share_bars, empty_figure

NO_VOTES = "No matching comment has votes"
NO_REMOVED = "No matching article had comments removed"
UP_COLOR, DOWN_COLOR = SENTIMENT_COLORS["positive"], SENTIMENT_COLORS["negative"]
REMOVED_COLOR = "#6b7177"
_FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13, color="#2b2f33")


def _style(height, legend=False):
    """This page's layout of a chart `height` pixels high (given whole: figures._figure)."""
    return dict(
        font=_FONT,
        height=height,
        margin=dict(l=10, r=10, t=10, b=10),
        hoverlabel=dict(font_size=12),
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
    )


def votes_by_sentiment(votes):
    """Grouped bars per sentiment label: the mean up and the mean down votes a comment got, with
    how many comments and the share of down votes in the hover."""
    if votes is None or votes.empty or "n_comments" not in votes:
        return empty_figure(NO_MATCH)
    if int(votes["n_comments"].sum()) == 0:
        return empty_figure(NO_VOTES)
    hover = [
        f"{int(n):,} comments with votes; {share:.0%} of their votes down" if n else "no comments with votes"
        for n, share in zip(votes["n_comments"], votes["share_negative_votes"].fillna(0), strict=True)
    ]
    return go.Figure(
        [
            go.Bar(
                x=list(votes["sentiment"]),
                y=votes[column].fillna(0),
                name=name,
                marker_color=color,
                customdata=hover,
                hovertemplate=f"%{{x}}: %{{y:.1f}} {name.lower()} per comment<br>%{{customdata}}<extra></extra>",
            )
            for column, name, color in (
                ("mean_positive_votes", "Up votes", UP_COLOR),
                ("mean_negative_votes", "Down votes", DOWN_COLOR),
            )
        ],
        layout=dict(
            _style(340, legend=True),
            barmode="group",
            xaxis=dict(title=dict(text="Sentiment of the comment")),
            yaxis=dict(title=dict(text="Mean votes per comment"), rangemode="tozero"),
        ),
    )


def removed_by_article(articles):
    """Horizontal bars: the share of each article's comments that were removed, the article with
    most removed on top; "k of n" beside each bar."""
    if articles is None or len(articles.columns) == 0:
        return empty_figure(NO_MATCH)
    if articles.empty:
        return empty_figure(NO_REMOVED)
    return article_share_bars(
        articles,
        "share_removed",
        "n_removed",
        REMOVED_COLOR,
        "removed",
        "Share of comments removed",
        **_style(max(260, 36 * len(articles) + 80)),
    )
