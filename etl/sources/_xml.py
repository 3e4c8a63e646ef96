"""Streaming XML for the export readers (WordPress WXR, Disqus): one element at a time, no DTDs.

Exports run to hundreds of megabytes, so `stream()` hands each complete element at a chosen depth
to a callback and then drops it. Files with a DOCTYPE are refused: entity declarations live there,
and entity expansion ("billion laughs") is the classic way to make an XML reader eat all memory.
A parse error stops the stream where it happened; what was handed over before it stays usable.
"""

import xml.parsers.expat as expat
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from etl.schema import reject
from etl.sources.batch import make_batch

_CHUNK = 1 << 16
_SNIFF_BYTES = 1 << 16


class Node(Element):
    """An element that remembers the line its start tag is on (for reject locations)."""

    __slots__ = ("line",)


@dataclass(frozen=True)
class Stop:
    """Where and why parsing stopped before the end of the file (column is 1-based)."""

    line: int
    column: int
    message: str
    refused: bool = False

    def reason(self, unread):
        """The reject reason for this stop, saying what was not read."""
        kind = "refused XML" if self.refused else "malformed XML"
        return f"{kind} at line {self.line}, column {self.column}: {self.message} — {unread}"


@dataclass(frozen=True)
class Root:
    """The root element's tag ("{uri}local") and the namespace URIs declared up to it."""

    tag: str
    namespaces: frozenset

    @property
    def local(self):
        """The root's name without its namespace."""
        return self.tag.rsplit("}", 1)[-1]


class _Refused(Exception):
    pass


class _Found(Exception):
    pass


def stream(path, depth, handle):
    """Parse the XML file at `path`, calling `handle(node)` for each complete element `depth`
    levels below the root (the root is depth 0), which is then dropped to keep memory flat.

    Returns (root tag or None, Stop or None). Raises OSError when the file cannot be opened.
    """
    parser = _parser()
    builder = _Builder(parser, depth, handle)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        with open(path, "rb") as file:
            for chunk in iter(lambda: file.read(_CHUNK), b""):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        return builder.root_tag, Stop(exc.lineno, exc.offset + 1, expat.ErrorString(exc.code))
    except _Refused as exc:
        return builder.root_tag, Stop(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, str(exc), refused=True)
    return builder.root_tag, None


def sniff_root(path):
    """The Root of the XML file at `path` from its first bytes, or None when none is found."""
    parser = _parser()
    namespaces = set()
    found = []

    def start(name, _attrs):
        found.append(_tag(name))
        raise _Found

    parser.StartNamespaceDeclHandler = lambda _prefix, uri: namespaces.add(uri)
    parser.StartElementHandler = start
    try:
        with open(path, "rb") as handle:
            parser.Parse(handle.read(_SNIFF_BYTES), False)
    except (_Found, _Refused, expat.ExpatError, OSError):
        pass
    return Root(found[0], frozenset(namespaces)) if found else None


def read_unrecognised(path):
    """The reader for an .xml file that is no export we know: one reject saying what it is."""
    source = str(path)
    root = sniff_root(path)
    if root is not None:
        return make_batch(
            rejects=[
                reject(
                    source,
                    "file",
                    f"XML with root element <{root.local}> is neither a WordPress export (WXR) nor a Disqus export",
                )
            ]
        )
    try:  # no root element in sight: parse to say where and why the file breaks
        _, stop = stream(path, depth=0, handle=lambda _node: None)
    except OSError as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read XML: {exc}")])
    location = f"line {stop.line}" if stop else "file"
    return make_batch(
        rejects=[reject(source, location, stop.reason("nothing was read") if stop else "XML without a root element")]
    )


def first_of_each(records, key, source, consequence=""):
    """(records keeping the first of each `key`, rejects for the later ones naming the first's line).

    Records carry a "line" (dropped from the kept ones) and a "text" or "title" used as excerpt.
    """
    first, kept, rejects = {}, [], []
    for record in records:
        seen = first.setdefault(record[key], record)
        if seen is record:
            kept.append({name: value for name, value in record.items() if name != "line"})
            continue
        reason = f"duplicate {key} {record[key]} (first on line {seen['line']})"
        rejects.append(
            reject(
                source,
                f"line {record['line']}",
                f"{reason}: {consequence}" if consequence else reason,
                record.get("text") or record.get("title") or "",
            )
        )
    return kept, rejects


def line_of(rejected):
    """The line number of a reject located at "line N" (0 for other locations), for sorting."""
    location = rejected["location"]
    return int(location.removeprefix("line ")) if location.startswith("line ") else 0


def text(node):
    """The element's text with surrounding whitespace removed ("" when empty or missing)."""
    return "" if node is None or node.text is None else node.text.strip()


def _parser():
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    return parser


def _refuse_doctype(*_args):
    raise _Refused("a DOCTYPE declaration is refused (entity expansion risk)")


def _refuse_entity(*_args):
    raise _Refused("an ENTITY declaration is refused (entity expansion risk)")


def _tag(name):
    # expat joins namespace and local name with our separator: "uri}local" -> "{uri}local".
    return "{" + name if "}" in name else name


class _Builder:
    """Builds Nodes from expat events; hands over and drops the ones at the wanted depth."""

    def __init__(self, parser, depth, handle):
        self.parser, self.depth, self.handle = parser, depth, handle
        self.stack, self.pending, self.root_tag = [], [], None

    def start(self, name, attrs):
        self._flush()
        node = Node(_tag(name), {_tag(key): value for key, value in attrs.items()})
        node.line = self.parser.CurrentLineNumber
        if self.stack:
            self.stack[-1].append(node)
        else:
            self.root_tag = node.tag
        self.stack.append(node)

    def end(self, _name):
        self._flush()
        node = self.stack.pop()
        if len(self.stack) == self.depth:
            self.handle(node)
            if self.stack:
                self.stack[-1].remove(node)

    def data(self, data):
        # Text between the elements we hand over (indentation of the containers) is never used.
        if len(self.stack) > self.depth:
            self.pending.append(data)

    def _flush(self):
        if not self.pending:
            return
        data, self.pending = "".join(self.pending), []
        node = self.stack[-1]
        if len(node):
            node[-1].tail = (node[-1].tail or "") + data
        else:
            node.text = (node.text or "") + data
