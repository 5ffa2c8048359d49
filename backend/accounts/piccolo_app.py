from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.accounts.tables import Account

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "accounts"),
    table_classes=[Account],
    migration_dependencies=[],
    commands=[],
)
