"""The dashboard's reads of the store, by subject: `comments`, `articles`, `time`, `topics`,
`runs`, `moderation` (and the label sets in `labels`). Each is connection + Filters (etl.store.filters) ->
tidy frame, parameterised SQL only; the few names put into SQL text come from fixed
whitelists. A number the CLI shows too comes from the same query in etl.store.queries.
Re-exported here, so a page reads `queries.kpis`."""

from dashboard.queries.articles import (
    OPTIONS_LIMIT,
    article_options,
    article_stats,
    stance_by_article,
    top_negative_articles,
)
from dashboard.queries.comments import (
    COMMENT_COLUMNS,
    DEEPEST,
    block_filters,
    comment_index,
    comment_row_chunks,
    comment_rows,
    count_comments,
    engine_counts,
    kpis,
    polarity_by_depth,
    sentiment_by_depth,
    sentiment_mix,
    thread_comments,
    thread_filters,
)
from dashboard.queries.labels import SENTIMENTS, STANCES, TARGET_STANCES, label_agreement, label_candidates
from dashboard.queries.moderation import (
    SIGNALS,
    count_flagged,
    flagged_comments,
    moderation_by_article,
    moderation_by_period,
    signals_ready,
)
from dashboard.queries.runs import last_refresh, recent_runs
from dashboard.queries.time import GRANULARITIES, by_period, date_bounds, granularity_for, stance_by_period
from dashboard.queries.topics import SUGGEST_LIMIT, by_topic, suggested_topics, target_stance, topic_options

__all__ = [
    "COMMENT_COLUMNS",
    "DEEPEST",
    "GRANULARITIES",
    "OPTIONS_LIMIT",
    "SENTIMENTS",
    "SIGNALS",
    "STANCES",
    "SUGGEST_LIMIT",
    "TARGET_STANCES",
    "article_options",
    "article_stats",
    "block_filters",
    "by_period",
    "by_topic",
    "comment_index",
    "comment_row_chunks",
    "comment_rows",
    "count_comments",
    "count_flagged",
    "date_bounds",
    "engine_counts",
    "flagged_comments",
    "granularity_for",
    "kpis",
    "label_agreement",
    "label_candidates",
    "last_refresh",
    "moderation_by_article",
    "moderation_by_period",
    "polarity_by_depth",
    "recent_runs",
    "sentiment_by_depth",
    "sentiment_mix",
    "signals_ready",
    "stance_by_article",
    "stance_by_period",
    "suggested_topics",
    "target_stance",
    "thread_comments",
    "thread_filters",
    "top_negative_articles",
    "topic_options",
]
