"""The signals stage: scores only what its engines have not scored, carried over for unchanged
texts by a run, stored, and brought to a store written before there were signals."""

import shutil

import pandas as pd
import pytest
from paths import DATA

from etl import config, pipeline, schema, store
from etl.signals import COLUMNS, Signals, get_engines, signal_columns


class Counting:
    """A fake scorer: 0.9 for every text, and how many texts it was asked about."""

    def __init__(self):
        self.seen = []

    def score(self, texts):
        self.seen.extend(texts)
        return [(0.9, f"fake: '{text[:5]}'") for text in texts]


def fake(name="fake-v1"):
    return Signals(name, {"needs_moderation": Counting(), "feedback": Counting(), "argument": Counting()})


def frame(**columns):
    return pd.DataFrame({"text": pd.Series(["Du Idiot.", "Weil es regnet."], dtype="string"), **columns})


def test_signal_columns_adds_a_score_and_reasons_per_signal():
    scored = signal_columns(frame(), get_engines())
    assert list(scored.columns) == ["text", *COLUMNS]
    assert scored["needs_moderation"].tolist() == [0.7, 0.0]
    assert scored["moderation_reasons"].tolist()[0] == "insult aimed at a person: 'Du Idiot'"
    assert pd.isna(scored["moderation_reasons"].iloc[1])  # no rule fired: empty, not ""
    assert scored["argument"].tolist() == [0.0, 0.5]
    assert scored["signals_engine"].tolist() == ["rules-v1", "rules-v1"]
    assert scored["needs_moderation"].dtype == "float64" and scored["feedback_reasons"].dtype == "string"


def test_signal_columns_reads_the_own_words_without_the_quote():
    comments = frame(own_text=pd.Series(["Nein.", "Weil es regnet."], dtype="string"))
    assert signal_columns(comments, get_engines())["needs_moderation"].tolist() == [0.0, 0.0]


def test_signal_columns_keeps_what_the_same_engine_scored_and_rescores_another_engines_rows():
    stored = frame(
        needs_moderation=[0.1, 0.2],
        moderation_reasons=pd.Series(["kept", "old"], dtype="string"),
        signals_engine=pd.Series(["fake-v1", "rules-v0"], dtype="string"),
    )
    engines = fake()
    scored = signal_columns(stored, engines)
    assert scored["needs_moderation"].tolist() == [0.1, 0.9]
    assert scored["moderation_reasons"].tolist() == ["kept", "fake: 'Weil '"]
    assert engines.scorers["needs_moderation"].seen == ["Weil es regnet."]


def test_signal_columns_rescores_rows_asked_for_again():
    stored = frame(needs_moderation=[0.1, 0.2], signals_engine=pd.Series(["fake-v1"] * 2, dtype="string"))
    scored = signal_columns(stored, fake(), redo=pd.Series([True, False]))
    assert scored["needs_moderation"].tolist() == [0.9, 0.2]


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store")


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "run" / "forum-a.csv", folder)
    return folder


def stored_comments(settings):
    with store.connect_readonly(settings.store_dir) as con:
        return store.read_table(con, "comments", "ORDER BY comment_id").set_index("comment_id")


def last_run(settings):
    with store.connect_readonly(settings.store_dir) as con:
        return store.read_table(con, "runs", "ORDER BY finished_at DESC").iloc[0]


def tamper(settings, sql):
    with store.write_lock(settings.store_dir), store.new_version(settings.store_dir) as con:
        con.execute(sql)


def test_a_run_stores_every_signal_and_its_engine(settings, folder):
    pipeline.run([folder], settings)
    comments = stored_comments(settings)
    assert comments[COLUMNS].notna().loc[:, ["needs_moderation", "feedback", "argument", "signals_engine"]].all().all()
    assert set(comments["signals_engine"]) == {"rules-v1"}
    assert last_run(settings)["signals_engine"] == "rules-v1"
    assert all(schema.COMMENTS[c] == dtype for c, dtype in comments[COLUMNS].dtypes.astype(str).items())


def test_unchanged_texts_keep_their_stored_signals_and_changed_ones_are_scored_again(settings, folder):
    pipeline.run([folder], settings)
    tamper(
        settings,
        "UPDATE comments SET needs_moderation = 0.33, moderation_reasons = 'kept' WHERE comment_id IN ('a1', 'a4')",
    )
    csv = folder / "forum-a.csv"
    csv.write_text(csv.read_text().replace("Ich schreibe <script>", "Du Trottel schreibst <script>"))
    pipeline.refresh(settings)
    comments = stored_comments(settings)
    assert (comments.loc["a1", "needs_moderation"], comments.loc["a1", "moderation_reasons"]) == (0.33, "kept")
    assert comments.loc["a4", "needs_moderation"] == 0.7
    assert comments.loc["a4", "moderation_reasons"] == "insult aimed at a person: 'Du Trottel'"


def test_a_store_from_before_the_signals_gets_them_on_its_next_run(settings, folder):
    pipeline.run([folder], settings)
    tamper(
        settings,
        "ALTER TABLE runs DROP COLUMN signals_engine; "
        + "; ".join(f"ALTER TABLE comments DROP COLUMN {column}" for column in COLUMNS),
    )
    result = pipeline.refresh(settings)  # nothing new read: still not idle, the signals are new
    assert not result.idle
    comments = stored_comments(settings)
    assert set(comments["signals_engine"]) == {"rules-v1"}
    assert comments["needs_moderation"].notna().all()
    assert last_run(settings)["signals_engine"] == "rules-v1"
    assert pipeline.refresh(settings).idle  # and then the store is up to date
