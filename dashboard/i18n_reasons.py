"""The ETL's reasons and evidence in the reader's language: the words that name why a comment was
flagged (`moderation_reasons`, `feedback_reasons`, `argument_reasons`, etl.signals.rules) or why a
reply got its stance (`stance_evidence`, etl.stance.replies) are English in the store; the quoted
comment words inside them stay as written.

Both are parsed whole against the ETL's formats; a string that does not parse, or names anything
the vocabulary does not know (another engine's or a model's reasons), is returned as it is.
`words` is a catalogue's {English: translation} (dashboard.i18n_de.REASONS); `number` writes an
English-formatted number ("+0.21") as the language does.
"""

import re

# A signal's reasons: `family: 'quote', 'quote'; family; …` (the quotes hold no "'").
_REASON = re.compile(r"(?P<family>[^;:']+?)(?P<quotes>: '[^']*'(?:, '[^']*')*)?(?P<end>; (?=\S)|\Z)")
# A reply's evidence without its label: hits and notes joined by "; ", the two sides by " vs ".
_SEPARATOR = re.compile(r"; | vs ")
_POLARITY = re.compile(r"polarity reply (?P<reply>\S+) vs parent (?P<parent>\S+)(?: \((?P<lean>[^()]+)\))?")
_NEGATED, _WEAK = "negated ", ", weak"  # around a cue family: "negated agreement", "negation, weak"


def reasons_text(text: str, words: dict[str, str]) -> str:
    """A signal's reasons with each family named in the catalogue's words."""
    parts, at = [], 0
    while at < len(text):
        match = _REASON.match(text, at)
        if not match or match.end() == at or match["family"] not in words:
            return text
        parts.append(words[match["family"]] + (match["quotes"] or "") + match["end"])
        at = match.end()
    return "".join(parts)


def evidence_text(text: str, words: dict[str, str], number) -> str:
    """A reply's stance evidence (after its label) with the cue families, notes and joins in the
    catalogue's words."""
    parts, at = [], 0
    while at < len(text):
        found = _item(text, at, words, number)
        if found is None:
            return text
        translated, at = found
        parts.append(translated)
        if at < len(text):
            separator = _SEPARATOR.match(text, at)
            if not separator:
                return text
            parts.append(words.get(separator[0], separator[0]))
            at = separator.end()
    return "".join(parts)


def _item(text, at, words, number):
    """(the item starting at `at` translated, where it ends), or None."""
    polarity = _POLARITY.match(text, at)
    if polarity:
        lean = polarity["lean"]
        if lean is not None and lean not in words:
            return None
        note = words["polarity reply {reply} vs parent {parent}"].format(
            reply=number(polarity["reply"]), parent=number(polarity["parent"])
        )
        return note + (f" ({words[lean]})" if lean else ""), polarity.end()
    for plain in ("no stance cue", "no agree cue", "no disagree cue"):
        if text.startswith(plain, at):
            return words[plain], at + len(plain)
    if text.startswith('"', at):
        # The quoted words run to the first '" (' followed by a known family and the item's end:
        # the quote itself may hold quotation marks and brackets.
        close = text.find('" (', at + 1)
        while close >= 0:
            end = text.find(")", close + 3)
            while end >= 0:
                family = _family(text[close + 3 : end], words)
                if family is not None and (end + 1 == len(text) or _SEPARATOR.match(text, end + 1)):
                    return f"{text[at : close + 1]} ({family})", end + 1
                end = text.find(")", end + 1)
            close = text.find('" (', close + 1)
    return None


def _family(name, words):
    """A cue family in the catalogue's words ("negation, weak" -> "Verneinung, schwach"), or None."""
    negated, weak = name.startswith(_NEGATED), name.endswith(_WEAK)
    core = name[len(_NEGATED) if negated else 0 : len(name) - len(_WEAK) if weak else len(name)]
    if core not in words:
        return None
    found = words[core]
    if weak:
        found = words["{family}, weak"].format(family=found)
    if negated:
        found = words["negated {family}"].format(family=found)
    return found
