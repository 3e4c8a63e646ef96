"""One article's thread, however large: its outline (every published comment in reading order,
with how many replies sit under it and whether the tone turns there), the cards of one page,
search within it (each reading only the article's segment: etl.store.narrowed), and the page
arithmetic on the outline (pure: which comments a page shows with some subtrees collapsed, which
page holds a comment).

Reading order is depth first: a comment, then each of its replies with theirs, replies in
published order. A comment whose parent is not published (deleted, hidden) starts a branch of
its own. Each subtree is then a run of rows, `n_below` long after its first: collapsing one
skips that many rows.
"""

from urllib.parse import urlencode

import duckdb
import numpy as np
import pandas as pd

from dashboard.filters import MAX_SEARCH
from etl import schema, store
from etl.store.filters import Filters, comment_where, from_clause

PAGE_SIZE = 25  # cards a page shows: a few screens, each reply card with eight label controls
TONE_DROP = 0.5  # a reply this much less polar than the comment it answers: the tone drops
TURN_TONE = "tone drops"
TURN_DISAGREEMENT = "disagreement rises"
OUTLINE_COLUMNS = ["comment_id", "parent_id", "depth", "n_replies", "n_below", "orphan", "turn"]
CARD_COLUMNS = [*schema.EXPORT_COLUMNS["comments"], "sentiment_engine"]  # a card names who scored it


def thread_filters(article_id: str | None, search: str | None = None) -> Filters:
    """Filters selecting every published comment of one article (those matching `search`)."""
    return Filters(articles=(article_id,), published_only=True, search=search or None)


def article_exists(con: duckdb.DuckDBPyConnection, article_id: str | None) -> bool:
    """True when the store holds the article (with or without comments)."""
    if not article_id:
        return False
    with store.narrowed(con, [article_id]):
        found = con.execute("SELECT count(*) FROM articles WHERE article_id = ?", [article_id]).fetchall()
    return bool(found[0][0])


def thread_outline(con: duckdb.DuckDBPyConnection, article_id: str | None) -> pd.DataFrame:
    """The article's published comments in reading order (module docstring): comment_id,
    parent_id ("" when it starts a branch), depth (as stored), n_replies (published direct
    replies), n_below (published comments under it, at any depth), orphan (its parent is not
    published) and turn: "tone drops" (its sentiment is lower than its parent's, or its polarity
    TONE_DROP lower), "disagreement rises" (it disagrees with a parent that did not itself
    disagree), both, or ""."""
    where, params = comment_where(thread_filters(article_id))
    sql = f"""
        WITH RECURSIVE pub AS (
            SELECT c.comment_id, nullif(c.parent_id, '') AS parent_id, c.position, c.depth,
                   c.polarity, c.sentiment, c.stance
            {from_clause(where)} WHERE {where}),
        tree(comment_id, ancestors, path) AS (
            SELECT comment_id, CAST([] AS VARCHAR[]), [position] FROM pub
            WHERE parent_id IS NULL OR parent_id NOT IN (SELECT comment_id FROM pub)
            UNION ALL
            SELECT p.comment_id, list_append(t.ancestors, t.comment_id), list_append(t.path, p.position)
            FROM pub p JOIN tree t ON p.parent_id = t.comment_id),
        below AS (SELECT unnest(ancestors) AS comment_id, count(*) AS n_below FROM tree GROUP BY 1),
        direct AS (SELECT ancestors[-1] AS comment_id, count(*) AS n_replies FROM tree
                   WHERE len(ancestors) > 0 GROUP BY 1)
        SELECT p.comment_id,
               CASE WHEN len(t.ancestors) > 0 THEN t.ancestors[-1] ELSE '' END AS parent_id,
               p.depth,
               coalesce(d.n_replies, 0) AS n_replies,
               coalesce(b.n_below, 0) AS n_below,
               (p.parent_id IS NOT NULL AND len(t.ancestors) = 0) AS orphan,
               CASE WHEN up.comment_id IS NULL THEN '' ELSE concat_ws(', ',
                   CASE WHEN {_rank("p")} < {_rank("up")} OR up.polarity - p.polarity >= ?
                        THEN '{TURN_TONE}' END,
                   CASE WHEN p.stance = 'disagree' AND coalesce(up.stance, '') <> 'disagree'
                        THEN '{TURN_DISAGREEMENT}' END) END AS turn
        FROM tree t JOIN pub p USING (comment_id)
        LEFT JOIN pub up ON up.comment_id = t.ancestors[-1] AND len(t.ancestors) > 0
        LEFT JOIN below b USING (comment_id)
        LEFT JOIN direct d USING (comment_id)
        ORDER BY t.path, p.comment_id"""
    with store.narrowed(con, [article_id]):
        outline = con.execute(sql, params + [TONE_DROP]).df()
    return outline.astype({"n_replies": "int64", "n_below": "int64", "orphan": "bool"})[OUTLINE_COLUMNS]


def _rank(alias):
    # The sentiment labels in order; an unscored comment has no rank, so it never drops.
    return f"CASE {alias}.sentiment WHEN 'negative' THEN 0 WHEN 'neutral' THEN 1 WHEN 'positive' THEN 2 END"


def thread_cards(con: duckdb.DuckDBPyConnection, article_id: str | None, comment_ids) -> pd.DataFrame:
    """The comments `comment_ids` of the article (published only), every export column and the
    sentiment engine, in the order given (a page's cards); `targets`: the stances toward the
    targets each names (a list of {target, stance, evidence}, by target; None when it names none)."""
    ids = [str(i) for i in comment_ids]
    if not ids:
        return pd.DataFrame(columns=[*CARD_COLUMNS, "targets"])
    where, params = comment_where(thread_filters(article_id))
    columns = ", ".join(f'c."{column}"' for column in CARD_COLUMNS)
    sql = f"""
        WITH named AS (
            SELECT comment_id, list({{'target': target, 'stance': stance, 'evidence': evidence}}
                                    ORDER BY target) AS targets
            FROM target_stances WHERE article_id = ? AND comment_id IN (SELECT unnest(?)) GROUP BY comment_id)
        SELECT {columns}, n.targets {from_clause(where)} LEFT JOIN named n ON n.comment_id = c.comment_id
        WHERE {where} AND c.comment_id IN (SELECT unnest(?))
        ORDER BY list_position(?, c.comment_id)"""
    with store.narrowed(con, [article_id]):
        return con.execute(sql, [article_id, ids, *params, ids, ids]).df()


def thread_matches(con: duckdb.DuckDBPyConnection, article_id: str | None, search: str | None) -> pd.DataFrame:
    """The article's published comments whose text or author holds every word of `search`
    (etl.store.filters.search_clause): comment_id, in no particular order (none for no words)."""
    if not search or not search.strip():
        return pd.DataFrame({"comment_id": pd.Series([], dtype="string")})
    where, params = comment_where(thread_filters(article_id, search))
    with store.narrowed(con, [article_id]):
        return con.execute(f"SELECT c.comment_id {from_clause(where)} WHERE {where}", params).df()


# The page's choices, as its URL carries them: /thread?article=ID&page=2&q=words&focus=ID&collapsed=ID…
MAX_COLLAPSED = 200  # subtrees a URL may keep collapsed: a longer list is cut


def page_state(article=None, page=None, collapsed=None, focus=None, q=None, comment=None, **_other) -> dict:
    """The thread page's choices from its URL's query values (dash pages hands a repeated
    value as a list): article, page (from 1), collapsed (comment ids), focus, q (the search
    words, cut to MAX_SEARCH characters), comment (a link's comment to open the thread at: its
    page, in focus; the page resolves it into page and focus); anything unreadable its default."""
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    closed = [collapsed] if isinstance(collapsed, str) else list(collapsed or [])
    return {
        "article": article if isinstance(article, str) and article else None,
        "page": page,
        "collapsed": list(dict.fromkeys(c for c in closed if isinstance(c, str) and c))[:MAX_COLLAPSED],
        "focus": focus if isinstance(focus, str) and focus else None,
        "q": q[:MAX_SEARCH].strip() if isinstance(q, str) else "",
        "comment": comment if isinstance(comment, str) and comment else None,
    }


def page_search(state: dict) -> str:
    """The query string ("?article=…&page=2", "" for no article) of the page's choices; the
    defaults (page 1, nothing collapsed, no focus, no search) left out."""
    state = page_state(**(state or {}))
    if not state["article"]:
        return ""
    pairs = [("article", state["article"])]
    if state["page"] > 1:
        pairs.append(("page", state["page"]))
    if state["q"]:
        pairs.append(("q", state["q"]))
    if state["focus"]:
        pairs.append(("focus", state["focus"]))
    pairs.extend(("collapsed", c) for c in state["collapsed"])
    return "?" + urlencode(pairs)


# The page arithmetic: pure functions of an outline.


def visible(outline: pd.DataFrame, collapsed=()) -> pd.DataFrame:
    """The outline's rows shown when the subtrees under `collapsed` are closed: a collapsed
    comment shows, its replies do not."""
    closed = set(collapsed)
    if not closed or outline.empty:
        return outline
    ids = outline["comment_id"].to_numpy()
    below = outline["n_below"].to_numpy()
    keep = np.zeros(len(ids), dtype=bool)
    at = 0
    while at < len(ids):
        keep[at] = True
        at += 1 + (int(below[at]) if ids[at] in closed else 0)
    return outline[keep]


def page_count(shown: pd.DataFrame, size: int = PAGE_SIZE) -> int:
    """Pages of `size` cards the shown rows fill (at least one)."""
    return max(1, -(-len(shown) // size))


def page_rows(shown: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """The shown rows on `page` (from 1; kept within the pages there are)."""
    page = min(max(1, int(page)), page_count(shown, size))
    return shown.iloc[(page - 1) * size : page * size]


def page_of(shown: pd.DataFrame, comment_id: str, size: int = PAGE_SIZE) -> int | None:
    """The page (from 1) showing `comment_id`, None when it is not shown."""
    found = np.flatnonzero(shown["comment_id"].to_numpy() == comment_id)
    return int(found[0]) // size + 1 if len(found) else None


def ancestors(outline: pd.DataFrame, comment_id: str) -> list[str]:
    """The comments above `comment_id` in its branch, nearest first."""
    parent_of = dict(zip(outline["comment_id"], outline["parent_id"], strict=True))
    chain, at = [], parent_of.get(comment_id, "")
    while at and at not in chain:
        chain.append(at)
        at = parent_of.get(at, "")
    return chain


def opened_to(outline: pd.DataFrame, collapsed, comment_id: str) -> tuple:
    """`collapsed` without the comments above `comment_id`, so that it shows."""
    above = set(ancestors(outline, comment_id))
    return tuple(c for c in collapsed if c not in above)


def in_order(outline: pd.DataFrame, comment_ids) -> list[str]:
    """`comment_ids` in the outline's reading order (those not in it dropped)."""
    wanted = set(comment_ids)
    return [c for c in outline["comment_id"] if c in wanted]


def next_after(ordered: list[str], outline: pd.DataFrame, current: str | None, backwards: bool = False) -> str | None:
    """The comment of `ordered` (in reading order) after `current` in the outline (before it,
    `backwards`), wrapping round; the first (last) when `current` is None or unknown."""
    if not ordered:
        return None
    where = {c: i for i, c in enumerate(outline["comment_id"])}
    at = where.get(current) if current else None
    if at is None:
        return ordered[-1] if backwards else ordered[0]
    if backwards:
        before = [c for c in ordered if where[c] < at]
        return before[-1] if before else ordered[-1]
    after = [c for c in ordered if where[c] > at]
    return after[0] if after else ordered[0]
