"""Reply trees: root, depth, position and reply counts for every comment.

`build_threads(comments)` needs `comment_id, parent_id, article_id, created_at, seq` and adds
`root_id, depth, position, n_replies` and `thread_note` (why a parent link was cut, else NA).
A reply whose parent is missing or in another article is kept and treated as top level; a reply
cycle is cut at its earliest comment. Each gets a note the pipeline turns into a `rejects` row.
"""

import numpy as np
import pandas as pd

from etl import schema

NEEDS = ("comment_id", "parent_id", "article_id", "created_at", "seq")
# Deeper than any real thread; a chain still unresolved after this many steps is a cycle.
MAX_DEPTH = 500


def build_threads(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments with thread columns added (see module docstring)."""
    schema.validate(comments, NEEDS, "threads")
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
    root_id = pd.Series(
        comments["comment_id"].to_numpy()[root], index=comments.index, dtype=comments["comment_id"].dtype
    )
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
    """Break each reply cycle at one link: its earliest comment (by time, then input order) loses
    its parent and becomes top level; the others stay its replies. Every member gets a note;
    replies hanging off a cycle keep their links. (A chain deeper than MAX_DEPTH without a cycle
    is cut below that depth.)"""
    _, depth = _walk_to_roots(comments)
    stuck = depth.isna()
    if not stuck.any():
        return comments
    order = comments[stuck].sort_values(["created_at", "seq"], na_position="last")["comment_id"].tolist()
    cut_at = _cycle_cuts(order, dict(zip(comments["comment_id"][stuck], comments["parent_id"][stuck])))
    ids, parent = comments["comment_id"], comments["parent_id"]
    cut = ids.map(cut_at).astype("string")
    is_cut = cut.notna() & (cut == ids)
    note = comments["thread_note"].mask(is_cut, "kept as top level: reply cycle through parent " + parent.fillna(""))
    note = note.mask(cut.notna() & ~is_cut, "kept as a reply: its reply cycle was cut at " + cut.fillna(""))
    comments = comments.assign(parent_id=parent.mask(is_cut), thread_note=note)
    _, depth = _walk_to_roots(comments)
    too_deep = depth.isna()
    return comments.assign(
        parent_id=comments["parent_id"].mask(too_deep),
        thread_note=comments["thread_note"].mask(too_deep, f"kept as top level: more than {MAX_DEPTH} replies deep"),
    )


def _cycle_cuts(order, parent_of):
    """{member: the member its cycle is cut at} for every cycle among `parent_of`'s comments,
    cutting each at the member earliest in `order`."""
    rank = {comment_id: i for i, comment_id in enumerate(order)}
    cut_at, seen = {}, set()
    for start in order:
        path, current = [], start
        while current in parent_of and current not in seen:
            seen.add(current)
            path.append(current)
            current = parent_of[current]
        if current in path:  # a cycle not met before: its members are the path from `current` on
            members = path[path.index(current) :]
            earliest = min(members, key=rank.__getitem__)
            cut_at.update(dict.fromkeys(members, earliest))
    return cut_at


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
