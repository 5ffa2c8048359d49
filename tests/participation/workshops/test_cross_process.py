"""Two real server processes sharing the database and a Redis of their own: a vote cast on one reaches a
phone connected to the other, also across a Redis restart, without the phone reconnecting."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from backend.participation.workshops.tables import WorkshopIdea
from tests.factories import ApiClient, make_account, make_field
from tests.participation.workshops.helpers import open_socket, receive, receive_until

ROOT = Path(__file__).resolve().parents[3]
REDIS_SERVER = shutil.which("redis-server")

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisProcess:
    """A private redis-server, so the test can stop and restart it without disturbing anything else."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def _wait_for_port(port: int, timeout: float = 20) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def redis_process() -> Iterator[RedisProcess]:
    redis = RedisProcess()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
async def two_servers(migrated: None, redis_process: RedisProcess) -> AsyncIterator[list[str]]:
    env = {**os.environ, "REDIS_URL": redis_process.url, "REDIS_CHANNEL_PREFIX": "mw-xproc"}
    processes, urls = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(
            subprocess.Popen(  # noqa: S603, ASYNC220 — started once, before the test's work
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "backend.app:create_app",
                    "--port",
                    str(port),
                    "--ws",
                    "websockets-sansio",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            await _wait_healthy(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(15)


async def _wait_healthy(url: str, want: str | None = None, wait_s: float = 30) -> dict:
    async with httpx.AsyncClient(base_url=url) as client, asyncio.timeout(wait_s):
        while True:
            try:
                response = await client.get("/health")
                if response.status_code == 200 and (want is None or response.json()["pubsub"] == want):
                    return response.json()
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)


async def _client(url: str) -> ApiClient:
    client = ApiClient(url)
    await client.prime()
    return client


async def test_vote_on_one_process_reaches_a_phone_on_the_other_across_a_redis_restart(
    clean_db: None, two_servers: list[str], redis_process: RedisProcess
) -> None:
    a_url, b_url = two_servers
    field = await make_field()
    staff_account = await make_account("staff")
    staff = await _client(a_url)
    await staff.login(staff_account["email"])
    created = await staff.post(
        "/api/workshops",
        json={"title": "Werkstatt Warburg", "action_fields": [field["slug"]], "dot_budget": 10, "max_dots_per_idea": 3},
    )
    wid, code = created.json()["id"], created.json()["code"]
    await staff.post(f"/api/workshops/{wid}/phase", json={"phase": "ideation"})

    voters = []
    for _ in range(4):
        phone = await _client(a_url)
        assert (await phone.post("/api/workshops/join", json={"code": code})).status_code == 200
        voters.append(phone)
    idea = (await voters[0].post(f"/api/workshops/{wid}/ideas", json={"title": "Dorfladen 24/7"})).json()
    await staff.post(f"/api/workshops/{wid}/phase", json={"phase": "voting"})

    listener = await _client(b_url)
    await listener.post("/api/workshops/join", json={"code": code})
    socket_b = await open_socket(listener, f"/api/workshops/{wid}/ws")
    clients = [staff, listener, *voters]
    try:
        assert (await receive(socket_b))["type"] == "snapshot"

        # 1. plain cross-process delivery: vote on A, phone on B hears it
        assert (await voters[0].put(f"/api/workshops/{wid}/dots/{idea['id']}", json={"points": 1})).status_code == 200
        tallies = await receive_until(socket_b, lambda m: m["type"] == "tallies")
        assert tallies[-1]["data"]["items"] == [{"idea_id": idea["id"], "dot_total": 1}]

        # 2. Redis goes away mid-workshop: votes still commit, /health says degraded
        redis_process.stop()
        for phone in voters[1:3]:
            response = await phone.put(f"/api/workshops/{wid}/dots/{idea['id']}", json={"points": 2})
            assert response.status_code == 200, response.text
        health = await _wait_healthy(a_url, want="degraded", wait_s=15)
        assert health["database"] == "ok"
        await _wait_healthy(b_url, want="degraded", wait_s=15)

        # 3. Redis returns: subscriptions recover by themselves, the phone converges without reconnecting
        redis_process.start()
        await _wait_healthy(b_url, want="ok", wait_s=30)
        assert (await voters[3].put(f"/api/workshops/{wid}/dots/{idea['id']}", json={"points": 3})).status_code == 200
        expected = 1 + 2 + 2 + 3
        row = await WorkshopIdea.select(WorkshopIdea.dot_total).where(WorkshopIdea.idea == idea["id"]).first()
        assert row["dot_total"] == expected
        seen = await receive_until(
            socket_b,
            lambda m: m["type"] == "tallies" and {"idea_id": idea["id"], "dot_total": expected} in m["data"]["items"],
            wait_s=30,
        )
        seqs = [m["seq"] for m in seen]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    finally:
        await socket_b.close()
        for client in clients:
            await client.aclose()
