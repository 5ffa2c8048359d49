from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.ideas.tables import Idea

APP_CONFIG = AppConfig(
    app_name="ideas",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "ideas"),
    table_classes=[Idea],
    migration_dependencies=[
        "backend.accounts.piccolo_app",
        "backend.participation.municipalities.piccolo_app",
        "backend.participation.action_fields.piccolo_app",
    ],
    commands=[],
)
