"""`--dask`: a real `dask scheduler` and two `dask worker` processes on 127.0.0.1, started outside
the project from the installed package, give the same rows as a local run."""

import functools
import json
import os
import socket
import subprocess
import sys
import time

import pandas as pd
import pytest
from distributed import Client
from paths import DATA, ROOT, SAMPLE, SEED

from etl import cli, config, executors, pipeline, sentiment, store
from etl.store import journal

INPUTS = [DATA / "run", SEED, SAMPLE / "fictional-newsroom.csv"]
KEYS = {
    "comments": "comment_id",
    "articles": "article_id",
    "target_stances": "comment_id, target",
    "rejects": "input, location, reason, excerpt",
}
STARTUP_TIMEOUT = 60


def _dask(*args, log, cwd):
    # As on a real cluster: the scheduler and the workers import `etl` from the installed package
    # (`pip install diskurs[dask]`; here the venv's), started from /, outside the project,
    # with no PYTHONPATH pointing into it.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args], cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def _stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _logs(folder):
    return "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}" for path in sorted(folder.glob("*.log"))
    )


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a scheduler on 127.0.0.1 (a port it picked) with two single-thread workers."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    processes = []
    try:
        with open(folder / "scheduler.log", "w") as log:
            processes.append(
                _dask(
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(address_file),
                    log=log,
                    cwd="/",
                )
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not address_file.exists() or not address_file.read_text().strip():
            if processes[0].poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dask scheduler did not start\n{_logs(folder)}")
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for name in ("w1", "w2"):
            with open(folder / f"{name}.log", "w") as log:
                processes.append(
                    _dask(
                        "worker",
                        address,
                        "--name",
                        name,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--local-directory",
                        str(folder / name),
                        log=log,
                        cwd="/",
                    )
                )
        with Client(address, timeout=STARTUP_TIMEOUT, set_as_default=False) as client:
            try:
                client.wait_for_workers(2, timeout=deadline - time.monotonic())
            except TimeoutError:
                pytest.fail(f"two dask workers did not join\n{_logs(folder)}")
        yield address
    finally:
        _stop(processes[::-1])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _table(store_dir, name):
    with store.connect_readonly(store_dir) as con:
        frame = con.execute(f"SELECT * FROM {name} ORDER BY {KEYS[name]}").df()
    return frame.drop(columns=["run_id"], errors="ignore")


def test_a_run_on_a_dask_cluster_gives_the_rows_of_a_local_run(scheduler, tmp_path, monkeypatch):
    # Small chunks: several scoring tasks on both workers, so their results must come back in order.
    monkeypatch.setattr(sentiment, "CHUNK_SIZE", 40)
    local = config.Settings(store_dir=tmp_path / "local")
    remote = config.Settings(store_dir=tmp_path / "dask", dask=scheduler)
    expected = pipeline.run(INPUTS, local)
    result = pipeline.run(INPUTS, remote)
    assert (result.n_loaded, result.n_scored, result.n_rejected) == (
        expected.n_loaded,
        expected.n_scored,
        expected.n_rejected,
    )
    assert expected.n_scored > 5 * sentiment.CHUNK_SIZE
    for name in KEYS:
        pd.testing.assert_frame_equal(_table(remote.store_dir, name), _table(local.store_dir, name))
    with Client(scheduler, set_as_default=False) as client:
        built = client.run(
            lambda: "etl.sentiment" in sys.modules and sys.modules["etl.sentiment"].get_engine.cache_info().currsize
        )
        where = [
            *client.run(lambda: (os.getcwd(), os.environ.get("PYTHONPATH"))).values(),
            client.run_on_scheduler(lambda: (os.getcwd(), os.environ.get("PYTHONPATH"))),
        ]
    assert any(built.values()), "the workers never scored"
    # Nothing pointed them at the project: they found the installed package.
    assert all(not cwd.startswith(str(ROOT)) and path is None for cwd, path in where), where


def test_a_refresh_on_a_dask_cluster_reads_only_a_changed_file(scheduler, tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "forum-a.csv").write_bytes((INPUTS[0] / "forum-a.csv").read_bytes())
    settings = config.Settings(store_dir=tmp_path / "store", dask=scheduler)
    pipeline.run([folder], settings)
    (folder / "forum-b.csv").write_bytes((INPUTS[0] / "forum-b.csv").read_bytes())
    result = pipeline.refresh(settings)
    assert (result.n_loaded, result.n_new, result.n_scored) == (2, 2, 2)


def test_a_built_in_engine_on_dask_scores_like_it_does_here(scheduler):
    texts = ["Das ist wirklich gut.", "Schlechter Artikel!", "", "Na ja."] * 3
    with executors.DaskExecutor(scheduler) as executor:
        remote = executor.map(functools.partial(sentiment.score_chunk, "german-plus"), [texts[:5], texts[5:]])
    remote = remote[0] + remote[1]
    assert remote == sentiment.get_engine("german-plus").score_many(texts)


def test_an_unreachable_scheduler_is_a_cluster_error_within_the_timeout():
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(executors.ClusterError, match=f"cannot reach the Dask scheduler at {address}: "):
        with executors.DaskExecutor(address, timeout=2):
            pass
    assert time.monotonic() - started < 15


def test_dask_on_the_command_line_fails_in_one_line_when_the_scheduler_is_away(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    code = cli.main(["run", str(INPUTS[1]), "--store", str(tmp_path / "s"), "--dask", address])
    error = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert error[-1].startswith(f"error: cannot reach the Dask scheduler at {address}")
    assert store.current_path(tmp_path / "s") is None  # no version: a failed run copies nothing
    assert journal.read(tmp_path / "s")["status"].tolist() == ["failed"]


def test_a_model_with_dask_is_refused_before_anything_is_read(tmp_path):
    settings = config.Settings(store_dir=tmp_path / "s", dask="tcp://127.0.0.1:1", model=tmp_path / "m.joblib")
    with pytest.raises(sentiment.SentimentError, match="--model cannot be combined with --dask"):
        pipeline.run([INPUTS[1]], settings)


def test_an_engine_the_workers_cannot_build_is_refused():
    class Remote(executors.LocalExecutor):
        remote = True

    class Fake:
        name = "fake"

        def score(self, text):
            return 0.0, 0.0

    with pytest.raises(sentiment.SentimentError, match="fake cannot score on a Dask cluster"):
        sentiment.score(pd.DataFrame({"text": ["gut"]}), Fake(), executor=Remote())
