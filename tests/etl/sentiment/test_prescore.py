"""Top-level comments' sentiment scored while a run reads (etl.sentiment.prescore): the transform takes those
scores instead of scoring again, and what a run stores is the same as without them."""

import csv
import time

import pandas as pd
import pytest

from etl import checks, config, pipeline, sentiment, store
from etl.sentiment import prescore
from etl.signals import SIGNALS, Signals, get_engines, signal_columns
from etl.text import quotes
from etl.threads import build_threads

NOW = pd.Timestamp("2030-01-01", tz="UTC")
TEXTS = {
    "c1": ("", "Das ist eine wirklich gute Entscheidung, ich freue mich."),
    "c2": ("c1", "Nein, das ist schlecht und völlig falsch."),  # a reply: left to the transform
    "c3": ("", "> Das ist gut\n\nIch finde das furchtbar."),  # quotes without a parent
    "c4": ("", "@Anna: stimmt, das ist schön."),  # a mention
    "c5": ("", "This is a really great decision, I love it and we all agree."),  # not German
    "c6": ("", "Das ist eine wirklich gute Entscheidung, ich freue mich."),  # the text of c1 again
    "c7": ("c9", "Ein schlechter Tag für alle."),  # a reply whose parent is missing
    "c8": ("", "Liebe Redaktion, im Artikel steht leider falsch 30 Prozent, weil die Studie 13 sagt. Du Idiot!"),
}


def _block():
    rows = [
        {
            "comment_id": cid,
            "parent_id": parent or pd.NA,
            "article_id": "a1",
            "author": "Anna" if cid == "c1" else "Ben",
            "text": text,
            "created_at": pd.Timestamp("2024-03-01T10:00:00Z") + pd.Timedelta(minutes=n),
            "source": "test.csv",
            "seq": n,
        }
        for n, (cid, (parent, text)) in enumerate(TEXTS.items())
    ]
    frame = pd.DataFrame(rows).astype({c: "string" for c in ("comment_id", "parent_id", "article_id", "author")})
    comments, _ = checks.flag_comments(frame, NOW)
    return comments


class Counting:
    """A real engine that remembers the texts it was asked to score."""

    def __init__(self, engine):
        self.engine, self.name, self.asked = engine, engine.name, []

    def score_many(self, texts):
        self.asked += list(texts)
        return self.engine.score_many(texts)

    def score(self, text):
        return self.score_many([text])[0]


def test_top_level_comments_get_what_the_transform_would_score_and_replies_nothing():
    engine = sentiment.get_engine()
    block = _block()
    found = prescore.prescored(block, engine).set_axis(block["comment_id"])
    assert found[["c2", "c5", "c7"]].isna().all()
    # What the transform scores: the own words of each row once its thread is built.
    threaded = build_threads(block)
    threaded = threaded.assign(own_text=quotes.own_texts(threaded))
    scored = checks.texts_to_score(threaded).set_axis(threaded["comment_id"])
    for cid in ("c1", "c3", "c4", "c6"):
        text, scores = found[cid]
        assert text == scored[cid]
        assert scores == (
            (engine.numbers.name, *engine.numbers.score(text)),
            (engine.labels.name, *engine.labels.score(text)),
        )
    assert found["c3"][0] == "Ich finde das furchtbar." and found["c4"][0] == "stimmt, das ist schön."


def test_known_scores_are_taken_instead_of_scoring_and_give_the_same_columns():
    real = sentiment.get_engine()
    block = _block()
    threaded = build_threads(block)
    threaded = threaded.assign(own_text=quotes.own_texts(threaded))
    comments = threaded.assign(scored_text=checks.texts_to_score(threaded))
    expected, n_expected = sentiment.score(comments, real)

    counting = sentiment.Pair(Counting(real.numbers), Counting(real.labels))
    known = prescore.known_scores(prescore.prescored(block, real).set_axis(comments.index))
    assert set(known) == {real.numbers.name, real.labels.name}
    got, n_got = sentiment.score(comments, counting, known=known)
    pd.testing.assert_frame_equal(got, expected)
    assert n_got == n_expected
    # Only the replies' texts were scored (c2, and c7 whose parent is missing).
    for engine in (counting.numbers, counting.labels):
        assert sorted(engine.asked) == sorted(comments.loc[comments["comment_id"].isin(["c2", "c7"]), "scored_text"])


def test_top_level_comments_get_the_signals_the_transform_would_give_and_replies_nothing():
    engines = get_engines()
    block = _block()
    found = prescore.presignals(block, engines).set_axis(block["comment_id"])
    assert found[["c2", "c7"]].isna().all()
    threaded = build_threads(block)
    threaded = threaded.assign(own_text=quotes.own_texts(threaded))
    expected = signal_columns(threaded, engines).set_axis(threaded["comment_id"])
    for cid in ("c1", "c3", "c4", "c5", "c6", "c8"):
        text, name, results = found[cid]
        assert (text, name) == (threaded.set_index("comment_id").loc[cid, "own_text"], engines.name)
        for score_column, reasons_column in SIGNALS.items():
            score, reasons = results[score_column]
            assert score == expected.loc[cid, score_column]
            stored = expected.loc[cid, reasons_column]
            assert (reasons or None) == (None if pd.isna(stored) else stored)
    assert found["c4"][0] == "stimmt, das ist schön."  # the mention is not its own words
    assert all(score > 0 for score, _ in found["c8"][2].values())  # it fires every signal


def test_known_signals_are_taken_instead_of_scoring_and_give_the_same_columns():
    engines = get_engines()
    block = _block()
    threaded = build_threads(block)
    threaded = threaded.assign(own_text=quotes.own_texts(threaded))
    expected = signal_columns(threaded, engines)
    known = prescore.known_signals(prescore.presignals(block, engines).set_axis(threaded.index), engines.name)
    assert prescore.known_signals(prescore.presignals(block, engines), "another-engine") == {}
    asked = []

    class Counting:
        def __init__(self, scorer):
            self.scorer = scorer

        def score(self, texts):
            asked.extend(texts)
            return self.scorer.score(texts)

    counting = Signals(engines.name, {column: Counting(engines.scorers[column]) for column in SIGNALS})
    got = signal_columns(threaded, counting, known=known)
    pd.testing.assert_frame_equal(got, expected)
    # Only the replies' own words were scored, once for each signal.
    replies = threaded.loc[threaded["comment_id"].isin(["c2", "c7"]), "own_text"].tolist()
    assert sorted(asked) == sorted(replies * len(SIGNALS))
    # A known result for another text is not taken.
    wrong = {"Nichts davon.": {column: (1.0, "x") for column in SIGNALS}}
    pd.testing.assert_frame_equal(signal_columns(threaded, engines, known=wrong), expected)


def test_a_known_score_for_another_text_is_not_taken():
    real = sentiment.get_engine()
    frame = pd.DataFrame({"text": ["Das ist gut."], "scored_text": ["Das ist gut."]})
    wrong = {name: {"Das ist schlecht.": (-1.0, 1.0)} for name in (real.numbers.name, real.labels.name)}
    got, _ = sentiment.score(frame, real, known=wrong)
    expected, _ = sentiment.score(frame, real)
    pd.testing.assert_frame_equal(got, expected)


def _write(path, n):
    """`n` comments on ten articles, every third a reply to the comment before it."""
    texts = list(TEXTS.values())
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment_id", "parent_id", "article_id", "created_at", "text"])
        for i in range(n):
            parent = f"c{i - 1}" if i % 3 == 2 else ""
            text = f"{texts[i % len(texts)][1]} Nummer {i}."
            writer.writerow([f"c{i}", parent, f"a{i % 10}", f"2024-03-01T10:{i % 60:02d}:00Z", text])
    return path


def _stored(store_dir):
    with store.connect_readonly(store_dir) as con:
        frame = con.execute("SELECT * FROM comments ORDER BY comment_id").df()
    return frame.drop(columns=[c for c in frame if c in ("run_id", "rowid") or c.endswith("_at")])


_submit = prescore.Prescorer.submit


def _submit_and_wait_for_the_helper(self, block, n_rows):
    """`Prescorer.submit`, returning once the helper has scored the block. Without this the reading of
    a small input can end before the helper has scored its blocks, which are then rightly left to the
    transform."""
    _submit(self, block, n_rows)
    deadline = time.monotonic() + 60
    while not all(future.done() for future in self.futures):
        assert time.monotonic() < deadline, "the helper never scored the block"
        time.sleep(0.01)


def test_the_helper_starts_nothing_once_the_reading_has_ended(tmp_path):
    block = tmp_path / "block-0.pickle"
    _block().to_pickle(block)
    with prescore.Prescorer(sentiment.get_engine(), True, get_engines()) as prescorer:
        prescorer.submit(block, prescore.PRESCORE_FROM)
        prescorer.futures[0].result()
        assert list(pd.read_pickle(prescore.scores_path(block))) == [prescore.COLUMN, prescore.SIGNALS_COLUMN]
        prescore.scores_path(block).unlink()
        prescorer.stop.set()  # as when the reading ends
        prescorer.submit(block, prescore.PRESCORE_FROM)
        prescorer.futures[1].result()
    assert not prescore.scores_path(block).exists()


@pytest.mark.parametrize("block", [40, 10**6])
def test_a_run_that_scores_while_reading_stores_what_one_without_it_stores(tmp_path, monkeypatch, block):
    path = _write(tmp_path / "comments.csv", 150)
    monkeypatch.setattr(pipeline, "BLOCK_COMMENTS", block)
    monkeypatch.setattr(prescore, "PRESCORE_FROM", 1)
    plain = pipeline.run([path], config.Settings(store_dir=tmp_path / "plain", workers=1))

    taken, taken_signals = tmp_path / "taken.txt", tmp_path / "taken-signals.txt"
    known_scores, known_signals = prescore.known_scores, prescore.known_signals

    def counted(column):  # the transform may run in a forked chunk worker: count in a file
        found = known_scores(column)
        with open(taken, "a") as handle:
            handle.write(f"{sum(len(texts) for texts in found.values())}\n")
        return found

    def counted_signals(column, name):
        found = known_signals(column, name)
        with open(taken_signals, "a") as handle:
            handle.write(f"{len(found)}\n")
        return found

    monkeypatch.setattr(prescore, "known_scores", counted)
    monkeypatch.setattr(prescore, "known_signals", counted_signals)
    monkeypatch.setattr(prescore.Prescorer, "submit", _submit_and_wait_for_the_helper)
    early = pipeline.run([path], config.Settings(store_dir=tmp_path / "early", workers=2))
    assert sum(int(line) for line in taken.read_text().split()) > 0
    assert sum(int(line) for line in taken_signals.read_text().split()) > 0
    assert (early.n_loaded, early.n_scored) == (plain.n_loaded, plain.n_scored)
    assert plain.n_loaded == 150 and plain.n_scored > 100
    pd.testing.assert_frame_equal(_stored(tmp_path / "early"), _stored(tmp_path / "plain"))
    assert list((tmp_path / "early").glob(pipeline.SPILL_PREFIX + "*")) == []
