"""Reads per article: comment statistics, the most negative articles, reply stance per article,
and the article pickers' options. Connection + Filters -> tidy frame."""

import re
from collections.abc import Iterable

import duckdb
import numpy as np
import pandas as pd

from dashboard.queries import per_article
from dashboard.queries.labels import STANCES
from etl.store.filters import Filters, comment_where, from_clause

OPTIONS_LIMIT = 500  # article pickers list this many articles (the most commented), plus matches
MIN_COMMENTS = 20  # rankings by share count an article or topic from this many comments (replies)
RANK_ORDERS = ("share", "count")  # a ranking by share (the default) or by count
WILSON_Z = 1.959964  # the 95% Wilson score interval


def _per_article(con, filters, stances=True):
    """SQL and parameters of the per-article counts of the comments matching `filters`:
    article_id, n_comments, n_replies, mean_polarity, n_negative, n_neutral, n_positive,
    share_negative, and with `stances` reply_agree, reply_disagree, reply_neutral. From the
    pre-aggregate where it answers (dashboard.queries.per_article), else from the comments."""
    if per_article.answers(con, filters):
        sql, params = per_article.per_article_sql(filters, stances)
        return (
            f"""SELECT *, sum_polarity / nullif(n_polarity, 0) AS mean_polarity,
                          n_negative / n_comments AS share_negative FROM ({sql})""",
            params,
        )
    where, params = comment_where(filters)
    replies = [f"count(*) FILTER (c.depth > 0 AND c.stance = '{label}') AS reply_{label}" for label in STANCES]
    replies = replies if stances else []
    sql = f"""
        SELECT c.article_id,
               count(*) AS n_comments,
               count(*) FILTER (c.depth > 0) AS n_replies,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') AS n_negative,
               count(*) FILTER (c.sentiment = 'neutral') AS n_neutral,
               count(*) FILTER (c.sentiment = 'positive') AS n_positive,
               count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
               {"".join(", " + reply for reply in replies)}
        {from_clause(where)} WHERE {where}
        GROUP BY c.article_id"""
    return sql, params


def _titled(con, per, keep, keys=None, limit=None, counted=False):
    """SQL: the per-article rows of `per` meeting `keep`, with the article's title, published_at
    and url. With `keys` and `limit`, only the first `limit` rows by `keys` (and every row tied
    with the last of them, which the caller's order then breaks by title). `counted`: with
    `n_rows`, how many rows of `per` meet `keep` (counted once over them, not a window over all).

    The articles are joined to the groups, not to the comments, and only to the chosen groups: a
    ranking of 200,000 articles reads the titles of its top ten."""
    if keys and limit is not None:
        # A top-N, and the rows tied with its last: rank() <= limit without numbering every row
        # (a window over 200,000 articles took 30 ms).
        names = [re.match(r'\s*"?(\w+)', term).group(1) for term in keys.split(",")]
        same = " AND ".join(f"p.{name} IS NOT DISTINCT FROM e.{name}" for name in names)
        ctes = f"""per AS MATERIALIZED (SELECT * FROM ({per}) WHERE {keep}),
            top AS (SELECT * FROM per ORDER BY {keys} LIMIT {max(int(limit), 0)}),
            edge AS (SELECT {", ".join(names)} FROM top ORDER BY {keys} OFFSET {max(int(limit), 1) - 1}),
            chosen AS (SELECT * FROM top UNION ALL
                       SELECT p.* FROM per p JOIN edge e ON {same}
                       WHERE p.article_id NOT IN (SELECT article_id FROM top))"""
        rows = "(SELECT count(*) FROM per)"
    else:
        ctes = f"per AS ({per}), chosen AS {'MATERIALIZED ' if counted else ''}(SELECT * FROM per WHERE {keep})"
        rows = "(SELECT count(*) FROM chosen)"
    return f"""
        WITH {ctes}
        SELECT chosen.article_id, coalesce(a.title, chosen.article_id) AS title, a.published_at, a.url,
               chosen.* EXCLUDE (article_id){f", {rows} AS n_rows" if counted else ""}
        FROM chosen LEFT JOIN (SELECT article_id, title, published_at, url FROM {per_article.article_info(con)}
                               WHERE article_id IN (SELECT article_id FROM chosen)) a USING (article_id)"""


_STATS = (
    "article_id, title, published_at, url, n_comments, n_replies, mean_polarity, n_negative, n_neutral, "
    "n_positive, share_negative"
)
_STATS_ORDER = "n_comments DESC, title, article_id"  # article_stats' order (the id: two of a title)


def article_stats(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Per article with matching comments, most commented first: article_id, title, published_at,
    url, n_comments, n_replies, mean_polarity, n_negative, n_neutral, n_positive, share_negative."""
    per, params = _per_article(con, filters, stances=False)
    sql = f"""SELECT {_STATS} FROM ({_titled(con, per, "TRUE", "n_comments DESC", limit)})
              ORDER BY {_STATS_ORDER}"""
    return con.execute(sql + (f" LIMIT {int(limit)}" if limit is not None else ""), params).df()


def article_block(
    con: duckdb.DuckDBPyConnection, filters: Filters, sort: tuple = (), limit: int = 100, offset: int = 0
) -> tuple[pd.DataFrame, int]:
    """(rows offset … offset + limit of article_stats sorted on its (column, "asc"|"desc") pairs
    `sort`, empty values last and ties in article_stats' order; how many rows article_stats has).
    Only the block leaves DuckDB: the grid of 200,000 articles took 0.17 s to fetch them all."""
    terms = []
    for column, direction in sort:
        if column not in _STATS.split(", ") or direction not in ("asc", "desc"):
            raise ValueError(f"cannot sort the articles on {column!r} {direction!r}")
        terms.append(f'"{column}" {direction.upper()} NULLS LAST')
    per, params = _per_article(con, filters, stances=False)
    # On counts alone, the articles up to the block's end (ties too) are chosen before any title is
    # read; a sort on a title, date or url reads every article's.
    on_counts = not {column for column, _ in sort} & {"title", "published_at", "url"}
    keys, end = (", ".join([*terms, "n_comments DESC"]), int(offset) + int(limit)) if on_counts else (None, None)
    sql = f"""SELECT {_STATS}, n_rows FROM ({_titled(con, per, "TRUE", keys, end, counted=True)})
              ORDER BY {", ".join([*terms, _STATS_ORDER])} LIMIT {int(limit)} OFFSET {int(offset)}"""
    block = con.execute(sql, params).df()
    if block.empty:
        total = con.execute(f"SELECT count(*) FROM ({per})", params).fetchall()[0][0]
    else:
        total = int(block["n_rows"].iloc[0])
    return block.drop(columns="n_rows"), total


def wilson(hits, n, z: float = WILSON_Z) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval (low, high) of the share hits / n, element-wise; NaN where n is 0.
    Unlike share ± z·SE it stays inside [0, 1] and is honest for a share near 0 or 1."""
    hits, n = np.asarray(hits, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = hits / n
        centre = (share + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def ranked(frame: pd.DataFrame, hits: str, n: str, share: str, order: str, limit: int | None) -> pd.DataFrame:
    """`frame` (already floored) with `share`'s Wilson interval as `low` and `high`, the first `limit`
    rows by share (then count) or by count (then share), ties by title or topic."""
    if order not in RANK_ORDERS:
        raise ValueError(f"order must be one of {RANK_ORDERS}, not {order!r}")
    low, high = wilson(frame[hits], frame[n])
    keys = [share, hits] if order == "share" else [hits, share]
    name = "title" if "title" in frame.columns else frame.columns[0]
    out = frame.assign(low=low, high=high).sort_values([*keys, n, name], ascending=[False, False, False, True])
    return (out if limit is None else out.head(limit)).reset_index(drop=True)


def floor_of(min_comments) -> int:
    """A ranking's floor from a control or URL: a whole number of at least 1 (MIN_COMMENTS when unreadable)."""
    try:
        return max(1, int(min_comments))
    except (TypeError, ValueError):
        return MIN_COMMENTS


def order_of(order) -> str:
    """A ranking's order from a control or URL: one of RANK_ORDERS (share when unreadable)."""
    return order if order in RANK_ORDERS else "share"


def top_negative_articles(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    limit: int = 10,
    min_comments: int = MIN_COMMENTS,
    order: str = "share",
) -> pd.DataFrame:
    """Articles of at least `min_comments` matching comments with a negative one, ranked by their
    share of negative comments (or by how many): the columns of `article_stats` and `low`, `high`
    (the share's 95% Wilson interval)."""
    per, params = _per_article(con, filters, stances=False)
    keys = _rank_keys("n_negative", "n_comments", "share_negative", order_of(order))
    sql = f"SELECT {_STATS} FROM ({_titled(con, per, 'n_negative > 0 AND n_comments >= ?', keys, limit)})"
    frame = con.execute(sql, [*params, floor_of(min_comments)]).df()
    return ranked(frame, "n_negative", "n_comments", "share_negative", order_of(order), limit)


def _rank_keys(hits, n, share, order):
    """SQL ORDER BY keys of `ranked`'s order but the title (which breaks the last ties)."""
    first = [share, hits] if order == "share" else [hits, share]
    return ", ".join(f"{key} DESC" for key in [*first, n])


def stance_counts(column: str = "c.stance") -> str:
    """SQL: one `n_<label>` count per reply stance label."""
    return ",\n".join(f"count(*) FILTER ({column} = '{label}') AS n_{label}" for label in STANCES)


def stance_by_article(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    limit: int | None = None,
    min_replies: int | None = None,
    order: str | None = None,
) -> pd.DataFrame:
    """Reply stance per article, most replied first (replies only: top-level comments have no
    stance): article_id, title, n_replies, n_agree, n_disagree, n_neutral, share_disagree. With an
    `order` ("share" or "count"), a ranking of the articles of at least `min_replies` replies by
    their share of disagreeing replies (or by how many), with the share's Wilson `low` and `high`."""
    per, params = _per_article(con, filters)
    stances = ", ".join(f"reply_{label} AS n_{label}" for label in STANCES)
    per = f"SELECT article_id, n_replies, {stances}, reply_disagree / n_replies AS share_disagree FROM ({per})"
    columns = "article_id, title, n_replies, n_agree, n_disagree, n_neutral, share_disagree"
    if order is not None:
        keys = _rank_keys("n_disagree", "n_replies", "share_disagree", order_of(order))
        titled = _titled(con, per, "n_replies > 0 AND n_replies >= ?", keys, limit)
        frame = con.execute(f"SELECT {columns} FROM ({titled})", [*params, floor_of(min_replies)]).df()
        return ranked(frame, "n_disagree", "n_replies", "share_disagree", order_of(order), limit)
    titled = _titled(con, per, "n_replies > 0", "n_replies DESC", limit)
    sql = f"SELECT {columns} FROM ({titled}) ORDER BY n_replies DESC, title"
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return con.execute(sql, params).df()


def article_options(
    con: duckdb.DuckDBPyConnection, search: str | None = None, include: Iterable[str] = (), limit: int | None = None
) -> pd.DataFrame:
    """Articles for pickers, most commented first: the `limit` first whose title or id contains
    `search` (all when None), and always those in `include`: article_id, title, n_comments.

    Pickers list a few hundred and search the rest as the user types: twenty thousand options
    would weigh megabytes on every page load."""
    pattern = f"%{search.strip()}%" if search and search.strip() else None
    limit = OPTIONS_LIMIT if limit is None else limit
    info = per_article.article_info(con)
    # A top-N on the sort keys, not a numbering of every article (0.15 s at 200,000 articles).
    order = "coalesce(i.n_comments, 0) DESC, i.published_at DESC NULLS LAST, coalesce(i.title, i.article_id)"
    return con.execute(
        f"""
        WITH top AS (SELECT i.article_id FROM {info} i WHERE ? IS NULL OR i.title ILIKE ? OR i.article_id ILIKE ?
                     ORDER BY {order} LIMIT ?)
        SELECT i.article_id, coalesce(i.title, i.article_id) AS title, coalesce(i.n_comments, 0) AS n_comments
        FROM {info} i WHERE i.article_id IN (SELECT article_id FROM top) OR list_contains(?, i.article_id)
        ORDER BY {order}""",
        [pattern, pattern, pattern, int(limit), list(include)],
    ).df()
