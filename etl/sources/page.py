"""Reader for an article page saved as text (docs/cli.md, "Inputs"), like etl/resources/sample/000_518b30fc2f11fa18.txt.

The page is read by its structure, top to bottom:

    [image credit] [url]  date  author  title   the first paragraphs, in one of a few orders
    body paragraphs and sub-headings            up to the comment header (or a footer)
    N Gedanken zu „Title“ / N thoughts on "…"   the comment header, German or English
    1. … / • … / ◦ … / ▪ …                      comments: depth from indentation, any depth
    Die Kommentare sind geschlossen.            a footer ends the comments

Ids are stable: an article is "page-" + sha1(title|date)[:16], a comment is its article id + "-c"
+ its tree path ("1", "1.2", ...), so a comment added later never renames an older one.
"""

import hashlib
import re
from datetime import date, datetime

from etl.schema import reject
from etl.sources._textfile import read_text
from etl.sources.batch import make_batch

_QUOTES = "„“”\"«»‚‘’'"
_NUMBER_WORDS = {
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "one": 1,
    "a": 1,
    "zwei": 2,
    "two": 2,
    "drei": 3,
    "three": 3,
    "keine": 0,
    "no": 0,
}
_HEADER = re.compile(
    r"(?P<n>\d+|[^\W\d_]+)\s+(?:Gedanken?|Kommentare?|Antworten|Antwort|Reaktionen?|thoughts?"
    r"|comments?|responses?|repl(?:y|ies))"
    rf"(?:\s+(?:zu|on|to|auf|für|for)\s+[{_QUOTES}](?P<title>.+)[{_QUOTES}])?\s*:?"
    r"|(?:Kommentare|Comments)\s*\((?P<count>\d+)\)",
    re.IGNORECASE,
)
# Footers and comment-form lines that end the comments; matched at the start of a short line.
_FOOTER = re.compile(
    r"(?:die\s+)?kommentare\s+sind\s+(?:geschlossen|deaktiviert)|kommentarfunktion\s+(?:ist\s+)?"
    r"(?:geschlossen|deaktiviert)|comments\s+are\s+(?:closed|disabled)|(?:schreibe|hinterlasse)\s+"
    r"einen\s+kommentar|kommentar\s+(?:verfassen|schreiben|hinterlassen)|leave\s+a\s+(?:reply|comment)"
    r"|post\s+a\s+comment|antwort\s+hinterlassen|antworten\s+abbrechen|cancel\s+reply"
    r"|(?:ältere|neuere)\s+kommentare|(?:older|newer)\s+comments",
    re.IGNORECASE,
)
# Link texts a theme prints under each comment: not something the reader wrote.
_UI_LINES = {"antworten", "antwort", "reply", "melden", "report", "zitieren", "quote"}
_MARKER = re.compile(r"(?:\d{1,4}[.)]|[•◦▪▫‣⁃○●■□·*+\-–])(?:\s+(?P<text>.*))?$")
_URL = re.compile(r"https?://\S+")
_CREDIT = re.compile(r".*[|©]|(?:foto|bild|bildquelle|quelle|image|photo|credit)s?\b", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"(?:von|by|autor|author|geschrieben von)\s*:?\s+", re.IGNORECASE)
_NAME_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "la",
    "le",
    "du",
    "da",
    "di",
    "zu",
    "und",
    "and",
    "&",
    "ten",
    "del",
    "y",
}
_SAYS = re.compile(r"(?P<name>.{1,80}?)\s+(?:sagt|says|schreibt|meint|writes|wrote)\s*:", re.IGNORECASE)
_HEAD_PARAGRAPHS = 8
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mär": 3,
    "mae": 3,
    "mrz": 3,
    "mar": 3,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dez": 12,
    "dec": 12,
}
_MONTH = r"(?P<month>[^\W\d_]{3,9})\.?"
_DATES = [  # ISO, 19.05.2025, 19. Mai 2025 / 19 May 2025, May 19, 2025
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\.\s?(?P<mon>\d{1,2})\.\s?(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\.?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"),
]
_TIME = re.compile(r"\s*(?:,|um|at|T|-|–|\|)?\s*(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?", re.IGNORECASE)


def read(path):
    """Read one saved article page into a Batch: one article, its comments, and rejects.

    A file without a recognisable date and title is one reject. When the comment header's count
    differs from the comments parsed, the comments still load and a reject row explains the gap.
    Encoding repairs (textfile.read_text) are reject notes located at "file".
    """
    source = str(path)
    try:
        text, notes = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read page: {exc}")])
    notes = [reject(source, "file", note) for note in notes]
    lines = [line.expandtabs(4).rstrip() for line in text.splitlines()]
    header = _find_header(lines)
    article_end = header["line"] if header else _footer_line(lines)
    article = _parse_article(_paragraphs(lines[:article_end]), header and header["title"], source)
    if isinstance(article, str):
        return make_batch(rejects=[*notes, reject(source, "file", f"not an article page: {article}", text)])
    if header is None:
        return make_batch([article], rejects=notes)
    comments, rejects = _parse_comments(lines, header["line"] + 1, article["article_id"], source)
    rejects.extend(_count_mismatch(header, len(comments), lines, source))
    return make_batch([article], [c for c in comments if c["text"]], notes + rejects)


def article_id(title, published_at):
    """The stable id of a page article from its title and ISO publication date."""
    return "page-" + hashlib.sha1(f"{title}|{published_at}".encode()).hexdigest()[:16]


def _find_header(lines):
    """The comment header as {line, n, title}, or None when the page shows no comments."""
    for number, line in enumerate(lines):
        match = _HEADER.fullmatch(line.strip())
        if not match:
            continue
        if match["count"] is not None:
            return {"line": number, "n": int(match["count"]), "title": None}
        word = match["n"].lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, -1)
        if n >= 0:
            return {"line": number, "n": n, "title": match["title"]}
    return None


def _count_mismatch(header, parsed, lines, source):
    """A reject when the header's comment count differs from what was parsed (empty if it agrees)."""
    n = header["n"]
    if n is None or n == parsed:
        return []
    reason = (
        f"comment header says {n} comment{'' if n == 1 else 's'} but {parsed} were parsed; the parsed ones are loaded"
    )
    return [reject(source, f"line {header['line'] + 1}", reason, lines[header["line"]].strip())]


def _footer_line(lines):
    return next((i for i, line in enumerate(lines) if _is_footer(line.strip())), len(lines))


def _is_footer(text):
    return len(text) <= 100 and bool(_FOOTER.match(text))


def _paragraphs(lines):
    """Blank-line separated blocks, each joined into one whitespace-normalized string."""
    blocks, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(" ".join(" ".join(current).split()))
            current = []
    return blocks


def _parse_article(paragraphs, title_hint, source):
    """The article record, or a string saying why this is not an article page."""
    meta = _locate_meta(paragraphs, title_hint)
    if isinstance(meta, str):
        return meta
    published = _match_date(paragraphs[meta["date"]])[1].isoformat()
    title = paragraphs[meta["title"]]
    author = meta["author"] is not None and _BYLINE_PREFIX.sub("", paragraphs[meta["author"]], count=1)
    start = max(i for i in meta.values() if i is not None) + 1
    return {
        "article_id": article_id(title, published),
        "source": source,
        "url": paragraphs[meta["url"]] if meta["url"] is not None else None,
        "title": title,
        "author": author or None,
        "published_at": published,
        "body": "\n\n".join(paragraphs[start:]),
        "source_topics": None,
    }


def _locate_meta(paragraphs, title_hint):
    """Indices of the url, date, title and author paragraphs among the first few paragraphs."""
    head = range(min(len(paragraphs), _HEAD_PARAGRAPHS))
    url = next((i for i in head if _URL.fullmatch(paragraphs[i])), None)
    when = next((i for i in head if _is_date_line(paragraphs[i])), None)
    if when is None:
        return "no publication date found near the top"
    skip = {url, when} | {i for i in head if _CREDIT.match(paragraphs[i])}
    title = _matching_index(paragraphs, title_hint, head)
    author = None
    if title is None:
        after = [i for i in range(when + 1, len(paragraphs)) if i not in skip][:2]
        if not after:
            return "no title found after the date"
        if len(after) == 2 and _is_name(paragraphs[after[0]]):
            author, title = after
        else:
            title = after[0]
    else:
        low, high = sorted((when, title))
        near = [i for i in range(low + 1, high + 2) if i < len(paragraphs) and i not in skip | {title}]
        author = next((i for i in near if _is_name(paragraphs[i])), None)
    if author is None and when > 0 and when - 1 not in skip | {title} and _is_name(paragraphs[when - 1]):
        author = when - 1
    return {"url": url, "date": when, "title": title, "author": author}


def _is_date_line(text):
    # A date line is a date plus little else ("Veröffentlicht am", a time, "Uhr").
    found = _match_date(text)
    return found is not None and len(text) - len(found[0][0]) <= 40


def _match_date(text):
    """(regex match, date) of the first valid date written in `text`, or None."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            named = match.groupdict()
            month = int(named["mon"]) if named.get("mon") else _MONTHS.get(named["month"].casefold()[:3])
            try:
                return match, date(int(match["year"]), month, int(match["day"]))
            except (TypeError, ValueError):
                continue
    return None


def _datetime_iso(text):
    """ISO date, or date and time when a time follows the date ("um 14:03", "at 2:03 pm")."""
    match, day = _match_date(text)
    clock = _TIME.match(text, match.end())
    if not clock:
        return day.isoformat()
    hour = int(clock["h"])
    if clock["ampm"]:
        hour = hour % 12 + (12 if clock["ampm"].lower().startswith("p") else 0)
    try:
        return datetime(day.year, day.month, day.day, hour, int(clock["m"])).isoformat()
    except ValueError:
        return day.isoformat()


def _matching_index(paragraphs, title, head):
    if not title:
        return None
    wanted = _comparable(title)
    return next((i for i in head if _comparable(paragraphs[i]) == wanted), None)


def _comparable(text):
    return " ".join(text.strip(_QUOTES + " ").split()).casefold()


def _is_name(text):
    """True for a short byline like "Roman van Genabith" or "von Anna Schmidt"."""
    words = _BYLINE_PREFIX.sub("", text, count=1).split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or _CREDIT.match(text) or text[-1] in ".!?:;":
        return False
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words) and not any(ch.isdigit() for ch in text)


def _parse_comments(lines, first, article, source):
    """Comment records from the lines after the header, and rejects for stray text."""
    nodes, rejects, stack, children = [], [], [], {}
    top_indent, blank = None, False
    for number in range(first, len(lines)):
        line = lines[number]
        text = line.strip()
        if not text or text.rstrip(".:").casefold() in _UI_LINES:
            blank = blank or not text
            continue
        if _is_footer(text):
            break
        indent = len(line) - len(line.lstrip())
        # "1. Juni 2024 um 14:05" under a "Name sagt:" line is a date, not comment number 1.
        marker = None if _is_date_line(text) else _MARKER.match(text)
        if marker:
            while stack and stack[-1]["indent"] >= indent:
                stack.pop()
            node = _new_node(stack[-1] if stack else None, children, indent, marker["text"])
            top_indent = indent if top_indent is None else min(top_indent, indent)
            nodes.append(node)
            stack.append(node)
        elif nodes and blank and indent < top_indent:
            break  # text left of the top-level comments after a gap: the page footer
        elif nodes:
            _continue(nodes[-1], text, blank)
        else:
            rejects.append(reject(source, f"line {number + 1}", "text before the first comment", text))
        blank = False
    comments = [_record(node, seq, article, source) for seq, node in enumerate(nodes)]
    rejects.extend(
        reject(source, f"comment {c['comment_id']}", "empty comment text") for c in comments if not c["text"]
    )
    return comments, rejects


def _new_node(parent, children, indent, text):
    key = parent["path"] if parent else ""
    children[key] = children.get(key, 0) + 1
    path = f"{key}.{children[key]}" if parent else str(children[key])
    return {"path": path, "parent": key or None, "indent": indent, "paragraphs": [[text]] if text else []}


def _continue(node, text, new_paragraph):
    if new_paragraph or not node["paragraphs"]:
        node["paragraphs"].append([text])
    else:
        node["paragraphs"][-1].append(text)


def _record(node, seq, article, source):
    author, created, paragraphs = _split_byline(node["paragraphs"])
    return {
        "comment_id": f"{article}-c{node['path']}",
        "parent_id": f"{article}-c{node['parent']}" if node["parent"] else None,
        "article_id": article,
        "author": author,
        "created_at": created,
        "text": "\n\n".join(" ".join(" ".join(p).split()) for p in paragraphs),
        "status": "published",
        "source": source,
        "seq": seq,
    }


def _split_byline(paragraphs):
    """Take a WordPress-style "Name sagt:" line and the date line under it off a comment."""
    flat = [(i, line) for i, lines in enumerate(paragraphs) for line in lines]
    says = _SAYS.fullmatch(flat[0][1]) if flat else None
    if not says:
        return None, None, paragraphs
    created = _datetime_iso(flat[1][1]) if len(flat) > 1 and _is_date_line(flat[1][1]) else None
    rest = flat[2:] if created else flat[1:]
    regrouped = {}
    for i, line in rest:
        regrouped.setdefault(i, []).append(line)
    return says["name"].strip(), created, list(regrouped.values())
