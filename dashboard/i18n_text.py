"""German and English text: the language of a request, numbers and dates as a language writes
them, and one string of the app translated (dashboard.i18n applies it to what the app sends).

The code speaks English (gettext style: the English text is the message id); a catalogue
(dashboard.i18n_de) maps it. A string is translated whole: an exact message, or a template
("{n:number} comments match") whose placeholders are re-formatted (numbers 1.234,5, dates
05.12.2026), translated (`word`; `reasons` and `evidence`, the ETL's words for a flag or a
stance, by dashboard.i18n_reasons) or kept as written (data); a line of " · " or "; " parts, or of
sentences, part by part when every part is known. Anything else is data and stays as it is.
"""

import re
from functools import lru_cache

import flask

from dashboard import i18n_de
from dashboard.i18n_reasons import evidence_text, reasons_text

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
PARAM = "lang"  # ?lang=en
COOKIE = "diskurs_lang"
CONFIG_KEY = "DISKURS_LANG"
CATALOGUES = {"de": i18n_de}
_KINDS = {
    "number": r"[+\-−±]?\d[\d,]*(?:\.\d+)?%?",
    "date": r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?: UTC)?)?",
    "word": r"(?:(?! · ).)+?",  # never across a line's " · " parts
    "text": r"(?:(?! · ).)+?",
    "reasons": r".+?",  # a signal's reasons (dashboard.i18n_reasons): its quotes may hold " · "
    "evidence": r".+?",  # a reply's stance evidence, likewise
}
PLACEHOLDER = re.compile(r"(?<!%)\{(\w+)(?::(\w+))?\}")  # not plotly's %{y}
NUMBER = re.compile(_KINDS["number"])
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})((?: \d{2}:\d{2})?(?: UTC)?)")
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
    return DATE.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}{m[4]}", text)


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
        values = match.groupdict()
        # A `word` must be a message itself: "Share of {unit:word}" is no frame for any sentence.
        if any(self.kinds[k] == "word" and _lookup(v, lang) is None for k, v in values.items()):
            return None
        return self.render({k: _converted(v, self.kinds[k], lang) for k, v in values.items()}, lang, self.translated)


def _converted(value, kind, lang):
    if kind == "number":
        return number_text(value, lang)
    if kind == "date":
        return date_text(value, lang)
    if kind == "word":
        return translate(value, lang)
    if kind == "reasons":
        return reasons_in(value, lang)
    if kind == "evidence":
        return evidence_in(value, lang)
    return value


def reasons_in(text, lang):
    """A signal's reasons (or the app's "no reason recorded") in `lang` (dashboard.i18n_reasons)."""
    if lang == "en":
        return text
    return CATALOGUES[lang].MESSAGES.get(text) or reasons_text(text, CATALOGUES[lang].REASONS)


def evidence_in(text, lang):
    """A reply's stance evidence after its label in `lang` (dashboard.i18n_reasons)."""
    if lang == "en":
        return text
    return evidence_text(text, CATALOGUES[lang].REASONS, lambda number: number_text(number, lang))


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
    if NUMBER.fullmatch(core):
        return number_text(core, lang)
    if DATE.fullmatch(core):
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
