"""create_app(settings): the one Dash app, its header with global filters, and its pages.

Settings reach callbacks without globals: create_app builds one StoreReader for the settings'
store and hands it, with the settings, to each page's `register_callbacks(app, reader,
settings)`, whose callbacks close over them.
"""

import sys
from pathlib import Path

import dash
from dash import ALL, Dash, Input, Output, State

from dashboard import auth as sign_in
from dashboard import components, export, filters, ids, quality, security, status, url_state
from dashboard.i18n import install as install_languages
from dashboard.reader import StoreReader
from dashboard.status import health, refresh_status

__all__ = ["create_app", "health", "refresh_status"]

HERE = Path(__file__).resolve().parent
PAGES_DIR = HERE / "pages"
ASSETS_DIR = HERE / "assets"


def create_app(settings, reader=None, auth=None):
    """The Diskurs Dash app reading the store in `settings.store_dir` (through `reader`, a
    StoreReader, when given: the benchmark passes one to switch its cache off); with `auth`
    (auth.AuthSettings) every route but sign-in and /healthz needs a signed-in user."""
    reader = reader or StoreReader(settings.store_dir)
    # name="dashboard" (the package) makes Dash register pages as dashboard.pages.<module>.
    app = Dash(
        "dashboard",
        use_pages=True,
        pages_folder=str(PAGES_DIR),
        assets_folder=str(ASSETS_DIR),
        title="Diskurs",
        update_title=None,
    )
    app.server.config["DISKURS_SETTINGS"] = settings
    install_languages(app, settings)  # German or English, translated where the text leaves the app
    if auth is not None:
        sign_in.protect(app.server, auth)  # first: nothing below answers a stranger
    pages = sorted(dash.page_registry.values(), key=lambda page: page["order"])
    app.layout = components.shell(pages, dash.page_container, sign_out=auth is not None)
    register_callbacks(app, reader)
    url_state.register_callbacks(app, reader)
    components.register_labelling(app, reader, quality.path_of(settings))
    status.add_routes(app.server, reader)
    export.add_routes(app.server, reader)
    for page in pages:
        sys.modules[page["module"]].register_callbacks(app, reader, settings)
    security.protect(app)
    return app


def register_callbacks(app, reader):
    """Header callbacks: the refresh and last run's status every ~30 s, with topic options,
    date bounds and data version when a new version is out; the article and topic pickers'
    options as the user types or chooses (always with the chosen ones: a picker drops a value
    missing from its options, and a link's unknown article must stay to be seen); the filters
    copied into the page shown; the current page's nav link marked."""

    @app.callback(
        Output(ids.LAST_REFRESHED, "children"),
        Output(ids.LAST_REFRESHED, "className"),
        Output(ids.DATA_VERSION, "data"),
        Output(ids.FILTER_DATES, "min_date_allowed"),
        Output(ids.FILTER_DATES, "max_date_allowed"),
        Input(ids.REFRESH_TIMER, "n_intervals"),
        State(ids.DATA_VERSION, "data"),
    )
    def _refresh(n_intervals, known_version):
        text, css_class, version, _topics, first, last = refresh_status(reader, known_version)
        return text, css_class, version, first, last

    @app.callback(
        Output(ids.FILTER_ARTICLES, "options"),
        Input(ids.DATA_VERSION, "data"),
        Input(ids.FILTER_ARTICLES, "search_value"),
        Input(ids.FILTER_ARTICLES, "value"),
    )
    def _article_options(version, search, chosen):
        return components.article_options(reader, search, chosen)

    @app.callback(
        Output(ids.FILTER_TOPICS, "options"),
        Input(ids.DATA_VERSION, "data"),
        Input(ids.FILTER_TOPICS, "value"),
    )
    def _topic_options(version, chosen):
        return components.topic_options(url_state.known_topics(reader) if version else [], chosen)

    @app.callback(
        Output({"type": ids.PAGE_FILTERS, "page": ALL}, "data"),
        Input(ids.DATA_VERSION, "data"),
        *filters.filter_inputs(),
        State({"type": ids.PAGE_FILTERS, "page": ALL}, "id"),
    )
    def _copy_filters(version, *values):
        *filter_values, stores = values
        return [filters.page_filters_data(version, filter_values) for _ in stores]

    app.clientside_callback(
        """function(pathname, paths) {
            return paths.map(p => p.path === pathname ? "nav-link active" : "nav-link");
        }""",
        Output({"type": ids.NAV_LINK, "path": ALL}, "className"),
        Input(ids.PAGES_LOCATION, "pathname"),
        State({"type": ids.NAV_LINK, "path": ALL}, "id"),
    )
