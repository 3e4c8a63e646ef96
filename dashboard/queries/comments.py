"""Reads of comments: key figures, sentiment mixes, tone by depth, the comments table (its index,
blocks of rows in the table's order or sorted on any column, streamed CSV), votes by sentiment,
removed comments per article, and one article's thread. Connection + Filters -> tidy frame."""

import dataclasses
import functools
from collections.abc import Iterator

import duckdb
import pandas as pd

from dashboard.queries import days, per_article
from dashboard.queries.labels import SENTIMENTS
from etl import schema, store
from etl.store import queries as shared
from etl.store import search, targets
from etl.store.filters import JOIN, Filters, comment_where, from_clause, keeps_status

DEEPEST = 6  # sentiment_by_depth groups this depth and deeper into one "6+" bar
# The comments table's columns: the export's, with the article's title beside its id.
COMMENT_COLUMNS = list(schema.EXPORT_COLUMNS["comments"])
COMMENT_COLUMNS.insert(COMMENT_COLUMNS.index("article_id") + 1, "article_title")
# An article's title, or its id where the store knows no title (never a blank cell).
ARTICLE_TITLE = "coalesce(nullif(trim(a.title), ''), c.article_id)"
# Statuses of comments a moderator or a spam filter took down (as the readers store them).
REMOVED_STATUSES = ("deleted", "spam", "trash")
NEWEST_ARTICLES = 256  # comment_index looks for a grid block among this many newest articles first
NEWEST_KEPT = 4096  # the newest articles with comments, worked out once per version (_newest)
# The filters the target stance counts answer for one target: its stances, and their own columns.
_TARGET_OWN = {"target", "target_stances", "since", "until", "sentiments", "stances", "published_only", "statuses"}
SORT_DIRECTIONS = {"asc": "ASC", "desc": "DESC"}
# Text sorts case-insensitively with ä, ö, ü, ß as a, o, u, ss (German dictionary order), blanks last; a
# comment's text by its first 40 characters (the whole of a million texts sorts 3-8 times slower).
# (A chain of replace: translate() or COLLATE NOACCENT sort a million texts 1.5-2.5 times slower.)
_FOLDED = "replace(replace(replace(replace(lower(nullif({}, '')), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'), 'ß', 'ss')"
# Each article's place among the titles (its id where it has none), so that a million comments
# sort on a number, not each on its folded title (4-5 times slower).
TITLE_RANKS = (
    "LEFT JOIN (SELECT article_id, dense_rank() OVER (ORDER BY "
    + _FOLDED.format("coalesce(nullif(trim(title), ''), article_id)")
    + ") AS title_rank FROM articles) t ON t.article_id = c.article_id"
)
# The columns the comments table sorts on, as SQL: a whitelist, nothing else reaches ORDER BY.
SORT_KEYS = {
    "article_title": "t.title_rank",
    "author": _FOLDED.format("c.author"),
    "created_at": "c.created_at",
    "sentiment": "c.sentiment",
    "polarity": "c.polarity",
    "stance": "c.stance",
    "depth": "c.depth",
    "needs_moderation": "c.needs_moderation",
    "feedback": "c.feedback",
    "argument": "c.argument",
    "positive_votes": "c.positive_votes",
    "negative_votes": "c.negative_votes",
    "status": "coalesce(c.status, 'published')",
    "topics": _FOLDED.format("c.topics"),
    "text": _FOLDED.format("left(c.text, 40)"),
}


def thread_filters(article_id: str | None) -> Filters:
    """Filters selecting every published comment of one article."""
    return Filters(articles=(article_id,), published_only=True)


def kpis(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row: n_articles, n_comments, n_replies, share_replies, mean_polarity, share_negative."""
    if per_article.answers(con, filters):
        per, params = per_article.per_article_sql(filters)
        sql = f"""
            SELECT count(*) AS n_articles, CAST(coalesce(sum(n_comments), 0) AS BIGINT) AS n_comments,
                   CAST(coalesce(sum(n_replies), 0) AS BIGINT) AS n_replies,
                   sum(n_replies) / nullif(sum(n_comments), 0) AS share_replies,
                   sum(sum_polarity) / nullif(sum(n_polarity), 0) AS mean_polarity,
                   sum(n_negative) / nullif(sum(n_comments), 0) AS share_negative
            FROM ({per})"""
        return con.execute(sql, params).df()
    where, params = comment_where(filters)
    sql = f"""
        SELECT count(DISTINCT c.article_id) AS n_articles,
               count(*) AS n_comments,
               count(*) FILTER (c.depth > 0) AS n_replies,
               count(*) FILTER (c.depth > 0) / nullif(count(*), 0) AS share_replies,
               avg(c.polarity) AS mean_polarity,
               count(*) FILTER (c.sentiment = 'negative') / nullif(count(*), 0) AS share_negative
        {from_clause(where)} WHERE {where}"""
    return con.execute(sql, params).df()


def sentiment_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Comments per sentiment label, always the three labels in order: sentiment, n_comments, share."""
    if days.answers(con, filters):
        return days.sentiment_mix(con, filters)
    if per_article.topics_answer(con, filters):
        return per_article.sentiment_mix(con, filters)
    return comment_sentiment_mix(con, filters)


def comment_sentiment_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """sentiment_mix over every comment (where the pre-aggregate cannot answer)."""
    where, params = comment_where(filters)
    labels = ", ".join(f"('{label}', {order})" for order, label in enumerate(SENTIMENTS))
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES {labels}),
             counts AS (SELECT c.sentiment, count(*) AS n {from_clause(where)} WHERE {where} GROUP BY 1)
        SELECT l.sentiment, coalesce(counts.n, 0) AS n_comments,
               coalesce(counts.n, 0) / nullif(sum(coalesce(counts.n, 0)) OVER (), 0) AS share
        FROM labels l LEFT JOIN counts USING (sentiment) ORDER BY l.ord"""
    return con.execute(sql, params).df()


def polarity_by_depth(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per reply depth: depth, n_comments, mean_polarity."""
    where, params = comment_where(filters)
    sql = f"""
        SELECT c.depth, count(*) AS n_comments, avg(c.polarity) AS mean_polarity
        {from_clause(where)} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
    return con.execute(sql, params).df()


def sentiment_by_depth(con: duckdb.DuckDBPyConnection, filters: Filters, deepest: int = DEEPEST) -> pd.DataFrame:
    """Tone per reply depth, depths from `deepest` on grouped: depth (0 = top level),
    depth_label ("0" … "6+"), n_comments, mean_polarity, n_negative, share_negative (from the
    pre-aggregate store_days where it answers)."""
    if days.answers_depth(con, filters, deepest):
        depths = days.sentiment_by_depth(con, filters, deepest)
    else:
        where, params = comment_where(filters)
        sql = f"""
            SELECT least(c.depth, ?) AS depth, count(*) AS n_comments,
                   avg(c.polarity) AS mean_polarity,
                   count(*) FILTER (c.sentiment = 'negative') AS n_negative,
                   count(*) FILTER (c.sentiment = 'negative') / count(*) AS share_negative
            {from_clause(where)} WHERE {where} AND c.depth IS NOT NULL GROUP BY 1 ORDER BY 1"""
        depths = con.execute(sql, [int(deepest)] + params).df()
    labels = [f"{d}+" if d >= deepest else str(d) for d in depths["depth"]]
    return depths.assign(depth_label=labels)[
        ["depth", "depth_label", "n_comments", "mean_polarity", "n_negative", "share_negative"]
    ]


def engine_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Published comments per sentiment engine that scored them, most first:
    sentiment_engine, n_comments. From `store_days` where it counts the engines (written since
    it does)."""
    engine, table, n = "coalesce(nullif(sentiment_engine, ''), 'unknown')", "comments", "count(*)"
    if days.counts_engines(con):
        table, n = "store_days", "CAST(sum(n) AS BIGINT)"
    return con.execute(f"""
        SELECT {engine} AS sentiment_engine, {n} AS n_comments
        FROM {table} WHERE coalesce(status, 'published') = 'published'
        GROUP BY 1 ORDER BY n_comments DESC, 1""").df()


def count_comments(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """How many comments match the filters: from the counts per day, per topic and day for one
    topic (some 50,000 rows at ten million comments, not 2.4 million per topic and article), per
    article, or per target and article for one target, where they answer; else over the comments."""
    if days.answers(con, filters):
        return days.comment_count(con, filters)
    if filters.topics and per_article.topics_answer(con, filters):
        counted = per_article.counts_sql(filters, "topic")
    elif per_article.answers(con, filters):
        counted = per_article.per_article_sql(filters)
    else:
        counted = _target_counts(con, filters)  # None unless one target's counts answer
    if counted is not None:
        per, params = counted
        return int(con.execute(f"SELECT coalesce(sum(n_comments), 0) FROM ({per})", params).fetchall()[0][0])
    searched = _search_counts(con, filters)
    if searched is not None:
        return int(searched["n_comments"].sum())
    where, params = comment_where(filters)
    sql = f"SELECT count(*) {from_clause(where)} WHERE {where}"
    return con.execute(sql, params).fetchall()[0][0]


_SELECTED = ", ".join(
    f"{ARTICLE_TITLE} AS article_title" if column == "article_title" else f'c."{column}"' for column in COMMENT_COLUMNS
)


def _comment_rows_sql(filters):
    where, params = comment_where(filters)
    return f"SELECT {_SELECTED} {JOIN} WHERE {where} ORDER BY {shared.COMMENT_ORDER}", params


def order_by(sort: tuple) -> str:
    """The ORDER BY of the comments table sorted on (column, "asc"|"desc") pairs, the first
    deciding first, empty values last, ties in comment_id order; ValueError for a column not in
    SORT_KEYS or another direction."""
    terms = []
    for column, direction in sort:
        if column not in SORT_KEYS or direction not in SORT_DIRECTIONS:
            raise ValueError(f"cannot sort the comments on {column!r} {direction!r}")
        terms.append(f"{SORT_KEYS[column]} {SORT_DIRECTIONS[direction]} NULLS LAST")
    return ", ".join([*terms, "c.comment_id"])


def comment_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None, offset: int = 0, sort: tuple = ()
) -> pd.DataFrame:
    """etl.store.queries.comments with each article's title (its id where it has none) beside its
    article_id (the comments table, in the export's order), or sorted as `sort` says (order_by).

    A sorted block is found in two steps: the ids of its rows, ordered on their sort keys alone
    (a narrow sort: about 0.05-0.5 s at a million comments), then those rows whole."""
    if sort:
        return _sorted_rows(con, filters, sort, limit, offset)
    sql, params = _comment_rows_sql(filters)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(sql, params).df()


def _sorted_rows(con, filters, sort, limit, offset):
    where, params = comment_where(filters)
    order = order_by(sort)
    ranks = TITLE_RANKS if "t.title_rank" in order else ""
    sql = f"SELECT c.comment_id {from_clause(where + order)} {ranks} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    page = [row[0] for row in con.execute(sql, params).fetchall()]
    rows = con.execute(f"SELECT {_SELECTED} {JOIN} WHERE c.comment_id IN (SELECT unnest(?))", [page]).df()
    at = {comment_id: number for number, comment_id in enumerate(page)}
    return rows.iloc[rows["comment_id"].map(at).argsort(kind="stable")].reset_index(drop=True)


def comment_row_chunks(con: duckdb.DuckDBPyConnection, filters: Filters, vectors: int = 16) -> Iterator[pd.DataFrame]:
    """`comment_rows` of the filters as a stream of frames of about 2,048 × `vectors` rows (at
    least one frame, maybe empty), for downloads too large to hold in memory at once."""
    sql, params = _comment_rows_sql(filters)
    con.execute(sql, params)
    chunk = con.fetch_df_chunk(1)  # a small first block: the download starts sooner
    yield chunk
    while not chunk.empty:
        chunk = con.fetch_df_chunk(vectors)
        if not chunk.empty:
            yield chunk


def comment_index(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None, offset: int = 0
) -> pd.DataFrame:
    """Where each article's matching comments sit in the comments table: article_id,
    n_comments, first_row (0-based), in the table's order; with `limit`, only the articles holding
    rows offset … offset + limit.

    One aggregation gives the grid, for any block of rows, the few articles that hold it: a page
    then reads those articles only, however deep it is (OFFSET would sort and skip everything
    before it) and however slow the filter (a text search runs once, here). A block's articles
    are among the first offset + limit (each has a comment at least): a top-N of them is placed,
    not every article (a window over 200,000 took most of 0.1 s).

    Where the pre-aggregate counts per article, a block is first looked for among the newest
    NEWEST_ARTICLES + (offset + limit) // 16 articles only: the table is in the articles' order of
    date, so once their matching comments reach past the block, no older article holds any of it
    (counting every article's comments took 55 ms at ten million). Else, every article is counted.
    """
    answered = per_article.answers(con, filters)
    end = max(int(offset), 0) + max(int(limit or 0), 0)
    if limit is not None and answered and NEWEST_ARTICLES + end // 16 <= NEWEST_KEPT:
        con.register("newest_commented", _newest(con))
        newest = f"SELECT article_id FROM newest_commented WHERE place < {NEWEST_ARTICLES + end // 16}"
        per, params = per_article.per_article_sql(filters, within=newest)
        found = _index(con, per, params, limit, offset, covered=True)
        if not found.empty and found["covered"].iloc[0] >= end:
            return found.drop(columns="covered")
    if answered:  # the counts per article from the pre-aggregate
        per, params = per_article.per_article_sql(filters)
    else:
        where, params = comment_where(filters)
        per = f"SELECT c.article_id, count(*) AS n_comments {from_clause(where)} WHERE {where} GROUP BY c.article_id"
    return _index(con, per, params, limit, offset)


def _newest(con):
    """The NEWEST_KEPT newest articles holding comments (article_id, place: 0 the newest), in the
    table's order, once per version. An article without any comment holds no row of any block, so
    skipping it keeps the newest articles a prefix of those that do: the newest 2,000 of the 10M
    benchmark store's articles have none, and looking among them found nothing (70 ms, not 27)."""

    def newest():
        return con.execute(f"""
            SELECT article_id, row_number() OVER (ORDER BY published_at DESC, article_id) - 1 AS place
            FROM {per_article.article_info(con)}
            WHERE published_at IS NOT NULL AND article_id IN (SELECT article_id FROM store_article_days)
            QUALIFY place < {NEWEST_KEPT}""").df()

    return store.per_version(con, ("newest commented", NEWEST_KEPT), newest)


def _index(con, per, params, limit, offset, covered=False, total=False):
    """comment_index of the per-article counts `per`; `covered`: with a column of how many rows
    the articles placed hold (with `limit`, those up to the block's end; the same on every row);
    `total`: with a column of every article's rows (the same on every row)."""
    first, within = "", ""
    if limit is not None:
        end = max(int(offset), 0) + max(int(limit), 0)
        first = f" ORDER BY a.published_at DESC NULLS LAST, per.article_id LIMIT {end}"
        within = f" WHERE first_row < {end} AND first_row + n_comments > {max(int(offset), 0)}"
    sql = f"""
        WITH per AS {"MATERIALIZED " if total else ""}({per}),
             placed AS (SELECT per.article_id, per.n_comments, a.published_at
                        FROM per LEFT JOIN {per_article.article_info(con)} a USING (article_id){first})
        SELECT * FROM (
            SELECT article_id, n_comments,
                   sum(n_comments) OVER (ORDER BY published_at DESC NULLS LAST, article_id ROWS UNBOUNDED PRECEDING)
                       - n_comments AS first_row{", sum(n_comments) OVER () AS covered" if covered else ""}
                   {", (SELECT sum(n_comments) FROM per) AS total" if total else ""}
            FROM placed){within}
        ORDER BY first_row"""
    return con.execute(sql, params).df().astype({"n_comments": "int64", "first_row": "int64"})


def comment_block(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int, offset: int
) -> tuple[pd.DataFrame, int]:
    """(the `comment_index` rows of the articles holding rows offset … offset + limit, how many
    comments match). Where the pre-aggregate counts per article, only the articles up to the
    block are placed and the count is the store's; else every article is placed once (one read
    of the comments) and summed."""
    if per_article.answers(con, filters):
        return comment_index(con, filters, limit, offset), count_comments(con, filters)
    searched = _search_counts(con, filters)
    if searched is not None:
        con.register("search_counts", searched)
        index = _index(con, "SELECT article_id, n_comments FROM search_counts", [], limit, offset)
        return index, int(searched["n_comments"].sum())
    # One read of the comments (a search's matches; a target's counts) gives both: the articles up to
    # the block placed, every article counted (placing all 200,000 of a common word's took 100 ms more).
    per, params = _target_counts(con, filters) or _counts_per_article(filters)
    index = _index(con, per, params, limit, offset, total=True)
    if index.empty:  # past the last row
        return index.drop(columns="total"), count_comments(con, filters)
    return index.drop(columns="total"), int(index["total"].iloc[0])


def _counts_per_article(filters):
    """SQL and parameters: article_id, n_comments of the comments matching the filters."""
    where, params = comment_where(filters)
    return f"SELECT c.article_id, count(*) AS n_comments {from_clause(where)} WHERE {where} GROUP BY 1", params


def _target_counts(con, filters, removed=False):
    """`_counts_per_article` of the comments naming one target (with one of its stances toward it)
    from the target stance counts (`store_target_days`: a comment counts once under each target it
    names), where the other filters are among their columns; else None. A target's few thousand
    rows of counts, not a join of every comment to the target stances. `removed`: with n_removed,
    those of REMOVED_STATUSES (the statuses filtered by the caller, not here)."""
    if not _target_counted(con, filters, targets.TABLE):
        return None
    stances = filters.target_stances or targets.LABELS
    where, params = days.where_sql(filters)
    n = " + ".join(f"coalesce(d.n_{stance}, 0)" for stance in stances)  # names from the whitelist above
    more, more_params = "", []
    if removed:
        gone = "coalesce(d.status, 'published') IN (SELECT unnest(?))"
        more = f", CAST(coalesce(sum(n) FILTER ({gone}), 0) AS BIGINT) AS n_removed"
        more_params = [list(REMOVED_STATUSES)]
    sql = f"""SELECT d.article_id, CAST(sum(n) AS BIGINT) AS n_comments{more}
              FROM (SELECT d.article_id, d.status, {n} AS n FROM {targets.TABLE} d WHERE {where} AND d.target = ?) d
              GROUP BY 1 HAVING n_comments > 0"""
    return sql, [*more_params, *params, filters.target]


def _target_counted(con, filters, table):
    """Can target stance counts `table` (etl.store.targets) answer for these filters: one target,
    known stances toward it, and otherwise only filters among their columns?"""
    return (
        bool(filters.target)
        and set(filters.target_stances) <= set(targets.LABELS)
        and days.only(filters, _TARGET_OWN)
        and days.has_table(con, table)
    )


def _search_counts(con, filters, **more):
    """The articles' counts (n_comments, and a column per entry of `more`: {column: statuses it
    counts}) of a search's matches (etl.store.search.per_article: from the article spans, not the
    comments) where the cursor's comments view holds only the matches and statuses are the only
    other filters; else None."""
    others = dataclasses.replace(
        filters, search=None, search_hits=False, search_in_view=False, published_only=False, statuses=()
    )
    if not filters.search_in_view or others != Filters():
        return None
    counts = {"n_comments": functools.partial(keeps_status, filters)}
    counts.update({column: statuses.__contains__ for column, statuses in more.items()})
    return search.per_article(con, store.searched_rowids(con), counts)


def block_filters(filters: Filters, index: pd.DataFrame, limit: int, offset: int) -> tuple[Filters, int] | None:
    """(filters narrowed to the articles holding rows offset … offset+limit of the comments
    table, the offset of the block's first row among them), from `comment_index`; None when
    the block lies past the last row."""
    held = _holding(index, limit, offset)
    if held.empty:
        return None
    narrowed = dataclasses.replace(filters, articles=tuple(held["article_id"]))
    return narrowed, offset - int(held["first_row"].iloc[0])


def _holding(index, limit, offset):
    """The rows of `index` (comment_index) of the articles holding rows offset … offset + limit."""
    ends = index["first_row"] + index["n_comments"]
    return index[(ends > offset) & (index["first_row"] < offset + limit)]


def statuses(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The comment statuses the store holds, most comments first: status, n_comments (counted
    from the pre-aggregate store_days where the version has it)."""
    if days.has_table(con, "store_days"):
        counts, n = "store_days", "sum(n)"
    else:
        counts, n = "comments", "count(*)"
    return con.execute(f"""
        SELECT coalesce(nullif(status, ''), 'published') AS status, CAST({n} AS BIGINT) AS n_comments
        FROM {counts} GROUP BY 1 ORDER BY n_comments DESC, 1""").df()


def comment_extras(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What the store's sources give beyond text, for the comments page to show or leave out:
    one row of n_with_votes (comments with up or down votes) and n_removed (REMOVED_STATUSES).
    From `store_days` where it counts the votes (written since it does)."""
    voted, counted, table = (
        "count(*) FILTER (positive_votes IS NOT NULL OR negative_votes IS NOT NULL)",
        "count(*)",
        "comments",
    )
    if days.counts_votes(con):
        voted, counted, table = "sum(n_voted)", "sum(n)", "store_days"
    return con.execute(
        f"""
        SELECT CAST(coalesce({voted}, 0) AS BIGINT) AS n_with_votes,
               CAST(coalesce({counted} FILTER (coalesce(status, 'published') IN (SELECT unnest(?))), 0) AS BIGINT)
                   AS n_removed
        FROM {table}""",
        [list(REMOVED_STATUSES)],
    ).df()


def votes_by_sentiment(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """How readers voted on comments of each sentiment, among those with votes: always the three
    labels in order: sentiment, n_comments, mean_positive_votes, mean_negative_votes,
    share_negative_votes (down votes among all votes given)."""
    if days.answers(con, filters) and days.counts_votes(con):
        return days.votes_by_sentiment(con, filters)
    if _target_counted(con, filters, targets.VOTES_TABLE):  # one target's voted comments, counted
        stances = list(filters.target_stances or targets.LABELS)
        more = " AND d.target = ? AND d.target_stance IN (SELECT unnest(?))"
        return days.votes_by_sentiment(con, filters, targets.VOTES_TABLE, more, [filters.target, stances])
    return _votes_over_comments(con, filters)


def _votes_over_comments(con, filters):
    # votes_by_sentiment over the comments themselves.
    where, params = comment_where(filters)
    labels = ", ".join(f"('{label}', {order})" for order, label in enumerate(SENTIMENTS))
    sql = f"""
        WITH labels(sentiment, ord) AS (VALUES {labels}),
             voted AS (SELECT c.sentiment, count(*) AS n, avg(coalesce(c.positive_votes, 0)) AS up,
                              avg(coalesce(c.negative_votes, 0)) AS down,
                              sum(coalesce(c.negative_votes, 0)) AS n_down,
                              sum(coalesce(c.positive_votes, 0) + coalesce(c.negative_votes, 0)) AS n_votes
                       {from_clause(where)}
                       WHERE {where} AND (c.positive_votes IS NOT NULL OR c.negative_votes IS NOT NULL)
                       GROUP BY 1)
        SELECT l.sentiment, coalesce(voted.n, 0) AS n_comments, voted.up AS mean_positive_votes,
               voted.down AS mean_negative_votes, voted.n_down / nullif(voted.n_votes, 0) AS share_negative_votes
        FROM labels l LEFT JOIN voted USING (sentiment) ORDER BY l.ord"""
    return con.execute(sql, params).df()


def removed_by_article(con: duckdb.DuckDBPyConnection, filters: Filters, top: int = 15) -> pd.DataFrame:
    """The `top` articles with the most removed comments (REMOVED_STATUSES), whatever the
    filters say of status: article_id, title (its id where it has none), n_comments (every
    status), n_removed, share_removed; most removed first, then the higher share."""
    every = dataclasses.replace(filters, published_only=False, statuses=())
    per = None
    if per_article.answers(con, every):  # from the per-article counts, every status and the removed at once
        per, params = per_article.removed_sql(every, REMOVED_STATUSES)
    elif (counted := _search_counts(con, every, n_removed=REMOVED_STATUSES)) is not None:  # a search's matches
        con.register("search_removed", counted)
        per, params = "SELECT article_id, n_comments, n_removed FROM search_removed", []
    elif (targeted := _target_counts(con, every, removed=True)) is not None:  # one target's counts
        per, params = targeted
    if per is not None:
        sql = f"""
            WITH per AS ({per})
            SELECT p.article_id, coalesce(nullif(trim(i.title), ''), p.article_id) AS title, p.n_comments,
                   p.n_removed, p.n_removed / p.n_comments AS share_removed
            FROM (SELECT * FROM per WHERE n_removed > 0 ORDER BY n_removed DESC, n_removed / n_comments DESC,
                  article_id LIMIT ?) p
            LEFT JOIN {per_article.article_info(con)} i USING (article_id)
            ORDER BY n_removed DESC, share_removed DESC, p.article_id"""
        return con.execute(sql, [*params, int(top)]).df()
    # Counted over the comments alone, the titles joined to the top: a search's 1.3 million matches
    # at ten million comments joined to every article and grouped with their titles took 320 ms.
    where, params = comment_where(every)
    sql = f"""
        WITH per AS (
            SELECT c.article_id, count(*) AS n_comments,
                   count(*) FILTER (coalesce(c.status, 'published') IN (SELECT unnest(?))) AS n_removed
            {from_clause(where)} WHERE {where}
            GROUP BY 1 HAVING n_removed > 0
            ORDER BY n_removed DESC, n_removed / count(*) DESC, 1 LIMIT ?)
        SELECT p.article_id, coalesce(nullif(trim(i.title), ''), p.article_id) AS title, p.n_comments,
               p.n_removed, p.n_removed / p.n_comments AS share_removed
        FROM per p LEFT JOIN {per_article.article_info(con)} i USING (article_id)
        ORDER BY n_removed DESC, share_removed DESC, p.article_id"""
    return con.execute(sql, [list(REMOVED_STATUSES), *params, int(top)]).df()


def comment_targets(con: duckdb.DuckDBPyConnection, article_ids, comment_ids) -> pd.DataFrame:
    """The stances toward targets of the comments `comment_ids` of the articles `article_ids` (a grid
    block's): article_id, comment_id, targets (a list of {target, stance, evidence}, by target, as
    thread.thread_cards gives them); a comment naming no target has no row."""
    articles, ids = sorted({str(a) for a in article_ids}), [str(c) for c in comment_ids]
    if not ids:
        return pd.DataFrame(columns=["article_id", "comment_id", "targets"])
    with store.narrowed(con, articles):
        return con.execute(
            """
            SELECT article_id, comment_id,
                   list({'target': target, 'stance': stance, 'evidence': evidence} ORDER BY target) AS targets
            FROM target_stances WHERE article_id IN (SELECT unnest(?)) AND comment_id IN (SELECT unnest(?))
            GROUP BY ALL""",
            [articles, ids],
        ).df()


def thread_comments(con: duckdb.DuckDBPyConnection, article_id: str | None, limit: int | None = None) -> pd.DataFrame:
    """Every published comment of one article (the first `limit`), in published order
    (etl.store.queries.comments)."""
    with store.narrowed(con, [article_id]):
        return shared.comments(con, thread_filters(article_id), limit=limit)
