"""pattern's `find_tokens`, step for step, minus its overhead (a step of the exact textblob-de engine, engine.py).

textblob-de runs it three times on every sentence: to split a text into sentences, to split a
sentence into words, and inside `Sentiment` on the lemmas. The port compiles its patterns, uses
`str.replace` for its literal contractions, runs its per-token loops only on tokens with
punctuation at an edge (their first and last characters tell; the loops do nothing to the
others) and finds sentence ends without a Python loop over every token. `marked` also tells
which sentences are their tokens joined by spaces, which the engine then need not tokenize again.
"""

import functools
import re
from itertools import compress

WORD_CACHE = 2**16  # tokens whose edges are split, per tokenizer: about 150 bytes an entry

EOS = "END-OF-SENTENCE"
_LINEBREAK = re.compile(r"\n{2,}")
_STOPS = frozenset(("...", ".", "!", "?", EOS))
# What may follow a stop in its sentence (pattern lists the quotes " and ' too, but they never
# do: see `_split_sentences`).
_CLOSERS = frozenset(("”", "’", "...", ".", "!", "?", ")", EOS))


class Tokens:
    """pattern's `find_tokens(string, punctuation, abbreviations, replace, linebreak)` for fixed
    arguments: a list of sentences, each a space-separated string of tokens."""

    def __init__(self, punctuation, abbreviations, replace, linebreak):
        from textblob_de.packages import pattern_text as text

        if any(re.escape(a) != a or "\\" in b or "'" not in a for a, b in replace.items()) or linebreak != r"\n{2,}":
            raise ValueError("find_tokens arguments are not the ones this port was checked against")
        self.punctuation, self.abbreviations, self.replace = punctuation, abbreviations, replace
        self._punctuation = tuple(punctuation.replace(".", ""))
        self._trailing = self._punctuation + (".",)
        # What a token of two or more characters may start or end with to be split (`words`);
        # one-character tokens come out of the loops unchanged (checked below).
        self._starts, self._ends = frozenset(self._punctuation), frozenset(self._trailing)
        self._abbreviations = abbreviations
        self._abbreviation_patterns = (text.RE_ABBR1, text.RE_ABBR2, text.RE_ABBR3)
        self._replace = replace
        self._emoticons, self._sarcasm = text.RE_EMOTICONS, text.RE_SARCASM
        self._split = functools.lru_cache(WORD_CACHE)(self._split_token)
        if any(self._split_token(c) != c for c in self._trailing):
            raise ValueError("find_tokens splits a one-character token")

    def __call__(self, string):
        return self.sentences(self.words(string))

    def marked(self, string):
        """[(sentence, plain?)] for the same sentences, plain when the sarcasm and emoticon joins
        changed nothing: the sentence is its tokens joined by spaces."""
        return [(sentence, tokens is not None) for sentence, tokens in self._grouped(self.words(string))]

    def grouped(self, string):
        """[(sentence, its tokens if plain, else None)] for the same sentences (see `marked`)."""
        return self._grouped(self.words(string))

    def words(self, string):
        """The tokens `find_tokens` groups into sentences, in order (line breaks of two or more
        become END-OF-SENTENCE tokens)."""
        if "'" in string:  # every contraction has one
            for a, b in self._replace.items():
                string = string.replace(a, b)
        for quote in ("“", "”", "‘", "’"):
            if quote in string:
                string = string.replace(quote, f" {quote} ")
        if "\n" in string:
            string = _LINEBREAK.sub(f" {EOS} ", string.replace("\r\n", "\n"))
        # pattern collapses whitespace and takes the \S+ runs: split() finds the same runs. Only
        # tokens of two or more characters with punctuation at an edge are split further.
        tokens, starts, ends, split = [], self._starts, self._ends, self._split
        for token in string.split():
            if token.isalnum() or len(token) < 2 or (token[-1] not in ends and token[0] not in starts):
                tokens.append(token)  # letters and digits alone have no punctuation to split off
            else:
                tokens += split(token).split()
        return tokens

    def sentences(self, tokens):
        """pattern's sentence loop on `words`, jumping from one sentence-ending token to the next,
        then its sarcasm and emoticon joins."""
        return [sentence for sentence, _ in self._grouped(tokens)]

    def _grouped(self, tokens):
        # [(sentence, tokens if plain else None)], see `grouped`.
        if _STOPS.isdisjoint(tokens):
            groups = [tokens] if tokens else []
        else:
            groups = self._split_sentences(tokens)
        grouped = []
        for group in groups:
            joined = " ".join(group)
            sentence = self._sarcasm.sub("(!)", joined) if "(" in joined else joined
            sentence = self._emoticons.sub(_join_emoticon, sentence)
            grouped.append((sentence, group if sentence == joined else None))
        return grouped

    def _split_sentences(self, tokens):
        # pattern's loop: a sentence ends after a stop and the closers that follow it. pattern
        # counts a quote in the sentence so far to decide whether it closes, but that list is
        # always still empty there (it is filled at the end), so a quote never closes.
        sentences, i, j, n = [], 0, 0, len(tokens)
        for stop in compress(range(n), map(_STOPS.__contains__, tokens)):
            if stop < j:
                continue
            j = stop + 1  # a stop is a closer and no quote
            while j < n and tokens[j] in _CLOSERS:
                j += 1
            sentences.append(tokens[i:j])
            i = j
            j += 1
        sentences.append(tokens[i:])
        if EOS in tokens:  # a line break ends a sentence and is dropped
            sentences = [[t for t in sentence if t != EOS] for sentence in sentences]
        return [s for s in sentences if s]

    def _split_token(self, t):
        if len(t) > 1 and t[-1] in self._punctuation and t[:-1].isalnum() and t not in self._replace:
            return f"{t[:-1]} {t[-1]}"  # a word and a mark ("gut,"): the loops below split just that
        punctuation, tokens, tail = self._punctuation, [], []
        while t.startswith(punctuation) and t not in self._replace:
            tokens.append(t[0])
            t = t[1:]
        while t.endswith(self._trailing) and t not in self._replace:
            if t.endswith(punctuation):
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if t in self._abbreviations or any(p.match(t) is not None for p in self._abbreviation_patterns):
                    break
                tail.append(t[-1])
                t = t[:-1]
        if t != "":
            tokens.append(t)
        tokens.extend(reversed(tail))
        return " ".join(tokens)  # pieces of a whitespace-free token: split() gets them back


class Handover:
    """Sentences one Tokens found, handed over to another that splits the same texts next.

    The default pair of sentiment engines (etl.sentiment.Pair) splits each text twice: the exact
    engine splits it whole, then german-plus line by line, with arguments that differ only in a
    few punctuation marks and in contractions. A text that holds none of those characters and no
    line break is split alike by both, so the first `offer`s its sentences and the second `take`s
    them. At most LIMIT texts are held: the first engine scores a batch before the second starts.
    """

    LIMIT = 2**15  # more than a run's chunk of texts (etl.pipeline), at about 1 KB a text

    def __init__(self, first: Tokens, second: Tokens):
        self._found = {}
        # The punctuation marks only one of them splits off, and the apostrophe every contraction
        # has (checked by Tokens); str.splitlines's line breaks.
        differ = set(first.punctuation) ^ set(second.punctuation)
        differ |= {"'"} if first.replace != second.replace else set()
        differ |= set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        self._unsafe = re.compile(f"[{''.join(re.escape(c) for c in sorted(differ))}]")
        if set(first.abbreviations) != set(second.abbreviations):
            raise ValueError("the two tokenizers know different abbreviations")

    def offer(self, text, grouped):
        """Hold the sentences of `text` (Tokens.grouped) when the second would find the same."""
        if len(self._found) < self.LIMIT and self._unsafe.search(text) is None:
            self._found[text] = [sentence for sentence, _ in grouped]

    def take(self, text):
        """The sentences held for `text`, or None (no longer held)."""
        return self._found.pop(text, None)

    def clear(self):
        self._found.clear()

    def __len__(self):
        return len(self._found)


def _join_emoticon(match):
    return match.group(1).replace(" ", "") + match.group(2)
