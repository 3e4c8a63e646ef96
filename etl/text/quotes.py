"""What a comment's author wrote themselves, without what they quote.

Replies often quote their parent: a `<blockquote>`, e-mail style `> ` lines, a sentence copied in
„…“, or a long span pasted bare. Scored as part of the reply, the quote lends the reply its
parent's sentiment. Two steps, because HTML is gone after normalize:

- in normalize, `etl.text.html.html_to_text` renders blockquotes as `> ` paragraphs and moves
  every `> ` line into a paragraph of its own, so the stored text still shows the quote (as
  plain text) and the next step can find it;
- after threads are known: `own_words(text, parent_text, parent_author)` drops `> ` paragraphs,
  a leading `@name`, and text copied from the parent. `own_texts(comments)` does it for a frame.

All functions are pure and take microseconds on a typical comment. Text copied from the parent is
found by `etl.text.copies`, quickly with the bytes methods of `etl.text.plain`.
"""

import re

import pandas as pd

from etl.text.copies import WORD, parent_index, strip_copied

_QUOTED_PARAGRAPH = re.compile(r"\s*>")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ATTRIBUTION = re.compile(
    r"(?i)\s*(?:.{1,80}?\s+(?:schrieb|schreibt|wrote|writes|sagte|meinte|said)\b.{0,40}?"
    r"|zitat(?:\s+von\s+.{1,80})?|quote(?:\s+from\s+.{1,80})?)\s*:\s*"
)
_MENTION = re.compile(r"@\w+(?:[.\-]\w+)*")
_MENTION_END = re.compile(r"[\s:,;]*")
_QUOTE_MARKS = '„“”"«»‚‘’'


def own_words(text: object, parent_text: str | None = None, parent_author: str | None = None) -> str:
    """The author's own words in a plain-text comment (see module docstring).

    Drops `> ` paragraphs with the "X schrieb:" line above them, a leading `@name` of each
    paragraph (just the name: "@Anna: stimmt nicht" → "stimmt nicht"), and text copied from
    `parent_text`: a whole sentence or ≥ 3 words inside quote marks, a whole sentence of ≥ 4 words
    or any ≥ 8-word span without them. Paragraphs are kept; what is left may be "".
    """
    if not isinstance(text, str) or not text.strip():
        return ""
    has_parent = isinstance(parent_text, str) and bool(parent_text.strip())
    if not has_parent and ">" not in text and "@" not in text:
        return text
    paragraphs = _unquoted_paragraphs(text)
    if "@" in text:
        paragraphs = [_strip_mentions(p, parent_author) for p in paragraphs]
    if has_parent:
        parent = parent_index(parent_text)
        paragraphs = [strip_copied(p, parent) for p in paragraphs]
    return "\n\n".join(p for p in paragraphs if WORD.search(p) or p.strip(" \t" + _QUOTE_MARKS))


def own_texts(comments: pd.DataFrame) -> pd.Series:
    """`own_words` for every row of a frame with `comment_id, parent_id, author, text`.

    The parent is looked up by `parent_id` within the same frame; a missing parent counts as none.
    Returns a string Series aligned to `comments`.
    """
    by_id = comments.drop_duplicates("comment_id").set_index("comment_id")
    parent_text = comments["parent_id"].map(by_id["text"])
    parent_author = comments["parent_id"].map(by_id["author"])
    rows = zip(comments["text"].tolist(), parent_text.tolist(), parent_author.tolist())  # lists: no pandas per value
    values = [own_words(t, _value(p), _value(a)) for t, p, a in rows]
    return pd.Series(values, index=comments.index, dtype="string")


def _value(value):
    return value if isinstance(value, str) else None


def _unquoted_paragraphs(text):
    """Paragraphs without `> ` lines, nor the attribution line directly above a quote."""
    if ">" not in text:  # no line is a quote: every line stays
        if "\n" not in text:
            text = text.strip()
            return [text] if text else []
        return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    lines = text.split("\n")
    quoted = [bool(_QUOTED_PARAGRAPH.match(line)) for line in lines]
    keep = []
    for i, line in enumerate(lines):
        if quoted[i]:
            continue
        following = next((quoted[j] for j in range(i + 1, len(lines)) if lines[j].strip()), False)
        if following and _ATTRIBUTION.fullmatch(line):
            continue
        keep.append(line)
    paragraphs = _PARAGRAPH_BREAK.split("\n".join(keep))
    return [p.strip() for p in paragraphs if p.strip()]


def _strip_mentions(paragraph, parent_author):
    """A paragraph without the `@name` addressing it opens with (several names too)."""
    position = 0
    author = f"@{parent_author}".lower() if parent_author else None
    while paragraph.startswith("@", position):
        end = _mention_end(paragraph, position, author)
        if end is None:
            break
        position = _MENTION_END.match(paragraph, end).end()
    return paragraph[position:]


def _mention_end(paragraph, position, author):
    # Names may hold spaces ("@Hans Meier"): the parent's author name is taken whole when it fits.
    if author:
        end = position + len(author)
        if paragraph[position:end].lower() == author and not paragraph[end : end + 1].isalnum():
            return end
    match = _MENTION.match(paragraph, position)
    return match.end() if match else None
