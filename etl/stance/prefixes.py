"""What the matches of a parsed regex can start with: `compile_cues` uses it to try only the cues that
can start at a word start (tests/etl/test_normalize.py checks the mojibake shortcut with it too),
and `anchored` and `Scan` to let a scan skip the positions no match can start at.
"""

import _sre
import re
import re._casefix
import re._constants
import re._parser
from collections.abc import Iterator

_MAX_PREFIXES = 5000


def match_prefixes(items, k):
    """What matches of parsed regex `items` can start with: a set of strings of length k, or
    shorter where the whole match can be that short; None when not known (a class such as \\w,
    a negated class, ".", inline flags, or too many)."""
    constants = re._constants
    found = {""}
    for op, value in items:
        if all(len(p) == k for p in found):
            break
        if op is constants.LITERAL:
            options = {chr(value)}
        elif op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
            continue  # zero width
        elif op is constants.IN:
            options = _class_characters(value)
        elif op is constants.BRANCH:
            parts = [match_prefixes(alternative, k) for alternative in value[1]]
            options = None if any(p is None for p in parts) else set().union(*parts)
        elif op is constants.SUBPATTERN:
            options = None if value[1] or value[2] else match_prefixes(value[3], k)
        elif op is constants.ATOMIC_GROUP:
            options = match_prefixes(value, k)
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
            low, high, repeated = value
            once = match_prefixes(repeated, k)
            options, current = (None, None) if once is None else (set(), {""})
            for count in range(min(high, low + k) + 1) if once is not None else ():
                if count >= low:
                    options |= current
                current = _joined(current, once, k)
        else:
            options = None
        if options is None:
            return None
        found = _joined(found, options, k)
        if len(found) > _MAX_PREFIXES:
            return None
    return found


def anchored(pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern` compiled behind a lookahead on the characters its matches can start with, when
    they are known: the same matches and groups, and at every other position the match fails at
    that one class test (faster than the bare pattern where matches are rare, though sre still
    enters the matcher at each position; `Scan` skips them in C but offers no `sub` or groups)."""
    starts = match_prefixes(re._parser.parse(pattern, flags), 1)
    if starts and "" not in starts:
        pattern = f"(?=[{''.join(re.escape(c) for c in sorted(starts))}])(?:{pattern})"
    return re.compile(pattern, flags)


class Scan:
    """A regex's matches as `finditer` finds them (`spans`, `search`, `found`), found faster where
    the characters a match can start with are known: the regex then starts with a class of them,
    so that sre skips every other character in its C loop (its "charset prefix"; `anchored`'s
    lookahead on them still enters the matcher at each character, about twice as slow), steps
    back over that one character and matches the pattern there inside a lookahead, whose group
    is the match. `flags`: 0 or re.IGNORECASE (the class then holds every case of its letters)."""

    def __init__(self, pattern: str, flags: int = 0):
        if flags not in (0, re.IGNORECASE):
            raise ValueError("a Scan takes no flags but re.IGNORECASE")
        self.pattern, self.flags = pattern, flags
        starts = match_prefixes(re._parser.parse(pattern, flags), 1)
        self._first = bool(starts) and "" not in starts  # every match starts with one of `starts`
        if self._first:
            chars = "".join(re.escape(c) for c in sorted(_cases(starts) if flags else starts))
            inner = f"(?i:{pattern})" if flags else pattern
            self._regex = re.compile(f"[{chars}](?<=(?=({inner}))(?s:.))")
        else:
            self._regex = re.compile(pattern, flags)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each match in `text`, as `re.finditer` of the pattern gives them."""
        if not self._first:
            yield from (match.span() for match in self._regex.finditer(text))
            return
        # A match is never empty (it starts with a character), so the next starts at its end.
        at = 0
        while (found := self.search(text, at)) is not None:
            at = found[1]
            yield found

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> tuple[int, int] | None:
        """(start, end) of the first match in `text[pos:endpos]` (as `re.Pattern.search` reads
        them), or None."""
        found = self._regex.search(text, pos) if endpos is None else self._regex.search(text, pos, endpos)
        if found is None:
            return None
        return found.span(1) if self._first else found.span()

    def found(self, text: str) -> bool:
        """Does the pattern match anywhere in `text`?"""
        return self._regex.search(text) is not None


def _cases(chars):
    """`chars` and every character that matches one of them under re.IGNORECASE: sre compares
    simple lower cases (and a few more, re._casefix), and a character whose lower case is x is x's
    upper or title case, or one of CASE_ODDITIES (tests/etl/stance/test_prefixes.py checks all of
    Unicode)."""
    lowers = {chr(_sre.unicode_tolower(ord(c))) for c in chars}
    lowers |= {chr(f) for c in list(lowers) for f in re._casefix._EXTRA_CASES.get(ord(c), ())}
    found = set(chars) | lowers | set(CASE_ODDITIES)
    found |= {case for c in lowers for case in (c.upper(), c.title()) if len(case) == 1}
    return found


# Characters whose simple lower case x has another upper and title case than them (İ → i, the
# Kelvin sign → k, ...): checked against all of Unicode by tests/etl/stance/test_prefixes.py.
CASE_ODDITIES = "\u0130\u03f4\u1e9e\u2126\u212a\u212b"


def _joined(heads, tails, k):
    return {h if len(h) == k else (h + t)[:k] for h in heads for t in tails}


def _class_characters(items):
    constants = re._constants
    chars = set()
    for op, value in items:
        if op is constants.LITERAL:
            chars.add(chr(value))
        elif op is constants.RANGE and value[1] - value[0] < 256:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return chars
