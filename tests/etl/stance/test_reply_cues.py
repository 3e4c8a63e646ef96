"""Reply stance cue families, on invented German replies: agreement and disagreement markers,
corrections, concessions, questions back, answers to a question, weak hints, and polarity as weak
evidence only. The figures on real replies: tests/etl/stance/test_reply_stance_real.py."""

import pytest

from etl.stance import CueStance

STATEMENT = "Die Mieten in Graz steigen, weil zu wenig gebaut wird."
QUESTION = "Steigen die Mieten in Graz wirklich so stark?"


def judge(reply, parent=STATEMENT, reply_polarity=None, parent_polarity=None):
    """(stance, evidence) of one reply to its parent."""
    ((stance, evidence),) = CueStance().explain([reply], [parent], [reply_polarity], [parent_polarity])
    return stance, evidence


@pytest.mark.parametrize(
    "reply",
    [
        "Hab ich mir auch gedacht …",
        "Das mit Hamsterrad und Leiter gefällt mir.",
        "Sehe ich auch so.",
        "Ganz meine Meinung.",
        "Volle Zustimmung!",
        "+1",
        "Danke!",
        "Oh, danke, das wusste ich nicht.",
        "Richtig.",
        "Eben.",
        "Genau.",
        "Ja, stimmt.",
        "Geht mir genauso.",
        "Wie wahr.",
        "Meine Rede.",
        "Da gebe ich Ihnen völlig recht.",
        "Super!",
        "Haha, der war gut.",
        "Dazu kommt noch, dass die Grundstücke teurer werden.",
    ],
)
def test_agreement_markers_make_a_reply_agree(reply):
    stance, evidence = judge(reply)
    assert stance == "agree", evidence
    assert evidence.startswith("agree: ")


@pytest.mark.parametrize(
    "reply",
    [
        "Nein.",
        "Falsch.",
        "Blödsinn, gebaut wird genug.",
        "Das stimmt nicht.",
        "Das sehe ich anders.",
        "Das ist doch ein Märchen der Bauwirtschaft.",
        "Eben nicht.",
        "Quatsch.",
        "Ach was, gebaut wird wie verrückt.",
        "Völlig daneben.",
        "Schmarrn.",
        "Was hat das mit den Mieten zu tun?",
        "Interessante Logik.",
        "Geht's noch?",
        "Ändert aber nichts daran, dass die Wohnungen leer stehen.",
    ],
)
def test_disagreement_markers_make_a_reply_disagree(reply):
    stance, evidence = judge(reply)
    assert stance == "disagree", evidence
    assert evidence.startswith("disagree: ")


@pytest.mark.parametrize(
    "reply",
    [
        "Nicht zu wenig gebaut, sondern zu teuer gebaut.",
        "Sie meinen wohl die Kaufpreise.",
        "Das heißt also, wir sollen alle aufs Land ziehen?",
        "Eher das Gegenteil: gebaut wird genug.",
    ],
)
def test_corrections_are_disagreement(reply):
    stance, evidence = judge(reply)
    assert stance == "disagree"
    assert "(correction)" in evidence


@pytest.mark.parametrize("reply", ["Ja, aber nicht in Graz.", "Schon, aber nur in der Innenstadt."])
def test_yes_but_concessions_are_disagreement(reply):
    stance, evidence = judge(reply)
    assert stance == "disagree"
    assert "(yes-but)" in evidence


@pytest.mark.parametrize("reply", ["Wieso sollte zu wenig gebaut werden?", "Warum glauben Sie das?"])
def test_why_questions_back_are_disagreement(reply):
    stance, evidence = judge(reply)
    assert stance == "disagree"
    assert "(question back)" in evidence


def test_yes_and_no_answer_a_question_without_taking_a_side():
    assert judge("Ja.")[0] == "agree"
    assert judge("Nein.")[0] == "disagree"
    assert judge("Ja, in manchen Bezirken um zehn Prozent.", QUESTION)[0] == "neutral"
    assert judge("Nein.", QUESTION)[0] == "neutral"


@pytest.mark.parametrize("reply", ["Was meinen Sie damit?", "Wie meinst du das genau?"])
def test_asking_what_the_parent_means_stays_neutral(reply):
    assert judge(reply) == ("neutral", "neutral: no stance cue")


def test_one_weak_hint_is_not_enough():
    stance, evidence = judge("In Leoben sind die Mieten nicht gestiegen.")
    assert stance == "neutral"
    assert '"nicht" (negation, weak)' in evidence


def test_two_weak_hints_make_a_disagreement_and_say_they_are_weak():
    stance, evidence = judge("In Leoben sind die Mieten aber nicht gestiegen.")
    assert stance == "disagree"
    assert '"aber" (contrast, weak)' in evidence and '"nicht" (negation, weak)' in evidence


def test_a_reply_without_any_cue_stays_neutral():
    assert judge("In Leoben wurde letztes Jahr ein Hochhaus eröffnet.") == ("neutral", "neutral: no stance cue")


@pytest.mark.parametrize("reply", ["Hab ich mir auch gedacht …", "Das mit Hamsterrad und Leiter gefällt mir."])
def test_agreement_cues_outweigh_opposite_polarity(reply):
    # Both were called disagree when opposite polarity alone decided.
    stance, evidence = judge(reply, reply_polarity=-0.6, parent_polarity=0.5)
    assert stance == "agree"
    assert "(agreement)" in evidence or "(appreciation)" in evidence


def test_opposite_polarity_alone_stays_neutral():
    stance, evidence = judge("Die Lage ist furchtbar.", reply_polarity=-0.8, parent_polarity=0.8)
    assert stance == "neutral"
    assert "opposite leans" in evidence


def test_evidence_quotes_the_cue_that_fired():
    assert judge("Hab ich mir auch gedacht …")[1] == 'agree: "Hab ich mir auch gedacht" (agreement)'


def test_negated_appreciation_is_disagreement():
    stance, evidence = judge("Das gefällt mir nicht.")
    assert stance == "disagree"
    assert "negated appreciation" in evidence
