"""Topic suggestions from the data itself: frequent German terms and noun phrases per article,
per ISO week or over everything, so a user can grow the topics file.

`suggest_topics(articles, comments, topics, by="article", top=10)` needs comments[article_id,
text] (and `created_at` for weeks) and articles[article_id] (`title`, `body`, `published_at` used
when present) and returns a new frame with `SUGGESTION_COLUMNS`.

Cheap German heuristics, no model: nouns and names are capitalised (a sentence's first word
counts only if the word also appears capitalised inside a sentence); hyphenated compounds
("KI-Sektor") are terms of their own; an adjective between an article or preposition and a noun
makes a phrase ("den chinesischen Markt" → "chinesischen Markt"); runs of capitalised words make
names ("Apple Intelligence"). Inflected forms merge into their base when both occur ("Chinas" →
"China"), which is also how topics keywords match. Stop words (`etl.stopwords`) are dropped.
"""

import re
from collections import Counter

import pandas as pd

from etl.stopwords import STOP_WORDS
from etl.topics import find_topics

SUGGESTION_COLUMNS = {
    "scope": "string",
    "term": "string",
    "kind": "string",
    "count": "Int64",
    "n_comments": "Int64",
    "covered_by": "string",
    "example": "string",
}
SCOPES = ("article", "week", "all")

_CAP = r"(?:[A-ZÄÖÜ][\w]*|[a-z]+[A-Z][\w]*)(?:-[\w]+)*"
# A run of capitalised words, with what precedes it: sentence start or not.
_RUN = re.compile(rf"(?P<pre>(?:^|[.!?:]\s+|\n\s*|@[\w.\-]+[,:]?\s+)[\"„»(]?)?"
                  rf"(?<![\w-])(?P<run>{_CAP}(?:[ ]{_CAP})*)(?![\w-])")
_DETERMINERS = (r"der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|im|am|zum|zur|vom|beim|ins|"
                r"mit|für|von|auf|in|über|unter|bei|aus|nach|gegen|ohne|durch|kein|keine|keinen|keinem|"
                r"keiner|unser|unsere|unseren|unserem|unserer|diese|diesen|diesem|dieser|dieses|jede|"
                r"jeden|jedem|jeder|alle|viele|vielen|mehr|seine|seinen|seiner|ihre|ihren|ihrer")
_PHRASE = re.compile(rf"\b(?i:{_DETERMINERS})\s+(?P<adj>[a-zäöüß][a-zäöüß]+(?:e|en|er|es|em))\s+"
                     rf"(?P<noun>[A-ZÄÖÜ][\w]+(?:-[\w]+)*)(?![\w-])")
# Adjectives that judge or count rather than name a subject: "gute Nachricht" is no topic.
_GENERIC_ADJECTIVES = frozenset("""gut besser best schlecht schlimm groß größer gross grösser klein
neu alt eigen ganz viel wenig richtig falsch furchtbar toll super einfach letzt erst nächst ander
gleich hoch lang kurz echt wirklich wichtig gross riesig enorm klar total absolut völlig weit
schön schwierig schwer leicht interessant spannend traurig peinlich dumm klug""".split())
_ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")
EXAMPLE_CHARS = 120


def suggest_topics(articles, comments, topics=None, by="article", top=10, min_count=2,
                   keep_covered=False):
    """The `top` most frequent terms per scope (see module docstring), most frequent first.

    by: "article" (scope = article_id), "week" (scope = ISO week "2025-W21" of the comment, or of
    the article for its own text) or "all". Article titles and bodies count towards `count`;
    `n_comments` counts only comments. Terms seen fewer than `min_count` times are left out.
    `topics` ({name: patterns}, from `load_topics`) marks terms the topics file already covers:
    they are dropped unless `keep_covered`, then `covered_by` names the topics.
    """
    if by not in SCOPES:
        raise ValueError(f"by must be one of {', '.join(SCOPES)}, not {by!r}")
    docs = _documents(articles, comments, by)
    counts, commenters, examples, inside, forms = Counter(), Counter(), {}, set(), {}
    for scope, text, is_comment in docs:
        seen = set()
        for key, surface, kind, initial in _candidates(text):
            counts[scope, key, kind] += 1
            forms.setdefault(key, Counter())[surface] += 1
            seen.add((scope, key, kind))
            if not initial:
                inside.add(key)
            if is_comment and (scope, key, kind) not in examples:
                examples[scope, key, kind] = (surface, text)
        if is_comment:
            commenters.update(seen)
    return _table(counts, commenters, examples, inside, forms, topics, top, min_count, keep_covered)


def _documents(articles, comments, by):
    """(scope, text, is_comment) for every comment and every article's title and body."""
    articles = articles if articles is not None else pd.DataFrame(columns=["article_id"])
    article_text = (articles.get("title", pd.Series("", index=articles.index)).fillna("").astype(str)
                    + "\n" + articles.get("body", pd.Series("", index=articles.index)).fillna("").astype(str))
    comment_text = comments["text"].fillna("").astype(str)
    if by == "article":
        article_scope = articles["article_id"].astype(str)
        comment_scope = comments["article_id"].astype(str)
    elif by == "week":
        published = _dates(articles, "published_at")
        article_scope = _weeks(published)
        fallback = pd.Series(published.to_numpy(), index=articles["article_id"].astype(str))
        fallback = fallback[~fallback.index.duplicated()]
        created = _dates(comments, "created_at")
        created = created.fillna(comments["article_id"].astype(str).map(fallback))
        comment_scope = _weeks(created)
    else:
        article_scope = pd.Series("all", index=articles.index)
        comment_scope = pd.Series("all", index=comments.index)
    return [*zip(article_scope, article_text, [False] * len(articles)),
            *zip(comment_scope, comment_text, [True] * len(comments))]


def _dates(frame, column):
    if column not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us, UTC]")
    return pd.to_datetime(frame[column], utc=True, errors="coerce", format="ISO8601")


def _weeks(moments):
    iso = moments.dt.isocalendar()
    labels = iso["year"].astype("string") + "-W" + iso["week"].astype("string").str.zfill(2)
    return labels.fillna("unknown")


def _candidates(text):
    """(key, surface, kind, sentence_initial) for each term occurrence in one text."""
    for match in _RUN.finditer(text):
        words = match.group("run").split(" ")
        initial = match.group("pre") is not None
        if initial and words[0].casefold() in STOP_WORDS:
            words, initial = words[1:], False
        kept = []
        for position, word in enumerate(words):
            if len(word) < 2 or word.casefold() in STOP_WORDS:
                kept.append(None)
                continue
            kept.append(word)
            kind = "compound" if "-" in word else "noun"
            yield word.casefold(), word, kind, initial and position == 0
        # Names: two or three capitalised words in a row, none a stop word.
        if 2 <= len(kept) <= 3 and all(kept) and not initial:
            name = " ".join(kept)
            yield name.casefold(), name, "name", False
    for match in _PHRASE.finditer(text):
        adjective, noun = match.group("adj"), match.group("noun")
        stem = _stem(adjective)
        if adjective in STOP_WORDS or stem in _GENERIC_ADJECTIVES or noun.casefold() in STOP_WORDS:
            continue
        surface = f"{adjective} {noun}"
        yield f"{stem} {noun.casefold()}", surface, "phrase", False


def _stem(word):
    for ending in ("em", "en", "er", "es", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


def _base_of(keys):
    """{key: base key}: an inflected noun merges into its base when both occur."""
    present = set(keys)
    base = {}
    for key in keys:
        base[key] = key
        if " " in key:
            continue
        for ending in _ENDINGS:
            stem = key[:-len(ending)]
            if key.endswith(ending) and len(stem) >= 3 and stem in present:
                base[key] = stem
                break
    return base


def _table(counts, commenters, examples, inside, forms, topics, top, min_count, keep_covered):
    rows = {}
    base = _base_of({key for _, key, _ in counts})
    for (scope, key, kind), n in counts.items():
        if kind in ("noun", "compound") and key not in inside and base[key] not in inside:
            continue  # only ever seen opening a sentence: probably not a noun
        target = (scope, base[key], kind)
        count, n_comments, example = rows.get(target, (0, 0, None))
        rows[target] = (count + n, n_comments + commenters[scope, key, kind],
                        example or examples.get((scope, key, kind)))
    records = []
    for (scope, key, kind), (count, n_comments, example) in rows.items():
        if count < min_count:
            continue
        # The base form as written most often ("China", not "china").
        term = forms[key].most_common(1)[0][0]
        covered = ";".join(find_topics(term, topics)) if topics else ""
        if covered and not keep_covered:
            continue
        records.append((scope, term, kind, count, n_comments, covered, _snippet(example)))
    frame = pd.DataFrame(records, columns=list(SUGGESTION_COLUMNS))
    frame = frame.sort_values(["scope", "count", "n_comments", "term"], ascending=[True, False, False, True])
    return frame.groupby("scope", sort=False).head(top).reset_index(drop=True).astype(SUGGESTION_COLUMNS)


def _snippet(example):
    """About EXAMPLE_CHARS of the comment around the term, on word boundaries."""
    if not example:
        return ""
    surface, text = example
    text = " ".join(text.split())
    at = max(text.find(surface), 0)
    start = max(at - EXAMPLE_CHARS // 3, 0)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start:start + EXAMPLE_CHARS]
    if start + EXAMPLE_CHARS < len(text):
        piece = piece[:piece.rfind(" ")] + " …" if " " in piece else piece + "…"
    return ("… " if start else "") + piece
