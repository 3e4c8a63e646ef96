"""`argument`: does a comment make a claim with a reason? Reasons ("weil", ", da", "denn"),
conclusions ("deshalb", "daher", "aus diesem Grund"), examples ("zum Beispiel"), evidence ("laut",
"Studie", a link), numbers with units ("3 Prozent", "200 Euro"), concessions and contrasts, and
length (an argument takes words).

Weights (combined as in etl/signals/rules.py; positive from 0.5): a reason or a conclusion is enough
alone (a claim with a reason); evidence, examples, numbers, contrasts, conditions and length
support, two or three of them together are enough.
"""

from etl.signals.rules import Rule, RuleScorer, rule, words

_SENTENCE_START = r"(?:^|(?<=[.!?:]\s)|(?<=\n))"
_UNIT = (
    r"(?:%|prozent|prozentpunkte|promille|euro|eur|€|\$|dollar|mio\.?|millionen|milliarden|mrd\.?|tausend|km|"
    r"kilometer|km/h|kg|tonnen|jahre|jahren|jahr|monate|monaten|stunden|tage|tagen|menschen|leute|personen|"
    r"einwohner|mal|cent|grad|meter|quadratmeter|m²|stimmen|mandate)"
)

ARGUMENT_RULES: list[Rule] = [
    rule(
        "reason",
        0.5,
        words(r"weil|nämlich|zumal|aufgrund|auf grund|dadurch dass|der grund (?:ist|dafür|liegt)|grund dafür"),
        r"(?:(?<=,)|(?<=,\s))da\b",
        _SENTENCE_START + r"da (?:die|der|das|es|sie|er|wir|man|ich|ja|diese|dieser|dieses)\b",
        r"(?:^|(?<=[,.!?:]\s)|(?<=[,\n]))denn\b",
    ),
    rule(
        "conclusion",
        0.5,
        words(
            r"deshalb|daher|deswegen|darum|folglich|somit|demnach|infolgedessen|aus diesem grund|sodass|so dass",
            r"daraus folgt|das heißt|das bedeutet|was bedeutet|heißt also|ergo",
        ),
    ),
    rule("example", 0.3, words(r"zum beispiel|beispielsweise|ein beispiel|als beispiel|siehe"), r"\bz\.\s?b\."),
    rule(
        "evidence",
        0.3,
        words(
            r"laut|studie\w*|statistik\w*|umfrage\w*|untersuchung\w*|nachweislich|belegt|erwiesen|wissenschaft\w*",
            r"experte\w*|expertin\w*|daten|zahlen|fakten|fakt|quelle:",
        ),
        r"https?://\S+|\bwww\.\S+",
    ),
    rule("number with a unit", 0.3, rf"\b\d[\d.,]*\s?{_UNIT}(?!\w)"),
    rule(
        "contrast or concession",
        0.2,
        words(r"allerdings|jedoch|andererseits|einerseits|zwar|trotzdem|dennoch|hingegen|im gegensatz|obwohl"),
    ),
    rule("condition", 0.2, r"\bwenn\b[^.!?]{3,80}?\bdann\b", words(r"falls|sofern|vorausgesetzt")),
    rule("long text (60 words or more)", 0.25, r"\A(?:\S+\s+){59}\S", quote=False),
]


class ArgumentRules(RuleScorer):
    """`argument` from ARGUMENT_RULES."""

    def __init__(self):
        super().__init__(ARGUMENT_RULES)
