"""A socket following one scope: attach to the hub first, then replay from the table (or send a
snapshot), then live messages, skipping any seq already sent. No event can slip in between."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import msgspec
from litestar.exceptions import WebSocketDisconnect

from backend.realtime.events import events_after, last_seq
from backend.realtime.hub import SNAPSHOT, Listener, get_hub, release

if TYPE_CHECKING:
    from litestar import WebSocket
    from litestar.channels import ChannelsPlugin

    from backend.core.actor import Actor

__all__ = ["MAX_REPLAY", "State", "follow_scope", "register_snapshot", "registered_state", "snapshot_message"]

logger = logging.getLogger(__name__)

MAX_REPLAY = 1000  # a client further behind than this gets a snapshot instead of a backlog
_CLOSED = (WebSocketDisconnect, RuntimeError, ConnectionError)

_snapshots: dict[str, Callable[[Actor, int], Awaitable[Any]]] = {}
State = Callable[[], Awaitable[Any]]  # builds the snapshot data of one socket


class _Seq(msgspec.Struct):
    seq: int


_decode_seq = msgspec.json.Decoder(_Seq).decode


def register_snapshot(kind: str, builder: Callable[[Actor, int], Awaitable[Any]]) -> None:
    """A domain's snapshot of a scope kind (e.g. everything a workshop projector shows)."""
    _snapshots[kind] = builder


def registered_state(actor: Actor, scope: str) -> State:
    """The registered snapshot builder of the scope's kind, bound to this actor (None if there is none)."""
    kind, _, raw_id = scope.partition(":")
    builder = _snapshots.get(kind)

    async def state() -> Any:
        return await builder(actor, int(raw_id)) if builder and raw_id else None

    return state


async def snapshot_message(scope: str, state: State) -> tuple[int, str]:
    """The scope's state with the seq it reflects. The seq is read first, so events after it are
    at most re-applied (they carry absolute values or ids), never missed."""
    seq = await last_seq(scope)
    data = await state()
    return seq, msgspec.json.encode({"scope": scope, "seq": seq, "type": "snapshot", "data": data}).decode()


async def follow_scope(
    socket: WebSocket, channels: ChannelsPlugin, scope: str, since: int | None, state: State
) -> None:
    hub = await get_hub(scope, channels)
    listener = Listener()
    hub.listeners.add(listener)
    try:
        current = await last_seq(scope)
        if since is None or since > current or current - since > MAX_REPLAY:
            sent, text = await snapshot_message(scope, state)
            await socket.send_text(text)
        else:
            sent = await _catch_up(socket, scope, since)
        sender = asyncio.create_task(_send_loop(socket, listener, scope, sent, state))
        receiver = asyncio.create_task(_drain_client(socket))
        done, pending = await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        for task in done:
            if not task.cancelled() and (exc := task.exception()) and not isinstance(exc, _CLOSED):
                logger.warning("stream of %s ended: %r", scope, exc)
    finally:
        release(hub, listener)


async def _send_loop(socket: WebSocket, listener: Listener, scope: str, sent: int, state: State) -> None:
    while True:
        seq, text = await listener.queue.get()
        if seq == SNAPSHOT:
            sent, text = await snapshot_message(scope, state)
            listener.lagging = False
            await socket.send_text(text)
            continue
        if seq <= sent:
            continue  # already part of the replay or snapshot
        await socket.send_text(text)
        sent = seq


async def _catch_up(socket: WebSocket, scope: str, sent: int) -> int:
    while True:
        batch = await events_after(scope, sent, 200)
        for payload in batch:
            await socket.send_text(payload.decode())
        if batch:
            sent = _decode_seq(batch[-1]).seq
        if len(batch) < 200:
            return sent


async def _drain_client(socket: WebSocket) -> None:
    """Read what the client sends (pings from the app, nothing else), so a disconnect ends the stream."""
    while True:
        await socket.receive_data(mode="text")
