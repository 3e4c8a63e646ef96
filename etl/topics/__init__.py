"""The topics stage: topics of articles and comments from an editable topics file (`assign`),
the keyword rule it and stance targets match by (`keywords`), and suggestions for new topics
from the data itself (`suggest`, counted in DuckDB by etl.store.terms)."""

from etl.topics.assign import TopicsError, assign_topics, find_topics, load_targets, load_topics
from etl.topics.keywords import Mentions

__all__ = ["Mentions", "TopicsError", "assign_topics", "find_topics", "load_targets", "load_topics"]
