from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.comments.tables import Comment

APP_CONFIG = AppConfig(
    app_name="comments",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "comments"),
    table_classes=[Comment],
    migration_dependencies=["backend.accounts.piccolo_app", "backend.participation.ideas.piccolo_app"],
    commands=[],
)
