"""Keyness (log-likelihood G²) ranks topic suggestions: terms that mark a discussion rise,
boilerplate every discussion uses sinks, however frequent."""

import math

import pandas as pd
import pytest
from paths import SHARED

from etl.topics.keyness import log_likelihood, rate_ratio
from etl.topics.suggest import suggest_topics

POSTS = SHARED / "one-million-posts" / "posts.csv.xz"


def test_g2_of_a_term_only_the_scope_uses_is_dunnings_value():
    # 10 of 100 texts in the scope, none of 900 in the rest: E1 = 1, G² = 2 · 10 ln 10.
    assert log_likelihood([10], [0], [100], [900])[0] == pytest.approx(2 * 10 * math.log(10))


def test_g2_of_equal_rates_is_zero_and_of_a_rarer_use_too():
    assert log_likelihood([5, 1], [45, 50], [100, 100], [900, 900]).tolist() == [0.0, 0.0]


def test_ratio_says_how_many_times_more_often():
    assert rate_ratio([10], [9.5], [100], [1000])[0] == pytest.approx(10.0)


def _corpus():
    """Twelve articles: every one's comments cite "Zahl" and "Quelle" (two comments each, 24 in
    all: the most frequent nouns), two discussions have topics of their own (four comments each),
    and one comment repeats a word forty times."""
    texts, article_ids = [], []
    topical = {"a1": "Wärmepumpe", "a2": "Tempolimit"}
    for number in range(1, 13):
        article = f"a{number}"
        texts += [
            "Welche Zahl stimmt denn nun? Wo ist die Quelle dafür?",
            "Die Zahl ist falsch, ohne Quelle glaube ich gar nichts.",
            "Ich lese das anders als die meisten hier.",
        ]
        article_ids += [article] * 3
        if article in topical:
            noun = topical[article]
            texts += [f"Eine {noun} ist teuer.", f"Ja, die {noun} überzeugt mich.", f"Die {noun} bleibt umstritten."]
            texts += [f"Ohne {noun} geht es nicht."]
            article_ids += [article] * 4
    texts.append("Lies das: " + " ".join(["IMGUR"] * 40))
    article_ids.append("a3")
    return pd.DataFrame({"comment_id": [f"c{i}" for i in range(len(texts))], "article_id": article_ids, "text": texts})


def test_over_everything_the_discussions_topics_rank_above_boilerplate_and_spam():
    comments = _corpus()
    found = suggest_topics(None, comments, by="all", top=50)
    terms = found["term"].tolist()
    assert terms[:2] == ["Wärmepumpe", "Tempolimit"] or terms[:2] == ["Tempolimit", "Wärmepumpe"]
    # By count "Zahl" and "Quelle" lead (24 uses each); by keyness they mark no discussion.
    counts = found.set_index("term")["count"]
    assert counts.get("Zahl", 24) > counts["Wärmepumpe"]
    keyness = found.set_index("term")["keyness"]
    assert keyness.get("Zahl", 0) < 10.83 and keyness.get("Quelle", 0) < 10.83 < keyness["Wärmepumpe"]
    # One comment repeating a word is one text: below min_count, however many times it is written.
    assert "IMGUR" not in terms


def test_per_article_boilerplate_is_not_suggested_and_the_articles_own_term_is_first():
    found = suggest_topics(None, _corpus(), by="article", top=10)
    first = found[found["scope"] == "a1"]
    assert first["term"].iloc[0] == "Wärmepumpe"
    assert first["keyness"].iloc[0] > 10
    assert not {"Zahl", "Quelle"} & set(first["term"])


def test_chosen_comments_against_a_reference_name_what_sets_them_apart():
    comments = _corpus()
    chosen = comments[comments["article_id"] == "a2"]
    found = suggest_topics(None, chosen, by="all", reference=comments, top=5)
    assert found["term"].iloc[0] == "Tempolimit"
    assert found["ratio"].iloc[0] > 1
    assert not {"Zahl", "Quelle", "Wärmepumpe"} & set(found["term"])


def test_with_nothing_to_compare_terms_are_ranked_by_use():
    one = _corpus()
    one = one[one["article_id"] == "a1"]
    found = suggest_topics(None, one, by="article", top=3)
    assert found["term"].iloc[0] == "Wärmepumpe" or found["count"].iloc[0] >= found["count"].iloc[1]
    assert len(found)


@pytest.mark.skipif(not POSTS.is_file(), reason=f"shared real data not found at {POSTS}")
def test_on_the_real_derstandard_comments_keyness_puts_boilerplate_down_the_list():
    from etl.sources.omp import read_csv

    comments = read_csv(POSTS).comments
    found = suggest_topics(None, comments, by="all", top=10_000)
    by_count = found.sort_values(["count", "n_comments"], ascending=False, kind="stable")["term"].tolist()
    by_keyness = found["term"].tolist()
    for boilerplate in ("Zahl", "Quelle", "Standard"):
        if boilerplate in by_keyness:
            assert by_keyness.index(boilerplate) > 100
            assert by_keyness.index(boilerplate) > by_count.index(boilerplate)
    assert by_keyness[:20] != by_count[:20]
