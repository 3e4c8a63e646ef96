"""WSGI entry point: `gunicorn dashboard.wsgi:server`; DISKURS_STORE chooses the store."""

from dashboard.app import create_app
from etl.config import from_env

server = create_app(from_env()).server
