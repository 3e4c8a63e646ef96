"""Reply trees: root, depth, position and reply counts for every comment.

`build_threads(comments)` needs `comment_id, parent_id, article_id, created_at, seq` and adds
`root_id, depth, position, n_replies` and `thread_note` (why a parent link was cut, else NA).
A reply whose parent is missing or in another article, and every comment of a reply cycle, is
kept and treated as top level, with a note the pipeline turns into a `rejects` row.
"""

import numpy as np
import pandas as pd

# Deeper than any real thread; a chain still unresolved after this many steps is a cycle.
MAX_DEPTH = 500


def build_threads(comments):
    """Comments with thread columns added (see module docstring)."""
    comments = _cut_missing_parents(comments)
    comments = _cut_cycles(comments)
    root, depth = _walk_to_roots(comments)
    comments = comments.assign(root_id=root.astype("string"), depth=depth.astype("Int64"))
    return comments.pipe(_add_positions).pipe(_add_reply_counts)


def _cut_missing_parents(comments):
    parent = comments["parent_id"].where(comments["parent_id"].fillna("") != "")
    article_of = pd.Series(comments["article_id"].to_numpy(), index=comments["comment_id"].to_numpy())
    parent_article = parent.map(article_of)
    missing = parent.notna() & parent_article.isna()
    elsewhere = parent.notna() & parent_article.notna() & (parent_article != comments["article_id"])
    note = pd.Series(pd.NA, index=comments.index, dtype="string")
    note = note.mask(missing, "kept as top level: parent " + parent.fillna("") + " not found")
    note = note.mask(elsewhere, "kept as top level: parent " + parent.fillna("") + " is in another article")
    return comments.assign(parent_id=parent.mask(missing | elsewhere).astype("string"), thread_note=note)


def _walk_to_roots(comments):
    """Follow parent links upwards, all comments at once, one level per step: (root id, depth,
    NA where the chain never ends). Every parent is a comment of the frame (_cut_missing_parents)."""
    ids = pd.Index(comments["comment_id"].to_numpy())
    if not ids.is_unique or ids.hasnans:
        return _walk_to_roots_by_id(comments)
    # On row positions instead of ids: one lookup of the parents, then array steps.
    parent = ids.get_indexer(comments["parent_id"].to_numpy())
    root = np.arange(len(parent))
    depth = np.zeros(len(parent), dtype="int64")
    current = parent
    for _ in range(MAX_DEPTH):
        linked = current >= 0
        if not linked.any():
            break
        root = np.where(linked, current, root)
        depth += linked
        current = np.where(linked, parent[np.maximum(current, 0)], -1)
    root_id = pd.Series(comments["comment_id"].to_numpy()[root], index=comments.index,
                        dtype=comments["comment_id"].dtype)
    depth = pd.Series(depth, index=comments.index)
    return root_id, depth.where(pd.Series(current < 0, index=comments.index))


def _walk_to_roots_by_id(comments):
    parent_of = pd.Series(comments["parent_id"].to_numpy(), index=comments["comment_id"].to_numpy())
    root = comments["comment_id"].copy()
    depth = pd.Series(0, index=comments.index)
    current = comments["parent_id"]
    for _ in range(MAX_DEPTH):
        linked = current.notna()
        if not linked.any():
            break
        root = root.mask(linked, current)
        depth = depth + linked.astype(int)
        current = current.map(parent_of).where(linked)
    return root, depth.where(current.isna())


def _cut_cycles(comments):
    """Comments whose ancestry never ends lose their parent link, with a note."""
    _, depth = _walk_to_roots(comments)
    stuck = depth.isna()
    if not stuck.any():
        return comments
    return comments.assign(
        parent_id=comments["parent_id"].mask(stuck),
        thread_note=comments["thread_note"].mask(
            stuck, "kept as top level: reply cycle through parent " + comments["parent_id"].fillna("")),
    )


def _add_positions(comments):
    """Order within the article as published: by time where every comment has one, else input order."""
    timed = comments["created_at"].notna().groupby(comments["article_id"]).transform("all")
    sort_time = comments["created_at"].where(timed.astype(bool))
    ordered = comments.assign(_t=sort_time).sort_values(["article_id", "_t", "seq"], na_position="first")
    position = ordered.groupby("article_id").cumcount()
    return comments.assign(position=position.reindex(comments.index).astype("Int64"))


def _add_reply_counts(comments):
    counts = comments["parent_id"].value_counts()
    return comments.assign(n_replies=comments["comment_id"].map(counts).fillna(0).astype("Int64"))
