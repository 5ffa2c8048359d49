"""A fresh database migrated with `piccolo migrations forwards all` has exactly the schema the code
declares: the same tables, columns (type, nullability), indexes (unique columns, `index=True`,
`composite_unique`, `composite_index`) and foreign keys (target, ON DELETE) - nothing missing, nothing
extra. Checked on SQLite always, and on PostgreSQL when the suite runs against it."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from piccolo.apps.migrations.tables import Migration
from piccolo.columns import Column, ForeignKey
from piccolo.table import Table

from tests.conftest import ROOT, run_migrations

Index = tuple[tuple[str, ...], bool]  # (columns in order, unique)
ForeignKeyRef = tuple[str, str, str]  # (column, referenced table, ON DELETE)

# column class -> (SQLite declared type, PostgreSQL format_type); {n} is a Varchar's length
TYPES = {
    "Serial": ("INTEGER", "integer"),
    "ForeignKey": ("INTEGER", "integer"),  # every table's primary key is a Serial
    "Integer": ("INTEGER", "integer"),
    "Varchar": ("VARCHAR({n})", "character varying({n})"),
    "Text": ("TEXT", "text"),
    "Boolean": ("BOOLEAN", "boolean"),
    "Timestamptz": ("TIMESTAMPTZ", "timestamp with time zone"),
    "Timestamp": ("TIMESTAMP", "timestamp without time zone"),
}
PG_ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


@dataclass
class Schema:
    columns: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)  # table -> col -> (type, null)
    indexes: dict[str, set[Index]] = field(default_factory=dict)
    foreign_keys: dict[str, set[ForeignKeyRef]] = field(default_factory=dict)


def table_classes() -> list[type[Table]]:
    from backend.piccolo_conf import APP_REGISTRY

    return [t for app in APP_REGISTRY.app_configs.values() for t in app.table_classes] + [Migration]


def _declared_type(column: Column, dialect: int) -> str:
    kind = type(column).__name__
    assert kind in TYPES, f"teach this test the database type of {kind}"
    return TYPES[kind][dialect].format(n=getattr(column, "length", ""))


def declared(dialect: int) -> Schema:
    """What the table classes say; dialect 0 is SQLite, 1 is PostgreSQL."""
    schema = Schema()
    for table in table_classes():
        name = table._meta.tablename
        columns, indexes, foreign_keys = {}, set(), set()
        for column in table._meta.columns:
            column_name = column._meta.db_column_name
            columns[column_name] = (_declared_type(column, dialect), column._meta.null and not column._meta.primary_key)
            if column._meta.primary_key:
                continue
            if column._meta.unique:
                indexes.add(((column_name,), True))
            elif column._meta.index:
                indexes.add(((column_name,), False))
            if isinstance(column, ForeignKey):
                meta = column._foreign_key_meta
                foreign_keys.add((column_name, meta.resolved_references._meta.tablename, meta.on_delete.value))
        indexes |= {(tuple(cols), True) for cols in getattr(table, "composite_unique", ())}
        indexes |= {(tuple(cols), False) for cols in getattr(table, "composite_index", ())}
        schema.columns[name], schema.indexes[name], schema.foreign_keys[name] = columns, indexes, foreign_keys
    return schema


def introspect_sqlite(path: Path) -> Schema:
    schema = Schema()
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            if table.startswith("sqlite_"):
                continue
            schema.columns[table] = {
                name: (declared_type, not notnull and not pk)
                for _, name, declared_type, notnull, _, pk in db.execute(f"PRAGMA table_info('{table}')")
            }
            indexes = set()
            for _, index, unique, origin, _ in db.execute(f"PRAGMA index_list('{table}')"):
                if origin == "pk":
                    continue
                columns = tuple(r[2] for r in db.execute(f"PRAGMA index_info('{index}')"))
                indexes.add((columns, bool(unique)))
            schema.indexes[table] = indexes
            schema.foreign_keys[table] = {
                (row[3], row[2], row[6]) for row in db.execute(f"PRAGMA foreign_key_list('{table}')")
            }
    return schema


async def introspect_postgres(url: str) -> Schema:
    schema = Schema()
    db = await asyncpg.connect(url)
    try:
        for row in await db.fetch(
            """SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type,
                      NOT a.attnotnull AS nullable
               FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"""
        ):
            schema.columns.setdefault(row["tbl"], {})[row["col"]] = (row["type"], row["nullable"])
        for table in schema.columns:
            schema.indexes[table], schema.foreign_keys[table] = set(), set()
        for row in await db.fetch(
            """SELECT t.relname AS tbl, ix.indisunique AS uniq,
                      array_agg(a.attname ORDER BY k.ord) AS cols
               FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
               CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
               WHERE n.nspname = 'public' AND NOT ix.indisprimary
               GROUP BY ix.indexrelid, t.relname, ix.indisunique"""
        ):
            schema.indexes[row["tbl"]].add((tuple(row["cols"]), row["uniq"]))
        for row in await db.fetch(
            """SELECT t.relname AS tbl, a.attname AS col, r.relname AS ref, c.confdeltype AS del
               FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
               JOIN pg_class r ON r.oid = c.confrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
               WHERE n.nspname = 'public' AND c.contype = 'f'"""
        ):
            schema.foreign_keys[row["tbl"]].add((row["col"], row["ref"], PG_ON_DELETE[row["del"].decode()]))
    finally:
        await db.close()
    return schema


def differences(actual: Schema, expected: Schema) -> list[str]:
    """Everything in which the database and the code disagree, one line each."""
    found = []
    for table in sorted(set(expected.columns) | set(actual.columns)):
        if table not in actual.columns or table not in expected.columns:
            found.append(f"table {table}: {'missing' if table not in actual.columns else 'not declared'}")
            continue
        if actual.columns[table] != expected.columns[table]:
            found.append(f"columns of {table}: database {actual.columns[table]} != code {expected.columns[table]}")
        if missing := expected.indexes[table] - actual.indexes[table]:
            found.append(f"indexes of {table} missing: {sorted(missing)}")
        if extra := actual.indexes[table] - expected.indexes[table]:
            found.append(f"indexes of {table} not declared: {sorted(extra)}")
        if actual.foreign_keys[table] != expected.foreign_keys[table]:
            found.append(
                f"foreign keys of {table}: database {sorted(actual.foreign_keys[table])} "
                f"!= code {sorted(expected.foreign_keys[table])}"
            )
    return found


def assert_same(actual: Schema, expected: Schema) -> None:
    assert differences(actual, expected) == []


def _migrations_applied_sqlite(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM migration").fetchone()[0])


def test_fresh_sqlite_database_has_exactly_the_declared_schema(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    env = {"DATABASE_URL": "", "SQLITE_PATH": str(path)}
    run_migrations(env)
    assert_same(introspect_sqlite(path), declared(0))
    applied = _migrations_applied_sqlite(path)
    assert applied == len(list((ROOT / "migrations").glob("*/*_[0-9]*.py")))

    run_migrations(env)  # a second run finds nothing to do
    assert _migrations_applied_sqlite(path) == applied
    assert_same(introspect_sqlite(path), declared(0))


def test_the_schema_check_notices_a_missing_index(tmp_path: Path) -> None:
    path = tmp_path / "tampered.sqlite"
    run_migrations({"DATABASE_URL": "", "SQLITE_PATH": str(path)})
    with sqlite3.connect(path) as db:
        db.execute("DROP INDEX vote_idea_voter_uniq")
    assert "indexes of vote missing: [(('idea', 'voter'), True)]" in differences(introspect_sqlite(path), declared(0))


POSTGRES_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(not POSTGRES_URL.startswith(("postgres://", "postgresql://")), reason="the suite runs on SQLite")
async def test_fresh_postgres_database_has_exactly_the_declared_schema() -> None:
    name = f"mw_migrations_{uuid.uuid4().hex[:12]}"
    fresh_url = urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{name}"))
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        env = {"DATABASE_URL": fresh_url}
        await asyncio.to_thread(run_migrations, env)
        assert_same(await introspect_postgres(fresh_url), declared(1))
        await asyncio.to_thread(run_migrations, env)
        assert_same(await introspect_postgres(fresh_url), declared(1))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
