"""CSV downloads: the rows a chart or table shows, through etl.export's CSV writer (formula cells
neutralised, sources named, not located: public_sources); a chart's few rows packed for
dcc.Download, the tables streamed from Flask routes.

dcc.Download sends the whole file inside one callback response: fine for a chart's rows, not for
a table of thousands or a million rows (megabytes built in memory, then base64-encoded, while the
callback holds the page). A table's CSV button is instead a link, its href set by a callback
with the current filters, to a route answering block by block: the comments table
(`/download/comments.csv?<filters>`), the articles table (`/download/articles.csv?<filters>`)
and one article's thread (`/download/thread.csv?article=<id>`).

The comments table's CSV (up to every comment of the store) is written by DuckDB's COPY to a
temporary file (etl.store.csv_out: the same bytes as etl.export's writer), the cursor closed as
soon as it is written, then sent a block at a time: memory stays flat whatever the size, and the
download never holds a store version open while a slow client reads.
"""

import datetime as dt
import io
import os
import re
import shutil
import tempfile
from pathlib import PureWindowsPath
from urllib.parse import urlencode, urlsplit, urlunsplit

import dash
import flask
import pandas as pd
from dash import dcc
from flask import Response

from dashboard import queries
from dashboard.filters import MAX_VALUE_LENGTH, InvalidInput, filters_from_args
from dashboard.queries.comments import ARTICLE_TITLE
from etl.export import EXCEL_BOM, to_csv, with_editor_labels, write_csv
from etl.store import csv_out, labels

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
COMMENTS_CSV = "/download/comments.csv"
ARTICLES_CSV = "/download/articles.csv"
THREAD_CSV = "/download/thread.csv"
BLOCK_ROWS = 5_000  # rows of an in-memory table written per block of a streamed CSV
BLOCK_BYTES = 1 << 20  # bytes of a written CSV file sent per block
# Columns naming where rows came from: the server's paths in the store, only names in a download.
SOURCE_COLUMNS = ("source", "input", "inputs")
INPUTS_SEPARATOR = "; "  # between the inputs of one run (etl.pipeline)


def filename(name, today=None):
    """A download name such as `diskurs-overview-mix-2025-06-03.csv`, safe on every OS."""
    day = (today or dt.date.today()).isoformat()
    return f"diskurs-{_UNSAFE.sub('-', str(name)).strip('-') or 'export'}-{day}.csv"


def csv_download(frame, name):
    """dcc.Download data for `frame` as neutralised CSV named after `name`."""
    return dcc.send_string(to_csv(public_sources(frame)), filename(name), type="text/csv")


def source_name(source):
    """What a browser may see of a source: a file's name (not the server's folders), a site's
    address (without credentials, query or fragment); None and "" unchanged."""
    if not isinstance(source, str) or not source:
        return source
    if "://" in source:
        parts = urlsplit(source)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    # The Windows flavour splits at "/" and "\\" both.
    return PureWindowsPath(source).name or source


def public_sources(frame):
    """`frame` with its source columns (SOURCE_COLUMNS) reduced to source_name: the store keeps
    absolute input paths, a download gives each source's name only. A run's inputs column holds
    several, separated by INPUTS_SEPARATOR."""
    changes = {}
    for column in SOURCE_COLUMNS:
        if column in frame.columns:
            changes[column] = [
                INPUTS_SEPARATOR.join(source_name(part) for part in value.split(INPUTS_SEPARATOR))
                if isinstance(value, str)
                else value
                for value in frame[column]
            ]
    return frame.assign(**changes) if changes else frame


def add_routes(server, reader):
    """The streamed CSV routes of the tables, reading the store through `reader`."""
    for route, answer in ((COMMENTS_CSV, comments_csv), (ARTICLES_CSV, articles_csv), (THREAD_CSV, thread_csv)):
        server.add_url_rule(
            route, route.rsplit("/", 1)[-1].replace(".", "_"), lambda answer=answer: answer(reader, flask.request.args)
        )


def link(route, query=""):
    """The href of a streamed CSV route with its query string, under the app's path prefix."""
    return dash.get_relative_path(route) + (f"?{query}" if query else "")


def csv_chunks(frames, excel=False):
    """Neutralised CSV text of a stream of frames with the same columns: the header once, then
    each frame's rows (etl.export.write_csv writes both; later frames drop its header line).
    `excel` (`?excel=1` on a download): the German-Excel dialect, after a byte order mark."""
    for number, frame in enumerate(frames):
        buffer = io.StringIO()
        write_csv(public_sources(frame), buffer, excel=excel)
        text = buffer.getvalue()
        yield (EXCEL_BOM if excel else "") + text if number == 0 else text.split("\n", 1)[1]


def wants_excel(args):
    """Whether a download asks for the German-Excel dialect (`?excel=1`)."""
    return str(args.get("excel", "")).lower() in ("1", "true", "yes")


def blocks(frame, rows=BLOCK_ROWS):
    """`frame` in blocks of `rows` rows (at least one, maybe empty): slices of one frame, so the
    CSV of the blocks is the CSV of the whole frame."""
    yield frame.iloc[:rows]
    for start in range(rows, len(frame), rows):
        yield frame.iloc[start : start + rows]


def _streamed(chunks, name):
    """A CSV download answered as `chunks` (of text) come."""
    headers = {"Content-Disposition": f'attachment; filename="{filename(name)}"', "Cache-Control": "no-store"}
    return Response(chunks, mimetype="text/csv", headers=headers)


def comments_csv(reader, args):
    """A streamed response with every comment of the comments table for the query arguments,
    as the table shows them (queries.comment_rows, the editors' labels beside the machine's),
    written from one store version by DuckDB (etl.store.csv_out) and sent from a temporary file."""
    filters = filters_from_args(args)
    version, cursor = reader.snapshot()
    editor = labels.editor_columns(reader.store_dir)  # the editors' labels beside the machine's
    if cursor is None:
        empty = pd.DataFrame(columns=queries.COMMENT_COLUMNS)
        return _streamed(to_csv(with_editor_labels(empty, editor)), "comments")
    # A search the table just ran is not scanned for again.
    filters = reader.searched(version, cursor, filters)
    excel = wants_excel(args)

    def generate():
        folder = tempfile.mkdtemp(prefix="diskurs-download-")
        try:
            path = os.path.join(folder, "comments.csv")
            try:
                sources = csv_out.stored_sources(cursor)
                public = pd.DataFrame(
                    {"source": sources, "public": [source_name(source) for source in sources]}, dtype="string"
                )
                csv_out.copy_comments(
                    cursor, filters, path, excel, editor, public, names=queries.COMMENT_COLUMNS, title=ARTICLE_TITLE
                )
            finally:
                cursor.close()
            yield from _file_blocks(path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return _streamed(generate(), "comments")


def _file_blocks(path):
    """The bytes of the file at `path`, BLOCK_BYTES at a time."""
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            yield block


def articles_csv(reader, args):
    """A streamed response with the articles table for the query arguments: every article
    with matching comments, most commented first (queries.article_stats, as the grid)."""
    stats = reader.query(queries.article_stats, filters_from_args(args))
    return _streamed(csv_chunks(blocks(stats), wants_excel(args)), "articles")


def thread_query(article_id):
    """The query string of the thread CSV of one article (none for no article)."""
    return urlencode({"article": article_id}) if article_id else ""


def thread_csv(reader, args):
    """A streamed response with every published comment of the article in the `article`
    argument, in published order (queries.thread_comments, as the reply tree)."""
    article = args.get("article") or None
    if article is not None and len(article) > MAX_VALUE_LENGTH:
        raise InvalidInput(f"article must be at most {MAX_VALUE_LENGTH:,} characters")
    comments = reader.query(queries.thread_comments, article)
    return _streamed(csv_chunks(blocks(comments), wants_excel(args)), "thread")
