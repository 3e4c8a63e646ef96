"""The sentiment stage, behind one small protocol.

`score(comments, engine)` needs `text` (and `polarity`, `subjectivity`, `sentiment`,
`sentiment_engine` when present: what the same engine scored before is kept) and adds
`polarity, subjectivity, sentiment, sentiment_engine`. Engines: `textblob-de` (the `textblob`
subpackage: textblob-de's numbers, bit for bit, many times faster) and `german-plus`
(`german_plus`: closer to people's labels); a model from `etl train` fits the same protocol
(etl.quality.train.Model). An engine's label is `label(polarity)`.

The default, `textblob-de+german-plus`, is a `Pair`: polarity and subjectivity exactly
textblob-de's (as documented), the label from german-plus's polarity, which agrees with people
on news comments far better (docs/quality.md).
"""

import functools
from collections.abc import Callable, Iterable, Mapping
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
DEFAULT_ENGINE = "textblob-de+german-plus"
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


# The engines that score polarity (and are measured by `etl evaluate`); `get_engine` also builds
# pairs of them, "NUMBERS+LABEL".
ENGINES = {"textblob-de": FastTextBlobDE, "german-plus": GermanPlusEngine}


class Pair:
    """Polarity and subjectivity from one engine (`numbers`), the label from another's polarity
    (`labels`); named "NUMBERS+LABEL", as the store records it in `sentiment_engine`."""

    def __init__(self, numbers: Engine, labels: Engine):
        self.numbers, self.labels = numbers, labels
        self.name = f"{numbers.name}+{labels.name}"


@functools.cache
def get_engine(name: str = DEFAULT_ENGINE) -> "Engine | Pair":
    """The engine (or pair, "NUMBERS+LABEL") of that name, built once per process."""
    return build_engine(name)


def build_engine(name: str) -> "Engine | Pair":
    """A new engine (or pair) of that name, with cold caches. A pair's two engines share one
    part-of-speech tagger and its caches; in the default pair german-plus also takes the exact
    engine's sentences where both split a text alike (etl.sentiment.textblob.tokens.Handover)."""
    numbers, pair, labels = name.partition("+")
    if not pair:
        if name not in ENGINES:
            choices = ", ".join([DEFAULT_ENGINE, *ENGINES])
            raise SentimentError(f"unknown sentiment engine {name!r}; choose one of {choices}")
        return ENGINES[name]()
    if numbers == labels or {numbers, labels} - set(ENGINES):
        raise SentimentError(
            f"unknown sentiment engine {name!r}: a pair is two different engines of {', '.join(ENGINES)}, "
            f"NUMBERS+LABEL (the default is {DEFAULT_ENGINE})"
        )
    scorer = ENGINES[numbers]()
    if isinstance(scorer, FastTextBlobDE) and labels == "german-plus":  # the default pair
        return Pair(scorer, GermanPlusEngine(tagger=scorer.tagger, sentences_from=scorer))
    return Pair(scorer, ENGINES[labels](tagger=scorer.tagger))


def label(polarity: pd.Series) -> pd.Series:
    """negative / neutral / positive from polarity (thresholds above); NA stays NA."""
    labels = pd.Series("neutral", index=polarity.index, dtype="string")
    labels = labels.mask(polarity > POSITIVE_ABOVE, "positive").mask(polarity < NEGATIVE_BELOW, "negative")
    return labels.mask(polarity.isna())


def score(
    comments: pd.DataFrame,
    engine: "Engine | Pair",
    progress: Callable | None = None,
    workers: int | None = None,
    executor: LocalExecutor | DaskExecutor | None = None,
    known: Mapping[str, Mapping[str, tuple[float, float]]] | None = None,
) -> tuple[pd.DataFrame, int]:
    """(comments with sentiment columns, number of rows scored): only what this engine has not
    scored yet is scored. A `Pair` keeps stored numbers of its numbers engine and rescores only
    labels of rows another engine labelled (a store scored by textblob-de alone, for example).
    `known` ({engine name: {text: (polarity, subjectivity)}}) holds what an engine gave some
    texts already (etl.sentiment.prescore): those are not scored again.

    Each distinct text is scored once, in one `score_many` call when the engine has it.
    `progress`, if given, wraps an iterable (e.g. tqdm). `workers` > 1 scores on that many
    processes when the engine has `score_parallel` (progress is then not shown). A remote
    `executor` (etl.executors, `--dask`) scores in chunks on its workers instead: built-in
    engines only.
    """
    schema.validate(comments, ("text",), "sentiment")
    missing = pd.Series(pd.NA, index=comments.index, dtype="string")
    nothing = pd.Series(float("nan"), index=comments.index)
    polarity, subjectivity = comments.get("polarity", nothing), comments.get("subjectivity", nothing)
    used = comments.get("sentiment_engine", missing).astype("string")
    # What to read of each row: `scored_text` (the author's own words, see etl.checks; NA = leave
    # unscored, e.g. a French comment for a German engine) where the pipeline gives it.
    source = comments["scored_text"] if "scored_text" in comments else comments["text"].fillna("")
    pair = engine if isinstance(engine, Pair) else None
    scorer = pair.numbers if pair else engine
    # A row keeps its numbers when this engine's numbers engine scored them (the NUMBERS of a
    # row's "NUMBERS+LABEL").
    # (split, not partition: partition of no rows has no column 0, and a run of articles alone has none)
    todo = polarity.isna() & used.isna() | (used.fillna("").str.split("+").str[0] != scorer.name)
    texts = source[todo]
    scored = _scores(scorer, texts, progress, workers, executor, known)
    polarity = polarity.mask(todo, texts.map(lambda t: scored.get(t, _UNSCORED)[0])).astype("float64")
    subjectivity = subjectivity.mask(todo, texts.map(lambda t: scored.get(t, _UNSCORED)[1])).astype("float64")
    sentiment, relabel = label(polarity), todo
    if pair:
        # A pair's label is kept only where this very pair labelled the row and scored its text.
        relabel = todo | (used.fillna("") != pair.name) | ("sentiment" not in comments)
        texts = source[relabel]
        found = _scores(pair.labels, texts, progress, workers, executor, known)
        labels = label(texts.map(lambda t: found.get(t, _UNSCORED)[0]).astype("float64"))
        sentiment = comments.get("sentiment", missing).astype("string").mask(relabel, labels.reindex(comments.index))
    return comments.assign(
        polarity=polarity,
        subjectivity=subjectivity,
        sentiment=sentiment,
        sentiment_engine=pd.Series(engine.name, index=comments.index, dtype="string"),
    ), int(source[todo | relabel].notna().sum())


_UNSCORED = (float("nan"), float("nan"))


def _scores(engine, texts, progress, workers, executor, known=None):
    """{text: (polarity, subjectivity)} of the distinct texts of a series (NA left out), scored
    but where `known` has them for this engine."""
    unique = texts.dropna().drop_duplicates().tolist()
    found = (known or {}).get(engine.name)
    if not found:
        return dict(zip(unique, _score_texts(engine, unique, progress, workers, executor)))
    todo = [text for text in unique if text not in found]
    scored = dict(zip(todo, _score_texts(engine, todo, progress, workers, executor)))
    return scored | {text: found[text] for text in unique if text in found}


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
