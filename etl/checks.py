"""Checks on comments that are kept but not quite right: a flag on the row and a note saying why.

`flag_comments(comments, now)` runs on the comments of this run right after normalize and returns
`(comments, notes)`:

- `comments` with `language` (detected where missing, on the text without its `> ` quotes) and
  `flags`, a ";"-separated list of short codes (existing codes kept, its own recomputed):

  | code            | when                                     | what happens to the row            |
  |-----------------|------------------------------------------|------------------------------------|
  | `empty-text`    | no text left after removing markup       | kept (its replies need it), not scored |
  | `long-text`     | more than MAX_SCORED_CHARS characters    | kept whole; scored on its first MAX_SCORED_CHARS |
  | `future-date`   | created_at later than now + 1 day        | kept; created_at cleared (it would sort first) |
  | `non-german:xx` | language detected as xx, not German      | kept; not scored (polarity empty) |

- `notes`: one reject-note row per flag set here (schema.REJECTS without run_id: input, location
  "comment_id ID", reason, excerpt), for the run's `rejects` table.

`flag_threads(comments)` runs after `threads.build_threads` on every comment of the affected
articles and turns `thread_note` into the flags `parent-missing`, `parent-elsewhere` and
`reply-cycle` (the pipeline already writes those notes as rejects, so it returns no notes).
`texts_to_score(comments)` is what the sentiment engine should read of each row: the author's own
words (quotes.own_words, or the frame's `own_text` column when present), cut to MAX_SCORED_CHARS,
NA where nothing should be scored (built from `to_score(comments)` and `scoring_texts(texts)`).
"""

import datetime as dt

import pandas as pd

from etl import schema
from etl.schema import REJECT_COLUMNS
from etl.text import language as languages
from etl.text import quotes

# textblob-de takes seconds on a text of megabytes; 100,000 characters (a long essay) is ~1 s.
MAX_SCORED_CHARS = 100_000
FUTURE_TOLERANCE = pd.Timedelta(days=1)  # time zones and clock skew, not typos

_OWN_FLAGS = r"(?:empty-text|long-text|future-date|non-german:[^;]*)"
_THREAD_FLAGS = r"(?:parent-missing|parent-elsewhere|reply-cycle)"
_THREAD_NOTES = {"reply cycle": "reply-cycle", "in another article": "parent-elsewhere", "not found": "parent-missing"}


def flag_comments(comments: pd.DataFrame, now: pd.Timestamp | dt.datetime) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(comments with `language` and `flags`, reject notes): see the module docstring.

    Needs `comment_id, text, created_at` (UTC timestamps) and `source`; `now` is a timestamp
    (naive means UTC). Rows are never dropped or reordered.
    """
    schema.validate(comments, ("comment_id", "text", "created_at", "source"), "checks")
    now = _utc(now)
    text = comments["text"].astype("string")
    language = _languages(comments, text)
    created = comments["created_at"]
    checks = {
        "empty-text": text.fillna("").str.strip() == "",
        "long-text": text.str.len().fillna(0) > MAX_SCORED_CHARS,
        "future-date": (created > now + FUTURE_TOLERANCE).fillna(False).astype(bool),
        "non-german": ~language.map(languages.scorable).astype(bool),
    }
    codes = {"non-german": "non-german:" + language}
    # A date cleared on an earlier pass keeps its flag, so running this twice changes nothing.
    cleared = _flags(comments).str.contains(r"(?:^|;)future-date(?:;|$)") & created.isna()
    flags = _without(_flags(comments), _OWN_FLAGS)
    for name, hit in checks.items():
        flags = _add(flags, hit | cleared if name == "future-date" else hit, codes.get(name, name))
    notes = _notes(comments, text, language, created, checks)
    flagged = comments.assign(
        language=language,
        flags=flags.mask(flags == "").astype("string"),
        created_at=created.mask(checks["future-date"]),
    )
    return flagged, notes


def flag_threads(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments with thread flags in `flags` recomputed from `thread_note` (see module docstring)."""
    flags = _without(_flags(comments), _THREAD_FLAGS)
    note = comments["thread_note"].astype("string").fillna("")
    for phrase, code in _THREAD_NOTES.items():
        flags = _add(flags, note.str.contains(phrase, regex=False), code)
    return comments.assign(flags=flags.mask(flags == "").astype("string"))


def texts_to_score(comments: pd.DataFrame) -> pd.Series:
    """Per row the text the engine should score, or NA for rows it should leave unscored.

    Needs `comment_id, parent_id, author, text` (after threads, so every parent is in the frame)
    and uses `language` when present. NA for empty text, non-German text, and replies that only
    quote (no own words left). Reads `own_text` when the frame has it (quotes.own_texts of this
    frame, found once for this and stance.classify_replies), else finds it.
    """
    own = comments["own_text"].astype("string").rename(None) if "own_text" in comments else quotes.own_texts(comments)
    wanted = to_score(comments) & (own.fillna("").str.strip() != "")
    return scoring_texts(own).where(wanted)


def to_score(comments: pd.DataFrame) -> pd.Series:
    """Boolean Series: rows the textblob-de engine should score (text present, German or unclear)."""
    has_text = comments["text"].astype("string").fillna("").str.strip() != ""
    language = (
        comments["language"] if "language" in comments else pd.Series(languages.UNDETERMINED, index=comments.index)
    )
    return has_text & language.fillna(languages.UNDETERMINED).map(languages.scorable).astype(bool)


def scoring_texts(texts: pd.Series) -> pd.Series:
    """`texts` cut to MAX_SCORED_CHARS (at the last space before the limit) for the engine."""
    texts = texts.astype("string")
    long = texts.str.len().fillna(0) > MAX_SCORED_CHARS
    if not long.any():
        return texts
    return texts.mask(long, texts[long].map(_cut))


def _cut(text):
    head = text[:MAX_SCORED_CHARS]
    space = head.rfind(" ", MAX_SCORED_CHARS // 2)
    return head[:space] if space > 0 else head


def _languages(comments, text):
    known = (
        comments["language"].astype("string")
        if "language" in comments
        else pd.Series(pd.NA, index=comments.index, dtype="string")
    )
    missing = known.isna()
    if not missing.any():
        return known
    own = text[missing].map(quotes.own_words, na_action="ignore")
    return known.mask(missing, languages.detect_language(own)).astype("string")


def _notes(comments, text, language, created, checks):
    reasons = {
        "empty-text": lambda rows: "kept with empty text: nothing left after removing markup; not scored",
        "long-text": lambda rows: (
            "kept: text has "
            + rows["length"]
            + f" characters; sentiment scored on the first {MAX_SCORED_CHARS:,}".replace(",", "")
        ),
        "future-date": lambda rows: "kept without created_at: " + rows["created"] + " is in the future",
        "non-german": lambda rows: (
            "kept unscored: language detected as " + rows["language"] + ", the sentiment engine scores German"
        ),
    }
    flagged = pd.concat(list(checks.values()), axis=1).any(axis=1)
    # The note columns of the flagged rows only (formatting every row's date is what took long).
    rows = pd.DataFrame(
        {
            "input": comments["source"][flagged].astype("string"),
            "location": "comment_id " + comments["comment_id"][flagged].astype("string").fillna(""),
            "excerpt": text[flagged].fillna("").str.slice(0, 200),
            "length": text[flagged].str.len().fillna(0).astype("int64").astype("string"),
            "created": created[flagged].dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype("string"),
            "language": language[flagged],
        }
    )
    parts = []
    for name, hit in checks.items():
        if hit.any():
            picked = rows[hit[flagged]]
            excerpt = picked["created"] if name == "future-date" else picked["excerpt"]
            parts.append(
                pd.DataFrame(
                    {
                        "input": picked["input"],
                        "location": picked["location"],
                        "reason": reasons[name](picked),
                        "excerpt": excerpt,
                    }
                )
            )
    if not parts:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in REJECT_COLUMNS.items()})
    return pd.concat(parts).sort_index(kind="stable").reset_index(drop=True).astype(REJECT_COLUMNS)


def _flags(comments):
    if "flags" not in comments:
        return pd.Series("", index=comments.index, dtype="string")
    return comments["flags"].astype("string").fillna("")


def _without(flags, pattern):
    return flags.str.replace(f"(?:^|;){pattern}(?=;|$)", "", regex=True).str.strip(";")


def _add(flags, hit, code):
    return flags.mask(hit, (flags + ";" + code).str.lstrip(";"))


def _utc(now):
    now = pd.Timestamp(now)
    return now.tz_localize("UTC") if now.tzinfo is None else now.tz_convert("UTC")
