"""The shared derStandard comments with an article list written at run time (tests/article_lists.py):
`diskurs run` on both gives every article its title, url and date, in the store, in the articles
export and in the comments download. Skipped when the shared data is absent."""

import csv
import io
import os
import subprocess
import sys

import pytest
from article_lists import write_omp_article_list
from paths import ROOT, SHARED

from etl import store
from etl.config import Settings

POSTS = SHARED / "one-million-posts" / "posts.csv.xz"
pytestmark = pytest.mark.skipif(not POSTS.is_file(), reason=f"shared real data not found at {POSTS}")


def diskurs(*args):
    env = {**os.environ, "DISKURS_WORKERS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def derstandard(tmp_path_factory):
    folder = tmp_path_factory.mktemp("derstandard")
    articles = write_omp_article_list(POSTS, folder / "articles.csv")
    done = diskurs("run", POSTS, articles, "--store", folder / "store", "--quiet")
    assert "5230 comments loaded" in done.stderr and "1112 articles new or updated" in done.stderr
    return folder


def test_every_derstandard_article_gets_its_title_url_and_date(derstandard):
    with store.connect_readonly(derstandard / "store") as con:
        rows = con.execute(
            "SELECT count(*), count(title), count(url), count(published_at), count(section), sum(n_comments) "
            "FROM articles"
        ).fetchall()[0]
        n_comments = con.execute("SELECT count(*) FROM comments").fetchall()[0][0]
        a2 = con.execute("SELECT title, url FROM articles WHERE article_id = 'omp:a2'").fetchall()[0]
    assert rows[0] == rows[1] == rows[2] == rows[3] == rows[4] == 1112
    assert n_comments == 5230
    assert a2[0].startswith("Artikel 2 ") and a2[1] == "https://artikel.example/derstandard/2"


def test_the_articles_export_carries_the_titles(derstandard):
    out = derstandard / "articles-export.csv"
    diskurs("export", "articles", "--store", derstandard / "store", "--out", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1112
    assert all(row["title"].startswith("Artikel ") and row["url"].startswith("https://") for row in rows)


def test_the_comments_download_names_each_comments_article_by_its_title(derstandard):
    from dashboard.app import create_app

    app = create_app(Settings(store_dir=derstandard / "store"))
    response = app.server.test_client().get("/download/comments.csv", buffered=False)
    body = b"".join(response.response).decode("utf-8")
    response.close()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows, body[:200]
    assert all(row["article_title"].startswith(f"Artikel {row['article_id'].removeprefix('omp:a')} ") for row in rows)


def test_topics_follow_the_listed_titles(derstandard):
    with store.connect_readonly(derstandard / "store") as con:
        wirtschaft = con.execute(
            "SELECT count(*), count(*) FILTER (contains(c.topics, 'Wirtschaft')) FROM comments c "
            "JOIN articles a USING (article_id) WHERE a.title LIKE '%aus Wirtschaft'"
        ).fetchall()[0]
    assert wirtschaft[0] > 0 and wirtschaft[0] == wirtschaft[1]


def test_suggest_topics_ranks_what_marks_discussions_not_the_titles_every_article_has(derstandard):
    out = derstandard / "suggestions.csv"
    diskurs("suggest-topics", "--store", derstandard / "store", "--top", "5000", "--out", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_keyness = [row["term"] for row in rows]
    by_count = [row["term"] for row in sorted(rows, key=lambda row: -int(row["count"]))]
    # Every made-up title says "Titel": the most frequent term, and no topic of any discussion.
    assert by_count[0] == "Titel"
    assert "Titel" not in by_keyness[:100]
    assert not {"Zahl", "Quelle", "Standard"} & set(by_keyness[:20])
    assert all(float(row["keyness"]) > 0 for row in rows)
