"""The workshop under test, driven over its public API: an admin creates it, voters join and vote."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench._wire import Http

__all__ = ["IDEAS", "Voter", "cast_votes", "join_voters", "set_phase", "setup_workshop"]

IDEAS = 8


async def setup_workshop(base_url: str, email: str, password: str) -> tuple[dict[str, Any], list[int]]:
    """Admin logs in, creates an action field, a workshop and a few flip-chart ideas."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        client.event_hooks["request"] = [_csrf(client)]
        await client.get("/api/municipalities")
        _ok(await client.post("/api/auth/login", json={"email": email, "password": password}))
        slug = f"bench-{int(time.time())}"
        _ok(await client.post("/api/action-fields", json={"slug": slug, "title": "Benchmark-Werkstatt"}))
        workshop = _ok(
            await client.post(
                "/api/workshops",
                json={"title": "Bürgerwerkstatt Benchmark", "action_fields": [slug], "dot_budget": 5},
            )
        )
        ideas = []
        for n in range(IDEAS):
            body = {"title": f"Idee vom Flipchart {n + 1}", "is_analog": True}
            ideas.append(_ok(await client.post(f"/api/workshops/{workshop['id']}/ideas", json=body))["id"])
        return workshop, ideas


async def set_phase(base_url: str, email: str, password: str, workshop_id: int, phase: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        client.event_hooks["request"] = [_csrf(client)]
        await client.get("/api/municipalities")
        _ok(await client.post("/api/auth/login", json={"email": email, "password": password}))
        _ok(await client.post(f"/api/workshops/{workshop_id}/phase", json={"phase": phase}))


def _csrf(client: httpx.AsyncClient) -> Any:
    async def hook(request: httpx.Request) -> None:
        if request.method != "GET" and (token := client.cookies.get("csrftoken")):
            request.headers["x-csrftoken"] = token

    return hook


def _ok(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


@dataclass
class Voter:
    http: Http
    idea: int
    points: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


async def join_voters(base_url: str, code: str, ideas: list[int], count: int) -> list[Voter]:
    parts = urlsplit(base_url)
    voters = []
    for n in range(count):
        http = Http(parts.hostname or "127.0.0.1", parts.port or 80)
        await http.request("GET", f"/api/workshops/code/{code}")
        response = await http.request("POST", "/api/workshops/join", {"code": code, "display_name": f"Wähler {n}"})
        if response.status != 200:
            raise RuntimeError(f"voter join failed: {response.status} {response.body!r}")
        voters.append(Voter(http, ideas[n % len(ideas)]))
    return voters


async def cast_votes(voters: list[Voter], workshop_id: int, rate: float, seconds: float) -> dict[str, Any]:
    """Open loop: vote k is due at start + k / rate whatever happened to earlier ones; its latency counts
    from that moment. Each voter moves its dots on one idea between 1 and 2 (always a change)."""
    latencies: list[float] = []
    failures: list[str] = []

    async def cast(voter: Voter, due: float) -> None:
        try:
            async with voter.lock:
                voter.points = 1 if voter.points == 2 else 2
                path = f"/api/workshops/{workshop_id}/dots/{voter.idea}"
                response = await voter.http.request("PUT", path, {"points": voter.points})
            if response.status == 200:
                latencies.append(time.time() - due)
            else:
                failures.append(f"{response.status} {response.body[:120]!r}")
        except Exception as exc:  # counted, not fatal
            failures.append(f"{type(exc).__name__}: {exc}")

    tasks = []
    start = time.time() + 0.05
    for k in range(int(rate * seconds)):
        due = start + k / rate
        await asyncio.sleep(max(0.0, due - time.time()))
        tasks.append(asyncio.create_task(cast(voters[k % len(voters)], due)))
    await asyncio.gather(*tasks)
    return {"latencies": latencies, "failures": failures, "sent": len(tasks)}
