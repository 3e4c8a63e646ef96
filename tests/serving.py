"""The dashboard served for real on 127.0.0.1, for tests that talk to it over HTTP: a store to
serve, a free port, a server process started and stopped around a test."""

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request

from paths import DATA, ROOT


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=30):
    """(status, body bytes) of a GET; HTTP errors raise (urllib's HTTPError is an OSError)."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def run_store(store, inputs=(DATA / "run" / "forum-a.csv",)):
    """`python -m etl run` of `inputs` into `store`, as an operator would."""
    subprocess.run(
        [sys.executable, "-m", "etl", "run", *map(str, inputs), "--store", str(store), "--quiet"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return store


@contextlib.contextmanager
def served(command, port, env=None, wait=90):
    """Run the server `command` (listening on `port`) until the block ends; yield its base URL
    once /healthz answers."""
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while True:
        try:
            get(base + "/healthz", timeout=10)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"{command[2]} did not start") from None
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
