import pandas as pd

from etl.normalize import normalize
from etl.sources import make_batch
from etl.text.html import clean_text, html_to_text


def test_clean_text_removes_markup_and_keeps_paragraphs():
    assert clean_text("<p>Gut &amp; schön</p><p>Zweiter Absatz</p>") == "Gut & schön\n\nZweiter Absatz"


def test_clean_text_keeps_a_literal_script_tag_written_as_plain_text():
    assert clean_text("Ich tippe <script>alert(1)</script> hier") == "Ich tippe <script>alert(1)</script> hier"


def test_clean_text_collapses_whitespace_but_not_paragraph_breaks():
    assert clean_text("  eins   zwei\ndrei\n\n\n vier ") == "eins zwei drei\n\nvier"


def test_html_to_text_keeps_quotes_apart_and_drops_block_markup():
    markup = "<h2>Titel</h2><ul><li>eins</li><li>zwei</li></ul><blockquote>zitiert</blockquote><p>eigen</p>"
    assert html_to_text(markup) == "Titel\n\neins\n\nzwei\n\n> zitiert\n\neigen"


def test_normalize_turns_article_titles_and_bodies_into_text_like_comments():
    batch = make_batch(
        articles=[
            {"article_id": "a", "title": "Bio &amp; Markt", "body": "<p>Erster</p><p>Zweiter</p>", "source": "x.xml"},
            {"article_id": "b", "title": "Ohne Markup", "body": "<p></p>", "source": "x.xml"},
        ]
    )
    articles, _, _ = normalize(batch)
    assert articles["title"].tolist() == ["Bio & Markt", "Ohne Markup"]
    assert articles["body"].iloc[0] == "Erster\n\nZweiter"
    assert pd.isna(articles["body"].iloc[1])


def reference_clean_text(text):
    """clean_text as it was before its shortcuts."""
    import html
    import unicodedata

    from etl.text.html import _BLANK_LINES, _BLOCK_TAGS, _SPACES, _TAG

    if text is None or text is pd.NA:
        return ""
    text = unicodedata.normalize("NFC", str(text).encode("utf-8", "replace").decode("utf-8"))
    import re

    if (
        re.match(r"\s*<(p|div|span|a|em|strong|ul|ol|li|h[1-6]|figure|blockquote)\b", text, re.I)
        or re.search(r"<(br|p|blockquote)\s*/?>", text, re.I)
        or "&#" in text
        or "&amp;" in text
    ):
        text = html.unescape(_TAG.sub("", _BLOCK_TAGS.sub("\n\n", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (" ".join(_SPACES.split(p.replace("\n", " "))).strip() for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def test_clean_text_shortcuts_change_nothing():
    import random

    rng = random.Random(4)
    pieces = [
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "\xa0",
        "\u2003",
        "\u200b",
        "\u3000",
        "\x0b",
        "<p>",
        "</p>",
        "<br>",
        "<BR/>",
        "&amp;",
        "&#8220;",
        "<b>x</b>",
        "Wort",
        "ä",
        "\ud800",
        "e\u0301",
        "<",
        " <p",
        "\x1c",
        "\u2028",
        "<blockquote>",
        "&gt;",
        "< div>",
    ]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        assert clean_text(text) == reference_clean_text(text), repr(text)
