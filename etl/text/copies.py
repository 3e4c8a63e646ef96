"""Text a reply copied from its parent, for `quotes.own_words` to cut: a whole parent sentence or
≥ `MIN_QUOTED_WORDS` words inside quote marks, a whole sentence of ≥ `MIN_BARE_SENTENCE_WORDS`
words or any ≥ `MIN_BARE_WORDS`-word span without them.

`strip_copied(paragraph, parent_index(parent_text))` does it for one paragraph. Two paths give
the same cuts: the regex one (`_copied`) and, for a plain paragraph, the bytes one
(`_copied_plain`, see `etl.text.plain`); tests/etl/text/test_quotes.py checks they agree.
"""

import functools
import itertools
import re

from etl.text.plain import TO_BREAKS, TO_SENTENCES, TO_WORDS_KEEP_0, plain_lower

MIN_QUOTED_WORDS = 3  # parent words inside „…“ quotes: the quote marks make a short span certain
MIN_BARE_WORDS = 8  # parent words pasted without quote marks: long enough not to be a coincidence
MIN_BARE_SENTENCE_WORDS = 4  # a whole parent sentence repeated bare ("Das stimmt." can be agreement)

WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"„([^“”\"\n]+)[“”\"]|“([^”\n]+)”|\"([^\"\n]+)\"|«([^»\n]+)»|»([^«\n]+)«")
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+")
_QUOTE_MARK = re.compile('[„“"«»]')
_EMPTY_PAIRS = re.compile(r"[„“”\"«»]\s*[“”\"«»]|\(\s*\)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[,.;:!?])")
_SPACES = re.compile(r"[ \t]{2,}")
_PAIR_CLOSERS = ("“", "”", '"', "«", "»", ")")  # what _EMPTY_PAIRS needs to match
_SPACED_PUNCTUATION = tuple(" " + mark for mark in ",.;:!?")  # and _SPACE_BEFORE_PUNCTUATION
_REPEATED_PUNCTUATION = re.compile(r"([,;:])(?:\s*[,;:])+")


class _ParentIndex:
    """The parent's words and, each built on first use, what the copy checks compare with.

    The `_b` attributes hold the same as UTF-8 bytes for the fast path (see `plain_lower`); they are
    built from the text's plain_lower bytes when it is plain, else from the str attributes.
    """

    def __init__(self, parent_text):
        self.text = parent_text
        self._plain = plain_lower(parent_text)

    @functools.cached_property
    def words(self):
        return WORD.findall(self.text.lower())

    @functools.cached_property
    def vocabulary(self):
        return frozenset(self.words)

    @functools.cached_property
    def joined(self):
        return " " + " ".join(self.words) + " "

    @functools.cached_property
    def spans(self):
        n = MIN_BARE_WORDS
        return {tuple(self.words[i : i + n]) for i in range(len(self.words) - n + 1)}

    @functools.cached_property
    def sentences(self):
        return {tuple(WORD.findall(s.lower())) for s in _SENTENCE_SPLIT.split(self.text)}

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
            marked = self._plain[0].translate(TO_BREAKS).replace(b". ", b".\x00")
            keys = _keys(marked.translate(TO_WORDS_KEEP_0))
        else:
            keys = (" ".join(s).encode() for s in self.sentences)
        return frozenset(k for k in keys if k.count(b" ") >= MIN_BARE_SENTENCE_WORDS - 1)


# Replies to one parent come together; its index is built once for all of them.
parent_index = functools.lru_cache(maxsize=1024)(_ParentIndex)

_QUOTE_MARK_CHARS = '„“"«»'  # _QUOTE_MARK
_RUN4 = b"\x01" * MIN_BARE_SENTENCE_WORDS
_RUN8 = b"\x01" * MIN_BARE_WORDS


def strip_copied(paragraph, parent):
    """A paragraph without the parts copied from the parent (quoted or bare)."""
    cuts = []
    if any(mark in paragraph for mark in _QUOTE_MARK_CHARS):
        for match in _QUOTED.finditer(paragraph):
            content = next(g for g in match.groups() if g is not None)
            words = tuple(WORD.findall(content.lower()))
            if parent.contains(words) and (len(words) >= MIN_QUOTED_WORDS or words in parent.sentences):
                cuts.append((match.start(), match.end()))
    plain = plain_lower(paragraph)
    if plain is None:
        _copied(paragraph, parent, cuts)
    else:
        _copied_plain(paragraph, *plain, parent, cuts)
    return _cut(paragraph, cuts) if cuts else paragraph


def _copied(paragraph, parent, cuts):
    # A copy is a run of words the parent uses: without a long enough run, nothing to look for.
    longest = _longest_run(WORD.findall(paragraph.lower()), parent.vocabulary)
    if longest >= MIN_BARE_SENTENCE_WORDS:
        cuts.extend(_bare_sentences(paragraph, parent))
    if longest >= MIN_BARE_WORDS:
        cuts.extend(_bare_spans(paragraph, parent))


def _copied_plain(paragraph, data, words, parent, cuts):
    """What `_copied` adds, for a plain paragraph (`data`, `words`: its `plain_lower`)."""
    # Which words the parent uses, as bytes 1/0: looking for a run is a substring search.
    used = bytes(map(parent.vocabulary_b.__contains__, words))
    if _RUN4 not in used:
        return
    sentences = data.translate(TO_SENTENCES)
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
    walk = WordWalk(paragraph)
    return [(walk.start_of(start), walk.end_of(end - 1)) for start, end in runs]


class WordWalk:
    """Where a text's words start and end (its `\\w+` runs, counted from 0), found walking forward
    from the last word asked about, so that a text's quotes cost one pass over it, not one each.
    Words must be asked about in order: each call's word after the last call's (or, for
    `start_of`, the same word as a last `start_of`)."""

    def __init__(self, text):
        self._text, self._next, self._at = text, 0, 0  # the next word not passed, and where to go on from

    def start_of(self, i):
        """Where word i starts."""
        self._at = after_words(i - self._next, True).match(self._text, self._at).end()
        self._next = i
        return self._at

    def end_of(self, i):
        """Where word i ends."""
        self._at = after_words(i - self._next + 1, False).match(self._text, self._at).end()
        self._next = i + 1
        return self._at


@functools.lru_cache(maxsize=4096)
def after_words(count, to_next):
    """A regex over `count` words from a text's start (or a word's start): it ends where the
    last of them ends, or with `to_next` where the next word starts. Words are never split
    (possessive quantifiers), so the count is exact."""
    return re.compile(rf"(?:\W*+\w++){{{count}}}" + (r"\W*+" if to_next else ""))


def _longest_run(words, vocabulary):
    longest = run = 0
    for word in words:
        run = run + 1 if word in vocabulary else 0
        longest = max(longest, run)
    return longest


def _bare_spans(paragraph, parent):
    """Character spans of runs of ≥ 8 words that appear in the parent in the same order."""
    matches = list(WORD.finditer(paragraph))
    words = [m.group().lower() for m in matches]
    covered = [False] * len(words)
    for i in range(len(words) - MIN_BARE_WORDS + 1):
        if tuple(words[i : i + MIN_BARE_WORDS]) in parent.spans:
            covered[i : i + MIN_BARE_WORDS] = [True] * MIN_BARE_WORDS
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
        words = tuple(WORD.findall(match.group().lower()))
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
