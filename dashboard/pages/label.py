"""Label next: the comments whose labels would teach the model most, to label with one click."""

import dash
from dash import Input, Output, html

from dashboard import components, ids, labelling, queries
from dashboard.components.thread import comment_card
from dashboard.views import text_of

dash.register_page(__name__, path="/label", name="Label next", order=6, title="Diskurs · Label next")

BATCH = 20


def layout(**_query):
    """A batch of comments to label and a button for the next batch."""
    return components.page(
        ids.LABEL_FILTERS,
        "Label next",
        "Comments the machine is least sure of, spread over articles: label their sentiment (and a "
        "reply's stance toward the comment it answers) with one click. A few hundred labels go far: "
        "`diskurs train … --from-store` learns from them, and every page says how well the machine "
        "agrees with you.",
        html.Div(
            className="toolbar",
            children=[
                html.Button("Next batch", id=ids.LABEL_NEXT_MORE, n_clicks=0, className="csv-button"),
                html.Span(id=ids.LABEL_NEXT_NOTE, className="match-count"),
            ],
        ),
        html.Div(id=ids.LABEL_NEXT_LIST, className="label-next-list"),
    )


def register_callbacks(app, reader, settings=None):
    """A new batch on arrival, on each new data version and on "Next batch"."""

    @app.callback(
        Output(ids.LABEL_NEXT_LIST, "children"),
        Output(ids.LABEL_NEXT_NOTE, "children"),
        Input(ids.LABEL_FILTERS, "data"),
        Input(ids.LABEL_NEXT_MORE, "n_clicks"),
    )
    def _batch(filters_data, n_clicks):
        components.require_filters(filters_data)
        done = labelling.labelled_ids(reader.store_dir)
        version, cursor = reader.snapshot()
        if cursor is None:
            return [], "No data yet."
        with cursor:
            batch = queries.label_candidates(cursor, done, BATCH)
        if batch.empty:
            return [], "Nothing left to label."
        given = labelling.given(reader.store_dir, batch["comment_id"])
        note = f"{len(batch)} comments from {batch['article_id'].nunique()} articles; {len(done):,} labelled so far."
        return [_item(record, given) for record in batch.to_dict("records")], note


def _item(record, given):
    """One comment to label: its article, what it answers (for a reply), its card with label buttons."""
    title = text_of(record.get("title")) or record["article_id"]
    context = [html.P(f"Article: {title}", className="label-next-context")]
    if parent := text_of(record.get("parent_text")):
        context.append(html.P(f"Answers: {parent[:400]}", className="label-next-context label-next-parent"))
    return html.Div([*context, comment_card(record, given)], className="label-next-item card")
