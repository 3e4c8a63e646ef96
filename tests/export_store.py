"""A store of hostile cells for the export tests: every kind of value the CSV writers must agree
on byte for byte (formula prefixes, quotes, newlines, CR, delimiters, NULLs and empty strings,
floats from tiny to huge, timestamps with and without microseconds, umlauts), with editors'
labels beside some comments and sources given as server paths and site addresses."""

import math

import pandas as pd

from etl.store import labels

NASTY_TEXTS = [
    "=SUMME(A1:A3)",
    '=HYPERLINK("http://example.invalid","klick")',
    "+49 30 123",
    "-1 ist schlecht",
    "-",
    "@jemand hat recht",
    "\tmit Tab vorne",
    "\rmit CR vorne",
    "CR\rmitten",
    "CRLF\r\nmitten",
    'Er sagte "nein", dann "ja"',
    '"ganz zitiert"',
    "Zeile eins\nZeile zwei",
    "\n",
    "a,b,c",
    "a;b;c",
    "Grüße aus Köln – Maß, Straße, ÄÖÜ äöü ß €",
    "'schon mit Apostroph",
    " führendes Leerzeichen",
    "hinten Leerzeichen ",
    "#kein Kommentar",
    "\\Rückstrich\\",
    "Zeilentrenner\u2028und Absatz\u2029",
    "emoji 😀 und 👍🏽",
    "0.5",
    "",
    None,
]
NASTY_FLOATS = [0.1, -0.35, 1e-05, 1 / 3, -0.0, math.nan, None, 1.0, 123456.789, 5e-324, 1e16, -2.5e-7, 0.0]
NASTY_TIMES = [
    "2025-05-27T09:00:00Z",
    "2025-05-27T09:00:00.123456Z",
    "2025-05-27T09:00:00.5Z",
    None,
    "1999-12-31T23:59:59.000001Z",
    "2025-01-01T00:00:00Z",
]
SOURCES = ["/srv/newsroom/private/in/forum-a.csv", "https://user:pw@zeitung.example:8443/wp?key=1#x", None, ""]


def nasty_frames(frames):
    """The fixture tables `frames` (conftest.fixture_frames) plus comments (and targets) cycling
    through every hostile value."""
    rows = []
    n = 3 * len(NASTY_TEXTS)
    for i in range(n):
        rows.append(
            {
                "comment_id": f"n{i}",
                "article_id": ["a1", "a2", "a3", "nasty", "untitled", "unknown"][i % 6],
                "parent_id": f"n{i - 1}" if i % 3 else None,
                "root_id": f"n{i - i % 3}",
                "depth": None if i % 7 == 0 else i % 3,
                "position": i,
                "author": NASTY_TEXTS[(i + 5) % len(NASTY_TEXTS)],
                "created_at": NASTY_TIMES[i % len(NASTY_TIMES)],
                "text": NASTY_TEXTS[i % len(NASTY_TEXTS)],
                "polarity": NASTY_FLOATS[i % len(NASTY_FLOATS)],
                "subjectivity": NASTY_FLOATS[(i + 3) % len(NASTY_FLOATS)],
                "sentiment": ["negative", "neutral", "positive", None][i % 4],
                "stance": ["agree", "disagree", "", None][i % 4],
                "topics": ["China;KI", "", None, "Verkehr"][i % 4],
                "status": ["published", None, "deleted", "published"][i % 4],
                "source": SOURCES[i % len(SOURCES)],
                "n_replies": None if i % 5 == 0 else i % 4,
                "stance_evidence": NASTY_TEXTS[(i + 11) % len(NASTY_TEXTS)],
                "language": "de",
                "flags": ["", "empty-text;non-german:en", None][i % 3],
                "positive_votes": None if i % 2 else i * 1000,
                "negative_votes": -i if i % 6 == 0 else None,
                "needs_moderation": NASTY_FLOATS[(i + 1) % len(NASTY_FLOATS)],
                "moderation_reasons": NASTY_TEXTS[(i + 2) % len(NASTY_TEXTS)],
                "feedback": NASTY_FLOATS[(i + 2) % len(NASTY_FLOATS)],
                "argument": NASTY_FLOATS[(i + 4) % len(NASTY_FLOATS)],
                "sentiment_engine": "textblob-de",
            }
        )
    comments = pd.concat([frames["comments"], pd.DataFrame(rows)], ignore_index=True)
    # "untitled" has a blank title, "unknown" no article row at all.
    nasty_article = pd.DataFrame(
        [
            {"article_id": "nasty", "source": SOURCES[0], "title": '=Titel, "Zitat"\nZeile', "published_at": None},
            {"article_id": "untitled", "source": SOURCES[1], "title": "  ", "published_at": "2025-05-30T10:00:00Z"},
        ]
    )
    targets = pd.DataFrame(
        [
            {
                "comment_id": f"n{i}",
                "article_id": ["a1", "a2", "a3", "nasty"][i % 4],
                "target": NASTY_TEXTS[i % len(NASTY_TEXTS)] or "EU",
                "stance": ["favor", "against", "none"][i % 3],
                "score": NASTY_FLOATS[i % len(NASTY_FLOATS)],
                "evidence": NASTY_TEXTS[(i + 1) % len(NASTY_TEXTS)],
            }
            for i in range(n)
        ]
    )
    return dict(
        frames,
        comments=comments,
        articles=pd.concat([frames["articles"], nasty_article], ignore_index=True),
        target_stances=pd.concat([frames["target_stances"], targets], ignore_index=True),
    )


def write_nasty_store(store_dir, frames, publish):
    """Publish (the `publish` fixture) the hostile store built on the fixture tables `frames` at
    `store_dir`, with editors' labels of a few comments."""
    publish(store_dir, nasty_frames(frames))
    given = [("n1", "sentiment", "negative"), ("n2", "stance", "agree"), ("c1", "sentiment", "neutral")]
    labels.add(store_dir, given, "Ed")
    labels.add(store_dir, [("n2", "sentiment", "positive")], "Ed")
    return store_dir
