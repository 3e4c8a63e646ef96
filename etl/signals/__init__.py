"""Signals for the newsroom: what needs a moderator, what is meant for the newsroom, what argues.

`signal_columns(comments, engines)` needs `text` (reads `own_text`, the comment's own words without
what it quotes, when the frame has it; and keeps stored `signals_engine` values) and adds
`needs_moderation, moderation_reasons, feedback, feedback_reasons, argument, argument_reasons,
signals_engine`: a score in [0, 1] per signal and the reasons it was given. Only rows the engines
have not scored yet are scored (`signals_engine` empty or another engine's), and rows in `redo`.

An engine of one signal is anything with `score(texts) -> [(score, reasons)]`; `Signals` holds one
per signal under one name (recorded in `signals_engine` and in each run's row). The registry
`ENGINES` builds them by name; out of the box "rules-v1", transparent rules over German word lists:
- `moderation`: threats, dehumanising terms, insults (higher when aimed at a person), abusive
  phrases, vulgar words, shouting, repeated punctuation (word lists in `words`);
- `feedback`: corrections, the newsroom addressed, requests and questions for it;
- `argument`: reasons, conclusions, examples, evidence, numbers with units;
- `rules`: the rule engine they share (a rule is a family, a weight and patterns).
A comment counts as positive for a signal from POSITIVE_FROM (docs/quality.md measures them).
"""

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from etl import DiskursError, schema
from etl.signals.argument import ArgumentRules
from etl.signals.feedback import FeedbackRules
from etl.signals.moderation import ModerationRules
from etl.signals.rules import score_texts

# Score column → its reasons column.
SIGNALS = {"needs_moderation": "moderation_reasons", "feedback": "feedback_reasons", "argument": "argument_reasons"}
COLUMNS = [column for pair in SIGNALS.items() for column in pair] + ["signals_engine"]
DEFAULT_ENGINE = "rules-v1"
# A score from this on counts as positive (what docs/quality.md measures; `diskurs alerts` may choose its own).
POSITIVE_FROM = 0.5


class SignalsError(DiskursError):
    """A signals engine is unknown."""


class Scorer(Protocol):
    def score(self, texts: Sequence[str]) -> list[tuple[float, str]]:
        """(score in [0, 1], reasons) of each text."""


@dataclass(frozen=True)
class Signals:
    """One scorer per signal (keys of SIGNALS), under the name stored in `signals_engine`."""

    name: str
    scorers: Mapping[str, Scorer]


def _rules_v1() -> Signals:
    return Signals(
        "rules-v1", {"needs_moderation": ModerationRules(), "feedback": FeedbackRules(), "argument": ArgumentRules()}
    )


ENGINES: dict[str, Callable[[], Signals]] = {"rules-v1": _rules_v1}


@functools.cache
def get_engines(name: str = DEFAULT_ENGINE) -> Signals:
    """The signals engines of that name, built once per process (their regexes compiled then)."""
    if name not in ENGINES:
        raise SignalsError(f"unknown signals engine {name!r}; choose one of {', '.join(ENGINES)}")
    return ENGINES[name]()


def signal_columns(
    comments: pd.DataFrame, engines: Signals, redo: pd.Series | bool = False, known: Mapping | None = None
) -> pd.DataFrame:
    """Comments with the signal columns (see the module docstring): rows not scored by `engines`
    yet, and rows where `redo` is True, are scored; the others keep their stored values. `known`
    ({text: {score column: (score, reasons)}}) holds what `engines` gave some texts already
    (etl.sentiment.prescore): those are not scored again."""
    schema.validate(comments, ["text"], "signals")
    stored = {
        col: comments[col] if col in comments else pd.Series(index=comments.index, dtype=schema.COMMENTS[col])
        for col in COLUMNS
    }
    todo = (stored["signals_engine"].astype("string") != engines.name).fillna(True) | redo
    texts = (comments["own_text"] if "own_text" in comments else comments["text"]).astype("string").fillna("")
    texts = texts[todo].tolist()
    known = known or {}
    unknown = [text for text in texts if text not in known]
    columns = {}
    # Rule scorers read each text once for all three signals (etl.signals.rules.score_texts).
    scored = score_texts({column: engines.scorers[column] for column in SIGNALS}, unknown) if unknown else {}
    for score_column, reasons_column in SIGNALS.items():
        found = iter(scored.get(score_column, []))
        results = [known[text][score_column] if text in known else next(found) for text in texts]
        scores = pd.Series([s for s, _ in results], index=todo[todo].index, dtype="float64")
        reasons = pd.Series([r or pd.NA for _, r in results], index=todo[todo].index, dtype="string")
        columns[score_column] = stored[score_column].astype("float64").mask(todo, scores)
        columns[reasons_column] = stored[reasons_column].astype("string").mask(todo, reasons)
    columns["signals_engine"] = stored["signals_engine"].astype("string").mask(todo, engines.name)
    return comments.assign(**columns)


__all__ = [
    "COLUMNS",
    "DEFAULT_ENGINE",
    "ENGINES",
    "POSITIVE_FROM",
    "SIGNALS",
    "ArgumentRules",
    "FeedbackRules",
    "ModerationRules",
    "Scorer",
    "Signals",
    "SignalsError",
    "get_engines",
    "signal_columns",
]
