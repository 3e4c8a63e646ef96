"""The article-page reader: seed page, deep threads, English pages, footers and bad files."""

import pytest
from paths import DATA, SEED

from etl.sources import page


@pytest.fixture(scope="module")
def seed():
    return page.read(SEED)


@pytest.fixture(scope="module")
def deep():
    return page.read(DATA / "page_deep.txt")


def test_seed_page_yields_its_article_metadata(seed):
    article = seed.articles.iloc[0]
    assert len(seed.articles) == 1
    assert article["title"] == (
        "Alarm in Washington: Chinas KI-Sektor könnte von Alibaba-Kooperation für Apple Intelligence profitieren"
    )
    assert article["author"] == "Roman van Genabith"
    assert article["published_at"] == "2025-05-19"
    assert article["source"] == str(SEED)


def test_seed_page_body_starts_after_the_title_and_keeps_sub_headings(seed):
    body = seed.articles.iloc[0]["body"]
    assert body.startswith("Apples erzwungene KI-Partnerschaft")
    assert "\n\nUS-Regierung fordert Klarheit\n\n" in body
    assert "Pixabay" not in body
    assert "Gedanken zu" not in body


def test_seed_page_yields_three_comments_the_second_replying_to_the_first(seed):
    comments = seed.comments
    assert len(comments) == 3
    first, second, third = (comments.iloc[i] for i in range(3))
    assert second["parent_id"] == first["comment_id"]
    assert comments["parent_id"].isna().tolist() == [True, False, True]
    assert third["text"].startswith("Bin jetzt über Alibaba")
    assert comments["seq"].tolist() == [0, 1, 2]
    assert set(comments["article_id"]) == {seed.articles.iloc[0]["article_id"]}


def test_seed_page_comments_never_contain_the_footer(seed):
    assert not seed.comments["text"].str.contains("Kommentare sind geschlossen").any()
    assert seed.comments["text"].str.strip().ne("").all()
    assert seed.rejects.empty


def test_seed_page_ids_are_identical_across_reads(seed):
    again = page.read(SEED)
    assert again.articles["article_id"].tolist() == seed.articles["article_id"].tolist()
    assert again.comments["comment_id"].tolist() == seed.comments["comment_id"].tolist()
    assert seed.articles.iloc[0]["article_id"].startswith("page-")


def test_comment_ids_are_tree_paths_under_the_article_id(seed):
    article_id = seed.articles.iloc[0]["article_id"]
    assert seed.comments["comment_id"].tolist() == [f"{article_id}-c1", f"{article_id}-c1.1", f"{article_id}-c2"]


def test_deep_page_nests_replies_by_indentation_to_four_levels(deep):
    ids = deep.comments["comment_id"].str.split("-c").str[-1].tolist()
    assert ids == ["1", "1.1", "1.1.1", "1.1.1.1", "1.1.2", "2", "2.1"]
    parents = dict(zip(deep.comments["comment_id"], deep.comments["parent_id"]))
    deepest = next(cid for cid in parents if cid.endswith("-c1.1.1.1"))
    assert parents[deepest].endswith("-c1.1.1")


def test_a_dash_bullet_at_reply_indentation_is_a_reply(deep):
    reply = deep.comments[deep.comments["text"].str.startswith("Das stimmt nicht")].iloc[0]
    assert reply["parent_id"].endswith("-c2")


def test_multi_paragraph_comment_keeps_its_paragraphs_and_drops_reply_links(deep):
    first = deep.comments.iloc[0]["text"]
    assert first.endswith("nicht sicher.\n\nHoffentlich wird der Weg breit genug.")
    assert "Antworten" not in first
    wrapped = deep.comments.iloc[3]["text"]
    assert wrapped == "Eigene Spuren? Dafür ist kein Platz. Die Straße ist schon jetzt zu eng."


def test_deep_page_reads_credit_url_byline_and_stops_at_the_comment_form(deep):
    article = deep.articles.iloc[0]
    assert article["url"] == "https://example.org/2024/03/radweg-debatte"
    assert article["author"] == "Anna Beispiel"
    assert article["published_at"] == "2024-03-03"
    assert article["body"].split("\n\n")[1] == "Was der Beschluss vorsieht"
    assert not deep.comments["text"].str.contains("E-Mail|Kommentar verfassen").any()
    assert deep.rejects.empty


def test_english_page_with_english_date_header_and_footer_is_read():
    batch = page.read(DATA / "page_english.txt")
    article = batch.articles.iloc[0]
    assert (article["title"], article["author"], article["published_at"]) == (
        "City approves new bike lane",
        "John Doe",
        "2024-05-02",
    )
    assert batch.comments["text"].tolist() == ["Finally some progress.", "I disagree, traffic will get worse."]
    assert batch.comments.iloc[1]["parent_id"] == batch.comments.iloc[0]["comment_id"]
    assert batch.rejects.empty


def test_page_without_comments_gives_an_article_and_no_comments():
    batch = page.read(DATA / "page_nocomments.txt")
    assert batch.articles.iloc[0]["published_at"] == "2024-11-12"
    assert batch.articles.iloc[0]["body"] == "Ab Dezember öffnet die Bibliothek auch samstags."
    assert batch.comments.empty
    assert batch.rejects.empty


def test_wordpress_byline_gives_comment_author_and_time_not_a_reply():
    batch = page.read(DATA / "page_bylines.txt")
    comment = batch.comments.iloc[0]
    assert len(batch.comments) == 1
    assert (comment["author"], comment["created_at"]) == ("Maria K.", "2024-06-01T14:05:00")
    assert comment["text"] == "Schöne Nachricht, danke!"
    assert batch.articles.iloc[0]["published_at"] == "2024-06-01"


def test_header_count_mismatch_is_rejected_but_comments_still_load():
    batch = page.read(DATA / "page_miscount.txt")
    assert len(batch.comments) == 3
    assert len(batch.rejects) == 1
    assert "says 4 comments but 3 were parsed" in batch.rejects.iloc[0]["reason"]


def test_text_left_of_the_comments_after_a_gap_ends_them():
    batch = page.read(DATA / "page_miscount.txt")
    assert not batch.comments["text"].str.contains("Weitere Artikel").any()


def test_a_file_that_is_not_an_article_page_is_one_reject():
    batch = page.read(DATA / "not_a_page.txt")
    assert batch.articles.empty and batch.comments.empty
    assert batch.rejects["location"].tolist() == ["file"]
    assert "no publication date" in batch.rejects.iloc[0]["reason"]


@pytest.mark.parametrize(
    "header, n",
    [
        ("Ein Gedanke zu „Titel“", 1),
        ('12 Gedanken zu "Titel"', 12),
        ("One thought on “Titel”", 1),
        ("5 thoughts on «Titel»", 5),
        ("Kommentare (4)", 4),
    ],
)
def test_comment_headers_in_german_and_english_are_recognised(header, n):
    found = page._find_header(["Ein Absatz über etwas.", header])
    assert (found["line"], found["n"]) == (1, n)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("19. Mai 2025", "2025-05-19"),
        ("May 19, 2025", "2025-05-19"),
        ("2025-05-19", "2025-05-19"),
        ("3. März 2024 um 10:15 Uhr", "2024-03-03"),
        ("19.05.2025", "2025-05-19"),
    ],
)
def test_publication_dates_are_read_in_german_english_and_iso(text, expected):
    assert page._match_date(text)[1].isoformat() == expected


def test_numbered_date_line_is_not_a_comment_marker_and_english_time_is_read():
    assert page._datetime_iso("May 19, 2025 at 2:03 pm") == "2025-05-19T14:03:00"
    assert page._is_date_line("1. Juni 2024 um 14:05 Uhr")


def test_unreadable_file_is_one_reject(tmp_path):
    broken = tmp_path / "kaputt.txt"
    broken.write_bytes(b"\xff\xfe\x00 not utf-8 \x81")
    batch = page.read(broken)
    assert batch.articles.empty
    assert batch.rejects.iloc[0]["reason"].startswith("cannot read page")
