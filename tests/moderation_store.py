"""The fixture store (conftest.fixture_frames) with the moderation signals on its comments, for
the Moderation page's and the alerts' tests. The columns are added with ALTER TABLE when the
store's schema does not have them yet, so the fixture works before and after they land in etl.schema."""

import pandas as pd

from etl import store

# comment_id -> (needs_moderation, moderation_reasons, feedback, feedback_reasons, argument)
SIGNALS = {
    "c1": (0.8, "insult: 'Skandal'; shouting", 0.0, "", 0.2),
    "c2": (0.1, "", 0.7, "correction: 'das stimmt so nicht'", 0.6),
    "c3": (0.6, "insult: 'Schlecht recherchiert'", 0.55, "criticism of the article: 'recherchiert'", 0.1),
    "c4": (0.0, "", 0.0, "", 0.0),
    "c5": (0.55, "markup: '<script>'", 0.0, "", 0.0),
    "c6": (1.0, "insult: 'Troll'", 0.0, "", 0.0),  # deleted: never counts
    "c7": (0.9, "insult: 'Furchtbare Idee'; shouting", 0.0, "", 0.3),
    "c8": (0.0, "", 0.0, "", 0.0),
    "c9": (0.2, "", 0.6, "praise: 'sehr gute Nachricht'", 0.0),
    "c10": (0.0, "", 0.1, "", 0.0),
}
COLUMNS = {
    "needs_moderation": "DOUBLE",
    "moderation_reasons": "VARCHAR",
    "feedback": "DOUBLE",
    "feedback_reasons": "VARCHAR",
    "argument": "DOUBLE",
    "argument_reasons": "VARCHAR",
    "signals_engine": "VARCHAR",
}


def signal_frame(signals=None):
    """comment_id and the seven signal columns of each comment in `signals` (default SIGNALS)."""
    rows = [
        (cid, score, reasons, feedback, why, argument, "", "rules-v1")
        for cid, (score, reasons, feedback, why, argument) in (signals or SIGNALS).items()
    ]
    return pd.DataFrame(rows, columns=["comment_id", *COLUMNS])


def write_signal_version(store_dir, frames, signals=None):
    """Publish a version holding `frames` with the signal columns set from `signals`."""
    with store.write_lock(store_dir), store.new_version(store_dir) as con:
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {table}")
            store.append_rows(con, table, frame)
        for column, kind in COLUMNS.items():
            con.execute(f"ALTER TABLE comments ADD COLUMN IF NOT EXISTS {column} {kind}")
        con.register("signal_rows", signal_frame(signals))
        assignments = ", ".join(f"{column} = s.{column}" for column in COLUMNS)
        con.execute(f"UPDATE comments SET {assignments} FROM signal_rows s WHERE comments.comment_id = s.comment_id")
        con.unregister("signal_rows")


def write_version_without_signals(store_dir, frames):
    """Publish a version holding `frames` as a store written before the signals existed."""
    with store.write_lock(store_dir), store.new_version(store_dir) as con:
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {table}")
            store.append_rows(con, table, frame)
        for column in COLUMNS:
            con.execute(f"ALTER TABLE comments DROP COLUMN IF EXISTS {column}")
