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
- context rules, three quarters of textblob-de's time (every rule tried on every token), are
  indexed by tag and by the neighbour they test; the last matching rule in file order still wins;
- morphology rules are indexed by what they test, and morphology, lemma and lemmatizer steps are
  cached per word (morphology per word and the neighbours its goodleft/goodright rules read);
- `find_tokens` and `Sentiment` are step-for-step ports without pattern's per-call overhead;
- what textblob-de computes and throws away is skipped: TextBlob and Sentence objects, the chunker
  (it never changes a tag), the parser's slash-joined string (rebuilt only when a field could
  contain a slash or whitespace).
`score_parallel` spreads texts over a process pool. tests/etl/test_fastblob.py checks equality
with textblob-de on a varied corpus and each step against the pattern function it replaces.
"""

import functools
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from string import punctuation as PUNCTUATION

# Bounded caches, per engine (and so per worker): about 350 bytes a sentence, 250 a word entry.
SENTENCE_CACHE = 2**15
WORD_CACHE = 2**16

_TAG_LOOKUPS = {  # Context rule command -> the neighbours it compares x (and y) with.
    "prevtag": ("T-1",), "nexttag": ("T+1",), "prev2tag": ("T-2",), "next2tag": ("T+2",),
    "prev1or2tag": ("T-1", "T-2"), "next1or2tag": ("T+1", "T+2"),
    "prev1or2or3tag": ("T-1", "T-2", "T-3"), "next1or2or3tag": ("T+1", "T+2", "T+3"),
    "curwd": ("W+0",), "prevwd": ("W-1",), "nextwd": ("W+1",),
    "prev1or2wd": ("W-1", "W-2"), "next1or2wd": ("W+1", "W+2"),
    "surroundtag": ("T-1|T+1",), "prevwdtag": ("W-1|T-1",), "nextwdtag": ("W+1|T+1",),
    "wdprevtag": ("T-1|W+0",), "wdnexttag": ("W+0|T+1",), "wdand2aft": ("W+0|W+2",),
    "wdand2tagbfr": ("T-2|W+0",), "wdand2tagaft": ("W+0|T+2",), "lbigram": ("W-1|W+0",),
    "rbigram": ("W+0|W+1",), "prevbigram": ("T-2|T-1",), "nextbigram": ("T+1|T+2",),
}  # Commands pattern lists but never tests (next1or2or3wd, prev1or2or3wd) never match there either.
_PAD = "STAART"
_UNSAFE = object()
_UNSAFE_FIELD = re.compile(r"[\s/]")


def _compile_context(rules):
    """{original tag: [(place (see _place), {key: (rule index, new tag)})]} for pattern's
    Context.apply.

    Conditions look only at neighbours, never at the token's own current tag, so the outcome for a
    token is the new tag of the last rule (in file order) for its original tag or "*" that matches.
    """
    by_tag = {}
    for index, rule in enumerate(rules):
        if len(rule) < 4:
            raise ValueError(f"unexpected context rule {rule!r}")
        lookups = _TAG_LOOKUPS.get(rule[2].lower())
        if lookups is None:
            continue
        x, y = rule[3], rule[4] if len(rule) > 4 else ""
        key = (x, y) if "|" in lookups[0] else x
        table = by_tag.setdefault(rule[0], {}).setdefault(lookups, {})
        table[key] = (index, rule[1])
    tags = set(by_tag) - {"*"}
    star = by_tag.get("*", {})
    compiled = {}
    for tag in tags | {None}:
        merged = {}
        for source in (star, by_tag.get(tag, {})):
            for lookups, table in source.items():
                target = merged.setdefault(lookups, {})
                for key, found in table.items():
                    if key not in target or target[key][0] < found[0]:
                        target[key] = found
        by_place = {}  # specs that read the same neighbours share one table
        for lookups, table in merged.items():
            for spec in lookups:
                target = by_place.setdefault(_place(spec), {})
                for key, found in table.items():
                    if key not in target or target[key][0] < found[0]:
                        target[key] = found
        compiled[tag] = [place + (table,) for place, table in by_place.items()]
    return compiled


def _place(spec):
    """(pair?, source, offset, source, offset) for e.g. "T-1" or "W-1|T-1", where source 0 is the
    tags and 1 the words, and offset is relative to the token."""
    (s1, o1), (s2, o2) = ([(int(part[0] == "W"), int(part[1:])) for part in spec.split("|")] * 2)[:2]
    return "|" in spec, s1, o1, s2, o2


class _Tokens:
    """pattern's `find_tokens(string, ...)` for fixed arguments, step for step, minus its overhead:
    compiled patterns, `str.replace` for its literal contractions, and its per-token loops run
    only on tokens with punctuation at an edge (found by one regex; the loops do nothing to the
    others)."""

    def __init__(self, punctuation, abbreviations, replace, linebreak):
        from textblob_de.packages import pattern_text as text

        if any(re.escape(a) != a or "\\" in b or "'" not in a for a, b in replace.items()) \
                or linebreak != r"\n{2,}":
            raise ValueError("find_tokens arguments are not the ones this port was checked against")
        self._punctuation = tuple(punctuation.replace(".", ""))
        self._trailing = self._punctuation + (".",)
        edges = re.escape("".join(self._punctuation))
        # Tokens of two or more characters with punctuation at an edge; one-character tokens come
        # out of the loops unchanged (checked below).
        self._edges = re.compile(rf"(?<!\S)(?:[{edges}]\S+|\S+[{edges}.])(?!\S)")
        self._abbreviations = abbreviations
        self._abbreviation_patterns = (text.RE_ABBR1, text.RE_ABBR2, text.RE_ABBR3)
        self._replace = replace
        self._emoticons, self._sarcasm = text.RE_EMOTICONS, text.RE_SARCASM
        self._split = functools.lru_cache(WORD_CACHE)(self._split_token)
        if any(self._split_token(c) != c for c in self._trailing):
            raise ValueError("find_tokens splits a one-character token")

    def __call__(self, string):
        if "'" in string:  # every contraction has one
            for a, b in self._replace.items():
                string = string.replace(a, b)
        for quote in ("“", "”", "‘", "’"):
            if quote in string:
                string = string.replace(quote, f" {quote} ")
        if "\n" in string:
            string = _LINEBREAK.sub(" END-OF-SENTENCE ", string.replace("\r\n", "\n"))
        # pattern collapses whitespace and takes the \S+ runs: split() finds the same runs.
        return self._sentences(self._edges.sub(self._split_match, string).split())

    def _split_match(self, match):
        return self._split(match.group())

    def _split_token(self, t):
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

    def _sentences(self, tokens):
        # pattern's sentence loop, jumping from one sentence-ending token to the next.
        sentences, i, j = [[]], 0, 0
        stops = iter([k for k, token in enumerate(tokens) if token in _STOPS])
        for stop in stops:
            if stop < j:
                continue
            j = stop
            while j < len(tokens) and tokens[j] in _CLOSERS:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != "END-OF-SENTENCE")
            sentences.append([])
            i = j
            j += 1
        sentences[-1].extend(tokens[i:])
        sentences = (" ".join(s) for s in sentences if len(s) > 0)
        sentences = (self._sarcasm.sub("(!)", s) if "(" in s else s for s in sentences)
        return [self._emoticons.sub(_join_emoticon, s) for s in sentences]


def _join_emoticon(match):
    return match.group(1).replace(" ", "") + match.group(2)


_LINEBREAK = re.compile(r"\n{2,}")
_STOPS = frozenset(("...", ".", "!", "?", "END-OF-SENTENCE"))
_CLOSERS = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", "END-OF-SENTENCE"))


class _Sentiment:
    """pattern's `Sentiment(string)` (textblob-de's lexicon), step for step, reading the loaded
    lexicon as a plain dict instead of through its lazy-loading wrapper on every lookup."""

    def __init__(self, sentiment):
        from textblob_de.packages import pattern_text as text

        if sentiment.tokenizer is not text.find_tokens:
            raise ValueError("textblob-de's Sentiment no longer uses pattern's find_tokens")
        len(sentiment)  # load the lazy lexicon
        self._reference, self._lexicon, self._labeler = sentiment, dict(sentiment), sentiment.labeler
        self._negations, self._modifiers, self._modifier = sentiment.negations, sentiment.modifiers, sentiment.modifier
        self._tokens = _Tokens(*text.find_tokens.__defaults__)
        self._synset, self._punctuation = text.RE_SYNSET, text.PUNCTUATION
        self._emoticons = [(p, [e.lower() for e in faces]) for (_, p), faces in text.EMOTICONS.items()]
        self._irony, self._mood = text.IRONY, text.MOOD

    def __call__(self, s):
        """(polarity, subjectivity) of a string of words."""
        if self._synset.match(s):
            return tuple(self._reference(s))  # pattern's own (failing) synset branch
        a = self._assessments((w.lower(), None) for w in " ".join(self._tokens(s)).split())
        return _avg([(w[0], w[1]) for w in a]), _avg([(w[0], w[2]) for w in a])

    def _assessments(self, words, negation=True):
        lexicon, labeler, modifiers, negations = self._lexicon, self._labeler, self._modifiers, self._negations
        a, m, n = [], None, None
        for w, pos in words:
            if w is None:
                continue
            if w in lexicon and pos in lexicon[w]:
                p, s, i = lexicon[w][pos]
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
                if pos and pos in modifiers or any(map(lexicon[w].__contains__, modifiers)):
                    m = (w, pos)
                if negation and w in negations:
                    n = w
            else:
                if negation and w in negations:
                    n = w
                elif n and len(w.strip("'")) > 1:
                    n = None
                if n is not None and m is not None and (pos in modifiers or self._modifier(m[0])):
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
        return [(x["w"], x["p"] * -0.5 if x["n"] < 0 else x["p"], x["s"], x["x"]) for x in a]


def _avg(assessments):
    # pattern's Sentiment.__call__.avg with its default weight of 1, same operations in same order.
    s, n = 0, 0
    for words, score in assessments:
        s += 1 * score
        n += 1
    return s / float(n or 1)


class _Morphology:
    """pattern's Morphology.apply for an unknown word, with its rules indexed by what they test.

    Rules run in file order and a rule with an "f" command fires only while the word carries its
    tag, so the rules whose conditions hold are found by lookups, then replayed in order.
    """

    def __init__(self, rules, commands, known):
        self._known = known
        self._rules = []  # (needs tag or None, new tag), as Morphology.apply reads each rule
        self._tables = {}  # command -> {x: [rule indexes]}
        self._others = []  # (index, command, x) tested one by one
        cmd = None
        for index, rule in enumerate(rules):
            if rule[1] in commands:  # the variables carry over when neither field is a command
                f, x, pos, cmd = False, rule[0], rule[-2], rule[1].lower()
            if rule[2] in commands:
                f, x, pos, cmd = True, rule[1], rule[-2], rule[2].lower().lstrip("f")
            if cmd is None:
                raise ValueError(f"unexpected morphology rule {rule!r}")
            self._rules.append((rule[0] if f else None, pos))
            if cmd in ("word", "goodleft", "goodright", "haspref", "hassuf", "deletepref", "deletesuf") \
                    or (cmd == "char" and len(x) == 1):
                self._tables.setdefault(cmd, {}).setdefault(x, []).append(index)
            elif cmd in ("char", "addpref", "addsuf"):
                self._others.append((index, cmd, x))
        lengths = lambda cmd: sorted({len(x) for x in self._tables.get(cmd, {})})  # noqa: E731
        self._affixes = [(cmd, n, self._tables[cmd]) for cmd in ("haspref", "hassuf", "deletepref", "deletesuf")
                         for n in lengths(cmd)]
        self.next_words = set(self._tables.get("goodleft", ()))
        self.previous_words = set(self._tables.get("goodright", ()))

    def apply(self, w, tag, previous, next):
        """The tag pattern gives word `w`, first tagged `tag`, between `previous` and `next`."""
        tables, known = self._tables, self._known
        hits = [*tables.get("word", {}).get(w, ()), *tables.get("goodleft", {}).get(next, ()),
                *tables.get("goodright", {}).get(previous, ())]
        chars = tables.get("char", {})
        for c in set(w):
            hits += chars.get(c, ())
        for cmd, n, table in self._affixes:
            if n <= len(w):
                x = w[:n] if cmd.endswith("pref") else w[len(w) - n:]
                for index in table.get(x, ()):
                    if (cmd == "haspref" or cmd == "hassuf") \
                            or (cmd == "deletepref" and w[len(x):] in known) \
                            or (cmd == "deletesuf" and w[:-len(x)] in known):
                        hits.append(index)
        for index, cmd, x in self._others:
            if (cmd == "char" and x in w) or (cmd == "addpref" and x + w in known) \
                    or (cmd == "addsuf" and w + x in known):
                hits.append(index)
        for index in sorted(hits):
            needs, pos = self._rules[index]
            if needs is None or tag == needs:
                tag = pos
        return tag


class _Tagger:
    """pattern.de's `parse(..., tokenize=False, lemmata=True)` for one line, without chunks:
    [(word, Penn tag, lemma)]."""

    def __init__(self):
        from textblob_de.packages import pattern_de, pattern_text

        parser = pattern_de.parser
        len(parser.lexicon), len(parser.morphology), len(parser.context)  # load the lazy data
        self._lexicon = dict(parser.lexicon)
        self._cd = pattern_text.CD
        self._stts = pattern_de.stts
        self._find_lemmata = pattern_de.find_lemmata
        self._context = _compile_context(list(parser.context))
        self._default = parser.default
        self._morphology = _Morphology(list(parser.morphology), parser.morphology._cmd, self._lexicon)
        self.unknown = functools.lru_cache(WORD_CACHE)(self._unknown)
        self.lemma = functools.lru_cache(WORD_CACHE)(self._lemma)

    def _unknown(self, token, previous, next):
        if self._cd.match(token) is not None:
            return self._default[2]
        return self._morphology.apply(token, self._default[0], previous, next)

    def _lemma(self, word, tag):
        return self._find_lemmata([[word, tag]])[0][2]

    def tags(self, words):
        """Tags for one line of tokens before pattern.de maps them to Penn Treebank (`penn`)."""
        tokens = [w.replace("ß", "ss") for w in words]
        lexicon = self._lexicon
        tags = [lexicon.get(token) for token in tokens]  # pattern also tries the first in lower case
        if tokens:
            tags[0] = lexicon.get(tokens[0], lexicon.get(tokens[0].lower()) or None)
        last, morphology = len(tokens) - 1, self._morphology
        for i, token in enumerate(tokens):
            if tags[i] is None:
                previous = tokens[i - 1] if i > 0 else None
                next = tokens[i + 1] if i < last else None
                tags[i] = self.unknown(token, previous if previous in morphology.previous_words else None,
                                       next if next in morphology.next_words else None)
        return self._apply_context(tokens, tags)

    def penn(self, tag):
        return self._stts.get(tag, tag)

    def _apply_context(self, tokens, tags):
        pad = [_PAD] * 3
        w, t = pad + tokens + pad, pad + tags + pad
        context, seqs = self._context, (t, w)
        for i in range(3, len(t) - 3):
            if t[i] == _PAD:
                continue
            rules = context.get(t[i])
            if rules is None:
                rules = context[None]
            best = None
            for pair, s1, o1, s2, o2, table in rules:
                found = table.get((seqs[s1][i + o1], seqs[s2][i + o2]) if pair else seqs[s1][i + o1])
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
            if best is not None:
                t[i] = best[1]
        return t[3:-3]


class FastTextBlobDE:
    """The default sentiment engine: textblob-de's numbers, bit for bit, from cached and indexed
    steps (see the module docstring)."""

    name = "textblob-de"

    def __init__(self, sentence_cache=SENTENCE_CACHE):
        # textblob-de loads its lexicon at import; import here so nothing loads until needed.
        from textblob_de import tokenizers
        from textblob_de.sentiments import sentiment

        # PatternTokenizer.sent_tokenize's find_tokens arguments.
        self._sentences = _Tokens(PUNCTUATION, tokenizers.ABBREVIATIONS_DE, tokenizers.replacements, r"\n{2,}")
        self._word_tokenize = tokenizers.PatternTokenizer().word_tokenize
        self._sentiment = _Sentiment(sentiment)
        self._tagger = _Tagger()
        self.sentence = functools.lru_cache(sentence_cache)(self._sentence)
        self._lemma = functools.lru_cache(WORD_CACHE)(self._lemma_of_token)

    def warm_up(self):
        """Load every lazy resource (lexicons, rules, verb tables) before timing or forking."""
        self.score("Das ist nicht so gut, aber wirklich schön! Die Häuser laufen :-)")
        return self

    def score(self, text):
        """(polarity, subjectivity) of one text, equal to textblob-de's."""
        sentences = self._sentences(text)
        polarity, subjectivity = 0, 0
        for sentence in sentences:
            p, s = self.sentence(sentence)
            polarity += p
            subjectivity += s
        if not sentences:
            return 0.0, 0.0
        return float(polarity / len(sentences)), float(subjectivity / len(sentences))

    def score_many(self, texts):
        """[(polarity, subjectivity)] for `texts`, in order."""
        return [self.score(text) for text in texts]

    def score_parallel(self, texts, workers=None):
        """Like `score_many`, on `workers` processes (default: every core this process may use).

        Texts go out in chunks and come back in order. Forked workers start from this engine and
        its caches; otherwise each worker builds and warms its own engine once.
        """
        texts = list(texts)
        workers = workers or cores()
        if workers <= 1 or len(texts) < 64:
            return self.score_many(texts)
        size = max(16, min(512, len(texts) // (workers * 8)))
        chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
        context = multiprocessing.get_context()
        inherit = self if context.get_start_method() == "fork" else None
        with ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(inherit,)) as pool:
            return [result for chunk in pool.map(_score_chunk, chunks) for result in chunk]

    def _sentence(self, sentence):
        return tuple(self._sentiment(" ".join(self._lemmas(sentence))))

    def _tokenize(self, text):
        # PatternTokenizer.tokenize
        return [token for sentence in self._sentences(text) for token in self._word_tokenize(sentence, True)]

    def _lemmas(self, text):
        # textblob_de.lemmatizers.PatternParserLemmatizer.lemmatize, with our tagger for parse().
        if text.strip() == "":
            return []
        lines = [line.split(" ") for line in " ".join(self._tokenize(text.replace("/", " FORWARDSLASH "))).split("\n")]
        tagged = [(words, self._tagger.tags(words)) for words in lines]
        lemmas = []
        for words, tags in tagged:
            for i, (word, tag) in enumerate(zip(words, tags)):
                lemma = self._lemma(word, tag, i == 0)
                if lemma is _UNSAFE:
                    return self._lemmas_verbatim(tagged)
                if lemma is not None:
                    lemmas.append(lemma)
        return lemmas

    def _lemma_of_token(self, word, tag, first):
        # The lemmatizer's step for one token (i == 0 or not) when the parser's "word/tag/chunk/
        # pnp/lemma" string splits back into exactly these fields; _UNSAFE when it might not.
        tag = self._tagger.penn(tag)
        lemma = self._tagger.lemma(word, tag)
        if _UNSAFE_FIELD.search(f"{word}\0{tag}\0{lemma}"):
            return _UNSAFE
        if word == "":
            return None
        lemma = lemma.replace("ß", "ss").strip().replace("forwardslash", "/")
        if word[0].isupper() and not first:
            lemma = lemma.title()
        elif tag.startswith("N") and first:
            lemma = lemma.title()
        return None if word in PUNCTUATION or lemma == "/" else lemma

    def _lemmas_verbatim(self, tagged):
        parsed = "\n".join(
            " ".join("/".join((word.replace("/", "&slash;"), self._tagger.penn(tag), "O", "O",
                               self._tagger.lemma(word, self._tagger.penn(tag))))
                     for word, tag in zip(words, tags))
            for words, tags in tagged)
        lemmas = []
        for line in parsed.split("\n"):
            for i, token in enumerate(line.split()):
                if token.startswith("/"):
                    continue
                word, tag, _, _, lemma = token.split("/")
                lemma = lemma.replace("ß", "ss").strip().replace("forwardslash", "/")
                if word[0].isupper() and i > 0:
                    lemma = lemma.title()
                elif tag.startswith("N") and i == 0:
                    lemma = lemma.title()
                if word in PUNCTUATION or lemma == "/":
                    continue
                lemmas.append(lemma)
        return lemmas


def cores():
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_worker_engine = None


def _start_worker(engine):
    global _worker_engine  # one engine per worker process, ready before its first chunk
    _worker_engine = (engine or FastTextBlobDE()).warm_up()


def _score_chunk(texts):
    return _worker_engine.score_many(texts)
