"""What each word of a text gives, remembered per word and read with set operations.

Comments of a run repeat most of their words, and most words give nothing (no rule's token, no
topic's keyword): a `WordTable` computes a word's value once, keeps only the values that are
something, and finds a text's with two set operations instead of a lookup per word. Used by the
signals' prefilter (etl.signals.prefilter) and the topics' keyword lookup (etl.topics.keywords).
"""


class WordTable:
    """`of(word)` for the words of texts, each computed once (up to `limit` words, then afresh)."""

    def __init__(self, of, limit):
        self._of, self._limit = of, limit
        self._seen, self._found = set(), {}  # words looked up; those that gave something → it

    def values(self, words: set) -> list:
        """The values of the words in `words` that give something (falsy values are left out), in
        no particular order."""
        unseen = words - self._seen
        if unseen:
            if len(self._seen) > self._limit:
                self._seen, self._found = set(), {}
                unseen = words
            self._seen |= unseen
            self._found.update((word, value) for word in unseen if (value := self._of(word)))
        return list(map(self._found.__getitem__, words & self._found.keys()))
