"""`feedback`: is a reader addressing the newsroom? Corrections (typos, wrong figures, errors in
the article), the newsroom or the author addressed ("liebe Redaktion", "Frau Redakteurin"),
requests of the newsroom ("derStandard sollte …"), questions for the source, remarks on the
journalism or the moderation.

Weights (combined as in etl/signals/rules.py; positive from 0.5): addressing the newsroom, an error
report or a request of the newsroom is enough alone; a question for the source, a remark on the
journalism or the moderation, or a mention of the article needs another.
"""

from etl.signals.rules import Rule, RuleScorer, rule, words

_NEWSROOM = (
    r"(?:redaktion|standard-redaktion|derstandard(?:\.at)?|standard|redakteur\w*|autor\w*|journalist\w*|"
    r"moderat\w*|mods?|forumsmoderation|community-team|standard-team|foren-team|forumsteam)"
)
_ARTICLE = r"(?:artikel|text|bericht|beitrag|titel|überschrift|headline|grafik|tabelle|infografik|bildtext|"
_ARTICLE += r"bildunterschrift|teaser|video|interview|kommentar)"
_FIGURE = r"(?:zahl|zahlen|angabe|angaben|grafik|überschrift|ziffer|rechnung|prozentangabe|daten|jahreszahl|datum)"

FEEDBACK_RULES: list[Rule] = [
    rule(
        "addresses the newsroom",
        0.8,
        words(
            rf"(?:liebe|lieber|liebes|werte|werter|wertes|sehr geehrte|sehr geehrter|geschätzte|geschätzter|hallo)"
            rf" (?:\w+ )?{_NEWSROOM}",
            r"(?:frau|herr) (?:redakteur\w*|autor\w*|journalist\w*|moderator\w*)",
            r"an die (?:redaktion|autorin|autor|moderation|mods)",
        ),
        rf"@{_NEWSROOM}\b",
    ),
    # "Lieber Herr Seidl", "Herr Rauscher, …": in a newsroom's forum, mostly the author of a column.
    rule(
        "addresses the author",
        0.6,
        words(r"(?:liebe|lieber|werte|werter|sehr geehrte|sehr geehrter|geschätzte|geschätzter) (?:frau|herr) \w+"),
        r"(?:^|(?<=\n))\s*(?:frau|herr) \w+\s*(?:,|!|\.\.\.|…)",
    ),
    rule(
        "error report",
        0.7,
        words(
            r"tipp-?fehler\w*|rechtschreib\w*|schreibfehler\w*|druckfehler\w*|grammatikfehler\w*|beistrichfehler\w*",
            rf"fehler (?:im|in der|in dem|in ihrem|in eurem) {_ARTICLE}",
            rf"(?:im|in dem|in ihrem|in eurem) {_ARTICLE} (?:steht|heißt es|ist|wird) (?:\w+ ){{0,4}}?"
            r"(?:falsch|fehlerhaft|nicht richtig|nicht korrekt)",
            rf"(?:die|diese|eure|ihre|der|das) {_FIGURE} (?:\w+ )?(?:stimmt|stimmen|ist|sind) (?:\w+ )?"
            r"(?:nicht|falsch)",
            r"(?:sollte|müsste|muss) (?:wohl |doch |eigentlich |natürlich )?(?:\w+ ){0,2}?(?:heißen|lauten)",
            r"bitte (?:um )?korrigier\w*|bitte um korrektur|korrigieren sie|sic!?|verschrieben",
        ),
    ),
    rule(
        "request of the newsroom",
        0.6,
        words(
            r"(?:der ?standard|die redaktion|der autor|die autorin|der artikel|der journalist|die journalistin|"
            r"die moderation|die mods|ihr) (?:\w+ )?(?:sollte|sollten|solltet|könnte|könntet|müsste|müsstet|möge)",
            r"wie wäre es mit (?:einem|einer) (?:artikel|bericht|recherche|reportage)",
            r"bitte (?:mehr|weniger) (?:artikel|berichte|berichterstattung|hintergrund\w*)",
            r"bitte (?:\w+ )?(?:recherchieren|korrigieren|nachbessern|richtigstellen|nachreichen|ausbessern)",
        ),
    ),
    rule(
        "asks for the source",
        0.4,
        r"\b(?:quelle|quellen|quellenangabe|link|beleg)\s*\?",
        words(
            rf"(?:woher|wo) (?:stammt|stammen|kommt|kommen|ist|sind|gibt es) (?:\w+ )?(?:die|diese|eure|ihre) "
            rf"{_FIGURE}",
            r"(?:link|quelle|quellenangabe) (?:zur|zu der|zum) (?:studie|umfrage|bericht)",
        ),
    ),
    rule(
        "remark on the journalism",
        0.4,
        words(
            r"schlecht recherchiert|recherchier\w*|recherche\w*|journalismus|journalistisch\w*|berichterstattung",
            r"clickbait|reißerisch\w*|tendenziös\w*|qualitätsjournalismus|qualitätsmedium",
            rf"(?:der|dieser|ihr|euer) {_ARTICLE} (?:ist|war) (?:\w+ ){{0,2}}?(?:schlecht|einseitig|tendenziös|"
            r"reißerisch|oberflächlich|unvollständig|ungenau|irreführend|peinlich|gut|toll|super|informativ)",
        ),
    ),
    rule(
        "remark on the moderation",
        0.4,
        words(
            r"zensur\w*|zensier\w*|gelöscht|löscht|moderation|moderator\w*|forenregeln|forumsregeln|netiquette",
            r"community-richtlinien|posting-richtlinien|wieder online|freigeschaltet",
        ),
    ),
    rule(
        "remark on the site",
        0.4,
        words(
            r"registrier\w*|newsletter|paywall|abo|app|rss|user-?name|nickname|nick|login|einloggen|forum\w*",
            r"(?:posts?|postings?|beiträge) (?:\w+ ){0,2}?(?:nicht durch|verschwinden|verschwunden)",
        ),
    ),
    rule(
        "mentions the article or the newsroom",
        0.25,
        words(r"artikel\w*|derstandard|der standard|redaktion\w*|autor\w*"),
    ),
]


class FeedbackRules(RuleScorer):
    """`feedback` from FEEDBACK_RULES."""

    def __init__(self):
        super().__init__(FEEDBACK_RULES)
