"""`needs_moderation`: does a comment need a moderator's eye? Rules over the word lists of
etl/signals/words.py: threats, dehumanising terms for groups, insults (weighted higher when aimed
at the person addressed: "du Idiot", "Sie sind ein Trottel", "@name … Depp"), abusive phrases,
vulgar words, SHOUTING and repeated punctuation.

Weights (combined as in etl/signals/rules.py; positive from 0.5): a threat, a dehumanising term,
an insult aimed at a person or an abusive phrase is enough alone; a bare insult word (0.4: "the
villain of the film is a Trottel" is not an attack on anyone here) needs a second rule, such as
shouting or a vulgar word.
"""

from etl.signals import words as w
from etl.signals.rules import Rule, RuleScorer, rule, words

_INSULT = words(*w.INSULT_NOUNS)
_INSULTING = words(*w.INSULT_NOUNS, *w.INSULT_ADJECTIVES)
_ADJECTIVE = r"(?:\w+(?:e|er|es|en|em)\s+)"  # "Sie elender Trottel", "du dummer Depp"
_FILLER = r"(?:(?:so|echt|wirklich|ja|doch|einfach|total|völlig|wohl|halt|eh|schon|nur|ein|eine|einer|der|die|"
_FILLER += r"das|größte[rn]?|riesiger?|unglaublich|komplett|absolut|auch|nicht nur)\s+)"

MODERATION_RULES: list[Rule] = [
    rule("threat", 0.9, words(*w.THREATS)),
    rule("dehumanising term", 0.7, words(*w.SLURS)),
    rule(
        "insult aimed at a person",
        0.7,
        rf"\b(?:du|sie|ihr)\s+{_ADJECTIVE}?{_INSULT}",
        rf"\b(?:du bist|sie sind|ihr seid|bist du|sind sie|seid ihr)\s+{_FILLER}{{0,4}}{_INSULTING}",
        rf"@[\w.\-]+[^.!?\n]{{0,80}}?{_INSULTING}",
        rf"(?:^|[.!?]\s+){_INSULT}\s*[!,]",
        supersedes="insult",
    ),
    rule("abusive phrase", 0.7, words(*w.ABUSE)),
    rule("insult", 0.4, _INSULT),
    rule("vulgar word", 0.25, words(*w.VULGAR)),
    # Four or more upper-case words in a row, one of them five letters or longer (so a row of
    # party acronyms, "ÖVP SPÖ FPÖ", is not shouting).
    rule(
        "shouting",
        0.3,
        r"\b(?=[A-ZÄÖÜ\s,;:.!?\-]*[A-ZÄÖÜß]{5})[A-ZÄÖÜ][A-ZÄÖÜß]+(?:[\s,;:.!?\-]+[A-ZÄÖÜ][A-ZÄÖÜß]+){3,}\b",
        case_sensitive=True,
    ),
    rule("repeated punctuation", 0.15, r"[!?]{3,}"),
]


class ModerationRules(RuleScorer):
    """`needs_moderation` from MODERATION_RULES."""

    def __init__(self):
        super().__init__(MODERATION_RULES)
