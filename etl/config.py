"""Settings, read once at the edge (the CLI, the dashboard's entry points) and passed down.

The defaults a run falls back on (the sample inputs, the topics file, the Model quality page's
figures) are package data under `etl/resources/`, found wherever the package is installed; the
default store is `data/store` under the folder the command runs in.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from etl import DiskursError

RESOURCES = Path(__file__).resolve().parent / "resources"
DEFAULT_TOPICS = RESOURCES / "topics.toml"
DEFAULT_QUALITY = RESOURCES / "quality.json"
SAMPLE_INPUTS = (RESOURCES / "sample",)
STORE_FOLDER = Path("data") / "store"  # under the current folder
LANGUAGES = ("de", "en")  # the dashboard's languages, the first the default


def cores() -> int:
    """The cores this process may use (its CPU affinity where the OS has one, as Linux does)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    store_dir: Path = field(default_factory=lambda: Path.cwd() / STORE_FOLDER)
    topics_file: Path = DEFAULT_TOPICS
    quality_file: Path = DEFAULT_QUALITY  # evaluation figures the dashboard's quality page shows
    strict: bool = False
    progress: bool = False
    request_interval: float = 0.5  # seconds between requests to one site: polite by default
    site_deadline: float = 120.0  # seconds one site's pull may take, however it stalls (docs/limits.md)
    sentiment: str | None = None  # engine name; None = the store's last one, else textblob-de
    model: Path | None = None  # a model file from `etl train`, instead of an engine
    workers: int = field(default_factory=cores)  # scoring processes
    dask: str | None = None  # a Dask scheduler address: parse and score there (etl.executors)
    sample_inputs: tuple = field(default=SAMPLE_INPUTS)
    # The dashboard's language, de or en (a user may switch). The entry points read DISKURS_LANG,
    # German when unset (from_env); built in code (tests, benchmarks) it is the code's English.
    language: str = "en"


class SettingError(DiskursError, ValueError):
    """An environment variable Diskurs cannot use: said in one line by every entry point."""


def _number(name, kind):
    try:
        return kind(os.environ[name])
    except ValueError:
        raise SettingError(f"{name} must be a number, not {os.environ[name]!r}") from None


def from_env(**overrides) -> Settings:
    """Settings from DISKURS_* environment variables, then explicit overrides (None = unset)."""
    values = {}
    if os.environ.get("DISKURS_STORE"):
        values["store_dir"] = Path(os.environ["DISKURS_STORE"])
    if os.environ.get("DISKURS_WORKERS"):
        values["workers"] = _number("DISKURS_WORKERS", int)
    if os.environ.get("DISKURS_QUALITY"):
        values["quality_file"] = Path(os.environ["DISKURS_QUALITY"])
    if os.environ.get("DISKURS_SITE_DEADLINE"):
        values["site_deadline"] = _number("DISKURS_SITE_DEADLINE", float)
    if os.environ.get("DISKURS_TOPICS"):
        values["topics_file"] = Path(os.environ["DISKURS_TOPICS"])
    values["language"] = (os.environ.get("DISKURS_LANG") or LANGUAGES[0]).strip().lower()
    if values["language"] not in LANGUAGES:
        raise SettingError(f"DISKURS_LANG must be one of {', '.join(LANGUAGES)}, not {os.environ['DISKURS_LANG']!r}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    for key in ("store_dir", "topics_file", "model"):
        if key in values:
            values[key] = Path(values[key])
    return Settings(**values)
