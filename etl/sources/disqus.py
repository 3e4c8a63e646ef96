"""Reader for Disqus export XML (docs/cli.md, "Inputs"): threads are articles, posts are comments.

    <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <category dsq:id="1"> title
      <thread dsq:id="2"> id (the site's identifier), link, title, message, createdAt, author/name
      <post dsq:id="3"> message (HTML), createdAt, isDeleted, isSpam, author/name,
                        <thread dsq:id="2"/>, <parent dsq:id="..."/> for a reply

Ids are Disqus's own, unique across Disqus: article "dsq:t2", comment "dsq:3". References use the
dsq:id attribute; where it is missing (Disqus's import format) the element's text names the thread
or post by its <id>. Status: deleted, spam or published. A deleted post is kept even without text,
so its replies still hang under it; other posts without text are rejected.
"""

from dataclasses import dataclass, field

from etl.schema import reject
from etl.sources import _xml
from etl.sources.batch import make_batch

_DSQ_ID = "{http://disqus.com/disqus-internals}id"
_UNREAD = "threads and posts after this point were not read"


def recognises(root):
    """True when a sniffed _xml.Root is a Disqus export (root element <disqus>)."""
    return root.local == "disqus"


def read(path):
    """Read a Disqus export into a Batch of articles (threads), comments (posts) and rejects.

    A truncated or malformed file keeps what was complete before the error and adds one reject
    with the error's line and column.
    """
    source = str(path)
    export = _Export()
    try:
        root, stop = _xml.stream(path, depth=1, handle=export.take)
    except OSError as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read XML: {exc}")])
    if root is not None and _local(root) != "disqus":
        reason = f"not a Disqus export: root element <{_local(root)}>"
        return make_batch(rejects=[reject(source, "file", reason)])
    threads = {t["ident"]: t["key"] for t in export.threads if t["ident"] and t["key"]}
    posts = {p["ident"]: p["key"] for p in export.posts if p["ident"] and p["key"]}
    articles, article_rejects = _articles(export.threads, export.categories, source)
    comments, comment_rejects = _comments(export.posts, threads, posts, source)
    articles, article_dups = _xml.first_of_each(articles, "article_id", source)
    comments, comment_dups = _xml.first_of_each(comments, "comment_id", source)
    stopped = [reject(source, f"line {stop.line}", stop.reason(_UNREAD))] if stop else []
    rejects = sorted(article_rejects + comment_rejects + article_dups + comment_dups + stopped, key=_xml.line_of)
    comments = [{**c, "seq": seq} for seq, c in enumerate(comments)]
    return make_batch(articles, comments, rejects)


@dataclass
class _Export:
    """The categories, threads and posts the stream has handed over, as plain dicts."""

    categories: dict = field(default_factory=dict)
    threads: list = field(default_factory=list)
    posts: list = field(default_factory=list)

    def take(self, node):
        name = _local(node.tag)
        if name == "category":
            self.categories[node.get(_DSQ_ID)] = _text(node, "title")
        elif name == "thread":
            self.threads.append(_thread(node))
        elif name == "post":
            self.posts.append(_post(node))


def _thread(node):
    return {
        "key": _key(node),
        "ident": _text(node, "id"),
        "line": node.line,
        "url": _text(node, "link"),
        "title": _text(node, "title"),
        "body": _text(node, "message"),
        "published_at": _text(node, "createdAt"),
        "author": _author(node),
        "category": _ref(_child(node, "category")),
    }


def _post(node):
    return {
        "key": _key(node),
        "ident": _text(node, "id"),
        "line": node.line,
        "text": _text(node, "message"),
        "created_at": _text(node, "createdAt"),
        "author": _author(node),
        "deleted": _text(node, "isDeleted").lower() == "true",
        "spam": _text(node, "isSpam").lower() == "true",
        "thread": _ref(_child(node, "thread")),
        "parent": _ref(_child(node, "parent")),
    }


def _articles(threads, categories, source):
    articles, rejects = [], []
    for thread in threads:
        if not thread["key"]:
            rejects.append(
                reject(source, f"line {thread['line']}", "thread without dsq:id or id", thread["title"] or "")
            )
            continue
        category = categories.get(thread["category"]["dsq"]) if thread["category"] else None
        articles.append(
            {
                "article_id": "dsq:t" + thread["key"],
                "source": source,
                "url": thread["url"] or None,
                "title": thread["title"] or None,
                "author": thread["author"],
                "body": thread["body"] or None,
                "published_at": thread["published_at"] or None,
                "source_topics": category or None,
                "line": thread["line"],
            }
        )
    return articles, rejects


def _comments(posts, threads, by_ident, source):
    """Comment records of the usable posts, and rejects for the others."""
    comments, rejects = [], []
    for post in posts:
        problem = _problem(post)
        if problem:
            rejects.append(reject(source, f"line {post['line']}", problem, post["text"]))
            continue
        parent = _resolve(post["parent"], by_ident)
        comments.append(
            {
                "comment_id": "dsq:" + post["key"],
                "parent_id": "dsq:" + parent if parent else None,
                "article_id": "dsq:t" + _resolve(post["thread"], threads),
                "author": post["author"],
                "created_at": post["created_at"] or None,
                "text": post["text"],
                "status": _status(post),
                "source": source,
                "line": post["line"],
            }
        )
    return comments, rejects


def _problem(post):
    if not post["key"]:
        return "post without dsq:id or id"
    if not post["thread"]:
        return f"post dsq:{post['key']} names no thread"
    if not post["text"] and not post["deleted"]:
        return f"empty text (post dsq:{post['key']})"
    return None


def _status(post):
    # A post both deleted and marked spam was deleted: that is what readers last saw.
    if post["deleted"]:
        return "deleted"
    return "spam" if post["spam"] else "published"


def _key(node):
    """An element's own id: its dsq:id, else "id:" + the site's <id> for it, else None."""
    dsq_id = (node.get(_DSQ_ID) or "").strip()
    ident = _text(node, "id")
    return dsq_id or (f"id:{ident}" if ident else None)


def _ref(node):
    """A reference element as {"dsq": dsq:id or None, "ident": its text}, or None when absent/empty."""
    if node is None:
        return None
    dsq_id, ident = (node.get(_DSQ_ID) or "").strip(), _xml.text(node)
    return {"dsq": dsq_id or None, "ident": ident} if dsq_id or ident else None


def _resolve(ref, by_ident):
    """The key a reference points to: its dsq:id, else the key of the element whose <id> it names."""
    if ref is None:
        return None
    return ref["dsq"] or by_ident.get(ref["ident"], f"id:{ref['ident']}")


def _author(node):
    author = _child(node, "author")
    return (_text(author, "name") or _text(author, "username") or None) if author is not None else None


def _child(node, name):
    return next((child for child in node if _local(child.tag) == name), None)


def _text(node, name):
    return _xml.text(_child(node, name))


def _local(tag):
    return tag.rsplit("}", 1)[-1]
