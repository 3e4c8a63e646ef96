"""Cue matching shared by every stance engine: the `Cue` record and its lexicon helper
`cue_family`, the one-scan cue regex (`compile_cues`) and its scanner (`cue_hits`) with negation, the `Hit`
a reply cue becomes, and small text helpers (sentences, words, quoting evidence).

The underscore names here are private to the `etl.stance` package, shared by its modules.
"""

import re
import re._parser
from dataclasses import dataclass

from etl.stance.prefixes import match_prefixes

# Sentence start: text start, after an end mark and a space, or at a line break.
SENTENCE_START = r"(?:^|(?<=[.!?;:]\s)|(?<=\n))"
# End of an interjection: punctuation or the end of the text follows.
CUE_END = r"(?=\s*(?:[!.,;:?)]|$))"
NEGATOR = r"(?:nicht|kein|keine|keinen|keinem|keiner|nie|niemals|keineswegs|keinesfalls)"
_NEG_BEFORE = re.compile(rf"\b{NEGATOR}\s+(?:\w+\s+)?$", re.IGNORECASE)
_NEG_INSIDE = re.compile(rf"\b{NEGATOR}\b(?!\s+nur\b)", re.IGNORECASE)
_NEG_AFTER = re.compile(rf"^[ \t]*(?:\w+[ \t]+){{0,2}}?{NEGATOR}\b(?!\s+nur\b)", re.IGNORECASE)
MENTIONS = re.compile(r"^\s*(?:@[\w.\-]+[,:]?\s*)+")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
SENTENCES = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
WORD = re.compile(r"\w+")
FLIP = {"agree": "disagree", "disagree": "agree", "favor": "against", "against": "favor"}


def negated(text, start, end):
    """Is the cue at text[start:end] negated: a negator just before it (same clause), inside it,
    or within two words after it ("stimmt so nicht"); "nicht nur" does not negate."""
    before = re.split(r"[.!?;,:]", text[max(0, start - 40) : start])[-1]
    return bool(
        _NEG_BEFORE.search(before) or _NEG_INSIDE.search(text, start, end) or _NEG_AFTER.search(text[end : end + 40])
    )


def excerpt(text, limit=60):
    text = " ".join(text.split()).strip(" ,;:")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted_words(text, start, end, limit=60):
    """The original words of a match at text[start:end] (found in the lower-cased text), quoted."""
    return f'"{excerpt(text[start:end], limit)}"'


def first_sentence_end(text):
    match = _SENTENCE_END.search(text)
    return match.end() if match else len(text)


@dataclass(frozen=True)
class Cue:
    label: str
    weight: float
    family: str
    pattern: str
    negatable: bool = False


def cue_family(label, family, weight, *patterns, negatable=False):
    return [Cue(label, weight, family, p, negatable) for p in patterns]


@dataclass(frozen=True)
class Hit:
    label: str
    weight: float
    family: str
    text: str = ""

    def describe(self):
        return f"{self.text} ({self.family})" if self.text else self.family


def compile_cues(cue_list, dispatch=2):
    """One alternation with a group per cue: a single scan finds every cue, and where two cues
    start at the same place the one listed first wins (specific before generic). Returns a
    `CueRegex`.

    Speed: cues are lower case and matched against lower-cased text (no IGNORECASE), behind a
    guard that only lets the alternation be tried at word starts: about 6x faster. And the
    alternation is split by the first characters a cue can start with (`match_prefixes`, up to
    `dispatch` of them, where more than three cues share them): at a word start only the cues
    that can start there are tried, in their order, instead of every cue (about 4x faster again
    with two characters; a third pays where many cues share two, as in the reply cues). A cue
    whose start is not known is tried everywhere. The match is the same: the cues left out could
    not match there anyway.
    """
    for cue in cue_list:
        if re.compile(cue.pattern).groups or cue.pattern != cue.pattern.lower() or "\x00" in cue.pattern:
            raise ValueError(f"cue pattern must be lower case with (?:...) groups only: {cue.pattern}")
        if not re._parser.parse(cue.pattern).getwidth()[0]:
            raise ValueError(f"cue pattern must not match an empty string: {cue.pattern}")

    def group(i):  # a mark for cue i's group, filled in below
        return f"\x00{i}\x00"

    starts = [_starts(cue.pattern, dispatch) for cue in cue_list]
    anywhere = {i for i, chars in enumerate(starts) if chars is None or "" in chars}

    def fits(i, head):
        # May cue i match where the text starts with `head`? A start shorter than the head is one
        # the match may end after, or all that is known of it.
        return i in anywhere or any(s[: len(head)] == head[: len(s)] for s in starts[i])

    def split(head, cues):
        # The next characters after `head` that split `cues` (indexes, in order), each with the
        # cues that fit, and the cues that may end within the head (or start anywhere), which
        # come under every next character and after them for any other; None: no split.
        if len(cues) <= 3 or len(head) == dispatch:
            return None
        n = len(head)
        nexts = sorted({s[n] for i in cues if i not in anywhere for s in starts[i] if len(s) > n and s[:n] == head})
        ending = [i for i in cues if i in anywhere or any(len(s) <= n for s in starts[i])]
        return [(c, [i for i in cues if fits(i, head + c)]) for c in nexts], ending

    def looking(head, cues):
        # The alternation of `cues` where the text starts with `head`, at the start of the head:
        # each next character tested by a lookahead.
        if (parts := split(head, cues)) is None:
            return "|".join(group(i) for i in cues)
        nexts, ending = parts
        skip = re.escape(head) if "\n" in head else "." * len(head)  # the head is known to be there
        branches = [f"(?={skip}{re.escape(c)})(?:{looking(head + c, fitting)})" for c, fitting in nexts]
        return "|".join(branches + [group(i) for i in ending])

    def stepping(head, cues):
        # The same after the head: each next character read (an alternation of literals, which
        # sre tests in C), the cues then tried from the start of the head, a step back.
        def back(fitting):
            return f"(?<=(?=(?:{'|'.join(group(i) for i in fitting)}))(?s:.{{{len(head)}}}))"

        if (parts := split(head, cues)) is None:
            return back(cues)
        nexts, ending = parts
        branches = [f"{re.escape(c)}(?:{stepping(head + c, fitting)})" for c, fitting in nexts]
        return "|".join(branches + ([back(ending)] if ending else []))

    firsts = sorted(
        {p[0] for i, chars in enumerate(starts) if i not in anywhere for p in chars},
        key=lambda c: (_INITIALS.find(c) % 100, c),
    )
    by_first = [(first, [i for i in range(len(cue_list)) if fits(i, first)]) for first in firsts]
    at_start = "|".join(group(i) for i in sorted(anywhere))
    word_start = r"(?<!\w)(?=[^\W\d_]|[+👍])"
    # To name the cue: a lookahead on each first character.
    branches = [f"(?={re.escape(first)})(?:{looking(first, fitting)})" for first, fitting in by_first]
    if anywhere:
        branches.append(at_start)
    else:  # nothing can match at a word start with another character: skip it at once
        branches[0] = f"(?=[{''.join(re.escape(c) for c in firsts)}])(?:{branches[0]}"
        branches[-1] += ")"
    grouped = f"{word_start}(?:{'|'.join(branches)})"
    # To scan: each first character read.
    steps = [f"{re.escape(first)}(?:{stepping(first, fitting)})" for first, fitting in by_first]
    scan = f"{word_start}(?:{'|'.join(steps + ([at_start] if anywhere else []))})"

    def filled(skeleton, opener):
        return _GROUP_MARK.sub(lambda mark: f"{opener}{cue_list[int(mark[1])].pattern})", skeleton)

    cue_of_group = [None, *map(int, _GROUP_MARK.findall(grouped))]
    return CueRegex(re.compile(filled(scan, "(?:")), re.compile(filled(grouped, "(")), cue_of_group)


class CueRegex:
    """`compile_cues`' regex in two forms: one that scans for where a cue starts, and one with a
    capturing group per cue that, from there, gives the match and which cue it is.

    The scan reads the first characters of a word instead of looking ahead at them, and its
    groups capture nothing: sre tests an alternation whose branches start with a literal in C,
    where each lookahead or capturing group costs it a step of its own (together about 2.5x
    faster on the reply cues). Its match ends after the characters read, so the next search
    starts where the named match ends, as `finditer` would go on."""

    def __init__(self, scan, grouped, cue_of_group):
        self.scan, self.grouped, self._cue_of_group = scan, grouped, cue_of_group

    def finditer(self, text):
        """(cue index, match) for every cue found in `text`, in order, as `finditer` of the
        grouped regex finds them."""
        search, at = self.scan.search, 0
        while (found := search(text, at)) is not None:
            # Both forms try the same cues from the same place: the same match (never empty).
            match = self.grouped.match(text, found.start())
            yield self._cue_of_group[match.lastindex], match
            at = match.end()


_GROUP_MARK = re.compile(r"\x00(\d+)\x00")


def _starts(pattern, k):
    """The strings a match of `pattern` starts with, k characters long, or shorter where the match
    may end there or no more is known (a class such as \\s follows); None: unknown."""
    parsed = re._parser.parse(pattern)
    for n in range(k, 0, -1):
        found = match_prefixes(parsed, n)
        if found is not None:
            return found
    return None


# Word-initial letters of German comments, most frequent first: the scan's branches for them
# are tried in this order (measured on the One Million Posts corpus).
_INITIALS = "dsawiemgnbuhkvfzlptrjoücöqä"


def _lower(text):
    """Lower case of the same length, so match offsets point into the original text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def cue_hits(regex, cue_list, text):
    """(cue, label after negation, family, match) for every cue in `text` (match offsets and
    text are those of the lower-cased text; use offsets to quote the original); `regex` is
    `compile_cues(cue_list)`."""
    lowered = _lower(text)
    for i, match in regex.finditer(lowered):
        cue = cue_list[i]
        if cue.negatable and negated(lowered, match.start(), match.end()):
            yield cue, FLIP[cue.label], "negated " + cue.family, match
        else:
            yield cue, cue.label, cue.family, match
