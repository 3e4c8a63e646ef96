"""What an editor labels with: a bar under a comment with one button a label (its sentiment, and a
reply's stance toward its parent), the editor's label beside the machine's, and the callback
that stores a click (dashboard.labelling)."""

from dash import ALL, MATCH, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids, labelling, queries

TASK_NAMES = {
    "sentiment": "Sentiment",
    "stance": "Stance to parent",
    "moderation": "Moderation flag",
    "feedback": "Feedback flag",
}
VALUES = {
    "sentiment": queries.SENTIMENTS,
    "stance": queries.STANCES,
    "moderation": labelling.TASKS["moderation"],
    "feedback": labelling.TASKS["feedback"],
}
# How a decision on a flag reads once given: "confirmed (by Anna)".
SHOWN = {"confirm": "confirmed", "dismiss": "dismissed"}


def label_bar(comment_id, is_reply, given):
    """The label buttons of one comment (`given`: dashboard.labelling.given of its card's comments)."""
    tasks = ["sentiment", "stance"] if is_reply else ["sentiment"]
    return html.Div(
        className="label-bar",
        children=[
            html.Span("Your label:", className="label-title"),
            *[_group(comment_id, task, given.get((comment_id, task))) for task in tasks],
        ],
    )


def decision_bar(comment_id, task, given):
    """Confirm or dismiss a comment's flag of `task` (moderation, feedback), with who decided."""
    return html.Div(className="label-bar", children=[_group(comment_id, task, given.get((comment_id, task)))])


def _group(comment_id, task, current):
    label, who = current or (None, None)
    return html.Span(
        className="label-group",
        children=[
            html.Span(TASK_NAMES[task], className="label-task"),
            *[
                html.Button(
                    value,
                    id={"type": ids.LABEL_BUTTON, "comment": comment_id, "task": task, "value": value},
                    className=button_class(value, label),
                    n_clicks=0,
                    title=f"Label this comment's {task} {value}",
                )
                for value in VALUES[task]
            ],
            html.Span(
                shown_text(label, who),
                id={"type": ids.LABEL_SHOWN, "comment": comment_id, "task": task},
                className="label-shown",
            ),
        ],
    )


def button_class(value, label):
    return f"label-button label-{value}" + (" chosen" if value == label else "")


def shown_text(label, who):
    return f"{SHOWN.get(label, label)} (by {who})" if label else "not labelled"


def register_callbacks(app, reader, quality_file):
    """A click on a label button stores the label and marks it chosen; a refusal (no name, a
    viewer) says why in place of the label. Every page's agreement line, on each new version
    and every ~30 s (labels arrive without one)."""

    @app.callback(
        Output({"type": ids.AGREEMENT, "page": ALL}, "children"),
        Input(ids.DATA_VERSION, "data"),
        Input(ids.REFRESH_TIMER, "n_intervals"),
        State({"type": ids.AGREEMENT, "page": ALL}, "id"),
    )
    def _agreement(version, n_intervals, lines):
        if not lines:
            raise PreventUpdate
        texts = {
            targets: labelling.agreement_text(reader, quality_file, targets)
            for targets in {line["page"] in labelling.TARGET_PAGES for line in lines}
        }
        return [texts[line["page"] in labelling.TARGET_PAGES] for line in lines]

    @app.callback(
        Output({"type": ids.LABEL_SHOWN, "comment": MATCH, "task": MATCH}, "children"),
        Output({"type": ids.LABEL_BUTTON, "comment": MATCH, "task": MATCH, "value": ALL}, "className"),
        Input({"type": ids.LABEL_BUTTON, "comment": MATCH, "task": MATCH, "value": ALL}, "n_clicks"),
        State({"type": ids.LABEL_BUTTON, "comment": MATCH, "task": MATCH, "value": ALL}, "id"),
        State(ids.EDITOR_NAME, "value"),
        prevent_initial_call=True,
    )
    def _label(clicks, buttons, name):
        clicked = ctx.triggered_id
        if not isinstance(clicked, dict) or not any(clicks or []):
            raise PreventUpdate
        value = clicked["value"]
        try:
            who = labelling.give(reader.store_dir, clicked["comment"], clicked["task"], value, name)
        except labelling.LabelError as refused:
            return f"not saved: {refused}", [no_update] * len(buttons)
        return shown_text(value, who), [button_class(button["value"], value) for button in buttons]
