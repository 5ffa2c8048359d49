from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.action_fields.tables import ActionField, FieldModerator

APP_CONFIG = AppConfig(
    app_name="action_fields",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "action_fields"),
    table_classes=[ActionField, FieldModerator],
    migration_dependencies=["backend.accounts.piccolo_app"],
    commands=[],
)
