"""Refresh on a schedule until stopped. Overlap is impossible: every run takes the store's write
lock, and a tick that finds it taken is skipped, not queued.
"""

import logging
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

    A failing refresh is logged and the schedule goes on; the next tick tries again.
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
        done += 1
        if times is not None and done >= times:
            break
        next_start += seconds
        sleep(max(0.0, next_start - clock()))
    return done
