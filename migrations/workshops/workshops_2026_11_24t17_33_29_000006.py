"""Composite unique indexes: Piccolo's Unique() constraint does not work on SQLite."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T17:33:29:000006"
VERSION = "1.38.0"
DESCRIPTION = "composite unique indexes"

_CREATE = [
    "CREATE UNIQUE INDEX workshop_field_workshop_action_field_uniq ON workshop_field (workshop, action_field)",
    "CREATE UNIQUE INDEX dot_vote_participant_idea_uniq ON dot_vote (participant, idea)",
]
_DROP = [
    "DROP INDEX workshop_field_workshop_action_field_uniq",
    "DROP INDEX dot_vote_participant_idea_uniq",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="workshops", description=DESCRIPTION)

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
