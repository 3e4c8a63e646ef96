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
import itertools
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
_PAIR_CLOSERS = ("“", "”", "\"", "«", "»", ")")  # what _EMPTY_PAIRS needs to match
_SPACED_PUNCTUATION = tuple(" " + mark for mark in ",.;:!?")  # and _SPACE_BEFORE_PUNCTUATION
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
        if paragraph[position:end].lower() == author and not paragraph[end:end + 1].isalnum():
            return end
    match = _MENTION.match(paragraph, position)
    return match.end() if match else None


class _ParentIndex:
    """The parent's words and, each built on first use, what the copy checks compare with.

    The `_b` attributes hold the same as UTF-8 bytes for the fast path (see `_plain`); they are
    built from the text's _plain bytes when it is plain, else from the str attributes.
    """

    def __init__(self, parent_text):
        self.text = parent_text
        self._plain = _plain(parent_text)

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

    @functools.cached_property
    def words_b(self):
        return self._plain[1] if self._plain else [w.encode() for w in self.words]

    @functools.cached_property
    def vocabulary_b(self):
        return frozenset(self.words_b)

    @functools.cached_property
    def spans_b(self):
        return set(zip(*(self.words_b[i:] for i in range(MIN_BARE_WORDS))))

    @functools.cached_property
    def sentence_keys_b(self):
        """The parent's `sentences` of ≥ 4 words, each as its words joined by single spaces."""
        if self._plain and b"\x00" not in self._plain[0]:
            # _SENTENCE_SPLIT breaks at a sentence end followed by whitespace, and at newlines:
            # both become \x00 (the sentence end itself is no word), then as for a paragraph.
            marked = self._plain[0].translate(_TO_BREAKS).replace(b". ", b".\x00")
            keys = _keys(marked.translate(_TO_WORDS_KEEP_0))
        else:
            keys = (" ".join(s).encode() for s in self.sentences)
        return frozenset(k for k in keys if k.count(b" ") >= MIN_BARE_SENTENCE_WORDS - 1)


# Replies to one parent come together; its index is built once for all of them.
_parent_index = functools.lru_cache(maxsize=1024)(_ParentIndex)

# The fast path. A regex pass over a paragraph costs microseconds, bytes methods a fraction of
# that: a "plain" text is lower-cased, encoded as UTF-8, and its non-word characters mapped to
# spaces with bytes.translate, so that split() gives exactly the words _WORD finds.
# Plain means: every non-ASCII character is a word character or punctuation listed below (which
# is replaced first: by "-", or "." for "…", so that sentence ends and whitespace stay what they
# were), and neither "Σ" (whose lower case depends on the next letter) nor "İ" (two characters
# in lower case) occurs. Python's str.lower then works letter by letter, keeps offsets and keeps
# which characters are word characters (tests/etl/test_quotes.py checks all of Unicode), so the
# words of a sentence are those of the lower-cased text at the same place.
_PUNCTUATION = {c.encode(): b"." if c == "…" else b"-" for c in "„“”‚‘’–—…«»"}
_E2_PUNCTUATION = [(k, v) for k, v in _PUNCTUATION.items() if k[0] == 0xE2]  # U+2000..U+2FFF
_C2_PUNCTUATION = [(k, v) for k, v in _PUNCTUATION.items() if k[0] == 0xC2]  # « »
_ASCII_WORD = frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII = bytes(range(128))
_TO_WORDS = bytes(b if b >= 128 or b in _ASCII_WORD else 32 for b in range(256))
# Sentence ends as _SENTENCE has them ("…" is "." here) → \x00, other non-word bytes → space.
_TO_SENTENCES = bytes(0 if b in b".!?\n" else b if b >= 128 or b in _ASCII_WORD else 32 for b in range(256))
_TO_WORDS_KEEP_0 = bytes([0]) + _TO_WORDS[1:]
# For _SENTENCE_SPLIT: newline → \x00, other whitespace (as \s of a str regex has it) → space,
# sentence ends → ".", word bytes kept, the rest → "-".
_TO_BREAKS = bytes(0 if b == 10 else 32 if b in b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f" else 46 if b in b".!?"
                   else b if b >= 128 or b in _ASCII_WORD else 45 for b in range(256))
_QUOTE_MARK_CHARS = "„“\"«»"  # _QUOTE_MARK
_RUN4 = b"\x01" * MIN_BARE_SENTENCE_WORDS
_RUN8 = b"\x01" * MIN_BARE_WORDS


def _plain(text):
    """(lower case as UTF-8 with the listed punctuation replaced, its words as bytes) of a plain
    text; None for a text that is not plain (see above)."""
    lowered = text.lower()
    if lowered.isascii():
        data = lowered.encode()
        return data, data.translate(_TO_WORDS).split()
    if "Σ" in text or len(lowered) != len(text):  # "İ" is the only letter with a longer lower case
        return None
    return _plain_data(lowered)


def plain_words(text):
    """The words `_WORD.findall(text)` finds (\\w runs), as UTF-8 bytes, found with bytes
    methods; None when a non-ASCII character of `text` is neither a word character nor listed
    punctuation (then use the regex). Callers lower-case or case-fold `text` first as they need."""
    found = _plain_data(text)
    return None if found is None else found[1]


def _plain_data(text):
    data = text.encode()
    if text.isascii():
        return data, data.translate(_TO_WORDS).split()
    if b"\xe2" in data:
        for mark, replacement in _E2_PUNCTUATION:
            data = data.replace(mark, replacement)
    if b"\xc2" in data:
        for mark, replacement in _C2_PUNCTUATION:
            data = data.replace(mark, replacement)
    # Every non-ASCII character left must be a word character (\w is isalnum() or "_").
    rest = data.translate(None, _ASCII)
    if rest and not rest.decode().isalnum():
        return None
    return data, data.translate(_TO_WORDS).split()


def _strip_copied(paragraph, parent):
    """A paragraph without the parts copied from the parent (quoted or bare)."""
    cuts = []
    if any(mark in paragraph for mark in _QUOTE_MARK_CHARS):
        for match in _QUOTED.finditer(paragraph):
            content = next(g for g in match.groups() if g is not None)
            words = tuple(_WORD.findall(content.lower()))
            if parent.contains(words) and (len(words) >= MIN_QUOTED_WORDS or words in parent.sentences):
                cuts.append((match.start(), match.end()))
    plain = _plain(paragraph)
    if plain is None:
        _copied(paragraph, parent, cuts)
    else:
        _copied_plain(paragraph, *plain, parent, cuts)
    return _cut(paragraph, cuts) if cuts else paragraph


def _copied(paragraph, parent, cuts):
    # A copy is a run of words the parent uses: without a long enough run, nothing to look for.
    longest = _longest_run(_WORD.findall(paragraph.lower()), parent.vocabulary)
    if longest >= MIN_BARE_SENTENCE_WORDS:
        cuts.extend(_bare_sentences(paragraph, parent))
    if longest >= MIN_BARE_WORDS:
        cuts.extend(_bare_spans(paragraph, parent))


def _copied_plain(paragraph, data, words, parent, cuts):
    """What `_copied` adds, for a plain paragraph (`data`, `words`: its `_plain`)."""
    # Which words the parent uses, as bytes 1/0: looking for a run is a substring search.
    used = bytes(map(parent.vocabulary_b.__contains__, words))
    if _RUN4 not in used:
        return
    sentences = data.translate(_TO_SENTENCES)
    keys = _keys(sentences)
    if not parent.sentence_keys_b.isdisjoint(keys):
        cuts.extend(_bare_sentences_plain(paragraph, sentences, keys, parent))
    if _RUN8 in used:
        cuts.extend(_bare_spans_plain(paragraph, words, parent))


def _keys(marked):
    """Each sentence's words joined by single spaces, from bytes holding only word bytes, spaces
    and \x00 between sentences."""
    return b" ".join(marked.split()).replace(b" \x00", b"\x00").replace(b"\x00 ", b"\x00").split(b"\x00")


def _bare_sentences_plain(paragraph, sentences, keys, parent):
    """`_bare_sentences` for a plain paragraph: `sentences` as in _copied_plain, `keys` its
    `_keys`. Key i belongs to piece i between sentence ends, and the non-empty pieces are, in
    order, the sentences _SENTENCE finds (a key the parent has is never empty: ≥ 4 words)."""
    wanted = parent.sentence_keys_b
    hits = [i for i, key in enumerate(keys) if key in wanted]
    pieces = sentences.split(b"\x00")
    ordinal = {piece: n for n, piece in enumerate(itertools.compress(range(len(pieces)), pieces))}
    matches = list(_SENTENCE.finditer(paragraph))
    return [matches[ordinal[i]].span() for i in hits]


def _bare_spans_plain(paragraph, words, parent):
    """`_bare_spans` for a plain paragraph with these words."""
    n = MIN_BARE_WORDS
    # 1/0 per 8-word window: does the parent have it (a map in C over windows zip builds in C).
    hits = bytes(map(parent.spans_b.__contains__, zip(*(words[i:] for i in range(n)))))
    runs, i = [], hits.find(1)  # [first word, end word) of overlapping or touching windows
    while i >= 0:
        if runs and i <= runs[-1][1]:
            runs[-1][1] = i + n
        else:
            runs.append([i, i + n])
        i = hits.find(1, i + 1)
    spans = []
    for start, end in runs:
        first = _after_words(start, True).match(paragraph).end()
        spans.append((first, _after_words(end - start, False).match(paragraph, first).end()))
    return spans


@functools.lru_cache(maxsize=4096)
def _after_words(count, to_next):
    """A regex over `count` words from a text's start (or a word's start): it ends where the
    last of them ends, or with `to_next` where the next word starts. Words are never split
    (possessive quantifiers), so the count is exact."""
    return re.compile(r"(?:\W*+\w++){%d}" % count + (r"\W*+" if to_next else ""))


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
    text = " ".join(pieces)
    # Each tidy-up only where it can match (a regex pass over the text costs more than `in`).
    if any(mark in text for mark in _PAIR_CLOSERS):
        text = _EMPTY_PAIRS.sub("", text)
    if "\t" in text or any(space in text for space in _SPACED_PUNCTUATION):
        text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    text = _REPEATED_PUNCTUATION.sub(r"\1", text)
    return text.strip().lstrip(",;:.–- ").rstrip(",;:–- ")
