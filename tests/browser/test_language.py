"""German and English in a real browser: every page of the dashboard, its visible text read
as a person sees it (text nodes, SVG chart text, placeholders).

German (`language="de"`): no English message of the catalogue is left, and every word shown is
German (a word of the catalogue's translations), a number, or a word of the data in the store.
A new English label that nobody put in the catalogue makes this fail, naming it. English: no
German translation shows up.
"""

import dataclasses
import json
import re
import time

import dash
import pytest
from dash.testing import wait

from dashboard import i18n, i18n_de
from dashboard.app import create_app

# Text nodes a person sees (rendered, not hidden), SVG text of the charts included, and the
# placeholders of inputs; each text's spaces collapsed.
VISIBLE_TEXT = """
const seen = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, parent = node.parentElement;
  const text = node.textContent.replace(/\\s+/g, " ").trim();
  if (!text || !parent || parent.closest("script, style, noscript")) continue;
  const style = getComputedStyle(parent);
  if (style.display === "none" || style.visibility === "hidden" || !parent.getClientRects().length) continue;
  seen.push(text);
}
for (const input of document.querySelectorAll("input[placeholder]")) {
  if (input.getClientRects().length && input.type !== "hidden") seen.push(input.placeholder);
}
return seen;
"""
SETTLED = """
const graphs = document.querySelectorAll(".dash-graph").length;
const drawn = document.querySelectorAll(".dash-graph .main-svg").length;
return graphs <= drawn && !!document.querySelector(".page-title h2");
"""
# Names and codes shown as they are in both languages.
NAMES = {"diskurs", "csv", "excel", "de", "en", "utc", "ki", "eu", "textblob", "german", "plus", "cues", "f1"}
WORD = re.compile(r"[^\W\d_]{2,}")
# Columns holding labels of the app (translated), not data as written: among them the ETL's
# reasons and stance evidence, whose words the pages show in German (their quotes are words of
# the comments).
LABEL_COLUMNS = {"sentiment", "stance", "status", "command", "source", "inputs", "error"}
LABEL_COLUMNS |= {"stance_evidence", "moderation_reasons", "feedback_reasons", "argument_reasons"}


def _words(text):
    return {word.casefold() for word in WORD.findall(text)}


def _data_words(frames, quality_file):
    """Every word of the data as written: the store's titles, authors, comments, topics,
    evidence, and the evaluation file's data sets and engines."""
    found = _words(str(quality_file)) | _words(json.dumps(json.loads(quality_file.read_text()), ensure_ascii=False))
    for frame in frames.values():
        for column in frame.columns:
            if column not in LABEL_COLUMNS:
                for value in frame[column].dropna():
                    found |= _words(value) if isinstance(value, str) else set()
    return found


def _cut_data(word, text, allowed):
    """A data word cut short, as a chart cuts a long title ("Debatt…")."""
    return f"{word}…" in text.casefold() and any(known.startswith(word) for known in allowed)


def _german_words():
    texts = [*i18n_de.MESSAGES.values(), *i18n_de.TEMPLATES.values(), *i18n_de.AG_GRID.values()]
    texts += i18n_de.REASONS.values()
    texts += [
        str(v)
        for props in i18n_de.COMPONENT_PROPS.values()
        for p in props.values()
        if isinstance(p, dict)
        for v in p.values()
    ]
    return set().union(*(_words(i18n.PLACEHOLDER.sub(" ", text)) for text in texts))


def _changed(catalogue):
    """The messages whose translation differs from the English (the ones that can give a language away)."""
    return {english: german for english, german in catalogue.items() if english != german}


def _pages():
    return [page["relative_path"] for page in sorted(dash.page_registry.values(), key=lambda page: page["order"])]


def _read_page(dash_duo, path):
    """Open `path` and return its visible texts once its callbacks and charts are done."""
    dash_duo.driver.get(dash_duo.server_url + path)
    quiet = []

    def settled():
        done = dash_duo.redux_state_rqs == [] and dash_duo.driver.execute_script(SETTLED)
        quiet.append(done)
        return len(quiet) >= 3 and all(quiet[-3:])

    wait.until(lambda: settled() or time.sleep(0.2), timeout=30)
    return dash_duo.driver.execute_script(VISIBLE_TEXT)


@pytest.fixture
def language_app(dashboard_settings, request):
    return create_app(dataclasses.replace(dashboard_settings, language=request.param))


@pytest.mark.parametrize("language_app", ["de"], indirect=True)
def test_german_pages_show_no_english_label_and_only_german_or_data_words(
    dash_duo, language_app, dashboard_frames, quality_sample
):
    dash_duo.start_server(language_app)
    dash_duo.driver.set_window_size(1400, 1000)
    english = {text for text in _changed(i18n_de.MESSAGES) if text not in i18n_de.MESSAGES.values()}
    templates = [i18n.Template(e, g) for e, g in _changed(i18n_de.TEMPLATES).items()]
    allowed = _german_words() | _data_words(dashboard_frames, quality_sample) | NAMES
    left, foreign = {}, {}
    for path in _pages():
        for text in _read_page(dash_duo, path):
            if text in english or any(template.convert(text, "de") is not None for template in templates):
                left.setdefault(path, set()).add(text)
            unknown = {word for word in _words(text) - allowed if not _cut_data(word, text, allowed)}
            if unknown:
                foreign.setdefault(path, set()).add(f"{text!r}: {sorted(unknown)}")
    assert (left, foreign) == ({}, {}), (
        f"English left on German pages: {left}; words neither German nor data (add them to "
        f"dashboard/i18n_de.py): {foreign}"
    )


@pytest.mark.parametrize("language_app", ["en"], indirect=True)
def test_english_pages_show_no_german_translation(dash_duo, language_app):
    dash_duo.start_server(language_app)
    dash_duo.driver.set_window_size(1400, 1000)
    german = {text for text in _changed(i18n_de.MESSAGES).values() if text not in i18n_de.MESSAGES}
    templates = [i18n.Template(g, g) for g in _changed(i18n_de.TEMPLATES).values()]
    seen_overview = False
    left = {}
    for path in _pages():
        texts = _read_page(dash_duo, path)
        seen_overview |= "Overview" in texts
        for text in texts:
            if text in german or any(template.regex.fullmatch(text) for template in templates):
                left.setdefault(path, set()).add(text)
    assert seen_overview
    assert left == {}, f"German on English pages: {left}"


@pytest.mark.parametrize("language_app", ["de"], indirect=True)
def test_the_header_switch_turns_the_page_english_and_back(dash_duo, language_app):
    dash_duo.start_server(language_app)
    dash_duo.driver.set_window_size(1400, 1000)
    assert "Übersicht" in _read_page(dash_duo, "/topics")
    dash_duo.find_element(".language-switch a[hreflang=en]").click()
    dash_duo.wait_for_text_to_equal(".page-title h2", "Topics")
    assert dash_duo.driver.current_url.endswith("/topics")
    dash_duo.find_element(".language-switch a[hreflang=de]").click()
    dash_duo.wait_for_text_to_equal(".page-title h2", "Themen")
