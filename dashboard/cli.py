"""`diskurs`, the installed command: every command of `python -m etl`, plus `diskurs dashboard`
with the options of `python -m dashboard` and `diskurs users` managing who may sign in to it. It
lives here, in the one package that may import both (etl never imports dashboard).

Sign-in settings are read here, once: `--users FILE` or $DISKURS_USERS, and $DISKURS_SECRET_KEY.
"""

import argparse
import getpass
import ipaddress
import logging
import os
import sys
from pathlib import Path

from dashboard import users
from dashboard.auth import AuthSettings
from etl import DiskursError
from etl import cli as etl_cli
from etl.config import Settings

log = logging.getLogger("dashboard")
LOOPBACK_NAMES = ("localhost",)


class ServeRefused(DiskursError):
    """The dashboard would be exposed in a way it must not be (anonymous, or debug, off loopback)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The dashboard server's options."""
    parser.add_argument("--store", metavar="DIR", help="store folder (default: $DISKURS_STORE, else data/store here)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode with hot reload (loopback only)")
    parser.add_argument(
        "--users",
        metavar="FILE",
        help="require sign-in as one of the users in FILE (default: $DISKURS_USERS; see `diskurs users`)",
    )
    parser.add_argument(
        "--allow-anonymous",
        action="store_true",
        help="serve a non-loopback --host without sign-in (anyone who reaches it reads everything)",
    )


def auth_settings(users_file: str | None, environ=os.environ) -> AuthSettings | None:
    """Sign-in settings from `--users` (else $DISKURS_USERS) and $DISKURS_SECRET_KEY; None
    without a users file."""
    users_file = users_file or environ.get("DISKURS_USERS")
    if not users_file:
        return None
    return AuthSettings(Path(users_file), environ.get("DISKURS_SECRET_KEY") or None)


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, auth: AuthSettings | None, allow_anonymous: bool, debug: bool) -> None:
    """ServeRefused (exit code 1, one `error:` line) for debug mode or anonymous access off loopback."""
    if is_loopback(host):
        return
    if debug:
        raise ServeRefused(f"--debug runs code sent from the browser: only on a loopback --host, not {host}")
    if auth is None and not allow_anonymous:
        raise ServeRefused(
            f"--host {host} exposes the dashboard: add users (--users FILE, see `diskurs users add`) "
            "or give --allow-anonymous"
        )


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Build the app for the settings' store and serve it until stopped."""
    auth = auth_settings(args.users)
    check_exposure(args.host, auth, args.allow_anonymous, args.debug)
    from dashboard.app import create_app  # Dash and the pages load only when serving

    app = create_app(settings, auth=auth)
    log.info(
        "serving store %s on http://%s:%d/%s",
        settings.store_dir,
        args.host,
        args.port,
        f" (sign-in: {auth.users_file})" if auth else "",
    )
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def add_users_arguments(parser: argparse.ArgumentParser) -> None:
    """`diskurs users add|remove|list` and their options."""
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user, or give one a new password and role")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=users.ROLES, default="viewer", help="viewer (reads) or editor (may label)")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name", metavar="NAME")
    listing = actions.add_parser("list", help="list the users and their roles")
    for action in (add, remove, listing):
        action.add_argument("--users", metavar="FILE", help="the users file (default: $DISKURS_USERS)")


def read_password(stdin=None, ask=getpass.getpass) -> str:
    """The new password: the first line of standard input when it is not a terminal (scripts),
    else asked twice without echo."""
    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = ask("Password: ")
    if ask("Password again: ") != first:
        raise users.UsersError("the passwords differ")
    return first


def manage_users(args: argparse.Namespace, settings: Settings) -> int:
    """Add, remove or list users of a users file."""
    path = args.users or os.environ.get("DISKURS_USERS")
    if not path:
        raise users.UsersError("which users file? give --users FILE or set DISKURS_USERS")
    if args.action == "add":
        users.add(path, args.name, read_password(), args.role)
        log.info("user %s (%s) saved in %s", args.name, args.role, path)
    elif args.action == "remove":
        users.remove(path, args.name)
        log.info("user %s removed from %s", args.name, path)
    else:
        for name, entry in sorted(users.load(path).items()):
            print(f"{name}\t{entry['role']}")
    return 0


DASHBOARD = etl_cli.Command("serve the dashboard for a store", add_arguments, serve)
USERS = etl_cli.Command("add, remove or list who may sign in to the dashboard", add_users_arguments, manage_users)
COMMANDS = {"dashboard": DASHBOARD, "users": USERS}


def main(argv: list[str] | None = None) -> int:
    """Entry point of `diskurs`; returns the process exit code."""
    return etl_cli.main(argv, prog="diskurs", extra=COMMANDS)
