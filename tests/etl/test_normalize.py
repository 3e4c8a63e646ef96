import pandas as pd

from etl import schema
from etl.normalize import clean_text, normalize
from etl.sources import Batch, REJECT_COLUMNS


def test_clean_text_removes_markup_and_keeps_paragraphs():
    assert clean_text("<p>Gut &amp; schön</p><p>Zweiter Absatz</p>") == "Gut & schön\n\nZweiter Absatz"


def test_clean_text_keeps_a_literal_script_tag_written_as_plain_text():
    assert clean_text("Ich tippe <script>alert(1)</script> hier") == "Ich tippe <script>alert(1)</script> hier"


def test_clean_text_collapses_whitespace_but_not_paragraph_breaks():
    assert clean_text("  eins   zwei\ndrei\n\n\n vier ") == "eins zwei drei\n\nvier"


def batch(comment_rows):
    comments = pd.DataFrame(comment_rows, columns=["comment_id", "article_id", "created_at", "text", "source"])
    return Batch(schema.empty(schema.RAW_ARTICLES), comments.assign(seq=range(len(comments))),
                 schema.empty(REJECT_COLUMNS))


def test_normalize_parses_times_to_utc():
    _, comments, _ = normalize(batch([("1", "a", "2025-05-19T12:00:00+02:00", "x", "f.csv")]))
    assert comments["created_at"].iloc[0] == pd.Timestamp("2025-05-19T10:00:00Z")


def test_normalize_keeps_a_comment_with_an_unparseable_date_and_says_so():
    _, comments, rejects = normalize(batch([("1", "a", "gestern abend", "x", "f.csv")]))
    assert len(comments) == 1 and pd.isna(comments["created_at"].iloc[0])
    assert "unparseable date" in rejects["reason"].iloc[0]


def test_normalize_rejects_the_second_comment_with_the_same_id():
    _, comments, rejects = normalize(batch([("1", "a", None, "erst", "f.csv"), ("1", "a", None, "zweit", "g.csv")]))
    assert comments["text"].tolist() == ["erst"]
    assert rejects["input"].tolist() == ["g.csv"]
    assert "duplicate" in rejects["reason"].iloc[0]


def reference_clean_text(text):
    """clean_text as it was before its shortcuts."""
    import html
    import unicodedata

    from etl.normalize import _BLANK_LINES, _BLOCK_TAGS, _SPACES, _TAG

    if text is None or text is pd.NA:
        return ""
    text = unicodedata.normalize("NFC", str(text).encode("utf-8", "replace").decode("utf-8"))
    import re
    if (re.match(r"\s*<(p|div|span|a|em|strong|ul|ol)\b", text, re.I)
            or re.search(r"<(br|p|blockquote)\s*/?>", text, re.I) or "&#" in text or "&amp;" in text):
        text = html.unescape(_TAG.sub("", _BLOCK_TAGS.sub("\n\n", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (" ".join(_SPACES.split(p.replace("\n", " "))).strip() for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def test_clean_text_shortcuts_change_nothing():
    import random

    rng = random.Random(4)
    pieces = [" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\xa0", "\u2003", "\u200b", "\u3000", "\x0b",
              "<p>", "</p>", "<br>", "<BR/>", "&amp;", "&#8220;", "<b>x</b>", "Wort", "ä", "\ud800", "e\u0301",
              "<", " <p", "\x1c", "\u2028", "<blockquote>", "&gt;", "< div>"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        assert clean_text(text) == reference_clean_text(text), repr(text)


def test_mojibake_shortcut_knows_every_character_mojibake_starts_with():
    import re

    from etl.normalize import _MOJIBAKE_LEADS, _repair_mojibake
    from etl.sources import textfile
    from etl.stance.prefixes import _prefixes

    assert set(_MOJIBAKE_LEADS) == set(_prefixes(re._parser.parse(textfile._MOJIBAKE.pattern), 1))
    assert _repair_mojibake("fÃ¼r Grüße") == "für Grüße"
    assert _repair_mojibake(pd.NA) is pd.NA
