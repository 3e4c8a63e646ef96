"""A folder of broken files, one kind of breakage each (tests/data/broken/README.md): the run
completes, every valid row is stored, every problem is a reject naming file, place and reason;
--strict fails and stores nothing; what was stored before is never lost.
"""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from paths import DATA
from textblob_de import PatternTokenizer, TextBlobDE

from etl import checks, cli, config, pipeline, store
from etl.store import journal

BROKEN = DATA / "broken"
HEADER = "comment_id,parent_id,article_id,article_title,article_url,published_at,author,created_at,text\n"
# Praise for the first 130,000 characters, then a million of complaints: the score tells which part was read.
LONG_TEXT = " ".join(["Das ist wirklich gut."] * 6_000 + ["Das ist leider furchtbar schlecht."] * 31_000)

# Per file: the comment ids that must be stored (truncated.xml: whatever its reader recovers).
VALID = {
    "cp1252.csv": {"cp1", "cp2"},
    "utf8_bom.csv": {"bom1", "bom2"},
    "mojibake.csv": {"moj1", "moj2"},
    "truncated.csv": {"tr1", "tr2"},
    "ragged.csv": {"rg1", "rg3"},
    "no_ids.csv": {"ni1"},
    "duplicates.csv": {"du1", "du2"},
    "malformed.jsonl": {"js1", "js3", "js4"},
    "whitespace.csv": {"ws1", "ws3"},
    "dates.csv": {"dt1", "dt2", "dt3", "dt4"},
    "languages.csv": {"la1", "la2", "la3", "la4"},
    "threads.csv": {"th1", "th2", "th3", "th4"},
    "long.csv": {"lo1"},
    "empty.csv": set(),
}
# (file, location or None for any, words the reason must contain)
PROBLEMS = [
    ("cp1252.csv", "file", "decoded as cp1252"),
    ("mojibake.csv", "file", "repaired mojibake"),
    ("truncated.csv", "line 4", "cut off"),
    ("ragged.csv", "line 3", "row has 12 fields"),
    ("ragged.csv", "line 5", "empty text"),
    ("no_ids.csv", "line 3", "missing comment_id"),
    ("no_ids.csv", "line 4", "missing article_id"),
    ("duplicates.csv", "line 4", "duplicate comment_id du1"),
    ("duplicates.csv", "comment_id cp1", "duplicate comment_id"),
    ("malformed.jsonl", "line 2", "malformed JSON"),
    ("malformed.jsonl", "line 3", "not a JSON object"),
    ("malformed.jsonl", "line 5", "not a JSON object"),
    ("malformed.jsonl", "line 7", "malformed JSON"),
    ("truncated.xml", None, ""),
    ("empty.csv", "file", "empty"),
    ("whitespace.csv", "line 3", "empty text"),
    ("whitespace.csv", "line 5", "empty text"),
    ("dates.csv", "comment_id dt2", "unparseable date"),
    ("dates.csv", "comment_id dt3", "unparseable date"),
    ("threads.csv", "comment_id th2", "not found"),
    ("threads.csv", "comment_id th3", "reply cycle"),
    ("threads.csv", "comment_id th4", "reply cycle"),
]
# Problems found by etl.checks: they need flag_comments wired into the pipeline.
CHECKED_PROBLEMS = [
    ("whitespace.csv", "comment_id ws3", "empty text"),
    ("dates.csv", "comment_id dt1", "future"),
    ("languages.csv", "comment_id la2", "en"),
    ("languages.csv", "comment_id la3", "fr"),
    ("long.csv", "comment_id lo1", f"{len(LONG_TEXT)} characters"),
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The broken folder plus a generated megabyte-long comment (not committed: 1.2 MB)."""
    folder = tmp_path_factory.mktemp("inputs") / "broken"
    shutil.copytree(BROKEN, folder)
    (folder / "long.csv").write_text(
        HEADER + f"lo1,,b-long,Ein Roman als Kommentar,,2025-06-01,Anna,2025-06-01T08:00:00Z,{LONG_TEXT}\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def loaded(broken, tmp_path_factory):
    """A store that first loaded a valid file, then the broken folder: (settings, result, before)."""
    settings = config.Settings(store_dir=tmp_path_factory.mktemp("store"))
    pipeline.run([DATA / "run" / "forum-a.csv"], settings)
    before = table(settings, "comments")
    result = pipeline.run([broken], settings)
    return settings, result, before


def table(settings, name):
    with store.connect_readonly(settings.store_dir) as con:
        return con.execute(f"SELECT * FROM {name}").df()


def comments_by_file(settings):
    comments = table(settings, "comments")
    return comments.assign(file=comments["source"].map(lambda s: Path(s).name)).set_index("comment_id")


def rejects_of(settings, result):
    rejects = table(settings, "rejects")
    rejects = rejects[rejects["run_id"] == result.run_id]
    return rejects.assign(file=rejects["input"].map(lambda s: Path(s).name))


def test_the_broken_run_completes_and_stores_every_valid_row(loaded):
    settings, result, _ = loaded
    comments = comments_by_file(settings)
    for name, ids in VALID.items():
        assert set(comments.index[comments["file"] == name]) == ids, name
    assert result.n_rejected > 0


def test_every_problem_is_a_reject_naming_file_location_and_reason(loaded):
    settings, result, _ = loaded
    rejects = rejects_of(settings, result)
    for name, location, words in PROBLEMS:
        rows = rejects[rejects["file"] == name]
        if location is not None:
            rows = rows[rows["location"] == location]
        assert rows["reason"].str.contains(words, regex=False).any(), (name, location, words)
    assert (rejects["input"].str.len() > 0).all()
    assert (rejects["location"].str.len() > 0).all() and (rejects["reason"].str.len() > 0).all()


def test_kept_rows_that_are_odd_are_noted_as_rejects_too(loaded):
    """Needs etl.checks.flag_comments wired into the pipeline."""
    settings, result, _ = loaded
    rejects = rejects_of(settings, result)
    for name, location, words in CHECKED_PROBLEMS:
        rows = rejects[(rejects["file"] == name) & (rejects["location"] == location)]
        assert rows["reason"].str.contains(words, regex=False).any(), (name, location, words)


def test_kept_rows_that_are_odd_carry_flags(loaded):
    """Needs etl.checks.flag_comments and flag_threads wired into the pipeline."""
    settings, _, _ = loaded
    comments = comments_by_file(settings)
    flags = comments["flags"].fillna("")
    assert "empty-text" in flags["ws3"]
    assert "future-date" in flags["dt1"] and pd.isna(comments.loc["dt1", "created_at"])
    assert "non-german:en" in flags["la2"] and "non-german:fr" in flags["la3"]
    assert "long-text" in flags["lo1"]
    assert "parent-missing" in flags["th2"]
    assert "reply-cycle" in flags["th3"] and "reply-cycle" in flags["th4"]
    assert flags["la1"] == flags["cp1"] == ""
    assert comments.loc[["la1", "la2", "la3", "la4"], "language"].tolist() == ["de", "en", "fr", "und"]


def test_repaired_encodings_store_the_text_as_written(loaded):
    settings, _, _ = loaded
    comments = comments_by_file(settings)
    assert comments.loc["cp1", "text"] == "„Endlich“ – eine schöne Lösung für alle Straßen."
    assert comments.loc["cp2", "author"] == "Käthe"
    assert comments.loc["bom1", "text"] == "Die Brücke ist großartig geworden."
    assert comments.loc["moj1", "text"] == "Das ist für uns alle eine schöne „Überraschung“."
    assert comments.loc["moj1", "author"] == "René"
    assert comments.loc["js3", "text"] == "Gültig, mit einem halben Emoji \ufffd am Ende."
    articles = table(settings, "articles").set_index("article_id")
    assert articles.loc["b-moj", "title"] == "Überraschung im Rathaus"


def test_unparseable_dates_are_kept_without_created_at(loaded):
    settings, _, _ = loaded
    comments = comments_by_file(settings)
    assert comments.loc[["dt2", "dt3"], "created_at"].isna().all()
    assert comments.loc["dt4", "created_at"] == pd.Timestamp("2025-05-29T10:00:00Z")


def test_non_german_comments_are_kept_unscored_and_german_ones_scored(loaded):
    """Needs etl.checks.to_score used by the sentiment stage."""
    settings, _, _ = loaded
    comments = comments_by_file(settings)
    assert comments.loc[["la2", "la3", "ws3"], "polarity"].isna().all()
    for cid in ("la1", "la4"):
        expected = TextBlobDE(comments.loc[cid, "text"], tokenizer=PatternTokenizer()).sentiment.polarity
        assert comments.loc[cid, "polarity"] == expected


def test_megabyte_comment_is_kept_whole_and_scored_on_its_head(loaded):
    """Needs etl.checks.scoring_texts used by the sentiment stage."""
    settings, _, _ = loaded
    comments = comments_by_file(settings)
    assert comments.loc["lo1", "text"] == LONG_TEXT
    head = checks.scoring_texts(pd.Series([LONG_TEXT], dtype="string")).iloc[0]
    assert len(head) <= checks.MAX_SCORED_CHARS and len(LONG_TEXT) > 1_000_000
    assert comments.loc["lo1", "polarity"] == TextBlobDE(head, tokenizer=PatternTokenizer()).sentiment.polarity


def test_what_was_stored_before_survives_the_broken_run(loaded):
    settings, _, before = loaded
    after = table(settings, "comments").set_index("comment_id")
    kept = after.loc[before["comment_id"], ["text", "polarity"]]
    assert kept["text"].tolist() == before["text"].tolist()
    assert kept["polarity"].tolist() == before["polarity"].tolist()


def test_status_shows_the_counts_of_the_broken_run(loaded, capsys):
    settings, result, _ = loaded
    assert cli.main(["status", "--store", str(settings.store_dir)]) == 0
    out = capsys.readouterr().out
    n_rejects = len(table(settings, "rejects"))
    assert f"{n_rejects} rejects" in out
    assert result.run_id in out and str(result.n_rejected) in out


def test_strict_run_of_the_broken_folder_fails_and_stores_nothing(broken, tmp_path):
    settings = config.Settings(store_dir=tmp_path / "store")
    pipeline.run([DATA / "run" / "forum-a.csv"], settings)
    before = table(settings, "comments").sort_values("comment_id", ignore_index=True)
    strict = config.Settings(store_dir=settings.store_dir, strict=True)
    with pytest.raises(pipeline.StrictError):
        pipeline.run([broken], strict)
    after = table(settings, "comments").sort_values("comment_id", ignore_index=True)
    pd.testing.assert_frame_equal(before, after)
    assert table(settings, "rejects").empty
    assert journal.read(settings.store_dir)["status"].tolist().count("failed") == 1


def test_reply_that_quotes_its_parent_is_scored_on_its_own_words(tmp_path):
    """Needs quotes.separate_quotes in normalize and quotes.own_texts feeding the sentiment stage."""
    parent = "Das ist ein furchtbarer und schrecklicher Skandal."
    path = tmp_path / "quotes.csv"
    path.write_text(
        HEADER
        + f"q1,,b-quotes,Zitate,,2025-06-02,Anna,2025-06-02T08:00:00Z,{parent}\n"
        + f'q2,q1,b-quotes,,,,Ben,2025-06-02T08:05:00Z,"<blockquote>{parent}</blockquote><p>Ich finde es gut.</p>"\n'
        + f"q3,q1,b-quotes,,,,Cem,2025-06-02T08:10:00Z,@Anna „{parent}“ Nein. Ich finde es gut.\n",
        encoding="utf-8",
    )
    settings = config.Settings(store_dir=tmp_path / "store")
    pipeline.run([path], settings)
    comments = table(settings, "comments").set_index("comment_id")
    assert comments.loc["q2", "text"] == f"> {parent}\n\nIch finde es gut."
    own = TextBlobDE("Ich finde es gut.", tokenizer=PatternTokenizer()).sentiment.polarity
    assert comments.loc["q2", "polarity"] == own
    assert (
        comments.loc["q3", "polarity"]
        == TextBlobDE("Nein. Ich finde es gut.", tokenizer=PatternTokenizer()).sentiment.polarity
    )
    assert comments.loc["q1", "polarity"] == TextBlobDE(parent, tokenizer=PatternTokenizer()).sentiment.polarity
