"""Quote and rebut: a reply that repeats the parent's words (a run of them, or fewer inside
quote marks) and then contrasts them disagrees, whatever its cues say.
"""

import functools
import re

from etl.stance.cues import WORD, Hit, excerpt
from etl.stance.prefixes import Scan
from etl.text.copies import WordWalk
from etl.text.plain import plain_words

_CONTRAST = Scan(
    r"\b(?:aber|jedoch|allerdings|nicht|kein\w*|falsch|unsinn|quatsch|gegenteil|sondern|trotzdem)\b", re.IGNORECASE
)
_MARKED = re.compile(r"[„\"»“‚]([^„\"»«“”\n]{3,300})[“”\"«‘]")
# Quote and rebut: a run of this many words copied from the parent (fewer inside quote marks),
# then a contrast within this many characters.
QUOTE_RUN, QUOTE_MARKED_RUN, REBUT_WITHIN = 5, 3, 100


def find_quote_rebut(text, parent):
    """A Hit when the reply repeats the parent's words and then contrasts them."""
    of_parent = _parent_words(parent)
    if len(of_parent.words) < QUOTE_MARKED_RUN:
        return None
    quotes = []
    words = _casefolded_words(text)
    # A window of 5 words the parent has needs 5 words in a row that the parent uses.
    if len(of_parent.words) >= QUOTE_RUN and _RUN5 in bytes(map(of_parent.vocabulary.__contains__, words)):
        # Runs of 5-word windows the parent has (1/0 per window): each run from its first window
        # to the end of its last is one quote; the search goes on after the quote.
        hits = bytes(map(of_parent.grams.__contains__, _grams(words)))
        walk, i = WordWalk(text), hits.find(1)
        while i >= 0:
            end = hits.find(0, i)
            end = len(hits) if end < 0 else end
            # The quote: from the first word of window i to the last of window end - 1.
            quotes.append((walk.start_of(i), walk.end_of(end + QUOTE_RUN - 2)))
            i = hits.find(1, end + QUOTE_RUN - 1)
    if any(mark in text for mark in _MARK_OPENERS):
        for marked in _MARKED.finditer(text):
            inner = [w.casefold() for w in WORD.findall(marked.group(1))]
            if len(inner) >= QUOTE_MARKED_RUN and " " + " ".join(inner) + " " in of_parent.joined:
                quotes.append((marked.start(1), marked.end()))
    for start, end in sorted(quotes):
        contrast = _CONTRAST.search(text, end, end + REBUT_WITHIN)
        if contrast:
            return Hit(
                "disagree",
                1.5,
                "quotes the parent, then rebuts",
                f'"{excerpt(text[start:end], 40)}" … "{text[slice(*contrast)]}"',
            )
    return None


_MARK_OPENERS = '„"»“‚'  # what _MARKED starts with
# Characters whose case folding changes which characters are word characters ("İ" → "i̇", a
# combining mark): without them, the words of text.casefold() are the case-folded words of text.
# tests/etl/stance/test_stance.py checks this list against all of Unicode.
CASEFOLD_SPLITS_WORDS = (
    "\u0130\u01f0\u0345\u0390\u03b0\u1e96\u1e97\u1e98\u1e99\u1f50\u1f52\u1f54"
    "\u1f56\u1fb6\u1fb7\u1fc6\u1fc7\u1fd2\u1fd3\u1fd6\u1fd7\u1fe2\u1fe3\u1fe4"
    "\u1fe6\u1fe7\u1ff6\u1ff7"
)
_CASEFOLD_SPLITS_WORDS = re.compile(f"[{CASEFOLD_SPLITS_WORDS}]")


def _casefolded_words(text):
    """[w.casefold() for w in WORD.findall(text)], as UTF-8 bytes; found in the case-folded
    text at once (with bytes methods where it is plain) when that gives the same words."""
    if text.isascii() or not _CASEFOLD_SPLITS_WORDS.search(text):
        words = plain_words(text.casefold())
        if words is not None:
            return words
        return [w.encode() for w in WORD.findall(text.casefold())]
    return [w.casefold().encode() for w in WORD.findall(text)]


def _grams(words):
    return zip(*(words[i:] for i in range(QUOTE_RUN)))


class _ParentWords:
    """A parent's case-folded words (UTF-8), and built on first use their set, their 5-word
    windows and the words joined by spaces."""

    def __init__(self, parent):
        self.words = _casefolded_words(parent)

    @functools.cached_property
    def vocabulary(self):
        return frozenset(self.words)

    @functools.cached_property
    def grams(self):
        return set(_grams(self.words))

    @functools.cached_property
    def joined(self):
        return " " + b" ".join(self.words).decode() + " "


# Replies to one parent come together: each parent's words are found once.
_parent_words = functools.lru_cache(maxsize=1024)(_ParentWords)
_RUN5 = b"\x01" * QUOTE_RUN
