from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.realtime.tables import Event, EventScope

APP_CONFIG = AppConfig(
    app_name="realtime",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "realtime"),
    table_classes=[EventScope, Event],
    migration_dependencies=[],
    commands=[],
)
