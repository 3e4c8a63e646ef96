"""The signals on the real derStandard labels (../shared/data/one-million-posts, never copied
here): floors under the figures docs/quality.md states for the held-out articles, so a change to
the rules that loses them fails. Skipped when the data is absent."""

import pandas as pd
import pytest
from paths import SHARED

from etl.signals import POSITIVE_FROM, get_engines

POSTS = SHARED / "one-million-posts" / "posts.csv.xz"


@pytest.fixture(scope="module")
def held_out():
    """Posts of the held-out articles (bench/signals.py: the articles sorted by number, every
    other one from the second)."""
    if not POSTS.exists():
        pytest.skip("One Million Posts data not found at ../shared/data/one-million-posts")
    posts = pd.read_csv(POSTS, dtype={"Headline": "string", "Body": "string", "Status": "string"})
    articles = sorted(posts["ID_Article"].unique())
    posts = posts[posts["ID_Article"].isin(articles[1::2])]
    return posts.assign(text=(posts["Headline"].fillna("") + "\n\n" + posts["Body"].fillna("")).str.strip())


def precision_recall(posts, signal, gold_column):
    labelled = posts[posts[gold_column].notna()]
    scores = pd.Series([s for s, _ in get_engines().scorers[signal].score(labelled["text"].tolist())])
    flagged = scores.ge(POSITIVE_FROM).to_numpy()
    gold = labelled[gold_column].eq(1).to_numpy()
    return (gold & flagged).sum() / flagged.sum(), (gold & flagged).sum() / gold.sum()


def test_feedback_on_held_out_articles_keeps_its_measured_level(held_out):
    precision, recall = precision_recall(held_out, "feedback", "PossiblyFeedback")
    assert precision >= 0.75 and recall >= 0.15  # measured 0.852 and 0.182


def test_argument_on_held_out_articles_keeps_its_measured_level(held_out):
    precision, recall = precision_recall(held_out, "argument", "ArgumentsUsed")
    assert precision >= 0.5 and recall >= 0.2  # measured 0.610 and 0.250


def test_the_moderation_word_list_flags_few_posts_of_ordinary_discussion(held_out):
    # Its recall is not worth a floor (1 of 43 held-out flagged posts): what it must not do is
    # flood moderators. Measured: 0.25 % of all posts reach 0.5.
    scores = [s for s, _ in get_engines().scorers["needs_moderation"].score(held_out["text"].tolist())]
    assert sum(s >= POSITIVE_FROM for s in scores) / len(scores) < 0.01
