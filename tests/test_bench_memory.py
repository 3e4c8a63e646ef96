"""bench/memory.py, which the benchmarks' memory figures come from: the largest process and the
whole tree, shared pages counted once."""

import subprocess
import sys

from paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from memory import TreeMemory

# 300 MB written, then a fork: the child shares them and writes 200 MB of its own.
FAMILY = """
import os, time
shared = b"x" * 300_000_000
if os.fork() == 0:
    own = b"y" * 200_000_000
    time.sleep(1.5)
    os._exit(0)
os.wait()
"""


def test_a_forked_child_counts_its_shared_pages_once_in_the_tree_and_whole_in_its_own_size():
    child = subprocess.Popen([sys.executable, "-c", FAMILY])
    with TreeMemory(child.pid, interval=0.1) as memory:
        child.wait()
    assert child.returncode == 0
    assert 480 <= memory.largest <= 600  # the forked child: 300 MB shared and 200 MB of its own
    assert 480 <= memory.tree <= 650  # not 800: the shared 300 MB once, split between the two


def test_a_process_that_is_gone_samples_as_nothing():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    memory = TreeMemory(child.pid)
    memory.sample()
    assert (memory.largest, memory.tree) == (0.0, 0.0)
