"""Article lists beside comment dumps: in one run or in separate runs, in either order, titles,
urls, dates, sections and bodies join the comments, and topics follow."""

import shutil
import sqlite3

import pandas as pd
import pytest
from paths import DATA

from etl import config, pipeline, store

LIST = DATA / "article-list.csv"
COMMENTS = DATA / "comments-only.csv"


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store")


def table(settings, name, order="1"):
    with store.connect_readonly(settings.store_dir) as con:
        return con.execute(f"SELECT * FROM {name} ORDER BY {order}").df()


def articles(settings):
    return table(settings, "articles").set_index("article_id")


def test_a_list_in_the_same_run_gives_the_comments_articles_their_titles_and_topics(settings):
    pipeline.run([COMMENTS, LIST], settings)
    stored = articles(settings)
    assert stored.loc["art-1", "title"] == "Wie Sprachmodelle Schule machen"
    assert stored.loc["art-1", "url"] == "https://zeitung.example/art-1"
    assert stored.loc["art-1", "published_at"] == pd.Timestamp("2025-03-03T07:00:00Z")
    assert (stored.loc["art-1", "author"], stored.loc["art-1", "section"]) == ("Dora Beck", "Bildung")
    assert stored.loc["art-1", "body"] == "Lehrer testen ChatGPT im Unterricht."
    # The list's topic first, then what the topics file finds in title and body (ChatGPT).
    assert stored.loc["art-1", "topics"].split(";")[0] == "Schule"
    assert "Künstliche Intelligenz" in stored.loc["art-1", "topics"]
    comments = table(settings, "comments", "comment_id").set_index("comment_id")
    assert "Künstliche Intelligenz" in comments.loc["k1", "topics"]
    assert stored.loc["art-1", "n_comments"] == 2


def test_an_article_without_comments_is_kept_with_none(settings):
    pipeline.run([COMMENTS, LIST], settings)
    stored = articles(settings)
    assert stored.loc["art-9", "title"] == "Ein Artikel ohne Kommentare (noch)"
    assert stored.loc["art-9", "n_comments"] == 0


def test_bad_list_rows_are_rejects_and_odd_ones_are_kept_with_a_note(settings):
    result = pipeline.run([COMMENTS, LIST], settings)
    rejects = table(settings, "rejects", "location")
    reasons = dict(zip(rejects["location"], rejects["reason"]))
    assert reasons["line 4"] == "missing article_id"
    assert reasons["line 7"] == "duplicate article_id art-2 (first on line 3)"
    assert reasons["article_id art-3"] == "kept without published_at: unparseable date 'vorgestern'"
    assert reasons["article_id art-4"] == "kept: url is not http(s), never shown as a link"
    assert (result.n_rejected, result.n_noted) == (2, 2)
    stored = articles(settings)
    assert pd.isna(stored.loc["art-3", "published_at"]) and stored.loc["art-3", "title"].startswith("Ein Artikel")
    assert stored.loc["art-4", "url"] == "javascript:alert(1)"


def test_a_list_after_the_comments_fills_titles_and_recomputes_topics_without_losing_a_comment(settings):
    pipeline.run([COMMENTS], settings)
    before = table(settings, "comments", "comment_id")
    assert articles(settings)["title"].isna().all()
    assert not before["topics"].fillna("").str.contains("Künstliche Intelligenz").any()

    result = pipeline.run([LIST], settings)
    after = table(settings, "comments", "comment_id")
    assert after["comment_id"].tolist() == before["comment_id"].tolist()
    assert after["polarity"].tolist() == before["polarity"].tolist()
    assert (result.n_new, result.n_changed, result.n_scored) == (0, 0, 0)
    assert result.n_articles == 5  # art-1 and art-2 given titles, art-3, art-4 and art-9 new
    assert articles(settings).loc["art-1", "title"] == "Wie Sprachmodelle Schule machen"
    topics = after.set_index("comment_id")["topics"]
    assert "Künstliche Intelligenz" in topics["k1"] and "Künstliche Intelligenz" in topics["k2"]
    assert "Künstliche Intelligenz" not in (topics["k3"] or "")


def test_comments_after_the_list_keep_its_titles(settings):
    pipeline.run([LIST], settings)
    assert articles(settings).loc["art-1", "n_comments"] == 0
    assert pipeline.run([COMMENTS], settings).n_articles == 0
    stored = articles(settings)
    assert stored.loc["art-1", "title"] == "Wie Sprachmodelle Schule machen"
    assert stored.loc["art-1", "url"] == "https://zeitung.example/art-1"
    assert stored.loc["art-1", "n_comments"] == 2
    assert "Künstliche Intelligenz" in table(settings, "comments", "comment_id")["topics"].iloc[0]


def test_a_newer_list_updates_the_stored_articles_it_names(settings, tmp_path):
    pipeline.run([COMMENTS, LIST], settings)
    newer = tmp_path / "newer.csv"
    newer.write_text(
        "article_id,title,url,published_at\nart-2,Neue Radwege für Graz und Linz,https://zeitung.example/art-2-neu,\n"
    )
    pipeline.run([newer], settings)
    stored = articles(settings)
    assert stored.loc["art-2", "title"] == "Neue Radwege für Graz und Linz"
    assert stored.loc["art-2", "url"] == "https://zeitung.example/art-2-neu"
    # An empty cell leaves what an earlier list gave.
    assert stored.loc["art-2", "published_at"] == pd.Timestamp("2025-03-04T00:00:00Z")
    assert stored.loc["art-2", "author"] == "Emil Frei"
    assert stored.loc["art-1", "title"] == "Wie Sprachmodelle Schule machen"
    assert len(table(settings, "comments")) == 3


def test_a_comment_file_with_article_columns_left_empty_blanks_nothing(settings, tmp_path):
    pipeline.run([LIST], settings)
    later = tmp_path / "later.csv"
    later.write_text(
        "comment_id,parent_id,article_id,article_title,article_url,published_at,author,created_at,text\n"
        "k9,,art-1,,,,Finn,2025-03-05T08:00:00Z,Noch ein Kommentar.\n"
    )
    pipeline.run([later], settings)
    stored = articles(settings)
    assert stored.loc["art-1", ["title", "url", "section"]].tolist() == [
        "Wie Sprachmodelle Schule machen",
        "https://zeitung.example/art-1",
        "Bildung",
    ]


def test_strict_refuses_a_list_with_a_bad_row_and_stores_nothing(settings):
    pipeline.run([COMMENTS], settings)
    with pytest.raises(pipeline.StrictError, match="missing article_id"):
        pipeline.run([LIST], config.Settings(store_dir=settings.store_dir, strict=True))
    assert articles(settings)["title"].isna().all()


# The corpus's own schema (/work/shared/data/one-million-posts/database_schema.md): its Articles table.
ARTICLES_SCHEMA = """
CREATE TABLE Articles (
    ID_Article INTEGER PRIMARY KEY,
    Path TEXT NOT NULL,
    publishingDate TIMESTAMP NOT NULL,
    Title TEXT NOT NULL,
    Body TEXT
);
"""


def test_the_corpus_sqlite_articles_table_titles_the_posts_csv_in_a_later_run(settings, tmp_path):
    database = tmp_path / "articles.sqlite3"
    with sqlite3.connect(database) as con:
        con.executescript(ARTICLES_SCHEMA)
        con.executemany(
            "INSERT INTO Articles VALUES (?, ?, ?, ?, ?)",
            [
                (
                    55,
                    "Newsroom/Inland/Verkehr/Radfahren",
                    "2015-06-01 08:00:00.00",
                    "Radweg am Ring",
                    "<p>Die Stadt baut.</p>",
                ),
                (
                    56,
                    "Newsroom/Wissenschaft/Klima",
                    "2016-01-10 07:00:00.00",
                    "Schnee im April",
                    "Ist das der Klimawandel?",
                ),
            ],
        )
    con.close()
    posts = tmp_path / "omp-posts.csv"
    shutil.copy(DATA / "omp-posts.csv", posts)
    pipeline.run([posts], settings)
    n_comments = len(table(settings, "comments"))
    pipeline.run([database], settings)
    stored = articles(settings)
    assert stored.loc["omp:a55", ["title", "section", "body"]].tolist() == [
        "Radweg am Ring",
        "Inland",
        "Die Stadt baut.",
    ]
    assert stored.loc["omp:a56", "published_at"] == pd.Timestamp("2016-01-10T07:00:00Z")
    assert stored.loc["omp:a56", "topics"].split(";")[:2] == ["Wissenschaft", "Klima"]
    assert "Energie und Klima" in stored.loc["omp:a56", "topics"]
    assert len(table(settings, "comments")) == n_comments
