"""Keywords in text: the matching rule (`keyword_regex`) and a fast way to tell which of many
topics' keywords and patterns a text mentions (`Matcher`). Used for topics and stance targets.

Keyword matching rule:
- case-insensitive, at the start of a word and as a whole word, optionally followed by a German
  inflection ending (s, es, n, en, er, e, ern, ns): "China" matches "Chinas";
- a word ending in `*` matches any continuation: "Sprachmodell*" matches "Sprachmodellen";
- a keyword that is all capitals with at most 3 letters ("KI", "EU", "USA") matches
  case-sensitively, so "KI" never matches inside "Kilo" or the word "ki";
- a hyphen ends a word, so "KI" matches in "KI-Sektor" and "China" in "China-Ausschuss";
- a keyword may have several words; whitespace matches any whitespace and each word may take an
  ending ("europäische Union" matches "Europäischen Union").
"""

import functools
import re
import re._casefix as _casefix
import re._constants as _c
import re._parser

from etl.text.class_runs import class_run, utf8
from etl.text.plain import plain_words
from etl.text.word_table import WordTable

# German inflection endings a keyword may carry; longest first is not needed because the
# trailing (?!\w) makes the engine backtrack to the ending that ends the word.
_ENDINGS = r"(?:s|es|n|en|er|e|ern|ns)?"

_KEYWORDS_OF = {}  # a regex compile_keywords made → its keywords


def keyword_regex(keyword):
    """Regex source for one keyword under the matching rule in the module docstring."""
    words = keyword.split()
    if not words or "*" in words:
        raise ValueError(f"keyword {keyword!r} needs letters before any *")
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + _ENDINGS for w in words]
    first = keyword.lstrip()[0]
    rest = r"\s+".join(parts)[len(re.escape(first)) :]
    letters = [c for c in keyword if c.isalpha()]
    if len(words) == 1 and 0 < len(letters) <= 3 and all(c.isupper() for c in letters):
        # Short acronyms collide with ordinary words when case is ignored ("ki" in "Kilo").
        return rf"{re.escape(first)}(?<!\w.){rest}(?!\w)"
    # Speed: a literal first character (one branch per case) lets the regex engine skip
    # positions cheaply, which IGNORECASE or a leading lookbehind would prevent (about 9x).
    # (?<!\w.) after that character is the word-start check: the character before it is no \w.
    cases = dict.fromkeys(c for c in (first.lower(), first.upper()) if len(c) == 1) or [first]
    return "|".join(rf"{re.escape(c)}(?<!\w.)(?i:{rest})(?!\w)" for c in cases)


def compile_keywords(keywords):
    """One regex matching any of `keywords` (a single scan of a text for all of them), known to
    `Matcher` by its keywords. Raises ValueError or re.error for a bad keyword."""
    regex = re.compile("|".join(keyword_regex(k) for k in keywords))
    _KEYWORDS_OF[regex] = tuple(keywords)
    return regex


def matches_any(patterns, text):
    """Does any of `patterns` occur in `text`."""
    return any(p.search(text) for p in patterns)


# Finding topics fast. A topic's keyword regex scans the whole text, one topic after the other.
# Instead, the words of a text are looked up once: a keyword can only match where a word starts
# that (lower-cased) is its first word with an ending, or for "Wort*" begins with the stem, or
# for a first word with a hyphen ("E-Auto*") is its part before the hyphen. Only keywords whose
# word is there are searched for, each with its own regex: the topic's alternation matches
# exactly when one of them does. User patterns, and keywords this cannot describe, are searched
# for in every text, as before.
#
# Lower case stands in for the case-insensitive match only where the regex engine's and
# str.lower's ideas of case agree: not in a text with a letter that has extra case-insensitive
# equivalents in the engine ("ſ" matches "s", "ı" matches "i", Greek and Cyrillic variants) or
# "İ" (whose lower case is two characters); such a text is matched the old way.
_ODD_CASE = frozenset(
    c
    for c in "".join(map(chr, _casefix._EXTRA_CASES))
    + "".join(chr(c) for cases in _casefix._EXTRA_CASES.values() for c in cases)
    + "\u0130\u0307"
    if not c.isascii()
)
_ODD_CASE_CHARACTER = re.compile("[{}]".format("".join(sorted(re.escape(c) for c in _ODD_CASE))))
_ODD_CASE_BYTES = class_run(_ODD_CASE_CHARACTER.pattern)  # told from the bytes first: most texts have none
_WORD = re.compile(r"\w+")


@functools.cache
def _keyword_pattern(keyword):
    return re.compile(keyword_regex(keyword))


@functools.cache
def _word_condition(keyword):
    """("words", {lower-case words}) or ("prefix", stem): what a word of the text must be, or
    start with, where `keyword` matches; None when that cannot be said."""
    first = keyword.split()[0]
    star = first.endswith("*")
    stem = first[:-1] if star else first
    head = _WORD.match(stem)
    if not head:
        return None
    head = head.group()
    cases = {c for c in (head[0].lower(), head[0].upper()) if len(c) == 1} or {head[0]}
    if any(len(c.lower()) != 1 or c.lower() in _ODD_CASE for c in head + "".join(cases)) or {
        c.lower() for c in cases
    } != {head[0].lower()}:
        return None
    lowered = head.lower()
    if head != stem:  # a hyphen or the like ends the first word of the text there
        return "words", {lowered}
    if star:
        return "prefix", lowered
    return "words", {lowered + ending for ending in ("", "s", "es", "n", "en", "er", "e", "ern", "ns")}


class Matcher:
    """`[matches_any(patterns, text) for patterns in topics.values()]`, looking words up instead of
    scanning for every topic (see above). Works for targets (`load_targets`) too."""

    def __init__(self, topics):
        self.topics = list(topics.values())
        self.always = [[] for _ in self.topics]  # (pattern, what it needs) searched for in every text
        self.words = {}  # lower-case word as UTF-8 → [(topic index, keyword regex)]
        self.prefixes = {n: {} for n in range(1, _PREFIX + 1)}  # first n bytes → [(topic, regex)]
        for index, patterns in enumerate(self.topics):
            for pattern in patterns:
                keywords = _KEYWORDS_OF.get(pattern)
                if keywords is None:
                    self.always[index].append((pattern, _needed(pattern)))
                    continue
                for keyword in keywords:
                    condition, regex = _word_condition(keyword), _keyword_pattern(keyword)
                    if condition is None:
                        self.always[index].append((regex, None))
                    elif condition[0] == "words":
                        for word in condition[1]:
                            self.words.setdefault(word.encode(), []).append((index, regex))
                    else:
                        stem = condition[1].encode()
                        n = min(len(stem), _PREFIX)
                        self.prefixes[n].setdefault(stem[:n], []).append((index, regex))
        # Heads of different lengths never collide (a word shorter than n is its own head, and
        # then it starts with the stem filed under it), so one table serves every length.
        self.lengths = [n for n, table in self.prefixes.items() if table]
        self.prefixes = {head: pairs for table in self.prefixes.values() for head, pairs in table.items()}
        self._pairs = WordTable(self._pairs_of, _CACHED_WORDS)  # a word's (topic, regex) pairs

    def mentions(self, text):
        """A list of booleans: does `text` mention each topic."""
        found = set(self.found(text))
        return [index in found for index in range(len(self.topics))]

    def found(self, text):
        """Indexes of the topics `text` mentions, in order."""
        return self.found_among(text, self.candidates(text))

    def found_among(self, text, candidates):
        """`found(text)`, given its `candidates(text)` (or the same pairs from a `Mentions`)."""
        if candidates is None:
            return [index for index, patterns in enumerate(self.topics) if matches_any(patterns, text)]
        found = set()
        for index, regex in candidates:
            if index not in found and regex.search(text):
                found.add(index)
        return sorted(found)

    def candidates(self, text):
        """(topic index, pattern) pairs: every pattern that can match in `text` (or in a part of
        it) is among them; None when that cannot be told (then every pattern can)."""
        lowered = text.lower()
        if not text or (
            not text.isascii() and _ODD_CASE_BYTES.may_occur(utf8(lowered)) and _ODD_CASE_CHARACTER.search(lowered)
        ):
            return None
        words = plain_words(lowered)
        words = set(words if words is not None else (w.encode() for w in _WORD.findall(lowered)))
        found = list(set().union(*self._pairs.values(words)))  # most words are filed under nothing
        found.extend(
            (index, pattern)
            for index, patterns in enumerate(self.always)
            for pattern, needs in patterns
            if needs is None or any(n in lowered for n in needs)
        )
        return found

    def _pairs_of(self, word):
        # The pairs filed under a word of a text: the word itself, or a head of it (its first n
        # bytes for each length a stem is filed under; the whole word when it is shorter).
        pairs = list(self.words.get(word, ()))
        for head in {word[:n] for n in self.lengths}:
            pairs.extend(self.prefixes.get(head, ()))
        return tuple(pairs)

    def may_mention(self, text):
        """Indexes of the topics whose patterns can match in `text` or a part of it; None: all."""
        candidates = self.candidates(text)
        return None if candidates is None else {index for index, _ in candidates}


class Mentions:
    """`Matcher.candidates` of a list of texts for topics and targets at once: a text's words are
    looked up once for both stages (the lookup is most of what finding a text's topics costs).
    Per text: `topics`, the (topic index, pattern) pairs that `Matcher(topics).found_among` takes;
    `targets`, the indexes of the targets that can match (`Matcher(targets).may_mention`); None in
    either where that cannot be told (every pattern can match)."""

    def __init__(self, topics, targets, texts):
        split = len(topics)
        matcher = Matcher(dict(enumerate([*topics.values(), *targets.values()])))
        self.topics, self.targets = [], []
        for text in texts:
            found = matcher.candidates(text if isinstance(text, str) else "")
            if found is None:
                self.topics.append(None)
                self.targets.append(None)
            else:
                self.topics.append([pair for pair in found if pair[0] < split])
                self.targets.append({index - split for index, _ in found if index >= split})


# Star keywords are filed under their first _PREFIX letters (fewer for a shorter stem).
_PREFIX = 6
# Distinct words whose pairs a Matcher keeps (a run's comments repeat most of their words).
_CACHED_WORDS = 200_000


def _needed(pattern):
    """Lower-case strings one of which every match of `pattern` holds, or None if unknown: a
    user pattern is only searched for in a text that has one (lower-cased, see above)."""
    try:
        needed = _needed_in(re._parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # whatever the parser makes of it: search every text, as before
        return None
    if not needed or any(not n or any(c in _ODD_CASE or len(c.lower()) != 1 for c in n) for n in needed):
        return None
    return tuple(sorted(needed))


def _needed_in(items):
    """{strings} of which every match of parsed `items` contains one, or None; the best of the
    runs of literal characters and the parts that must match."""
    options, run = [], ""
    for op, value in items:
        if op is _c.LITERAL or (op is _c.IN and len(chars := _lower_class(value)) == 1):
            run += chr(value).lower() if op is _c.LITERAL else chars.pop()
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the run goes on
        options.append({run})
        run = ""
        if op is _c.SUBPATTERN:
            options.append(_needed_in(value[3]))
        elif op is _c.ATOMIC_GROUP:
            options.append(_needed_in(value))
        elif op is _c.BRANCH:
            parts = [_needed_in(alternative) for alternative in value[1]]
            options.append(None if any(not p for p in parts) else set().union(*parts))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and value[0] >= 1:
            options.append(_needed_in(value[2]))
    options.append({run})
    options = [o for o in options if o and all(o)]
    return max(options, key=lambda o: min(map(len, o)), default=None)


def _lower_class(items):
    chars = set()
    for op, value in items:
        if op is not _c.LITERAL:
            return set()
        chars.add(chr(value).lower())
    return chars
