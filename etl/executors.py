"""Where a run's heavy steps run: in this process, or on a Dask cluster (`--dask ADDRESS`).

An executor is a context manager with `map(fn, items) -> list`, results in the order of `items`;
it knows nothing of what it runs. `executor(None)` runs everything here;
`executor("tcp://host:8786")` connects one `distributed.Client` for the run and closes it after.
Functions sent to a cluster are pickled by name, and recent distributed versions unpickle the
task graph on the scheduler too: the scheduler and every worker need this package installed
(`pip install diskurs[dask]`, docs/cli.md, "Running on a Dask cluster").
"""

from etl import DiskursError

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler and see a first worker


class ClusterError(DiskursError):
    """The Dask scheduler cannot be reached, has no workers, or lost them mid-run."""


class LocalExecutor:
    """Everything in this process, in order: the default."""

    remote = False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def map(self, fn, items):
        """[fn(item) for item in items]."""
        return [fn(item) for item in items]


class DaskExecutor:
    """Tasks on an existing Dask cluster, through one client connected for the run."""

    remote = True

    def __init__(self, address, timeout=None):
        self.address = address
        self.timeout = CONNECT_TIMEOUT if timeout is None else timeout
        self._client = None

    def __enter__(self):
        # distributed takes a second to import: only runs with --dask pay for it.
        from distributed import Client

        try:
            self._client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.address}: {_line(error)}") from None
        try:
            self._client.wait_for_workers(1, timeout=self.timeout)
        except TimeoutError:
            self._client.close()
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no workers "
                f"(waited {self.timeout} s): start some with `dask worker {self.address}`"
            ) from None
        return self

    def __exit__(self, *exc_info):
        self._client.close()
        self._client = None

    def map(self, fn, items):
        """[fn(item) for item in items], one task per item on the cluster's workers."""
        from distributed import CancelledError, KilledWorker

        items = list(items)
        if not items:
            return []
        # pure=False: reading a file is not pure (it may have changed), and results are never reused.
        futures = self._client.map(fn, items, pure=False)
        try:
            return self._client.gather(futures)
        except (KilledWorker, CancelledError) as error:
            raise ClusterError(f"the Dask cluster at {self.address} lost a task: {_line(error)}") from None


def executor(address: str | None) -> LocalExecutor | DaskExecutor:
    """A LocalExecutor for None, else a DaskExecutor on the scheduler at `address`."""
    return LocalExecutor() if address is None else DaskExecutor(address)


def _line(error):
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
