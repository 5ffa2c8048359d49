"""Composite indexes: Piccolo's Unique() constraint does not work on SQLite."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T17:36:32:000001"
VERSION = "1.38.0"
DESCRIPTION = "composite indexes of moderation tables"

_CREATE = [
    "CREATE UNIQUE INDEX moderation_state_item_uniq ON moderation_state (item_type, item_id)",
    "CREATE UNIQUE INDEX moderation_report_item_reporter_uniq"
    " ON moderation_report (item_type, item_id, reporter)",
    "CREATE INDEX moderation_audit_item ON moderation_audit (item_type, item_id)",
]
_DROP = [
    "DROP INDEX moderation_state_item_uniq",
    "DROP INDEX moderation_report_item_reporter_uniq",
    "DROP INDEX moderation_audit_item",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="moderation", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for statement in _CREATE:
            await engine.run_ddl(statement)

    async def drop_indexes():
        engine = engine_finder()
        for statement in _DROP:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
