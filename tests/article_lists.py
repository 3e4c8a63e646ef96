"""Article lists written by tests at run time, for stores of comment dumps that have no titles.

`write_omp_article_list(posts, out)` reads the article ids of a One Million Posts posts CSV (such
as the shared derStandard comments, ../shared/data/one-million-posts/posts.csv.xz) and writes an
article list CSV (docs/cli.md, "Inputs") for them: made-up titles "Artikel 2 – …", https urls on
an example domain, a publication time an hour before the article's first post, a section, and a
short made-up body. Nothing of the corpus is copied but its ids and times; the file lives where the
test puts it (a tmp_path), never in the repository. Use it beside the dump:

    articles = write_omp_article_list(SHARED / "one-million-posts" / "posts.csv.xz", tmp_path / "articles.csv")
    diskurs run posts.csv.xz articles.csv      # or the list in a later run: the titles join the stored comments
"""

import csv
import lzma
from pathlib import Path

import pandas as pd

SECTIONS = ("Inland", "International", "Wirtschaft", "Wissenschaft", "Kultur", "Sport")
URL = "https://artikel.example/derstandard/{id}"
COLUMNS = ["article_id", "title", "url", "published_at", "author", "section", "body"]


def omp_article_ids(posts: Path | str) -> dict[str, pd.Timestamp]:
    """{ID_Article: the time of its first post} of a posts CSV (plain or .xz)."""
    opener = lzma.open if str(posts).endswith(".xz") else open
    first = {}
    with opener(posts, "rt", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            article, created = (row.get("ID_Article") or "").strip(), (row.get("CreatedAt") or "").strip()
            if not article:
                continue
            when = pd.Timestamp(created) if created else pd.NaT
            if article not in first or (pd.notna(when) and (pd.isna(first[article]) or when < first[article])):
                first[article] = when
    return first


def write_omp_article_list(posts: Path | str, out: Path | str) -> Path:
    """Write an article list CSV for every article of `posts` to `out` (see the module docstring)."""
    rows = []
    for number, (article, first_post) in enumerate(sorted(omp_article_ids(posts).items(), key=lambda i: int(i[0]))):
        published = "" if pd.isna(first_post) else (first_post - pd.Timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
        section = SECTIONS[number % len(SECTIONS)]
        rows.append(
            {
                "article_id": f"omp:a{article}",
                "title": f"Artikel {article} – ein erfundener Titel aus {section}",
                "url": URL.format(id=article),
                "published_at": published,
                "author": f"Redaktion {section}",
                "section": section,
                "body": f"Ein erfundener Text zu Artikel {article}, geschrieben vom Test.",
            }
        )
    out = Path(out)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return out
