"""WordPress export (WXR) reader: hand-written fixtures, bad input, and the real shared samples."""

import pytest
from paths import DATA, SHARED

from etl.sources import detect, read_input
from etl.sources.wxr import read

FORMATS = SHARED / "formats"
SITE = "wp:blog.example.org:"


@pytest.fixture(scope="module")
def export():
    return read(DATA / "wxr-export.xml")


def _by_id(frame, key):
    return frame.set_index(key)


def test_comments_keep_their_order_and_site_qualified_ids(export):
    assert export.comments["comment_id"].tolist() == [
        SITE + f"c{n}" for n in (101, 102, 103, 104, 105, 106, 110, 112, 113)
    ]
    assert export.comments["seq"].tolist() == list(range(9))
    assert set(export.comments["source"]) == {str(DATA / "wxr-export.xml")}


def test_replies_two_deep_point_to_their_parents(export):
    parents = _by_id(export.comments, "comment_id")["parent_id"]
    assert parents[SITE + "c102"] == SITE + "c101"
    assert parents[SITE + "c103"] == SITE + "c102"
    assert parents.isna()[SITE + "c101"]


def test_orphan_reply_keeps_its_parent_link_for_the_thread_stage_to_judge(export):
    assert _by_id(export.comments, "comment_id").loc[SITE + "c106", "parent_id"] == SITE + "c999"


def test_every_status_is_kept_and_named(export):
    status = _by_id(export.comments, "comment_id")["status"]
    assert [status[SITE + f"c{n}"] for n in (101, 103, 104, 105)] == ["published", "pending", "spam", "trash"]


def test_missing_approval_counts_as_published(export):
    assert _by_id(export.comments, "comment_id").loc[SITE + "c112", "status"] == "published"


def test_gmt_dates_become_utc_and_the_zero_date_empty(export):
    created = _by_id(export.comments, "comment_id")["created_at"]
    assert created[SITE + "c101"] == "2025-05-19T09:00:00Z"
    assert created.isna()[SITE + "c105"]


def test_content_stays_raw_html(export):
    assert export.comments.iloc[0]["text"] == "<p>Endlich ein Radweg!</p>"
    assert export.comments.iloc[1]["text"] == "Das sehe ich anders.\n\nDie Parkplätze fehlen."


def test_articles_are_posts_and_pages_with_comments(export):
    assert export.articles["article_id"].tolist() == [SITE + "42", SITE + "8", SITE + "43"]


def test_article_fields_come_from_the_item(export):
    article = _by_id(export.articles, "article_id").loc[SITE + "42"]
    assert article["title"] == "Neuer Radweg am Ring"
    assert article["url"] == "https://blog.example.org/2025/05/radweg/"
    assert article["author"] == "Jana Berg"  # dc:creator's login mapped to the display name
    assert article["published_at"] == "2025-05-19T08:00:00Z"
    assert article["body"] == "<p>Die Stadt baut einen <strong>Radweg</strong>.</p>"


def test_categories_and_tags_are_topics_once_each_and_formats_are_not(export):
    assert _by_id(export.articles, "article_id").loc[SITE + "42", "source_topics"] == "Verkehr;Fahrrad"


def test_item_without_post_id_takes_it_from_its_link_and_its_date_from_pubdate(export):
    article = _by_id(export.articles, "article_id").loc[SITE + "43"]
    assert article["published_at"] == "2025-04-01T06:30:00+02:00"
    assert _by_id(export.comments, "comment_id").loc[SITE + "c113", "article_id"] == SITE + "43"


def test_draft_page_zero_date_is_empty(export):
    assert _by_id(export.articles, "article_id")["published_at"].isna()[SITE + "8"]


def test_bad_records_are_rejected_with_line_and_reason(export):
    rejects = export.rejects
    assert rejects["location"].tolist() == ["line 84", "line 92", "line 123", "line 141"]
    assert rejects["reason"].tolist() == [
        f"duplicate comment_id {SITE}c101 (first on line 33)",
        f"empty text (comment {SITE}c107)",
        "1 comment(s) on an item of post_type 'attachment' not loaded",
        f"duplicate article_id {SITE}42 (first on line 20): its comments join the first",
    ]


def test_duplicate_item_comments_join_the_first_article(export):
    assert _by_id(export.comments, "comment_id").loc[SITE + "c112", "article_id"] == SITE + "42"
    assert _by_id(export.articles, "article_id").loc[SITE + "42", "title"] == "Neuer Radweg am Ring"


def test_truncated_export_keeps_complete_items_and_says_where_it_broke():
    batch = read(DATA / "wxr-truncated.xml")
    assert batch.articles["article_id"].tolist() == [SITE + "42"]
    assert len(batch.comments) == 6
    last = batch.rejects.iloc[-1]
    assert last["location"] == "line 117"
    assert last["reason"] == (
        "malformed XML at line 117, column 51: no element found — items after this point were not read"
    )


def test_mismatched_tag_is_one_reject_and_earlier_items_load(tmp_path):
    text = (DATA / "wxr-export.xml").read_text(encoding="utf-8")
    path = tmp_path / "broken.xml"
    path.write_text(text.replace("<title>Impressum</title>", "<title>Impressum</titel>"), encoding="utf-8")
    batch = read(path)
    assert batch.articles["article_id"].tolist() == [SITE + "42"]
    broken = batch.rejects["reason"].str.startswith("malformed XML at line 102, column 31: mismatched tag")
    assert broken.sum() == 1


def test_doctype_with_entities_is_refused_before_expansion(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
        "<title>&b;</title><wp:post_id>1</wp:post_id></item></channel></rss>\n",
        encoding="utf-8",
    )
    batch = read(path)
    assert batch.articles.empty
    reason = batch.rejects["reason"]
    assert len(reason) == 1 and reason[0].startswith("refused XML at line 2, column ")
    assert reason[0].endswith(
        ": a DOCTYPE declaration is refused (entity expansion risk) — items after this point were not read"
    )


def test_other_xml_is_one_reject_naming_its_root(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<feed><entry/></feed>", encoding="utf-8")
    batch = read(path)
    assert batch.rejects["reason"].tolist() == ["not a WordPress export (WXR): root element <feed>"]


def test_detect_tells_wxr_from_disqus_and_other_xml_by_the_root(tmp_path):
    other = tmp_path / "feed.xml"
    other.write_text("<feed/>", encoding="utf-8")
    assert detect(DATA / "wxr-export.xml") == "wxr"
    assert detect(DATA / "disqus-export.xml") == "disqus"
    assert detect(other) == "xml"
    assert read_input(other).rejects["reason"].tolist() == [
        "XML with root element <feed> is neither a WordPress export (WXR) nor a Disqus export"
    ]


def test_empty_or_refused_xml_found_in_a_folder_is_one_reject_each(tmp_path):
    (tmp_path / "a_empty.xml").write_bytes(b"")
    (tmp_path / "b_dtd.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "x">]>\n<rss/>', encoding="utf-8"
    )
    reasons = read_input(tmp_path).rejects["reason"].tolist()
    assert reasons[0] == "malformed XML at line 1, column 1: no element found — nothing was read"
    assert reasons[1].startswith("refused XML at line 2, column ")


# --- the real shared samples (skip when ../shared/data is absent) ---------------------------------

A11Y = FORMATS / "wordpress-wxr-a11y-unit-test.xml"
ISSO = FORMATS / "wordpress-wxr-isso.xml"
needs_shared = pytest.mark.skipif(not FORMATS.is_dir(), reason=f"shared real data not found at {FORMATS}")


@needs_shared
def test_real_a11y_export_gives_29_comments_9_of_them_replies():
    batch = read(A11Y)
    comments = batch.comments.set_index("comment_id")
    assert len(comments) == 29 and batch.rejects.empty
    assert comments["parent_id"].notna().sum() == 9
    assert set(comments["parent_id"].dropna()) <= set(comments.index)


@needs_shared
def test_real_a11y_reply_chain_has_the_parents_the_xml_gives():
    # Read by hand from the file: in item "Template: Comments" (wp:post_id 1148) comments 905..915
    # form one chain, each wp:comment_parent naming the one before (905->904, 906->905, 907->906,
    # 910->907, 911->910, ..., 915->914); 904 is top level.
    comments = read(A11Y).comments.set_index("comment_id")
    site = "wp:wpthemetestdata.wordpress.com:"
    chain = [904, 905, 906, 907, 910, 911, 912, 913, 914, 915]
    for parent, child in zip(chain, chain[1:]):
        assert comments.loc[f"{site}c{child}", "parent_id"] == f"{site}c{parent}"
    assert comments["parent_id"].isna()[f"{site}c904"]
    assert set(comments.loc[[f"{site}c{n}" for n in chain], "article_id"]) == {f"{site}1148"}


@needs_shared
def test_real_isso_export_loads_its_threads_and_rejects_the_reused_comment_id():
    # 8 wp:comment elements; comment 11 appears in two items, and WordPress numbers comments per
    # site, so the second is a duplicate. Replies: 7->6, 8->7, 9->7.
    batch = read(ISSO)
    comments = batch.comments.set_index("comment_id")
    assert len(comments) == 7
    assert comments["parent_id"].dropna().to_dict() == {
        "wp:example.tld:c7": "wp:example.tld:c6",
        "wp:example.tld:c8": "wp:example.tld:c7",
        "wp:example.tld:c9": "wp:example.tld:c7",
    }
    assert batch.articles["article_id"].tolist() == ["wp:example.tld:18", "wp:example.tld:4", "wp:example.tld:6"]
    assert batch.rejects["reason"].tolist() == ["duplicate comment_id wp:example.tld:c11 (first on line 118)"]


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_namespace_spelling_is_read_as_a_wordpress_export(tmp_path, scheme, version):
    # WordPress.com exports declare https://wordpress.org/export/1.2/; self-hosted sites http.
    path = tmp_path / "export.xml"
    path.write_text(
        (DATA / "wxr-export.xml")
        .read_text(encoding="utf-8")
        .replace("http://wordpress.org/export/1.2/", f"{scheme}://wordpress.org/export/{version}/"),
        encoding="utf-8",
    )
    assert detect(path) == "wxr"
    batch = read_input(path)
    assert len(batch.comments) == 9
    assert batch.comments.iloc[0]["comment_id"] == SITE + "c101"
