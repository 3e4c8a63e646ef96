"""The ETL's reasons and stance evidence in German: the rules' and cues' words translated, the
quoted comment words as written, anything unknown left as it is."""

import json

from dash import html

from dashboard import i18n
from dashboard.components.moderation import flagged_item
from dashboard.components.thread import comment_card
from dashboard.i18n_de import REASONS
from dashboard.i18n_reasons import evidence_text, reasons_text
from etl.signals import get_engines
from etl.stance.replies import _classify
from etl.stance.reply_cues import REPLY_CUES


def german_number(text):
    return text.replace(".", ",")


def test_every_family_the_rules_and_cues_name_has_a_german_name():
    signals = {rule.family for scorer in get_engines().scorers.values() for rule in scorer.rules}
    cues = {cue.family for cue in REPLY_CUES if cue.label != "ignore"}
    hints = {"negation", "contrast", "question", "addresses the author", "quotes the parent, then rebuts"}
    assert not (signals | cues | hints) - set(REASONS)


def test_a_signals_reasons_name_their_families_in_german_and_quote_as_written():
    reasons = "insult aimed at a person: 'Sie Depp; echt: du', 'Idiot'; shouting; long text (60 words or more)"
    assert reasons_text(reasons, REASONS) == (
        "Beleidigung gegen eine Person: 'Sie Depp; echt: du', 'Idiot'; Geschrei (Großbuchstaben); "
        "langer Text (60 Wörter oder mehr)"
    )
    # Another engine's reasons, a family the catalogue lacks, a broken list: as written.
    for other in ("toxicity 0.93", "insult: 'x'; sarcasm", "insult; ", "insult: 'x"):
        assert reasons_text(other, REASONS) == other


def test_a_replys_evidence_in_german_keeps_quotes_that_look_like_evidence():
    evidence = (
        '"nicht" (negation, weak); "so (disagreement); "falsch" (disagreement); '
        "polarity reply -0.30 vs parent +0.41 (opposite leans)"
    )
    assert evidence_text(evidence, REASONS, german_number) == (
        '"nicht" (Verneinung, schwach); "so (disagreement); "falsch" (Widerspruch); '
        "Polarität der Antwort -0,30, des Vorgängers +0,41 (entgegengesetzt)"
    )
    neutral = 'no agree cue vs "stimmt nicht" (negated agreement); polarity reply +0.00 vs parent +0.00'
    assert evidence_text(neutral, REASONS, german_number) == (
        'kein Hinweis auf Zustimmung gegen "stimmt nicht" (Zustimmung, verneint); '
        "Polarität der Antwort +0,00, des Vorgängers +0,00"
    )
    for unknown in ('"x" (sarcasm)', "no stance cue; 0.3 by a model", '"x" (thanks) trailing'):
        assert evidence_text(unknown, REASONS, german_number) == unknown


def test_the_stance_classifiers_evidence_is_all_known_words():
    pairs = [
        ("Nein, das stimmt so nicht. Aber warum?", "Die Steuer ist gut.", -0.3, 0.4),
        ("Danke, genau so ist es!", "Die Steuer ist gut.", 0.5, 0.4),
        ('"Die Steuer ist gut" – nein, ganz im Gegenteil, sie ist falsch.', "Die Steuer ist gut für alle.", None, 0.2),
        ("Heute regnet es.", "Die Steuer ist gut.", 0.0, 0.0),
        ("Sie haben recht, aber stimmt das wirklich nicht?", "Die Steuer ist gut.", 0.1, -0.1),
    ]
    for reply, parent, reply_polarity, parent_polarity in pairs:
        label, evidence = _classify(reply, parent, reply_polarity, parent_polarity)
        shown = evidence[len(label) + 1 :].strip()
        translated = evidence_text(shown, REASONS, german_number)
        assert translated != shown, evidence
        assert not {"weak", "polarity", "cue", "parent"} & set(translated.replace(",", " ").split()), translated


def test_cards_and_grid_rows_show_reasons_in_the_language_asked():
    card = flagged_item(
        {
            "comment_id": "c1",
            "article_id": "a1",
            "score": 0.7,
            "author": "anna",
            "created_at": None,
            "reasons": "threat: 'vergasen'",
            "text": "threat: 'vergasen'",
        },
        "moderation",
        {},
    )
    reply = {"comment_id": "c2", "parent_id": "c1", "depth": 1, "stance": "disagree", "text": "x"}
    reply["stance_evidence"] = 'disagree: "falsch" (disagreement)'
    tree = json.loads(json.dumps(html.Div([card, comment_card(reply)]).to_plotly_json(), default=_plain))
    german = json.dumps(i18n.translate_children(json.loads(json.dumps(tree)), "de"), ensure_ascii=False)
    assert "Warum: Drohung: 'vergasen'" in german and "threat: 'vergasen'" in german  # the text as written
    assert 'Warum Widerspruch: \\"falsch\\" (Widerspruch)' in german
    english = json.dumps(tree, ensure_ascii=False)  # English answers leave the app untouched
    assert "Why: threat: 'vergasen'" in english and 'Why disagree: \\"falsch\\" (disagreement)' in english
    rows = [
        {
            "text": "shouting",
            "moderation_reasons": "shouting; vulgar word: 'Mist'",
            "stance_evidence": 'disagree: "nein" (answer word); polarity reply -0.50 vs parent +0.25',
        }
    ]
    assert i18n.translate_prop("rowData", rows, "de") == [
        {
            "text": "shouting",
            "moderation_reasons": "Geschrei (Großbuchstaben); vulgäres Wort: 'Mist'",
            "stance_evidence": 'Widerspruch: "nein" (Ja/Nein-Antwort); '
            "Polarität der Antwort -0,50, des Vorgängers +0,25",
        }
    ]
    assert i18n.translate_prop("rowData", rows, "en") == rows


def _plain(value):
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else str(value)


def test_a_quote_holding_the_apps_own_separators_is_still_translated():
    assert i18n.translate("Why: insult: 'Du · Depp'", "de") == "Warum: Beleidigung: 'Du · Depp'"
    assert i18n.translate('Why disagree: "so · nicht" (negation, weak)', "de") == (
        'Warum Widerspruch: "so · nicht" (Verneinung, schwach)'
    )
