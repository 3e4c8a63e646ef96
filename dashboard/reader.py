"""StoreReader: the dashboard's read-only connection to the store's current version, and a
small cache of query results per version (the queries themselves are in queries.py)."""

import dataclasses
import threading
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from etl import store
from etl.store.filters import SEARCH_HITS, Filters
from etl.store.search import by_file, hits

CACHE_SIZE = 256  # results a StoreReader keeps per store version
CACHE_MAX_ROWS = 50_000  # larger results (a whole export) are never kept
SEARCHES = 16  # text searches whose matching comments a StoreReader keeps per store version


class StoreReader:
    """One read-only connection to the store's current version, moved along when CURRENT moves,
    and a small LRU cache of query results for that version.

    The ETL publishes each version as a new file; on every query the reader looks at the
    pointer and reconnects if it names another file, so new data shows without a restart. A
    version never changes once published, so a result keyed by (version, query, arguments) stays
    right until the pointer moves: then the cache is dropped.

    A text search scans every comment's text. The reader does that once per (version, search)
    and keeps the rowids found; a query with that search then reads them instead of scanning,
    whatever its other filters (etl.store.filters.SEARCH_HITS).
    """

    def __init__(self, store_dir, cache_size=CACHE_SIZE):
        self.store_dir = Path(store_dir)
        self.cache_size = cache_size
        self._lock = threading.Lock()
        self._path = None
        self._con = None
        self._old = False
        self._cache = OrderedDict()
        self._hits = OrderedDict()
        self._computing = {}

    @property
    def version(self):
        """Name of the database file in use now, or None for an empty store."""
        path = store.current_path(self.store_dir)
        return path.name if path else None

    def cursor(self):
        """A fresh cursor (one per query, for thread safety), or None when the store is empty."""
        return self.snapshot()[1]

    def snapshot(self):
        """(version name, cursor) of one store version, so several queries can agree on it."""
        path = store.current_path(self.store_dir)
        with self._lock:
            if path != self._path:
                # The old connection is dropped, not closed: cursors still reading it finish first.
                self._con = store.open_readonly(path) if path else None
                # A version of an older Diskurs lacks new columns: each cursor gets the views adding them.
                self._old = self._con is not None and store.upgrade_views(self._con)
                self._path = path
                self._cache.clear()
                self._hits.clear()
            if self._con is None:
                return None, None
            # Cursors share the connection's UTC time zone (store.open_readonly).
            cursor = self._con.cursor()
            if self._old:
                store.upgrade_views(cursor)
        return path.name, cursor

    def clear_cache(self):
        """Forget every kept result and search (the benchmark measures uncached queries so)."""
        with self._lock:
            self._cache.clear()
            self._hits.clear()

    def query(self, fn, *args, default=None, **kwargs):
        """`fn(cursor, *args, **kwargs)`; `default` (an empty frame if None) when the store is empty.

        Results of at most CACHE_MAX_ROWS rows are kept per (version, fn, arguments): asking
        again, from another callback, tab or user, costs nothing until the store moves on. A
        Filters argument with a search reads its matches kept by `searched`.
        """
        version, cursor = self.snapshot()
        if cursor is None:
            return pd.DataFrame() if default is None else default
        key = _cache_key(version, fn, args, kwargs) if self.cache_size else None
        try:
            if key is None:
                _narrow(cursor, [*args, *kwargs.values()])
                return fn(cursor, *args, **kwargs)

            def compute():
                def searched(value):
                    return self.searched(version, cursor, value)

                # The search first: its matches are kept for every query, so they are found over
                # every segment, not only over those a filter on articles narrows the cursor to.
                found_args = [searched(value) for value in args]
                found_kwargs = {name: searched(value) for name, value in kwargs.items()}
                _narrow(cursor, [*args, *kwargs.values()])
                return fn(cursor, *found_args, **found_kwargs)

            return self._cached(key, compute, self._cache, self.cache_size)
        finally:
            cursor.close()

    def searched(self, version, cursor, filters):
        """`filters` (etl.store.filters.Filters) reading the comments its search matches from the
        cursor's SEARCH_HITS, found once per version and search; anything else unchanged."""
        if not self.cache_size or not isinstance(filters, Filters) or not filters.search or filters.search_hits:
            return filters
        hits, files = self._cached(
            (version, SEARCH_HITS, filters.search),
            lambda: _found(cursor, filters.search),
            self._hits,
            SEARCHES,
        )
        cursor.register(SEARCH_HITS, hits)
        # The cursor's comments view holds only the matches, probed file by file; a second search
        # in one query (none so far) reads them through SEARCH_HITS instead.
        in_view = store.searched(cursor) is None and store.narrow_to_hits(cursor, files)
        return dataclasses.replace(filters, search_hits=True, search_in_view=in_view)

    def _cached(self, key, compute, cache, size):
        with self._lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            # Two callbacks asking for the same result at once (the comments page's count and
            # rows, the first pages of a new search) wait for one computation instead of
            # scanning twice.
            pending = self._computing.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in cache:
                    return cache[key]
            try:
                result = compute()
                self._keep(key, result, cache, size)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            return result

    def _keep(self, key, result, cache, size):
        # Callers share a kept frame: they derive new frames from it (.assign, .merge), never
        # change it in place. The rowids of a search are kept whatever their number.
        if cache is self._cache and _rows(result) > CACHE_MAX_ROWS:
            return
        with self._lock:
            if key[0] == (self._path.name if self._path else None):
                cache[key] = result
                while len(cache) > size:
                    cache.popitem(last=False)


def _found(cursor, search):
    """(frame of the view's rowids, {file's place: frame of its rowids}) of a search's matches."""
    rowids = hits(cursor, search)
    return pd.DataFrame({"rowid": rowids}), by_file(rowids)


def _narrow(cursor, arguments):
    """A query filtered on articles reads only the segments holding them (etl.store.segments.narrow):
    every comment of an article is in one segment, so the answer is the same, from a fraction of
    the rows."""
    articles = {a for value in arguments if isinstance(value, Filters) for a in value.articles}
    if articles:
        store.narrow(cursor, sorted(articles))


def _freeze(value):
    """`value` with lists, tuples and dicts turned into tuples, so that it can be a cache key."""
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _cache_key(version, fn, args, kwargs):
    """A hashable key for one query, or None when an argument cannot be one (then no caching)."""
    key = (version, fn, _freeze(args), _freeze(kwargs))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _rows(result):
    return len(result) if isinstance(result, pd.DataFrame) else 0
