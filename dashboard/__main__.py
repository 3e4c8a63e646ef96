"""python -m dashboard [--store DIR] [--host 127.0.0.1] [--port 8050] [--debug] [--users FILE]
[--allow-anonymous] (the same as `diskurs dashboard`)."""

import argparse
import logging
import sys

from dashboard.cli import add_arguments, serve
from etl import DiskursError
from etl.config import from_env


def parse_args(argv=None):
    """Command-line options of the dashboard server."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Serve the Diskurs dashboard for a store.")
    add_arguments(parser)
    return parser.parse_args(argv)


def main(argv=None):
    """Read settings once, build the app, serve it; a refusal is one `error:` line, exit code 1."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        return serve(args, from_env(store_dir=args.store))
    except DiskursError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
