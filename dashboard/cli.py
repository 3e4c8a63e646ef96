"""`diskurs`, the installed command: every command of `python -m etl`, plus `diskurs dashboard`
with the options of `python -m dashboard`. It lives here, in the one package that may import
both (etl never imports dashboard)."""

import argparse
import logging

from etl import cli as etl_cli
from etl.config import Settings

log = logging.getLogger("dashboard")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The dashboard server's options."""
    parser.add_argument("--store", metavar="DIR", help="store folder (default: $DISKURS_STORE, else data/store here)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode with hot reload")


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Build the app for the settings' store and serve it until stopped."""
    from dashboard.app import create_app  # Dash and the pages load only when serving

    log.info("serving store %s on http://%s:%d/", settings.store_dir, args.host, args.port)
    create_app(settings).run(host=args.host, port=args.port, debug=args.debug)
    return 0


DASHBOARD = etl_cli.Command("serve the dashboard for a store", add_arguments, serve)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `diskurs`; returns the process exit code."""
    return etl_cli.main(argv, prog="diskurs", extra={"dashboard": DASHBOARD})
