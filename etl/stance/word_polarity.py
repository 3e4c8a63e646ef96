"""Word polarity for target stance: the German polarity lexicon bundled with textblob-de
(Klenner et al.) plus our own additions, looked up with simple lemma endings.
"""

import functools
import importlib.util
import re
from pathlib import Path

# Our own additions to the bundled lexicon: what news comments say about countries, companies and
# claims (the bundled lexicon lacks "Diktatur", "Rechtsstaat", ...). Capitalised = noun.
_OWN_POLARITY = {
    "Diktatur": -1.0,
    "Diktator": -1.0,
    "Regime": -0.7,
    "Unterdrückung": -1.0,
    "Zensur": -1.0,
    "Propaganda": -0.8,
    "Überwachungsstaat": -1.0,
    "Menschenrechtsverletzung": -1.0,
    "Korruption": -1.0,
    "Ausbeutung": -1.0,
    "Abzocke": -1.0,
    "Datenkrake": -1.0,
    "Bedrohung": -0.8,
    "Gefahr": -0.7,
    "Risiko": -0.5,
    "Skandal": -1.0,
    "Lüge": -1.0,
    "Lügen": -1.0,
    "Willkür": -1.0,
    "Unrechtsstaat": -1.0,
    "Spionage": -0.8,
    "Erpressung": -1.0,
    "Desaster": -1.0,
    "Demokratie": 0.8,
    "Rechtsstaat": 0.8,
    "Freiheit": 0.8,
    "Menschenrechte": 0.5,
    "Vorbild": 1.0,
    "Innovation": 0.6,
    "Chance": 0.6,
    "Fortschritt": 0.7,
    "Partner": 0.3,
    "unterdrücken": -1.0,
    "unterdrückt": -1.0,
    "diktatorisch": -1.0,
    "autoritär": -0.8,
    "korrupt": -1.0,
    "verlogen": -1.0,
    "gefährlich": -0.8,
    "skrupellos": -1.0,
    "rücksichtslos": -0.8,
    "demokratisch": 0.6,
    "rechtsstaatlich": 0.6,
    "innovativ": 0.6,
    "zuverlässig": 0.8,
    "vertrauenswürdig": 0.8,
    "besser": 0.5,
    "schlechter": -0.5,
    "sinnvoll": 1.0,
    "unnötig": -0.8,
    "boykottieren": -1.0,
    "sanktionieren": -0.8,
    "misstrauen": -0.8,
    "bewundern": 0.8,
    "profitieren": 0.3,
    "schwächeln": -0.5,
    "rückläufig": -0.5,
    # Lexicon entries that mislead in comments ("rein mathematisch", "Reich der Mitte"): removed.
    "rein": 0.0,
    "entbrennen": 0.0,
    "reich": 0.0,
    "Reich": 0.0,
    "gerade": 0.0,
    "ziemlich": 0.0,
    "vergessen": 0.0,
    "ganz": 0.0,
    "echt": 0.0,
    "wirklich": 0.0,
}
_LEMMA_ENDINGS = ("ern", "en", "er", "es", "em", "st", "e", "n", "s", "t")


@functools.cache
def polarity_lexicon():
    """(nouns, other words): casefolded word → polarity in [-1, 1], from the German polarity
    lexicon bundled with textblob-de (Klenner et al.) plus our own additions; built once."""
    # find_spec locates the package without importing it (its import loads models: ~2 s).
    spec = importlib.util.find_spec("textblob_de")
    try:
        xml = (Path(spec.origin).parent / "data" / "de-sentiment.xml").read_text("utf-8")
    except (AttributeError, TypeError, OSError):
        xml = ""  # textblob-de missing: our own words still score
    nouns, others = {}, {}
    for form, value, pos in re.findall(r'form="([^"]+)"[^>]*?polarity="([^"]+)" pos="(\w+)"', xml):
        if float(value):
            (nouns if pos == "NN" else others)[form.casefold()] = float(value)
    for word, value in _OWN_POLARITY.items():
        table = nouns if word[0].isupper() else others
        table[word.casefold()] = value
        if not value:
            del table[word.casefold()]
    return nouns, others


def polarity_of_word(token, sentence_initial):
    """(polarity, lexicon form) of one token, or None. Capitalised mid-sentence = noun."""
    nouns, others = polarity_lexicon()
    if token[0].isupper():
        tables = (nouns, others) if sentence_initial or token.isupper() else (nouns,)
    else:
        tables = (others,)
    word = token.casefold()
    for table in tables:
        if word in table:
            return table[word], word
    for table in tables:
        for ending in _LEMMA_ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 4:
                for form in (stem, stem + "en", stem + "n"):
                    if form in table:
                        return table[form], form
    return None
