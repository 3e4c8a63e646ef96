"""German and English: the catalogue, templates with numbers and dates, the translation of
layouts, figures and callback answers where they leave the app, and the language a user gets."""

import json

import pytest
from dash import dcc, html

from dashboard import auth, figures, i18n, i18n_de, ids, users, views
from dashboard import filters as ui_filters
from dashboard.app import create_app
from dashboard.components.thread import comment_card
from etl.config import LANGUAGES, Settings, from_env


def test_a_message_of_the_catalogue_is_german_and_english_stays_the_source():
    assert i18n.translate("Overview", "de") == "Übersicht"
    assert i18n.translate("Overview", "en") == "Overview"
    assert i18n.translate(" By the range", "de") == " Nach Zeitraum"  # spaces kept around


def test_a_templated_line_gets_german_numbers():
    assert i18n.translate(views.count_text(1032), "de") == "1.032 Kommentare passen"
    assert i18n.translate(views.count_text(1), "de") == "1 Kommentar passt"
    assert i18n.translate("+0.12", "de") == "+0,12"
    assert i18n.translate("45%", "de") == "45 %"


def test_dates_are_written_day_first_in_german():
    assert i18n.translate("2026-12-05", "de") == "05.12.2026"
    line = "Data refreshed 2026-12-05 10:03 UTC · sentiment engine textblob-de+german-plus"
    assert (
        i18n.translate(line, "de")
        == "Daten aktualisiert 05.12.2026 10:03 UTC · Stimmungs-Engine textblob-de+german-plus"
    )


def test_data_that_merely_resembles_no_message_is_left_as_it_is():
    for text in ("Overview of the budget debate", "Kommentare sind Meinungen", "Diskurs · Overview of x"):
        assert i18n.translate(text, "de") == text


def test_a_line_is_translated_part_by_part_only_when_every_part_is_known():
    assert i18n.translate("Diskurs · Overview", "de") == "Diskurs · Übersicht"
    assert i18n.translate("Hallo; Overview", "de") == "Hallo; Overview"


def test_t_fills_a_template_in_the_language_asked():
    assert i18n.t("{n:number} comments", "de", n=1234) == "1.234 Kommentare"
    assert i18n.t("{n:number} comments", "en", n=1234) == "1,234 comments"
    assert i18n.t("Overview", "de") == "Übersicht"
    assert i18n.t("Overview") == "Overview"  # outside a request: the source


def test_a_component_tree_is_translated_but_comment_text_and_authors_never():
    comment = {
        "comment_id": "c1",
        "author": "Overview",
        "created_at": None,
        "sentiment": "negative",
        "polarity": -0.25,
        "depth": 1,
        "stance": "disagree",
        "text": "Overview",
    }
    tree = json.loads(
        json.dumps(html.Div([html.H2("Overview"), comment_card(comment)]).to_plotly_json(), default=_plain)
    )
    shown = json.dumps(i18n.translate_children(tree, "de"), ensure_ascii=False)
    assert "Übersicht" in shown and "negativ" in shown and "Polarität −0,25" not in shown
    assert "Polarität -0,25" in shown and "Tiefe 1" in shown and "widerspricht dem Vorgänger" in shown
    assert shown.count('"Overview"') == 2  # the comment's author and its text, as written


def _plain(value):
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else str(value)


def test_component_props_labels_options_columns_and_the_dropdowns_own_texts_are_german():
    dropdown = dcc.Dropdown(id="x", options=[{"label": "negative", "value": "negative"}], placeholder="All topics")
    node = i18n.translate_component(json.loads(json.dumps(dropdown.to_plotly_json(), default=_plain)), "de")
    assert node["props"]["options"] == [{"label": "negativ", "value": "negative"}]  # the value stays
    assert node["props"]["placeholder"] == "Alle Themen"
    assert node["props"]["labels"]["select_all"] == "Alle wählen"
    columns = i18n.translate_prop("columnDefs", [{"field": "n", "headerName": "Comments"}], "de")
    assert columns == [{"field": "n", "headerName": "Kommentare"}]


def test_grid_rows_keep_their_text_but_labels_and_dates_follow_the_language():
    rows = [{"text": "negative", "sentiment": "negative", "created_at": "2026-12-05 10:00", "polarity": 0.5, "n": 3}]
    assert i18n.translate_prop("rowData", rows, "de") == [
        {"text": "negative", "sentiment": "negativ", "created_at": "05.12.2026 10:00", "polarity": "0,5", "n": 3}
    ]
    assert i18n.translate_prop("rowData", [{"accuracy": "52%", "margin": "±8%"}], "de") == [
        {"accuracy": "52 %", "margin": "±8 %"}
    ]
    links = [
        {
            "url_link": "[original ↗](https://x.example/a)",
            "title": "[Overview](/thread?article=a1)",
            "thread_link": "[read in thread](/thread?article=a1&comment=c1)",
        }
    ]
    assert i18n.translate_prop("rowData", links, "de") == [
        {
            "url_link": "[Original ↗](https://x.example/a)",
            "title": "[Overview](/thread?article=a1)",
            "thread_link": "[zur Diskussion](/thread?article=a1&comment=c1)",
        }
    ]
    # One line a target, each translated by itself; the target's name and the words as written.
    targets = [{"target_stances": 'Stance toward Deutsche Bahn: favor (words: "gut")\nStance toward EU: no clear lean'}]
    assert i18n.translate_prop("rowData", targets, "de") == [
        {"target_stances": 'Haltung zu Deutsche Bahn: dafür (Wörter: "gut")\nHaltung zu EU: keine klare Richtung'}
    ]


def test_a_figure_gets_german_titles_legend_hover_and_separators(fixture_frames_by_period):
    figure = json.loads(figures.volume_by_period(fixture_frames_by_period).to_json())
    shown = i18n.translate_figure(figure, "de")
    assert shown["layout"]["separators"] == ",."
    assert shown["layout"]["yaxis"]["title"]["text"] == "Kommentare"
    assert shown["layout"]["xaxis"]["title"]["text"] == "Tag"
    assert shown["layout"]["xaxis"]["tickformat"] == "%d.%m.%Y"
    assert [trace["name"] for trace in shown["data"]] == ["negativ", "neutral", "positiv"]
    assert shown["data"][0]["hovertemplate"] == "%{x}: %{y} negativ<extra></extra>"


def test_the_empty_state_of_a_figure_is_german():
    figure = json.loads(figures.empty_figure().to_json())
    assert i18n.translate_figure(figure, "de")["layout"]["annotations"][0]["text"].startswith("Noch keine Daten")


@pytest.fixture
def fixture_frames_by_period():
    import pandas as pd

    return pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-12-01", "2026-12-02"], utc=True),
            "n_comments": [3, 4],
            "n_negative": [1, 2],
            "n_neutral": [1, 1],
            "n_positive": [1, 1],
            "mean_polarity": [0.1, -0.2],
        }
    )


def test_every_template_has_the_same_placeholders_in_german():
    for english, german in i18n_de.TEMPLATES.items():
        names = sorted(name for name, _ in i18n.PLACEHOLDER.findall(english))
        assert names == sorted(name for name, _ in i18n.PLACEHOLDER.findall(german)), english


def _layout(app, **kwargs):
    response = app.server.test_client().get("/_dash-layout", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_app_speaks_the_configured_language(fixture_store):
    german = _layout(create_app(Settings(store_dir=fixture_store, language="de")))
    english = _layout(create_app(Settings(store_dir=fixture_store, language="en")))
    assert "Übersicht" in german and '"Overview"' not in german and "Alle Themen" in german
    assert '"Overview"' in english and "Übersicht" not in english


def test_a_users_choice_overrides_the_configured_language_and_is_remembered(fixture_store):
    app = create_app(Settings(store_dir=fixture_store, language="de"))
    client = app.server.test_client()
    answer = client.get("/?lang=en")
    assert f"{i18n.COOKIE}=en" in answer.headers["Set-Cookie"]
    english = client.get("/_dash-layout").get_data(as_text=True)  # the cookie, no parameter
    assert '"Overview"' in english and "Übersicht" not in english
    client.get("/?lang=de")
    assert "Übersicht" in client.get("/_dash-layout").get_data(as_text=True)
    client.set_cookie(i18n.COOKIE, "fr")  # unknown: the configured language
    assert "Übersicht" in client.get("/_dash-layout").get_data(as_text=True)


def _chart(app, card_ids):
    """A chart callback through Dash's HTTP endpoint, as the browser calls it."""
    values = [None] * len(ui_filters.FILTER_PROPS)
    filters_input = {"id": card_ids.filters, "property": "data", "value": ui_filters.page_filters_data("v1", values)}
    payload = {
        "output": f"{card_ids.graph}.figure",
        "outputs": {"id": card_ids.graph, "property": "figure"},
        "inputs": [filters_input],
        "state": [],
        "changedPropIds": [f"{card_ids.graph}.figure"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data
    return response.get_json()["response"][card_ids.graph]["figure"]


def test_a_callback_answer_is_translated_in_german_and_untouched_in_english(fixture_store):
    german = _chart(create_app(Settings(store_dir=fixture_store, language="de")), ids.OVERVIEW_MIX)
    english = _chart(create_app(Settings(store_dir=fixture_store, language="en")), ids.OVERVIEW_MIX)
    assert german["layout"]["yaxis"]["title"]["text"] == "Kommentare"
    assert list(german["data"][0]["x"]) == ["negativ", "neutral", "positiv"]
    assert english["layout"]["yaxis"]["title"]["text"] == "Comments"
    assert list(english["data"][0]["x"]) == ["negative", "neutral", "positive"]
    assert "separators" not in english["layout"]


def test_dashboard_language_comes_from_the_environment_german_when_unset(monkeypatch):
    monkeypatch.delenv("DISKURS_LANG", raising=False)
    assert from_env().language == "de" == LANGUAGES[0]
    monkeypatch.setenv("DISKURS_LANG", "EN")
    assert from_env().language == "en"
    monkeypatch.setenv("DISKURS_LANG", "fr")
    with pytest.raises(ValueError, match="DISKURS_LANG"):
        from_env()


def test_the_header_switch_remembers_the_choice_and_returns_to_the_page_without_its_lang(fixture_store):
    app = create_app(Settings(store_dir=fixture_store, language="de"))
    client = app.server.test_client()
    assert '"/language/en"' in _layout(app) and '"/language/de"' in _layout(app)
    answer = client.get("/language/en", headers={"Referer": "http://localhost/thread?article=a1&lang=de"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/thread?article=a1"
    assert "Übersicht" not in client.get("/_dash-layout").get_data(as_text=True)
    elsewhere = client.get("/language/de", headers={"Referer": "https://evil.example/phish"})
    assert elsewhere.headers["Location"] == "/"  # never back to another site
    assert "Übersicht" in client.get("/_dash-layout").get_data(as_text=True)
    assert client.get("/language/fr").status_code == 404


def test_the_sign_in_page_is_german_too(fixture_store, tmp_path):
    users_file = tmp_path / "users.json"
    users.add(users_file, "eddie", "a long enough password", "editor")
    app = create_app(Settings(store_dir=fixture_store, language="de"), auth=auth.AuthSettings(users_file))
    page = app.server.test_client().get("/", headers={"Accept": "text/html"})
    body = page.get_data(as_text=True)
    assert page.status_code == 401 and '<html lang="de">' in body
    assert ">Anmelden</button>" in body and ">Passwort</label>" in body and "Diskurs · Anmelden" in body
    wrong = app.server.test_client().post("/login", data={"name": "eddie", "password": "wrong"})
    assert "Name oder Passwort falsch." in wrong.get_data(as_text=True)


def test_the_page_declares_its_language(fixture_store):
    german = create_app(Settings(store_dir=fixture_store, language="de")).server.test_client().get("/")
    english = create_app(Settings(store_dir=fixture_store, language="en")).server.test_client().get("/")
    assert '<html lang="de">' in german.get_data(as_text=True) and "Lädt …" in german.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True) and "Loading..." in english.get_data(as_text=True)


def test_a_callback_answer_is_walked_by_property_and_set_props_updates_too():
    answer = {
        "multi": True,
        "response": {"x": {"children": "No data yet.", "className": "Overview", "value": "Overview"}},
        "sideUpdate": {"y": {"placeholder": "All topics"}},
    }
    shown = i18n.translate_payload("/_dash-update-component", answer, "de")
    assert shown["response"]["x"] == {"children": "Noch keine Daten.", "className": "Overview", "value": "Overview"}
    assert shown["sideUpdate"]["y"] == {"placeholder": "Alle Themen"}


def test_every_task_the_quality_figures_name_has_a_german_name():
    from dashboard.i18n_de import MESSAGES
    from etl.quality.evaluate import TASK_NAMES

    assert all(MESSAGES.get(name) for name in TASK_NAMES.values())


def test_every_turn_a_thread_card_can_show_is_german():
    from dashboard.queries.thread import TURN_DISAGREEMENT, TURN_TONE

    # The outline writes a turn of both kinds as one badge (thread_outline's concat_ws).
    for turn in (TURN_TONE, TURN_DISAGREEMENT, f"{TURN_TONE}, {TURN_DISAGREEMENT}"):
        assert i18n.translate(turn, "de") != turn
    assert i18n.translate(f"{TURN_TONE}, {TURN_DISAGREEMENT}", "de") == "Ton sinkt, Widerspruch steigt"


def test_the_agreement_lines_baseline_is_german_and_the_free_data_set_name_swallows_nothing(fixture_store):
    from dashboard import labelling
    from dashboard.reader import StoreReader
    from etl.config import DEFAULT_QUALITY

    reader = StoreReader(fixture_store)
    line = labelling.agreement_text(reader, DEFAULT_QUALITY, targets=True)
    german = i18n.translate(line, "de")
    assert german.split(" · ")[-1] == (
        "Haltung zu Zielen von cues: richtig bei 52 % der 152 Erwähnungen, die Menschen in One Million Posts "
        "(derStandard target mentions) gelabelt haben (Makro-F1 0,43); immer „keine klare Richtung“ zu antworten "
        "wäre bei 60 % richtig (Makro-F1 0,25)"
    )
    assert "always" not in german and "macro-F1" not in german


def test_the_editors_agreement_and_its_baseline_are_german(fixture_store, monkeypatch):
    from dashboard import labelling
    from dashboard.reader import StoreReader
    from etl.config import DEFAULT_QUALITY
    from etl.store import labels

    labels.add(fixture_store, [("c1", "sentiment", "negative"), ("c2", "sentiment", "negative")], "anna")
    monkeypatch.setattr(labelling, "MIN_OWN", 2)
    line = labelling.agreement_text(StoreReader(fixture_store), DEFAULT_QUALITY)
    assert i18n.translate(line, "de").startswith(
        "Stimmung von textblob-de: stimmt mit Ihrer Redaktion bei 50 % der 2 gelabelten Kommentare überein; "
        "immer „negativ“ zu antworten träfe bei 100 % zu"
    )
