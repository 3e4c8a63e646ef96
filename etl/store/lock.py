"""The store's write lock: one run at a time writes a store folder."""

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from etl.store.versions import StoreError

LOCK = ".lock"


class StoreBusy(StoreError):
    """Another run holds the store's write lock."""


@contextlib.contextmanager
def write_lock(store_dir: Path | str) -> Iterator[None]:
    """Hold the store's write lock, or raise StoreBusy at once if another run has it."""
    Path(store_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(store_dir) / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreBusy(f"store {store_dir} is being written by {holder}; try again later") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
