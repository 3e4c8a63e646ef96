"""HTML to plain text, the one way: every reader's markup (comments, article titles and bodies)
becomes text in normalize through `html_to_text`.

`html_to_text(markup)` = `clean_text(separate_quotes(markup))`: quotes first (a `<blockquote>`
becomes `> ` paragraphs, `> ` lines paragraphs of their own, so etl.text.quotes can tell quoted
from own words later), then tags removed, entities decoded, whitespace collapsed, paragraphs kept.
Plain text passes through with its whitespace tidied: a reader's literal `<script>` inside a
sentence is not markup and stays.
"""

import html
import re
import unicodedata

import pandas as pd

_BLOCKQUOTE_TAG = re.compile(r"<(/?)blockquote\b[^>]*>", re.IGNORECASE)
_BLOCK_BREAK = re.compile(r"(?i)<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6])\b[^>]*>|\n\s*\n")
_TAG = re.compile(r"<[^>]+>")
# A `>` quote line: at a line start, or right after a tag that starts a line in HTML.
_QUOTE_LINE = re.compile(
    r"(?im)(^|<br\s*/?>|<p\b[^>]*>|<div\b[^>]*>)[ \t]*(?:>|&gt;)[ \t]?(.*?)(?=\n|<br\b|</?p\b|</?div\b|$)"
)
_BLOCK_TAGS = re.compile(r"(?i)<\s*/?\s*(br|p|div|li|ul|ol|blockquote|figure|h[1-6])\b[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(markup: object) -> str:
    """Plain text of a comment, title or body as written, quotes kept as `> ` paragraphs (see
    the module docstring); "" for a missing value."""
    return clean_text(separate_quotes(markup))


def clean_text(text: object) -> str:
    """Plain text from a comment as written: HTML tags removed, entities decoded, paragraphs kept.

    Tags are only removed when the text looks like markup, so a comment *about* `<script>`
    written as plain text keeps its words.
    """
    if text is None or text is pd.NA:
        return ""
    text = str(text)
    if not text.isascii():  # ASCII has no surrogates and is NFC already
        # Lone surrogates (from broken JSON escapes) cannot be stored: they become U+FFFD.
        text = unicodedata.normalize("NFC", text.encode("utf-8", "replace").decode("utf-8"))
    if _looks_like_html(text):
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _BLANK_LINES.split(text) if "\n" in text else [text]
    paragraphs = (_single_spaced(p.replace("\n", " ") if "\n" in p else p) for p in paragraphs)
    return "\n\n".join(p for p in paragraphs if p)


def _single_spaced(line):
    """Runs of spaces (_SPACES) as one space, and no space at either end."""
    if "  " in line or "\t" in line or (not line.isascii() and _ODD_SPACE.search(line)):
        return " ".join(_SPACES.split(line)).strip()
    return line.strip()  # no run to join: splitting and joining would give the line back


_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200b]")
_STARTS_WITH_TAG = re.compile(r"\s*<(p|div|span|a|em|strong|ul|ol|li|h[1-6]|figure|blockquote)\b", re.I)
_BREAK_TAG = re.compile(r"<(br|p|blockquote)\s*/?>", re.I)


def _looks_like_html(text):
    # Markup from WordPress and friends starts with block tags or carries entities; a reader's
    # literal "<script>" inside a sentence is not markup.
    if "<" in text and (_STARTS_WITH_TAG.match(text) or _BREAK_TAG.search(text)):
        return True
    return "&#" in text or "&amp;" in text


def split_blockquotes(markup: str) -> tuple[str, str]:
    """(own_html, quoted_html): the markup outside and inside `<blockquote>`s, nesting counted.

    An unclosed blockquote runs to the end, as in a browser; a stray closing tag is dropped.
    Quoted parts are joined by blank lines.
    """
    own, quoted = [], []
    for depth, segment in _segments(markup):
        (quoted if depth else own).append(segment)
    return "".join(own), "\n\n".join(s.strip() for s in quoted if s.strip())


def separate_quotes(text: object) -> object:
    """Text or HTML with every quote made a `> ` paragraph of its own; call before clean_text.

    `<blockquote>` content becomes `> ` paragraphs (`> > ` when nested); a `> ` line gets blank
    lines around it so clean_text does not join it to the author's own next line. Missing
    values and text without `>` pass through unchanged.
    """
    if not isinstance(text, str) or (">" not in text and "&gt;" not in text):
        return text
    if _BLOCKQUOTE_TAG.search(text):
        text = "".join(
            segment if not depth else _as_quote_paragraphs(segment, depth) for depth, segment in _segments(text)
        )
    return _QUOTE_LINE.sub(lambda m: f"{m[1]}\n\n> {m[2]}\n\n", text)


def _segments(markup):
    """(blockquote depth, markup) pieces of `markup`, tags themselves left out."""
    pieces, depth, last = [], 0, 0
    for match in _BLOCKQUOTE_TAG.finditer(markup):
        pieces.append((depth, markup[last : match.start()]))
        depth = max(0, depth - 1) if match[1] else depth + 1
        last = match.end()
    pieces.append((depth, markup[last:]))
    return [(d, s) for d, s in pieces if s]


def _as_quote_paragraphs(segment, depth):
    prefix = "> " * depth
    parts = (p.strip() for p in _BLOCK_BREAK.split(segment))
    return "".join(f"<p>{prefix}{p}</p>" for p in parts if _TAG.sub("", p).strip())
