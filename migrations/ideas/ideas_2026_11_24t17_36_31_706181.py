from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Varchar

ID = "2026-11-24T17:36:31:706181"
VERSION = "1.38.0"
DESCRIPTION = "idea status: merged"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="ideas", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Idea",
        tablename="idea",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "Status",
                {
                    "pending": "pending",
                    "published": "published",
                    "rejected": "rejected",
                    "hidden": "hidden",
                    "merged": "merged",
                },
            )
        },
        old_params={
            "choices": Enum(
                "Status",
                {
                    "pending": "pending",
                    "published": "published",
                    "rejected": "rejected",
                    "hidden": "hidden",
                },
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
