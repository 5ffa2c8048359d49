"""Moderation test helpers: fields with their moderators, pending content, the queue, live sockets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from backend.participation.ideas.tables import Idea
from backend.participation.moderation.tables import AuditEntry
from backend.participation.votes.tables import Vote
from backend.realtime.tables import Event
from tests.participation.workshops.helpers import open_socket

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    import httpx
    from websockets.asyncio.client import ClientConnection

    from tests.factories import ApiClient

__all__ = [
    "audit_actions",
    "events_of",
    "idea_row",
    "live",
    "next_event",
    "queue_entry",
    "released_together",
    "vote_rows",
]


async def released_together(calls: list[Callable[[], Awaitable[httpx.Response]]]) -> list[httpx.Response]:
    """Every call in its own task; all start only once every task is ready (asyncio.Barrier)."""
    barrier = asyncio.Barrier(len(calls))

    async def run(call: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        await barrier.wait()
        return await call()

    return await asyncio.gather(*(run(call) for call in calls))


@asynccontextmanager
async def live(client: ApiClient, scope: str) -> AsyncIterator[ClientConnection]:
    """A socket on /api/events/ws for `scope`, past its opening snapshot."""
    socket = await open_socket(client, f"/api/events/ws?scope={scope}")
    try:
        first = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert first["type"] == "snapshot", first
        yield socket
    finally:
        await socket.close()


async def next_event(socket: ClientConnection, type_: str) -> dict[str, Any]:
    """The first message of this type (others are skipped), within 10 seconds."""
    async with asyncio.timeout(10):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == type_:
                return message


async def idea_row(idea_id: int) -> dict[str, Any]:
    row = await Idea.select().where(Idea.id == idea_id).first()
    assert row is not None
    return row


async def vote_rows(idea_id: int) -> int:
    return await Vote.count().where(Vote.idea == idea_id)


async def events_of(scope: str, type_: str) -> list[dict[str, Any]]:
    rows = await Event.select(Event.data).where((Event.scope == scope) & (Event.type == type_)).order_by(Event.seq)
    return [json.loads(r["data"]) for r in rows]


async def audit_actions(item_type: str, item_id: int) -> list[str]:
    rows = (
        await AuditEntry.select(AuditEntry.action)
        .where((AuditEntry.item_type == item_type) & (AuditEntry.item_id == item_id))
        .order_by(AuditEntry.id)
    )
    return [r["action"] for r in rows]


async def queue_entry(client: ApiClient, item_type: str, item_id: int, **params: Any) -> dict[str, Any] | None:
    response = await client.get("/api/moderation/queue", params=params)
    assert response.status_code == 200, response.text
    for item in response.json()["items"]:
        if item["item_type"] == item_type and item["item_id"] == item_id:
            return item
    return None
