"""Refresh on a schedule until stopped. Overlap is impossible: every run takes the store's write
lock, and a tick that finds it taken is skipped, not queued. A refresh that fails, however it
fails, is logged and journalled, and the schedule goes on; ticks missed while a refresh ran long
(or the machine slept) are dropped, not replayed back to back. Only an interrupt (Ctrl-C,
SIGTERM: see etl.cli) or MemoryError ends it.
"""

import logging
import math
import re
import time
from collections.abc import Callable

from etl import DiskursError
from etl.store import StoreBusy

log = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in an interval such as `90s`, `15m`, `1h` (a bare number is minutes)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text))
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30s, 15m, 1h)")
    return float(match.group(1)) * _UNITS[match.group(2) or "m"]


def every(
    seconds: float,
    job: Callable[[], object],
    times: int | None = None,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Call `job` every `seconds` (start to start), `times` times or until interrupted.

    A failing refresh is logged and the schedule goes on; the next tick tries again. Ticks that
    passed while a refresh ran are skipped: the next refresh starts at the next tick to come.
    """
    done = 0
    next_start = clock()
    while times is None or done < times:
        try:
            job()
        except StoreBusy as busy:
            log.warning("skipped: %s", busy)
        except DiskursError as error:
            log.error("refresh failed: %s", error)
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as error:  # a bug or an OS error must not end months of refreshes
            log.error("refresh failed: %s: %s", type(error).__name__, str(error).strip().splitlines()[:1])
        done += 1
        if times is not None and done >= times:
            break
        next_start += seconds
        now = clock()
        if next_start < now:  # missed ticks: wait for the next one, do not catch up
            missed = math.ceil((now - next_start) / seconds)
            log.warning("refresh ran past %d tick(s); they are skipped", missed)
            next_start += missed * seconds
        sleep(max(0.0, next_start - now))
    return done
