"""Text from the data, made literal for Plotly.

Plotly renders a subset of HTML (`<a href>`, `<b>`, `<i>`, `<span style>`, `<br>`) and a few
entities in titles, axis and tick labels, legend names, annotations and hover text. An article
title `<a href="https://ph.ish/x">Klick</a>` would become a live link in a chart. Every text from
the data goes through `chart_text` before it reaches a figure: `<`, `>` and `&` become entities,
which Plotly shows as the characters themselves (it splits tags before it decodes entities).
"""

from collections.abc import Iterable

import pandas as pd

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def chart_text(value: object) -> str:
    """`value` as text Plotly shows literally, never as markup ("" for a missing value)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).translate(_ESCAPES)


def chart_texts(values: Iterable[object]) -> list[str]:
    """`chart_text` of each value, in order."""
    return [chart_text(value) for value in values]
