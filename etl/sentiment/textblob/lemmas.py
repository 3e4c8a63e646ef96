"""textblob-de's lemmatizer step, token by token and cached (a step of the exact textblob-de engine, engine.py).

PatternParserLemmatizer.lemmatize reads pattern's parse() output back ("word/tag/chunk/pnp/lemma"
tokens): each lemma with "ß" as "ss", title-cased after the first word when the word is
capitalized (and first when it is a noun), punctuation and "/" left out. Here the same step runs
on the tagger's output, cached per word and the little its tag decides: which lemma function
pattern.de applies, and whether a first word is a noun. When a field could hold a slash or
whitespace the parser's string might not split back into these fields, and the sentence goes
pattern's way (`lemmas_verbatim`).
"""

import re
from operator import getitem
from string import punctuation as PUNCTUATION

from etl.sentiment.textblob.tagger import lemma_kind

WORD_CACHE = 2**16  # tokens' entries: about 400 bytes an entry

UNSAFE = object()
_UNSAFE_FIELD = re.compile(r"[\s/]")


class Lemmatizer:
    """The lemmatizer's lemmas of tagged lines, as `entry(lemma)` gives them (the sentiment
    step's entries)."""

    def __init__(self, tagger, entry):
        self._tagger, self._entry = tagger, entry
        self._kinds = []  # code -> (lemma kind, title-case a first word?, unsafe tag?, first word?)
        self._codes = _Codes(self, first=False), _Codes(self, first=True)  # STTS tag -> code
        self._by_code = {}  # code -> {word: entry}
        self._tables = _Tables(self, first=False), _Tables(self, first=True)  # STTS tag -> {word: entry}
        self._size = 0

    def entries(self, tagged):
        """Entries for the lemmas of [(words, STTS tags)], line by line."""
        entries = []
        later, first = self._tables
        for words, tags in tagged:
            # Each token's entry from its tag's table: lookups in C, computed on a table's miss.
            found = [first[tags[0]][words[0]], *map(getitem, map(later.__getitem__, tags[1:]), words[1:])]
            if UNSAFE in found:
                return list(map(self._entry, self.lemmas_verbatim(tagged)))
            entries += filter(None, found)  # entries are non-empty tuples; None marks no lemma
        return entries

    def _table(self, code):
        table = self._by_code.get(code)
        if table is None:
            table = self._by_code[code] = _Table(self, code)
        return table

    def _missed(self):
        # Bounded caches: start afresh when full (the entries are the same either way).
        self._size += 1
        if self._size > WORD_CACHE:
            self._size = 0
            for table in self._by_code.values():
                table.clear()

    def lemmas_verbatim(self, tagged):
        """The lemmas of [(words, STTS tags)] by way of pattern's parser string, as textblob-de
        reads it."""
        penn, lemma = self._tagger.penn, self._tagger.lemma
        parsed = "\n".join(
            " ".join(
                "/".join((word.replace("/", "&slash;"), penn(tag), "O", "O", lemma(word, penn(tag))))
                for word, tag in zip(words, tags)
            )
            for words, tags in tagged
        )
        lemmas = []
        for line in parsed.split("\n"):
            for i, token in enumerate(line.split()):
                if token.startswith("/"):
                    continue
                word, tag, _, _, lemma = token.split("/")
                lemma = lemma.replace("ß", "ss").strip().replace("forwardslash", "/")
                if word[0].isupper() and i > 0 or tag.startswith("N") and i == 0:
                    lemma = lemma.title()
                if word in PUNCTUATION or lemma == "/":
                    continue
                lemmas.append(lemma)
        return lemmas

    def code(self, tag, first):
        """A small number for what the lemmatizer reads from an STTS tag (see `_kinds`)."""
        penn = self._tagger.penn(tag)
        kind = (lemma_kind(penn), first and penn.startswith("N"), _UNSAFE_FIELD.search(penn) is not None, first)
        if kind not in self._kinds:
            self._kinds.append(kind)
        return self._kinds.index(kind)

    def _entry_of_token(self, word, code):
        # The lemmatizer's step for one token; UNSAFE when the parser's string might not split
        # back into the same word, tag and lemma.
        kind, noun, unsafe_tag, first = self._kinds[code]
        lemma = self._tagger.lemma_of_kind(word, kind)
        # (Lower-casing never makes a slash or whitespace: checked over all of Unicode.)
        if (
            unsafe_tag
            or (not word.isalpha() and _UNSAFE_FIELD.search(word))  # letters are never a slash or space
            or (kind is not None and _UNSAFE_FIELD.search(lemma))
        ):
            return UNSAFE
        if word == "":
            return None
        lemma = lemma.replace("ß", "ss").strip().replace("forwardslash", "/")
        if (word[0].isupper() and not first) or (noun and first):
            lemma = lemma.title()
        return None if word in PUNCTUATION or lemma == "/" else self._entry(lemma)


class _Codes(dict):
    """{STTS tag: code} for first words or the others, filled as tags turn up."""

    def __init__(self, lemmatizer, first):
        super().__init__()
        self._lemmatizer, self._first = lemmatizer, first

    def __missing__(self, tag):
        self[tag] = code = self._lemmatizer.code(tag, self._first)
        return code


class _Tables(dict):
    """{STTS tag: {word: entry}} for first words or the others; tags with the same code share a
    table."""

    def __init__(self, lemmatizer, first):
        super().__init__()
        self._lemmatizer, self._codes = lemmatizer, lemmatizer._codes[first]

    def __missing__(self, tag):
        self[tag] = table = self._lemmatizer._table(self._codes[tag])
        return table


class _Table(dict):
    """{word: entry} for one code, filled as words turn up."""

    def __init__(self, lemmatizer, code):
        super().__init__()
        self._lemmatizer, self._code = lemmatizer, code

    def __missing__(self, word):
        self._lemmatizer._missed()
        self[word] = entry = self._lemmatizer._entry_of_token(word, self._code)
        return entry
