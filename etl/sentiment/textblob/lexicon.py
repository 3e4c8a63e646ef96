"""pattern's `Sentiment(string)` with textblob-de's lexicon, step for step (a step of the exact
textblob-de engine, engine.py).

textblob-de joins a sentence's lemmas with spaces and hands the string to `Sentiment`, which
tokenizes it again (pattern's `find_tokens`), lowercases the words and scores them. `of_entries`
gives the same from the lemmas' entries (made once per lemma by `entry`, cached by the caller):
the sentence's words are theirs in order, unless something in find_tokens could act across two
lemmas (then the joined string goes pattern's whole way). Words that only end the reach of a
negation or a modifier are all the same to the scoring and stand as one INERT word.
"""

import re
from itertools import chain
from operator import itemgetter

from etl.sentiment.textblob.tokens import EOS, Tokens

_WHITESPACE = re.compile(r"\s")


class Sentiment:
    """pattern's `Sentiment(string)`, reading the loaded lexicon as a plain dict instead of through
    its lazy-loading wrapper on every lookup."""

    def __init__(self, sentiment):
        from textblob_de.packages import pattern_text as text

        if sentiment.tokenizer is not text.find_tokens:
            raise ValueError("textblob-de's Sentiment no longer uses pattern's find_tokens")
        len(sentiment)  # load the lazy lexicon
        self._reference, self._lexicon, self._labeler = sentiment, dict(sentiment), sentiment.labeler
        self._negations, self._modifiers, self._modifier = sentiment.negations, sentiment.modifiers, sentiment.modifier
        self._tokens = Tokens(*text.find_tokens.__defaults__)
        self._synset, self._punctuation = text.RE_SYNSET, text.PUNCTUATION
        self._emoticons = [(p, [e.lower() for e in faces]) for (_, p), faces in text.EMOTICONS.items()]
        # {b: [x]} for every face x + b + ... ("x D" -> "xD"): what can stand before a space in it.
        self._emoticon_ends = {}
        for face in (face for faces in text.EMOTICONS.values() for face in faces):
            for i in range(1, len(face)):
                for j in range(i + 1, len(face) + 1):
                    self._emoticon_ends.setdefault(face[i:j], set()).add(face[:i])
        self._irony, self._mood = text.IRONY, text.MOOD

    def __call__(self, s):
        """(polarity, subjectivity) of a string of words."""
        if self._synset.match(s):
            return tuple(self._reference(s))  # pattern's own (failing) synset branch
        return self._score([w.lower() for w in " ".join(self._tokens(s)).split()])

    def of_lemmas(self, lemmas):
        """The same as `self(" ".join(lemmas))`."""
        return self.of_entries([self.entry(lemma) for lemma in lemmas])

    def of_entries(self, entries):
        """The same as `self(" ".join(lemmas))` for the lemmas' `entry`s."""
        if (
            not entries
            or any(map(_ALONE, entries))
            or (any(map(_HEAD, entries)) and self._joined_across(entries))
            or (len(entries) == 1 and self._synset.match(entries[0][_LEMMA]))
        ):
            return self(" ".join(map(itemgetter(_LEMMA), entries)))
        if not any(map(_ASSESSES, entries)):
            return 0.0, 0.0  # nothing to assess: `_score` of no assessments
        return self._score(list(chain.from_iterable(map(_WORDS, entries))))

    def entry(self, lemma):
        """(its words in lower case, alone?, first word, last word, assesses?, lemma): the words
        find_tokens gives for a lemma on its own are its share of the sentence's, unless (alone) a
        line break, an END-OF-SENTENCE word, sarcasm "( ! )" or an emoticon spanning a space (in the
        lemma, or across lemmas: `_joined_across`) joins or drops words. The first word is given
        only when it could end such an emoticon. Assesses: a word of it starts an assessment (see
        `_assessments`); a sentence without one scores nothing."""
        if lemma.isalpha():  # no punctuation, quotes or spaces: one word
            word = lemma.lower()
            entry = self._lexicon.get(word)
            scored = entry is not None and None in entry  # what alone makes an alphabetic word assess
            if not scored and word.isalpha() and len(word) > 2 and word not in self._negations:
                word = INERT  # as `_plain`
            words = _INERT_WORD if word is INERT else (word,)
            return words, False, lemma if lemma in self._emoticon_ends else None, lemma, scored, lemma
        words = self._tokens.words(lemma)
        alone = (
            _WHITESPACE.search(lemma) is not None
            or any(w == EOS or "(" in w for w in words)
            or any(map(self._joins, words, words[1:]))
        )
        head = words[0] if words and words[0] in self._emoticon_ends else None
        plain = tuple(self._plain(w.lower()) for w in words)
        assesses = any(w is not INERT and self._assesses(w) for w in plain)
        return plain, alone, head, words[-1] if words else None, assesses, lemma

    def _assesses(self, w):
        """Does word `w` (lower case) start an assessment in `_assessments`: a scored word, sarcasm
        or an emoticon?"""
        entry = self._lexicon.get(w)
        if entry is not None and None in entry:
            return True
        if w == "(!)":
            return True
        emoticon = not w.isalpha() and len(w) <= 5 and w not in self._punctuation
        return emoticon and any(w in faces for _, faces in self._emoticons)

    def _plain(self, w):
        """INERT for a word that only ends a negation or a modifier's reach (see `_assessments`)."""
        entry = self._lexicon.get(w)
        scored = entry is not None and None in entry
        return INERT if not scored and w.isalpha() and len(w) > 2 and w not in self._negations else w

    def _joined_across(self, found):
        last = None
        for _, _, head, tail, _, _ in found:
            if head is not None and last is not None and self._joins(last, head):
                return True
            last = tail if tail is not None else last
        return False

    def _joins(self, a, b):
        """Could pattern's emoticon pattern match across the space in "a b"? (It matches a face
        with optional spaces between its characters; a match covers whole words after its first.)"""
        return any(a.endswith(x) or x.endswith(a) for x in self._emoticon_ends.get(b, ()))

    def _score(self, words):
        a = self._assessments(words)
        if not a:
            return 0.0, 0.0  # what the means of nothing are
        return _avg(p * -0.5 if negated < 0 else p for p, _, negated in a), _avg(s for _, s, _ in a)

    def _assessments(self, words):
        # Sentiment.assessments for lower-case words without part-of-speech tags, negation on:
        # [(polarity, subjectivity, -1 if negated)].
        lexicon, labeler, modifiers, negations = self._lexicon, self._labeler, self._modifiers, self._negations
        a, m, n = [], None, None
        for w in words:
            if w is INERT:
                n = m = None
                continue
            entry = lexicon.get(w)
            if entry is not None and None in entry:
                p, s, i = entry[None]
                if m is None:
                    a.append(dict(w=[w], p=p, s=s, i=i, n=1, x=labeler.get(w)))
                if m is not None:
                    a[-1]["w"].append(w)
                    a[-1]["p"] = max(-1.0, min(p * a[-1]["i"], +1.0))
                    a[-1]["s"] = max(-1.0, min(s * a[-1]["i"], +1.0))
                    a[-1]["i"] = i
                    a[-1]["x"] = labeler.get(w)
                if n is not None:
                    a[-1]["w"].insert(0, n)
                    a[-1]["i"] = 1.0 / a[-1]["i"]
                    a[-1]["n"] = -1
                m = None
                n = None
                if any(map(entry.__contains__, modifiers)):
                    m = (w, None)
                if w in negations:
                    n = w
            elif w.isalpha() and len(w) > 2 and w not in negations:
                n = m = None  # as for INERT: what the branch below does with such a word, in short
            else:
                if w in negations:
                    n = w
                elif n and len(w.strip("'")) > 1:
                    n = None
                if n is not None and m is not None and self._modifier(m[0]):
                    a[-1]["w"].append(n)
                    a[-1]["n"] = -1
                    n = None
                elif m and len(w) > 2:
                    m = None
                if w == "!" and len(a) > 0:
                    a[-1]["w"].append("!")
                    a[-1]["p"] = max(-1.0, min(a[-1]["p"] * 1.25, +1.0))
                if w == "(!)":
                    a.append(dict(w=[w], p=0.0, s=1.0, i=1.0, n=1, x=self._irony))
                if w.isalpha() is False and len(w) <= 5 and w not in self._punctuation:
                    for p, faces in self._emoticons:
                        if w in faces:
                            a.append(dict(w=[w], p=p, s=1.0, i=1.0, n=1, x=self._mood))
                            break
        return [(x["p"], x["s"], x["n"]) for x in a]


_WORDS, _ALONE, _HEAD, _ASSESSES, _LEMMA = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(4), 5
INERT = object()  # a word standing in for any word that is not scored, not a negation, and long
_INERT_WORD = (INERT,)


def _avg(scores):
    # pattern's Sentiment.__call__.avg with its default weight of 1, same operations in same order.
    s, n = 0, 0
    for score in scores:
        s += 1 * score
        n += 1
    return s / float(n or 1)
