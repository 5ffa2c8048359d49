"""Test harness: a migrated database (SQLite file, or PostgreSQL from DATABASE_URL), the real app served
by uvicorn in the test's event loop, and real HTTP/WebSocket clients."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="mitwirken-test-"))
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    os.environ["DATABASE_URL"] = ""
    os.environ["SQLITE_PATH"] = str(_TMP / "test.sqlite")
os.environ.setdefault("PASSWORD_ITERATIONS", "1000")  # hashing cost is not under test
os.environ.setdefault("WRITE_RATE_LIMIT", "1000000")  # the limit itself is tested with an app of its own
os.environ["DATA_DIR"] = str(_TMP)
os.environ["PICCOLO_CONF"] = "backend.piccolo_conf"
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

ROOT = Path(__file__).resolve().parents[1]


def run_migrations(env: dict[str, str] | None = None) -> None:
    """`piccolo migrations forwards all`, exactly as `make run` and the Procfile do it."""
    result = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "piccolo"), "migrations", "forwards", "all"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def migrated() -> None:
    run_migrations()


@pytest.fixture(scope="session")
async def server(migrated: None) -> AsyncIterator[str]:
    """The real app on uvicorn, in this event loop; yields its base URL."""
    import uvicorn

    from backend.app import create_app

    config = uvicorn.Config(
        create_app(),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        ws="websockets-sansio",
        ws_max_size=65536,
        ws_per_message_deflate=False,
        lifespan="on",
    )
    srv = uvicorn.Server(config)
    task = asyncio.create_task(srv.serve())
    while not srv.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    await task


@pytest.fixture(autouse=True)
async def clean_db(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Every test starts from empty tables (ids restart)."""
    if "server" in request.fixturenames or "api" in request.fixturenames:
        from tests.factories import truncate_all

        request.getfixturevalue("server")
        await truncate_all()
    yield


@pytest.fixture
async def api(server: str) -> AsyncIterator[object]:
    """Factory of HTTP clients (`await api()`), closed after the test."""
    from tests.factories import ApiClient

    clients: list[ApiClient] = []

    async def make() -> ApiClient:
        client = ApiClient(server)
        await client.prime()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
