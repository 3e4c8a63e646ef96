"""Tidy frame -> plotly figure. Pure functions: no store, no Dash; an empty frame gives a
friendly empty state instead of blank axes. Every text from the data (titles, topics, targets,
engines, data sets) goes through chart_text on its way in: Plotly would render its markup."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.chart_text import chart_text, chart_texts

# Every figure's template, as Plotly's default: a new figure takes the default without validating
# it again, where `template=` on each figure cost 12 ms of its 25-30 (docs/performance.md).
pio.templates.default = "plotly_white"

NO_DATA = "No data yet — run `diskurs run`"
NO_MATCH = "No comments match these filters"
SENTIMENT_COLORS = {"negative": "#c8553d", "neutral": "#a7adb4", "positive": "#3c8d5a"}
SENTIMENT_COUNT_COLUMNS = {"negative": "n_negative", "neutral": "n_neutral", "positive": "n_positive"}
POLARITY_TITLE = "Mean polarity (−1 … +1)"
NO_REPLIES = "No replies match these filters (only replies have a stance)"
NO_TARGETS = 'No matching comment mentions a target of the topics file ([targets."Name"] tables)'
STANCE_COLORS = {"agree": "#3c8d5a", "disagree": "#c8553d", "neutral": "#a7adb4"}
STANCE_COUNT_COLUMNS = {"agree": "n_agree", "disagree": "n_disagree", "neutral": "n_neutral"}
TARGET_COLORS = {"favor": "#3c8d5a", "against": "#c8553d", "none": "#a7adb4"}
TARGET_COUNT_COLUMNS = {"favor": "n_favor", "against": "n_against", "none": "n_none"}
ENGINE_COLORS = ("#3b6ea8", "#e09f3e", "#7a5ea8", "#4aa3a1", "#b85c8a", "#6b7177")
TARGET_NAMES = {"favor": "favor", "against": "against", "none": "no clear lean"}
_FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13, color="#2b2f33")


# The layout every figure shares; each adds its own keys (axes, height, bar mode, ...).
_LAYOUT = dict(
    font=_FONT,
    margin=dict(l=10, r=10, t=10, b=10),
    hoverlabel=dict(font_size=12),
    legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, traceorder="normal"),
)


def _figure(data, height=360, **layout):
    """A figure of the traces `data` with the shared layout and `layout`, given whole: Plotly's
    update_* methods cost about 2 ms each, where the same layout given at once costs a fraction of
    that (a chart in 3-4 ms instead of 9-12; docs/performance.md)."""
    return go.Figure(data, layout={**_LAYOUT, "height": height, **layout})


def _layout(fig, height=360, **kwargs):
    """The shared layout on an existing figure (one made with subplots)."""
    return fig.update_layout(**_LAYOUT, height=height, **kwargs)


def _axis(title=None, **settings):
    """An axis's layout: its title's text and other settings."""
    return dict(title=dict(text=title), **settings)


def _hline(y, color):
    """A dotted horizontal line across the plot at `y`, as Plotly's add_hline draws it."""
    line = dict(color=color, width=1, dash="dot")
    return dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=y, y1=y, line=line)


def empty_figure(message=NO_DATA, height=300):
    """A figure with no axes, only `message` in the middle."""
    note = dict(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=15, color="#6b7177")
    )
    return _figure([], height, annotations=[note], xaxis=dict(visible=False), yaxis=dict(visible=False))


def _empty(frame, no_match=NO_MATCH):
    """The empty state for `frame` (no columns: empty store; no rows: nothing matched), or None."""
    if frame is None or len(frame.columns) == 0:
        return empty_figure(NO_DATA)
    if frame.empty:
        return empty_figure(no_match)
    return None


def short_labels(titles, width=38):
    """Titles cut to `width` characters, kept distinct so two articles never share a bar, and
    escaped for Plotly (chart_text: after cutting, so no entity is cut in half)."""
    labels, seen = [], {}
    for title in titles:
        title = str(title)
        label = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return chart_texts(labels)


def _with_text(frame, column, *others, key=None):
    """customdata of `column` escaped for Plotly (chart_text) beside the `others` columns, and
    with `key` the drill-down key column last (escaped too: url_state's click reads it back)."""
    if key is None:
        return frame.assign(_text=chart_texts(frame[column]))[["_text", *others]]
    return frame.assign(_text=chart_texts(frame[column]), _key=chart_texts(frame[key]))[["_text", *others, "_key"]]


def period_keys(periods):
    """The drill-down key of each period of a `by_period` frame: "first-day/last-day" (a day, a
    Monday-based week, a calendar month), by the name of its first column."""
    period = periods.columns[0]
    first = pd.to_datetime(periods[period])
    last = first + {"day": pd.Timedelta(0), "week": pd.Timedelta(days=6)}.get(period, pd.offsets.MonthEnd(0))
    return [f"{a:%Y-%m-%d}/{b:%Y-%m-%d}" for a, b in zip(first, last)]


def _bar_height(n_bars):
    return max(260, 36 * n_bars + 80)


def article_share_bars(articles, share, hits, color, what, title, **layout):
    """Horizontal bars of a share of each article's comments (`share`: column of the share, `hits`:
    of its count, `what` the hover's word for it), the first row on top, "k of n" beside each bar,
    the article's id for a click (its thread). Styled by the page's module (`layout`). Shared by the
    removed comments (comments page) and the comments needing moderation (Moderation page)."""
    rows = articles.iloc[::-1]
    return go.Figure(
        go.Bar(
            x=rows[share],
            y=short_labels(rows["title"]),
            orientation="h",
            marker_color=color,
            text=[f"{k:,} of {n:,}" for k, n in zip(rows[hits], rows["n_comments"], strict=True)],
            textposition="auto",
            customdata=rows["article_id"],  # a click opens the article's thread
            hovertemplate=f"%{{x:.0%}} {what} (%{{text}})<extra></extra>",
        ),
        layout=dict(xaxis=_axis(title, tickformat=".2~%", rangemode="tozero"), yaxis=dict(automargin=True), **layout),
    )


def sentiment_mix_bar(mix):
    """Bar per sentiment label from `sentiment_mix` (sentiment, n_comments, share)."""
    empty = _empty(mix)
    if empty is not None:
        return empty
    if mix["n_comments"].sum() == 0:
        return empty_figure(NO_MATCH)
    data = go.Bar(
        x=mix["sentiment"],
        y=mix["n_comments"],
        marker_color=[SENTIMENT_COLORS.get(s, "#888") for s in mix["sentiment"]],
        text=[f"{share:.0%}" for share in mix["share"].fillna(0)],
        textposition="outside",
        customdata=mix["share"],
        hovertemplate="%{x}: %{y} comments (%{customdata:.0%})<extra></extra>",
    )
    return _figure(data, xaxis=_axis("Sentiment"), yaxis=_axis("Comments", rangemode="tozero"), showlegend=False)


def rank_bar(ranking, labels, keys, what, unit, color, order="share"):
    """Horizontal bars of a ranking (queries.ranked: hits, n, share, low, high): by share, each
    bar with its 95% Wilson interval as a whisker; by count, the counts. `keys` names the columns
    (hits, n, share), `what` the hits ("negative"), `unit` what n counts ("comments"). The last
    customdata column is the row's drill-down key (`ranking`'s first column: an article id or a topic)."""
    hits, n, share = keys
    by_share = order == "share"
    key = ranking.columns[0]
    data = go.Bar(
        y=labels,
        x=ranking[share] if by_share else ranking[hits],
        orientation="h",
        marker_color=color,
        error_x=dict(
            type="data",
            symmetric=False,
            array=(ranking["high"] - ranking[share]).clip(lower=0),
            arrayminus=(ranking[share] - ranking["low"]).clip(lower=0),
            color="#2b2f33",
            thickness=1.2,
            width=4,
            visible=by_share,
        ),
        customdata=ranking.assign(
            _text=chart_texts(ranking["title"] if "title" in ranking.columns else ranking[key]),
            _key=chart_texts(ranking[key]),
        )[["_text", hits, n, share, "low", "high", "_key"]],
        hovertemplate=f"%{{customdata[0]}}<br>%{{customdata[1]}} {what} of %{{customdata[2]}} {unit}: "
        "%{customdata[3]:.0%} (95% interval %{customdata[4]:.0%} – %{customdata[5]:.0%})<extra></extra>",
    )
    if by_share:
        xaxis = _axis(f"Share {what} (whisker: 95% Wilson interval)", tickformat=".0%", range=[0, 1])
    else:
        xaxis = _axis(f"{what.capitalize()} {unit}", rangemode="tozero")
    yaxis = _axis(autorange="reversed", automargin=True)
    return _figure(data, _bar_height(len(ranking)), xaxis=xaxis, yaxis=yaxis, showlegend=False)


def no_ranked(min_comments, unit="comments"):
    """The empty state of a ranking whose floor left nothing."""
    return f"No match has {min_comments} {unit} or more: lower the minimum to see smaller ones"


def top_negative_bar(stats, min_comments=None, order="share"):
    """Articles by share (with its interval) or number of negative comments (`top_negative_articles`)."""
    empty = _empty(stats, NO_MATCH if min_comments is None else no_ranked(min_comments))
    if empty is not None:
        return empty
    keys = ("n_negative", "n_comments", "share_negative")
    return rank_bar(
        stats, short_labels(stats["title"]), keys, "negative", "comments", SENTIMENT_COLORS["negative"], order
    )


def disagree_bar(stats, min_replies=None, order="share"):
    """Articles or topics by share (with its interval) or number of disagreeing replies
    (`stance_by_article` or `topic_ranking` with an order)."""
    empty = _empty(stats, NO_REPLIES if min_replies is None else no_ranked(min_replies, "replies"))
    if empty is not None:
        return empty
    labels = short_labels(stats["title"]) if "title" in stats.columns else chart_texts(stats["topic"])
    keys = ("n_disagree", "n_replies", "share_disagree")
    return rank_bar(stats, labels, keys, "disagreeing", "replies", STANCE_COLORS["disagree"], order)


def topic_negative_bar(topics, min_comments=None, order="share"):
    """Topics by share (with its interval) or number of negative comments (`topic_ranking`)."""
    empty = _empty(topics, NO_MATCH if min_comments is None else no_ranked(min_comments))
    if empty is not None:
        return empty
    keys = ("n_negative", "n_comments", "share_negative")
    return rank_bar(
        topics, chart_texts(topics["topic"]), keys, "negative", "comments", SENTIMENT_COLORS["negative"], order
    )


def volume_by_period(periods):
    """Comments per period stacked by sentiment, from `by_period` (first column = the period)."""
    empty = _empty(periods)
    if empty is not None:
        return empty
    period = periods.columns[0]
    keys = period_keys(periods)  # a click opens the period's comments
    data = [
        go.Bar(
            x=periods[period],
            y=periods[column],
            name=label,
            marker_color=SENTIMENT_COLORS[label],
            customdata=keys,
            hovertemplate=f"%{{x}}: %{{y}} {label}<extra></extra>",
        )
        for label, column in SENTIMENT_COUNT_COLUMNS.items()
    ]
    xaxis = _axis(period.capitalize(), type="date")
    return _figure(data, xaxis=xaxis, yaxis=_axis("Comments", rangemode="tozero"), barmode="stack")


def point_sizes(counts):
    """Marker sizes of a line's points by how many comments each stands for (its area follows the
    count): a week of one comment is a dot, not a peak."""
    counts = counts.astype("float64").fillna(0).to_numpy()
    return 3 + 13 * np.sqrt(counts / max(counts.max(), 1))


def polarity_by_period(periods):
    """Mean polarity per period as a line with markers, from `by_period`."""
    empty = _empty(periods)
    if empty is not None:
        return empty
    period = periods.columns[0]
    data = go.Scatter(
        x=periods[period],
        y=periods["mean_polarity"],
        mode="lines+markers",
        line=dict(color="#9db6d4", width=1.5),
        marker=dict(color="#3b6ea8", size=point_sizes(periods["n_comments"])),
        customdata=np.column_stack([periods["n_comments"].astype(object), period_keys(periods)]),
        hovertemplate="%{x}: %{y:+.2f} (%{customdata[0]} comments)<extra></extra>",
    )
    return _figure(
        data,
        shapes=[_hline(0, "#999")],
        xaxis=_axis(period.capitalize(), type="date"),
        yaxis=_axis(POLARITY_TITLE, range=[-1.05, 1.05], zeroline=False),
        showlegend=False,
    )


def _polarity_colors(values):
    return [
        SENTIMENT_COLORS["negative"]
        if v < 0
        else SENTIMENT_COLORS["positive"]
        if v > 0
        else SENTIMENT_COLORS["neutral"]
        for v in values.fillna(0)
    ]


def category_polarity_bar(frame, label_column, labels=None, key=None):
    """Horizontal bar of mean_polarity per row of `frame`, coloured by sign; customdata ends with
    the `key` column (default: the label column), the drill-down key."""
    empty = _empty(frame)
    if empty is not None:
        return empty
    labels = chart_texts(frame[label_column]) if labels is None else labels
    data = go.Bar(
        y=labels,
        x=frame["mean_polarity"],
        orientation="h",
        marker_color=_polarity_colors(frame["mean_polarity"]),
        customdata=_with_text(frame, label_column, "n_comments", key=key or label_column),
        hovertemplate="%{customdata[0]}<br>mean polarity %{x:+.2f} over %{customdata[1]} comments<extra></extra>",
    )
    xaxis = _axis(POLARITY_TITLE, range=[-1.05, 1.05], zeroline=True, zerolinecolor="#888")
    yaxis = dict(autorange="reversed", automargin=True)
    return _figure(data, _bar_height(len(frame)), xaxis=xaxis, yaxis=yaxis, showlegend=False)


def article_polarity_bar(stats):
    """Mean polarity per article (shortened titles), from `article_stats`."""
    empty = _empty(stats)
    if empty is not None:
        return empty
    return category_polarity_bar(stats, "title", labels=short_labels(stats["title"]), key="article_id")


def article_scatter(stats):
    """Comments (x) against mean polarity (y) per article, marker size = replies."""
    empty = _empty(stats)
    if empty is not None:
        return empty
    replies = stats["n_replies"].fillna(0).astype(float)
    sizes = 10 + 30 * (replies / replies.max()).fillna(0) ** 0.5 if replies.max() > 0 else 12
    data = go.Scatter(
        x=stats["n_comments"],
        y=stats["mean_polarity"],
        mode="markers",
        marker=dict(
            size=sizes,
            color=_polarity_colors(stats["mean_polarity"]),
            opacity=0.8,
            line=dict(width=1, color="#ffffff"),
        ),
        customdata=_with_text(stats, "title", "n_replies", key="article_id"),
        hovertemplate="%{customdata[0]}<br>%{x} comments, %{customdata[1]} replies"
        "<br>mean polarity %{y:+.2f}<extra></extra>",
    )
    return _figure(
        data,
        shapes=[_hline(0, "#999")],
        xaxis=_axis("Comments", rangemode="tozero"),
        yaxis=_axis(POLARITY_TITLE, range=[-1.05, 1.05], zeroline=False),
        showlegend=False,
    )


def share_stacked(frame, labels, count_columns, colors, unit="comments", key=None):
    """Horizontal bars per row of `frame` stacked by the share of each count column
    (`count_columns`: legend label -> column), hover showing the counts; customdata ends with the
    `key` column (default: the first), the drill-down key."""
    keys = np.array(chart_texts(frame[key or frame.columns[0]]), dtype=object)
    total = frame[list(count_columns.values())].sum(axis=1).replace(0, 1)
    data = [
        go.Bar(
            y=labels,
            x=frame[column] / total,
            name=label,
            orientation="h",
            marker_color=colors[label],
            customdata=np.column_stack([frame[column].astype(object), keys]),
            hovertemplate=f"%{{y}}: %{{x:.0%}} {label} (%{{customdata[0]}} {unit})<extra></extra>",
        )
        for label, column in count_columns.items()
    ]
    xaxis = _axis(f"Share of {unit}", tickformat=".0%", range=[0, 1])
    yaxis = dict(autorange="reversed", automargin=True)
    return _figure(data, _bar_height(len(frame)) + 30, xaxis=xaxis, yaxis=yaxis, barmode="stack")


def sentiment_mix_stacked(frame, label_column, labels=None):
    """Horizontal bars per row stacked by sentiment share (n_negative/n_neutral/n_positive)."""
    empty = _empty(frame)
    if empty is not None:
        return empty
    labels = chart_texts(frame[label_column]) if labels is None else labels
    return share_stacked(frame, labels, SENTIMENT_COUNT_COLUMNS, SENTIMENT_COLORS)


def article_mix_stacked(stats):
    """Sentiment mix per article (shortened titles), from `article_stats`."""
    empty = _empty(stats)
    if empty is not None:
        return empty
    return sentiment_mix_stacked(stats, "title", labels=short_labels(stats["title"]))


def topic_volume_bar(topics):
    """Comments per topic, most first, from `by_topic`."""
    empty = _empty(topics)
    if empty is not None:
        return empty
    data = go.Bar(
        y=chart_texts(topics["topic"]),
        x=topics["n_comments"],
        orientation="h",
        marker_color="#3b6ea8",
        customdata=np.column_stack([topics["n_articles"].astype(object), chart_texts(topics["topic"])]),
        hovertemplate="%{y}: %{x} comments in %{customdata[0]} articles<extra></extra>",
    )
    xaxis, yaxis = _axis("Comments", rangemode="tozero"), dict(autorange="reversed", automargin=True)
    return _figure(data, _bar_height(len(topics)), xaxis=xaxis, yaxis=yaxis, showlegend=False)


def topic_polarity_bar(topics):
    """Mean polarity per topic, from `by_topic`."""
    return category_polarity_bar(topics, "topic")


def topic_mix_stacked(topics):
    """Sentiment mix per topic, from `by_topic`."""
    return sentiment_mix_stacked(topics, "topic")


def depth_polarity_bar(depths):
    """Mean polarity per reply depth (0 = top level), from `polarity_by_depth`."""
    empty = _empty(depths)
    if empty is not None:
        return empty
    # Each bar labelled with its count too: this chart has no count axis beneath.
    data = _depth_polarity_trace(depths["depth"], depths, "%{y:+.2f} (%{customdata})")
    xaxis = _axis("Reply depth (0 = top level)", dtick=1)
    yaxis = _axis(POLARITY_TITLE, range=[-1.05, 1.05], zeroline=True, zerolinecolor="#888")
    return _figure(data, 280, xaxis=xaxis, yaxis=yaxis, showlegend=False)


def _depth_polarity_trace(x, depths, texttemplate):
    """Bars of mean polarity over reply depths `x`, coloured by sign, from `depths`
    (mean_polarity, n_comments). Labelled, so a depth whose mean is 0 (no visible bar) still shows."""
    return go.Bar(
        x=x,
        y=depths["mean_polarity"],
        name="mean polarity",
        marker_color=_polarity_colors(depths["mean_polarity"]),
        customdata=depths["n_comments"],
        texttemplate=texttemplate,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="depth %{x}: mean polarity %{y:+.2f} over %{customdata} comments<extra></extra>",
    )


def article_stance_mix(stats):
    """Reply stance mix per article (shortened titles, replies in brackets), from
    `stance_by_article`."""
    empty = _empty(stats, NO_REPLIES)
    if empty is not None:
        return empty
    # The number of replies beside each title: one reply makes a 100% bar too.
    labels = [f"{label} ({n})" for label, n in zip(short_labels(stats["title"]), stats["n_replies"])]
    return share_stacked(stats, labels, STANCE_COUNT_COLUMNS, STANCE_COLORS, unit="replies")


def stance_by_period(periods):
    """Replies per period stacked by stance (agree / disagree / neutral), from `stance_by_period`
    (first column = the period); hover shows each stance's share. Counts, not shares: a day with
    one reply would otherwise look as weighty as a day with fifty."""
    empty = _empty(periods, NO_REPLIES)
    if empty is not None:
        return empty
    period = periods.columns[0]
    total = periods["n_replies"].replace(0, 1)
    data = [
        go.Bar(
            x=periods[period],
            y=periods[column],
            name=label,
            marker_color=STANCE_COLORS[label],
            # A two-column array, not a list of pairs: plotly checks and sends it whole.
            customdata=np.column_stack(
                [
                    (periods[column] / total).astype(object),
                    periods["n_replies"].astype(object),
                    period_keys(periods),
                ]
            ),
            hovertemplate=f"%{{x}}: %{{y}} {label} "
            f"(%{{customdata[0]:.0%}} of %{{customdata[1]}} replies)<extra></extra>",
        )
        for label, column in STANCE_COUNT_COLUMNS.items()
    ]
    xaxis = _axis(period.capitalize(), type="date")
    return _figure(data, xaxis=xaxis, yaxis=_axis("Replies", rangemode="tozero"), barmode="stack")


def target_stance_bar(targets):
    """Comments per target stacked by stance toward it (favor / against / none), most mentioned
    first, from `target_stance`. A segment's customdata ends with its stance and its target (the
    drill-down's key: a click opens those comments)."""
    empty = _empty(targets, NO_TARGETS)
    if empty is not None:
        return empty
    names = chart_texts(targets["target"])
    data = [
        go.Bar(
            y=names,
            x=targets[column],
            name=TARGET_NAMES[label],
            orientation="h",
            marker_color=TARGET_COLORS[label],
            customdata=np.column_stack([targets["n_comments"].astype(object), [label] * len(targets), names]),
            hovertemplate=f"%{{y}}: %{{x}} {TARGET_NAMES[label]} of %{{customdata[0]}} comments<extra></extra>",
        )
        for label, column in TARGET_COUNT_COLUMNS.items()
    ]
    xaxis = _axis("Comments mentioning the target", rangemode="tozero")
    yaxis = dict(autorange="reversed", automargin=True)
    return _figure(data, _bar_height(len(targets)) + 30, xaxis=xaxis, yaxis=yaxis, barmode="stack")


def depth_sentiment(depths):
    """Two panels over reply depth, from `sentiment_by_depth`: share of negative comments and
    mean polarity (bars labelled, so a depth with a zero value still shows)."""
    empty = _empty(depths)
    if empty is not None:
        return empty
    from plotly.subplots import make_subplots

    labels = list(depths["depth_label"])
    fig = make_subplots(
        rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=("Share of comments that are negative", POLARITY_TITLE)
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=depths["share_negative"],
            name="share negative",
            marker_color=SENTIMENT_COLORS["negative"],
            customdata=depths[["n_negative", "n_comments"]],
            texttemplate="%{y:.0%}",
            textposition="outside",
            cliponaxis=False,
            hovertemplate="depth %{x}: %{y:.0%} negative "
            "(%{customdata[0]} of %{customdata[1]} comments)<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(_depth_polarity_trace(labels, depths, "%{y:+.2f}"), 1, 2)
    top = max(0.5, float(depths["share_negative"].max() or 0) * 1.2)
    fig.update_yaxes(tickformat=".0%", range=[0, min(top, 1.05)], row=1, col=1)
    fig.update_yaxes(range=[-1.05, 1.05], zeroline=True, zerolinecolor="#888", row=1, col=2)
    # The number of comments under each depth: a bar over few comments says little.
    ticks = [f"{label}<br><span style='color:#6b7177'>n={n:,}</span>" for label, n in zip(labels, depths["n_comments"])]
    fig.update_xaxes(
        title_text="Reply depth (0 = top level; n = comments)", type="category", tickvals=labels, ticktext=ticks
    )
    fig.update_annotations(font_size=13)
    # Room above the plots for the two panel titles.
    return _layout(fig, height=330, showlegend=False).update_layout(margin_t=34)


def quality_bar(results):
    """Macro-F1 per engine, one group per task and data set, from `quality.results_frame`."""
    empty = _empty(results, "No evaluation figures yet")
    if empty is not None:
        return empty
    groups = [f"{chart_text(d)}<br>{chart_text(t)}" for d, t in zip(results["dataset"], results["task"])]
    engines = results["engine"].drop_duplicates().tolist()
    data = [
        go.Bar(
            x=[g for g, e in zip(groups, results["engine"]) if e == engine],
            y=results.loc[results["engine"] == engine, "macro_f1"],
            name=chart_text(engine),
            marker_color=ENGINE_COLORS[i % len(ENGINE_COLORS)],
            texttemplate="%{y:.2f}",
            textposition="outside",
            cliponaxis=False,
            # The engine's name from the trace, not spliced in: it could hold "%{…}" too.
            hovertemplate="%{fullData.name}<br>%{x}: macro-F1 %{y:.2f}<extra></extra>",
        )
        for i, engine in enumerate(engines)
    ]
    # Guessing among three labels; the card's subtitle says so (a label here hides behind bars).
    yaxis = _axis("Macro-F1 (1 = perfect)", range=[0, 1.05])
    return _figure(data, shapes=[_hline(1 / 3, "#777")], yaxis=yaxis, barmode="group")
