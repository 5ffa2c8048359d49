"""Composite unique indexes: Piccolo's Unique() constraint does not work on SQLite."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T17:30:00:000001"
VERSION = "1.38.0"
DESCRIPTION = "composite unique indexes"

_CREATE = [
    "CREATE UNIQUE INDEX event_scope_seq_uniq ON event (scope, seq)",
]
_DROP = [
    "DROP INDEX event_scope_seq_uniq",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="realtime", description=DESCRIPTION)

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
