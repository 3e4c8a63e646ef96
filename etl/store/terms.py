"""German terms of texts found and counted in DuckDB SQL, for topic suggestions (etl.topics.suggest).
The rules are topic logic; they live here because every SQL statement of the ETL lives in
etl.store.

`count_terms(con, docs, min_count)` takes a frame of documents (scope, text, is_comment) and
returns the terms seen at least `min_count` times per scope, merged into their base forms.

The rules are those of a regex-and-Counter loop in Python, run as one SQL query (`TERMS_SQL`):
nouns and names are capitalised (a sentence's first word counts only if the word also appears
capitalised inside a sentence); hyphenated compounds ("KI-Sektor") are terms of their own; an
adjective between an article or preposition and a noun makes a phrase ("den chinesischen Markt"
→ "chinesischen Markt"); runs of two or three capitalised words make names ("Apple
Intelligence"); inflected forms merge into their base when both occur ("Chinas" → "China"),
and the merged term is named by its form written most often (a stray "Kur" merges into "Kurs");
stop words (`etl.text.stopwords`) are dropped. DuckDB runs RE2 regexes over whole texts, vectorised,
works out each distinct match once and counts with hash aggregates: five to ten times faster
than the Python loop, with the same results (tests/etl/store/test_terms.py).
"""

import functools
import re

import duckdb
import pandas as pd

from etl.text.stopwords import STOP_WORDS

# Adjectives that judge or count rather than name a subject: "gute Nachricht" is no topic.
_GENERIC_ADJECTIVES = frozenset(
    """gut besser best schlecht schlimm groß größer gross grösser klein
neu alt eigen ganz viel wenig richtig falsch furchtbar toll super einfach letzt erst nächst ander
gleich hoch lang kurz echt wirklich wichtig gross riesig enorm klar total absolut völlig weit
schön schwierig schwer leicht interessant spannend traurig peinlich dumm klug""".split()
)
# (ending, what it replaces) of an inflected noun, tried in this order: endings added to the
# base, then plurals in -en that replace its ending (Firma -> Firmen, Zentrum -> Zentren).
_ENDINGS = (
    *((ending, "") for ending in ("ern", "en", "er", "es", "e", "n", "s")),
    *(("en", replaced) for replaced in ("a", "um", "us")),
)
_DETERMINERS = (
    r"der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|im|am|zum|zur|vom|beim|ins|"
    r"mit|für|von|auf|in|über|unter|bei|aus|nach|gegen|ohne|durch|kein|keine|keinen|keinem|"
    r"keiner|unser|unsere|unseren|unserem|unserer|diese|diesen|diesem|dieser|dieses|jede|"
    r"jeden|jedem|jeder|alle|viele|vielen|mehr|seine|seinen|seiner|ihre|ihren|ihrer"
)
_QUOTES = '"„»('  # may open a sentence before its first word
_START = "\x02"  # put before every text: RE2 has no lookbehind, so "start of text" is a character
# Word characters: Python's \w over the Latin, Greek and Cyrillic letters and digits (RE2's \w is
# ASCII, and the whole of \p{L} made the regexes five times slower). Letters of other scripts
# count as non-word characters.
_WORD_BLOCKS = ((0, 0x52F), (0x1E00, 0x1FFF))


@functools.cache
def word_characters() -> str:
    """The inside of an RE2 character class: Python's \\w over _WORD_BLOCKS."""
    return _class_of(lambda c: re.match(r"\w", chr(c)), _WORD_BLOCKS)


@functools.cache
def patterns() -> dict[str, str]:
    """The RE2 regexes and characters of the term finder (TERMS_SQL's parameters): run, phrase,
    address, void_address, space (Python's \\s as a class) and spaces (its characters)."""
    word = word_characters()
    spaces = "".join(chr(c) for c in range(0x3001) if re.match(r"\s", chr(c)))
    w, s = f"[{word}]", f"[{_class_of(lambda c: chr(c) in spaces, [(0, 0x3000)])}]"
    cap = rf"(?:[A-ZÄÖÜ]{w}*|[a-z]+[A-Z]{w}*)(?:-{w}+)*"
    # A run of capitalised words with what opens the sentence before it, or else one character
    # that is no word character (its left edge), and a "-" right after it (see run_hits).
    run = (
        rf"(?:(?:{_START}|[.!?:]{s}+|\n{s}*|@[{word}.\-]+[,:]?{s}+)[{_QUOTES}]?|[^{word}\-])"
        rf"{cap}(?: {cap})*-?"
    )
    phrase = (
        rf"[^{word}](?i:{_DETERMINERS}){s}+[a-zäöüß][a-zäöüß]+(?:e|en|er|es|em){s}+"
        rf"[A-ZÄÖÜ]{w}+(?:-{w}+)*-?"
    )
    address = rf"^@[^{spaces}]*{s}+[{_QUOTES}]?(.*)$"
    # An address before one word and "-": no run follows it, so the name itself may hold one.
    void_address = rf"@[{word}.\-]+[,:]?{s}+[{_QUOTES}]?{cap}-"
    return {
        "run": run,
        "phrase": phrase,
        "address": address,
        "void_address": void_address,
        "spaces": spaces,
        "space": s,
    }


def _class_of(wanted, blocks):
    """The inside of an RE2 character class of the code points in `blocks` ((first, last)
    pairs) for which `wanted(code)` holds."""
    codes = [c for first, last in blocks for c in range(first, last + 1) if wanted(c)]
    ranges = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(rf"\x{{{a:X}}}" + (rf"-\x{{{b:X}}}" if b > a else "") for a, b in ranges)


def _one_of(words):
    """An RE2 pattern matching exactly one of `words` (plain letters) as a whole string."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def _casefold(sql):
    """SQL for Python's str.casefold of a German word: lower case, ß as ss."""
    return f"replace(lower({sql}), 'ß', 'ss')"


def _seen(doc, section, match, word):
    """SQL of one BIGINT ordering candidates as a reader meets them: document, runs before
    phrases, match, word."""
    return (
        f"(CAST({doc} AS BIGINT) << 32) + (CAST({section} AS BIGINT) << 31)"
        f" + (CAST(least({match}, 524287) AS BIGINT) << 12) + least({word}, 4095)"
    )


# Whether a run opens a sentence ("run" in `patterns`): its match starts with the start of the
# text, a line break, a sentence end followed by spaces, or an "@name: " address. Else the match
# starts with the one non-word character left of the run.
_RUN_INITIAL = f"""
    CASE WHEN hit[1] IN ('{_START}', chr(10)) THEN true
         WHEN hit[1] IN ('.', '!', '?', ':') THEN contains($spaces, hit[2])
         WHEN hit[1] = '@' THEN regexp_matches(hit, $space)
         ELSE false END"""
# The run itself: what follows that opening (spaces, a quote), or that one character.
_RUN_TEXT = """
    CASE WHEN NOT initial THEN substring(hit, 2)
         WHEN hit[1] = '@' THEN regexp_extract(hit, $address, 1)
         ELSE regexp_replace(hit, '^[^A-Za-zÄÖÜ]+', '') END"""

# The candidates of one run of capitalised words, once a sentence-opening stop word is cut off:
# each word that is no stop word (a noun, or a compound when hyphenated; `word` = its place),
# and the whole run as a name when it is two or three such words inside a sentence.
_RUN_CANDIDATES = f"""
    list_filter(list_transform(list_zip(words, oks), lambda x, i: {{
        'key': {_casefold("x[1]")}, 'surface': x[1],
        'kind': CASE WHEN contains(x[1], '-') THEN 'compound' ELSE 'noun' END,
        'initial': initial AND i = 1, 'word': i, 'ok': x[2]}}), lambda c: c.ok)
    || CASE WHEN len(words) BETWEEN 2 AND 3 AND NOT initial AND list_bool_and(oks)
            THEN [{{'key': {_casefold("array_to_string(words, ' ')")},
                    'surface': array_to_string(words, ' '), 'kind': 'name', 'initial': false,
                    'word': len(words) + 1, 'ok': true}}]
            ELSE [] END"""

# Every occurrence of a term in `suggest_docs` (doc, scope, is_comment, text), then the terms
# seen at least $min_count times, merged into their bases. A text's matches are unnested once;
# what a match holds is worked out once per distinct match, which repeat a lot.
TERMS_SQL = f"""
WITH docs AS (
    SELECT doc, scope, is_comment, '{_START}' || coalesce(text, '') AS text FROM suggest_docs),
stops AS (SELECT unnest($stops) AS word),
run_hits AS MATERIALIZED (
    -- "@Anna: Wärmepumpen- und" opens no run (see run_words): Python's regex would move on and
    -- find "Anna".
    SELECT doc, scope, is_comment, n,
           unnest(CASE WHEN hit[1] = '@' AND regexp_full_match(hit, $void_address)
                       THEN regexp_extract_all(chr(1) || hit[2:], $run) ELSE [hit] END) AS hit
    FROM (SELECT doc, scope, is_comment, unnest(hits) AS hit, generate_subscripts(hits, 1) AS n
          FROM (SELECT doc, scope, is_comment, regexp_extract_all(text, $run) AS hits FROM docs))),
run_words AS (
    -- A run followed by "-" and a space ("Wärmepumpen- und") loses its last word.
    SELECT hit, initial,
           CASE WHEN suffix(hit, '-') THEN string_split({_RUN_TEXT.strip()}, ' ')[1:-2]
                ELSE string_split({_RUN_TEXT.strip()}, ' ') END AS words
    FROM (SELECT hit, {_RUN_INITIAL.strip()} AS initial FROM (SELECT DISTINCT hit FROM run_hits))),
runs AS (
    -- A sentence-opening stop word ("Die Bahn") is cut off; what follows is inside the sentence.
    SELECT hit, initial AND NOT first_stop AS initial,
           CASE WHEN initial AND first_stop THEN words[2:] ELSE words END AS words
    FROM (SELECT *, coalesce({_casefold("words[1]")} IN (SELECT word FROM stops), false) AS first_stop
          FROM run_words WHERE len(words) > 0)),
run_terms AS (
    SELECT hit, unnest({_RUN_CANDIDATES}, recursive := true)
    FROM (SELECT *, list_transform(words, lambda w: length(w) >= 2
                                                  AND NOT list_contains($stops, {_casefold("w")})) AS oks
          FROM runs)),
phrase_hits AS MATERIALIZED (
    SELECT doc, scope, is_comment, unnest(hits) AS hit, generate_subscripts(hits, 1) AS n
    FROM (SELECT doc, scope, is_comment, regexp_extract_all(text, $phrase) AS hits FROM docs)),
phrase_parts AS (
    -- A noun followed by "-" and a space makes no phrase.
    SELECT hit, parts[2] AS adj, parts[3] AS noun,
           CASE WHEN length(parts[2]) >= 5 AND (suffix(parts[2], 'em') OR suffix(parts[2], 'en')
                                                OR suffix(parts[2], 'er') OR suffix(parts[2], 'es'))
                THEN parts[2][1:-3]
                WHEN length(parts[2]) >= 4 AND suffix(parts[2], 'e') THEN parts[2][1:-2]
                ELSE parts[2] END AS stem
    FROM (SELECT hit, string_split_regex(hit[2:], $space || '+') AS parts
          FROM (SELECT DISTINCT hit FROM phrase_hits) WHERE NOT suffix(hit, '-'))),
phrase_terms AS (
    SELECT hit, stem || ' ' || {_casefold("noun")} AS key, adj || ' ' || noun AS surface
    FROM phrase_parts
    WHERE adj NOT IN (SELECT word FROM stops) AND NOT regexp_full_match(stem, $generic)
      AND {_casefold("noun")} NOT IN (SELECT word FROM stops)),
candidates AS (
    SELECT h.doc, h.scope, h.is_comment, t.key, t.surface, t.kind, t.initial,
           {_seen("h.doc", 0, "h.n", "t.word")} AS seen
    FROM run_hits h JOIN run_terms t USING (hit)
    UNION ALL
    SELECT h.doc, h.scope, h.is_comment, t.key, t.surface, 'phrase', false,
           {_seen("h.doc", 1, "h.n", 0)}
    FROM phrase_hits h JOIN phrase_terms t USING (hit)),
written AS (
    -- Each form of each term: how often it is written, where first, whether inside a sentence.
    SELECT key, surface, count(*) AS n, min(seen) AS first_seen, bool_or(NOT initial) AS inside
    FROM candidates GROUP BY ALL),
forms AS (
    -- The form written most often (the first met of equals) names the term.
    SELECT key, surface FROM written
    QUALIFY row_number() OVER (PARTITION BY key ORDER BY n DESC, first_seen) = 1),
keys AS (SELECT key, bool_or(inside) AS inside, sum(n) AS n FROM written GROUP BY key),
stems AS (
    -- An inflected form merges into its base when both occur ("chinas" -> "china", "firmen" ->
    -- "firma"). A base ending in "e" takes only "n" or "s" (Idee -> Ideen, Käse -> Käses):
    -- "Armee" is no form of "Arme", nor "Kaffee" of "Kaffe".
    SELECT k.key, coalesce(arg_min(s.key, e.rank) FILTER (s.key IS NOT NULL), k.key) AS base
    FROM keys k
    LEFT JOIN (SELECT unnest($endings) AS ending, unnest($replacing) AS replacing,
                      unnest(range(len($endings))) AS rank) e
           ON NOT contains(k.key, ' ') AND suffix(k.key, e.ending)
              AND length(k.key) - length(e.ending) >= 3
    LEFT JOIN keys s ON s.key = left(k.key, length(k.key) - length(e.ending)) || e.replacing
                    AND (e.ending IN ('n', 's') OR NOT suffix(s.key, 'e'))
    GROUP BY k.key),
bases AS (
    -- A base that is itself a form of another is followed (up to three steps: each strips an
    -- ending), so that "kurse" -> "kurs" -> "kur" is one term, not two.
    SELECT s1.key, s3.base FROM stems s1 JOIN stems s2 ON s2.key = s1.base JOIN stems s3 ON s3.key = s2.base),
kept AS (
    -- A noun only ever seen opening a sentence is probably no noun. (Names and phrases are the
    -- keys with a space; nouns and compounds are single words.)
    SELECT b.key, b.base, k.n
    FROM bases b JOIN keys k ON k.key = b.key JOIN keys kb ON kb.key = b.base
    WHERE contains(b.key, ' ') OR k.inside OR kb.inside),
names AS (
    -- Forms merged into one base are named by the one written most often (the base on a tie):
    -- "Kurs" with a rare "Kur", "Leben" with a stray "Lebe", "Kinder" with "Kind".
    SELECT base, key AS name FROM kept
    QUALIFY row_number() OVER (PARTITION BY base ORDER BY n DESC, key = base DESC, key) = 1),
per_doc AS (
    -- One row per term and document, its forms together: the documents are then counted, not
    -- counted distinct, and one that writes "Kurs" and "Kurse" counts once.
    SELECT c.scope, k.base, c.kind, c.doc, c.is_comment, count(*) AS n, min(c.seen) AS first_seen,
           arg_min(c.surface, c.seen) AS surface
    FROM candidates c JOIN kept k USING (key) GROUP BY ALL),
merged AS (
    SELECT scope, base, kind, CAST(sum(n) AS BIGINT) AS count, count(*) AS n_docs,
           count(*) FILTER (is_comment) AS n_comments,
           arg_min({{'doc': doc, 'surface': surface}}, first_seen) FILTER (is_comment) AS example
    FROM per_doc GROUP BY ALL HAVING sum(n) >= $min_count)
SELECT m.scope, f.surface AS term, m.kind, m.count, m.n_docs, m.n_comments,
       m.example.doc AS example_doc, m.example.surface AS example_surface
FROM merged m JOIN names USING (base) JOIN forms f ON f.key = names.name
"""


def count_terms(con: duckdb.DuckDBPyConnection | None, docs: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Terms of `docs` (a frame: scope, text, is_comment; its position is the document number)
    seen at least `min_count` times, merged into their base forms, counted on the DuckDB
    connection `con` (a new in-memory one when None): scope, term, kind, count, n_docs (the
    documents using any of its forms: one writing "Kurs" and "Kurse" counts once), n_comments
    (the comments among them), example_doc and example_surface (the first comment using it, and how)."""
    if con is None:
        with duckdb.connect() as own:
            return count_terms(own, docs, min_count)
    params = {
        **patterns(),
        "stops": sorted(STOP_WORDS),
        "generic": _one_of(_GENERIC_ADJECTIVES),
        "endings": [ending for ending, _ in _ENDINGS],
        "replacing": [replaced for _, replaced in _ENDINGS],
        "min_count": int(min_count),
    }
    frame = docs.assign(doc=range(len(docs)), text=docs["text"].astype(object), scope=docs["scope"].astype(object))
    con.register("suggest_docs", frame[["doc", "scope", "is_comment", "text"]])
    try:
        return con.execute(TERMS_SQL, params).df()
    finally:
        con.unregister("suggest_docs")
