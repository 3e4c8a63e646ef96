"""The store's write lock: one run at a time writes a store folder.

An flock on `.lock`, held for the run. A forked child (a scoring worker) would inherit the lock
with the file descriptor and keep the store locked after its parent was killed with kill -9, so
every child lets go of its copy at fork: the lock dies with the process that took it.
"""

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from etl.store.versions import StoreError

LOCK = ".lock"

_held: set[int] = set()  # descriptors of the locks this process holds


class StoreBusy(StoreError):
    """Another run holds the store's write lock."""


@contextlib.contextmanager
def write_lock(store_dir: Path | str) -> Iterator[None]:
    """Hold the store's write lock, or raise StoreBusy at once if another run has it."""
    try:
        Path(store_dir).mkdir(parents=True, exist_ok=True)
        handle = open(Path(store_dir) / LOCK, "a+")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise StoreError(f"cannot write store {store_dir}: {error.strerror or error}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreBusy(f"store {store_dir} is being written by {holder}; try again later") from None
        _held.add(handle.fileno())
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            _held.discard(handle.fileno())
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _close_in_child():
    # /dev/null over the descriptor rather than close(): the number stays valid for the file
    # object the child inherited, but no longer refers to the locked file.
    for fd in list(_held):
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, fd)
            os.close(null)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)
