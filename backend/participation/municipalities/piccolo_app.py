from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.municipalities.tables import Municipality

APP_CONFIG = AppConfig(
    app_name="municipalities",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "municipalities"),
    table_classes=[Municipality],
    migration_dependencies=[],
    commands=[],
)
