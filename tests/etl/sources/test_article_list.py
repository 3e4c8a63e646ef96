"""Article lists (CSV, JSON Lines): recognised by their columns, one row an article, bad rows rejected."""

from paths import DATA

from etl.sources import detect, read_file
from etl.sources.article_list import is_article_list, read_csv, read_jsonl


def test_a_csv_naming_article_id_and_no_comment_id_is_an_article_list():
    assert detect(DATA / "article-list.csv") == "articles-csv"
    assert detect(DATA / "article-list.jsonl") == "articles-jsonl"
    assert detect(DATA / "comments.csv") == "csv"
    assert detect(DATA / "comments-only.csv") == "csv"
    assert detect(DATA / "comments.jsonl") == "jsonl"


def test_detection_reads_a_semicolon_header_after_an_excel_hint(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("sep=;\narticle_id;title;url;published_at\na1;Titel;https://x.example/a1;2025-01-01\n")
    assert is_article_list(path)
    assert read_file(path).articles["title"].tolist() == ["Titel"]


def test_article_rows_carry_title_url_date_author_section_topic_and_body():
    batch = read_csv(DATA / "article-list.csv")
    assert batch.comments.empty
    first = batch.articles.set_index("article_id").loc["art-1"]
    assert first["title"] == "Wie Sprachmodelle Schule machen"
    assert first["url"] == "https://zeitung.example/art-1"
    assert first["published_at"] == "2025-03-03T08:00:00+01:00"
    assert (first["author"], first["section"], first["source_topics"]) == ("Dora Beck", "Bildung", "Schule")
    assert first["body"].startswith("<p>Lehrer testen")


def test_an_article_no_comment_names_yet_is_kept():
    assert "art-9" in read_csv(DATA / "article-list.csv").articles["article_id"].tolist()


def test_rows_without_an_id_and_repeated_ids_are_rejects_by_line():
    batch = read_csv(DATA / "article-list.csv")
    assert batch.articles["article_id"].tolist() == ["art-1", "art-2", "art-3", "art-4", "art-9"]
    rejects = batch.rejects[["location", "reason"]].values.tolist()
    assert rejects == [
        ["line 4", "missing article_id"],
        ["line 7", "duplicate article_id art-2 (first on line 3)"],
    ]
    assert batch.articles.set_index("article_id").loc["art-2", "title"] == "Neue Radwege für Graz"


def test_a_list_missing_a_required_column_is_one_reject_naming_it(tmp_path):
    path = tmp_path / "kurz.csv"
    path.write_text("article_id,title\na1,Titel\n")
    batch = read_file(path)
    assert batch.articles.empty
    assert batch.rejects["reason"].tolist() == ["article list lacks required columns: url, published_at"]


def test_json_lines_list_keeps_ids_as_written_and_rejects_a_line_without_id():
    batch = read_jsonl(DATA / "article-list.jsonl")
    assert batch.articles["article_id"].tolist() == ["art-1", "2"]
    assert batch.articles["section"].fillna("").tolist() == ["Bildung", ""]
    assert batch.rejects[["location", "reason"]].values.tolist() == [["line 3", "missing article_id"]]
