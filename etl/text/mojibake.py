"""Mojibake: UTF-8 text that was read as cp1252 once or twice ("fÃ¼r" → "für", "â€ž" → "„"),
repaired where the repair is certain."""

import re

# Bytes 0x80-0xBF as cp1252 shows them; the five it leaves undefined come through as latin-1.
_CP1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0x100)}
_TO_BYTE = {char: bytes([b]) for b, char in _CP1252.items()}
_CONTINUATION = "".join(re.escape(_CP1252[b]) for b in range(0x80, 0xC0))
# Mojibake is a UTF-8 lead byte shown as cp1252 followed by its continuation bytes. Leads are
# limited to what real European text produces (Â Ã: Latin-1, Ä Å: Latin Extended-A, Æ Ë: cp1252
# letters once more wrongly encoded, â: punctuation „“”–…€, ï: the BOM, ð: emoji), so "ß“" or
# "é…" in real text are never touched.
_MOJIBAKE = re.compile(f"[ÂÃÄÅÆË][{_CONTINUATION}]|[âï][{_CONTINUATION}]{{2}}|ð[{_CONTINUATION}]{{3}}")
_MAX_PASSES = 3  # text encoded wrongly twice needs two passes; a third is for safety
# The first characters of every _MOJIBAKE match: most texts hold none of them, and `in` is much
# cheaper than the regex.
_LEADS = "ÂÃÄÅÆËâïð"
# Places a lead character is tried at before the regex searches the text instead (see `_holds`).
_MOST_TRIES = 10_000


def repair_mojibake(text):
    """`text` with UTF-8-read-as-cp1252 sequences repaired ("fÃ¼r" → "für"); else unchanged.

    A sequence is only replaced when its cp1252 bytes are valid UTF-8, so real text such as
    "Grüße" or "„Spaß…“" never changes. Missing values pass through.
    """
    if not isinstance(text, str) or text.isascii() or not any(c in text for c in _LEADS):
        return text
    return repair(text)[0]


def repair(text):
    """(text, number of sequences repaired), pass after pass while that removes mojibake."""
    total = 0
    for _ in range(_MAX_PASSES):
        count = 0

        def fix(match):
            nonlocal count
            try:
                fixed = b"".join(_TO_BYTE[char] for char in match.group()).decode("utf-8")
            except UnicodeDecodeError:
                return match.group()
            count += 1
            return fixed

        if not _holds(text):
            break
        repaired = _MOJIBAKE.sub(fix, text)
        # Only keep a pass that leaves fewer mojibake sequences than it found.
        if not count or len(_MOJIBAKE.findall(repaired)) >= len(_MOJIBAKE.findall(text)):
            break
        text, total = repaired, total + count
    return text, total


def _holds(text):
    """Whether `text` holds a _MOJIBAKE sequence: `_MOJIBAKE.search(text) is not None`, found by
    trying the pattern only where str.find finds a lead character. A file is read in pieces of
    8 MB, and a regex search over one takes 150 ms (German text has "Ä" everywhere, so the
    pieces all get here); the finds take about 1 ms. A text with very many lead characters gets
    the regex search after all."""
    tried = 0
    for lead in _LEADS:
        at = text.find(lead)
        while at >= 0:
            if _MOJIBAKE.match(text, at):
                return True
            tried += 1
            if tried > _MOST_TRIES:
                return _MOJIBAKE.search(text) is not None
            at = text.find(lead, at + 1)
    return False
