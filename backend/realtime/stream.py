"""A socket following one scope: subscribe first, then replay from the table, then live, no gaps."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import msgspec
from litestar.exceptions import WebSocketDisconnect

from backend.realtime.events import events_after, last_seq
from backend.realtime.publisher import channel_name

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    from litestar import WebSocket
    from litestar.channels import ChannelsPlugin

    from backend.core.actor import Actor

__all__ = ["MAX_REPLAY", "follow_scope", "register_snapshot"]

logger = logging.getLogger(__name__)

MAX_REPLAY = 1000  # a client further behind than this gets a snapshot instead of a backlog


class _Seq(msgspec.Struct):
    seq: int


_decode_seq = msgspec.json.Decoder(_Seq).decode
_snapshots: dict[str, Callable[[Actor, int], Awaitable[dict[str, Any]]]] = {}


def register_snapshot(kind: str, builder: Callable[[Actor, int], Awaitable[dict[str, Any]]]) -> None:
    """A domain's snapshot of a scope (e.g. everything a workshop projector shows)."""
    _snapshots[kind] = builder


async def _snapshot(actor: Actor, scope: str) -> bytes:
    seq = await last_seq(scope)
    kind, _, raw_id = scope.partition(":")
    builder = _snapshots.get(kind)
    state = await builder(actor, int(raw_id)) if builder and raw_id else None
    return msgspec.json.encode({"scope": scope, "seq": seq, "type": "snapshot", "data": state})


async def follow_scope(
    socket: WebSocket, channels: ChannelsPlugin, actor: Actor, scope: str, since: int | None
) -> None:
    """Send the events of `scope` after `since` (or a snapshot), then live events in seq order."""
    async with channels.start_subscription([channel_name(scope)]) as subscriber:
        sent = since if since is not None else -1
        current = await last_seq(scope)
        if since is None or since > current or current - since > MAX_REPLAY:
            payload = await _snapshot(actor, scope)
            sent = _decode_seq(payload).seq
            await socket.send_bytes(payload)
        else:
            sent = await _catch_up(socket, scope, sent)

        sender = asyncio.create_task(_forward(socket, subscriber.iter_events(), scope, sent))
        receiver = asyncio.create_task(_drain_client(socket))
        done, pending = await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        for task in done:
            if not task.cancelled() and (exc := task.exception()) and not isinstance(exc, _CLOSED):
                logger.warning("stream of %s ended: %r", scope, exc)


_CLOSED = (WebSocketDisconnect, RuntimeError, ConnectionError)


async def _forward(socket: WebSocket, events: AsyncIterator[bytes], scope: str, sent: int) -> None:
    async for payload in events:
        seq = _decode_seq(payload).seq
        if seq <= sent:
            continue  # already sent by the replay
        if seq > sent + 1:
            sent = await _catch_up(socket, scope, sent)  # a publish got lost: fill from the table
            if seq <= sent:
                continue
        await socket.send_bytes(payload)
        sent = seq


async def _catch_up(socket: WebSocket, scope: str, sent: int) -> int:
    while True:
        batch = await events_after(scope, sent, 200)
        for payload in batch:
            await socket.send_bytes(payload)
        if batch:
            sent = _decode_seq(batch[-1]).seq
        if len(batch) < 200:
            return sent


async def _drain_client(socket: WebSocket) -> None:
    """Read (and ignore) what the client sends, so a disconnect ends the stream."""
    with suppress(WebSocketDisconnect, RuntimeError):
        while True:
            await socket.receive_data(mode="text")
