"""Disqus export reader: threads as articles, posts with parents, deleted posts kept."""

import pytest
from paths import DATA

from etl.sources import detect
from etl.sources.disqus import read


@pytest.fixture(scope="module")
def export():
    return read(DATA / "disqus-export.xml")


@pytest.fixture(scope="module")
def comments(export):
    return export.comments.set_index("comment_id")


def test_detect_reads_the_root_element():
    assert detect(DATA / "disqus-export.xml") == "disqus"


def test_posts_load_in_order_with_disqus_ids(export):
    assert export.comments["comment_id"].tolist() == [
        "dsq:9001",
        "dsq:9002",
        "dsq:9003",
        "dsq:9004",
        "dsq:9005",
        "dsq:9006",
        "dsq:9007",
        "dsq:9008",
        "dsq:id:wp-501",
        "dsq:9012",
    ]
    assert export.comments["seq"].tolist() == list(range(10))


def test_replies_two_deep_point_to_their_parents(comments):
    assert comments.loc["dsq:9002", "parent_id"] == "dsq:9001"
    assert comments.loc["dsq:9003", "parent_id"] == "dsq:9002"
    assert comments["parent_id"].isna()["dsq:9001"]


def test_deleted_post_without_text_is_kept_and_still_anchors_its_reply(comments):
    assert comments.loc["dsq:9004", "status"] == "deleted"
    assert comments.loc["dsq:9004", "text"] == ""
    assert comments.loc["dsq:9005", "parent_id"] == "dsq:9004"


def test_statuses_deleted_wins_over_spam(comments):
    assert comments.loc["dsq:9006", "status"] == "spam"
    assert comments.loc["dsq:9007", "status"] == "deleted"
    assert comments.loc["dsq:9007", "text"] == "<p>Das war unter der Gürtellinie.</p>"
    assert comments.loc["dsq:9001", "status"] == "published"


def test_orphan_reply_keeps_its_parent_link_for_the_thread_stage_to_judge(comments):
    assert comments.loc["dsq:9008", "parent_id"] == "dsq:8999"


def test_posts_carry_thread_author_and_time(comments):
    first = comments.loc["dsq:9001"]
    assert (first["article_id"], first["author"], first["created_at"]) == ("dsq:t7001", "Anna", "2025-05-19T09:00:00Z")
    assert comments.loc["dsq:9003", "author"] == "carla"  # username when the name is empty


def test_references_by_id_text_resolve_like_the_import_format(comments):
    assert comments.loc["dsq:id:wp-501", "article_id"] == "dsq:t7002"
    assert comments.loc["dsq:9012", "parent_id"] == "dsq:id:wp-501"


def test_threads_are_articles_with_their_category_as_topic(export):
    articles = export.articles.set_index("article_id")
    assert articles.index.tolist() == ["dsq:t7001", "dsq:t7002"]
    first = articles.loc["dsq:t7001"]
    assert (first["title"], first["url"], first["author"], first["published_at"], first["source_topics"]) == (
        "Neuer Radweg am Ring",
        "https://stadtblatt.example/radweg-am-ring/",
        "Jana Berg",
        "2025-05-19T08:00:00Z",
        "Lokales",
    )


def test_bad_posts_are_rejected_with_line_and_reason(export):
    assert export.rejects["location"].tolist() == ["line 147", "line 158", "line 169"]
    assert export.rejects["reason"].tolist() == [
        "duplicate comment_id dsq:9001 (first on line 49)",
        "empty text (post dsq:9009)",
        "post dsq:9010 names no thread",
    ]


def test_truncated_export_keeps_complete_posts_and_says_where_it_broke():
    batch = read(DATA / "disqus-truncated.xml")
    assert batch.comments["comment_id"].tolist() == ["dsq:9001", "dsq:9002", "dsq:9003", "dsq:9004"]
    assert batch.rejects["reason"].tolist() == [
        "malformed XML at line 103, column 35: unclosed CDATA section"
        " — threads and posts after this point were not read"
    ]


def test_a_wordpress_export_given_to_the_disqus_reader_is_one_reject():
    batch = read(DATA / "wxr-export.xml")
    assert batch.comments.empty
    assert batch.rejects["reason"].tolist() == ["not a Disqus export: root element <rss>"]


def test_unreadable_file_is_one_reject(tmp_path):
    batch = read(tmp_path / "missing.xml")
    assert batch.rejects["location"].tolist() == ["file"]
    assert batch.rejects.iloc[0]["reason"].startswith("cannot read XML")
