"""WSGI entry point: `gunicorn dashboard.wsgi:server`; DISKURS_STORE chooses the store,
DISKURS_USERS the users file that turns sign-in on (and DISKURS_SECRET_KEY, if set, signs the
session cookies; else the key kept beside the users file, shared by every worker)."""

from dashboard.app import create_app
from dashboard.cli import auth_settings
from etl.config import from_env

server = create_app(from_env(), auth=auth_settings(None)).server
