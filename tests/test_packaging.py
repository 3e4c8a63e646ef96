"""`pip install .` gives a `diskurs` command that works from any folder, with the bundled sample
data and topics file installed as package data (end to end: a real build, real processes)."""

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from paths import ROOT

# What a clone holds but a build must not see: the venv, stores, caches.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "store", "__pycache__", "build", "*.egg-info", ".pytest_cache")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The package built from a copy of this tree and installed, without its dependencies (the
    test's venv has them), into a folder of its own: (that folder, an environment using it)."""
    tmp = tmp_path_factory.mktemp("packaging")
    source, target = tmp / "source", tmp / "site"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("DISKURS_STORE", None)
    return target, env


def _diskurs(installed, *args):
    target, env = installed
    return subprocess.run(
        [str(target / "bin" / "diskurs"), *map(str, args)],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_installed_package_is_what_runs(installed):
    target, env = installed
    found = subprocess.run(
        [sys.executable, "-c", "import etl, dashboard; print(etl.__file__, dashboard.__file__)"],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(path.startswith(str(target)) for path in found), found


def test_diskurs_lists_every_command_of_the_etl_and_the_dashboard(installed):
    shown = _diskurs(installed, "--help")
    assert shown.returncode == 0, shown.stderr
    for command in (
        "run",
        "refresh",
        "schedule",
        "export",
        "status",
        "suggest-topics",
        "evaluate",
        "train",
        "dashboard",
    ):
        assert f"    {command}" in shown.stdout
    assert "--port" in _diskurs(installed, "dashboard", "--help").stdout


def test_diskurs_run_from_anywhere_loads_the_bundled_sample_and_serves_it(installed, tmp_path):
    store = tmp_path / "store"
    ran = _diskurs(installed, "run", "--store", store, "--quiet")
    assert ran.returncode == 0, ran.stderr
    exported = _diskurs(installed, "export", "comments", "--store", store, "--out", "-")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    # The seed page's 3 comments and the fictional newsroom's 476, topics from the bundled file.
    assert len(rows) == 479
    assert sum(bool(row["topics"]) for row in rows) > 100
    assert _serve(installed, store)["comments"] == 479


def _serve(installed, store):
    """/healthz of `diskurs dashboard --store STORE`, started from /, once it answers."""
    target, env = installed
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(target / "bin" / "diskurs"), "dashboard", "--store", str(store), "--port", str(port)],
        cwd="/",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                    return json.loads(answer.read())
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)
