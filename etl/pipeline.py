"""One ETL run, top to bottom: read sources → normalize → merge with what is stored → threads →
sentiment → topics → article aggregates → a new store version, published whole or not at all.

The input is never held whole: readers hand it over in blocks (etl.sources.read_blocks), each
block is normalised and checked at once and its comments spilled to a temporary folder in the
store folder (`_Spill`, deleted at the end, also on failure, and by the next run after a kill);
the chunks of articles are then transformed from what the spill holds for them, several at once
on several cores (etl.transform.transform_chunks). A reply and its parent are always in one
article, so the threads of the whole input come out as before.
"""

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import pickle
import shutil
import socket
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import DiskursError, checks, executors, sentiment, signals, sources, store, topics
from etl.config import Settings
from etl.normalize import Normalizer, RejectRows, is_note
from etl.quality import binary
from etl.quality.train import load_model, used_model
from etl.schema import reject
from etl.sentiment import prescore
from etl.sources import Batch, SourceError, files_of, http, is_url, make_batch, wordpress_api
from etl.store import bookkeeping, journal
from etl.transform import Analyzers, Stored, transform_chunks

log = logging.getLogger(__name__)

# Comments transformed at once: bounds memory on big stores, large enough to keep overhead small.
CHUNK_COMMENTS = 20_000
# Comments a reader hands over at once (etl.sources.read_blocks): bounds memory on big inputs.
BLOCK_COMMENTS = 50_000
# The spill folders in the store folder (one a run, while it runs).
SPILL_PREFIX = ".spill-"
# Files read at once on a Dask cluster: each comes back whole, so only a few are held at a time.
CLUSTER_FILES = 8


# Set when the process was told to stop (SIGTERM, etl.cli): an error raised after it is the stop.
TERMINATING = threading.Event()


class StrictError(DiskursError):
    """--strict was given and the run had rejects."""


def _analyzers(settings):
    topics_hash = (
        hashlib.sha1(Path(settings.topics_file).read_bytes()).hexdigest()[:16]
        if Path(settings.topics_file).is_file()
        else ""
    )
    return Analyzers(
        topics.load_topics(settings.topics_file),
        topics.load_targets(settings.topics_file),
        _engine(settings),
        topics_hash,
        settings.workers,
        # The rules, or the models the store was told to use (`diskurs train moderation --use`).
        binary.store_signals(settings.store_dir, signals.get_engines()),
    )


def _engine(settings):
    """The model or engine asked for; else the model the store was told to use (`diskurs train
    --use`); else the engine that scored the store, so a plain refresh never rescores everything
    with another engine."""
    model = settings.model or (None if settings.sentiment else used_model(settings.store_dir))
    if model:
        if settings.dask:
            which = "--model" if settings.model else f"the store's model ({model}, `train --use`)"
            raise sentiment.SentimentError(
                f"{which} cannot be combined with --dask: models are not shipped "
                "to the workers; use a built-in engine (--sentiment NAME)"
            )
        return load_model(model)  # imports scikit-learn: only runs with a model pay for it
    name = settings.sentiment or bookkeeping.last_engine(settings.store_dir) or sentiment.DEFAULT_ENGINE
    if name.startswith("model:"):
        raise sentiment.SentimentError(
            f"this store was scored with {name}: pass --model FILE (or --sentiment NAME to rescore with an engine)"
        )
    return sentiment.get_engine(name)


@dataclass(frozen=True)
class RunResult:
    run_id: str
    n_read: int
    n_loaded: int
    n_rejected: int  # records not loaded
    n_new: int
    n_changed: int
    n_scored: int
    n_removed: int
    n_noted: int = 0  # records loaded with a repair and a note ("kept …" rejects)
    n_articles: int = 0  # articles new to the store or given new details (title, url, date, …)
    unreadable: tuple = ()  # (input, what went wrong) of sources or files not read, or read in part
    idle: bool = False  # nothing new was read: no version was written


def run(
    inputs: Iterable[Path | str], settings: Settings, command: str = "run", missing_inputs: str = "raise"
) -> "RunResult":
    """Load `inputs` (files or folders) into the store beside what is there; return a RunResult.

    `missing_inputs="reject"` (used by refresh) turns a vanished or unreadable source into a
    reject row instead of an error. Any error (an interrupt included) leaves the stored data as
    it was and records a failed run in the journal (etl.store.journal). A run that read nothing
    new writes no version. With `settings.dask`, files are parsed and texts scored on that Dask
    cluster (etl.executors); the store is still written here.
    """
    run_id = _new_run_id()
    started = _now()
    inputs = [_canonical(i) for i in inputs]
    with store.write_lock(settings.store_dir):
        try:
            result, analyzers = _run_locked(inputs, settings, command, missing_inputs, run_id, started)
        except BaseException as error:
            _record_failure(settings.store_dir, run_id, started, command, inputs, settings.sentiment, error)
            raise
        journal.record(settings.store_dir, _run_row(run_id, started, command, inputs, analyzers, result).iloc[0])
        return result


def _run_locked(inputs, settings, command, missing_inputs, run_id, started):
    analyzers = _analyzers(settings)
    old_states = bookkeeping.source_states(settings.store_dir)
    with executors.executor(settings.dask) as executor, _spill_folder(settings.store_dir) as spill:
        # Top-level comments' sentiment and signals are scored beside the reading, on the core it
        # leaves idle.
        enabled = analyzers.workers > 1 and not executor.remote
        with prescore.Prescorer(analyzers.engine, enabled, analyzers.signals) as prescorer:
            intake = _Intake(_Spill(spill), _now(), prescorer)
            states, unreadable = _read_all(
                inputs, missing_inputs, old_states, settings.request_interval, executor, intake, settings.site_deadline
            )
            incoming = intake.finish(unreadable)
        if _idle(incoming, inputs, states, old_states, analyzers, settings.store_dir):
            return RunResult(run_id, 0, 0, 0, 0, 0, 0, 0, idle=True), analyzers
        with store.new_version(settings.store_dir, whole=False) as con:
            result, rejects = _load(con, incoming, analyzers, run_id, settings.progress, executor)
            first = rejects.first_refused() if settings.strict else None
            if first is not None:
                raise StrictError(
                    f"--strict: {rejects.n_rows - rejects.n_notes} rejected record(s), first: "
                    f"{first['input']} {first['location']}: {first['reason']}"
                )
            for frame in rejects.frames():
                store.append_rows(con, "rejects", frame.assign(run_id=run_id))
            store.append_rows(con, "runs", _run_row(run_id, started, command, inputs, analyzers, result))
            bookkeeping.remember_sources(con, _sources(inputs), states)
    return result, analyzers


def _spill_folder(store_dir):
    """A temporary folder for the run's spill (`_Spill`), deleted at the end, also on failure:
    in the store folder, on the disk meant for the data. What a killed run left there is
    deleted first (the caller holds the write lock: no other run is using it)."""
    for left in Path(store_dir).glob(SPILL_PREFIX + "*"):
        shutil.rmtree(left, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=SPILL_PREFIX, dir=store_dir)


def _idle(incoming, inputs, states, old_states, analyzers, store_dir):
    """Nothing to write: nothing read, no new source, no state moved on, same topics and engines."""
    if len(incoming.articles) or incoming.comments.n_comments or incoming.rejects.n_rows:
        return False
    if set(inputs) - set(bookkeeping.source_inputs(store_dir)):
        return False
    if any(old_states.get(source) != state for source, state in states.items()):
        return False
    return bookkeeping.last_analysis(store_dir) == _analysis(analyzers)


def refresh(settings: Settings) -> "RunResult":
    """Re-read every source the store remembers; load what is new or changed."""
    inputs = bookkeeping.source_inputs(settings.store_dir)
    if not inputs:
        raise SourceError(f"store {settings.store_dir} has no sources yet: run `diskurs run INPUT` first")
    return run(inputs, settings, command="refresh", missing_inputs="reject")


def _read_all(inputs, missing_inputs, states, request_interval, executor, intake, site_deadline=wordpress_api.DEADLINE):
    """({source: new state}, [(input, what went wrong)] of the sources and files that could not
    be read, or were read only in part); what was read is handed to `intake` block by block.

    Sites are pulled from where they left off. On refresh (`missing_inputs="reject"`) files whose
    size and modification time are as last read are skipped, an input that has vanished or a site
    that fails becomes one reject, and the other sources still load. On `run`, a file named
    as an input that nothing can be read from fails the run. Files are read here in blocks, or
    parsed on a remote `executor` (etl.executors), a few whole files at a time; sites are always
    pulled here.
    """
    tolerant = missing_inputs == "reject"
    new_states, unreadable = {}, []
    with http.make_session(min_interval=request_interval) as session:
        for source in inputs:
            try:
                if is_url(source):
                    batch, new_states[source] = wordpress_api.read_site(
                        source, session, states.get(source), deadline=site_deadline
                    )
                    unreadable.extend(_cut_short(source, batch))
                    intake.add(batch)
                elif not Path(source).exists() and tolerant:
                    intake.add(
                        make_batch(rejects=[reject(source, "file", "input not found: it was a source of this store")])
                    )
                    unreadable.append((source, "could not be read: input not found"))
                else:
                    new_states[source], lost = _read_files(source, states.get(source), tolerant, executor, intake)
                    unreadable.extend(lost)
            except SourceError as error:
                if not tolerant:
                    raise
                intake.add(make_batch(rejects=[reject(source, "source", f"not read: {error}")]))
                unreadable.append((source, f"could not be read: {error}"))
    return new_states, unreadable


def _read_files(source, state, skip_unchanged, executor, intake):
    """The files of a file or folder source read into `intake`, their fingerprints as the
    source's new state, and the (file, reason) of those nothing could be read from (an error
    when `source` is that one file, and this is not a refresh)."""
    seen = (state or {}).get("files", {})
    fingerprints, todo = {}, []
    for path in files_of(source):
        stat = path.stat()
        fingerprints[str(path)] = [stat.st_size, stat.st_mtime_ns]
        if not (skip_unchanged and seen.get(str(path)) == fingerprints[str(path)]):
            todo.append(path)
    lost = []
    for path, batches in _file_batches(todo, executor):
        found = _FileOutcome()
        for batch in batches:
            found.add(batch)
            intake.add(batch)
        if reason := found.unreadable():
            lost.append((str(path), reason))
    if lost and not skip_unchanged and Path(source).is_file():
        raise SourceError(f"{source} could not be read: {lost[0][1]}; nothing was loaded")
    lost = [(path, f"could not be read: {reason}") for path, reason in lost]
    return {"files": fingerprints}, lost


def _file_batches(paths, executor):
    """(path, its Batches) of each file: here, block by block (etl.sources.read_blocks); on a
    remote executor, CLUSTER_FILES files parsed at once, each a Batch."""
    if not executor.remote:
        for path in paths:
            yield path, sources.read_blocks(path, BLOCK_COMMENTS)
        return
    for start in range(0, len(paths), CLUSTER_FILES):
        group = paths[start : start + CLUSTER_FILES]
        yield from zip(group, ([batch] for batch in executor.map(read_shared_file, group)))


class _FileOutcome:
    """Whether a file's Batches gave any rows, and the first whole-file reject that is no note."""

    def __init__(self):
        self.rows, self.whole = False, None

    def add(self, batch):
        self.rows = self.rows or bool(len(batch.comments) or len(batch.articles))
        if self.whole is None:
            whole = batch.rejects[(batch.rejects["location"] == "file") & ~is_note(batch.rejects)]
            self.whole = str(whole["reason"].iloc[0]) if len(whole) else None

    def unreadable(self):
        """Why nothing could be read from the file, or None when it gave rows."""
        return None if self.rows else self.whole


def _cut_short(site, batch):
    """[(site, what went wrong)] when a pull stopped before its last page (a deadline, a cap, a
    page the site kept repeating): one entry, else none. Bad single items do not count."""
    pages = batch.rejects[batch.rejects["location"].fillna("").str.match(r"GET \S+ page \d+$")]
    if pages.empty:
        return []
    reason = str(pages["reason"].iloc[0]).removeprefix(f"{site}: ")
    return [(site, f"was read in part: {reason}")]


def read_shared_file(path: Path | str) -> sources.Batch:
    """`sources.read_file` on whichever machine runs it (a Dask worker, with --dask); a path that
    machine cannot see is a ClusterError naming it."""
    if not Path(path).exists():
        raise executors.ClusterError(
            f"{path} is not on {socket.gethostname()}: with --dask, inputs must be on a "
            "filesystem every worker shares, at the same path"
        )
    return sources.read_file(path)


def _canonical(source):
    source = str(source)
    return wordpress_api.site_url(source) if is_url(source) else str(Path(source).resolve())


@dataclass(frozen=True)
class Incoming:
    """What a run read, normalised and checked, without the raw rows: the comments are in the
    spill."""

    articles: pd.DataFrame
    comments: "_Spill"
    rejects: "RejectRows"  # the reader's and normaliser's, then the notes of the checks
    complete: list  # files read without a reject: only those can tell that a comment has gone
    n_read: int
    unreadable: tuple  # (input, what went wrong) of sources or files not read, or read in part


class _Intake:
    """Normalises and checks each Batch read as it comes (etl.normalize.Normalizer,
    checks.flag_comments), spills its comments and hands the spilled block to the prescorer
    (etl.sentiment.prescore), and counts what `Incoming` needs: the reject rows and notes come out
    as `normalize` and `flag_comments` give them for the whole input."""

    def __init__(self, spill, now, prescorer):
        self.spill, self.now, self.normalizer, self.prescorer = spill, now, Normalizer(spill.folder), prescorer
        self.notes, self.troubled, self.with_comments, self.n_read = RejectRows(spill.folder), set(), set(), 0

    def add(self, batch):
        """Take one Batch of raw rows (it is not kept)."""
        self.n_read += len(batch.comments) + len(batch.rejects)
        self.troubled.update(batch.rejects["input"].dropna())
        self.with_comments.update(batch.comments["source"].dropna())
        # The index a comment has in the whole input read so far, as one Batch of it would give.
        first = self.spill.n_raw
        raw = Batch(batch.articles, batch.comments.reset_index(drop=True), batch.rejects)
        comments, notes = checks.flag_comments(self.normalizer.comments(raw), self.now)
        self.notes.add(notes)
        block = self.spill.add(comments.set_axis(comments.index + first), len(raw.comments))
        if block is not None:
            self.prescorer.submit(block, len(comments))

    def finish(self, unreadable):
        """The Incoming of every Batch taken."""
        if self.spill.empty is None:  # nothing was read: still, chunks of stored articles need the columns
            self.add(make_batch())
        articles, rejects = self.normalizer.finish()
        # Its ids' hashes (16 bytes an id) are not needed past the reading: the run goes on
        # without them while this intake lives.
        self.normalizer = None
        rejects.take(self.notes)
        complete = _complete_sources(self.with_comments, self.troubled)
        return Incoming(articles, self.spill, rejects, complete, self.n_read, tuple(unreadable))


class _Spill:
    """A run's normalised comments in a temporary folder, so that memory does not grow with the
    input: first as the blocks they were read in, then (`regroup`) as one file per chunk of
    articles, which `chunk_reader` reads back in input order. Frames are pickled: exact dtypes, no
    extra dependency."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.blocks, self.counts, self.n_comments, self.n_raw = [], Counter(), 0, 0
        self.empty = None  # the columns and dtypes of a chunk without incoming comments

    def add(self, comments, n_raw):
        """Keep a block of comments; `n_raw` comments were read for it (duplicates included). The
        path of the block's file, or None for an empty block."""
        self.n_raw += n_raw
        if self.empty is None:
            self.empty = comments.iloc[:0]
        if not len(comments):
            return None
        path = self.folder / f"block-{len(self.blocks)}.pickle"
        comments.to_pickle(path)
        self.blocks.append(path)
        self.counts.update(comments["article_id"].dropna().value_counts().to_dict())
        self.n_comments += len(comments)
        return path

    def regroup(self, chunks):
        """Write the comments again, one file per chunk (a list of article ids), deleting the
        blocks; comments of no chunk (no article) are dropped, as they were never loaded."""
        chunk_of = {article_id: number for number, ids in enumerate(chunks) for article_id in ids}
        for path in self.blocks:
            comments = pd.read_pickle(path)
            scores = prescore.scores_path(path)
            if scores.exists():  # the top-level comments' sentiment and signals, scored while reading
                found = pd.read_pickle(scores)
                comments = comments.assign(**{column: found[column] for column in found.columns})
                scores.unlink()
            for number, part in comments.groupby(comments["article_id"].map(chunk_of), sort=False):
                with open(self._chunk_path(int(number)), "ab") as handle:
                    pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
            path.unlink()
        self.blocks = []

    def chunk_reader(self, number):
        """A function of no arguments that returns the incoming comments of chunk `number`, in
        input order (deleting its file). It pickles as the file's name, so a worker process reads
        its chunk itself: the parent need not read it and pickle it over to the worker."""
        return functools.partial(_read_chunk, self._chunk_path(number), self.empty)

    def _chunk_path(self, number):
        return self.folder / f"chunk-{number}.pickle"


def _read_chunk(path, empty):
    # The parts `_Spill.regroup` appended to a chunk's file, in input order.
    if not path.exists():
        return empty
    parts = []
    with open(path, "rb") as handle:
        while True:
            try:
                parts.append(pickle.load(handle))
            except EOFError:
                break
    path.unlink()
    return (pd.concat(parts) if len(parts) > 1 else parts[0]).sort_index(kind="stable")


def _load(con, incoming, analyzers, run_id, progress, executor):
    """Transform what came in with the stored rows of its articles, a chunk of articles at a time
    (so memory stays bounded whatever the store holds), and write each chunk."""
    articles_in, spill = incoming.articles, incoming.comments
    last = bookkeeping.last_run(con)
    # Another topics file, sentiment or signals engine than last time: every stored article is
    # redone (scores are kept where the engine is the same).
    redo = last is not None and last != _analysis(analyzers)
    affected = set(articles_in["article_id"].dropna()) | set(spill.counts)
    if redo:
        affected |= bookkeeping.article_ids(con)
    counts = Counter()
    rejects = incoming.rejects  # the chunks' rejects follow
    chunks = _chunks(con, sorted(affected), spill.counts)
    spill.regroup(chunks)
    tables = ("comments", "articles", "target_stances")
    jobs = (
        (
            Stored(*(store.read_articles_rows(con, table, ids) for table in tables)),
            articles_in[articles_in["article_id"].isin(ids)],
            spill.chunk_reader(number),
        )
        for number, ids in enumerate(chunks)
    )
    # Chunks may be transformed a few at once (etl.transform.transform_chunks); they are written
    # here, in order, as each comes back.
    with contextlib.closing(
        transform_chunks(jobs, incoming.complete, analyzers, redo, executor, n_jobs=len(chunks))
    ) as done_chunks:
        for ids, done in zip(chunks, _progress_bar(progress, done_chunks, len(chunks))):
            for table in tables:
                store.replace_rows(con, table, getattr(done, table), "article_id", ids)
            counts.update(done.counts)
            rejects.add(done.rejects)
    result = RunResult(
        run_id,
        incoming.n_read,
        spill.n_comments,
        rejects.n_rows - rejects.n_notes,
        counts["n_new"],
        counts["n_changed"],
        counts["n_scored"],
        counts["n_removed"],
        n_noted=rejects.n_notes,
        n_articles=counts["n_articles"],
        unreadable=incoming.unreadable,
    )
    return result, rejects


def _chunks(con, article_ids, incoming):
    """Lists of article ids holding about CHUNK_COMMENTS comments each, stored and `incoming`
    ({article_id: comments read}) together."""
    size = CHUNK_COMMENTS
    if not article_ids:
        return []
    stored = bookkeeping.comment_counts(con, article_ids)
    chunks, current, filled = [], [], 0
    for article_id in article_ids:
        current.append(article_id)
        filled += stored.get(article_id, 0) + incoming.get(article_id, 0)
        if filled >= size:
            chunks.append(current)
            current, filled = [], 0
    return chunks + ([current] if current else [])


def _complete_sources(with_comments, troubled):
    """Files read without a single reject (of the sources that gave comments, those that no
    reader reject names): only those can tell that a comment has gone. A site never can: a pull
    returns what changed since the last one, and the WordPress reader reports the comments it
    found gone itself (etl.sources.wordpress_api)."""
    return sorted(source for source in set(with_comments) - set(troubled) if not is_url(source))


def _run_row(run_id, started, command, inputs, analyzers, result):
    return pd.DataFrame(
        [
            {
                "run_id": run_id,
                "started_at": started,
                "finished_at": _now(),
                "status": "ok",
                "inputs": "; ".join(inputs),
                "n_read": result.n_read,
                "n_loaded": result.n_loaded,
                "n_rejected": result.n_rejected,
                "error": None,
                "command": command,
                "n_new": result.n_new,
                "n_changed": result.n_changed,
                "n_scored": result.n_scored,
                "n_removed": result.n_removed,
                "n_noted": result.n_noted,
                "sentiment_engine": analyzers.engine.name,
                "topics_hash": analyzers.topics_hash,
                "signals_engine": analyzers.signals.name,
            }
        ]
    )


def _analysis(analyzers):
    """What a run analyses with, as bookkeeping.last_run returns it for the last run."""
    return (analyzers.topics_hash, analyzers.engine.name, analyzers.signals.name)


def _record_failure(store_dir, run_id, started, command, inputs, engine_name, error):
    """A failed run is kept in the run journal, beside the versions: recording it never copies
    the store, and works when the store itself is what failed."""
    journal.record(
        store_dir,
        {
            "run_id": run_id,
            "started_at": started,
            "finished_at": _now(),
            "status": "failed",
            "inputs": "; ".join(inputs),
            "n_read": 0,
            "n_loaded": 0,
            "n_rejected": 0,
            "error": error_line(error),
            "command": command,
            "sentiment_engine": engine_name,
        },
    )


def error_line(error: BaseException) -> str:
    """One line saying what ended a run."""
    if TERMINATING.is_set():  # whatever SIGTERM interrupted, that is what ended it
        return "stopped: terminated (SIGTERM)"
    if isinstance(error, KeyboardInterrupt):
        return f"stopped: {error or 'interrupted'}"
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    return first if isinstance(error, DiskursError) else f"{type(error).__name__}: {first}".rstrip(": ")


def _sources(inputs):
    """The run's inputs as rows of the `sources` table."""
    kinds = ["wordpress-api" if is_url(i) else "folder" if Path(i).is_dir() else "file" for i in inputs]
    return pd.DataFrame({"input": inputs, "kind": kinds, "added_at": _now()})


def _progress_bar(enabled, chunks, total):
    """The `total` chunks, with a progress bar on long runs."""
    if not enabled or total < 2:
        return chunks
    from tqdm import tqdm

    return tqdm(chunks, desc="articles in chunks", unit="chunk", total=total)


def _new_run_id():
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def _now():
    return pd.Timestamp.now(tz="UTC")
