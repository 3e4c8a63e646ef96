"""Each rule of the three signals on invented German sentences: what fires, what does not, and
the reasons it gives."""

import pytest

from etl.signals import ArgumentRules, FeedbackRules, ModerationRules
from etl.signals.rules import RuleScorer, combine, rule


@pytest.fixture(scope="module")
def moderation():
    return ModerationRules()


@pytest.fixture(scope="module")
def feedback():
    return FeedbackRules()


@pytest.fixture(scope="module")
def argument():
    return ArgumentRules()


def one(scorer, text):
    return scorer.score([text])[0]


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("Sie sind ein Trottel!", "insult aimed at a person: 'Sie sind ein Trottel'"),
        ("Du Idiot, lies doch erst den Artikel.", "insult aimed at a person: 'Du Idiot'"),
        (
            "@hansi42 wie immer redest du wie ein Depp",
            "insult aimed at a person: '…ansi42 wie immer redest du wie ein Depp'",
        ),
        ("Bist du wirklich so dumm?", "insult aimed at a person: 'Bist du wirklich so dumm'"),
        ("Vollidiot!", "insult aimed at a person: 'Vollidiot!'"),
        ("Ich bring dich um.", "threat: 'Ich bring dich um'"),
        ("Der gehört erschossen.", "threat: 'gehört erschossen'"),
        ("Aufhängen sollte man die alle.", "threat: 'Aufhängen'"),
        ("Dieses Pack gehört nicht hierher.", "dehumanising term: 'Dieses Pack'"),
        ("Das sind doch alles Schmarotzer.", "dehumanising term: 'Schmarotzer'"),
        ("Halt die Klappe.", "abusive phrase: 'Halt die Klappe'"),
    ],
)
def test_a_threat_a_slur_or_an_insult_aimed_at_someone_needs_moderation_alone(moderation, text, reasons):
    score, given = one(moderation, text)
    assert score >= 0.5
    assert given == reasons


@pytest.mark.parametrize(
    "text",
    [
        "Der Trottel in der Geschichte des Films ist der Bürgermeister.",  # a bare insult word: 0.4
        "Ich habe nicht aufgepasst, wie ein Idiot.",
    ],
)
def test_a_bare_insult_word_is_a_reason_but_not_enough_alone(moderation, text):
    score, reasons = one(moderation, text)
    assert score == pytest.approx(0.4)
    assert reasons.startswith("insult: ")


def test_an_insult_with_shouting_is_enough_and_both_are_named(moderation):
    score, reasons = one(moderation, "Was für ein Trottel. DAS GLAUBT DOCH NIEMAND MEHR!!!")
    assert score == pytest.approx(1 - 0.6 * 0.7 * 0.85)
    assert reasons == ("insult: 'Trottel'; shouting: 'DAS GLAUBT DOCH NIEMAND MEHR'; repeated punctuation: '!!!'")


def test_an_insult_aimed_at_someone_is_counted_once_not_also_as_a_bare_insult(moderation):
    assert one(moderation, "Sie Trottel.") == (0.7, "insult aimed at a person: 'Sie Trottel'")


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung hat das Budget beschlossen, die Opposition ist dagegen.",
        "ÖVP SPÖ FPÖ NEOS und die Grünen verhandeln.",  # acronyms are not shouting
        "Idiotie ist ein altes Wort.",  # not a whole insult word
        "Ich habe die Wäsche aufgehängt.",  # not a threat
        "Sie sind eine gute Journalistin.",
        "Wirklich?",
    ],
)
def test_ordinary_comments_need_no_moderation(moderation, text):
    assert one(moderation, text) == (0.0, "")


def test_shouting_and_repeated_punctuation_are_weak_alone(moderation):
    assert one(moderation, "Wie bitte???")[0] == pytest.approx(0.15)
    score, reasons = one(moderation, "DAS IST EINE FRECHHEIT SONDERGLEICHEN")
    assert score == pytest.approx(0.3)
    assert reasons == "shouting: 'DAS IST EINE FRECHHEIT SONDERGLEICHEN'"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Liebe Redaktion, bitte mehr dazu.", "addresses the newsroom"),
        ("Werte Redaktion: danke.", "addresses the newsroom"),
        ("Frau Redakteurin, woher haben Sie das?", "addresses the newsroom"),
        ("Tippfehler im zweiten Absatz.", "error report"),
        ("Rechtschreibfehler gleich im ersten Satz.", "error report"),
        ("Im Artikel steht leider falsch, dass er Minister war.", "error report"),
        ("Fehler im Artikel: er war nie Kanzler.", "error report"),
        ("Die Zahl stimmt nicht.", "error report"),
        ("Das müsste wohl Millionen heißen.", "error report"),
        ("derStandard sollte darüber berichten.", "request of the newsroom"),
        ("Lieber Herr Seidl, Sie irren.", "addresses the author"),
    ],
)
def test_a_reader_addressing_the_newsroom_is_feedback(feedback, text, family):
    score, reasons = one(feedback, text)
    assert score >= 0.5
    assert reasons.split(";")[0].split(":")[0] == family


def test_asking_for_the_source_is_a_hint_of_feedback(feedback):
    assert one(feedback, "Quelle?") == (0.4, "asks for the source: 'Quelle?'")


@pytest.mark.parametrize(
    "text",
    ["Die Regierung sollte zurücktreten.", "Liebe Grüße an alle hier.", "Ich finde das falsch."],
)
def test_opinions_about_the_news_are_not_feedback(feedback, text):
    assert one(feedback, text) == (0.0, "")


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Das wird nicht funktionieren, weil niemand es bezahlt.", "reason"),
        ("Das geht nicht, da das Geld fehlt.", "reason"),
        ("Ich bin dagegen. Denn es trifft die Falschen.", "reason"),
        ("Deshalb bin ich dagegen.", "conclusion"),
        ("Aus diesem Grund wähle ich sie nicht.", "conclusion"),
    ],
)
def test_a_claim_with_a_reason_is_an_argument(argument, text, family):
    score, reasons = one(argument, text)
    assert score >= 0.5
    assert reasons.startswith(family + ": ")


def test_supporting_evidence_adds_up(argument):
    score, reasons = one(argument, "Laut einer Studie sind es 30 Prozent.")
    assert score == pytest.approx(1 - 0.7 * 0.7)
    assert reasons == "evidence: 'Laut', 'Studie'; number with a unit: '30 Prozent'"


@pytest.mark.parametrize(
    "text",
    ["Da hast du recht.", "Was denn?", "Super Artikel!", "Ich bin dagegen."],
)
def test_a_bare_claim_or_a_particle_is_no_argument(argument, text):
    assert one(argument, text)[0] < 0.5


def test_a_long_text_is_named_without_quoting_it(argument):
    score, reasons = one(argument, " ".join(["wort"] * 60))
    assert (score, reasons) == (0.25, "long text (60 words or more)")


def test_scores_combine_as_independent_evidence():
    assert combine([]) == 0.0
    assert combine([0.5]) == 0.5
    assert combine([0.5, 0.5]) == 0.75
    assert combine([0.9, 0.9, 0.9]) < 1.0


def test_reasons_quote_at_most_three_distinct_words_as_written():
    scorer = RuleScorer([rule("word", 0.5, r"\bx\w*")])
    assert scorer.score(["xa XB xa xc xd", ""]) == [(0.5, "word: 'xa', 'XB', 'xc'"), (0.0, "")]
