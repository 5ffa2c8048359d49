"""Writing events: rows in the caller's transaction, published once the transaction has committed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import msgspec

from backend.core.db import write_transaction
from backend.realtime import publisher
from backend.realtime.tables import Event, EventScope

__all__ = ["EventMessage", "UnitOfWork", "encode_event", "last_seq", "unit_of_work"]

_NEXT_SEQ_SQL = (
    "INSERT INTO event_scope (scope, last_seq) VALUES ({}, 1) "
    "ON CONFLICT (scope) DO UPDATE SET last_seq = event_scope.last_seq + 1 "
    "RETURNING last_seq"
)


class EventMessage(msgspec.Struct, frozen=True):
    """What a client receives for one event (and what the event table stores)."""

    scope: str
    seq: int
    type: str
    data: msgspec.Raw
    at: str


def encode_event(scope: str, seq: int, type_: str, data_json: str, at: datetime) -> bytes:
    """The wire bytes of one event; the JSON payload is embedded as stored, never re-encoded."""
    return msgspec.json.encode(
        EventMessage(scope=scope, seq=seq, type=type_, data=msgspec.Raw(data_json.encode()), at=at.isoformat())
    )


class UnitOfWork:
    """Collects the events of one write transaction so they are published only after commit."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, int, bytes]] = []

    async def emit(self, scope: str, type_: str, data: Any) -> int:
        """Write an event row with the scope's next seq; returns that seq."""
        rows = await EventScope.raw(_NEXT_SEQ_SQL, scope)
        seq = int(rows[0]["last_seq"])
        data_json = msgspec.json.encode(data).decode()
        at = datetime.now(tz=UTC)
        await Event.insert(Event(scope=scope, seq=seq, type=type_, data=data_json, created_at=at))
        self.pending.append((scope, seq, encode_event(scope, seq, type_, data_json, at)))
        return seq


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[UnitOfWork]:
    """One write transaction with its events; publishing happens after a successful commit."""
    uow = UnitOfWork()
    async with write_transaction():
        yield uow
    publisher.publish_events(uow.pending)


async def last_seq(scope: str) -> int:
    row = await EventScope.select(EventScope.last_seq).where(EventScope.scope == scope).first()
    return int(row["last_seq"]) if row else 0


async def events_after(scope: str, since: int, limit: int) -> list[bytes]:
    """Stored events of a scope with seq > since, oldest first, as wire bytes."""
    rows = (
        await Event.select(Event.seq, Event.type, Event.data, Event.created_at)
        .where((Event.scope == scope) & (Event.seq > since))
        .order_by(Event.seq)
        .limit(limit)
    )
    return [encode_event(scope, r["seq"], r["type"], r["data"], r["created_at"]) for r in rows]
