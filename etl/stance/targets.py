"""Stance toward a named target (a country, a company, a person): favor / against / none from
the sentences that mention it, scored by polarity words and stance cues near the mention.

`target_stance(comments, targets)` is the stage.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from etl import schema
from etl.stance.cues import NEGATOR, SENTENCES, compile_cues, cue_family, cue_hits, excerpt, quoted_words
from etl.stance.word_polarity import polarity_of_word
from etl.text.stopwords import STOP_WORDS
from etl.topics.keywords import Matcher

TARGET_STANCES = schema.TARGET_STANCES
# |score| at or above this decides favor / against; below it the comment mentions the target
# without a clear lean ("none").
TARGET_DECIDE_AT = 0.5

# Stance phrases toward an entity, scored where they stand like polarity words.
_ENTITY_CUES = [
    *cue_family(
        "favor",
        "support",
        1.0,
        r"\b(?:ich )?(?:unterstütze|befürworte|vertraue|bewundere|respektiere|mag|liebe)\b",
        r"\bbin (?:ich )?(?:\w+ )?(?:für|dafür)\b",
        r"\bweiter so\b",
        r"\bzu recht\b",
        negatable=True,
    ),
    *cue_family(
        "against",
        "opposition",
        1.0,
        r"\b(?:boykott\w*|sanktion\w*|misstraue|hasse)\b",
        r"\b(?:muss|müssen|sollte|sollten|gehört|gehören) (?:\w+ ){0,4}?(?:verboten|gesperrt|"
        r"sanktioniert|bestraft|zerschlagen|enteignet|boykottiert|ausgeschlossen)\b",
        r"\blehne (?:ich )?(?:\w+ ){0,5}?ab\b",
        r"\bbin (?:ich )?(?:\w+ )?(?:gegen|dagegen)\b",
        r"\bzu unrecht\b",
        negatable=True,
    ),
    *cue_family("against", "opposition", 1.0, r"\bnie wieder\b"),
]
_ENTITY_REGEX = compile_cues(_ENTITY_CUES)
_TOKEN = re.compile(r"\w+(?:-\w+)*|[,;:–]")
_CLAUSE_BREAKS = frozenset(",;:–") | {
    "und",
    "aber",
    "sondern",
    "doch",
    "während",
    "wohingegen",
    "jedoch",
    "denn",
    "weil",
    "obwohl",
}
_NEGATORS = frozenset(NEGATOR[3:-1].split("|"))


@dataclass(frozen=True)
class Contribution:
    weight: float
    text: str
    sentence: str


def _sentence_contributions(sentence, mentions):
    """{target: [Contribution]} for one sentence; `mentions` maps target → [char offsets].

    Each polarity word or stance cue goes to the nearest mention in its own clause, else the
    nearest in an earlier clause (relative clauses look back), else the nearest later one.
    """
    tokens = list(_TOKEN.finditer(sentence))
    clause, clauses = 0, []
    for token in tokens:
        clause += token.group(0).casefold() in _CLAUSE_BREAKS
        clauses.append(clause)
    index_of = {t.start(): i for i, t in enumerate(tokens)}
    at = {target: [_token_at(tokens, index_of, offset) for offset in offsets] for target, offsets in mentions.items()}
    mentioned = {i for positions in at.values() for i in positions}
    found = {target: [] for target in mentions}

    def assign(i, weight, text):
        def rank(target_position):
            position = target_position[1]
            step = clauses[i] - clauses[position]
            return (0 if step == 0 else 1 if step > 0 else 2, abs(i - position))

        target = min(((t, p) for t, ps in at.items() for p in ps), key=rank)[0]
        found[target].append(Contribution(weight, text, sentence))

    for i, token in enumerate(tokens):
        word = token.group(0)
        if i in mentioned or not word[0].isalpha() or word.casefold() in STOP_WORDS:
            continue
        scored = polarity_of_word(word, i == 0)
        if scored:
            value = -scored[0] if _token_negated(tokens, clauses, i) else scored[0]
            assign(i, value, '"' + ("nicht " if value != scored[0] else "") + word + '"')
    for cue, label, _, match in cue_hits(_ENTITY_REGEX, _ENTITY_CUES, sentence):
        i = _token_at(tokens, index_of, match.start())
        assign(i, cue.weight if label == "favor" else -cue.weight, quoted_words(sentence, *match.span(), 40))
    return found


def _token_at(tokens, index_of, offset):
    if offset in index_of:
        return index_of[offset]
    return max((i for i, t in enumerate(tokens) if t.start() <= offset), default=0)


def _token_negated(tokens, clauses, i):
    """A negator up to three words before, or right after ("gefällt mir nicht"), same clause."""
    for j in (*range(max(0, i - 3), i), *range(i + 1, min(len(tokens), i + 3))):
        word = tokens[j].group(0).casefold()
        if clauses[j] == clauses[i] and word in _NEGATORS:
            follower = tokens[j + 1].group(0).casefold() if j + 1 < len(tokens) else ""
            if follower != "nur":
                return True
    return False


def verdict(
    contributions: Sequence[Contribution], sentence: str, decide_at: float = TARGET_DECIDE_AT
) -> tuple[str, float, str]:
    """(stance, score, evidence) from one target's contributions; `sentence` is shown when no
    word spoke, else the sentence of the strongest word on the winning side."""
    score = round(sum(c.weight for c in contributions), 3)
    stance = "favor" if score >= decide_at else "against" if score <= -decide_at else "none"
    side = [c for c in contributions if (c.weight > 0) == (score > 0)] if stance != "none" else contributions
    shown = sorted(side, key=lambda c: -abs(c.weight))[:3]
    words = ", ".join(f"{c.text} {c.weight:+.1f}" for c in shown) or "no stance words"
    where = shown[0].sentence if shown else sentence
    return stance, score, f"{stance}: {words} in „{excerpt(where, 80)}“"


def target_in_text(
    text: str, patterns: dict[str, list[re.Pattern[str]]]
) -> dict[str, tuple[list[str], list[Contribution]]]:
    """{target: (sentences mentioning it, contributions)} for one text."""
    results = {}
    for match in SENTENCES.finditer(text):
        sentence = match.group(0).strip()
        mentions = {}
        for target, pattern_list in patterns.items():
            offsets = [m.start() for p in pattern_list for m in p.finditer(sentence)]
            if offsets:
                mentions[target] = sorted(offsets)
        if not mentions:
            continue
        for target, found in _sentence_contributions(sentence, mentions).items():
            sentences, contributions = results.setdefault(target, ([], []))
            sentences.append(sentence)
            contributions.extend(found)
    return results


def target_stance(
    comments: pd.DataFrame, targets: dict[str, list[re.Pattern[str]]], mentions: list | None = None
) -> pd.DataFrame:
    """One row per (comment, target it mentions): stance favor / against / none, score, evidence.

    Needs comments[comment_id, text] (article_id kept when present); `targets` maps a target name
    to compiled patterns, as `etl.topics.load_targets` returns. Columns: `TARGET_STANCES`.
    Evidence names the deciding words and the first sentence that mentions the target.
    `mentions`: `etl.topics.Mentions(...).targets` of the comments' texts, when the caller has
    them (the same rows, without looking the words up again).
    """
    rows = []
    articles = comments["article_id"] if "article_id" in comments else pd.Series(pd.NA, index=comments.index)
    # Only the targets whose patterns can match somewhere in a text are looked for in its
    # sentences (the others cannot match in a sentence either): same result, far fewer scans.
    matcher, names = Matcher(targets), list(targets)
    given = zip(comments["comment_id"].tolist(), articles.tolist(), comments["text"].tolist())
    for row, (comment_id, article_id, text) in enumerate(given):
        if not isinstance(text, str) or not text:
            continue
        possible = matcher.may_mention(text) if mentions is None else mentions[row]
        if possible is not None:
            if not possible:
                continue
            patterns = {names[i]: targets[names[i]] for i in sorted(possible)}
        else:
            patterns = targets
        for target, (sentences, contributions) in target_in_text(text, patterns).items():
            stance, score, evidence = verdict(contributions, sentences[0])
            rows.append((comment_id, article_id, target, stance, score, evidence))
    frame = pd.DataFrame(rows, columns=list(TARGET_STANCES))
    return frame.astype(TARGET_STANCES)
