"""Reply stance: how a reply stands to its parent (agree / disagree / neutral), with evidence.

`classify_replies(comments, polarity_of=None)` is the stage; `CueStance` the engine behind it
(also the evaluation harness's "cues" reply engine): cues from `reply_cues` in the reply's own
words, quote-and-rebut, and the polarity of reply and parent as a weak signal.
"""

import re
from collections.abc import Callable

import pandas as pd

from etl import schema
from etl.stance.cues import MENTIONS, Hit, cue_hits, excerpt, first_sentence_end, quoted_words
from etl.stance.prefixes import Scan
from etl.stance.quote_rebut import find_quote_rebut
from etl.stance.reply_cues import REPLY_CUES, REPLY_REGEX
from etl.text.quotes import own_words

# A label needs this much cue weight, and this much more than the other label.
DECIDE_AT = 0.5
MARGIN = 0.5
# Replies open with their stance ("Stimmt.", "Unsinn!"): cues in the first sentence count more.
FIRST_SENTENCE_BONUS = 1.5
# Polarity is weak evidence, never enough alone: sentiment engines misread irony, praise of the
# other side and quotes, so opposite leans far apart only tip a reply that has another cue.
OPPOSITE_MIN, OPPOSITE_GAP, OPPOSITE_WEIGHT = 0.1, 0.5, 0.3
SAME_MIN, SAME_WEIGHT = 0.3, 0.25
# Weak disagree hints: each counts once, below DECIDE_AT. Negation and contrast words are found
# with a search for the first (a cue in the lexicon would be a match at every "nicht").
HINT_WEIGHT = 0.25
# Each a Scan: the search skips to the letters a match starts with (etl.stance.prefixes).
NEGATION = Scan(r"\b(?:nicht|kein|keine|keinen|keinem|keiner|nichts|nie|niemals)\b", re.IGNORECASE)
CONTRAST = Scan(r"\b(?:aber|sondern|jedoch|allerdings|trotzdem|dennoch|nur|eher|doch)\b", re.IGNORECASE)
# The parent's author addressed: "Sie" inside a sentence, or "du". Behind a lookahead on the
# letters a match starts with, which fails at once at every other position (sre still enters the
# matcher there; a Scan would skip them in C, but the inline (?i:…) hides the first letters from
# match_prefixes).
_ADDRESS = re.compile(
    r"(?=[SIdD])(?:(?<![.!?:] )\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b(?<!^Sie)|"
    r"\b(?i:du|dir|dich|dein|deine|deinen|deinem|deiner)\b)"
)
_CLOSERS = " \t\n\"“”»«')"


class CueStance:
    """Reply → parent stance from the cue lexicon, negation, quote-and-rebut and polarity.

    `polarity_of` (text → float), if given, supplies polarity where the caller has none.
    """

    name = "cues"

    def __init__(self, polarity_of=None):
        self.polarity_of = polarity_of

    def predict(self, replies, parents):
        """agree / disagree / neutral for each (reply, parent) pair."""
        return [label for label, _ in self.explain(replies, parents)]

    def explain(self, replies, parents, reply_polarity=None, parent_polarity=None, own=None):
        """(label, evidence) for each (reply, parent) pair; polarities may be None / NaN.

        `own`, if given, holds each reply's own words (`quotes.own_words` of the reply without
        its leading @names, given the parent), or None where they are to be found here.
        """
        reply_polarity = self._fill(replies, reply_polarity)
        parent_polarity = self._fill(parents, parent_polarity)
        own = own if own is not None else [None] * len(replies)
        return [
            _classify(r, p, rp, pp, o)
            for r, p, rp, pp, o in zip(replies, parents, reply_polarity, parent_polarity, own)
        ]

    def _fill(self, texts, known):
        known = list(known) if known is not None else [None] * len(texts)
        if self.polarity_of is None:
            return known
        return [self.polarity_of(t) if _missing(k) and isinstance(t, str) and t else k for t, k in zip(texts, known)]


def classify_replies(comments: pd.DataFrame, polarity_of: Callable[[str], float] | None = None) -> pd.DataFrame:
    """Comments with `stance` and `stance_evidence` added (see module docstring).

    `polarity_of` (text → float) fills polarity where the `polarity` column is NA or absent;
    without it such pairs get no polarity signal. A reply whose parent is not in the frame is
    judged on its own cues. Top-level comments (parent_id NA or '') get NA in both columns.
    An `own_text` column saves finding own words again, with the same result: each row's
    `quotes.own_words` given its parent's text and author, as `quotes.own_texts` gives for a frame
    holding the parents (this one, or a larger one it was cut from). It is read for replies
    without "@" (for the others the parent's author and MENTIONS matter, so they are redone).
    """
    schema.validate(comments, ("comment_id", "parent_id", "text"), "stance")
    parent_id = comments["parent_id"].astype("string")
    is_reply = (parent_id.notna() & (parent_id != "")).to_numpy()
    polarity = (
        comments["polarity"].astype("float64")
        if "polarity" in comments
        else pd.Series(float("nan"), index=comments.index)
    )
    stance = pd.Series(pd.NA, index=comments.index, dtype="string")
    evidence = pd.Series(pd.NA, index=comments.index, dtype="string")
    if is_reply.any():
        ids = comments["comment_id"].astype("string")
        text_of = pd.Series(comments["text"].to_numpy(), index=ids).groupby(level=0).first()
        polarity_of_id = pd.Series(polarity.to_numpy(), index=ids).groupby(level=0).first()
        parents = parent_id[is_reply]
        replies = comments.loc[is_reply, "text"].fillna("").astype(str).tolist()
        # `own_text` (quotes.own_texts of this frame) is what _classify would compute itself for
        # a reply without "@" (the parent's author and MENTIONS only act on "@names").
        own = None
        if "own_text" in comments and ids.is_unique:
            own = [
                o if isinstance(o, str) and "@" not in r else None
                for r, o in zip(replies, comments.loc[is_reply, "own_text"].tolist())
            ]
        results = CueStance(polarity_of).explain(
            replies,
            parents.map(text_of).fillna("").astype(str).tolist(),
            polarity[is_reply].tolist(),
            parents.map(polarity_of_id).tolist(),
            own=own,
        )
        index = comments.index[is_reply]
        stance = stance.mask(is_reply, pd.Series([r[0] for r in results], index=index, dtype="string"))
        evidence = evidence.mask(is_reply, pd.Series([r[1] for r in results], index=index, dtype="string"))
    return comments.assign(stance=stance, stance_evidence=evidence)


def _missing(value):
    return value is None or bool(pd.isna(value))


def _classify(reply, parent, reply_polarity, parent_polarity, own=None):
    """(label, evidence) of one reply. Cues count only in the reply's own words (a quoted
    "> Das stimmt nicht" is the parent speaking); quote-and-rebut looks at the whole reply.
    `own`: the reply's own words when known (see CueStance.explain)."""
    text = reply if isinstance(reply, str) else ""
    if "@" in text:  # MENTIONS needs one
        text = MENTIONS.sub("", text)
    parent = parent if isinstance(parent, str) else ""
    if own is None:
        own = own_words(text, parent)
    first_end = first_sentence_end(own)
    answers = _question_mark(parent) >= 0
    hits, clarifies = [], False
    for cue, label, family, match in cue_hits(REPLY_REGEX, REPLY_CUES, own):
        clarifies = clarifies or family == "clarifying question"
        if label == "ignore" or (answers and family == "answer word"):
            continue
        bonus = FIRST_SENTENCE_BONUS if match.start() < first_end else 1.0
        hits.append(Hit(label, cue.weight * bonus, family, quoted_words(own, *match.span())))
    if not clarifies:
        hits += _hints(own)
    quoted = find_quote_rebut(text, parent)
    if quoted:
        hits.append(quoted)
    polarity_hit, note = _polarity_signal(reply_polarity, parent_polarity)
    if polarity_hit:
        hits.append(polarity_hit)
    return _decide(hits, "" if polarity_hit else note)


def _hints(own):
    """Weak disagree hints, each at most once: a negation, a contrast word, a question, the
    parent's author addressed."""
    hits = []
    for family, scan in (("negation", NEGATION), ("contrast", CONTRAST)):
        found = scan.search(own)
        if found:
            hits.append(Hit("disagree", HINT_WEIGHT, f"{family}, weak", quoted_words(own, *found)))
    end = _question_mark(own)
    if end >= 0:
        start = max(own.rfind(mark, 0, end) for mark in ".!?\n") + 1
        hits.append(Hit("disagree", HINT_WEIGHT, "question, weak", f'"{excerpt(own[start : end + 1], 40)}"'))
    address = _ADDRESS.search(own)
    if address:
        hits.append(Hit("disagree", HINT_WEIGHT, "addresses the author, weak", quoted_words(own, *address.span())))
    return hits


def _decide(hits, note):
    scores = {"agree": 0.0, "disagree": 0.0}
    for hit in hits:
        scores[hit.label] += hit.weight
    winner, loser = sorted(scores, key=scores.get, reverse=True)
    tail = f"; {note}" if note else ""
    if not hits:
        return "neutral", f"neutral: no stance cue{tail}"
    if scores[winner] < DECIDE_AT or scores[winner] - scores[loser] < MARGIN:
        return "neutral", f"neutral: {_summary(hits, 'agree')} vs {_summary(hits, 'disagree')}{tail}"
    return winner, f"{winner}: {_summary(hits, winner)}{tail}"


def _summary(hits, label, top=3):
    chosen = sorted((h for h in hits if h.label == label), key=lambda h: -h.weight)[:top]
    return "; ".join(h.describe() for h in chosen) if chosen else f"no {label} cue"


def _polarity_signal(reply, parent):
    """(Hit or None, note) from the two polarities."""
    if _missing(reply) or _missing(parent):
        return None, ""
    note = f"polarity reply {reply:+.2f} vs parent {parent:+.2f}"
    if reply * parent < 0 and min(abs(reply), abs(parent)) >= OPPOSITE_MIN and abs(reply - parent) >= OPPOSITE_GAP:
        return Hit("disagree", OPPOSITE_WEIGHT, note + " (opposite leans)"), note
    if reply * parent > 0 and min(abs(reply), abs(parent)) >= SAME_MIN:
        return Hit("agree", SAME_WEIGHT, note + " (same lean)"), note
    return None, note


def _question_mark(text):
    """Where the first question mark that ends a word is (not one inside a link), or -1."""
    at = text.find("?")
    while at >= 0:
        before = text[:at].rstrip(_CLOSERS)
        if before and before[-1].isalnum() and (at + 1 == len(text) or text[at + 1] in _CLOSERS + "?!"):
            return at
        at = text.find("?", at + 1)
    return -1
