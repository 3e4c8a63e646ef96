"""The German word lists of the moderation rules: insults, dehumanising terms for groups, threats,
vulgar words and abusive phrases. Data, written for Diskurs (docs/data-dictionary.md,
`needs_moderation`); read by etl/signals/moderation.py.

Kept modest: common words a moderator of a German-language newsroom forum sees (Austrian forms
too, the derStandard corpus is Austrian), each with its inflections as a pattern. A word list is
not a model: what it misses is measured (docs/quality.md, "Moderation, feedback and arguments").
Patterns are matched case-insensitively, as whole words.
"""

# Intensifying prefixes of insults: "Vollidiot", "Volltrottel", "Riesendepp", "Oberarschloch".
_PREFIX = r"(?:voll|riesen|total|mega|erz|ober|stink|ur|super)?-?"

# Insults for a person: nouns, with their plural and feminine forms.
INSULT_NOUNS = (
    _PREFIX + r"idiot(?:in|innen|en)?",
    _PREFIX + r"trott(?:e)?l(?:n|in|innen)?|trottel\w+",  # and compounds: "Trottelpartei"
    _PREFIX + r"depp(?:en|in|innen|erte[nrs]?)?|deppen\w+",
    _PREFIX + r"(?:arschl(?:och|öcher|ochs|öchern)|oaschl(?:och|öcher)|arschgeige\w*)",
    r"dreck(?:s|s-)(?:kerl|sau|säue|schwein|stück|fotze|hure|bande|gesindel|pack|\w*(?:typ|typen|kerl|kerle))\w*",
    r"(?:mist|scheiß|schweine)(?:kerl|kerle|typ|typen|stück)",
    r"(?:dumm|schwach|hohl|holz|blöd)k(?:opf|öpfe|öpfen)",
    r"(?:dumm|blöd)(?:mann|männer|sack|säcke|birne|birnen)",
    r"vollpfosten|vollhonk\w*|honks?|hirnis?|dumpfbacke\w*|dödel\w*",
    r"wichser\w*|hurens(?:ohn|öhne|öhnen)|missgeburt(?:en)?|bastard(?:e|en)?",
    r"schweine?hund(?:e|en)?|saubande|sauhund\w*|drecksau|lackaffe[nr]?",
    r"wappler\w*|gfrast(?:er)?|dolm(?:e|en)?|dodl(?:n)?|beidl(?:n)?|volltrottl",
    r"versager(?:in|innen|n)?|primitivling(?:e|en)?|spinner(?:in|innen)?|widerling(?:e|en)?",
)

# Insulting adjectives: an insult only when a person is addressed with them ("du bist dumm").
INSULT_ADJECTIVES = (
    r"(?:stroh|strunz|sau|ur|oasch)?(?:dumm|blöd|deppert|deppat|dämlich|bled)(?:e[mnrs]?)?",
    r"bescheuert(?:e[mnrs]?)?|hirnlos(?:e[mnrs]?)?|hirnverbrannt(?:e[mnrs]?)?|idiotisch(?:e[mnrs]?)?",
    r"verblödet(?:e[mnrs]?)?|geisteskrank(?:e[mnrs]?)?|debil(?:e[mnrs]?)?|unterbelichtet(?:e[mnrs]?)?",
    r"geistig minderbemittelt(?:e[mnrs]?)?|behindert(?:e[mnrs]?)?",
)

# Dehumanising terms and slurs for groups of people.
SLURS = (
    r"untermensch(?:en)?|ungeziefer|abschaum|gesindel|gsindl|gsindel|parasit(?:en)?",
    r"(?:sozial|asyl)?schmarotzer(?:n|in|innen)?|volksverräter\w*|volksschädling\w*",
    r"kana(?:c)?ke(?:n)?|neger(?:n|in|innen)?|zigeuner(?:n|in|innen)?|schlitzaug\w*|kameltreiber\w*",
    r"ziegenf[iü]cker\w*|musels?|tschusch(?:en)?|kümmeltürke\w*|bimbo(?:s)?|schwuchtel(?:n)?",
    # "Pack" and animal words for people only with a demonstrative or a curse before them.
    r"(?:dieses|das|so ein|solches|linke|linkes|rechte|rechtes|scheiß|scheiss) pack",
    r"(?:diese|dieses|solche|solches) (?:tiere|barbaren|wilden|viecher|ratten|kakerlaken|primitivlinge)",
)

# Threats and calls for violence against people.
THREATS = (
    r"ich (?:bring|bringe|bring') (?:dich|euch|sie|ihn) (?:\w+ ){0,2}?um",
    r"(?:gehört|gehören|gehörte|gehörten|sollte man|sollten man|müsste man|muss man|soll man) "
    r"(?:\w+ ){0,4}?(?:erschossen|erschießen|aufgehängt|aufhängen|aufknüpfen|aufgeknüpft|vergast|"
    r"vergasen|erschlagen|erschlagen|umgebracht|umbringen|abgeknallt|abknallen|gelyncht|lynchen|"
    r"an die wand gestellt|an die wand stellen|totgeschlagen|totschlagen|hingerichtet|hinrichten)",
    r"(?:aufhängen|aufknüpfen|abknallen|vergasen|an die wand stellen|lynchen)",
    r"ins gas|kugel in (?:den|deinen|ihren|seinen) kopf|genickschuss|an den nächsten (?:baum|laternenmast)",
    r"(?:ich|wir) (?:schlag|schlage|schlagen|prügel|prügle|prügeln) (?:dich|euch|ihn) (?:\w+ ){0,2}?"
    r"(?:tot|zusammen|krankenhaus|spital)",
    r"(?:ich weiß|wir wissen), wo (?:du wohnst|sie wohnen|dein haus)",
)

# Vulgar words: coarse, not aimed at anyone by themselves.
VULGAR = (
    r"schei(?:ß|ss)(?:e|dreck|egal)?|schei(?:ß|ss)\w+|schas|kacke|pisse|fick\w*|fotze\w*|verfickt\w*",
    r"arsch|hure(?:n)?|nutte(?:n)?",
)

# Abusive phrases: always aimed at the person addressed.
ABUSE = (
    r"halt (?:die|deine|ihre|eure) (?:fresse|klappe|goschn|goschen|gosch'n|pappn|schnauze|maul)",
    r"halt(?:'s|s)? maul|verpiss (?:dich|euch)|leck (?:mich|mi) (?:\w+ )?(?:am arsch|oasch)?",
    r"fick (?:dich|euch)|geh(?:'| )?scheißen|schleich (?:di|dich)\b|geh sterben|stirb",
)
