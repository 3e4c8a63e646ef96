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
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
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
    if "@" in text:
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
    if ">" not in text:  # no line is a quote: every line stays
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
        if paragraph[position:end].lower() == author and not paragraph[end:end + 1].isalnum():
            return end
    match = _MENTION.match(paragraph, position)
    return match.end() if match else None


class _ParentIndex:
    """The parent's words and, each built on first use, what the copy checks compare with."""

    def __init__(self, parent_text):
        self.text = parent_text

    @functools.cached_property
    def words(self):
        return _WORD.findall(self.text.lower())

    @functools.cached_property
    def vocabulary(self):
        return frozenset(self.words)

    @functools.cached_property
    def joined(self):
        return " " + " ".join(self.words) + " "

    @functools.cached_property
    def spans(self):
        n = MIN_BARE_WORDS
        return {tuple(self.words[i:i + n]) for i in range(len(self.words) - n + 1)}

    @functools.cached_property
    def sentences(self):
        return {tuple(_WORD.findall(s.lower())) for s in _SENTENCE_SPLIT.split(self.text)}

    def contains(self, words):
        return bool(words) and f" {' '.join(words)} " in self.joined

    # The same as UTF-8 bytes, for the fast path (see _plain_words).

    @functools.cached_property
    def words_b(self):
        words = _plain_words(self.text)
        return words if words is not None else [w.encode() for w in self.words]

    @functools.cached_property
    def vocabulary_b(self):
        return frozenset(self.words_b)

    @functools.cached_property
    def spans_b(self):
        return set(zip(*(self.words_b[i:] for i in range(MIN_BARE_WORDS))))

    @functools.cached_property
    def sentence_keys_b(self):
        """The parent's sentences of ≥ 4 words, each as its words joined by single spaces."""
        return frozenset(" ".join(s).encode() for s in self.sentences if len(s) >= MIN_BARE_SENTENCE_WORDS)


# Replies to one parent come together; its index is built once for all of them.
_parent_index = functools.lru_cache(maxsize=1024)(_ParentIndex)

# Fast path. Regex passes over a long paragraph cost microseconds each, bytes methods a fraction
# of that: a "plain" paragraph is lower-cased, encoded as UTF-8, and every non-word character
# mapped to a space with bytes.translate, so that split() gives exactly the words \w+ finds.
# Plain means: no non-ASCII character that is not a word character, except the punctuation
# below (replaced first), and neither "Σ" (whose lower case depends on the next letter) nor "İ"
# (two characters in lower case): Python's str.lower then works letter by letter, keeps offsets
# and keeps which characters are word characters (tests/etl/test_quotes.py checks that), so
# words and sentences of the paragraph and of its lower case are the same.
_PUNCTUATION_BYTES = {c.encode(): b" " for c in "„“”‚‘’«»–—"} | {"…".encode(): b"."}
_NOT_PLAIN = re.compile("[^\\x00-\\x7f\\w%s]|[\\u03a3\\u0130]" % "".join(
    c.decode() for c in _PUNCTUATION_BYTES))
_ASCII_WORD = frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TO_WORDS = bytes(b if b >= 128 or b in _ASCII_WORD else 32 for b in range(256))
# Sentence ends (as _SENTENCE has them; "…" became ".") → \x00, other non-word bytes → space.
_TO_SENTENCES = bytes(0 if b in b".!?\n" else b if b >= 128 or b in _ASCII_WORD else 32 for b in range(256))
_RUN4 = b"\x01" * MIN_BARE_SENTENCE_WORDS
_RUN8 = b"\x01" * MIN_BARE_WORDS


def _plain_bytes(text):
    """The lower case of a plain text as UTF-8 with the known punctuation replaced; None when
    the text is not plain."""
    if _NOT_PLAIN.search(text):
        return None
    data = text.lower().encode()
    if not text.isascii():
        for mark, replacement in _PUNCTUATION_BYTES.items():
            data = data.replace(mark, replacement)
    return data


def _plain_words(text):
    data = _plain_bytes(text)
    return None if data is None else data.translate(_TO_WORDS).split()


def _strip_copied(paragraph, parent):
    """A paragraph without the parts copied from the parent (quoted or bare)."""
    cuts = []
    if _QUOTE_MARK.search(paragraph):
        for match in _QUOTED.finditer(paragraph):
            content = next(g for g in match.groups() if g is not None)
            words = tuple(_WORD.findall(content.lower()))
            if parent.contains(words) and (len(words) >= MIN_QUOTED_WORDS or words in parent.sentences):
                cuts.append((match.start(), match.end()))
    data = _plain_bytes(paragraph)
    if data is None:
        _copied_slow(paragraph, parent, cuts)
    else:
        _copied_fast(paragraph, data, parent, cuts)
    return _cut(paragraph, cuts) if cuts else paragraph


def _copied_slow(paragraph, parent, cuts):
    # A copy is a run of words the parent uses: without a long enough run, nothing to look for.
    longest = _longest_run(_WORD.findall(paragraph.lower()), parent.vocabulary)
    if longest >= MIN_BARE_SENTENCE_WORDS:
        cuts.extend(_bare_sentences(paragraph, parent))
    if longest >= MIN_BARE_WORDS:
        cuts.extend(_bare_spans(paragraph, parent))


def _copied_fast(paragraph, data, parent, cuts):
    """What _copied_slow adds, for a plain paragraph (`data`: its _plain_bytes)."""
    words = data.translate(_TO_WORDS).split()
    # Which words the parent uses, as bytes 1/0, so that looking for a run is a substring search.
    used = bytes(map(parent.vocabulary_b.__contains__, words))
    if _RUN4 not in used:
        return
    sentences = data.translate(_TO_SENTENCES)
    # Each sentence's words joined by single spaces: its key in parent.sentence_keys_b.
    keys = b" ".join(sentences.split()).replace(b" \x00", b"\x00").replace(b"\x00 ", b"\x00").split(b"\x00")
    if not parent.sentence_keys_b.isdisjoint(keys):
        cuts.extend(_bare_sentences_fast(paragraph, sentences, parent))
    if _RUN8 in used and not parent.spans_b.isdisjoint(zip(*(words[i:] for i in range(MIN_BARE_WORDS)))):
        cuts.extend(_bare_spans_fast(paragraph, words, parent))


def _bare_sentences_fast(paragraph, sentences, parent):
    """`_bare_sentences` for a plain paragraph: the non-empty pieces between sentence ends in
    `sentences` are, in order, the sentences _SENTENCE finds."""
    keys = parent.sentence_keys_b
    pieces = filter(None, sentences.split(b"\x00"))
    return [match.span() for match, piece in zip(_SENTENCE.finditer(paragraph), pieces)
            if b" ".join(piece.split()) in keys]


def _bare_spans_fast(paragraph, words, parent):
    """`_bare_spans` for a plain paragraph with these words."""
    spans, n = parent.spans_b, MIN_BARE_WORDS
    runs = []  # [first word, end word) of overlapping or touching 8-word windows
    for i, window in enumerate(zip(*(words[i:] for i in range(n)))):
        if window in spans:
            if runs and i <= runs[-1][1]:
                runs[-1][1] = i + n
            else:
                runs.append([i, i + n])
    matches = list(_WORD.finditer(paragraph))
    return [(matches[start].start(), matches[end - 1].end()) for start, end in runs]


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
