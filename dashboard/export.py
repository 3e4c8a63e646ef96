"""CSV downloads: the rows a chart or table shows, through etl.export's CSV writer (formula cells
neutralised); small ones packed for dcc.Download, the comments table streamed from a Flask route.

dcc.Download sends the whole file inside one callback response: fine for a chart's rows, not for a
million comments (hundreds of megabytes built in memory, then base64-encoded). The comments CSV
is instead a link to `/download/comments.csv?<filters>`, answered row block by row block.
"""

import datetime as dt
import io
import re
from urllib.parse import urlencode

import pandas as pd
from dash import dcc
from flask import Response

from dashboard import queries
from etl.export import to_csv, write_csv

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
COMMENTS_CSV = "/download/comments.csv"
# Query arguments of the comments CSV and the queries.filters_from argument each one fills.
_ARGS = {"start": "start", "end": "end", "article": "articles", "topic": "topics",
         "sentiment": "sentiments", "stance": "stances", "search": "search"}
_LISTS = {"articles", "topics", "sentiments", "stances"}


def filename(name, today=None):
    """A download name such as `diskurs-overview-mix-2025-06-03.csv`, safe on every OS."""
    day = (today or dt.date.today()).isoformat()
    return f"diskurs-{_UNSAFE.sub('-', str(name)).strip('-') or 'export'}-{day}.csv"


def csv_download(frame, name):
    """dcc.Download data for `frame` as neutralised CSV named after `name`."""
    return dcc.send_string(to_csv(frame), filename(name), type="text/csv")


def comments_query(filters):
    """The query string of the comments CSV for etl.export.Filters (repeated keys for lists)."""
    values = {"start": filters.since, "end": filters.until, "article": list(filters.articles),
              "topic": list(filters.topics), "sentiment": list(filters.sentiments),
              "stance": list(filters.stances), "search": filters.search}
    return urlencode({key: value for key, value in values.items() if value}, doseq=True)


def filters_from_args(args):
    """etl.export.Filters (published comments) from the comments CSV's query arguments."""
    values = {name: (args.getlist(key) if name in _LISTS else args.get(key))
              for key, name in _ARGS.items()}
    return queries.filters_from(**values)


def csv_chunks(frames):
    """Neutralised CSV text of a stream of frames with the same columns: the header once, then
    each frame's rows (etl.export.write_csv writes both; later frames drop its header line)."""
    for number, frame in enumerate(frames):
        buffer = io.StringIO()
        write_csv(frame, buffer)
        text = buffer.getvalue()
        yield text if number == 0 else text.split("\n", 1)[1]


def comments_csv(reader, args):
    """A streamed response with every comment of the comments table for the query arguments,
    as the table shows them (queries.comment_rows), in blocks read from one store version."""
    filters = filters_from_args(args)
    _, cursor = reader.snapshot()
    headers = {"Content-Disposition": f'attachment; filename="{filename("comments")}"',
               "Cache-Control": "no-store"}
    if cursor is None:
        empty = pd.DataFrame(columns=queries.COMMENT_COLUMNS)
        return Response(to_csv(empty), mimetype="text/csv", headers=headers)

    def generate():
        try:
            yield from csv_chunks(queries.comment_row_chunks(cursor, filters))
        finally:
            cursor.close()

    return Response(generate(), mimetype="text/csv", headers=headers)
