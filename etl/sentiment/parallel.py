"""What every built-in engine's batch scoring shares: Python's cycle collector paused while a batch
is scored, and `score_parallel`, a batch spread over a process pool."""

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from etl.config import cores

log = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_worker_engine = None


@contextlib.contextmanager
def cycle_collector_paused():
    """Pause Python's cycle collector for a batch. Scoring makes no reference cycles
    (tests/etl/sentiment/test_textblob.py checks), but it allocates enough that the collector walks
    every object in the process, the lexicons' 200,000 included, once or twice every few thousand
    texts: a fifth of the time on real text."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_parallel(engine, texts, workers=None, build=None):
    """`engine.score_many(texts)` on `workers` processes (default: every core this process may use).

    Texts go out in chunks and come back in order. Forked workers start from `engine` and its
    caches; otherwise each worker calls `build()` (picklable: a class, or a partial of one) once
    and warms the engine it gets.
    """
    texts = list(texts)
    workers = workers or cores()
    if workers <= 1 or len(texts) < 64:
        return engine.score_many(texts)
    size = max(16, min(512, len(texts) // (workers * 8)))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    context = multiprocessing.get_context()
    inherit = engine if context.get_start_method() == "fork" else None
    try:
        pool = ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(inherit, build))
    except OSError as error:  # no semaphores: a read-only or missing /dev/shm
        log.warning("scoring in one process: cannot start worker processes (%s)", error.strerror or error)
        return engine.score_many(texts)
    with pool:
        return [result for chunk in pool.map(_score_chunk, chunks) for result in chunk]


def _start_worker(engine, build):
    global _worker_engine  # one engine per worker process, ready before its first chunk
    die_with_parent()
    _worker_engine = (engine or build()).warm_up()


def die_with_parent():
    """Ask Linux to kill this worker when the run that started it dies (kill -9 included), so no
    orphan keeps working; elsewhere the pool's own shutdown has to do. SIGTERM gets its default
    back: a forked worker inherits the command line's handler (etl.cli), which would print a
    traceback from every worker a stopped run ends."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent.pid:  # it died before the request was made
        os._exit(1)


def _score_chunk(texts):
    return _worker_engine.score_many(texts)
