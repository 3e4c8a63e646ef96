"""Sentiment of top-level comments, scored while a run is still reading its input.

A run reads, normalises and checks its whole input on one process before its chunks are
transformed on every core (etl.pipeline): meanwhile the other core waits. What a top-level
comment says in its own words depends on no other comment (etl.text.quotes: it has no parent to
copy from), so the sentiment engine can score it as soon as its block is read. `Prescorer` does
that on one forked process beside the reading, a spilled block at a time, and writes each block's
scores into a file beside it (`scores_path`); the spill hands them on with the block's rows
(column `_prescored`), and the transform gives them to `sentiment.score` as known scores, keyed
by the very text scored: a row whose text to score turns out otherwise (a comment reported as
removed keeps its stored text, say) is scored there as before, so the scores are those of a run
without this.

The same goes for the signals (etl.signals) of a top-level comment, which read its own words
alone: the helper scores them too (column `_presignals`), and the transform takes them as known.

Blocks the helper has not started when the reading ends are left to the transform, and so are
the signals of a block it is at: the reading waits for that block's sentiment at most.
"""

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from etl import checks, sentiment, signals
from etl.sentiment.parallel import die_with_parent
from etl.text.quotes import own_words

COLUMN = "_prescored"
SIGNALS_COLUMN = "_presignals"
# A block smaller than this is left to the transform: forking the helper costs more than it saves.
PRESCORE_FROM = 5_000

_engine = _signals = None  # the run's engines, inherited by the forked helper: never pickled
_stop = None  # an Event the helper shares: set, it starts nothing more


def prescored(comments: pd.DataFrame, engine) -> pd.Series:
    """Per row of a checked block (etl.checks.flag_comments), `(text, ((engine name, polarity,
    subjectivity), ...))`: the text the transform will score for a top-level comment and what each
    engine of `engine` (one, or a sentiment.Pair's two) gives it; None for a reply or a row left
    unscored."""
    top = comments[comments["parent_id"].astype("string").fillna("") == ""]
    own = pd.Series([own_words(text) for text in top["text"]], index=top.index, dtype="string")
    texts = checks.texts_to_score(top.assign(own_text=own)).dropna()
    engines = [engine.numbers, engine.labels] if isinstance(engine, sentiment.Pair) else [engine]
    unique = texts.drop_duplicates().tolist()
    found = {one.name: dict(zip(unique, _score_many(one, unique))) for one in engines}
    values = [(text, tuple((name, *scores[text]) for name, scores in found.items())) for text in texts]
    return pd.Series(values, index=texts.index, dtype=object).reindex(comments.index)


def presignals(comments: pd.DataFrame, engines) -> pd.Series:
    """Per row of a checked block, `(text, engines' name, {signal column: (score, reasons)})`:
    the own words of a top-level comment, which the transform's signals read, and what the
    signals engines (etl.signals.Signals) give them; None for a reply."""
    top = comments[comments["parent_id"].astype("string").fillna("") == ""]
    texts = [own_words(text) for text in top["text"]]
    found = signals.score_texts({column: engines.scorers[column] for column in signals.SIGNALS}, texts)
    values = [
        (text, engines.name, {column: found[column][i] for column in signals.SIGNALS}) for i, text in enumerate(texts)
    ]
    return pd.Series(values, index=top.index, dtype=object).reindex(comments.index)


def known_signals(column: pd.Series | None, name: str) -> dict:
    """{text: {signal column: (score, reasons)}} of a `_presignals` column (or None), for the
    signals engines of that name."""
    found = column.dropna() if column is not None else ()
    return {text: results for text, engines, results in found if engines == name}


def known_scores(column: pd.Series | None) -> dict:
    """{engine name: {text: (polarity, subjectivity)}} of a `_prescored` column (or None)."""
    known = {}
    for text, found in column.dropna() if column is not None else ():
        for name, polarity, subjectivity in found:
            known.setdefault(name, {})[text] = (polarity, subjectivity)
    return known


def scores_path(block: Path) -> Path:
    """Where the scores of a spilled block go."""
    return block.with_name(block.stem + ".scores.pickle")


class Prescorer:
    """Scores spilled blocks on one forked process (`submit`), when the run scores on several
    processes of this machine; a context manager: at the end, blocks not started are dropped, and
    so is what is left of the ones at work after their sentiment (the pool holds one more than it
    works on); those are waited for (an error, if any, is raised)."""

    def __init__(self, engine, enabled: bool, signal_engines=None):
        self.engine, self.signals = engine, signal_engines
        self.enabled = enabled and "fork" in multiprocessing.get_all_start_methods()
        self.pool, self.futures, self.stop = None, [], None

    def submit(self, block: Path, n_rows: int) -> None:
        """Score the top-level comments of the block spilled at `block` (of `n_rows` rows)."""
        if not self.enabled or n_rows < PRESCORE_FROM:
            return
        if self.pool is None:
            self._start()
            if self.pool is None:
                return
        self.futures.append(self.pool.submit(_score_block, block))

    def _start(self):
        global _engine, _signals, _stop
        _engine, _signals = self.engine, self.signals
        # The helper is forked from a process with live objects of extension modules: as for the
        # chunk workers (etl.transform), the cycle collector runs first and freezes what exists.
        gc.collect()
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            self.stop = _stop = context.Event()  # set when the reading ends
            self.pool = ProcessPoolExecutor(1, context, initializer=die_with_parent)
            self.pool.submit(int).result()  # forks the helper now, while everything is frozen
        except OSError:  # no semaphores (a read-only /dev/shm): the transform scores everything
            self.enabled, self.pool = False, None
        finally:
            gc.unfreeze()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        global _engine, _signals, _stop
        for future in self.futures:
            future.cancel()
        if self.stop is not None:
            self.stop.set()
        try:
            for future in self.futures:
                if not future.cancelled() and exc[0] is None:
                    future.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True)
            _engine = _signals = _stop = None


def _score_block(block):
    if _stop.is_set():  # the reading has ended: the transform scores this block
        return
    comments = pd.read_pickle(block)
    scores = pd.DataFrame({COLUMN: prescored(comments, _engine)})
    if _signals is not None and not _stop.is_set():
        scores[SIGNALS_COLUMN] = presignals(comments, _signals)
    partial = scores_path(block).with_suffix(".partial")
    scores.to_pickle(partial)
    partial.rename(scores_path(block))


def _score_many(engine, texts):
    if hasattr(engine, "score_many"):
        return engine.score_many(texts)
    return [engine.score(text) for text in texts]
