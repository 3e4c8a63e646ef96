"""A transparent rule engine shared by the three signals: a rule is a family name, a weight and
regex patterns; a text's score combines the weights of the families that fired, and its reasons
name each family with the words that made it fire.

Scores combine like independent pieces of evidence (a "noisy or"): 1 - ∏(1 - weight) over the
families that fired, each family counted once, so one rule of weight 0.5 gives 0.5, two give 0.75,
and no number of weak rules reaches 1. A family may make another redundant (`supersedes`): an
insult addressed to a person is counted instead of the same insult as a bare word.

Speed: every family is one compiled regex (its patterns joined), compiled once when the scorer is
built, and each distinct text of a batch is scored once. In a batch of PREFILTER_FROM texts or more
a family's regex scans a text only when the text meets what one of its patterns needs
(etl.signals.prefilter: mostly set lookups of the text's words, read once for all rules of all
scorers given to `score_texts`), and then holds only the patterns whose needs the text meets (a
regex of those is compiled the first time a text needs it); a scan costs about ten to thirty
microseconds a family, and most comments fire few rules.
"""

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from etl.signals.pattern_needs import alternatives
from etl.signals.prefilter import Alternatives, Masks, Seen, Vocabulary
from etl.stance.prefixes import Scan

# Distinct texts from which a batch is tested against the rules' needs first: reading the needs
# takes most of a second, each text then about a hundred microseconds less.
PREFILTER_FROM = 5_000
# Reasons quote at most this many different matches a family, each cut to its last QUOTE_CHARS.
MAX_QUOTES = 3
QUOTE_CHARS = 40


@dataclass(frozen=True)
class Rule:
    """A family of patterns with one weight. `quote=False`: the reason names the family only."""

    family: str
    weight: float
    patterns: tuple[str, ...]
    case_sensitive: bool = False
    quote: bool = True
    supersedes: str | None = None

    def compile(self, which: int | None = None) -> Scan:
        """One regex of the patterns (of those in bit mask `which`: pattern i is 1 << i), as a
        `Scan`. Case-insensitive rules are matched against the lower-cased text (IGNORECASE is
        slower)."""
        patterns = [p for i, p in enumerate(self.patterns) if which is None or which >> i & 1]
        return Scan("|".join(f"(?:{p})" for p in patterns))

    def needs(self) -> Alternatives:
        """What a text must meet for each pattern to match (etl.signals.pattern_needs)."""
        return Alternatives(alternatives(p) for p in self.patterns)


def rule(family: str, weight: float, *patterns: str, **options) -> Rule:
    """A `Rule` from its patterns, written one per argument."""
    return Rule(family, weight, tuple(patterns), **options)


def words(*alternatives: str) -> str:
    """`\\b(?:a|b|c)\\b`: whole words (or phrases) only."""
    return r"\b(?:" + "|".join(alternatives) + r")\b"


class RuleScorer:
    """Scores texts with a list of rules: `score(texts) -> [(score, reasons)]`, score in [0, 1],
    reasons `family: 'word', 'word'; family` in the order of the rules, "" when none fired."""

    name = "rules-v1"

    def __init__(self, rules: Sequence[Rule]):
        self.rules = list(rules)
        self._compiled = [(r, r.compile()) for r in self.rules]
        # Per rule, {bit mask of patterns: their regex}, compiled as texts need them.
        self._subsets = [{(1 << len(r.patterns)) - 1: regex} for r, regex in self._compiled]

    @functools.cached_property
    def needs(self) -> list[Alternatives]:
        """Each rule's needs (`Rule.needs`), read on first use: reading them takes most of a
        second, worth it only for big batches (PREFILTER_FROM)."""
        return [r.needs() for r in self.rules]

    @functools.cached_property
    def _views(self) -> list[tuple[bool, list[int], Masks]]:
        """(case-sensitive?, rule indexes, Masks of their needs) for each view of a text the
        rules read: as written, lower-cased."""
        views = []
        for case_sensitive in (False, True):
            indexes = [i for i, r in enumerate(self.rules) if r.case_sensitive == case_sensitive]
            if indexes:
                views.append((case_sensitive, indexes, Masks([self.needs[i] for i in indexes])))
        return views

    def _masks(self, seen: "_Seen") -> list[int]:
        # Per rule, the patterns `seen` may match (Alternatives.which), found per view at once.
        masks = [0] * len(self.rules)
        for case_sensitive, indexes, found in self._views:
            for i, mask in zip(indexes, found.which(seen.text if case_sensitive else seen.lowered)):
                masks[i] = mask
        return masks

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """What the rules' needs ask about (etl.signals.prefilter.Vocabulary)."""
        return Vocabulary.of(self.needs)

    def score(self, texts: Iterable[str]) -> list[tuple[float, str]]:
        """(score, reasons) of each text; each distinct text is scored once."""
        return score_texts({"": self}, texts)[""]

    def score_one(self, text: str, seen: "_Seen | None" = None) -> tuple[float, str]:
        """(score, reasons) of one text. With `seen` (the text as `score_texts` reads it), a
        rule's regex runs only where the text meets its needs, and holds only the patterns whose
        needs it meets (the others cannot match anywhere in it); the result is the same."""
        if not text:
            return 0.0, ""
        fired, masks = {}, None if seen is None else self._masks(seen)
        for i, (rule_, regex) in enumerate(self._compiled):
            if rule_.family in fired:
                continue
            if seen is None:
                scanned = text if rule_.case_sensitive else _lower(text)
            else:
                which = masks[i]
                if not which:
                    continue
                regex = self._subsets[i].get(which) or self._subset(i, which)
                scanned = seen.text.text if rule_.case_sensitive else seen.lowered.text
            if rule_.quote:
                quotes = _quotes(regex, scanned, text)
            else:  # its reason names the family alone: one match is enough
                quotes = [""] if regex.found(scanned) else []
            if quotes:
                fired[rule_.family] = (rule_, quotes)
        for rule_, _ in list(fired.values()):
            if rule_.supersedes:
                fired.pop(rule_.supersedes, None)
        return combine(r.weight for r, _ in fired.values()), "; ".join(
            _reason(r, quotes) for r, quotes in fired.values()
        )

    def _subset(self, i, which):
        regex = self._subsets[i][which] = self.rules[i].compile(which)
        return regex


def score_texts(
    scorers: Mapping[str, object], texts: Iterable[str], prefilter: bool | None = None
) -> dict[str, list[tuple[float, str]]]:
    """{name: scorer.score(texts)} of several scorers. Rule scorers test each distinct text
    against their rules' needs first (etl.signals.prefilter: its words read once for all of
    them) when `prefilter` is True, or, by default, when there are PREFILTER_FROM distinct texts
    or more; the results are the same either way."""
    texts = list(texts)
    rules = {name: s for name, s in scorers.items() if isinstance(s, RuleScorer)}
    found = {name: s.score(texts) for name, s in scorers.items() if name not in rules}
    if rules:
        distinct = set(texts)
        if prefilter is None:
            prefilter = len(distinct) >= PREFILTER_FROM
        vocabulary = _shared_vocabulary(tuple(rules.values())) if prefilter else None
        done = {name: {} for name in rules}
        for text in distinct:
            seen = _Seen(text, vocabulary) if prefilter else None
            for name, scorer in rules.items():
                done[name][text] = scorer.score_one(text, seen)
        found |= {name: [done[name][text] for text in texts] for name in rules}
    return {name: found[name] for name in scorers}


@functools.lru_cache(maxsize=8)
def _shared_vocabulary(scorers):
    """One Vocabulary for several rule scorers (built once per process for the engines)."""
    return Vocabulary.of(scorer.vocabulary for scorer in scorers)


class _Seen:
    """A text as the rules read it: as written and lower-cased (etl.signals.prefilter.Seen)."""

    def __init__(self, text, vocabulary):
        self.text = Seen(text, vocabulary)
        self.lowered = Seen(_lower(text), vocabulary)


def combine(weights: Iterable[float]) -> float:
    """1 - ∏(1 - w): independent pieces of evidence, each family once (see the module docstring)."""
    missing = 1.0
    for weight in weights:
        missing *= 1.0 - weight
    return round(1.0 - missing, 4)


def _lower(text):
    """Lower case of the same length, so match offsets point into the original text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _quotes(scan, scanned, text):
    """Up to MAX_QUOTES distinct matches of a `Scan` in `scanned` (quoted from `text` as written,
    spaces collapsed), or [] when none."""
    found = []
    for start, end in scan.spans(scanned):
        quote = " ".join(text[start:end].split())
        if len(quote) > QUOTE_CHARS:  # keep the end: the word that fired ("@name … Depp")
            quote = "…" + quote[-(QUOTE_CHARS - 1) :].lstrip()
        if quote and quote not in found:
            found.append(quote)
            if len(found) == MAX_QUOTES:
                break
    return found


def _reason(rule_, quotes):
    if not rule_.quote:
        return rule_.family
    return f"{rule_.family}: " + ", ".join("'" + q.replace("'", "’") + "'" for q in quotes)
