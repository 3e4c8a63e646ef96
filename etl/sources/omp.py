"""Readers for the One Million Posts corpus (derStandard.at; docs/cli.md, "Inputs"): its posts CSV and its SQLite.

CSV (also .csv.xz / .csv.gz / .csv.bz2): `ID_Post, ID_Parent_Post, ID_Article, ID_User, CreatedAt,
Status, Headline, Body, PositiveVotes, NegativeVotes`, then label columns we do not need here.
SQLite: the corpus's own schema (tables Articles and Posts, as the corpus ships them; a database
holding only one of the two loads that one). Articles give title, publishing date, body (HTML),
and from their Path ("Newsroom/Sports/Motorsports/Formula 1") the section ("Sports", the first
part under Newsroom) and the source topics ("Sports;Motorsports;Formula 1"). The corpus has no
article urls. The posts CSV has no articles table: an article list (etl.sources.article_list)
with the ids "omp:a<ID_Article>" gives them titles, urls and dates, in the same run or any other.

Ids: comment "omp:<ID_Post>", article "omp:a<ID_Article>". The text is Headline and Body joined by
a blank line. Status online -> published, deleted (by a moderator) -> deleted; a deleted post is
kept even without text so its replies stay in their thread. Author "user <ID_User>". Votes stay
strings here, like every raw column. CreatedAt has no zone in the corpus and is passed on as is.
"""

import bz2
import csv
import gzip
import lzma
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import pandas as pd

from etl.schema import reject
from etl.sources._limits import MAX_LISTED_REJECTS, Lines, cap_columns, cap_rejects, stream_lines
from etl.sources.batch import make_batch

COLUMNS = [
    "ID_Post",
    "ID_Parent_Post",
    "ID_Article",
    "ID_User",
    "CreatedAt",
    "Status",
    "Headline",
    "Body",
    "PositiveVotes",
    "NegativeVotes",
]
REQUIRED = ["ID_Post", "ID_Article"]
_OPENERS = {".xz": lzma.open, ".lzma": lzma.open, ".gz": gzip.open, ".bz2": bz2.open}
_STATUS = {"online": "published", "deleted": "deleted"}
# What a broken compressed stream raises part-way through.
_STREAM_ERRORS = (EOFError, lzma.LZMAError, zlib.error, gzip.BadGzipFile, OSError, UnicodeDecodeError, csv.Error)
_POSTS_SQL = f"""SELECT {", ".join(f"CAST({c} AS TEXT) AS {c}" for c in COLUMNS)}
                 FROM Posts ORDER BY ID_Post"""
_ARTICLE_COLUMNS = ["ID_Article", "Path", "publishingDate", "Title", "Body"]
_ARTICLES_SQL = """SELECT CAST(ID_Article AS TEXT) AS ID_Article, Path, CAST(publishingDate AS TEXT)
                   AS publishingDate, Title, Body FROM Articles ORDER BY ID_Article"""


def is_posts_csv(path):
    """True when the (possibly compressed) CSV at `path` has the corpus's header (ID_Post first)."""
    try:
        with _open_text(path) as handle:
            return handle.readline(64).lstrip("\ufeff").startswith("ID_Post")
    except _STREAM_ERRORS:
        return False


def read_csv(path):
    """Read the corpus's posts CSV into a Batch; bad rows become rejects located by line.

    A file cut short (a truncated .xz, say) keeps the rows before the break and adds one reject.
    What passes the caps of etl.sources._limits (a line, the header's columns, the characters
    decompressed) is a reject and the other rows load; a row repeating an earlier row exactly is
    rejected as it is read, so a file of millions of copies of one row stays small in memory.
    """
    source = str(path)
    try:
        handle = _open_text(path)
    except OSError as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read CSV: {exc}")])
    with handle:
        header, rows, lines, rejects = _csv_rows(handle, source)
    if header is None:
        return make_batch(rejects=rejects or [reject(source, "file", "empty CSV file: no header row")])
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        reason = "not a One Million Posts CSV (the only kind read compressed): no column " + ", ".join(missing)
        return make_batch(rejects=[reject(source, "file", reason, ",".join(header))])
    posts = pd.DataFrame(rows, columns=header, dtype="string").reindex(columns=COLUMNS).astype("string")
    locations = pd.Series([f"line {line}" for line in lines], dtype="string")
    comments, bad = _posts_to_comments(posts, locations, source)
    articles = pd.DataFrame(
        {"article_id": comments["article_id"].drop_duplicates().reset_index(drop=True), "source": source}
    )
    return make_batch(articles, comments, cap_rejects(sorted(rejects + bad, key=_line_number), source, reject))


def read_sqlite(path):
    """Read the corpus's SQLite database (tables Articles and Posts) into a Batch."""
    source = str(path)
    try:
        with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as con:
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"Articles", "Posts"} & tables:
                return make_batch(
                    rejects=[reject(source, "file", "not a One Million Posts database: no table Articles, Posts")]
                )
            posts = _query(con, _POSTS_SQL, COLUMNS) if "Posts" in tables else _empty(COLUMNS)
            stored_articles = (
                _query(con, _ARTICLES_SQL, _ARTICLE_COLUMNS) if "Articles" in tables else _empty(_ARTICLE_COLUMNS)
            )
    except sqlite3.Error as exc:
        return make_batch(rejects=[reject(source, "file", f"cannot read SQLite database: {exc}")])
    comments, rejects = _posts_to_comments(posts, "ID_Post " + posts["ID_Post"].fillna("?"), source)
    articles, bad_articles = _articles(stored_articles, source)
    return make_batch(articles, comments, bad_articles + rejects)


def _query(con, sql, columns):
    return pd.read_sql_query(sql, con, dtype="string").reindex(columns=columns).astype("string")


def _empty(columns):
    return pd.DataFrame({name: pd.Series(dtype="string") for name in columns})


def _open_text(path):
    opener = _OPENERS.get(Path(path).suffix.lower(), open)
    return opener(path, "rt", encoding="utf-8-sig", newline="")


def _csv_rows(handle, source):
    """(header, rows, physical start line of each row, rejects); a broken stream ends the rows."""
    lines = Lines(stream_lines(handle))
    reader = csv.reader(lines)
    header, width, rows, numbers, rejects, end, too_wide = None, 0, [], [], [], 0, None
    copies = _Copies()
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num  # a quoted field may span several lines
            lines.take()
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if header is None:
                width = len(fields)
                header, too_wide = cap_columns([name.strip() for name in fields], lines.header_cut)
                rejects += [reject(source, f"line {start}", too_wide, ",".join(header[:20]))] if too_wide else []
                copies.key = header.index("ID_Post") if "ID_Post" in header else None
                if any(name not in header for name in REQUIRED):
                    break  # not this corpus (read_csv says so): no need to read on
            elif len(fields) != width and not (too_wide and len(fields) >= len(REQUIRED)):
                # A header cut to the column cap cannot say how wide a row should be: rows are cut
                # or padded to the columns read.
                reason = f"row has {len(fields)} fields, the header has {width}"
                rejects.append(reject(source, f"line {start}", reason, ",".join(fields)))
            elif (first := copies.first(row := _fit(fields, len(header)), rows, numbers)) is not None:
                reason = f"duplicate ID_Post {row[copies.key].strip()} (first on line {first})"
                _listed(rejects, copies, reject(source, f"line {start}", reason, ",".join(fields)))
            else:
                rows.append(row)
                numbers.append(start)
    except _STREAM_ERRORS as exc:
        rejects.append(
            reject(source, f"line {end + 1}", f"file cut short or corrupt ({exc}): rows after this point were not read")
        )
    rejects += [reject(source, f"line {number}", why) for number, why in lines.problems]
    if copies.unlisted:
        reason = f"{copies.unlisted:,} more exact copies of earlier rows rejected, not listed"
        rejects.append(reject(source, "file", reason))
    return header, rows, numbers, rejects


def _fit(fields, width):
    """`fields` cut or padded with empty ones to `width`."""
    return fields[:width] + [""] * (width - len(fields))


class _Copies:
    """Rows seen so far by ID_Post, to reject exact copies before they are kept."""

    def __init__(self):
        self.key, self.unlisted, self._seen = None, 0, {}

    def first(self, row, rows, numbers):
        """The line of an identical row among `rows` (those kept so far), or None: the row is new
        and, as the next one kept, is remembered when it is the first with its ID_Post."""
        if self.key is None or not row[self.key].strip():
            return None
        index = self._seen.setdefault(row[self.key].strip(), len(rows))
        return numbers[index] if index < len(rows) and rows[index] == row else None


def _listed(rejects, copies, row):
    if len(rejects) < MAX_LISTED_REJECTS:
        rejects.append(row)
    else:
        copies.unlisted += 1


def _posts_to_comments(posts, locations, source):
    """(comment frame of the usable posts, rejects) from string columns named as in COLUMNS."""
    posts = posts.apply(lambda column: column.str.strip()).mask(lambda frame: frame == "")
    text = _join_text(posts["Headline"], posts["Body"])
    status = posts["Status"].str.lower().map(lambda value: _STATUS.get(value, value))
    status = status.fillna("published").astype("string")
    reason = _with_duplicates(_problems(posts, text, status), posts["ID_Post"], locations)
    bad = reason.notna()
    rejects = [
        reject(source, location, why, excerpt)
        for location, why, excerpt in zip(locations[bad], reason[bad], text[bad].fillna(""))
    ]
    comments = pd.DataFrame(
        {
            "comment_id": "omp:" + posts["ID_Post"],
            "parent_id": "omp:" + posts["ID_Parent_Post"],
            "article_id": "omp:a" + posts["ID_Article"],
            "author": "user " + posts["ID_User"],
            "created_at": posts["CreatedAt"],
            "text": text.fillna(""),
            "status": status,
            "source": source,
            "positive_votes": posts["PositiveVotes"],
            "negative_votes": posts["NegativeVotes"],
        }
    )[~bad].reset_index(drop=True)
    return comments.assign(seq=range(len(comments))), rejects


def _with_duplicates(reason, ids, locations):
    """`reason` plus a reason for each usable post repeating the id of an earlier usable one."""
    usable = reason.isna()
    duplicate = ids.where(usable).duplicated() & usable
    first = usable & ~duplicate
    first_location = ids.map(pd.Series(locations[first].to_numpy(), index=ids[first].to_numpy()))
    return reason.mask(duplicate, "duplicate ID_Post " + ids + " (first on " + first_location + ")")


def _join_text(headline, body):
    joined = (headline + "\n\n" + body).fillna(headline).fillna(body)
    return joined.astype("string")


def _problems(posts, text, status):
    """One reason per unusable post (NA for usable ones)."""
    reason = pd.Series(pd.NA, index=posts.index, dtype="string")
    reason = reason.mask(text.isna() & (status != "deleted"), "empty text: no Headline or Body")
    reason = reason.mask(posts["ID_Article"].isna(), "missing ID_Article")
    return reason.mask(posts["ID_Post"].isna(), "missing ID_Post")


def _articles(stored, source):
    """(articles, rejects) of the Articles table's rows; a row without ID_Article is a reject."""
    missing = stored["ID_Article"].str.strip().fillna("") == ""
    rejects = [
        reject(source, "Articles row", "missing ID_Article", title or "")
        for title in stored.loc[missing, "Title"].fillna("")
    ]
    stored = stored[~missing]
    articles = pd.DataFrame(
        {
            "article_id": "omp:a" + stored["ID_Article"].str.strip(),
            "source": source,
            "title": stored["Title"],
            "published_at": stored["publishingDate"],
            "body": stored["Body"],
            "source_topics": stored["Path"].map(_topics, na_action="ignore"),
            "section": stored["Path"].map(_section, na_action="ignore"),
        }
    )
    return articles.reset_index(drop=True), rejects


def _section(path):
    """'Newsroom/Sports/Motorsports/Formula 1' -> 'Sports' (the first part under Newsroom)."""
    topics = _topics(path)
    return topics.split(";")[0] if topics else None


def _topics(path):
    """'Newsroom/Sports/Motorsports/Formula 1' -> 'Sports;Motorsports;Formula 1'."""
    segments = [segment.strip() for segment in path.split("/") if segment.strip()]
    if "Newsroom" in segments:
        segments = segments[segments.index("Newsroom") + 1 :]
    return ";".join(segments) or None


def _line_number(rejected):
    location = rejected["location"]
    return int(location.removeprefix("line ")) if location.startswith("line ") else 0
