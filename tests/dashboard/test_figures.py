"""dashboard.figures: structure of each figure, never images."""

import json

import pandas as pd
import pytest

from dashboard import figures

PERIODS = pd.DataFrame(
    {
        "week": pd.to_datetime(["2025-05-19", "2025-05-26"]),
        "n_comments": [5, 3],
        "mean_polarity": [0.04, -0.2],
        "n_negative": [2, 2],
        "n_neutral": [1, 1],
        "n_positive": [2, 0],
    }
)
STATS = pd.DataFrame(
    {
        "article_id": ["a1", "a2", "a3"],
        "title": [
            "Chinas KI-Offensive: Was Europa jetzt tun muss, und zwar schnell",
            "Chinas KI-Offensive: Was Europa jetzt tun muss, oder auch nicht",
            "Kurz",
        ],
        "n_comments": [5, 3, 1],
        "n_replies": [4, 1, 0],
        "mean_polarity": [-0.3, 0.0, 0.5],
        "n_negative": [3, 1, 0],
        "share_negative": [0.6, 1 / 3, 0.0],
        "low": [0.23, 0.06, 0.0],
        "high": [0.88, 0.79, 0.79],
        "n_neutral": [1, 1, 0],
        "n_positive": [1, 1, 1],
    }
)
TOPICS = pd.DataFrame(
    {
        "topic": ["KI", "China"],
        "n_comments": [5, 4],
        "n_articles": [1, 1],
        "mean_polarity": [0.04, -0.125],
        "n_negative": [2, 2],
        "n_neutral": [1, 1],
        "n_positive": [2, 1],
    }
)


def _annotation_text(fig):
    return [a.text for a in fig.layout.annotations]


@pytest.mark.parametrize(
    "build",
    [
        figures.sentiment_mix_bar,
        figures.top_negative_bar,
        figures.volume_by_period,
        figures.polarity_by_period,
        figures.article_polarity_bar,
        figures.article_scatter,
        figures.article_mix_stacked,
        figures.topic_volume_bar,
        figures.topic_polarity_bar,
        figures.topic_mix_stacked,
        figures.depth_polarity_bar,
    ],
)
def test_every_figure_has_a_friendly_empty_state(build):
    empty_store = build(pd.DataFrame())
    assert len(empty_store.data) == 0
    assert _annotation_text(empty_store) == [figures.NO_DATA]
    assert "diskurs run" in figures.NO_DATA
    nothing_matched = build(
        STATS.iloc[0:0].assign(
            topic=pd.Series(dtype=str),
            sentiment=pd.Series(dtype=str),
            share=pd.Series(dtype=float),
            depth=pd.Series(dtype=int),
            week=pd.Series(dtype="datetime64[us]"),
        )
    )
    assert _annotation_text(nothing_matched) == [figures.NO_MATCH]


def test_every_figure_is_drawn_on_the_white_template():
    """The template is Plotly's default (set once in dashboard.figures), not set per figure."""
    import plotly.graph_objects as go
    import plotly.io as pio

    white = pio.templates["plotly_white"].to_plotly_json()
    for fig in (figures.article_scatter(STATS), figures.empty_figure(), go.Figure()):
        assert fig.to_plotly_json()["layout"]["template"] == white


def test_sentiment_mix_bar_colours_each_label_and_zero_total_is_empty():
    mix = pd.DataFrame(
        {"sentiment": ["negative", "neutral", "positive"], "n_comments": [3, 3, 3], "share": [1 / 3] * 3}
    )
    fig = figures.sentiment_mix_bar(mix)
    (bar,) = fig.data
    assert list(bar.x) == ["negative", "neutral", "positive"]
    assert list(bar.marker.color) == [figures.SENTIMENT_COLORS[s] for s in bar.x]
    assert fig.layout.yaxis.title.text == "Comments"
    zero = figures.sentiment_mix_bar(mix.assign(n_comments=0, share=None))
    assert _annotation_text(zero) == [figures.NO_MATCH]


def test_volume_by_period_stacks_three_sentiments_over_the_period_column():
    fig = figures.volume_by_period(PERIODS)
    assert [t.name for t in fig.data] == ["negative", "neutral", "positive"]
    assert fig.layout.barmode == "stack"
    assert fig.layout.xaxis.title.text == "Week"
    assert list(fig.data[2].y) == [2, 0]


def test_polarity_by_period_keeps_the_full_polarity_scale():
    fig = figures.polarity_by_period(PERIODS.rename(columns={"week": "day"}))
    assert fig.layout.xaxis.title.text == "Day"
    assert tuple(fig.layout.yaxis.range) == (-1.05, 1.05)
    assert list(fig.data[0].y) == [0.04, -0.2]


def test_polarity_by_period_sizes_each_point_by_its_comments():
    periods = pd.DataFrame(
        {"week": pd.to_datetime(["2026-11-30", "2026-12-07", "2026-12-14"]), "n_comments": [100, 1, 25]}
    ).assign(mean_polarity=[0.1, 1.0, -0.1])
    sizes = list(figures.polarity_by_period(periods).data[0].marker.size)
    assert sizes[0] == 16 and sizes[1] < 5 and sizes[1] < sizes[2] < sizes[0]


def test_short_labels_stay_distinct_when_titles_share_a_start():
    labels = figures.short_labels(STATS["title"], width=30)
    assert len(set(labels)) == 3
    assert all(len(label) <= 34 for label in labels)
    assert labels[2] == "Kurz"


def test_article_polarity_bar_colours_by_sign_and_uses_short_titles():
    fig = figures.article_polarity_bar(STATS)
    (bar,) = fig.data
    assert list(bar.marker.color) == [figures.SENTIMENT_COLORS[s] for s in ("negative", "neutral", "positive")]
    assert len(set(bar.y)) == 3
    assert fig.layout.xaxis.title.text == figures.POLARITY_TITLE


def test_article_scatter_sizes_markers_by_replies():
    (points,) = figures.article_scatter(STATS).data
    sizes = list(points.marker.size)
    assert sizes[0] > sizes[1] > sizes[2]
    assert list(points.x) == [5, 3, 1]


def test_sentiment_mix_stacked_shows_shares_that_add_up_to_one():
    fig = figures.topic_mix_stacked(TOPICS)
    assert [t.name for t in fig.data] == ["negative", "neutral", "positive"]
    totals = [sum(t.x[i] for t in fig.data) for i in range(len(TOPICS))]
    assert totals == pytest.approx([1.0, 1.0])
    assert fig.layout.xaxis.tickformat == ".0%"


def test_topic_volume_bar_lists_topics_most_discussed_first():
    (bar,) = figures.topic_volume_bar(TOPICS).data
    assert list(bar.y) == ["KI", "China"]
    assert bar.orientation == "h"


def test_depth_polarity_bar_labels_depth_axis():
    depths = pd.DataFrame({"depth": [0, 1, 2], "n_comments": [3, 1, 1], "mean_polarity": [0.03, 0.5, -0.4]})
    fig = figures.depth_polarity_bar(depths)
    assert list(fig.data[0].x) == [0, 1, 2]
    assert fig.layout.xaxis.title.text.startswith("Reply depth")
    # The same bars as the overview's polarity panel, labelled with their counts besides.
    assert list(fig.data[0].marker.color) == [figures.SENTIMENT_COLORS[s] for s in ("positive", "positive", "negative")]
    assert fig.data[0].texttemplate == "%{y:+.2f} (%{customdata})"
    assert "mean polarity" in fig.data[0].hovertemplate


STANCES = pd.DataFrame(
    {
        "article_id": ["a1", "a2"],
        "title": ["Chinas KI-Offensive", "Tempolimit"],
        "n_replies": [4, 1],
        "n_agree": [1, 1],
        "n_disagree": [2, 0],
        "n_neutral": [1, 0],
        "share_disagree": [0.5, 0.0],
    }
)
STANCE_WEEKS = pd.DataFrame(
    {
        "week": pd.to_datetime(["2025-05-19", "2025-05-26"]),
        "n_replies": [4, 1],
        "n_agree": [1, 1],
        "n_disagree": [2, 0],
        "n_neutral": [1, 0],
    }
)
TARGETS = pd.DataFrame(
    {
        "target": ["China", "EU"],
        "n_comments": [3, 2],
        "n_articles": [1, 2],
        "n_favor": [2, 0],
        "n_against": [1, 1],
        "n_none": [0, 1],
        "mean_score": [0.07, -0.4],
    }
)
DEPTHS = pd.DataFrame(
    {
        "depth": [0, 1, 6],
        "depth_label": ["0", "1", "6+"],
        "n_comments": [6, 2, 1],
        "mean_polarity": [0.03, 0.25, -0.4],
        "n_negative": [2, 0, 1],
        "share_negative": [1 / 3, 0.0, 1.0],
    }
)


@pytest.mark.parametrize(
    "build, frame, message",
    [
        (figures.article_stance_mix, STANCES, figures.NO_REPLIES),
        (figures.stance_by_period, STANCE_WEEKS, figures.NO_REPLIES),
        (figures.target_stance_bar, TARGETS, figures.NO_TARGETS),
        (figures.depth_sentiment, DEPTHS, figures.NO_MATCH),
    ],
)
def test_stance_and_depth_figures_say_why_they_are_empty(build, frame, message):
    assert _annotation_text(build(pd.DataFrame())) == [figures.NO_DATA]
    nothing = build(frame.iloc[0:0])
    assert len(nothing.data) == 0
    assert _annotation_text(nothing) == [message]


def test_article_stance_mix_stacks_agree_disagree_neutral_shares_of_replies():
    fig = figures.article_stance_mix(STANCES)
    assert [t.name for t in fig.data] == ["agree", "disagree", "neutral"]
    assert [t.marker.color for t in fig.data] == [figures.STANCE_COLORS[s] for s in ("agree", "disagree", "neutral")]
    assert [sum(t.x[i] for t in fig.data) for i in range(2)] == pytest.approx([1.0, 1.0])
    assert list(fig.data[1].x) == [0.5, 0.0]
    assert fig.layout.xaxis.title.text == "Share of replies"


def test_stance_by_period_stacks_reply_counts_with_shares_on_hover():
    fig = figures.stance_by_period(STANCE_WEEKS)
    assert fig.layout.barmode == "stack"
    assert list(fig.data[1].y) == [2, 0]  # disagree per week
    assert fig.data[1].customdata[0][0] == pytest.approx(0.5)
    assert fig.layout.xaxis.title.text == "Week"


def test_target_stance_bar_lists_targets_most_mentioned_first_by_stance():
    fig = figures.target_stance_bar(TARGETS)
    assert [t.name for t in fig.data] == ["favor", "against", "no clear lean"]
    assert list(fig.data[0].y) == ["China", "EU"]
    assert list(fig.data[1].x) == [1, 1]
    assert fig.layout.barmode == "stack"
    # What a click hands to the drill-down: the segment's stance and its target (escaped), last.
    assert [list(row[-2:]) for row in fig.data[1].customdata] == [["against", "China"], ["against", "EU"]]
    escaped = figures.target_stance_bar(TARGETS.assign(target=["<b>A&B</b>", "EU"]))
    assert escaped.data[2].customdata[0][-1] == escaped.data[2].y[0] == "&lt;b&gt;A&amp;B&lt;/b&gt;"


def test_depth_sentiment_shows_negative_share_and_polarity_per_depth_with_counts():
    fig = figures.depth_sentiment(DEPTHS)
    share, polarity = fig.data
    assert list(share.x) == list(polarity.x) == ["0", "1", "6+"]
    assert list(share.y) == pytest.approx([1 / 3, 0.0, 1.0])
    assert list(polarity.marker.color) == [figures.SENTIMENT_COLORS[s] for s in ("positive", "positive", "negative")]
    assert "n=1" in fig.layout.xaxis.ticktext[2]
    assert [a.text for a in fig.layout.annotations][:2] == [
        "Share of comments that are negative",
        figures.POLARITY_TITLE,
    ]


def test_quality_bar_groups_engines_by_task_and_data_set():
    results = pd.DataFrame(
        {
            "task": ["sentiment", "sentiment", "stance"],
            "dataset": ["SB10k", "SB10k", "x-stance"],
            "engine": ["textblob-de", "fastblob", "cues"],
            "macro_f1": [0.48, 0.55, 0.44],
        }
    )
    fig = figures.quality_bar(results)
    assert [t.name for t in fig.data] == ["textblob-de", "fastblob", "cues"]
    assert list(fig.data[0].x) == ["SB10k<br>sentiment"]
    assert fig.layout.barmode == "group"
    assert _annotation_text(figures.quality_bar(results.iloc[0:0])) == ["No evaluation figures yet"]
    assert fig.layout.shapes[0].y0 == pytest.approx(1 / 3)


def test_article_stance_mix_labels_carry_the_number_of_replies():
    (agree, *_) = figures.article_stance_mix(STANCES).data
    assert list(agree.y) == ["Chinas KI-Offensive (4)", "Tempolimit (1)"]


# Markup an article title, topic, target, engine or data set could carry into a chart.
LINK = '<a href="https://ph.ish/x">Klick</a>'
BOLD = "<b>Fett</b>"
SPAN = '<span style="font-size:80px">Groß</span>'
HOSTILE = f"{LINK} {BOLD} {SPAN}"


def _hostile(frame, *columns):
    return frame.assign(**{column: [f"{HOSTILE} {i}" for i in range(len(frame))] for column in columns})


@pytest.mark.parametrize(
    "build, frame",
    [
        (figures.top_negative_bar, _hostile(STATS, "title")),
        (figures.article_polarity_bar, _hostile(STATS, "title")),
        (figures.article_scatter, _hostile(STATS, "title")),
        (figures.article_mix_stacked, _hostile(STATS, "title")),
        (figures.article_stance_mix, _hostile(STANCES, "title")),
        (figures.topic_volume_bar, _hostile(TOPICS, "topic")),
        (figures.topic_polarity_bar, _hostile(TOPICS, "topic")),
        (figures.topic_mix_stacked, _hostile(TOPICS, "topic")),
        (figures.target_stance_bar, _hostile(TARGETS, "target")),
        (
            figures.quality_bar,
            _hostile(
                pd.DataFrame({"task": ["sentiment"], "dataset": ["SB10k"], "engine": ["x"], "macro_f1": [0.5]}),
                "task",
                "dataset",
                "engine",
            ),
        ),
    ],
)
def test_markup_in_the_data_reaches_a_figure_only_escaped(build, frame):
    # Plotly's JSON writes "<" as \\u003c: read it back to see the characters.
    shown = json.dumps(json.loads(build(frame).to_json()), ensure_ascii=False)
    for markup in ("<a ", "<b>", "<span style", 'ph.ish/x\\">'):
        assert markup not in shown
    assert "&lt;a href=" in shown


def test_quality_bar_hover_never_splices_an_engine_name_into_its_template():
    results = pd.DataFrame({"task": ["t"], "dataset": ["d"], "engine": ["%{y} <b>x</b>"], "macro_f1": [0.5]})
    (bar,) = figures.quality_bar(results).data
    assert bar.name == "%{y} &lt;b&gt;x&lt;/b&gt;"
    assert "%{y} <b>" not in bar.hovertemplate


def test_chart_text_escapes_markup_and_entities_and_blanks_missing_values():
    from dashboard.chart_text import chart_text

    assert chart_text("AT&T <b>") == "AT&amp;T &lt;b&gt;"
    assert chart_text(None) == chart_text(float("nan")) == ""
    assert chart_text(3) == "3"


def test_the_moderation_share_over_time_sizes_each_point_by_its_comments():
    from dashboard import moderation_figures

    periods = pd.DataFrame(
        {"week": pd.to_datetime(["2026-11-30", "2026-12-07"]), "n_comments": [400, 2], "n_flagged": [4, 1]}
    ).assign(share_flagged=lambda frame: frame["n_flagged"] / frame["n_comments"])
    sizes = list(moderation_figures.flagged_share_by_period(periods).data[0].marker.size)
    assert sizes[0] == 16 and sizes[1] < 5  # the week of two comments, half flagged, is a dot
