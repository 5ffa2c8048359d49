"""Composite unique indexes: Piccolo's Unique() constraint does not work on SQLite."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T17:30:00:000004"
VERSION = "1.38.0"
DESCRIPTION = "composite unique indexes"

_CREATE = [
    "CREATE UNIQUE INDEX comment_author_idempotency_key_uniq ON comment (author, idempotency_key)",
]
_DROP = [
    "DROP INDEX comment_author_idempotency_key_uniq",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="comments", description=DESCRIPTION)

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
