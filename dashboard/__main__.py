"""python -m dashboard [--store DIR] [--host 127.0.0.1] [--port 8050] [--debug]"""

import argparse
import logging

from etl.config import from_env


def parse_args(argv=None):
    """Command-line options of the dashboard server."""
    parser = argparse.ArgumentParser(prog="python -m dashboard",
                                     description="Serve the Diskurs dashboard for a store.")
    parser.add_argument("--store", metavar="DIR", help="store folder (default: $DISKURS_STORE "
                        "or data/store)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode with hot reload")
    return parser.parse_args(argv)


def main(argv=None):
    """Read settings once, build the app, serve it."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    from dashboard.app import create_app

    settings = from_env(store_dir=args.store)
    logging.getLogger("dashboard").info("serving store %s on http://%s:%d/",
                                        settings.store_dir, args.host, args.port)
    create_app(settings).run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
