"""One chunk of articles through every stage, as a function of frames: the stored rows of those
articles plus what this run read → the rows to store.

Only what is new or changed is worked on: sentiment for new and changed texts, stance and signals
(etl/signals) for those and for replies to them, topics and target stances for those and for every
comment of an article whose own row changed. Everything else is carried over from the store.
`redo=True` (a new topics file, sentiment or signals engine) works on every row again (scores are
still kept where the engine is the same).

`transform_chunks` runs the chunks of a run one after the other, or, with several cores, as many
chunks at once on forked processes (each scoring its own chunk's sentiment): most of a chunk's
work is Python that one process does on one core.
"""

import gc
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import pandas as pd

from etl import checks, schema, sentiment, stance, topics
from etl.aggregate import summarize_articles
from etl.executors import DaskExecutor, LocalExecutor
from etl.normalize import combine_articles
from etl.schema import REJECT_COLUMNS, reject
from etl.sentiment import prescore
from etl.sentiment.parallel import die_with_parent
from etl.signals import COLUMNS as SIGNAL_COLUMNS
from etl.signals import Signals, get_engines, signal_columns
from etl.text import quotes
from etl.threads import build_threads

log = logging.getLogger(__name__)
_ARTICLE_CONTENT = ["title", "body", "source_topics"]  # what topics are found in
# What an input may say of an article (an article list, a comment file's article columns).
_ARTICLE_DETAILS = ["url", "title", "author", "published_at", "body", "source_topics", "section"]


@dataclass(frozen=True)
class Analyzers:
    """What a run scores with, loaded once per run: topic and target patterns, the sentiment
    engine, the signals engines."""

    topics: dict
    targets: dict
    engine: sentiment.Engine
    topics_hash: str  # which topics file the topics came from: a new one re-applies them everywhere
    workers: int = 1  # processes scoring sentiment on this machine
    signals: Signals = field(default_factory=get_engines)  # rules-v1 unless a run asks for others


@dataclass(frozen=True)
class Stored:
    """The store's rows of the articles in a chunk."""

    comments: pd.DataFrame
    articles: pd.DataFrame
    target_stances: pd.DataFrame


@dataclass(frozen=True)
class Transformed:
    comments: pd.DataFrame
    articles: pd.DataFrame
    target_stances: pd.DataFrame
    rejects: pd.DataFrame
    counts: dict  # n_new, n_changed, n_removed, n_scored, n_articles (new or with new details)


def transform(
    stored: Stored,
    articles_in: pd.DataFrame,
    comments_in: pd.DataFrame,
    complete_sources: Collection[str],
    analyzers: Analyzers,
    redo: bool = False,
    executor: LocalExecutor | DaskExecutor | None = None,
    progress: Callable | None = None,
) -> Transformed:
    """Transformed rows of one chunk (see the module docstring)."""
    comments, counts = merge_comments(stored.comments, comments_in, complete_sources)
    articles = merge_articles(stored.articles, articles_in, comments)
    comments = checks.flag_threads(build_threads(comments))
    rejects = thread_rejects(comments, comments_in["comment_id"])
    counts["n_articles"] = len(_changed_articles(stored.articles, articles, _ARTICLE_DETAILS, new=True))

    fresh = comments["_fresh"] | redo | comments["article_id"].isin(_changed_articles(stored.articles, articles))
    # Each comment's own words (without what it quotes), once for the whole chunk, which holds
    # every parent: sentiment reads them (scored_text) and so does stance.
    comments = comments.assign(own_text=quotes.own_texts(comments))
    comments = comments.assign(scored_text=checks.texts_to_score(comments))
    comments, counts["n_scored"] = sentiment.score(
        comments,
        analyzers.engine,
        progress=progress,
        workers=analyzers.workers,
        executor=executor,
        known=prescore.known_scores(comments.get(prescore.COLUMN)),
    )
    # Signals read the own words too: scored again where the text or the parent changed (`_fresh`),
    # or another signals engine scored them; else carried over.
    known = prescore.known_signals(comments.get(prescore.SIGNALS_COLUMN), analyzers.signals.name)
    comments = signal_columns(comments, analyzers.signals, redo=comments["_fresh"], known=known)
    comments = comments.drop(columns=[prescore.COLUMN, prescore.SIGNALS_COLUMN], errors="ignore")
    comments = _restance(comments, fresh).drop(columns=["own_text"])
    # The fresh comments' words looked up once for topics and targets.
    mentions = topics.Mentions(analyzers.topics, analyzers.targets, comments.loc[fresh, "text"].tolist())
    articles, comments = _retopic(articles, comments, fresh, analyzers.topics, mentions.topics)
    articles = summarize_articles(articles, comments)
    target_stances = _retarget(stored.target_stances, comments, fresh, analyzers.targets, mentions.targets)
    return Transformed(comments.drop(columns=["_fresh"]), articles, target_stances, rejects, counts)


def transform_chunks(
    jobs: Iterable[tuple[Stored, pd.DataFrame, pd.DataFrame | Callable[[], pd.DataFrame]]],
    complete_sources: Collection[str],
    analyzers: Analyzers,
    redo: bool = False,
    executor: LocalExecutor | DaskExecutor | None = None,
    n_jobs: int | None = None,
) -> Iterator[Transformed]:
    """`transform` of each job (stored rows, articles in, comments in of one chunk), in order. A
    job's comments in may be a function of no arguments that reads them, called in the process
    that transforms the chunk (a worker reads its chunk itself).

    With `analyzers.workers` > 1 on this machine (not a Dask cluster, which scores the texts
    itself), fork available and more than one job (`n_jobs`, when known), `workers` chunks are
    transformed at once on as many processes, each scoring its chunk in one process; the jobs are
    taken one ahead of the results, so at most `workers` + 1 chunks are held. The results are those
    of `transform`: each chunk is a function of its own rows.

    The workers are forked from a process with threads (DuckDB's) and live objects of extension
    modules: the cycle collector runs first and then freezes what exists, so a worker's collector
    never finalises an object it inherited (one did, and crashed with a segmentation fault).
    """
    workers = analyzers.workers
    remote = executor is not None and executor.remote
    pool = None
    several = n_jobs is None or n_jobs > 1
    if workers > 1 and several and not remote and "fork" in multiprocessing.get_all_start_methods():
        try:
            pool = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), initializer=die_with_parent)
        except OSError as error:  # no semaphores: a read-only or missing /dev/shm
            log.warning("one chunk at a time: cannot start worker processes (%s)", error.strerror or error)
    if pool is None:
        for stored, articles_in, comments_in in jobs:
            comments_in = _comments_in(comments_in)
            yield transform(stored, articles_in, comments_in, complete_sources, analyzers, redo=redo, executor=executor)
        return
    global _chunk_analyzers  # inherited by the forked workers: the engines are never pickled
    _chunk_analyzers = replace(analyzers, workers=1)
    finished = False
    gc.collect()
    gc.freeze()
    try:
        pending = deque()
        for job in jobs:
            pending.append(pool.submit(_transform_job, job, complete_sources, redo))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        gc.unfreeze()
        _chunk_analyzers = None
        # On a failure or a stop (SIGTERM) the chunks at work are not waited for: the pool has
        # no public way to end its processes, so they are taken from it before it lets go.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=finished, cancel_futures=True)
        for process in [] if finished else processes:
            process.terminate()


_chunk_analyzers = None


def _transform_job(job, complete_sources, redo):
    stored, articles_in, comments_in = job
    return transform(stored, articles_in, _comments_in(comments_in), complete_sources, _chunk_analyzers, redo=redo)


def _comments_in(comments_in):
    # A job's comments in: a frame, or a function that reads it (in the process that transforms it).
    return comments_in() if callable(comments_in) else comments_in


def merge_comments(
    stored: pd.DataFrame, incoming: pd.DataFrame, complete_sources: Collection[str]
) -> tuple[pd.DataFrame, dict[str, int]]:
    """(merged comments with `_fresh` = new or changed, counts n_new / n_changed / n_removed).

    Incoming rows replace stored rows of the same id; scores, labels and analysis carry over where
    the text is unchanged. A row a source reports as removed keeps its stored text, author and scores.
    A stored comment missing from a source that was read completely and cleanly
    (`complete_sources`) is marked `removed`, never deleted.
    """
    previous = stored.set_index("comment_id")
    incoming = _keep_removed_content(incoming, previous)
    known = incoming["comment_id"].isin(previous.index)
    old_text = incoming["comment_id"].map(previous["text"])
    old_status = incoming["comment_id"].map(previous["status"])
    same_text = known & (old_text == incoming["text"]).fillna(False)
    changed = known & ~(same_text & (old_status == incoming["status"]).fillna(False))
    analysis = ("polarity", "subjectivity", "sentiment", "sentiment_engine", "stance", "stance_evidence", "topics")
    carried = {col: incoming["comment_id"].map(previous[col]).where(same_text) for col in (*analysis, *SIGNAL_COLUMNS)}
    incoming = incoming.assign(**carried, _fresh=~same_text)
    kept = stored[~stored["comment_id"].isin(incoming["comment_id"])]
    vanished = kept["source"].isin(complete_sources) & (kept["status"] != "removed")
    kept = kept.assign(status=kept["status"].mask(vanished, "removed"), _fresh=False)
    merged = pd.concat([kept, incoming], ignore_index=True)
    # A reply's stance depends on its parent: a changed parent makes its replies fresh too.
    fresh_ids = merged.loc[merged["_fresh"], "comment_id"]
    merged = merged.assign(_fresh=merged["_fresh"] | merged["parent_id"].isin(fresh_ids))
    counts = {"n_new": int((~known).sum()), "n_changed": int(changed.sum()), "n_removed": int(vanished.sum())}
    return merged, counts


def merge_articles(stored: pd.DataFrame, incoming: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Incoming article rows update stored ones column by column: a value given replaces the
    stored one, a value left out keeps it (a comment dump naming only the ids never blanks the
    titles an article list gave, in whichever order they came). An article known only through
    comments gets a bare row."""
    if len(incoming):
        incoming = incoming.reindex(columns=stored.columns).astype(stored.dtypes.to_dict())
        articles = combine_articles(pd.concat([stored, incoming], ignore_index=True))
    else:
        articles = stored
    orphans = sorted(set(comments["article_id"]) - set(articles["article_id"]))
    bare = pd.DataFrame({"article_id": pd.Series(orphans, dtype="string")})
    return pd.concat([articles, bare], ignore_index=True) if orphans else articles


def thread_rejects(comments: pd.DataFrame, incoming_ids: pd.Series) -> pd.DataFrame:
    """Notes on cut parent links, for this run's comments only (stored ones were noted before)."""
    noted = comments[comments["thread_note"].notna() & comments["comment_id"].isin(incoming_ids)]
    return pd.DataFrame(
        [
            reject(row["source"], f"comment_id {row['comment_id']}", row["thread_note"], row["text"])
            for row in noted.to_dict("records")
        ],
        columns=list(REJECT_COLUMNS),
    )


def _keep_removed_content(incoming, previous):
    removed = incoming["status"].eq("removed") & incoming["comment_id"].isin(previous.index)
    if not removed.any():
        return incoming
    restore = {
        col: incoming[col].mask(removed, incoming["comment_id"].map(previous[col]))
        for col in ("text", "author", "created_at")
    }
    return incoming.assign(**restore)


def _changed_articles(stored, merged, columns=tuple(_ARTICLE_CONTENT), new=False):
    """Articles whose `columns` (title, body, source topics) differ from what is stored; with
    `new`, also those not stored before."""
    both = merged.merge(stored, on="article_id", how="left" if new else "inner", suffixes=("", "_old"), indicator=True)
    differs = both["_merge"] == "left_only"
    for column in columns:
        differs = differs | (
            both[column].astype("string").fillna("") != both[column + "_old"].astype("string").fillna("")
        )
    return set(both.loc[differs, "article_id"])


def _restance(comments, fresh):
    """Stance of fresh replies; the parents they need are passed along but keep their rows."""
    if not fresh.any():
        return comments
    parents = comments["comment_id"].isin(comments.loc[fresh, "parent_id"])
    worked = stance.classify_replies(comments[fresh | parents])
    worked = worked[fresh[fresh | parents]]
    return comments.assign(
        stance=comments["stance"].mask(fresh, worked["stance"].reindex(comments.index)),
        stance_evidence=comments["stance_evidence"].mask(fresh, worked["stance_evidence"].reindex(comments.index)),
    )


def _retopic(articles, comments, fresh, patterns, mentions):
    """Topics of every article (cheap: one per article) and of the fresh comments."""
    articles, worked = topics.assign_topics(articles, comments[fresh], patterns, mentions)
    return articles, comments.assign(topics=comments["topics"].mask(fresh, worked["topics"].reindex(comments.index)))


def _retarget(stored, comments, fresh, targets, mentions):
    """Target stances of fresh comments, beside the stored ones of the others."""
    keep = stored[stored["comment_id"].isin(comments.loc[~fresh, "comment_id"])]
    worked = stance.target_stance(comments[fresh], targets, mentions)
    frames = [frame for frame in (keep, worked) if len(frame)]
    if not frames:
        return schema.empty(schema.TARGET_STANCES)
    return schema.conform(pd.concat(frames, ignore_index=True), schema.TARGET_STANCES)
