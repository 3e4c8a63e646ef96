"""Settings, read once at the edge (CLI, dashboard entry points) and passed down."""

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_STORE = PROJECT_DIR / "data" / "store"
DEFAULT_TOPICS = PROJECT_DIR / "data" / "topics.toml"
DEFAULT_QUALITY = PROJECT_DIR / "data" / "quality.json"
SAMPLE_INPUTS = (PROJECT_DIR / "data" / "sample",)


@dataclass(frozen=True)
class Settings:
    store_dir: Path = DEFAULT_STORE
    topics_file: Path = DEFAULT_TOPICS
    quality_file: Path = DEFAULT_QUALITY  # evaluation figures the dashboard's quality page shows
    strict: bool = False
    progress: bool = False
    request_interval: float = 0.5  # seconds between requests to one site: polite by default
    sentiment: str | None = None  # engine name; None = the store's last one, else textblob-de
    model: Path | None = None  # a model file from `python -m etl train`, instead of an engine
    workers: int = field(default_factory=lambda: len(os.sched_getaffinity(0)))  # scoring processes
    dask: str | None = None  # a Dask scheduler address: parse and score there (etl.cluster)
    sample_inputs: tuple = field(default=SAMPLE_INPUTS)


def from_env(**overrides):
    """Settings from DISKURS_* environment variables, then explicit overrides (None = unset)."""
    values = {}
    if os.environ.get("DISKURS_STORE"):
        values["store_dir"] = Path(os.environ["DISKURS_STORE"])
    if os.environ.get("DISKURS_WORKERS"):
        values["workers"] = int(os.environ["DISKURS_WORKERS"])
    if os.environ.get("DISKURS_QUALITY"):
        values["quality_file"] = Path(os.environ["DISKURS_QUALITY"])
    if os.environ.get("DISKURS_TOPICS"):
        values["topics_file"] = Path(os.environ["DISKURS_TOPICS"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "store_dir" in values:
        values["store_dir"] = Path(values["store_dir"])
    for key in ("topics_file", "model"):
        if key in values:
            values[key] = Path(values[key])
    return Settings(**values)
