"""pattern.de's part-of-speech tagger and lemmata, with its rules indexed (a step of the exact
textblob-de engine, engine.py).

pattern tags a line of tokens from its lexicon, tags unknown words by morphology rules (Brill's
lexical rules: suffixes, prefixes, neighbours) and then applies Brill context rules, trying every
rule on every token. Here the rules are indexed by what they test, so a token costs a few dict
lookups, and unknown words' tags and lemmata are cached per word.
"""

import functools
from itertools import compress, repeat
from operator import is_

WORD_CACHE = 2**16  # per cache: about 250 bytes an entry

_TAG_LOOKUPS = {  # Context rule command -> the neighbours it compares x (and y) with.
    "prevtag": ("T-1",),
    "nexttag": ("T+1",),
    "prev2tag": ("T-2",),
    "next2tag": ("T+2",),
    "prev1or2tag": ("T-1", "T-2"),
    "next1or2tag": ("T+1", "T+2"),
    "prev1or2or3tag": ("T-1", "T-2", "T-3"),
    "next1or2or3tag": ("T+1", "T+2", "T+3"),
    "curwd": ("W+0",),
    "prevwd": ("W-1",),
    "nextwd": ("W+1",),
    "prev1or2wd": ("W-1", "W-2"),
    "next1or2wd": ("W+1", "W+2"),
    "surroundtag": ("T-1|T+1",),
    "prevwdtag": ("W-1|T-1",),
    "nextwdtag": ("W+1|T+1",),
    "wdprevtag": ("T-1|W+0",),
    "wdnexttag": ("W+0|T+1",),
    "wdand2aft": ("W+0|W+2",),
    "wdand2tagbfr": ("T-2|W+0",),
    "wdand2tagaft": ("W+0|T+2",),
    "lbigram": ("W-1|W+0",),
    "rbigram": ("W+0|W+1",),
    "prevbigram": ("T-2|T-1",),
    "nextbigram": ("T+1|T+2",),
}  # Commands pattern lists but never tests (next1or2or3wd, prev1or2or3wd) never match there either.
_PAD = "STAART"


def compile_context(rules):
    """{original tag: [(place, {value: (found, ((place2, {value2: found}), ...))})]} for pattern's
    Context.apply: what a token with that tag looks up. A place is a neighbour's place in
    `_apply_context`'s list; found is (rule index, new tag) of the rule that tests the value there
    alone (or None), and each (place2, table) the rules that test it together with a second value.

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
    star = by_tag.get("*", {})
    return {tag: _places(_merge(star, by_tag.get(tag, {}))) for tag in set(by_tag) - {"*"} | {None}}


def _merge(*sources):
    # {lookups: {key: (index, new tag)}} of several rule sets; the later rule wins a shared key.
    merged = {}
    for source in sources:
        for lookups, table in source.items():
            target = merged.setdefault(lookups, {})
            for key, found in table.items():
                if key not in target or target[key][0] < found[0]:
                    target[key] = found
    return merged


def _places(merged):
    # Specs that read the same neighbours share one table; a rule on two values is filed under
    # one of its places (one that a rule on one value reads too, else a word: fewer tokens pass).
    by_place = _merge(*({_place(spec): table} for lookups, table in merged.items() for spec in lookups))
    alone = {places[0] for places in by_place if len(places) == 1}
    tree = {}
    for places, table in by_place.items():
        if len(places) == 1:
            for value, found in table.items():
                tree.setdefault(places[0], {}).setdefault(value, [None, {}])[0] = found
            continue
        first, second = sorted(places, key=lambda place: (place not in alone, place % 2 == 0))
        for pair, found in table.items():
            value, value2 = pair if first == places[0] else pair[::-1]
            seconds = tree.setdefault(first, {}).setdefault(value, [None, {}])[1].setdefault(second, {})
            if value2 not in seconds or seconds[value2][0] < found[0]:
                seconds[value2] = found
    return [
        (place, {value: (found, tuple(seconds.items())) for value, (found, seconds) in table.items()})
        for place, table in tree.items()
    ]


def _place(spec):
    """The places in `_apply_context`'s list that spec "T-1" or "W-1|T-1" reads, relative to the
    token's tag: tags and words alternate there, so tag T-1 is 2 places back and word W-1 one."""
    return tuple(2 * int(part[1:]) + (part[0] == "W") for part in spec.split("|"))


class Morphology:
    """pattern's Morphology.apply for an unknown word first tagged `start`, with its rules indexed
    by what they test.

    Rules run in file order and a rule with an "f" command fires only while the word carries its
    tag, so the rules whose conditions hold are found by lookups, then replayed in order. An "f"
    rule for a tag that neither `start` nor an earlier rule gives never fires and is left out
    (such as the "XX" rules on characters).
    """

    def __init__(self, rules, commands, known, start):
        self._known, self._start = known, start
        self._rules = []  # (needs tag or None, new tag), as Morphology.apply reads each rule
        self._tables = {}  # command -> {x: [rule indexes]}
        added = []  # (index, command, x) of addpref/addsuf rules
        cmd, reachable = None, {start}
        for index, rule in enumerate(rules):
            if rule[1] in commands:  # the variables carry over when neither field is a command
                f, x, pos, cmd = False, rule[0], rule[-2], rule[1].lower()
            if rule[2] in commands:
                f, x, pos, cmd = True, rule[1], rule[-2], rule[2].lower().lstrip("f")
            if cmd is None or (cmd == "char" and len(x) != 1):
                raise ValueError(f"unexpected morphology rule {rule!r}")
            self._rules.append((rule[0] if f else None, pos))
            if f and rule[0] not in reachable:
                continue
            reachable.add(pos)
            if cmd in ("addpref", "addsuf"):
                added.append((index, cmd, x))
            else:
                self._tables.setdefault(cmd, {}).setdefault(x, []).append(index)
        self._whole = _merged(self._tables.get("word", {}), _added_stems(added, known))  # rules on w itself
        self._left, self._right = self._tables.get("goodleft", {}), self._tables.get("goodright", {})
        self._chars = self._tables.get("char", {})
        self._char_set = frozenset(self._chars)
        self._prefixes = _affixes(self._tables, "haspref", "deletepref")
        self._suffixes = _affixes(self._tables, "hassuf", "deletesuf")
        self.next_words, self.previous_words = set(self._left), set(self._right)

    def apply(self, w, previous, next):
        """The tag pattern gives word `w` between `previous` and `next`."""
        known, tag = self._known, self._start
        hits = [*self._whole.get(w, ()), *self._left.get(next, ()), *self._right.get(previous, ())]
        for c in self._char_set.intersection(w):
            hits += self._chars[c]
        for n, table in self._prefixes:
            if n <= len(w):
                for index, delete in table.get(w[:n], ()):
                    if not delete or w[n:] in known:
                        hits.append(index)
        for n, table in self._suffixes:
            if n <= len(w):
                for index, delete in table.get(w[len(w) - n :], ()):
                    if not delete or w[:-n] in known:
                        hits.append(index)
        for index in sorted(hits):
            needs, pos = self._rules[index]
            if needs is None or tag == needs:
                tag = pos
        return tag


def _affixes(tables, has, delete):
    # [(length, {affix: [(rule index, deletes?)]})] for one side of the word, shortest first.
    by_length = {}
    for cmd, deletes in ((has, False), (delete, True)):
        for x, indexes in tables.get(cmd, {}).items():
            if len(x) == 0:
                raise ValueError(f"unexpected empty affix in a {cmd} rule")
            by_length.setdefault(len(x), {}).setdefault(x, []).extend((i, deletes) for i in indexes)
    return sorted(by_length.items())


def _merged(*tables):
    merged = {}
    for table in tables:
        for key, indexes in table.items():
            merged.setdefault(key, []).extend(indexes)
    return merged


def _added_stems(rules, known):
    """{w: [rule indexes]} such that x + w (addpref) or w + x (addsuf) is a known word: one lookup
    per word instead of a string and a lookup per rule."""
    affixes = {}  # (command, length) -> {x: [rule indexes]}
    for index, cmd, x in rules:
        affixes.setdefault((cmd, len(x)), {}).setdefault(x, []).append(index)
    stems = {}
    for (cmd, n), table in affixes.items():
        for word in known:
            if n <= len(word):
                x = word[:n] if cmd == "addpref" else word[len(word) - n :]
                if x in table:
                    stems.setdefault(word[n:] if cmd == "addpref" else word[: len(word) - n], []).extend(table[x])
    return stems


def lemma_kind(penn):
    """The Penn Treebank tag that stands for `penn` in pattern.de's `find_lemmata`, which only
    tests whether a tag starts with DT or JJ, is NNS, or starts with VB or MD; None when it keeps
    the word (lower-cased)."""
    if penn.startswith(("DT", "JJ")):
        return "JJ"
    if penn == "NNS":
        return "NNS"
    return "VB" if penn.startswith(("VB", "MD")) else None


class Tagger:
    """pattern.de's `parse(..., tokenize=False, lemmata=True)` for one line, without chunks:
    STTS tags (`tags`), their Penn Treebank names (`penn`) and lemmata (`lemma`)."""

    def __init__(self):
        from textblob_de.packages import pattern_de, pattern_text

        parser = pattern_de.parser
        len(parser.lexicon), len(parser.morphology), len(parser.context)  # load the lazy data
        self._lexicon = dict(parser.lexicon)
        self._cd = pattern_text.CD
        self._stts = pattern_de.stts
        self._find_lemmata = pattern_de.find_lemmata
        inflect = pattern_de.inflect
        self._predicative, self._singularize = inflect.predicative, inflect.singularize
        verbs = inflect.verbs
        len(verbs)  # load the lazy verb table
        self._verbs, self._verb_forms, self._find_verb = dict(verbs), verbs._inverse, verbs.find_lemma
        self._context = compile_context(list(parser.context))
        self._default = parser.default
        self._morphology = Morphology(list(parser.morphology), parser.morphology._cmd, self._lexicon, self._default[0])
        self.unknown = functools.lru_cache(WORD_CACHE)(self._unknown)
        self._unknown_alone = functools.lru_cache(WORD_CACHE)(
            functools.partial(self._unknown, previous=None, next=None)
        )
        self._lemma = functools.lru_cache(WORD_CACHE)(self._lemma_of)

    def tags(self, words):
        """Tags for one line of tokens before pattern.de maps them to Penn Treebank (`penn`)."""
        if not words:
            return []
        line = " ".join(words)  # words have no spaces
        tokens = line.replace("ß", "ss").split(" ") if "ß" in line else words
        lexicon = self._lexicon
        tags = list(map(lexicon.get, tokens))  # pattern also tries the first in lower case
        tags[0] = lexicon.get(tokens[0], lexicon.get(tokens[0].lower()) or None)
        if None in tags:
            self._tag_unknown(tokens, tags)
        return self._apply_context(tokens, tags)

    def penn(self, tag):
        """The Penn Treebank tag pattern.de reports for an STTS tag."""
        return self._stts.get(tag, tag)

    def lemma(self, word, penn):
        """pattern.de's `find_lemmata` for a word and its Penn Treebank tag."""
        return self.lemma_of_kind(word, lemma_kind(penn))

    def lemma_of_kind(self, word, kind):
        """The same for the tag's `lemma_kind`."""
        return word.lower() if kind is None else self._lemma(word, kind)

    def _lemma_of(self, word, kind):
        # pattern.de's find_lemmata for one word, by the branch its tag's kind takes.
        if kind == "JJ":
            lemma = self._predicative(word)
        elif kind == "NNS":
            lemma = self._singularize(word)
        else:
            lemma = self._infinitive(word) or word
        return lemma.lower()

    def _infinitive(self, verb):
        """pattern.de's `conjugate(verb, INFINITIVE)` without its general machinery: the infinitive
        is the first form of a lexeme, so of all of `Verbs.conjugate` only `lemma` and the first
        form of the table's lexeme, else of `find_lexeme`'s, remain."""
        forms, low = self._verb_forms, verb.lower()
        base = forms[low] if low in forms else forms[verb] if verb in forms else self._find_verb(verb)
        lexeme = self._verbs.get(base)
        if lexeme and lexeme[0]:
            return lexeme[0]
        # find_lexeme(base)[0]: the table's first form (ß restored) for its lower case, else that.
        low = base.lower()
        lexeme = self._verbs.get(low.replace("ß", "ss"))
        if lexeme is None:
            return low
        return (lexeme[0].replace("ss", "ß") or low) if lexeme else None

    def _tag_unknown(self, tokens, tags):
        last, morphology = len(tokens) - 1, self._morphology
        for i in list(compress(range(len(tags)), map(is_, tags, repeat(None)))):
            previous = tokens[i - 1] if i > 0 else None
            next = tokens[i + 1] if i < last else None
            previous = previous if previous in morphology.previous_words else None
            next = next if next in morphology.next_words else None
            if previous is None and next is None:  # most words: cached by the word alone
                tags[i] = self._unknown_alone(tokens[i])
            else:
                tags[i] = self.unknown(tokens[i], previous, next)

    def _unknown(self, token, previous, next):
        if self._cd.match(token) is not None:
            return self._default[2]
        return self._morphology.apply(token, previous, next)

    def _apply_context(self, tokens, tags):
        # Tags and words alternate, three empty tokens on either side: tag i is at 2 * i + 6.
        n = 2 * len(tokens) + 6
        wt = [_PAD] * (n + 6)
        wt[6:n:2], wt[7:n:2] = tags, tokens
        context, other = self._context, self._context[None]
        for i in range(6, n, 2):
            tag = wt[i]
            if tag == _PAD:
                continue
            best = None
            for place, table in context.get(tag, other):
                hit = table.get(wt[i + place])
                if hit is not None:
                    found, seconds = hit
                    if found is not None and (best is None or found[0] > best[0]):
                        best = found
                    for place2, table2 in seconds:
                        found = table2.get(wt[i + place2])
                        if found is not None and (best is None or found[0] > best[0]):
                            best = found
            if best is not None:
                wt[i] = best[1]
        return wt[6:n:2]
