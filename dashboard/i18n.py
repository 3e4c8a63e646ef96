"""German and English where text leaves the app (docs/languages.md). German is the default
(Settings.language, DISKURS_LANG); a user switches with the header's DE | EN (/language/de|en)
or `?lang=de|en`, kept in a cookie.

One place translates: the JSON of `/_dash-layout` and of every callback answer
(`/_dash-update-component`), pages' layouts included (Dash's page router is a callback), walked
by what each property is (children, labels, placeholders, options, grid columns and label
cells, figures), and the sign-in page. A string is translated whole (dashboard.i18n_text);
elements holding data as written (DATA_CLASSES) are skipped; figures get the language's
separators and date formats. English is the source: an English answer is sent untouched.
"""

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import flask

from dashboard.i18n_text import (
    CATALOGUES,
    CONFIG_KEY,
    COOKIE,
    DATE,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    NUMBER,
    PARAM,
    PLACEHOLDER,
    Template,
    evidence_in,
    language,
    number_text,
    reasons_in,
    t,
    translate,
)
from dashboard.views import TARGET_SEPARATOR

__all__ = ["COOKIE", "LANGUAGES", "PLACEHOLDER", "Template", "install", "language", "t", "translate"]

SWITCH_ROUTE = "/language/<code>"  # the header's DE | EN
TRANSLATED_ROUTES = ("/_dash-layout", "/_dash-update-component")
SIGN_IN_FORM = b'<button id="sign-in"'  # dashboard.auth's page, the one page outside Dash
HTML_TEXT = re.compile(r">([^<>]+)<")
DASH_PAGE = b'<div id="react-entry-point">'
DASH_LOADING = "Loading..."
MARKDOWN_LINK = re.compile(r"\[([^\[\]]+)\]\(([^()\s]+)\)")
# Elements holding data as written: never translated, nor anything inside them.
DATA_CLASSES = ("comment-text", "comment-author", "flag-article", "inbox-title", "alert-title")
# Grid cells that hold a label of the app (sentiment, stance, a run's status …), not free text.
LABEL_FIELDS = ("sentiment", "stance", "status", "command", "task", "kind", "trust")
# Grid cells (tooltips) that hold a signal's reasons: their words translated, quotes as written
# (and `stance_evidence`, a reply's evidence after its label).
REASON_FIELDS = ("moderation_reasons", "feedback_reasons", "argument_reasons")
TEXT_PROPS = ("label", "placeholder", "title", "start_date_placeholder_text", "end_date_placeholder_text")
DATA_CLASS = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, DATA_CLASSES)) + r")(?:\s|$)")
WALKED_PROPS = frozenset(("children", *TEXT_PROPS))  # text props; any dict or list is walked too


def _is_component(value):
    return isinstance(value, dict) and "props" in value and "type" in value


def _is_data(props):
    classes = props.get("className")
    return isinstance(classes, str) and DATA_CLASS.search(classes) is not None


def translate_children(value, lang):
    """Children of a component: strings, components, lists of either."""
    if isinstance(value, str):
        return translate(value, lang)
    if isinstance(value, list):
        return [translate_children(item, lang) for item in value]
    if _is_component(value):
        return translate_component(value, lang)
    return value


def translate_component(node, lang):
    """A component's JSON ({type, namespace, props}) with its text in `lang`, in place."""
    props = node.get("props") or {}
    if _is_data(props):  # only the app's own stand-in for missing data ("anonymous")
        if isinstance(props.get("children"), str) and props["children"] in CATALOGUES[lang].STAND_INS:
            props["children"] = translate(props["children"], lang)
        return node
    for key, value in props.items():  # the same keys, new values: safe while iterating
        if key in WALKED_PROPS or isinstance(value, dict | list):
            props[key] = translate_prop(key, value, lang)
    kind = node.get("type")
    extras = CATALOGUES[lang].COMPONENT_PROPS.get(kind, {})
    for key, value in extras.items():
        props[key] = {**value, **(props.get(key) or {})} if isinstance(value, dict) else value
    return node


def translate_prop(key, value, lang):
    """One property of a component or callback output, by what the property is."""
    if key == "children":
        return translate_children(value, lang)
    if key == "figure" and isinstance(value, dict):
        return translate_figure(value, lang)
    if key in TEXT_PROPS and isinstance(value, str):
        return translate(value, lang)
    if key == "options" and isinstance(value, list):
        return [_option(option, lang) for option in value]
    if key == "marks" and isinstance(value, dict):
        return {mark: translate(label, lang) if isinstance(label, str) else label for mark, label in value.items()}
    if key == "columnDefs" and isinstance(value, list):
        return [_column(column, lang) for column in value]
    if key == "rowData" and isinstance(value, list):
        return [_row(row, lang) for row in value]
    if key == "getRowsResponse" and isinstance(value, dict) and isinstance(value.get("rowData"), list):
        return {**value, "rowData": [_row(row, lang) for row in value["rowData"]]}
    if _is_component(value):
        return translate_component(value, lang)
    if isinstance(value, list) and any(_is_component(item) for item in value):
        return translate_children(value, lang)
    return value


def _option(option, lang):
    if isinstance(option, dict) and isinstance(option.get("label"), str):
        return {**option, "label": translate(option["label"], lang)}
    return option


def _column(column, lang):
    if not isinstance(column, dict):
        return column
    shown = {k: translate(column[k], lang) for k in ("headerName", "headerTooltip") if isinstance(column.get(k), str)}
    if isinstance(column.get("children"), list):
        shown["children"] = [_column(child, lang) for child in column["children"]]
    return {**column, **shown}


def _row(row, lang):
    """A grid row: its label cells translated, dates and numbers in the language's form (a
    number as text: AG Grid's formatters are JavaScript, which the CSP forbids); other text as is."""
    if not isinstance(row, dict):
        return row
    changed = {}
    for field, value in row.items():
        if isinstance(value, float):  # the grid would show 0.5; sorting is the server's
            changed[field] = number_text(repr(value), lang)
        elif not isinstance(value, str):
            continue
        elif field in LABEL_FIELDS or DATE.fullmatch(value) or NUMBER.fullmatch(value):
            changed[field] = translate(value, lang)
        elif field in REASON_FIELDS:
            changed[field] = reasons_in(value, lang)
        elif field == "target_stances":  # one line a target, each translated by itself
            changed[field] = TARGET_SEPARATOR.join(translate(part, lang) for part in value.split(TARGET_SEPARATOR))
        elif field == "stance_evidence" and ": " in value:
            label, _, evidence = value.partition(": ")
            changed[field] = f"{translate(label, lang)}: {evidence_in(evidence, lang)}"
        elif (link := MARKDOWN_LINK.fullmatch(value)) and link[1] in CATALOGUES[lang].LINK_LABELS:
            changed[field] = f"[{translate(link[1], lang)}]({link[2]})"  # a link cell the app labels
    return {**row, **changed} if changed else row


def _title(title, lang):
    if isinstance(title, str):
        return translate(title, lang)
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        return {**title, "text": translate(title["text"], lang)}
    return title


def _strings(values, lang, exact=False):
    """A trace's category labels or texts: strings translated (`exact`: catalogue messages only,
    so no title that merely looks like a template changes), anything else as is."""
    if isinstance(values, str):
        return translate(values, lang)
    if not isinstance(values, list):
        return values
    messages = CATALOGUES[lang].MESSAGES

    def one(value):
        if not isinstance(value, str):
            return value
        if not exact:
            return translate(value, lang)
        return "<br>".join(messages.get(line, line) for line in value.split("<br>"))  # a label of lines

    return [one(value) for value in values]


def translate_figure(figure, lang):
    """A plotly figure's JSON with its titles, legend, hover and texts in `lang`, German number
    separators and dates."""
    catalogue = CATALOGUES[lang]
    layout = figure.setdefault("layout", {})
    layout["separators"] = catalogue.SEPARATORS
    if "title" in layout:
        layout["title"] = _title(layout["title"], lang)
    for key, axis in layout.items():
        if not (key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
            continue
        if "title" in axis:
            axis["title"] = _title(axis["title"], lang)
        if "ticktext" in axis:
            axis["ticktext"] = _strings(axis["ticktext"], lang)
        if axis.get("type") == "date":
            axis.setdefault("tickformat", catalogue.DATE_FORMAT)
            axis.setdefault("hoverformat", catalogue.DATE_FORMAT)
    for annotation in layout.get("annotations") or []:
        if isinstance(annotation, dict) and isinstance(annotation.get("text"), str):
            annotation["text"] = translate(annotation["text"], lang)
    for trace in figure.get("data") or []:
        if not isinstance(trace, dict):
            continue
        for key in ("name", "hovertemplate", "texttemplate", "text"):
            if key in trace:
                trace[key] = _strings(trace[key], lang)
        for key in ("x", "y"):
            if key in trace:
                trace[key] = _strings(trace[key], lang, exact=True)
    return figure


def translate_payload(path, payload, lang):
    """The JSON of a translated route in `lang`: the layout, or a callback's outputs by prop (its
    declared outputs and what it set with set_props)."""
    if path.endswith("/_dash-layout"):
        return translate_children(payload, lang)
    outputs = [*(payload.get("response") or {}).items(), *(payload.get("sideUpdate") or {}).items()]
    for output_id, props in outputs:
        for prop, value in props.items():
            if output_id == "_pages_store" and prop == "data" and isinstance(value, dict):
                props[prop] = {**value, "title": translate(str(value.get("title", "")), lang)}
            else:
                props[prop] = translate_prop(prop, value, lang)
    return payload


def _remember(response, chosen):
    response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def back_to(referrer, host):
    """Where the switch sends the user back: the page they came from (same host only; its path
    and query, without a `lang` that would override the new choice), else the start page."""
    parts = urlsplit(referrer or "")
    if parts.netloc != host or not parts.path.startswith("/") or parts.path.startswith("//"):
        return "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARAM])
    return parts.path + (f"?{query}" if query else "")


def switch(code):
    """GET /language/de|en: remember the choice and go back to the page it was made on."""
    if code not in LANGUAGES:
        flask.abort(404)
    target = back_to(flask.request.referrer, flask.request.host)
    return _remember(flask.redirect(target, code=303), code)


def install(app, settings):
    """Serve `app` in the configured language (settings.language) unless a user chose another:
    `?lang=` on any page is remembered in a cookie; layouts and callback answers are translated."""
    server = app.server
    server.config[CONFIG_KEY] = getattr(settings, "language", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
    server.add_url_rule(SWITCH_ROUTE, "language", switch)

    @server.after_request
    def _translated(response):
        chosen = flask.request.args.get(PARAM)
        if flask.request.method == "GET" and chosen in LANGUAGES:
            _remember(response, chosen)
        lang = language()
        if response.direct_passthrough or response.status_code not in (200, 401):
            return response
        if response.mimetype == "text/html" and DASH_PAGE in response.get_data():
            response.set_data(dash_page(response.get_data(as_text=True), lang))
        if lang == "en":
            return response
        if response.is_json and flask.request.path.endswith(TRANSLATED_ROUTES):
            payload = translate_payload(flask.request.path, json.loads(response.get_data()), lang)
            response.set_data(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        elif response.mimetype == "text/html" and SIGN_IN_FORM in response.get_data():
            response.set_data(translate_html(response.get_data(as_text=True), lang))
        return response


def dash_page(page, lang):
    """Dash's page (scripts and "Loading..." until the layout arrives): its language declared."""
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    return page.replace(DASH_LOADING, translate(DASH_LOADING, lang), 1)


def translate_html(page, lang):
    """A page of the app's own HTML (the sign-in form: no data in it) with its text in `lang`."""
    page = page.replace('<html lang="en">', f'<html lang="{lang}">', 1)
    return HTML_TEXT.sub(lambda match: ">" + translate(match[1], lang) + "<", page)
