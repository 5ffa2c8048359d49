from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.participation.workshops.tables import (
    DotVote,
    Workshop,
    WorkshopField,
    WorkshopIdea,
    WorkshopParticipant,
)

APP_CONFIG = AppConfig(
    app_name="workshops",
    migrations_folder_path=str(Path(__file__).resolve().parents[3] / "migrations" / "workshops"),
    table_classes=[Workshop, WorkshopField, WorkshopParticipant, WorkshopIdea, DotVote],
    migration_dependencies=[
        "backend.accounts.piccolo_app",
        "backend.participation.municipalities.piccolo_app",
        "backend.participation.action_fields.piccolo_app",
        "backend.participation.ideas.piccolo_app",
    ],
    commands=[],
)
