"""Piccolo configuration: the engine follows DATABASE_URL, the apps are listed once."""

from __future__ import annotations

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from backend.core.settings import get_settings

_db = get_settings().db

if _db.is_postgres:
    DB: PostgresEngine | SQLiteEngine = PostgresEngine(config={"dsn": _db.url})
else:
    _db.resolved_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DB = SQLiteEngine(path=str(_db.resolved_sqlite_path), timeout=_db.busy_timeout_s)

APP_REGISTRY = AppRegistry(
    apps=[
        "backend.realtime.piccolo_app",
        "backend.accounts.piccolo_app",
        "backend.participation.municipalities.piccolo_app",
        "backend.participation.action_fields.piccolo_app",
        "backend.participation.ideas.piccolo_app",
        "backend.participation.comments.piccolo_app",
        "backend.participation.votes.piccolo_app",
        "backend.participation.workshops.piccolo_app",
        "backend.participation.moderation.piccolo_app",
    ]
)
