from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.votes.tables import Vote

APP_CONFIG = AppConfig(
    app_name="votes",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "votes"),
    table_classes=[Vote],
    migration_dependencies=["backend.accounts.piccolo_app", "backend.participation.ideas.piccolo_app"],
    commands=[],
)
