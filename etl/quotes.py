"""What a comment's author wrote themselves, without what they quote.

Replies often quote their parent: a `<blockquote>`, e-mail style `> ` lines, a sentence copied in
„…“, or a long span pasted bare. Scored as part of the reply, the quote lends the reply its
parent's sentiment. Two steps, because HTML is gone after normalize:

- before `normalize.clean_text`: `separate_quotes(html_or_text)` renders blockquotes as `> `
  paragraphs and moves every `> ` line into a paragraph of its own, so the stored text still
  shows the quote (as plain text) and the next step can find it;
- after threads are known: `own_words(text, parent_text, parent_author)` drops `> ` paragraphs,
  a leading `@name`, and text copied from the parent. `own_texts(comments)` does it for a frame.

`split_blockquotes(html)` gives the blockquote content on its own, for callers that want it.
All functions are pure and take microseconds on a typical comment.
"""

import functools
import re

import pandas as pd

MIN_QUOTED_WORDS = 3  # parent words inside „…“ quotes: the quote marks make a short span certain
MIN_BARE_WORDS = 8  # parent words pasted without quote marks: long enough not to be a coincidence
MIN_BARE_SENTENCE_WORDS = 4  # a whole parent sentence repeated bare ("Das stimmt." can be agreement)

_BLOCKQUOTE_TAG = re.compile(r"<(/?)blockquote\b[^>]*>", re.IGNORECASE)
_BLOCK_BREAK = re.compile(r"(?i)<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6])\b[^>]*>|\n\s*\n")
_TAG = re.compile(r"<[^>]+>")
# A `>` quote line: at a line start, or right after a tag that starts a line in HTML.
_QUOTE_LINE = re.compile(
    r"(?im)(^|<br\s*/?>|<p\b[^>]*>|<div\b[^>]*>)[ \t]*(?:>|&gt;)[ \t]?(.*?)(?=\n|<br\b|</?p\b|</?div\b|$)"
)
_QUOTED_PARAGRAPH = re.compile(r"\s*>")
_ATTRIBUTION = re.compile(
    r"(?i)\s*(?:.{1,80}?\s+(?:schrieb|schreibt|wrote|writes|sagte|meinte|said)\b.{0,40}?"
    r"|zitat(?:\s+von\s+.{1,80})?|quote(?:\s+from\s+.{1,80})?)\s*:\s*"
)
_MENTION = re.compile(r"@\w+(?:[.\-]\w+)*")
_MENTION_END = re.compile(r"[\s:,;]*")
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"„([^“”\"\n]+)[“”\"]|“([^”\n]+)”|\"([^\"\n]+)\"|«([^»\n]+)»|»([^«\n]+)«")
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+")
_QUOTE_MARKS = "„“”\"«»‚‘’"
_QUOTE_MARK = re.compile("[„“\"«»]")
_EMPTY_PAIRS = re.compile(r"[„“”\"«»]\s*[“”\"«»]|\(\s*\)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[,.;:!?])")
_SPACES = re.compile(r"[ \t]{2,}")
_REPEATED_PUNCTUATION = re.compile(r"([,;:])(?:\s*[,;:])+")


def split_blockquotes(html):
    """(own_html, quoted_html): the markup outside and inside `<blockquote>`s, nesting counted.

    An unclosed blockquote runs to the end, as in a browser; a stray closing tag is dropped.
    Quoted parts are joined by blank lines.
    """
    own, quoted = [], []
    for depth, segment in _segments(html):
        (quoted if depth else own).append(segment)
    return "".join(own), "\n\n".join(s.strip() for s in quoted if s.strip())


def separate_quotes(text):
    """Text or HTML with every quote made a `> ` paragraph of its own; call before clean_text.

    `<blockquote>` content becomes `> ` paragraphs (`> > ` when nested); a `> ` line gets blank
    lines around it so clean_text does not join it to the author's own next line. Missing
    values and text without `>` pass through unchanged.
    """
    if not isinstance(text, str) or (">" not in text and "&gt;" not in text):
        return text
    if _BLOCKQUOTE_TAG.search(text):
        text = "".join(segment if not depth else _as_quote_paragraphs(segment, depth)
                       for depth, segment in _segments(text))
    return _QUOTE_LINE.sub(lambda m: f"{m[1]}\n\n> {m[2]}\n\n", text)


def own_words(text, parent_text=None, parent_author=None):
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
    paragraphs = [_strip_mentions(p, parent_author) for p in paragraphs]
    if has_parent:
        parent = _parent_index(parent_text)
        paragraphs = [_strip_copied(p, parent) for p in paragraphs]
    return "\n\n".join(p for p in paragraphs if _WORD.search(p) or p.strip(" \t" + _QUOTE_MARKS))


def own_texts(comments):
    """`own_words` for every row of a frame with `comment_id, parent_id, author, text`.

    The parent is looked up by `parent_id` within the same frame; a missing parent counts as none.
    Returns a string Series aligned to `comments`.
    """
    by_id = comments.drop_duplicates("comment_id").set_index("comment_id")
    parent_text = comments["parent_id"].map(by_id["text"])
    parent_author = comments["parent_id"].map(by_id["author"])
    values = [own_words(t, _value(p), _value(a))
              for t, p, a in zip(comments["text"], parent_text, parent_author)]
    return pd.Series(values, index=comments.index, dtype="string")


def _value(value):
    return value if isinstance(value, str) else None


def _segments(html):
    """(blockquote depth, markup) pieces of `html`, tags themselves left out."""
    pieces, depth, last = [], 0, 0
    for match in _BLOCKQUOTE_TAG.finditer(html):
        pieces.append((depth, html[last:match.start()]))
        depth = max(0, depth - 1) if match[1] else depth + 1
        last = match.end()
    pieces.append((depth, html[last:]))
    return [(d, s) for d, s in pieces if s]


def _as_quote_paragraphs(segment, depth):
    prefix = "> " * depth
    parts = (p.strip() for p in _BLOCK_BREAK.split(segment))
    return "".join(f"<p>{prefix}{p}</p>" for p in parts if _TAG.sub("", p).strip())


def _unquoted_paragraphs(text):
    """Paragraphs without `> ` lines, nor the attribution line directly above a quote."""
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
    paragraphs = re.split(r"\n\s*\n", "\n".join(keep))
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
        if paragraph[position:end].lower() == author and not paragraph[end:end + 1].isalnum():
            return end
    match = _MENTION.match(paragraph, position)
    return match.end() if match else None


class _ParentIndex:
    """The parent's words, and (built on first use) its sentences and 8-word spans."""

    def __init__(self, parent_text):
        self.text = parent_text
        self.words = _WORD.findall(parent_text.lower())
        self.vocabulary = frozenset(self.words)
        self.joined = " " + " ".join(self.words) + " "

    @functools.cached_property
    def spans(self):
        n = MIN_BARE_WORDS
        return {tuple(self.words[i:i + n]) for i in range(len(self.words) - n + 1)}

    @functools.cached_property
    def sentences(self):
        return {tuple(_WORD.findall(s.lower())) for s in _SENTENCE_SPLIT.split(self.text)}

    def contains(self, words):
        return bool(words) and f" {' '.join(words)} " in self.joined


# Replies to one parent come together; its index is built once for all of them.
_parent_index = functools.lru_cache(maxsize=1024)(_ParentIndex)


def _strip_copied(paragraph, parent):
    """A paragraph without the parts copied from the parent (quoted or bare)."""
    cuts = []
    if _QUOTE_MARK.search(paragraph):
        for match in _QUOTED.finditer(paragraph):
            content = next(g for g in match.groups() if g is not None)
            words = tuple(_WORD.findall(content.lower()))
            if parent.contains(words) and (len(words) >= MIN_QUOTED_WORDS or words in parent.sentences):
                cuts.append((match.start(), match.end()))
    # A copy is a run of words the parent uses: without a long enough run, nothing to look for.
    longest = _longest_run(_WORD.findall(paragraph.lower()), parent.vocabulary)
    if longest >= MIN_BARE_SENTENCE_WORDS:
        cuts.extend(_bare_sentences(paragraph, parent))
    if longest >= MIN_BARE_WORDS:
        cuts.extend(_bare_spans(paragraph, parent))
    return _cut(paragraph, cuts) if cuts else paragraph


def _longest_run(words, vocabulary):
    longest = run = 0
    for word in words:
        run = run + 1 if word in vocabulary else 0
        longest = max(longest, run)
    return longest


def _bare_spans(paragraph, parent):
    """Character spans of runs of ≥ 8 words that appear in the parent in the same order."""
    matches = list(_WORD.finditer(paragraph))
    words = [m.group().lower() for m in matches]
    covered = [False] * len(words)
    for i in range(len(words) - MIN_BARE_WORDS + 1):
        if tuple(words[i:i + MIN_BARE_WORDS]) in parent.spans:
            covered[i:i + MIN_BARE_WORDS] = [True] * MIN_BARE_WORDS
    spans, start = [], None
    for i, is_covered in enumerate([*covered, False]):
        if is_covered and start is None:
            start = i
        elif not is_covered and start is not None:
            spans.append((matches[start].start(), matches[i - 1].end()))
            start = None
    return spans


def _bare_sentences(paragraph, parent):
    spans = []
    for match in _SENTENCE.finditer(paragraph):
        words = tuple(_WORD.findall(match.group().lower()))
        if len(words) >= MIN_BARE_SENTENCE_WORDS and words in parent.sentences:
            spans.append((match.start(), match.end()))
    return spans


def _cut(paragraph, cuts):
    """`paragraph` without the character spans `cuts` (overlaps merged), tidied up."""
    pieces, last = [], 0
    for start, end in sorted(cuts):
        if start > last:
            pieces.append(paragraph[last:start])
        last = max(last, end)
    pieces.append(paragraph[last:])
    text = _EMPTY_PAIRS.sub("", " ".join(pieces))
    text = _SPACES.sub(" ", _SPACE_BEFORE_PUNCTUATION.sub("", text))
    text = _REPEATED_PUNCTUATION.sub(r"\1", text)
    return text.strip().lstrip(",;:.–- ").rstrip(",;:–- ")
