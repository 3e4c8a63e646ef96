"""Shared fixtures: the command line run in this process; for the dashboard, a tiny real store
built from hand-written frames."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from etl import cli as etl_cli
from etl import store
from etl.config import Settings

# A small evaluation file as the dashboard's model-quality page reads it.
QUALITY_SAMPLE = Path(__file__).resolve().parent / "dashboard" / "quality-sample.json"


SCRIPT_TEXT = "<script>alert(1)</script> Ich finde das gut."
FORMULA_TEXT = '=HYPERLINK("http://example.invalid")'

_ARTICLE_COLUMNS = ["article_id", "source", "url", "title", "author", "published_at", "topics", "n_comments"]
_ARTICLES = [
    (
        "a1",
        "fixture",
        "https://example.invalid/ki",
        "Chinas KI-Offensive: Was Europa jetzt tun muss",
        "Jana Berg",
        "2025-05-19T08:00:00Z",
        "China;KI",
        6,
    ),
    (
        "a2",
        "fixture",
        "https://example.invalid/tempo",
        "Tempolimit auf Autobahnen: Die Debatte kehrt zurück",
        "Tom Ries",
        "2025-05-26T08:00:00Z",
        "Verkehr",
        3,
    ),
    (
        "a3",
        "fixture",
        "https://example.invalid/miete",
        "Mietpreisbremse verlängert",
        "",
        "2025-06-02T08:00:00Z",
        "Wohnen",
        1,
    ),
]

_COMMENT_COLUMNS = [
    "comment_id",
    "article_id",
    "parent_id",
    "root_id",
    "depth",
    "position",
    "author",
    "created_at",
    "text",
    "polarity",
    "subjectivity",
    "sentiment",
    "stance",
    "topics",
    "status",
    "source",
    "sentiment_engine",
]
# Thread of a1: c1 <- c2 <- c3 (two deep), c4 formula text, c5 script text, c6 deleted.
_COMMENTS = [
    (
        "c1",
        "a1",
        "",
        "c1",
        0,
        1,
        "Anna",
        "2025-05-19T09:00:00Z",
        "Das ist ein Skandal, Europa schläft.",
        -0.6,
        0.8,
        "negative",
        "",
        "China;KI",
    ),
    (
        "c2",
        "a1",
        "c1",
        "c1",
        1,
        2,
        "Bernd",
        "2025-05-19T10:00:00Z",
        "Nein, das stimmt so nicht, die Lage ist gut.",
        0.5,
        0.6,
        "positive",
        "disagree",
        "China;KI",
    ),
    (
        "c3",
        "a1",
        "c2",
        "c1",
        2,
        3,
        "Anna",
        "2025-05-20T07:30:00Z",
        "Schlecht recherchiert, leider.",
        -0.4,
        0.7,
        "negative",
        "disagree",
        "China;KI",
    ),
    (
        "c4",
        "a1",
        "",
        "c4",
        0,
        4,
        "Formelfreund",
        "2025-05-20T12:00:00Z",
        FORMULA_TEXT,
        0.0,
        0.0,
        "neutral",
        "",
        "China;KI",
    ),
    ("c5", "a1", "", "c5", 0, 5, "", "2025-05-21T12:00:00Z", SCRIPT_TEXT, 0.7, 0.9, "positive", "", "KI"),
    (
        "c6",
        "a1",
        "",
        "c6",
        0,
        6,
        "Troll",
        "2025-05-21T13:00:00Z",
        "Gelöschter Beitrag",
        -1.0,
        1.0,
        "negative",
        "",
        "China;KI",
        "deleted",
    ),
    (
        "c7",
        "a2",
        "",
        "c7",
        0,
        1,
        "Carla",
        "2025-05-26T09:00:00Z",
        "Furchtbare Idee, völlig falsch.",
        -0.8,
        0.9,
        "negative",
        "",
        "Verkehr",
    ),
    (
        "c8",
        "a2",
        "c7",
        "c7",
        1,
        2,
        "Dieter",
        "2025-05-27T09:00:00Z",
        "Sehe ich genauso.",
        0.0,
        0.1,
        "neutral",
        "agree",
        "Verkehr",
    ),
    ("c9", "a2", "", "c9", 0, 3, "Eva", None, "Endlich, sehr gute Nachricht!", 0.9, 0.8, "positive", "", "Verkehr"),
    (
        "c10",
        "a3",
        "",
        "c10",
        0,
        1,
        "Frank",
        "2025-06-02T10:00:00Z",
        "Mal sehen, was daraus wird.",
        0.0,
        0.2,
        "neutral",
        "",
        "Wohnen",
    ),
]


# Why each reply's stance was decided, as etl.stance writes it.
STANCE_EVIDENCE = {
    "c2": 'disagree: "Nein" (disagreement); "das stimmt so nicht" (disagreement); '
    "polarity reply +0.50 vs parent -0.60 (opposite leans)",
    "c3": 'disagree: "Schlecht recherchiert" (rebuttal marker); polarity reply -0.40 vs parent +0.50',
    "c8": 'agree: "Sehe ich genauso" (agreement)',
}

_TARGET_COLUMNS = ["comment_id", "article_id", "target", "stance", "score", "evidence"]
# c6 is deleted: its row must never count.
_TARGET_STANCES = [
    ("c1", "a1", "China", "against", -1.0, 'against: "Skandal" -1.0 in „Das ist ein Skandal“'),
    ("c2", "a1", "China", "favor", 0.5, 'favor: "gut" +0.5 in „die Lage ist gut“'),
    ("c2", "a1", "EU", "none", 0.0, "none: no lean in „Europa“"),
    ("c5", "a1", "China", "favor", 0.7, 'favor: "gut" +0.7 in „Ich finde das gut.“'),
    ("c6", "a1", "China", "against", -1.0, "against: deleted comment"),
    ("c7", "a2", "EU", "against", -0.8, 'against: "falsch" -0.8 in „völlig falsch“'),
]


def _comment_frame(rows):
    with_status = [row if len(row) == 15 else row + ("published",) for row in rows]
    full = [row + ("fixture", "textblob-de") for row in with_status]
    comments = pd.DataFrame(full, columns=_COMMENT_COLUMNS)
    return comments.assign(stance_evidence=comments["comment_id"].map(STANCE_EVIDENCE).fillna(""))


def fixture_frames():
    """The fixture tables as frames: articles, comments, runs, target_stances."""
    runs = pd.DataFrame(
        [
            {
                "run_id": "r1",
                "started_at": "2025-06-03T07:59:00Z",
                "finished_at": "2025-06-03T08:00:00Z",
                "status": "ok",
                "inputs": "fixture",
                "n_read": 10,
                "n_loaded": 10,
                "n_rejected": 0,
                "error": "",
                "command": "run",
                "sentiment_engine": "textblob-de",
            }
        ]
    )
    return {
        "articles": pd.DataFrame(_ARTICLES, columns=_ARTICLE_COLUMNS),
        "comments": _comment_frame(_COMMENTS),
        "runs": runs,
        "target_stances": pd.DataFrame(_TARGET_STANCES, columns=_TARGET_COLUMNS),
    }


def write_version(store_dir, frames):
    """Publish a new store version holding exactly `frames` (table name -> frame)."""
    with store.write_lock(store_dir), store.new_version(store_dir) as con:
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {table}")
            store.append_rows(con, table, frame)


@pytest.fixture
def fixture_texts():
    """The two hostile comment texts of the fixture: formula and script."""
    return {"formula": FORMULA_TEXT, "script": SCRIPT_TEXT}


@pytest.fixture
def dashboard_frames():
    """Fresh copies of the fixture frames, for tests that change them."""
    return fixture_frames()


@pytest.fixture
def fixture_store(tmp_path):
    """A store dir with one published version of the fixture data."""
    store_dir = tmp_path / "store"
    write_version(store_dir, fixture_frames())
    return store_dir


@pytest.fixture
def empty_store(tmp_path):
    """A store dir with nothing in it yet."""
    return tmp_path / "empty-store"


@pytest.fixture
def publish():
    """A function publishing new store versions: publish(store_dir, frames)."""
    return write_version


@pytest.fixture
def quality_sample():
    """Path of the sample evaluation file (four results)."""
    return QUALITY_SAMPLE


@pytest.fixture
def dashboard_settings(fixture_store):
    """Settings of the dashboard on the fixture store with the sample evaluation file."""
    return Settings(store_dir=fixture_store, quality_file=QUALITY_SAMPLE)


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys):
    """`cli("run", path, "--store", folder)`: the command line's `main(argv)` in this process."""

    def run(*args):
        capsys.readouterr()
        code = etl_cli.main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run
