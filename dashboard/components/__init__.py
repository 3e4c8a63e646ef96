"""HTML and the wiring pages share: the layout's pieces (`layout`), the reply tree (`thread`), the label
buttons (`labels`),
and chart and download callbacks (`wiring`). Re-exported here, so a page writes `components.card`."""

from dashboard.components.labels import label_bar
from dashboard.components.labels import register_callbacks as register_labelling
from dashboard.components.layout import (
    TIME_BASIS_NOTE,
    card,
    chart_card,
    filter_bar,
    graph,
    header,
    kpi,
    page,
    rank_controls,
    shell,
)
from dashboard.components.thread import comment_card, sentiment_badge, stance_legend, thread_tree, thread_view
from dashboard.components.wiring import (
    article_options,
    register_chart,
    register_download,
    register_excel_link,
    require_filters,
    topic_options,
)

__all__ = [
    "TIME_BASIS_NOTE",
    "article_options",
    "card",
    "chart_card",
    "comment_card",
    "filter_bar",
    "graph",
    "header",
    "kpi",
    "label_bar",
    "page",
    "rank_controls",
    "register_chart",
    "register_download",
    "register_excel_link",
    "register_labelling",
    "require_filters",
    "sentiment_badge",
    "shell",
    "stance_legend",
    "thread_tree",
    "thread_view",
    "topic_options",
]
