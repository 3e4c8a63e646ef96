"""Deterministic synthetic German comment threads for benchmarks (not a sample for users).

`write_corpus(path, n, seed)` writes `n` comments in the CSV input format: articles of about 50
comments, reply trees up to 6 deep, texts of about 85 words built from evaluative German sentences
(so the sentiment engine does real work), with repeats as in real threads (quotes, short replies).
"""

import csv
import datetime as dt
import random

SUBJECTS = [
    "Die Regierung",
    "Das Unternehmen",
    "Der neue Tarif",
    "Die Studie",
    "Das Update",
    "Die Kommission",
    "Der Konzern",
    "Die Bahn",
    "Das Gesetz",
    "Die Partei",
    "Der Minister",
    "Die Stadt",
    "Das neue Smartphone",
    "Die Plattform",
    "Der Verband",
]
VERBS = ["ist", "wirkt", "bleibt", "scheint", "wäre"]
ADJECTIVES = [
    "gut",
    "schlecht",
    "richtig",
    "falsch",
    "toll",
    "furchtbar",
    "wichtig",
    "gefährlich",
    "interessant",
    "enttäuschend",
    "lächerlich",
    "hervorragend",
    "naiv",
    "vernünftig",
    "peinlich",
    "teuer",
    "fair",
    "unfair",
    "sinnvoll",
    "überflüssig",
    "neu",
    "alt",
]
ADVERBS = ["wirklich", "leider", "eigentlich", "ziemlich", "sehr", "kaum", "nicht", "absolut", "einfach"]
FILLERS = [
    "Ich habe den Artikel zweimal gelesen und bin mir trotzdem nicht sicher.",
    "Man muss das im Zusammenhang mit den letzten Jahren sehen.",
    "Die Zahlen im Text sprechen eigentlich eine klare Sprache.",
    "Wer das anders sieht, sollte die Quellen noch einmal prüfen.",
    "In meinem Umfeld wird darüber seit Wochen diskutiert.",
    "Am Ende zahlen wieder die Verbraucher die Rechnung dafür.",
    "Mal sehen, was in einem halben Jahr davon übrig ist.",
]
REPLIES = [
    "Sehe ich genauso.",
    "Das stimmt nicht.",
    "Unsinn!",
    "Ja, aber das ist nur die halbe Wahrheit.",
    "Danke für den Hinweis.",
    "Wo steht das im Artikel?",
]


ARTICLES_SPACED = 1_000_000  # comments up to which articles are 50 minutes apart (see `rows`)


def sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADVERBS)} {rng.choice(ADJECTIVES)}."


def text(rng):
    """About 85 words: evaluative sentences mixed with fillers; some short stock replies."""
    if rng.random() < 0.08:
        return rng.choice(REPLIES)
    parts = []
    while sum(len(p.split()) for p in parts) < rng.randint(60, 110):
        parts.append(sentence(rng) if rng.random() < 0.55 else rng.choice(FILLERS))
    return " ".join(parts)


def rows(n, seed=1):
    """Yield `n` comment rows (dicts with the CSV input columns), deterministic for `seed`."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    # An article every 50 minutes up to a million comments (20,000 articles: about two years);
    # a larger corpus spans the same two years, its articles closer together, so that no comment
    # is dated in the future (a run keeps such a comment without its date, with a note).
    minutes_apart = 50 * min(1.0, ARTICLES_SPACED / max(n, 1))
    article, in_article, thread = 0, 50, []
    for number in range(n):
        if in_article >= 50:
            article, in_article, thread = article + 1, 0, []
            published = start + dt.timedelta(minutes=minutes_apart * article)
        parent = rng.choice(thread) if thread and rng.random() < 0.6 else None
        depth = parent[1] + 1 if parent else 0
        comment_id = f"c{number}"
        if depth < 6:
            thread.append((comment_id, depth))
        in_article += 1
        yield {
            "comment_id": comment_id,
            "parent_id": parent[0] if parent else "",
            "article_id": f"bench-{article}",
            "article_title": f"Benchmark-Artikel {article}",
            "article_url": f"https://bench.example/{article}",
            "published_at": published.isoformat().replace("+00:00", "Z"),
            "author": f"user{rng.randint(1, 5000)}",
            "created_at": (published + dt.timedelta(minutes=5 * in_article)).isoformat().replace("+00:00", "Z"),
            "text": text(rng),
        }


def write_corpus(path, n, seed=1, skip=0):
    """Write rows `skip`..`n` of the corpus for `seed` as CSV; return the number written."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = None
        count = 0
        for index, row in enumerate(rows(n, seed)):
            if index < skip:
                continue
            writer = writer or csv.DictWriter(handle, fieldnames=list(row))
            if count == 0:
                writer.writeheader()
            writer.writerow(row)
            count += 1
    return count
