"""/health tells a busy database from an unreachable one."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from backend.core.db import engine, is_sqlite, write_transaction
from backend.core.settings import get_settings


async def _hold_sqlite_writer(seconds: float) -> None:
    async with write_transaction():
        await asyncio.sleep(seconds)


async def test_health_stays_200_while_every_pooled_connection_is_busy(api: Any) -> None:
    client = await api()
    if is_sqlite():  # no pool: the writer lock is what a burst of writes holds
        blockers = [asyncio.create_task(_hold_sqlite_writer(3))]
    else:
        size = get_settings().db.pool_size
        blockers = [asyncio.create_task(engine().run_ddl("SELECT pg_sleep(3)")) for _ in range(size + 5)]
    await asyncio.sleep(0.3)
    started = time.monotonic()
    responses = await asyncio.gather(*(client.get("/health") for _ in range(20)))
    elapsed = time.monotonic() - started
    assert [r.status_code for r in responses] == [200] * 20, [r.text for r in responses]
    assert {r.json()["database"] for r in responses} == {"ok"}
    assert elapsed < 2, elapsed
    await asyncio.gather(*blockers)
