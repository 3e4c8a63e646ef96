"""Topics: keyword rules, the topics file, and assigning topics to articles and comments."""

import random
import re

import pandas as pd
import pytest
from paths import SEED

from etl.config import DEFAULT_TOPICS
from etl.topics import TopicsError, assign_topics, find_topics, load_topics

TOPICS_TOML = """
[topics."Künstliche Intelligenz"]
keywords = ["KI", "künstliche Intelligenz", "Sprachmodell*"]
patterns = ['\\bneuronal\\w* Netz\\w*']

[topics."China"]
keywords = ["China", "Peking"]

[topics."EU"]
keywords = ["EU", "europäische Union"]

[topics."Verkehr"]
keywords = ["E-Auto*", "Bahn"]
"""


@pytest.fixture
def topics(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text(TOPICS_TOML, encoding="utf-8")
    return load_topics(path)


def write(tmp_path, text):
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text", ["China", "Chinas Wirtschaft", "in CHINA", "Pekings Antwort", "die Bahnen", "der Bahn"]
)
def test_keyword_matches_with_inflection_endings(topics, text):
    assert find_topics(text, topics) != []


@pytest.mark.parametrize("text", ["Chinarestaurant", "Bahnhof", "Indochina"])
def test_keyword_does_not_match_inside_other_words(topics, text):
    assert find_topics(text, topics) == []


@pytest.mark.parametrize(
    "text",
    ["Sprachmodelle", "Sprachmodellen", "große SPRACHMODELLE", "ein E-Auto", "viele E-Autos", "E-Autohersteller"],
)
def test_star_keyword_matches_any_continuation(topics, text):
    assert find_topics(text, topics) != []


@pytest.mark.parametrize("text", ["ein Kilo Mehl", "Ski fahren", "ki", "Ki", "Neuer Euro", "eu"])
def test_short_capital_keywords_match_case_sensitively(topics, text):
    assert find_topics(text, topics) == []


@pytest.mark.parametrize("text", ["KI", "Chinas KI-Sektor", "chinesische KI-Firmen", "die EU", "EU-Kommission", "(KI)"])
def test_short_capital_keywords_match_as_words_and_before_hyphens(topics, text):
    assert find_topics(text, topics) != []


def test_multi_word_keyword_spans_any_whitespace_and_inflects_each_word(topics):
    assert find_topics("Regeln der Europäischen\n  Union", topics) == ["EU"]
    assert find_topics("über künstliche Intelligenz", topics) == ["Künstliche Intelligenz"]


def test_patterns_are_case_insensitive_regexes(topics):
    assert find_topics("Neuronale Netze lernen", topics) == ["Künstliche Intelligenz"]


def test_find_topics_lists_each_topic_once_in_file_order(topics):
    text = "Die EU streitet mit China über KI, KI und nochmals KI und E-Autos."
    assert find_topics(text, topics) == ["Künstliche Intelligenz", "China", "EU", "Verkehr"]


def test_find_topics_of_missing_text_is_empty(topics):
    assert find_topics(None, topics) == []
    assert find_topics(pd.NA, topics) == []


def test_bad_regex_names_its_topic(tmp_path):
    path = write(tmp_path, "[topics.\"Kaputt\"]\npatterns = ['(unclosed']\n")
    with pytest.raises(TopicsError, match="Kaputt"):
        load_topics(path)


def test_missing_file_and_bad_toml_are_topics_errors(tmp_path):
    with pytest.raises(TopicsError, match="not found"):
        load_topics(tmp_path / "nope.toml")
    with pytest.raises(TopicsError, match="TOML"):
        load_topics(write(tmp_path, "[topics.\n"))


def test_topic_without_keywords_or_patterns_is_an_error(tmp_path):
    with pytest.raises(TopicsError, match="Leer"):
        load_topics(write(tmp_path, '[topics."Leer"]\nkeywords = []\n'))


def test_shipped_topics_file_loads_in_order():
    topics = load_topics(DEFAULT_TOPICS)
    assert 15 <= len(topics) <= 25
    assert list(topics)[0] == "Künstliche Intelligenz"


def test_seed_article_gets_china_usa_apple_and_ai():
    found = find_topics(SEED.read_text(encoding="utf-8"), load_topics(DEFAULT_TOPICS))
    assert {"Künstliche Intelligenz", "China", "USA", "Apple"} <= set(found)
    assert "Migration" not in found


def frames():
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "title": ["Peking baut KI", "Die Bahn baut eine Strecke", pd.NA],
            "body": ["Mehr dazu.", pd.NA, pd.NA],
            "source_topics": ["Technik; China", pd.NA, pd.NA],
        }
    ).astype("string")
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3", "c4"],
            "article_id": ["a1", "a2", "a3", "zz"],
            "text": ["Die EU schläft.", "Fahre lieber E-Auto als Bahn.", "Nichts dazu.", "China!"],
        }
    ).astype("string")
    return articles, comments


def test_article_topics_put_source_topics_first_without_duplicates(topics):
    articles, comments = frames()
    out, _ = assign_topics(articles, comments, topics)
    assert out["topics"].tolist() == ["Technik;China;Künstliche Intelligenz", "Verkehr", ""]


def test_comment_is_about_what_it_names_and_what_its_article_is_about(topics):
    articles, comments = frames()
    _, out = assign_topics(articles, comments, topics)
    assert out["topics"].tolist() == [
        "Künstliche Intelligenz;China;EU;Technik",  # file order, then the source-only topic
        "Verkehr",
        "",
        "China",  # unknown article: only its own text counts
    ]


def test_assign_topics_leaves_its_inputs_unchanged(topics):
    articles, comments = frames()
    assign_topics(articles, comments, topics)
    assert "topics" not in articles.columns and "topics" not in comments.columns


def test_assign_topics_handles_no_comments(topics):
    articles, comments = frames()
    _, out = assign_topics(articles, comments.iloc[:0], topics)
    assert out.empty and "topics" in out.columns


@pytest.mark.parametrize(
    "text, topic, expected",
    [
        ("Die Grünen fordern mehr Windräder", "Wahlen und Parteien", True),
        ("Wir kaufen nur grüne Energie", "Wahlen und Parteien", False),
        ("Die Wahl fiel auf Alibaba", "Wahlen und Parteien", False),
        ("Viele E-Autos an der Ladesäule", "Verkehr und E-Mobilität", True),
        ("Ein Kilo Äpfel", "Künstliche Intelligenz", False),
        ("Die US-Regierung prüft", "USA", True),
    ],
)
def test_shipped_topics_file_tags_typical_phrases(text, topic, expected):
    assert (topic in find_topics(text, load_topics(DEFAULT_TOPICS))) is expected


# Matcher: which topics a text mentions, from its words instead of one scan per topic; the same
# as every topic's patterns searched for, also where str.lower and the regex engine disagree.

ODD_PIECES = [
    "China",
    "CHINAS",
    "chinesische",
    "Chinarestaurant",
    "KI",
    "KI-Firmen",
    "Ki",
    "Kilo",
    "E-Autos",
    "E-Auto",
    "e-auto",
    "Bahnhof",
    "Bahnen",
    "Europäischen\n  Union",
    "europäische",
    "Sprachmodelle",
    "SPRACHMODELL",
    "neuronale Netze",
    "die Grünen",
    "Grünen-Chefin",
    "der Linke",
    "US-Regierung",
    "USA",
    "Weiße Haus",
    "Xi Jinping",
    "von der Leyen",
    "Tech-Konzerne",
    "5G",
    "CO2",
    "ſprachmodell",
    "Chına",
    "CHİNA",
    "Σ",
    "K",
    "µ",
    "ß",
    "ẞ",
    "Straße",
    "iPhone",
    "IPHONE",
    ".",
    ",",
    "-",
    "(",
    ")",
    "\n",
    "„",
    "“",
    "…",
    "_",
    "x",
]


def random_texts(n, seed):
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(ODD_PIECES) for _ in range(rng.randrange(0, 12))).replace(" - ", "-").replace("( ", "(")
        for _ in range(n)
    ]


@pytest.mark.parametrize("cached_words", [200_000, 5])  # words remembered; 5: the memory is reset often
@pytest.mark.parametrize("which", ["test file", "shipped topics", "shipped targets"])
def test_matcher_finds_the_topics_that_searching_every_pattern_finds(topics, which, cached_words, monkeypatch):
    from etl.topics import keywords, load_targets
    from etl.topics.keywords import Matcher, matches_any

    monkeypatch.setattr(keywords, "_CACHED_WORDS", cached_words)

    table = {
        "test file": topics,
        "shipped topics": load_topics(DEFAULT_TOPICS),
        "shipped targets": load_targets(DEFAULT_TOPICS),
    }[which]
    matcher = Matcher(table)
    found_any = 0
    for text in random_texts(3000, seed=len(which)) + [""]:
        expected = [matches_any(patterns, text) for patterns in table.values()]
        assert matcher.mentions(text) == expected, text
        possible = matcher.may_mention(text)
        assert possible is None or {i for i, hit in enumerate(expected) if hit} <= possible
        found_any += any(expected)
    assert found_any > 1000


def test_mentions_look_words_up_once_for_topics_and_targets_and_change_no_result(topics):
    from etl.stance import target_stance
    from etl.topics import Mentions, load_targets
    from etl.topics.keywords import Matcher

    targets = load_targets(DEFAULT_TOPICS)
    texts = random_texts(2000, seed=11) + ["", pd.NA, "Die EU und China", "CHİNA"]
    mentions = Mentions(topics, targets, texts)
    by_topic, by_target = Matcher(topics), Matcher(targets)
    told = 0
    for text, mine, theirs in zip(texts, mentions.topics, mentions.targets):
        value = text if isinstance(text, str) else ""
        expected = by_topic.candidates(value)
        assert mine == expected or sorted(mine, key=repr) == sorted(expected, key=repr), text
        assert theirs == by_target.may_mention(value), text
        told += bool(mine) and bool(theirs)
    assert told > 100  # texts with candidates of both kinds: the split between them is tested

    articles, _ = frames()
    comments = pd.DataFrame(
        {"comment_id": [f"c{i}" for i in range(len(texts))], "article_id": "a1", "text": texts}
    ).astype("string")
    with_mentions = assign_topics(articles, comments, topics, mentions.topics)
    for given, alone in zip(with_mentions, assign_topics(articles, comments, topics)):
        pd.testing.assert_frame_equal(given, alone)
    stances = target_stance(comments, targets, mentions.targets)
    pd.testing.assert_frame_equal(stances, target_stance(comments, targets))
    assert len(stances) > 100


def test_matcher_searches_user_patterns_it_cannot_file(tmp_path):
    from etl.topics.keywords import Matcher, _needed

    topics = load_topics(
        write(tmp_path, "[topics.\"Leer\"]\npatterns = ['^$']\n[topics.\"Zahl\"]\npatterns = ['\\d{3}']\n")
    )
    assert Matcher(topics).mentions("") == [True, False]
    assert Matcher(topics).mentions("Nummer 123") == [False, True]
    assert _needed(re.compile(r"\bKI-\w+", re.I)) == ("ki-",)
    assert _needed(re.compile(r"(?-i:\b(?:[Dd]ie|der) (?:Grünen|Linke)\b)")) == ("grünen", "linke")
    assert _needed(re.compile(r"a|b")) is None
