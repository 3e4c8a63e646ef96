"""What the store and the last run say about themselves: the header's status line and
`/healthz` for monitors. Both read the same two things: the store version served (or why it
cannot be read) and the run journal's newest run (etl.store.journal), so a failed refresh shows
in both, not only the last success."""

import logging

import flask
import pandas as pd
from dash import no_update

from dashboard import auth, filters, queries
from etl.store import StoreError, journal

log = logging.getLogger("dashboard")
OK_CLASS = "last-refreshed"
PROBLEM_CLASS = "last-refreshed status-problem"


def last_run(reader):
    """The journal's newest run (a dict, see etl.store.journal.last_run), or None."""
    return journal.last_run(reader.store_dir)


RUN_FIELDS = [
    "run_id",
    "command",
    "status",
    "started_at",
    "finished_at",
    "sentiment_engine",
    "n_loaded",
    "n_scored",
    "error",
]


def recent_runs(reader, limit):
    """The newest `limit` runs, newest first: the store's `runs` table with the journalled runs
    it lacks (failed and idle ones, which leave no version), in RUN_FIELDS."""
    journalled = journal.read(reader.store_dir)[RUN_FIELDS]
    try:
        stored = reader.query(queries.recent_runs, limit)
    except StoreError:  # the header says why; the journal still tells what happened
        stored = journalled.iloc[0:0]
    stored = stored if len(stored) else journalled.iloc[0:0]
    return journal.merged(stored[RUN_FIELDS], reader.store_dir).head(limit)


def run_problem(run):
    """Why `run` (a journal entry) failed, in one line; None for a run that did not fail."""
    if not run or run.get("status") != "failed":
        return None
    error = (run.get("error") or "no reason recorded").strip().splitlines()
    return f"last {run.get('command') or 'run'} failed at {_when(run.get('finished_at'))}: {error[0] if error else ''}"


def health(reader):
    """JSON for monitors and load balancers: `status` "ok" or "error" with a one-line `reason`
    (the store cannot be read, or the last run failed), the store version served, its number
    of comments, the last refresh and the journal's last run.

    Version and count come from one version: a store switch between them cannot mix two.
    """
    run = last_run(reader)
    answer = {"status": "ok", "reason": None, "store_version": None, "comments": 0, "last_refreshed": None}
    try:
        version, cursor = reader.snapshot()
        if cursor is not None:
            with cursor:
                last = queries.last_refresh(cursor)
                counts = queries.kpis(cursor, filters.filters_from())
            answer.update(
                store_version=version,
                comments=int(counts["n_comments"].iloc[0]),
                last_refreshed=None if last.empty else pd.Timestamp(last["finished_at"].iloc[0]).isoformat(),
            )
    except StoreError as error:
        answer.update(status="error", reason=f"store cannot be read: {error}", comments=None)
    problem = run_problem(run)
    if problem and answer["reason"] is None:
        answer.update(status="error", reason=problem)
    answer["last_run"] = run
    return answer


def healthz(reader):
    """The /healthz response: health(reader) as JSON, 200 when ok, else 503; with sign-in on,
    a stranger (a load balancer) gets only the status and its reason."""
    answer = health(reader)
    code = 200 if answer["status"] == "ok" else 503
    if auth.sign_in_on() and auth.current_user() is None:
        answer = {"status": answer["status"], "reason": answer["reason"]}
    return flask.jsonify(answer), code


def add_routes(server, reader):
    """/healthz, and a one-line 503 (never a traceback) for any request that meets an unreadable
    store: a page callback, a download."""
    server.add_url_rule("/healthz", "healthz", lambda: healthz(reader))

    @server.errorhandler(StoreError)
    def _unreadable(error):
        log.warning("store cannot be read: %s", error)
        return flask.jsonify({"error": f"store cannot be read: {error}"}), 503


def refresh_status(reader, known_version):
    """Header values: the status line and its class (every time: a failed run changes no
    version), then the data version, topic options and date bounds (no_update while the
    version has not changed)."""
    text, css_class = header_status(reader)
    try:
        version = reader.version or "empty"
        if version == known_version:
            return (text, css_class) + (no_update,) * 4
        topics = reader.query(queries.topic_options)
        bounds = reader.query(queries.date_bounds)
    except StoreError:  # said by the status line; the filters keep what they had
        return (text, css_class) + (no_update,) * 4
    return (
        text,
        css_class,
        version,
        [{"label": t, "value": t} for t in topics.get("topic", [])],
        _day(bounds, "first_day"),
        _day(bounds, "last_day"),
    )


def header_status(reader):
    """(text, CSS class) of the header's status line: the last refresh and the last run's
    outcome, or why the store cannot be read."""
    run = last_run(reader)
    try:
        last = reader.query(queries.last_refresh)
    except StoreError as error:
        return f"Store cannot be read: {error}", PROBLEM_CLASS
    text = refresh_text(last)
    problem = run_problem(run)
    if problem:
        return f"{problem[0].upper()}{problem[1:]} · {text}", PROBLEM_CLASS
    if run is not None and not last.empty:
        text += f" · last {run.get('command') or 'run'} ok at {_when(run.get('finished_at'))}"
    return text, OK_CLASS


def refresh_text(last):
    """'Data refreshed … · engine …', or how to get data when there is none."""
    if last.empty:
        return "No data yet — run `diskurs run`"
    finished = pd.Timestamp(last["finished_at"].iloc[0]).strftime("%Y-%m-%d %H:%M UTC")
    engine = last["sentiment_engine"].iloc[0]
    engine = engine if isinstance(engine, str) and engine else "unknown"
    return f"Data refreshed {finished} · sentiment engine {engine}"


def _when(iso):
    """An ISO time of the journal as 'YYYY-MM-DD HH:MM UTC' ('an unknown time' if missing)."""
    stamp = pd.to_datetime(iso, utc=True, errors="coerce")
    return "an unknown time" if pd.isna(stamp) else stamp.strftime("%Y-%m-%d %H:%M UTC")


def _day(frame, column):
    if frame.empty or pd.isna(frame[column].iloc[0]):
        return None
    return pd.Timestamp(frame[column].iloc[0]).date().isoformat()
