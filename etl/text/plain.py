"""Plain text as bytes: the words (and sentence ends) a regex would find, found with bytes methods.

`plain_words(text)` gives the `\\w+` words of a text as UTF-8 bytes, or None when the text is not
plain; `plain_lower(text)` does the same for the lower-cased text and keeps its bytes. Used where a
regex pass per text costs too much: copy detection (`etl.text.copies`), quote-and-rebut in stance
(`etl.stance.quote_rebut`) and keyword matching (`etl.topics.keywords`).
"""

# The fast path. A regex pass over a paragraph costs microseconds, bytes methods a fraction of
# that: a "plain" text is lower-cased, encoded as UTF-8, and its non-word characters mapped to
# spaces with bytes.translate, so that split() gives exactly the words `\w+` finds.
# Plain means: every non-ASCII character is a word character or punctuation listed below (which
# is replaced first: by "-", or "." for "…", so that sentence ends and whitespace stay what they
# were), and neither "Σ" (whose lower case depends on the next letter) nor "İ" (two characters
# in lower case) occurs. Python's str.lower then works letter by letter, keeps offsets and keeps
# which characters are word characters (tests/etl/text/test_quotes.py checks all of Unicode), so the
# words of a sentence are those of the lower-cased text at the same place.
_PUNCTUATION = {c.encode(): b"." if c == "…" else b"-" for c in "„“”‚‘’–—…«»"}
_E2_PUNCTUATION = [(k, v) for k, v in _PUNCTUATION.items() if k[0] == 0xE2]  # U+2000..U+2FFF
_C2_PUNCTUATION = [(k, v) for k, v in _PUNCTUATION.items() if k[0] == 0xC2]  # « »
_ASCII_WORD = frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII = bytes(range(128))
_TO_WORDS = bytes(b if b >= 128 or b in _ASCII_WORD else 32 for b in range(256))
# Sentence ends as _SENTENCE has them ("…" is "." here) → \x00, other non-word bytes → space.
TO_SENTENCES = bytes(0 if b in b".!?\n" else b if b >= 128 or b in _ASCII_WORD else 32 for b in range(256))
TO_WORDS_KEEP_0 = bytes([0]) + _TO_WORDS[1:]
# For _SENTENCE_SPLIT: newline → \x00, other whitespace (as \s of a str regex has it) → space,
# sentence ends → ".", word bytes kept, the rest → "-".
TO_BREAKS = bytes(
    0
    if b == 10
    else 32
    if b in b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"
    else 46
    if b in b".!?"
    else b
    if b >= 128 or b in _ASCII_WORD
    else 45
    for b in range(256)
)


def plain_lower(text):
    """(lower case as UTF-8 with the listed punctuation replaced, its words as bytes) of a plain
    text; None for a text that is not plain (see above)."""
    lowered = text.lower()
    if lowered.isascii():
        data = lowered.encode()
        return data, data.translate(_TO_WORDS).split()
    if "Σ" in text or len(lowered) != len(text):  # "İ" is the only letter with a longer lower case
        return None
    return _plain_data(lowered)


def plain_words(text):
    """The words `_WORD.findall(text)` finds (\\w runs), as UTF-8 bytes, found with bytes
    methods; None when a non-ASCII character of `text` is neither a word character nor listed
    punctuation (then use the regex). Callers lower-case or case-fold `text` first as they need."""
    found = _plain_data(text)
    return None if found is None else found[1]


def _plain_data(text):
    data = text.encode()
    if text.isascii():
        return data, data.translate(_TO_WORDS).split()
    if b"\xe2" in data:
        for mark, replacement in _E2_PUNCTUATION:
            data = data.replace(mark, replacement)
    if b"\xc2" in data:
        for mark, replacement in _C2_PUNCTUATION:
            data = data.replace(mark, replacement)
    # Every non-ASCII character left must be a word character (\w is isalnum() or "_").
    rest = data.translate(None, _ASCII)
    if rest and not rest.decode().isalnum():
        return None
    return data, data.translate(_TO_WORDS).split()
