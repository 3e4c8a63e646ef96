"""One ETL run, top to bottom: read sources → normalize → merge with what is stored → threads →
sentiment → topics → article aggregates → a new store version, published whole or not at all.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import DiskursError, schema, sentiment, store, topics
from etl.aggregate import summarize_articles
from etl.normalize import normalize
from etl.sources import Batch, REJECT_COLUMNS, SourceError, read_input, reject
from etl.threads import build_threads

log = logging.getLogger(__name__)


class StrictError(DiskursError):
    """--strict was given and the run had rejects."""


@dataclass(frozen=True)
class RunResult:
    run_id: str
    n_read: int
    n_loaded: int
    n_rejected: int
    n_new: int
    n_changed: int
    n_scored: int


def run(inputs, settings, command="run", engine_name="textblob-de", missing_inputs="raise"):
    """Load `inputs` (files or folders) into the store beside what is there; return a RunResult.

    `missing_inputs="reject"` (used by refresh) turns a vanished source into a reject row instead
    of an error. Any error leaves the stored data as it was and records a failed run.
    """
    run_id = _new_run_id()
    started = _now()
    inputs = [str(Path(i).resolve()) for i in inputs]
    with store.write_lock(settings.store_dir):
        try:
            topic_patterns = topics.load_topics(settings.topics_file)
            engine = sentiment.get_engine(engine_name)
            batch = _read_all(inputs, missing_inputs)
            with store.new_version(settings.store_dir) as con:
                result, rejects = _load(con, batch, topic_patterns, engine, run_id, settings.progress)
                if settings.strict and len(rejects):
                    raise StrictError(f"--strict: {len(rejects)} rejected record(s), first: "
                                      f"{rejects.iloc[0]['input']} {rejects.iloc[0]['location']}: "
                                      f"{rejects.iloc[0]['reason']}")
                store.append_rows(con, "rejects", rejects.assign(run_id=run_id))
                store.append_rows(con, "runs", _run_row(run_id, started, command, inputs, engine, result))
                _remember_sources(con, inputs)
            return result
        except DiskursError as error:
            _record_failure(settings.store_dir, run_id, started, command, inputs, engine_name, error)
            raise


def refresh(settings, engine_name="textblob-de"):
    """Re-read every source the store remembers; load what is new or changed."""
    try:
        con = store.connect_readonly(settings.store_dir)
    except store.StoreError:
        raise SourceError(f"store {settings.store_dir} has no sources yet: run `python -m etl run INPUT` first")
    with con:
        inputs = [row[0] for row in con.execute("SELECT input FROM sources ORDER BY added_at, input").fetchall()]
    if not inputs:
        raise SourceError(f"store {settings.store_dir} has no sources yet: run `python -m etl run INPUT` first")
    return run(inputs, settings, command="refresh", engine_name=engine_name, missing_inputs="reject")


def _read_all(inputs, missing_inputs):
    batches = []
    for path in inputs:
        if not Path(path).exists() and missing_inputs == "reject":
            rejected = pd.DataFrame([reject(path, "file", "input not found: it was a source of this store")])
            batches.append(Batch(schema.empty(schema.RAW_ARTICLES), schema.empty(schema.RAW_COMMENTS), rejected))
            continue
        batches.append(read_input(path))
    return Batch(
        _concat([b.articles for b in batches], schema.RAW_ARTICLES),
        _concat([b.comments for b in batches], schema.RAW_COMMENTS),
        _concat([b.rejects for b in batches], REJECT_COLUMNS),
    )


def _load(con, batch, topic_patterns, engine, run_id, progress):
    """Transform the batch together with the stored rows of its articles and write them."""
    articles_in, comments_in, rejects = normalize(batch)
    affected = sorted(set(articles_in["article_id"].dropna()) | set(comments_in["article_id"].dropna()))
    stored_comments = _stored(con, "comments", affected)
    stored_articles = _stored(con, "articles", affected)

    comments, n_new, n_changed = _merge_comments(stored_comments, comments_in)
    articles = _merge_articles(stored_articles, articles_in, comments)
    comments = build_threads(comments)
    rejects = pd.concat([rejects, _thread_rejects(comments)], ignore_index=True)
    comments, n_scored = sentiment.score(comments, engine, progress=_progress_bar(progress))
    articles, comments = topics.assign_topics(articles, comments, topic_patterns)
    articles = summarize_articles(articles, comments)

    store.replace_rows(con, "comments", comments, "article_id", affected)
    store.replace_rows(con, "articles", articles, "article_id", affected)
    result = RunResult(run_id, len(batch.comments) + len(batch.rejects), len(comments_in),
                       len(rejects), n_new, n_changed, n_scored)
    return result, schema.conform(rejects, REJECT_COLUMNS)


def _stored(con, table, article_ids):
    if not article_ids:
        return schema.empty(schema.TABLES[table])
    con.register("affected", pd.DataFrame({"article_id": article_ids}))
    frame = store.read_table(con, table, "WHERE article_id IN (SELECT article_id FROM affected)")
    con.unregister("affected")
    return frame


def _merge_comments(stored, incoming):
    """Incoming rows replace stored rows of the same id; scores carry over where the text is unchanged."""
    previous = stored.set_index("comment_id")
    known = incoming["comment_id"].isin(previous.index)
    old_text = incoming["comment_id"].map(previous["text"])
    changed = known & (old_text != incoming["text"]).fillna(True)
    same = known & ~changed
    carried = {col: incoming["comment_id"].map(previous[col]).where(same)
               for col in ("polarity", "subjectivity", "sentiment_engine")}
    incoming = incoming.assign(**carried)
    kept = stored[~stored["comment_id"].isin(incoming["comment_id"])]
    merged = pd.concat([kept, incoming], ignore_index=True)
    return merged, int((~known).sum()), int(changed.sum())


def _merge_articles(stored, incoming, comments):
    """Incoming article rows replace stored ones; an article known only through comments gets a bare row."""
    articles = pd.concat([stored[~stored["article_id"].isin(incoming["article_id"])], incoming],
                         ignore_index=True)
    orphans = sorted(set(comments["article_id"]) - set(articles["article_id"]))
    bare = pd.DataFrame({"article_id": pd.Series(orphans, dtype="string")})
    return pd.concat([articles, bare], ignore_index=True) if orphans else articles


def _thread_rejects(comments):
    noted = comments[comments["thread_note"].notna()]
    return pd.DataFrame([
        reject(row["source"], f"comment_id {row['comment_id']}", row["thread_note"], row["text"])
        for row in noted.to_dict("records")
    ], columns=list(REJECT_COLUMNS))


def _run_row(run_id, started, command, inputs, engine, result):
    return pd.DataFrame([{
        "run_id": run_id, "started_at": started, "finished_at": _now(), "status": "ok",
        "inputs": "; ".join(inputs), "n_read": result.n_read, "n_loaded": result.n_loaded,
        "n_rejected": result.n_rejected, "error": None, "command": command, "n_new": result.n_new,
        "n_changed": result.n_changed, "n_scored": result.n_scored, "sentiment_engine": engine.name,
    }])


def _record_failure(store_dir, run_id, started, command, inputs, engine_name, error):
    """A failed run is still listed in `runs`; its data never lands."""
    row = pd.DataFrame([{
        "run_id": run_id, "started_at": started, "finished_at": _now(), "status": "failed",
        "inputs": "; ".join(inputs), "n_read": 0, "n_loaded": 0, "n_rejected": 0,
        "error": str(error), "command": command, "sentiment_engine": engine_name,
    }])
    try:
        with store.new_version(store_dir) as con:
            store.append_rows(con, "runs", row)
    except Exception:  # the store itself may be what failed; the error still reaches the user
        log.warning("could not record failed run %s", run_id, exc_info=True)


def _remember_sources(con, inputs):
    known = {row[0] for row in con.execute("SELECT input FROM sources").fetchall()}
    new = [i for i in inputs if i not in known]
    kinds = ["folder" if Path(i).is_dir() else "file" for i in new]
    store.append_rows(con, "sources", pd.DataFrame({"input": new, "kind": kinds, "added_at": _now()}))


def _progress_bar(enabled):
    if not enabled:
        return None
    from tqdm import tqdm

    return lambda items: tqdm(items, desc="scoring", unit="comment", disable=len(items) < 200)


def _concat(frames, columns):
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else schema.empty(columns)


def _new_run_id():
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def _now():
    return pd.Timestamp.now(tz="UTC")
