"""A cheap test of whether a rule's regex can match a text, run before the regex (etl.signals.rules).

Most comments fire few of the signals' rules, and a regex scan of a whole comment costs far more
than a few set lookups. So each pattern of a rule has Needs (read off the pattern by
etl.signals.pattern_needs): a text meets a Need when it holds one of its strings, and the regex
runs only on texts that meet every Need of one of the rule's patterns. A Need never fails where
the regex would match, so scores and reasons are those of the regexes alone
(tests/etl/signals/test_prefilter.py compares them on every rule).

A Need's strings are `words` (a word of the text is one of them; a word is a run of `\\w`
characters), `word_starts` (a word of the text starts with one), `infixes` (a word holds one),
`substrings` (one occurs anywhere) and `classes` (one small regex of a character class matches,
`[A-ZÄÖÜß]{5}`). Words, word starts, infixes and substrings are tested together for all rules: a
`Vocabulary` knows every one the rules ask about and which of them each word gives (found once per
distinct word and remembered); a text's words, and the substrings it holds, give it a few `tokens`,
and a Need is met when it shares a token with the text, a set lookup. Only classes are searched
for with a regex. `Masks` tells the patterns of all of a scorer's rules a text may match with one
set intersection of its tokens.
"""

import functools
import re
from dataclasses import dataclass, field

from etl.text.class_runs import class_run, utf8
from etl.text.plain import plain_words
from etl.text.word_table import WordTable

_WORD = re.compile(r"\w+")
# Distinct words whose tokens are kept: comments of a run repeat most of their words.
_CACHED_WORDS = 200_000


def word_token(word: bytes) -> bytes:
    """The token a text gets when it holds `word` (UTF-8) as a whole word."""
    return b" " + word + b" "


def start_token(start: bytes) -> bytes:
    """The token a text gets when one of its words starts with `start` (UTF-8)."""
    return b" " + start


def infix_token(infix: bytes) -> bytes:
    """The token a text gets when one of its words holds `infix` (UTF-8, INFIX bytes or more)."""
    return b"~" + infix


def substring_token(substring: str) -> bytes:
    """The token a text gets when it holds `substring` anywhere."""
    return b"\x00" + substring.encode()


# Shortest infix (bytes): a word's infixes are found by its pieces of this length.
INFIX = 4


@dataclass(frozen=True)
class Need:
    """Met by a text that holds one of these (see the module docstring): words and word starts
    as UTF-8 bytes, classes as regex sources; lower case where the text tested is."""

    words: frozenset = frozenset()
    word_starts: frozenset = frozenset()
    substrings: frozenset = frozenset()
    classes: frozenset = frozenset()
    infixes: frozenset = frozenset()
    tokens: frozenset = field(init=False, repr=False, compare=False)
    _class_regex: object = field(init=False, repr=False, compare=False)
    _class_runs: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        tokens = {word_token(w) for w in self.words} | {start_token(s) for s in self.word_starts}
        tokens |= {infix_token(s) for s in self.infixes}
        object.__setattr__(self, "tokens", frozenset(tokens))
        regex = re.compile("|".join(sorted(self.classes))) if self.classes else None
        object.__setattr__(self, "_class_regex", regex)
        object.__setattr__(self, "_class_runs", tuple(class_run(c) for c in sorted(self.classes)))

    def met(self, text: "Seen") -> bool:
        """Whether `text` may match (False: it cannot)."""
        if self.tokens and not self.tokens.isdisjoint(text.tokens()):
            return True
        if self.substrings and any(s in text.text for s in self.substrings):
            return True
        if self._class_regex is None or not any(run.may_occur(text.utf8) for run in self._class_runs):
            return False
        return self._class_regex.search(text.text) is not None

    def __or__(self, other):
        return Need(
            self.words | other.words,
            self.word_starts | other.word_starts,
            self.substrings | other.substrings,
            self.classes | other.classes,
            self.infixes | other.infixes,
        )


class Vocabulary:
    """Every word, word start, infix and substring some Needs ask about; `tokens(words)` gives
    which of the first three a text's words hold, remembering each word's tokens, and
    `substring_tokens(text)` which substrings the text holds."""

    def __init__(self, words=frozenset(), word_starts=frozenset(), infixes=frozenset(), substrings=frozenset()):
        self.words, self.word_starts = frozenset(words), frozenset(word_starts)
        self.infixes, self.substrings = frozenset(infixes), frozenset(substrings)
        self._substrings = _shared_pieces(sorted(self.substrings))
        self._lengths = sorted({len(s) for s in self.word_starts})
        self._infixes_by_piece = {}
        for infix in self.infixes:
            self._infixes_by_piece.setdefault(infix[:INFIX], []).append(infix)
        self._tokens_of = WordTable(self._word_tokens, _CACHED_WORDS)  # most words give none

    @classmethod
    def of(cls, asking) -> "Vocabulary":
        """The Vocabulary of what `asking` (Alternatives or Vocabularies) ask about."""
        asking = list(asking)
        return cls(
            frozenset().union(*(a.words for a in asking)),
            frozenset().union(*(a.word_starts for a in asking)),
            frozenset().union(*(a.infixes for a in asking)),
            frozenset().union(*(a.substrings for a in asking)),
        )

    def tokens(self, words: set) -> set:
        """The tokens of a text whose distinct words (UTF-8) are `words`."""
        return set().union(*self._tokens_of.values(words))

    def substring_tokens(self, text: str) -> list:
        """The tokens of the substrings `text` holds."""
        found = []
        for piece, substrings in self._substrings:
            if piece in text:
                found += [substring_token(s) for s in substrings if s is piece or s in text]
        return found

    def _word_tokens(self, word):
        tokens = [word_token(word)] if word in self.words else []
        tokens += [start_token(word[:n]) for n in self._lengths if n <= len(word) and word[:n] in self.word_starts]
        if self._infixes_by_piece:
            for i in range(len(word) - INFIX + 1):
                for infix in self._infixes_by_piece.get(word[i : i + INFIX], ()):
                    if word.startswith(infix, i):
                        tokens.append(infix_token(infix))
        return tuple(tokens)


def _shared_pieces(substrings, shortest=3):
    """[(piece, the substrings holding it)]: each substring once, under the piece (of `shortest`
    characters or more) that most of the substrings not yet placed hold ("da " for "da das", "da
    er", ...), or under itself where no piece is shared. A text without the piece holds none of
    them: one test instead of one a substring (a test costs a pass over the text)."""
    left, found = list(substrings), []
    while left:
        pieces = {s[i:j] for s in left for i in range(len(s)) for j in range(i + shortest, len(s) + 1)}
        held = {piece: [s for s in left if piece in s] for piece in sorted(pieces)}
        piece = max(held, key=lambda p: (len(held[p]), len(p)), default=None)
        if piece is None or len(held[piece]) < 2:
            found += [(s, [s]) for s in left]
            break
        found.append((piece, held[piece]))
        left = [s for s in left if s not in held[piece]]
    return found


class Seen:
    """A text as Needs test it: the text, and (found on first use) the tokens its words give in
    `vocabulary`."""

    def __init__(self, text: str, vocabulary: Vocabulary):
        self.text, self.vocabulary = text, vocabulary
        self._tokens = None

    @functools.cached_property
    def utf8(self) -> bytes:
        """The text as UTF-8, for etl.text.class_runs."""
        return utf8(self.text)

    def tokens(self):
        if self._tokens is None:
            words = plain_words(self.text)
            if words is None:  # characters the bytes path does not know: the regex's words
                words = [w.encode() for w in _WORD.findall(self.text)]
            tokens = self.vocabulary.tokens(set(words))
            tokens.update(self.vocabulary.substring_tokens(self.text))
            self._tokens = tokens
        return self._tokens


class Alternatives:
    """What a text must meet for a rule's patterns to match: per pattern, its alternatives, each a
    tuple of Needs that must all be met (etl.signals.pattern_needs), or None for a pattern that may
    match any text. `which` tells the patterns a text may match, so that only they are scanned.
    Alternatives are found by the tokens of a text their first Need asks for (its substrings'
    tokens too); only those whose first Need has a class are tried on every text. What they ask a
    Vocabulary for: the words, word starts and infixes of every Need, the substrings of the first
    ones (the others are searched for only in the texts that meet a first Need)."""

    def __init__(self, patterns):
        patterns = [None if found is None else {tuple(needs) for needs in found} for found in patterns]
        self.all = (1 << len(patterns)) - 1  # a set of patterns is a bit mask: pattern i is 1 << i
        self.always = sum(1 << i for i, found in enumerate(patterns) if found is None)
        alternatives = [(1 << i, needs) for i, found in enumerate(patterns) if found is not None for needs in found]
        self.needs = frozenset(need for _, needs in alternatives for need in needs)  # all of them
        self.words = frozenset().union(*(need.words for need in self.needs))
        self.word_starts = frozenset().union(*(need.word_starts for need in self.needs))
        self.infixes = frozenset().union(*(need.infixes for need in self.needs))
        self.by_token, others, substrings = {}, {}, set()
        for bit, needs in alternatives:
            first, rest = needs[0], needs[1:]
            if first.classes:
                others.setdefault(first, set()).add((bit, rest))
                continue
            substrings |= first.substrings
            for token in first.tokens | {substring_token(s) for s in first.substrings}:
                self.by_token.setdefault(token, set()).add((bit, rest))
        self.substrings = frozenset(substrings)
        self.by_token = {token: tuple(rests) for token, rests in self.by_token.items()}
        self.others = [(first, tuple(rests)) for first, rests in others.items()]
        self.tokens = frozenset(self.by_token)

    def which(self, text: Seen) -> int:
        """The patterns `text` (seen in a Vocabulary that knows these Needs) may match, as a bit
        mask (0: none can)."""
        return self._masks.which(text)[0]

    @functools.cached_property
    def _masks(self):
        return Masks([self])


class Masks:
    """`Alternatives.which` of several rules at once: one set intersection of a text's tokens
    finds what every rule's patterns may match, instead of one per rule."""

    def __init__(self, rules: list[Alternatives]):
        self._always = [found.always for found in rules]
        self._all = [found.all for found in rules]
        by_token = {}
        for i, found in enumerate(rules):
            for token, rests in found.by_token.items():
                by_token.setdefault(token, []).extend((i, bit, rest) for bit, rest in rests)
        self._by_token = {token: tuple(rests) for token, rests in by_token.items()}
        self._tokens = frozenset(self._by_token)
        self._others = [(i, first, rests) for i, found in enumerate(rules) for first, rests in found.others]

    def which(self, text: Seen) -> list[int]:
        """Per rule, the bit mask of the patterns `text` may match (see `Alternatives.which`)."""
        found = self._always.copy()
        for token in self._tokens.intersection(text.tokens()) if self._tokens else ():
            for i, bit, rest in self._by_token[token]:
                if not found[i] & bit:
                    for need in rest:  # a loop, not all(): no generator per pattern
                        if not need.met(text):
                            break
                    else:
                        found[i] |= bit
        for i, first, rests in self._others:
            if found[i] != self._all[i] and first.met(text):
                for bit, rest in rests:
                    if not found[i] & bit and all(need.met(text) for need in rest):
                        found[i] |= bit
        return found
