"""Exactly `TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment`, many times faster.

What textblob-de computes for a text: pattern's `find_tokens` splits it into sentences; each
sentence is tokenized again, part-of-speech tagged (lexicon; morphology rules for unknown words;
Brill context rules, which look at neighbouring words and tags), and lemmatized from the tags
(the tags matter only through the lemmas); the lemmas, joined by spaces, go to pattern's
`Sentiment`, which tokenizes them once more, lowercases them and scores lexicon words with
negations ("nicht gut") and modifiers ("sehr gut"). The text's polarity and subjectivity are the
plain means over its sentences, summed in sentence order.

Here the same steps run with pattern's own data and lemma functions, but:
- each distinct sentence is scored once (a bounded cache), and the means are summed as
  textblob-de sums them, so the floats are bit-identical;
- `find_tokens` is a step-for-step port without pattern's per-call overhead
  (tokens.py), and a sentence it would find unchanged is not tokenized again;
- the tagger's rules are indexed (tagger.py): context rules, three quarters of
  textblob-de's time (every rule tried on every token), by tag and by the neighbour they test,
  the last matching rule in file order still winning; morphology rules by what they test, without
  those that can never fire; unknown words' tags and lemmata are cached per word;
- the lemmatizer's step is cached per word and the little its tag decides (lemmas.py);
- `Sentiment` takes each lemma's words from that cache instead of tokenizing the joined lemmas
  again, unless find_tokens could act across two of them (lexicon.py);
- what textblob-de computes and throws away is skipped: TextBlob and Sentence objects, the chunker
  (it never changes a tag), the parser's slash-joined string (rebuilt only when a field could
  contain a slash or whitespace);
- Python's cycle collector pauses while a batch is scored (etl.sentiment.parallel).
`score_parallel` spreads texts over a process pool. tests/etl/sentiment/test_textblob.py checks equality
with textblob-de on a varied corpus and each step against the pattern function it replaces.
"""

from string import punctuation as PUNCTUATION

from etl.sentiment.parallel import cycle_collector_paused, score_parallel
from etl.sentiment.textblob.lemmas import Lemmatizer
from etl.sentiment.textblob.lexicon import Sentiment
from etl.sentiment.textblob.tagger import Tagger
from etl.sentiment.textblob.tokens import Handover, Tokens

# Bounded caches, per engine (and so per worker): about 350 bytes a sentence; the word caches
# (about 250 bytes an entry) are in the step modules.
SENTENCE_CACHE = 2**15


class FastTextBlobDE:
    """The default sentiment engine: textblob-de's numbers, bit for bit, from cached and indexed
    steps (see the module docstring)."""

    name = "textblob-de"

    def __init__(self, sentence_cache=SENTENCE_CACHE, tagger=None):
        # textblob-de loads its lexicon at import; import here so nothing loads until needed.
        from textblob_de import tokenizers
        from textblob_de.sentiments import sentiment

        if tokenizers.PUNCTUATION != PUNCTUATION:
            raise ValueError("textblob-de's tokenizer no longer uses string.punctuation")
        # PatternTokenizer.sent_tokenize's find_tokens arguments.
        self._sentences = Tokens(PUNCTUATION, tokenizers.ABBREVIATIONS_DE, tokenizers.replacements, r"\n{2,}")
        self._word_tokenize = tokenizers.PatternTokenizer().word_tokenize
        self._sentiment = Sentiment(sentiment)
        self._tagger = tagger or Tagger()
        self._scores, self._cache_size = {}, sentence_cache  # sentence -> (polarity, subjectivity)
        self._lemmatizer = Lemmatizer(self._tagger, self._sentiment.entry)
        self._handover = None  # see `hand_over`

    @property
    def tagger(self):
        """The part-of-speech tagger, which german-plus can share (and its caches) in one run."""
        return self._tagger

    def hand_over(self, tokens):
        """From now on, offer each text's sentences to a Handover for `tokens` (german-plus's, in
        the default pair), and return it."""
        self._handover = Handover(self._sentences, tokens)
        return self._handover

    def warm_up(self):
        """Load every lazy resource (lexicons, rules, verb tables) before timing or forking."""
        self.score("Das ist nicht so gut, aber wirklich schön! Die Häuser laufen :-)")
        return self

    def score(self, text):
        """(polarity, subjectivity) of one text, equal to textblob-de's."""
        sentences = self._sentences.grouped(text)
        if self._handover is not None:
            self._handover.offer(text, sentences)
        polarity, subjectivity, scores = 0, 0, self._scores
        for sentence, tokens in sentences:
            found = scores.get(sentence)
            p, s = self._sentence(sentence, tokens) if found is None else found
            polarity += p
            subjectivity += s
        if not sentences:
            return 0.0, 0.0
        return float(polarity / len(sentences)), float(subjectivity / len(sentences))

    def score_many(self, texts):
        """[(polarity, subjectivity)] for `texts`, in order."""
        if self._handover is not None:  # what the last batch offered and nobody took
            self._handover.clear()
        with cycle_collector_paused():
            return [self.score(text) for text in texts]

    def score_parallel(self, texts, workers=None):
        """Like `score_many`, on `workers` processes (default: every core this process may use);
        see etl.sentiment.parallel."""
        return score_parallel(self, texts, workers, build=FastTextBlobDE)

    def _sentence(self, sentence, tokens):
        # A sentence's scores, kept in a bounded cache (the oldest goes first).
        if sentence.strip() == "":
            lines = []
        elif tokens is not None and "/" not in sentence and "'" not in sentence:
            lines = [_word_tokenize(tokens)]  # see `_lines`
        else:
            lines = self._lines(sentence, False)
        found = self._sentiment.of_entries(self._lemmatizer.entries([(w, self._tagger.tags(w)) for w in lines]))
        if len(self._scores) >= self._cache_size:
            del self._scores[next(iter(self._scores))]
        self._scores[sentence] = found
        return found

    def _lines(self, sentence, plain):
        # The lemmatizer's lines of words: PatternTokenizer.tokenize's tokens, joined and split.
        if plain and "/" not in sentence and "'" not in sentence:
            # A plain sentence from `_sentences` is made of tokens that find_tokens leaves as they
            # are (no contraction to split, no slash to replace), ending in its one sentence end:
            # tokenizing it again finds the same tokens, as one sentence.
            return [self._word_tokenize(sentence, True)]
        return [
            line.split(" ") for line in " ".join(self._tokenize(sentence.replace("/", " FORWARDSLASH "))).split("\n")
        ]

    def _tokenize(self, text):
        # PatternTokenizer.tokenize
        return [token for sentence in self._sentences(text) for token in self._word_tokenize(sentence, True)]

    def _lemmas(self, text):
        """textblob_de.lemmatizers.PatternParserLemmatizer.lemmatize's lemmas."""
        return [entry[-1] for entry in self._entries(text)]

    def _entries(self, text, plain=False):
        # PatternParserLemmatizer.lemmatize with our tagger for parse(): the lemmas, as the
        # sentiment step's entries.
        if text.strip() == "":
            return []
        return self._lemmatizer.entries([(words, self._tagger.tags(words)) for words in self._lines(text, plain)])


def _word_tokenize(tokens):
    """PatternTokenizer.word_tokenize(" ".join(tokens), True) for a sentence's tokens (no whitespace in
    them, at least one): a last word ending in "." loses it to a token of its own, unless the sentence
    is a single word of punctuation (textblob-de tests `in string.punctuation`, a substring)."""
    last = tokens[-1]
    if len(last) < 2 or not last.endswith(".") or (len(tokens) == 1 and last in PUNCTUATION):
        return tokens
    return [*tokens[:-1], last[:-1], "."]
