"""What the matches of a parsed regex can start with: `compile_cues` uses it to try only the cues that
can start at a word start (tests/etl/test_normalize.py checks the mojibake shortcut with it too), and
`anchored` to let a scan skip the positions no match can start at.
"""

import re
import re._constants
import re._parser

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
    they are known: the same matches and groups, and the scan skips every other position at once
    (several times faster on long texts where matches are rare)."""
    starts = match_prefixes(re._parser.parse(pattern, flags), 1)
    if starts and "" not in starts:
        pattern = f"(?=[{''.join(re.escape(c) for c in sorted(starts))}])(?:{pattern})"
    return re.compile(pattern, flags)


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
