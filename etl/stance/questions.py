"""Stance toward a question or claim, and `CueTargetStance`, the evaluation harness's "cues"
target engine (a question or claim, or a name judged as in `targets`).
"""

import re

from etl.stance.cues import CUE_END, SENTENCE_START, SENTENCES, WORD, compile_cues, cue_family, cue_hits, quoted_words
from etl.stance.targets import Contribution, target_in_text, verdict
from etl.text.stopwords import STOP_WORDS
from etl.topics.keywords import keyword_regex

# Stance toward a question or claim ("Befürworten Sie ein Verbot von …?"): favor = the comment
# supports what the question proposes. Answers open with their verdict (Ja / Nein), say it
# (dafür / dagegen, befürworte / lehne ab), judge the proposal (sinnvoll / unnötig), or defend
# the status quo (reicht, bestehende Regeln); cues in sentences that echo the question's own
# content words count more.

_ANSWER_CUES = [
    *cue_family("favor", "answer", 2.0, SENTENCE_START + r"ja\b(?!\s*,?\s*aber\b)"),
    *cue_family("favor", "answer", 1.0, SENTENCE_START + r"ja\b"),
    *cue_family(
        "against",
        "answer",
        2.0,
        SENTENCE_START + r"(?:ganz |klar |eindeutig )?nein\b",
        SENTENCE_START + r"(?:auf keinen fall|keinesfalls|sicher nicht|bestimmt nicht|niemals)\b",
    ),
    *cue_family(
        "favor",
        "answer",
        1.5,
        SENTENCE_START + r"(?:absolut|unbedingt|auf jeden fall|selbstverständlich|natürlich|klar|definitiv|"
        r"eindeutig|zwingend|dringend)" + CUE_END,
    ),
    *cue_family("favor", "support", 2.0, r"\bbin (?:ich )?(?:\w+ ){0,2}?dafür\b", negatable=True),
    *cue_family(
        "against",
        "opposition",
        2.0,
        r"\bbin (?:ich )?(?:\w+ ){0,2}?dagegen\b",
        r"\bspreche (?:ich )?mich (?:\w+ ){0,2}?dagegen aus\b",
        negatable=True,
    ),
    *cue_family(
        "favor",
        "support",
        1.2,
        r"\b(?:befürworte|befürwortet|befürworten|unterstütze|unterstützt|unterstützen|begrüsse|"
        r"begrüße|begrüsst|begrüßt|begrüssen|begrüßen|bejahe)\b(?! sie\b)",
        r"\bzu begrü(?:ss|ß)en\b|\bmacht (?:\w+ )?sinn\b",
        negatable=True,
    ),
    *cue_family("favor", "support", 1.0, r"\bbin (?:ich )?(?:\w+ ){0,3}?für\b", negatable=True),
    *cue_family("against", "opposition", 1.5, r"\bbin (?:ich )?(?:\w+ ){0,3}?gegen\b", negatable=True),
    *cue_family("against", "no, unless", 1.0, SENTENCE_START + r"kein\w* [^.!?]{0,80}?\bohne\b"),
    *cue_family(
        "against",
        "opposition",
        1.5,
        r"\blehne (?:ich |wir )?(?:\w+ ){0,6}?ab\b|\babzulehnen\b|\bablehnen\b|\bablehnung\b",
        negatable=True,
    ),
    *cue_family(
        "favor",
        "status quo falls short",
        1.0,
        r"\b(?:reicht|reichen|genügt|genügen) (?:\w+ ){0,2}?nicht\b|\bnicht (?:aus)?reichend\b|"
        r"\bzu wenig\b|\bungenügend\b|\bunzureichend\b",
    ),
    *cue_family(
        "against",
        "status quo suffices",
        1.0,
        r"\b(?:reicht|reichen|genügt|genügen|ausreichend|bewährt|funktioniert gut)\b",
        r"\b(?:kein|keine|keinen) (?:\w+ )?(?:bedarf|handlungsbedarf|notwendigkeit)\b|"
        r"\bbraucht es nicht\b|\bbraucht (?:es )?keine\w*\b|\bnicht (?:nötig|notwendig|nötig)\b",
    ),
    *cue_family(
        "against",
        "status quo suffices",
        0.5,
        r"\b(?:bestehende|bestehenden|heutige|heutigen|geltende|geltenden|jetzige|jetzigen|"
        r"bisherige|bisherigen|aktuelle|aktuellen)\b",
        r"\b(?:bereits|schon heute|heute schon|schon jetzt)\b",
    ),
    *cue_family(
        "favor",
        "judges the proposal",
        1.0,
        r"\b(?:sinnvoll|notwendig|nötig|überfällig|zeitgemäss|zeitgemäß|angebracht|angemessen|"
        r"vernünftig|gerechtfertigt|unerlässlich|unabdingbar|wünschenswert|richtig|zielführend|"
        r"begrüssenswert|begrüßenswert|sinnvoller|fair|gerecht)\b|\blängst fällig\b|"
        r"\bhöchste zeit\b|\bendlich\b",
        negatable=True,
    ),
    *cue_family(
        "against",
        "judges the proposal",
        1.0,
        r"\b(?:unnötig|überflüssig|unsinnig|kontraproduktiv|schädlich|fatal|unrealistisch|utopisch|"
        r"übertrieben|realitätsfremd|unverhältnismässig|unverhältnismäßig|ungerecht|unfair|falsch|"
        r"unsinn|zu teuer|zu radikal|zu extrem|zu weit|geht zu weit|zu starr|"
        r"bevormundung|gegenvorschlag|gegenentwurf)\b",
        negatable=True,
    ),
    *cue_family(
        "favor",
        "conditional yes",
        0.8,
        r"\bnur (?:wenn|unter|sofern|falls)\b|\bsofern\b|\bunter der (?:bedingung|voraussetzung)\b|"
        r"\bvorausgesetzt\b",
    ),
    *cue_family(
        "against",
        "not the state's task",
        1.0,
        r"\b(?:aufgabe|sache) (?:des|der) (?:staates|bundes|kantone|gemeinden|eltern|wirtschaft|"
        r"privaten|arbeitgeber|unternehmen|einzelnen|familien?|sozialpartner)\b",
    ),
    *cue_family("against", "question back", 0.5, r"[^.!?]{10,}\?"),
    *cue_family(
        "against",
        "proposes an alternative",
        0.6,
        r"\b(?:statt|anstatt|stattdessen|vielmehr|lieber|besser wäre|wichtiger wäre|wichtiger ist|"
        r"eher|zuerst|zunächst|vorher)\b",
    ),
    *cue_family("against", "warns of consequences", 0.4, r"\b(?:würde|würden|wäre|wären|hätte|hätten)\b"),
    # A comment in the voice of policy ("es braucht", "muss") proposes; negated it still
    # proposes something (measured: "soll nicht" leans favor as often as "soll").
    *cue_family("favor", "calls for it", 0.4, r"\b(?:es braucht|braucht es|muss|müssen|soll|sollte|sollten)\b"),
]
# Judging words say something about the proposal only where the sentence names its content.
_NEEDS_ECHO = frozenset({"judges the proposal", "negated judges the proposal"})
NO_ECHO_FACTOR = 0.3
_ANSWER_REGEX = compile_cues(_ANSWER_CUES)
# Words that frame a question rather than say what it proposes.
_QUESTION_FRAME = frozenset(
    """befürworten finden richtig initiative fordert anliegen sollen sollte
soll würden begrüssen begrüßen unterstützen schweiz schweizer bundes künftig zukunft stärker
grundsätzlich gemäss gemäß konzept einführung volksinitiative priorität""".split()
)
ECHO_BONUS = 1.5
# An answer to a question leans one way or the other: a smaller lean decides than for a name.
QUESTION_DECIDE_AT = 0.3


def _content_stems(question):
    words = (w.casefold() for w in WORD.findall(question))
    return {w[:6] for w in words if len(w) >= 5 and w not in STOP_WORDS and w not in _QUESTION_FRAME}


def _question_verdict(text, question):
    """(stance, score, evidence) of a comment toward a question or claim.

    Each cue counts once per comment, at its strongest: saying "muss" five times is one cue.
    """
    text = text if isinstance(text, str) else ""
    stems = _content_stems(question)
    strongest = {}
    for sentence_match in SENTENCES.finditer(text):
        sentence = sentence_match.group(0).strip()
        echoes = any(w.casefold()[:6] in stems for w in WORD.findall(sentence) if len(w) >= 5)
        for cue, label, family, match in cue_hits(_ANSWER_REGEX, _ANSWER_CUES, sentence):
            factor = ECHO_BONUS if echoes else NO_ECHO_FACTOR if family in _NEEDS_ECHO else 1.0
            weight = (1.0 if label == "favor" else -1.0) * cue.weight * factor
            key = (cue.pattern, label)
            if key not in strongest or abs(weight) > abs(strongest[key].weight):
                strongest[key] = Contribution(
                    weight, f"{quoted_words(sentence, *match.span(), 40)} ({family})", sentence
                )
    return verdict(list(strongest.values()), text, QUESTION_DECIDE_AT)


class CueTargetStance:
    """Comment → target stance. A target of several words or ending in "?" is a question or claim
    (answer cues over the whole comment); otherwise a name, found with the topics keyword rule,
    and judged from the sentences that mention it."""

    name = "cues"

    def predict(self, texts, targets):
        """favor / against / none for each (text, target) pair."""
        return [stance for stance, _, _ in self.explain(texts, targets)]

    def explain(self, texts, targets):
        """(stance, score, evidence) for each (text, target) pair."""
        return [self._one(text, target) for text, target in zip(texts, targets)]

    def _one(self, text, target):
        target = str(target).strip()
        if target.endswith("?") or len(target.split()) > 3:
            return _question_verdict(text, target)
        patterns = {target: [re.compile(keyword_regex(target))]}
        found = target_in_text(text if isinstance(text, str) else "", patterns)
        if target not in found:
            return "none", 0.0, "none: target not mentioned"
        sentences, contributions = found[target]
        return verdict(contributions, sentences[0])
