"""Frames -> display values for what is not a chart: key figures, grid rows, picker options,
what a reply card says. Pure functions: no store, no Dash app, no HTML (that is components').
"""

import re
import string
from urllib.parse import quote, urlencode

import pandas as pd

from dashboard import queries
from dashboard.filters import InvalidInput

MAX_BLOCK = 1_000  # rows a grid may ask for at once (it asks for 50 or 100)
_URL_SAFE = ":/?#@!$&'*+,;=%~"  # kept in a link's URL; ( ) < > space and the rest percent-encoded
_MARKDOWN = str.maketrans({char: "\\" + char for char in string.punctuation})


def text_of(value):
    """A cell as a string, "" for any kind of missing value."""
    return "" if value is None or pd.isna(value) else str(value)


def markdown_text(value) -> str:
    """Text as literal Markdown (a grid cell's "markdown" renderer): every punctuation mark
    escaped, on one line."""
    return " ".join(text_of(value).split()).translate(_MARKDOWN)


def markdown_link(text, href) -> str:
    """A Markdown link of literal `text` to `href` (percent-encoded where Markdown would read it)."""
    return f"[{markdown_text(text)}]({quote(href, safe=_URL_SAFE)})"


def _percent(value):
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def _signed(value):
    return "—" if value is None or pd.isna(value) else f"{value:+.2f}"


def kpi_texts(kpis):
    """The overview's five key figures from queries.kpis as strings ('—' when undefined)."""
    if kpis.empty:
        return ("—",) * 5
    row = kpis.iloc[0]
    if not row["n_comments"]:
        return ("0", "0", "—", "—", "—")
    return (
        f"{int(row['n_articles']):,}",
        f"{int(row['n_comments']):,}",
        _percent(row["share_replies"]),
        _signed(row["mean_polarity"]),
        _percent(row["share_negative"]),
    )


def count_text(total):
    """'N comments match'."""
    return f"{total:,} comment{'s' if total != 1 else ''} match"


def article_choices(articles):
    """Dropdown options for articles: label = title (with comment count), value = article_id."""
    if articles.empty:
        return []
    return [
        {"label": f"{title} ({n})", "value": article_id}
        for article_id, title, n in articles[["article_id", "title", "n_comments"]].itertuples(index=False, name=None)
    ]


def grid_records(frame, fields, time_format="%Y-%m-%d %H:%M"):
    """Rows for an AG Grid: the given fields, times as text, floats rounded, missing as None."""
    if frame.empty:
        return []
    changes = {}
    for field in fields:
        column = frame[field]
        if pd.api.types.is_datetime64_any_dtype(column):
            changes[field] = column.dt.strftime(time_format)
        elif pd.api.types.is_float_dtype(column):
            changes[field] = column.round(3)
    rows = frame.assign(**changes)[list(fields)]
    return rows.astype(object).where(rows.notna(), None).to_dict("records")


def block_bounds(request, block_size, most=MAX_BLOCK):
    """(limit, offset) of the block an infinite AG Grid asks for in getRowsRequest;
    InvalidInput for rows that are not whole numbers, a negative row, or more than `most` rows."""
    if request is not None and not isinstance(request, dict):
        raise InvalidInput("getRowsRequest must be an object")
    try:
        start = int((request or {}).get("startRow") or 0)
        end = int((request or {}).get("endRow") or start + block_size)
    except (TypeError, ValueError):
        raise InvalidInput("startRow and endRow must be whole numbers") from None
    if start < 0 or end < start or end - start > most:
        raise InvalidInput(f"rows must run forward from 0, at most {most:,} at a time")
    return end - start, start


def sort_pairs(request, sortable) -> tuple:
    """The (column, "asc"|"desc") pairs of an infinite AG Grid's getRowsRequest sortModel, on the
    columns in `sortable` only (any other is left out), in order."""
    model = (request or {}).get("sortModel") or []
    if not isinstance(model, list):
        return ()
    known = [item for item in model if isinstance(item, dict) and item.get("colId") in sortable]
    return tuple((item["colId"], "desc" if item.get("sort") == "desc" else "asc") for item in known)


def choose_article(current, global_articles, options):
    """The thread page's article: one of the globally filtered articles if any are chosen,
    else the current choice if it exists, else the first option (the most commented)."""
    known = [option["value"] for option in options]
    if global_articles:
        return current if current in global_articles else global_articles[0]
    if current in known:
        return current
    return known[0] if known else None


def edge_class(comment):
    """CSS class colouring the edge from a reply to its parent by its stance; "" at top level."""
    stance = text_of(comment.get("stance"))
    return f"edge-{stance}" if stance in queries.STANCES else ""


def evidence_text(comment):
    """Why the reply's stance was decided, from stance_evidence without the repeated label."""
    evidence = text_of(comment.get("stance_evidence")).strip()
    stance = text_of(comment.get("stance"))
    if stance and evidence.startswith(f"{stance}:"):
        evidence = evidence[len(stance) + 1 :].strip()
    return f"Why {stance}: {evidence}" if evidence else ""


def engine_titles(engine):
    """(whose label, whose polarity) for a comment's badges, from its `sentiment_engine`: a pair
    ("textblob-de+german-plus") takes its polarity from the first engine and its label from the
    second; ("", "") when the store does not say."""
    engine = text_of(engine)
    if not engine:
        return "", ""
    polarity, _, label = engine.partition("+")
    return f"label by {label or polarity}", f"polarity by {polarity}"


# A target's evidence as etl.stance.targets.verdict writes it: `stance: "word" +0.7, … in „sentence“`.
_TARGET_WORDS = re.compile(r"^\w+: (?P<words>.*?) in „")
_WEIGHT = re.compile(r" [+-]\d+(?:\.\d+)?(?=, |$)")


# Between target_lines in one grid cell (one a line: the cell's CSS keeps line breaks; dashboard.i18n
# translates each line by itself, whatever a target's name holds but a line break).
TARGET_SEPARATOR = "\n"


def target_lines(comment):
    """One line per target the comment names (its `targets`: dashboard.queries.thread.thread_cards):
    its stance toward it and the words that decided, without their weights."""
    targets = comment.get("targets")
    if targets is None or isinstance(targets, float):
        return []
    lines = []
    for found in targets:
        target, stance = text_of(found.get("target")), text_of(found.get("stance"))
        if stance not in ("favor", "against"):
            lines.append(f"Stance toward {target}: no clear lean")
            continue
        words = _TARGET_WORDS.match(text_of(found.get("evidence")))
        said = _WEIGHT.sub("", words["words"]) if words else ""
        lines.append(f"Stance toward {target}: {stance}" + (f" (words: {said})" if said else ""))
    return lines


def engine_text(counts):
    """Which sentiment engine scored the published comments, from queries.engine_counts."""
    if counts.empty:
        return "No data yet — run `diskurs run`."
    total = int(counts["n_comments"].sum())
    if len(counts) == 1:
        engine, n = counts.iloc[0]["sentiment_engine"], int(counts.iloc[0]["n_comments"])
        every = "the" if n == 1 else f"all {n:,}"
        return f"The sentiment of {every} published comment{'s' if n != 1 else ''} was scored by {engine}."
    parts = ", ".join(
        f"{engine} {int(n):,}"
        for engine, n in counts[["sentiment_engine", "n_comments"]].itertuples(index=False, name=None)
    )
    return (
        f"The sentiment of the {total:,} published comments was scored by more than one "
        f"engine ({parts}): a comment keeps the score of the run that first scored it."
    )


def quality_records(results):
    """Rows for the evaluation grid: accuracy and ± range as percentages, macro-F1 to 2 places."""
    if results.empty:
        return []
    shown = results.assign(
        accuracy=[_percent(v) for v in results["accuracy"]],
        macro_f1=["—" if pd.isna(v) else f"{v:.2f}" for v in results["macro_f1"]],
        margin=["—" if pd.isna(v) else f"±{v:.0%}" for v in results["margin"]],
        n=[None if pd.isna(v) else int(v) for v in results["n"]],
    )
    return shown.astype(object).where(shown.notna(), None).to_dict("records")


def signal_records(signals):
    """Rows for the flags' grid: recall and precision as percentages, F1 and ROC AUC to 2 places."""
    if signals.empty:
        return []
    shown = signals.assign(
        recall=[_percent(v) for v in signals["recall"]],
        precision=[_percent(v) for v in signals["precision"]],
        f1=["—" if pd.isna(v) else f"{v:.2f}" for v in signals["f1"]],
        roc_auc=["—" if pd.isna(v) else f"{v:.2f}" for v in signals["roc_auc"]],
        n=[None if pd.isna(v) else int(v) for v in signals["n"]],
        n_yes=[None if pd.isna(v) else int(v) for v in signals["n_yes"]],
    )
    return shown.astype(object).where(shown.notna(), None).to_dict("records")


# The Moderation page's controls and their defaults, as its URL carries them (?threshold=0.6&order=score).
MODERATION_DEFAULTS = {"threshold": 0.5, "order": "newest", "feedback": 0.5}
MODERATION_ORDERS = ("newest", "score")


def _fraction(value, default):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 0.0), 1.0) if number == number else default


def moderation_state(threshold=None, order=None, feedback=None):
    """The Moderation page's (threshold, order, feedback threshold) from its URL's query values:
    thresholds kept in [0, 1], anything unreadable its default."""
    return (
        _fraction(threshold, MODERATION_DEFAULTS["threshold"]),
        order if order in MODERATION_ORDERS else MODERATION_DEFAULTS["order"],
        _fraction(feedback, MODERATION_DEFAULTS["feedback"]),
    )


def moderation_search(threshold, order, feedback):
    """The query string ("?threshold=0.6&order=score", "" for the defaults) of the page's controls."""
    threshold, order, feedback = moderation_state(threshold, order, feedback)
    given = {"threshold": threshold, "order": order, "feedback": feedback}
    changed = {name: value for name, value in given.items() if value != MODERATION_DEFAULTS[name]}
    return "?" + urlencode({k: f"{v:g}" if isinstance(v, float) else v for k, v in changed.items()}) if changed else ""
