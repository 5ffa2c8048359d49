"""Database helpers: engine start-up, write transactions, health."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

if TYPE_CHECKING:
    from piccolo.columns import Column
    from piccolo.columns.combination import Combinable
    from piccolo.engine.base import Engine

__all__ = ["contains", "engine", "is_sqlite", "ping", "start_engine", "stop_engine", "write_transaction"]

logger = logging.getLogger(__name__)

# SQLite allows one writer at a time. Queuing this process's writers on an asyncio lock means they
# wait in order instead of spinning on the busy timeout; the busy timeout still covers other processes
# (the CLI seeding while the server runs).
_sqlite_writer = asyncio.Lock()


def engine() -> Engine:
    from backend.piccolo_conf import DB

    return DB


def is_sqlite() -> bool:
    return isinstance(engine(), SQLiteEngine)


def contains(column: Column, text: str) -> Combinable:
    """Case-insensitive substring match. SQLite's LIKE already ignores ASCII case, and Piccolo warns on
    every ILIKE there (an error under pytest's warnings-as-errors)."""
    pattern = f"%{text}%"
    return column.like(pattern) if is_sqlite() else column.ilike(pattern)


async def start_engine(pool_size: int) -> None:
    """Open the PostgreSQL pool, or switch the SQLite file to WAL (the setting persists in the file)."""
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.start_connection_pool(min_size=1, max_size=pool_size)
    else:
        await db.run_ddl("PRAGMA journal_mode=WAL")


async def stop_engine() -> None:
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.close_connection_pool()


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A write transaction: `BEGIN IMMEDIATE` behind the writer lock on SQLite, a pooled one on PostgreSQL."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        async with _sqlite_writer, db.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with db.transaction():
            yield


_probe: dict[str, asyncio.Task[bool]] = {}  # the ping in flight, shared by concurrent callers


async def ping(timeout_s: float = 2.0) -> bool:
    """True when the database answers a trivial query in time.

    The probe uses its own connection, not the pool: during a burst of writes every pooled connection is
    busy for a while, and /health must not call a working database unreachable then. Concurrent callers
    share one probe, so a burst of health checks opens one connection, not hundreds."""
    task = _probe.get("task")
    if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
        task = _probe["task"] = asyncio.create_task(_ping_once(timeout_s))
    return await asyncio.shield(task)


async def _ping_once(timeout_s: float) -> bool:
    try:
        async with asyncio.timeout(timeout_s):
            await engine().run_ddl("SELECT 1", in_pool=False)
    except Exception:  # any failure means "unreachable" for /health
        logger.warning("database ping failed", exc_info=True)
        return False
    return True
