"""Model quality: which engine scored the data shown, and how the engines did on labelled data."""

import dash
import dash_ag_grid as dag
from dash import Input, Output, html

from dashboard import components, figures, ids, quality, queries, status, views

dash.register_page(__name__, path="/quality", name="Model quality", order=7, title="Diskurs · Model quality")

RUN_COLUMNS = [
    {"field": "finished_at", "headerName": "Finished (UTC)", "width": 160},
    {"field": "command", "headerName": "Command", "width": 110},
    {"field": "status", "headerName": "Status", "width": 100},
    {"field": "sentiment_engine", "headerName": "Sentiment engine", "width": 170},
    {"field": "n_loaded", "headerName": "Comments loaded", "width": 150, "type": "numericColumn"},
    {"field": "n_scored", "headerName": "Newly scored", "width": 130, "type": "numericColumn"},
    {"field": "error", "headerName": "Error", "flex": 2, "minWidth": 240, "wrapText": True},
    {"field": "run_id", "headerName": "Run", "flex": 1, "minWidth": 200},
]
RESULT_COLUMNS = [
    {"field": "task", "headerName": "Task", "width": 130, "wrapText": True, "cellClass": "comment-text-cell"},
    {
        "field": "dataset",
        "headerName": "Data set",
        "width": 190,
        "wrapText": True,
        "tooltipField": "dataset",
        "cellClass": "comment-text-cell",
    },
    {"field": "engine", "headerName": "Engine", "width": 150, "wrapText": True, "cellClass": "comment-text-cell"},
    {"field": "accuracy", "headerName": "Accuracy", "width": 105, "type": "numericColumn"},
    {"field": "macro_f1", "headerName": "Macro-F1", "width": 105, "type": "numericColumn"},
    {"field": "n", "headerName": "Texts", "width": 85, "type": "numericColumn"},
    {"field": "margin", "headerName": "± range", "width": 95, "type": "numericColumn"},
    {
        "field": "trust",
        "headerName": "How far to trust it",
        "flex": 1,
        "minWidth": 360,
        "wrapText": True,
        "autoHeight": True,
        "tooltipField": "trust",
        "cellClass": "comment-text-cell",
    },
]
# The yes/no flags (moderation, feedback, argument): the figures of the yes class at a threshold.
_WRAPPED = {"type": "numericColumn", "wrapHeaderText": True, "autoHeaderHeight": True}
SIGNAL_COLUMNS = [
    *({**column, "autoHeight": True} for column in RESULT_COLUMNS[:3]),
    {"field": "recall", "headerName": "Finds (recall)", "width": 120, **_WRAPPED},
    {"field": "precision", "headerName": "Right when it flags (precision)", "width": 150, **_WRAPPED},
    {"field": "f1", "headerName": "F1", "width": 80, "type": "numericColumn"},
    {"field": "roc_auc", "headerName": "ROC AUC", "width": 100, "type": "numericColumn"},
    {"field": "n", "headerName": "Texts", "width": 85, "type": "numericColumn"},
    {"field": "n_yes", "headerName": "Marked by people", "width": 120, **_WRAPPED},
    {"field": "threshold", "headerName": "Threshold", "width": 105, "type": "numericColumn"},
]
RECENT_RUNS = 10


def _grid(grid_id, columns, height):
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        rowData=[],
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"tooltipShowDelay": 300, "domLayout": "autoHeight"}
        if height is None
        else {"tooltipShowDelay": 300},
        style={"height": height} if height else {},
        className="ag-theme-quartz",
    )


def layout(**_query):
    """The engine behind the data, the evaluation figures, and how to read them."""
    notes = html.Ul([html.Li([html.B(term + ": "), text]) for term, text in quality.NOTES], className="notes")
    return components.page(
        ids.QUALITY_FILTERS,
        "Model quality",
        "How far to trust the sentiment and stance labels: which engine scored the data shown, "
        "and how each engine did on texts people labelled by hand. The filters above do not "
        "apply here.",
        html.Div(
            className="cards",
            children=[
                components.card(
                    "Engine behind the current data",
                    f"The last {RECENT_RUNS} runs of the ETL and the engine each used",
                    html.Div(
                        [
                            html.P(id=ids.QUALITY_ENGINE, className="engine-line"),
                            _grid(ids.QUALITY_RUNS_GRID, RUN_COLUMNS, None),
                        ]
                    ),
                    ids.QUALITY_RUNS,
                    wide=True,
                ),
                components.card(
                    "Evaluation figures",
                    "Each engine on each data set labelled by people",
                    html.Div([html.Div(id=ids.QUALITY_NOTE), _grid(ids.QUALITY_GRID, RESULT_COLUMNS, None)]),
                    ids.QUALITY_RESULTS,
                    wide=True,
                ),
                components.chart_card(
                    ids.QUALITY_F1,
                    "Macro-F1 per engine and data set",
                    "Higher is better; the dotted line is what guessing among three labels gets",
                    wide=True,
                ),
                components.card(
                    "Flags: moderation, feedback, argument",
                    "How much of what people marked each engine finds, and how often its flag is right, at "
                    "the threshold shown; ROC AUC: how well its score ranks marked comments first (0.5 is chance)",
                    _grid(ids.QUALITY_SIGNALS_GRID, SIGNAL_COLUMNS, None),
                    ids.QUALITY_SIGNALS,
                    wide=True,
                ),
                components.card("How to read these numbers", "In plain words", notes, wide=True),
            ],
        ),
    )


def register_callbacks(app, reader, settings=None):
    """Engine line and runs table from the store; figures from the evaluation file, re-read on
    every visit (it changes without a restart); a CSV for each table."""
    path = quality.path_of(settings)

    def runs(_filters_data=None):
        return status.recent_runs(reader, RECENT_RUNS)

    def results(_filters_data=None):
        return quality.load(path).results

    def signals(_filters_data=None):
        return quality.load(path).signals

    @app.callback(
        Output(ids.QUALITY_ENGINE, "children"),
        Output(ids.QUALITY_RUNS_GRID, "rowData"),
        Input(ids.QUALITY_FILTERS, "data"),
    )
    def _engine(filters_data):
        components.require_filters(filters_data)
        return (
            views.engine_text(reader.query(queries.engine_counts)),
            views.grid_records(runs(), [c["field"] for c in RUN_COLUMNS]),
        )

    @app.callback(
        Output(ids.QUALITY_NOTE, "children"),
        Output(ids.QUALITY_GRID, "rowData"),
        Output(ids.QUALITY_F1.graph, "figure"),
        Output(ids.QUALITY_SIGNALS_GRID, "rowData"),
        Input(ids.QUALITY_FILTERS, "data"),
    )
    def _results(filters_data):
        components.require_filters(filters_data)
        report = quality.load(path)
        note = (
            html.P(report.problem, className="note-box")
            if report.problem
            else html.P(
                f"From {quality.shown_path(path)}, generated {report.generated or 'at an unknown time'}.",
                className="card-subtitle",
            )
        )
        return (
            note,
            views.quality_records(report.results),
            figures.quality_bar(report.results),
            views.signal_records(report.signals),
        )

    components.register_download(app, ids.QUALITY_RUNS, "runs", runs)
    components.register_download(app, ids.QUALITY_RESULTS, "model-quality", results)
    components.register_download(app, ids.QUALITY_F1, "model-quality", results)
    components.register_download(app, ids.QUALITY_SIGNALS, "flag-quality", signals)
