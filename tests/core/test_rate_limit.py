"""Writes are limited per phone, login or browser — not per IP, since a whole village hall shares one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import uvicorn

from backend.app import create_app
from backend.core.settings import AppSettings, Settings
from tests.factories import ApiClient


@pytest.fixture
async def limited_server(server: str) -> AsyncIterator[str]:
    """A second app with a limit of 5 writes a minute, next to the suite's server (which started the database
    engine; this one runs without lifespan so it neither opens nor closes the shared pool)."""
    app = create_app(Settings(app=AppSettings(write_rate_per_minute=5)))
    limited = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    task = asyncio.create_task(limited.serve())
    while not limited.started:  # noqa: ASYNC110 — uvicorn exposes a flag, not an event
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{limited.servers[0].sockets[0].getsockname()[1]}"
    limited.should_exit = True
    await task


async def test_sixth_write_in_a_minute_is_429_for_that_browser_only(limited_server: str) -> None:
    first, second = ApiClient(limited_server), ApiClient(limited_server)
    try:
        for client in (first, second):
            await client.prime()
        login = {"email": "niemand@test.example", "password": "falsch-aber-lang"}
        statuses = [(await first.post("/api/auth/login", json=login)).status_code for _ in range(6)]
        assert statuses == [401] * 5 + [429]
        limited = await first.post("/api/auth/login", json=login)
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert limited.json()["code"] == "rate_limited"
        # same IP, another browser: not affected; reads are never limited
        assert (await second.post("/api/auth/login", json=login)).status_code == 401
        assert (await first.get("/api/municipalities")).status_code == 200
    finally:
        await first.aclose()
        await second.aclose()
