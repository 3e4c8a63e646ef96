"""Reader for WordPress exports (WXR 1.0-1.2; docs/cli.md, "Inputs"): posts and pages with their comments.

    <rss xmlns:wp="http://wordpress.org/export/1.2/">     wp namespace: by WXR version; https on WordPress.com
      <channel><link>https://example.org</link>            the site: part of every id
        <wp:wp_author> login, display name
        <item> title, link, dc:creator, wp:post_id, wp:post_date_gmt, wp:post_type, category ...
          <wp:comment> wp:comment_id, _author, _date_gmt, _content, _approved, _parent (0 = top)

Ids are qualified by the site so two blogs never collide: article "wp:example.org:42", comment
"wp:example.org:c123". The site is host and path of the channel link (else of wp:base_blog_url,
else the host of each item's link); the post id is wp:post_id (else the ?p= of the item's link).
WordPress numbers comments per site, so a comment id seen twice is a duplicate and rejected.

Items of post_type post (or none given) are articles, pages only when they have comments; other
types (attachment, nav_menu_item, ...) are skipped, with a reject if they carry comments. Every
comment is kept with its status (published, pending, spam, trash): which are charted is decided
downstream. Content stays HTML (normalize strips it).
"""

import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

from etl.schema import reject
from etl.sources import _xml
from etl.sources.batch import make_batch

# WordPress.com writes the namespace with https; self-hosted WordPress with http.
_WP_NAMESPACE = re.compile(r"https?://wordpress\.org/export/\d+(?:\.\d+)*/")
_PREFIXES = {"http://purl.org/dc/elements/1.1/": "dc", "http://purl.org/rss/1.0/modules/content/": "content"}
_STATUS = {
    "1": "published",
    "approve": "published",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}
_TOPIC_DOMAINS = {"category", "post_tag"}
_GMT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
_UNREAD = "items after this point were not read"


def recognises(root):
    """True when a sniffed _xml.Root is a WordPress export: <rss> declaring a wp namespace."""
    return root.local == "rss" and any(_WP_NAMESPACE.fullmatch(uri) for uri in root.namespaces)


def read(path):
    """Read a WordPress export into a Batch of articles, comments and rejects.

    A truncated or malformed file keeps every item completed before the error and adds one
    reject with the error's line and column.
    """
    source = str(path)
    export = _Export(source)
    try:
        root, stop = _xml.stream(path, depth=2, handle=export.take)
    except OSError as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read XML: {exc}")])
    local = (root or "rss").rsplit("}", 1)[-1]
    if local != "rss":
        reason = f"not a WordPress export (WXR): root element <{local}>"
        return make_batch(rejects=[reject(source, "file", reason)])
    rejects = export.rejects + ([reject(source, f"line {stop.line}", stop.reason(_UNREAD))] if stop else [])
    articles, article_dups = _xml.first_of_each(export.articles, "article_id", source, "its comments join the first")
    comments, comment_dups = _xml.first_of_each(export.comments, "comment_id", source)
    rejects = sorted(rejects + article_dups + comment_dups, key=_xml.line_of)
    comments = [{**c, "source": source, "seq": seq} for seq, c in enumerate(comments)]
    return make_batch([{**a, "source": source} for a in articles], comments, rejects)


@dataclass
class _Export:
    """What the stream has handed over so far: site facts, and the records of finished items."""

    source: str
    site: str = ""
    authors: dict = field(default_factory=dict)
    articles: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    rejects: list = field(default_factory=list)

    def take(self, node):
        name = _name(node.tag)
        if name == "item":
            article, comments, rejects = _item(node, self.site, self.authors, self.source)
            self.articles.extend([article] if article else [])
            self.comments.extend(comments)
            self.rejects.extend(rejects)
        elif name in ("link", "wp:base_blog_url") and not self.site:
            self.site = _site(_xml.text(node))
        elif name == "wp:wp_author":
            author = _fields(node)
            self.authors[author.get("wp:author_login", "")] = author.get("wp:author_display_name")


def _item(node, site, authors, source):
    """(article record or None, comment records, rejects) of one <item>."""
    fields = _fields(node)
    comment_nodes = [child for child in node if _name(child.tag) == "wp:comment"]
    post_type = fields.get("wp:post_type") or "post"
    if post_type != "post" and not (post_type == "page" and comment_nodes):
        if not comment_nodes:
            return None, [], []
        reason = f"{len(comment_nodes)} comment(s) on an item of post_type {post_type!r} not loaded"
        return None, [], [reject(source, f"line {node.line}", reason, fields.get("title", ""))]
    site = site or _site(fields.get("link", ""), with_path=False)
    prefix = f"wp:{site}:" if site else "wp:"
    article = _article(fields, prefix, authors, node)
    if article is None:
        reason = f"item without wp:post_id or link: {len(comment_nodes)} comment(s) not loaded"
        return None, [], [reject(source, f"line {node.line}", reason, fields.get("title", ""))]
    comments, rejects = [], []
    for comment_node in comment_nodes:
        record = _comment(comment_node, prefix, article["article_id"])
        problem = _problem(record)
        if problem:
            rejects.append(reject(source, f"line {comment_node.line}", problem, record["text"] or ""))
        else:
            comments.append(record)
    return article, comments, rejects


def _article(fields, prefix, authors, node):
    """The article record of an item, or None when nothing names it."""
    post_id = fields.get("wp:post_id") or _query_post_id(fields.get("link", ""))
    if post_id:
        article_id = prefix + post_id
    elif fields.get("link"):
        article_id = "wp:" + fields["link"]  # without a post id the link is the only stable name
    else:
        return None
    creator = fields.get("dc:creator")
    return {
        "article_id": article_id,
        "url": fields.get("link"),
        "title": fields.get("title"),
        "author": authors.get(creator, creator) if creator else None,
        "published_at": _published(fields),
        "body": fields.get("content:encoded"),
        "source_topics": _topics(node),
        "line": node.line,
    }


def _comment(node, prefix, article_id):
    fields = _fields(node)
    comment_id, parent = fields.get("wp:comment_id"), fields.get("wp:comment_parent", "0")
    return {
        "comment_id": prefix + "c" + comment_id if comment_id else None,
        "parent_id": None if parent in ("", "0") else prefix + "c" + parent,
        "article_id": article_id,
        "author": fields.get("wp:comment_author"),
        "created_at": _gmt(fields.get("wp:comment_date_gmt")),
        "text": fields.get("wp:comment_content"),
        "status": _status(fields.get("wp:comment_approved")),
        "line": node.line,
    }


def _problem(record):
    if not record["comment_id"]:
        return "comment without wp:comment_id"
    if not record["text"]:
        return f"empty text (comment {record['comment_id']})"
    return None


def _status(approved):
    # The importer treats a missing wp:comment_approved as approved; unknown values are kept as given.
    if not approved:
        return "published"
    return _STATUS.get(approved.lower(), approved.lower())


def _published(fields):
    # post_date_gmt is all zeros for drafts; their pubDate is a placeholder (1970 or year -1).
    if "wp:post_date_gmt" in fields:
        return _gmt(fields["wp:post_date_gmt"])
    pub_date = fields.get("pubDate")
    if not pub_date:
        return None
    try:
        return parsedate_to_datetime(pub_date).isoformat()
    except (TypeError, ValueError):
        return pub_date  # normalize keeps the article without a date and says why


def _gmt(value):
    """ISO 8601 UTC from WordPress's "YYYY-MM-DD HH:MM:SS" GMT; empty for the all-zero date."""
    if not value or value.startswith("0000-00-00"):
        return None
    return value.replace(" ", "T") + "Z" if _GMT.fullmatch(value) else value


def _topics(node):
    names = (
        _xml.text(child)
        for child in node
        if _name(child.tag) == "category" and child.get("domain", "category") in _TOPIC_DOMAINS
    )
    return ";".join(dict.fromkeys(name for name in names if name)) or None


def _site(url, with_path=True):
    """Host and path of a site's URL ("example.org/blog": the path keeps multisite blogs apart)."""
    if not url:
        return ""
    parts = urlsplit(url if "//" in url else "//" + url)
    return parts.netloc.lower() + (parts.path.rstrip("/") if with_path else "")


def _query_post_id(url):
    # A WordPress link "https://example.org/?p=42" (or ?page_id=42) names the post id itself.
    query = parse_qs(urlsplit(url).query)
    value = (query.get("p") or query.get("page_id") or [""])[0]
    return value if value.isdigit() else None


def _fields(node):
    """{prefixed name: stripped text} of a node's childless children, first occurrence wins."""
    fields = {}
    for child in node:
        if not len(child):
            fields.setdefault(_name(child.tag), _xml.text(child))
    return fields


def _name(tag):
    """ "{uri}local" as "wp:local", "dc:local", ... whatever the WXR version's namespace URI."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if _WP_NAMESPACE.fullmatch(uri):
        return "wp:" + local
    return f"{_PREFIXES.get(uri, uri)}:{local}"
