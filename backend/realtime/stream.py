"""A socket following one scope: attach to the hub first, then replay from the table (or send a
snapshot), then live messages, skipping any seq already sent. No event can slip in between."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import suppress
from typing import TYPE_CHECKING, Any, cast

import msgspec
from litestar.exceptions import WebSocketDisconnect

from backend.core.origin import origin_allowed
from backend.realtime.events import events_after, last_seq
from backend.realtime.hub import SNAPSHOT, Listener, get_hub, release

if TYPE_CHECKING:
    from litestar import WebSocket
    from litestar.channels import ChannelsPlugin

    from backend.core.actor import Actor

__all__ = [
    "MAX_REPLAY",
    "State",
    "follow_scope",
    "register_snapshot",
    "registered_state",
    "serve_socket",
    "snapshot_message",
]

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


async def snapshot_message(scope: str, state: State, seq: int | None = None) -> tuple[int, str]:
    """The scope's state with the seq it reflects. The seq is read first (or passed in, read just before),
    so events after it are at most re-applied (they carry absolute values or ids), never missed."""
    if seq is None:
        seq = await last_seq(scope)
    data = await state()
    return seq, msgspec.json.encode({"scope": scope, "seq": seq, "type": "snapshot", "data": data}).decode()


async def serve_socket(
    socket: WebSocket,
    channels: ChannelsPlugin,
    scope: str,
    since: int | None,
    state: State,
    *,
    allowed: Callable[[], Awaitable[bool]],
) -> None:
    """The one way a socket starts following a scope: Origin check, permission check, accept, follow.
    Refused sockets are closed before the handshake completes (the client sees HTTP 403)."""
    if not origin_allowed(socket):
        await socket.close(code=1008, reason="origin not allowed")
        return
    if not await allowed():
        await socket.close(code=1008, reason="forbidden")
        return
    await socket.accept()
    await follow_scope(socket, channels, scope, since, state)


async def follow_scope(
    socket: WebSocket, channels: ChannelsPlugin, scope: str, since: int | None, state: State
) -> None:
    hub = await get_hub(scope, channels)
    listener = Listener()
    hub.listeners.add(listener)
    out: _Sender | None = None
    try:
        current = await last_seq(scope)
        if since is None or since > current or current - since > MAX_REPLAY:
            sent, text = await snapshot_message(scope, state, current)
            await socket.send_text(text)
        else:
            sent = await _catch_up(socket, scope, since)
        out = _Sender(socket, listener, sent)
        sender = asyncio.create_task(_send_loop(out, scope, state))
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
        listener.direct = None
        release(hub, listener)
        if out is not None:
            out.cancel()


class _Sender:
    """Sends one socket's live messages in seq order, skipping what the replay or snapshot covered.

    `direct` is the hub's fast path (see Listener): it runs the ASGI send right away, outside any task.
    It normally completes without waiting; if the socket pushes back (transport paused), the rest of
    that send finishes in a task and the fast path is switched off, so later messages queue behind it.
    """

    def __init__(self, socket: WebSocket, listener: Listener, sent: int) -> None:
        self.asgi_send = socket.send
        self.listener = listener
        self.sent = sent
        self.pending: asyncio.Future[None] | None = None

    def direct(self, seq: int, text: str) -> bool:
        if seq <= self.sent:
            return True
        coro = cast("Coroutine[Any, Any, None]", self.asgi_send(_send_event(text)))
        try:
            waiting = coro.send(None)
        except StopIteration:
            self.sent = seq
            return True
        except Exception:  # closed or failing socket: the send task meets the same error and ends the stream
            self.listener.direct = None
            return False
        self.sent = seq
        self.listener.direct = None
        self.pending = asyncio.ensure_future(_finish(coro, waiting))
        return True

    async def send(self, seq: int, text: str) -> None:
        await self.asgi_send(_send_event(text))
        self.sent = seq

    async def drain(self) -> None:
        """Wait for a fast-path send that had to wait for the socket."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            await pending

    def cancel(self) -> None:
        if self.pending is None:
            return
        if not self.pending.done():
            self.pending.cancel()
        elif not self.pending.cancelled():
            self.pending.exception()  # retrieved: the socket is gone either way


def _send_event(text: str) -> dict[str, Any]:
    """The ASGI event WebSocket.send_text builds; sent through the socket's own (wrapped) send."""
    return {"type": "websocket.send", "bytes": None, "text": text}


async def _finish(coro: Coroutine[Any, Any, None], waiting: Any) -> None:
    """Drive a coroutine that suspended outside a task on `waiting` to its end, as a task would."""
    while True:
        if asyncio.isfuture(waiting):
            waiting._asyncio_future_blocking = False  # taken over, as Task.__step does before waiting on it
        with suppress(Exception, asyncio.CancelledError):  # the coroutine meets the outcome when resumed
            await (waiting if asyncio.isfuture(waiting) else asyncio.sleep(0))
        try:
            waiting = coro.send(None)
        except StopIteration:
            return


async def _send_loop(out: _Sender, scope: str, state: State) -> None:
    listener = out.listener
    while True:
        if listener.queue.empty():  # idle and caught up: the hub may send directly meanwhile
            listener.direct = out.direct
            try:
                seq, text = await listener.queue.get()
            finally:
                listener.direct = None
        else:
            seq, text = listener.queue.get_nowait()
        await out.drain()
        if seq == SNAPSHOT:
            snapshot_seq, text = await snapshot_message(scope, state)
            listener.lagging = False
            await out.send(snapshot_seq, text)
            continue
        if seq <= out.sent:
            continue  # already part of the replay or snapshot
        await out.send(seq, text)


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
