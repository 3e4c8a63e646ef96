"""Language detection from stopwords, and what the textblob-de engine can score."""

import pandas as pd
import pytest

from etl.text.language import detect_language, detect_one, scorable


@pytest.mark.parametrize(
    "code, text",
    [
        ("de", "Ich finde das ist eine ganz schlechte Idee und die Stadt sollte sie stoppen."),
        ("de", "Die EU reguliert KI kaputt, das ist einfach falsch."),
        ("en", "I think this is a really bad idea and the government should stop it."),
        ("fr", "Je pense que c’est une très mauvaise idée et le gouvernement doit arrêter."),
        ("it", "Penso che sia una pessima idea e il governo dovrebbe fermarla."),
        ("es", "Creo que es una idea muy mala y el gobierno debería pararla."),
        ("nl", "Ik denk dat het een heel slecht idee is en de regering moet stoppen."),
        ("pt", "Acho que é uma péssima ideia e o governo deveria parar com isso."),
        ("tr", "Bence bu çok kötü bir fikir ve hükümet bunu durdurmalı."),
        ("pl", "Myślę, że to bardzo zły pomysł i rząd powinien to zatrzymać."),
    ],
)
def test_detect_one_names_the_language(code, text):
    assert detect_one(text) == code


@pytest.mark.parametrize("text", ["Super!", "OK", "lol", "", "12345 !!!", None])
def test_too_little_text_is_undetermined(text):
    assert detect_one(text) == "und"


def test_a_long_text_is_decided_by_its_beginning_and_looked_at_further_when_unclear():
    english = "I think this is what we all know and it is true."
    assert detect_one("Ok. " * 300 + english) == "und"
    assert detect_one("Ok. " * 60 + english) == "en"


def test_detect_language_keeps_the_index_and_fills_missing_with_und():
    texts = pd.Series(
        ["Das ist doch nicht dein Ernst.", None, "This is not what I wanted at all."], index=[5, 7, 9], dtype="string"
    )
    codes = detect_language(texts)
    assert codes.index.tolist() == [5, 7, 9]
    assert codes.tolist() == ["de", "und", "en"]
    assert str(codes.dtype) == "string"


@pytest.mark.parametrize(
    "code, expected", [("de", True), ("und", True), ("de-AT", True), ("en", False), ("fr", False), (None, False)]
)
def test_textblob_de_scores_german_and_undetermined_text(code, expected):
    assert scorable(code) is expected


def test_vote_shortcuts_change_nothing():
    """_vote adds the same votes in the same order as it did with findall, set and max(key=)."""
    import random

    from etl.text import language

    def reference(head):
        head = head.lower().replace("’", "'")
        scores = [0.0] * len(language.LANGUAGES)
        for word in filter(language._VOTES.__contains__, language._WORD.findall(head)):
            for lang, vote in language._VOTES[word]:
                scores[lang] += vote
        for letter in set(language._LETTER.findall(head)):
            scores[language._LETTER_LANGUAGE[letter]] += 1
        best = max(range(len(scores)), key=scores.__getitem__)
        runner_up = max(score for i, score in enumerate(scores) if i != best)
        if scores[best] < language._MIN_VOTES or scores[best] < language._MIN_LEAD * runner_up:
            return language.UNDETERMINED
        return language.LANGUAGES[best]

    words = [w for ws in language._STOPWORDS.values() for w in ws.split()] + list("äßışğñ¿¡ãõłąężźśœèêù")
    words += ["’", "Xyz", "123", "DER", "İ", "Σ"]
    rng = random.Random(9)
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 40)))
        assert language._vote(text) == reference(text), text
