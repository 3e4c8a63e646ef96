"""What every match of a regex must pass, read off its parsed form: the Needs of etl.signals.prefilter.

A pattern is first written out into its alternatives where it has alternations (`a(?:b|c)d` →
`abd`, `acd`, as long as they stay few). Every match of an alternative passes points where the
strings it goes on with are known (`etl.stance.prefixes.match_prefixes`): its start, the start of a
part every match has (a group, an alternation, a repeated part, a lookaround's part). After `\\b`,
the start of the text, or a character that is not a word character (a space, a comma), such a
string starts a word, and it is the whole word where a non-word character or `\\b` follows; of
each string the rarest piece is kept (a whole word, a word start, a piece of a word, or the string
itself). Each point gives a Need, and an alternative's Needs are the few rarest, Needs of words
first. How rare a Need is, is guessed from its strings (longer strings are rarer, German function
words are in nearly every comment): the guess only decides which Needs are tested, never whether
a text can match.
"""

import functools
import re
import re._constants as sre
import re._parser

from etl.signals.prefilter import INFIX, Need
from etl.stance.prefixes import match_prefixes
from etl.text.stopwords import STOP_WORDS

# Longest string read off a pattern (longer strings tell more, and multiply the alternatives),
# and the lengths tried on the way there.
LONGEST = 12
_LENGTHS = range(1, LONGEST + 1)
# Shortest word start kept as one (bytes of UTF-8): a shorter one ("ur" of "ur-idiot") is common,
# so its whole string is tested as a substring instead.
SHORTEST_START = 3
# A point with more strings than these is not used: testing them costs about what the regex does.
_MANY_STARTS, _MANY_SUBSTRINGS = 1000, 24
# Needs tested at most for one pattern, and how rarely one after the first must be met to be worth it.
# A Need's rate is a sum over its strings, so a union of many rare words (the insults: 0.755) is
# guessed common; testing one costs a set lookup, a scan it saves tens of microseconds.
_MOST, _WORTH = 3, 0.9
# A Need of words met this rarely is tested first even when a Need of substrings is rarer.
_RARE = 0.1
# Alternatives a pattern is written out into at most (`_split`).
_MANY_ALTERNATIVES = 64
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


def alternatives(pattern: str) -> list[tuple[Need, ...]] | None:
    """What a text must meet for `pattern` (no flags) to match it: one of the alternatives the
    pattern is made of, each a few Needs that must all be met, the rarest first; None when some
    alternative has no known need (then the pattern must always run)."""
    parsed = re._parser.parse(pattern)
    if parsed.state.flags & ~sre.SRE_FLAG_UNICODE:  # (?i) and the like: not read here
        return None
    found = [_choose(_points(items)) for items in _split(list(parsed))]
    return None if any(f is None for f in found) else found


def _split(items):
    """The sequence `items` as the sequences it may be: an alternation or a group in it written
    out (`a(?:b|c)d` → `abd`, `acd`), as long as they stay few. Each sequence matches what
    `items` matches, through one of its alternatives."""
    sequences, done = [items], []
    while sequences:
        items = sequences.pop()
        at = next((j for j, (op, value) in enumerate(items) if _splittable(op, value)), None)
        if at is None or len(sequences) + len(done) >= _MANY_ALTERNATIVES:
            done.append(items)
            continue
        op, value = items[at]
        parts = value[1] if op is sre.BRANCH else [value[3]]
        sequences.extend(items[:at] + list(part) + items[at + 1 :] for part in reversed(parts))
    return done


def _splittable(op, value):
    return op is sre.BRANCH or (op is sre.SUBPATTERN and value[0] is None and not value[1] and not value[2])


def _choose(points):
    """The rarest of `points` (Needs every match meets), and those rare enough beside it that it
    does not imply, rarest first; None when none is of use."""
    useful = sorted({p for p in points if pass_rate(p) < _EVERY}, key=_rarest_first)
    chosen = useful[:1]
    for point in useful[1:]:
        if len(chosen) < _MOST and pass_rate(point) < _WORTH and not any(_implies(c, point) for c in chosen):
            chosen.append(point)
    # Words and word starts first when rare: they are looked up for all rules at once.
    words = [p for p in useful if not (p.substrings or p.classes) and pass_rate(p) <= _RARE][:1]
    return tuple(words + [c for c in chosen if c not in words][: _MOST - len(words)]) or None


def _rarest_first(need):
    # Ties broken by the strings, sorted: the same Needs chosen in every process (a frozenset's
    # order, and so its repr, changes with the hash seed).
    return pass_rate(need), *(sorted(getattr(need, kind)) for kind in _KINDS)


_KINDS = ("words", "word_starts", "substrings", "classes", "infixes")
# Rough shares of comments holding a string, by its length in characters (1, 2, 3, 4, 5 or more).
_WORD_RATES = (0.1, 0.1, 0.03, 0.01, 0.005)
_START_RATES = (0.3, 0.2, 0.05, 0.02, 0.01)
_SUBSTRING_RATES = (0.2, 0.3, 0.1, 0.03, 0.01)
_COMMON = 0.5  # a German function word, or the start or part of one
_EVERY = float("inf")  # a space, a letter, `[^.!?]`: met by every text, never tested
_EVERYWHERE = " \t\n,.-:;"
# What testing costs, in the regex scans it saves: a substring test about a twentieth, a class's
# regex more; words and word starts are looked up for all rules at once (etl.signals.prefilter).
_SUBSTRING_COST, _CLASS_COST = 0.05, 0.1
_STOP_WORDS = frozenset(STOP_WORDS)
# Every start (UTF-8) and every piece of a German function word: a string among them is common.
_STOP_STARTS = frozenset(w.encode()[:n] for w in STOP_WORDS for n in range(1, len(w.encode()) + 1))
_STOP_PIECES = frozenset(w[i:j] for w in STOP_WORDS for i in range(len(w)) for j in range(i + 1, len(w) + 1))


@functools.cache
def pass_rate(need: Need) -> float:
    """About what share of comments meet `need`, plus what testing it costs (see above)."""
    # Summed in the strings' order: a frozenset's order changes with the hash seed, and a sum's
    # last digits with the order (and so which of two Needs is rarer).
    rates = [_word_rate(w) for w in sorted(need.words)] + [_start_rate(s) for s in sorted(need.word_starts)]
    rates += [_substring_rate(s.decode()) for s in sorted(need.infixes)]
    rates += [_substring_rate(s) for s in sorted(need.substrings)]
    rates += [_class_rate(c) for c in sorted(need.classes)]
    if max(rates) >= _EVERY:
        return _EVERY
    return sum(rates) + _SUBSTRING_COST * len(need.substrings) + _CLASS_COST * bool(need.classes)


def _by_length(string, rates):
    length = len(string.decode(errors="ignore")) if isinstance(string, bytes) else len(string)
    return rates[min(length, len(rates)) - 1]


def _word_rate(word):
    return _COMMON if word.decode() in _STOP_WORDS else _by_length(word, _WORD_RATES)


def _start_rate(start):
    return _COMMON if start in _STOP_STARTS else _by_length(start, _START_RATES)


def _substring_rate(string):
    if not string.strip(_EVERYWHERE) or (len(string) == 1 and _is_word(string)):
        return _EVERY
    if string in _STOP_PIECES:
        return _COMMON
    # No rarer than all the whole words in it together (" artikel " is the word "artikel").
    whole = 1.0
    for run in re.finditer(r"(?<=\W)\w+(?=\W)", string):
        whole *= _word_rate(run.group(0).encode())
    return max(_by_length(string, _SUBSTRING_RATES), whole if whole < 1.0 else 0.0)


def _class_rate(source):
    # A class with spaces, common punctuation or common letters (`[^.!?]`, `\S`, `[!,]`) is met by
    # nearly every text.
    if re.search(re.sub(r"\{\d+\}$", "", source), _EVERYWHERE + "aeinrst"):
        return _EVERY
    return 0.1 if source.endswith("}") else 0.3


def _implies(need, other):
    """Whether meeting `need` means meeting `other` (a Need of substrings only): each string of
    `need` holds one of those of `other`."""
    if other.words or other.word_starts or other.classes or other.infixes or need.classes:
        return need == other
    strings = [w.decode(errors="ignore") for w in need.words | need.word_starts | need.infixes]
    strings += list(need.substrings)
    return all(any(s in string for s in other.substrings) for string in strings)


def _points(items, starts_word=False, ends_word=False):
    """A Need for each point every match of the sequence `items` passes (where it is known).
    `starts_word`: what comes before the sequence ends a word (`\\b`, a space); `ends_word`: what
    follows it cannot go on with a word character."""
    found = []
    for j, (op, value) in enumerate(items):
        after = _ends_word(items[j - 1]) if j else starts_word
        before = _starts_non_word(items[j + 1]) if j + 1 < len(items) else ends_word
        # Not inside a word written out: what starts there starts the word too, or a longer word.
        inside = j and items[j - 1][0] is sre.LITERAL and _is_word(chr(items[j - 1][1])) and op is sre.LITERAL
        if op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT) and not inside:
            found.append(_starts_need(items[j:], after, ends_word))
        if op is sre.SUBPATTERN and not value[1] and not value[2]:
            found.extend(_points(value[3], after, before))
        elif op is sre.BRANCH:  # one of the alternatives: each its rarest point
            rarest = [min(_points(alternative, after, before), key=pass_rate, default=None) for alternative in value[1]]
            found.append(None if any(r is None for r in rarest) else _union(rarest))
        elif op in _REPEATS and value[0] >= 1:
            found.append(_class_need(value[2], value[0]))
            found.extend(_points(value[2]))
        elif op is sre.IN:
            found.append(_class_need([(op, value)], 1))
        elif op is sre.ASSERT:  # a lookahead's or lookbehind's part must match too
            found.extend(_points(value[1]))
    return [need for need in found if need is not None]


def _starts_need(items, after_boundary, ends_word):
    """What a match of `items` starts with, as a Need (None when unknown, too many, or when the
    match may be empty); with `after_boundary`, a start with a word character starts a word.
    `ends_word`: what follows `items` cannot go on with a word character. The alternatives of a
    pattern share most of their parts: each is read once."""
    key = (repr(items), after_boundary, ends_word)
    if key not in _READ:
        _READ[key] = _read_starts(items, after_boundary, ends_word)
    return _READ[key]


_READ = {}  # what `_starts_need` found, by the parts and their context (the rules are few)


def _read_starts(items, after_boundary, ends_word):
    starts, length = None, 0  # what matches start with, up to `length` characters
    for k in _LENGTHS:  # longer while known and few (each length at most multiplies)
        longer = match_prefixes(items, k)
        if longer is None or len(longer) > _MANY_STARTS:
            break
        grew = starts is not None and len(longer) > max(64, 8 * len(starts))
        starts, length = longer, k
        if grew or all(len(start) < k for start in starts):  # a class multiplies them; or nothing to add
            break
    if starts is None or "" in starts:
        return None
    ends_word = ends_word or _starts_non_word(items[-1])
    found = {"word": set(), "start": set(), "substring": set(), "infix": set()}
    for start in starts:
        kind, string = _rarest_piece(start, after_boundary, len(start) < length and ends_word)
        found[kind].add(string)
    if len(found["substring"]) > _MANY_SUBSTRINGS:
        return None
    return Need(
        frozenset(found["word"]),
        frozenset(found["start"]),
        frozenset(found["substring"]),
        infixes=frozenset(found["infix"]),
    )


def _rarest_piece(start, starts_word, ends_word):
    """The rarest thing a text must hold where a match goes on with `start`: the string itself, a
    whole word in it, the start of a word in it ("sehr geehrte" → the word "geehrte"), or a piece
    of a word ("…schlöcher"). `starts_word`: `start` begins where a word may begin; `ends_word`:
    it is the whole rest of the match, and no word character follows."""
    pieces = [(_substring_rate(start) + _SUBSTRING_COST, "substring", start)]
    for run in re.finditer(r"\w+", start):
        word = run.group(0).encode()
        if run.start() == 0 and not starts_word:  # maybe the end of a longer word
            if len(word) >= INFIX:
                pieces.append((_substring_rate(run.group(0)), "infix", word))
        elif run.end() < len(start) or ends_word:
            pieces.append((_word_rate(word), "word", word))
        elif len(word) >= SHORTEST_START:
            pieces.append((_start_rate(word), "start", word))
    _, kind, string = min(pieces)
    return kind, string


def _class_need(items, count):
    """A run of `count` characters of one class (`items` a single class or character), or None."""
    if len(items) != 1 or items[0][0] not in (sre.IN, sre.LITERAL):
        return None
    op, value = items[0]
    if op is sre.LITERAL:
        source = re.escape(chr(value))
    else:
        parts = [_class_part(kind, v) for kind, v in value]
        if any(p is None for p in parts):
            return None
        source = "[" + "".join(parts) + "]"
    return Need(classes=frozenset({source + (f"{{{count}}}" if count > 1 else "")}))


def _class_part(kind, value):
    if kind is sre.LITERAL:
        return re.escape(chr(value))
    if kind is sre.RANGE:
        return f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}"
    if kind is sre.CATEGORY:
        return _CATEGORIES.get(value)
    if kind is sre.NEGATE:
        return "^"
    return None


def _ends_word(item):
    """Whether a word character right after what `item` matches starts a word: `\\b`, the start
    of the text, a character that is not a word character (a space, a comma), a lookbehind
    for one."""
    op, value = item
    if op is sre.AT:
        return value in (sre.AT_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
    if op in (sre.LITERAL, sre.IN):
        return _non_word(op, value)
    if op is sre.ASSERT and value[0] == -1:
        return bool(value[1]) and _ends_word(value[1][-1])
    if op is sre.BRANCH:
        return all(alternative and _ends_word(alternative[-1]) for alternative in value[1])
    if op is sre.SUBPATTERN and not value[1] and not value[2]:
        return bool(value[3]) and _ends_word(value[3][-1])
    if op in _REPEATS and value[0] >= 1:
        return bool(value[2]) and _ends_word(value[2][-1])
    return False


def _starts_non_word(item):
    """Whether what comes at `item` cannot be a word character: `\\b` (after a word character),
    the end, a character that is not a word character, `(?!\\w)`."""
    op, value = item
    if op is sre.AT:
        return value in (sre.AT_BOUNDARY, sre.AT_END, sre.AT_END_STRING)
    if op in (sre.LITERAL, sre.IN):
        return _non_word(op, value)
    if op is sre.ASSERT_NOT and value[0] == 1:
        return value[1] == [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]
    if op is sre.SUBPATTERN and not value[1] and not value[2]:
        return bool(value[3]) and _starts_non_word(value[3][0])
    if op in _REPEATS and value[0] >= 1:
        return bool(value[2]) and _starts_non_word(value[2][0])
    return False


def _non_word(op, value):
    """Whether a LITERAL or IN item matches only characters that are not word characters."""
    if op is sre.LITERAL:
        return not _is_word(chr(value))
    return all(
        (kind is sre.LITERAL and not _is_word(chr(v))) or (kind is sre.CATEGORY and v is sre.CATEGORY_SPACE)
        for kind, v in value
    )


def _is_word(char):
    return char.isalnum() or char == "_"


def _union(needs_):
    found = needs_[0]
    for other in needs_[1:]:
        found = found | other
    return found
