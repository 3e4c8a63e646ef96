"""CSV downloads: the rows a chart or table shows, through etl.export.to_csv (formula cells
neutralised), packed for dcc.Download."""

import datetime as dt
import re

from dash import dcc

from etl.export import to_csv

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def filename(name, today=None):
    """A download name such as `diskurs-overview-mix-2025-06-03.csv`, safe on every OS."""
    day = (today or dt.date.today()).isoformat()
    return f"diskurs-{_UNSAFE.sub('-', str(name)).strip('-') or 'export'}-{day}.csv"


def csv_download(frame, name):
    """dcc.Download data for `frame` as neutralised CSV named after `name`."""
    return dcc.send_string(to_csv(frame), filename(name), type="text/csv")
