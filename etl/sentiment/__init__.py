"""The sentiment stage, behind one small protocol, with exact textblob-de as the default engine.

`score(comments, engine)` needs `text` (and `polarity`, `sentiment_engine` when present: rows
already scored by the same engine are kept) and adds `polarity, subjectivity, sentiment,
sentiment_engine`. Engines: `textblob-de` (the `textblob` subpackage: textblob-de's numbers, bit
for bit, many times faster) and `german-plus` (`german_plus`); a model from `etl train` fits the
same protocol (etl.quality.train.Model).
"""

import functools
from collections.abc import Callable, Iterable
from typing import Protocol

import pandas as pd

from etl import DiskursError, schema
from etl.executors import DaskExecutor, LocalExecutor
from etl.sentiment.german_plus import GermanPlusEngine
from etl.sentiment.textblob import FastTextBlobDE

# Labels from polarity (documented in docs/data-dictionary.md): a comment needs a clear lean to
# count as positive or negative; textblob-de gives small non-zero values to mostly neutral text.
POSITIVE_ABOVE = 0.1
NEGATIVE_BELOW = -0.1
DEFAULT_ENGINE = "textblob-de"
# Fewer texts than this are scored in-process: starting worker processes would cost more.
PARALLEL_FROM = 2000
# Distinct texts a scoring task on a Dask cluster gets: large enough to outweigh its overhead.
CHUNK_SIZE = 2000


class SentimentError(DiskursError):
    """A sentiment engine is unknown or failed."""


class Engine(Protocol):
    name: str

    def score(self, text: str) -> tuple[float, float]:
        """(polarity, subjectivity) of one text."""


ENGINES = {"textblob-de": FastTextBlobDE, "german-plus": GermanPlusEngine}


@functools.cache
def get_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine of that name, built once per process."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise SentimentError(f"unknown sentiment engine {name!r}; choose one of {', '.join(ENGINES)}") from None


def label(polarity: pd.Series) -> pd.Series:
    """negative / neutral / positive from polarity (thresholds above); NA stays NA."""
    labels = pd.Series("neutral", index=polarity.index, dtype="string")
    labels = labels.mask(polarity > POSITIVE_ABOVE, "positive").mask(polarity < NEGATIVE_BELOW, "negative")
    return labels.mask(polarity.isna())


def score(
    comments: pd.DataFrame,
    engine: Engine,
    progress: Callable | None = None,
    workers: int | None = None,
    executor: LocalExecutor | DaskExecutor | None = None,
) -> tuple[pd.DataFrame, int]:
    """(comments with sentiment columns, number of rows scored): only rows not yet scored by this
    engine are scored.

    Each distinct text is scored once, in one `score_many` call when the engine has it.
    `progress`, if given, wraps an iterable (e.g. tqdm). `workers` > 1 scores on that many
    processes when the engine has `score_parallel` (progress is then not shown). A remote
    `executor` (etl.executors, `--dask`) scores in chunks on its workers instead: built-in
    engines only.
    """
    schema.validate(comments, ("text",), "sentiment")
    polarity = comments["polarity"] if "polarity" in comments else pd.Series(float("nan"), index=comments.index)
    subjectivity = (
        comments["subjectivity"] if "subjectivity" in comments else pd.Series(float("nan"), index=comments.index)
    )
    used = comments["sentiment_engine"] if "sentiment_engine" in comments else pd.Series(pd.NA, index=comments.index)
    # What to read of each row: `scored_text` (the author's own words, see etl.checks; NA = leave
    # unscored, e.g. a French comment for a German engine) where the pipeline gives it.
    source = comments["scored_text"] if "scored_text" in comments else comments["text"].fillna("")
    todo = polarity.isna() & used.isna() | (used.fillna("") != engine.name)
    texts = source[todo]
    unique = texts.dropna().drop_duplicates().tolist()
    scores = dict(zip(unique, _score_texts(engine, unique, progress, workers, executor)))
    unscored = (float("nan"), float("nan"))
    polarity = polarity.mask(todo, texts.map(lambda t: scores.get(t, unscored)[0])).astype("float64")
    subjectivity = subjectivity.mask(todo, texts.map(lambda t: scores.get(t, unscored)[1])).astype("float64")
    return comments.assign(
        polarity=polarity,
        subjectivity=subjectivity,
        sentiment=label(polarity),
        sentiment_engine=pd.Series(engine.name, index=comments.index, dtype="string"),
    ), int(texts.notna().sum())


def score_chunk(engine_name: str, texts: list[str]) -> list[tuple[float, float]]:
    """[(polarity, subjectivity)] of `texts` by the built-in engine of that name, built once per
    process: what a Dask worker runs (pickled by name, so the worker imports this package)."""
    return [(float(p), float(s)) for p, s in get_engine(engine_name).score_many(texts)]


def _score_texts(engine, texts, progress, workers, executor=None):
    if executor is not None and executor.remote:
        # Workers build the engine from its name; a model or a test fake would not travel.
        if engine.name not in ENGINES:
            raise SentimentError(
                f"{engine.name} cannot score on a Dask cluster: workers build only the "
                f"built-in engines ({', '.join(ENGINES)}); drop --dask or choose one with --sentiment"
            )
        return _score_remotely(executor, engine.name, texts)
    if workers is not None and workers > 1 and len(texts) >= PARALLEL_FROM and hasattr(engine, "score_parallel"):
        return engine.score_parallel(texts, workers=workers)
    items = progress(texts) if progress else texts
    if hasattr(engine, "score_many"):
        return engine.score_many(items)
    return [engine.score(text) for text in items]


def _score_remotely(executor, engine_name: str, texts: Iterable[str]):
    """score_chunk over `texts` in chunks of CHUNK_SIZE on `executor`, results in order."""
    texts = list(texts)
    chunks = [texts[start : start + CHUNK_SIZE] for start in range(0, len(texts), CHUNK_SIZE)]
    scored = executor.map(functools.partial(score_chunk, engine_name), chunks)
    return [pair for chunk in scored for pair in chunk]
