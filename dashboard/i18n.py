"""German and English. The code speaks English (gettext style: the English text is the message
id); the German catalogue (dashboard.i18n_de) maps it. German is the default (Settings.language,
DISKURS_LANG); a user switches with `?lang=de|en` (the header's DE | EN), kept in a cookie.

Text is translated where it leaves the app, in one place: the JSON of `/_dash-layout` and of
every callback (`/_dash-update-component`), pages' layouts included (Dash's page router is a
callback). Only whole strings are translated: an exact catalogue message, or an English
template of the catalogue ("{n:number} comments match") whose placeholders are re-formatted
(numbers 1.234,5, dates 05.12.2026) or, for `word`, translated. Data is never touched: a
string that matches nothing stays as it is, and the subtrees of comment text, authors and
article titles (their CSS classes, DATA_CLASSES) are skipped whole. Figures get the German
separators and date formats. English is the source: an English response is sent untouched.
"""

import json
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

import flask

from dashboard import i18n_de

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
PARAM = "lang"  # ?lang=en
COOKIE = "diskurs_lang"
SWITCH_ROUTE = "/language/<code>"  # the header's DE | EN
CONFIG_KEY = "DISKURS_LANG"
CATALOGUES = {"de": i18n_de}
TRANSLATED_ROUTES = ("/_dash-layout", "/_dash-update-component")
# Elements holding data as written: never translated, nor anything inside them.
DATA_CLASSES = ("comment-text", "comment-author", "flag-article", "inbox-title", "alert-title")
# Grid cells that hold a label of the app (sentiment, stance, a run's status …), not free text.
LABEL_FIELDS = ("sentiment", "stance", "status", "command", "task", "kind", "trust")
TEXT_PROPS = ("label", "placeholder", "title", "start_date_placeholder_text", "end_date_placeholder_text")
_KINDS = {
    "number": r"[+\-−±]?\d[\d,]*(?:\.\d+)?%?",
    "date": r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?: UTC)?)?",
    "word": r"(?:(?! · ).)+?",  # never across a line's " · " parts
    "text": r"(?:(?! · ).)+?",
}
PLACEHOLDER = re.compile(r"(?<!%)\{(\w+)(?::(\w+))?\}")  # not plotly's %{y}
_NUMBER = re.compile(_KINDS["number"])
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})((?: \d{2}:\d{2})?(?: UTC)?)")
_SWAP = str.maketrans({",": ".", ".": ","})
# A line of parts (or sentences), each translated on its own: only when every part is known.
SPLITS = (re.compile(" · "), re.compile("; "), re.compile(r"(?<=[.)]) (?=[A-Z“])"))


def language():
    """The language of the current request: `?lang=`, else the cookie, else the configured
    default; "en" (the source) outside a request."""
    if not flask.has_request_context():
        return "en"
    for chosen in (flask.request.args.get(PARAM), flask.request.cookies.get(COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return flask.current_app.config.get(CONFIG_KEY, DEFAULT_LANGUAGE)


def number_text(text, lang):
    """An English-formatted number ("1,234.5", "+0.12", "45%") as `lang` writes it."""
    if lang == "en":
        return text
    text = text.translate(_SWAP)
    return text[:-1] + " %" if text.endswith("%") else text


def date_text(text, lang):
    """ "2026-12-05" or "2026-12-05 10:00 UTC" as `lang` writes it ("05.12.2026 10:00 UTC")."""
    if lang == "en":
        return text
    return _DATE.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}{m[4]}", text)


def _number_of(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


class Template:
    """One catalogue template: its English form (a regex over whole strings) and its German."""

    def __init__(self, english, translated):
        self.english, self.translated = english, translated
        self.kinds = {name: kind or "text" for name, kind in PLACEHOLDER.findall(english)}
        literals = PLACEHOLDER.split(english)[::3]
        self.anchor = max(literals, key=len)  # a cheap test before the regex
        pattern, last = "", 0
        for match in PLACEHOLDER.finditer(english):
            pattern += re.escape(english[last : match.start()]) + f"(?P<{match[1]}>{_KINDS[match[2] or 'text']})"
            last = match.end()
        self.regex = re.compile(pattern + re.escape(english[last:]), re.DOTALL)

    def render(self, values, lang, form):
        def value(match):
            name = match[1]
            return values[name] if name in values else match[0]

        return PLACEHOLDER.sub(value, form)

    def convert(self, text, lang):
        """`text` in `lang` when it is this template in English, else None."""
        if self.anchor not in text or not (match := self.regex.fullmatch(text)):
            return None
        return self.render(
            {k: _converted(v, self.kinds[k], lang) for k, v in match.groupdict().items()}, lang, self.translated
        )


def _converted(value, kind, lang):
    if kind == "number":
        return number_text(value, lang)
    if kind == "date":
        return date_text(value, lang)
    if kind == "word":
        return translate(value, lang)
    return value


@lru_cache(maxsize=4)
def _templates(lang):
    catalogue = CATALOGUES[lang]
    found = [Template(english, german) for english, german in catalogue.TEMPLATES.items()]
    return sorted(found, key=lambda template: -len(PLACEHOLDER.sub("", template.english)))


def t(message, lang=None, **values):
    """`message` (an English message or template of the catalogue) in `lang`, default the
    request's, its placeholders filled from `values`: numbers with the language's separators,
    dates in its form, words translated. t("{n:number} comments", n=1234) -> "1.234 Kommentare"."""
    lang = lang or language()
    form = (
        message if lang == "en" else CATALOGUES[lang].MESSAGES.get(message) or CATALOGUES[lang].TEMPLATES.get(message)
    )
    if not values:
        return form or message
    template = Template(message, form or message)
    filled = {
        name: _converted(_number_of(values[name]), template.kinds[name], lang)
        for name in template.kinds
        if name in values
    }
    return template.render(filled, lang, template.translated)


@lru_cache(maxsize=16_384)
def translate(text, lang):
    """One whole string of the app in `lang`: a catalogue message, a catalogue template, a
    number or date, a line of such parts; anything else (data) as it is."""
    if lang == "en" or not text.strip():
        return text
    core = text.strip()
    start = text.index(core[0])
    found = _lookup(core, lang)
    return text if found is None else text[:start] + found + text[start + len(core) :]


def _lookup(core, lang):
    """`core` (no outer spaces) in `lang`, or None when it is nothing the catalogue knows."""
    messages = CATALOGUES[lang].MESSAGES
    if core in messages:
        return messages[core]
    if core.endswith(":") and core[:-1] in messages:
        return messages[core[:-1]] + ":"
    if _NUMBER.fullmatch(core):
        return number_text(core, lang)
    if _DATE.fullmatch(core):
        return date_text(core, lang)
    for template in _templates(lang):
        if (converted := template.convert(core, lang)) is not None:
            return converted
    for separator in SPLITS:
        parts = separator.split(core)
        if len(parts) > 1:
            found = [_lookup(part.strip(), lang) for part in parts]
            if all(part is not None for part in found):
                return "".join(_joined(core, parts, found))
    return None


def _joined(core, parts, found):
    """The translated parts with the separators `core` had between them."""
    at = 0
    for part, translated in zip(parts, found, strict=True):
        start = core.index(part, at)
        yield core[at:start]
        yield translated
        at = start + len(part)


def _is_component(value):
    return isinstance(value, dict) and "props" in value and "type" in value


def _is_data(props):
    classes = str(props.get("className") or "").split()
    return any(name in classes for name in DATA_CLASSES)


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
    if _is_data(props):
        return node
    for key, value in list(props.items()):
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
    """A grid row: its label cells translated, dates in the language's form; other text as is."""
    if not isinstance(row, dict):
        return row
    changed = {}
    for field, value in row.items():
        if not isinstance(value, str):
            continue
        if field in LABEL_FIELDS:
            changed[field] = translate(value, lang)
        elif _DATE.fullmatch(value):
            changed[field] = date_text(value, lang)
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
    return [(messages.get(v, v) if exact else translate(v, lang)) if isinstance(v, str) else v for v in values]


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
    """The JSON of a translated route in `lang`: the layout, or a callback's outputs by prop."""
    if path.endswith("/_dash-layout"):
        return translate_children(payload, lang)
    for output_id, props in (payload.get("response") or {}).items():
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
        if (
            lang == "en"
            or not flask.request.path.endswith(TRANSLATED_ROUTES)
            or response.status_code != 200
            or not response.is_json
            or response.direct_passthrough
        ):
            return response
        payload = translate_payload(flask.request.path, json.loads(response.get_data()), lang)
        response.set_data(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        return response
