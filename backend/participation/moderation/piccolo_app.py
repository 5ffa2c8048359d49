from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.moderation.tables import AuditEntry, ModerationState, Report

APP_CONFIG = AppConfig(
    app_name="moderation",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "moderation"),
    table_classes=[ModerationState, Report, AuditEntry],
    migration_dependencies=[
        "backend.accounts.piccolo_app",
        "backend.participation.action_fields.piccolo_app",
        "backend.participation.ideas.piccolo_app",
    ],
    commands=[],
)
