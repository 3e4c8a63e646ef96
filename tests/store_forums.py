"""Small comment forums for the store's tests: a CSV of so many comments on so many articles, and
a query of the current version."""

from pathlib import Path

from etl import store

HEADER = "comment_id,parent_id,article_id,article_title,published_at,author,created_at,text"


def forum(path, articles, per_article, start=0, day=1):
    """A comments CSV: `per_article` comments on each of `articles` articles (ids a0, a1, …)."""
    lines = [HEADER]
    for a in articles:
        for i in range(start, start + per_article):
            lines.append(
                f"c{a}-{i},,a{a},Artikel {a},2025-04-{day:02d}T08:00:00Z,L{i},2025-04-{day:02d}T09:{i % 60:02d}:00Z,"
                f'"Kommentar {i} zu Artikel {a}: die Regeln sind gut."'
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(store_dir):
    """{file: (size, mtime)} of the store's data: every file in the store folder but the run
    journal (a line per run, idle ones too) and the lock file (the writer's pid while it runs)."""
    return {
        str(p.relative_to(store_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in Path(store_dir).rglob("*")
        if p.is_file() and p.name not in ("runs.jsonl", ".lock")
    }


def catalogue(store_dir, sql):
    with store.connect_readonly(store_dir) as con:
        return con.execute(sql).fetchall()
