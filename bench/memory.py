"""Peak memory of a process and everything it starts, sampled from /proc (Linux).

A run forks workers that share most of their pages with it, so adding up their RSS counts those
pages once a process. The proportional set size (PSS) shares each page among the processes that
map it: summed over the tree it is what the run costs the machine. `TreeMemory` samples both.
"""

import os
import threading
from pathlib import Path

INTERVAL = 0.5  # seconds between samples
_PAGE = os.sysconf("SC_PAGE_SIZE")


class TreeMemory:
    """While in a `with` block, samples process `pid` and its descendants every `interval`
    seconds; `largest` is the largest RSS of one process seen, `tree` the largest sum of the
    tree's PSS, both in MB (0 where /proc could not tell)."""

    def __init__(self, pid: int, interval: float = INTERVAL):
        self.pid, self.interval = pid, interval
        self.largest = self.tree = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        """Take one sample now."""
        pids = descendants(self.pid)
        rss = [_rss(pid) for pid in pids]
        self.largest = max(self.largest, *rss, 0.0)
        self.tree = max(self.tree, sum(_pss(pid) for pid in pids))

    def _sample_until_stopped(self):
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (children of any of their threads), while they live."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            queue += [int(child) for child in _read(f"/proc/{current}/task/{task}/children").split()]
    return found


def _rss(pid):
    fields = _read(f"/proc/{pid}/statm").split()
    return int(fields[1]) * _PAGE / 1e6 if len(fields) > 1 else 0.0


def _pss(pid):
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1e3
    return 0.0


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:  # the process ended between two reads
        return ""
