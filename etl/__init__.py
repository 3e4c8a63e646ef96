"""Diskurs ETL: articles, comments and reply threads into tables of sentiment, stance and topics."""

__version__ = "0.1.0"


class DiskursError(Exception):
    """Base class for every error Diskurs reports to a user in one line."""
