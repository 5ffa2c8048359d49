"""One subscription per scope and process, fanned out to that process's sockets.

The hub keeps the scope's seq, fills gaps from the event table (a lost or reordered publish),
coalesces tally events (absolute totals) into at most one `tallies` message per interval,
serialises every message once, and offers the same text to every listener's bounded queue.
A listener whose queue overflows is marked lagging and is sent a fresh snapshot instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from backend.realtime.events import events_after, last_seq
from backend.realtime.publisher import channel_name

if TYPE_CHECKING:
    from litestar.channels import ChannelsPlugin

__all__ = ["SNAPSHOT", "TALLY_TYPES", "Hub", "Listener", "get_hub"]

logger = logging.getLogger(__name__)

# Event types that carry an absolute total per idea; only the newest per idea matters.
TALLY_TYPES = frozenset({"vote.changed", "dots.changed"})
TALLY_INTERVAL_S = float(os.environ.get("TALLY_INTERVAL_MS", "100")) / 1000
RESYNC_INTERVAL_S = 2.0  # safety net: look for events whose publish was lost
LISTENER_QUEUE = 256
SNAPSHOT = -1  # queue marker: send the listener a snapshot


class _Event(msgspec.Struct):
    seq: int
    type: str
    data: msgspec.Raw
    at: str


class _IdeaKey(msgspec.Struct):
    idea_id: int


class _Tallies(msgspec.Struct):
    scope: str
    seq: int
    type: str
    data: dict[str, list[msgspec.Raw]]
    at: str


_decode_event = msgspec.json.Decoder(_Event).decode
_decode_key = msgspec.json.Decoder(_IdeaKey).decode
_encode = msgspec.json.Encoder().encode


class Listener:
    """One socket's bounded queue of (seq, text).

    While the socket is idle and caught up, its stream sets `direct`: the hub then hands a message straight
    to the socket instead of queueing it and waking the socket's send task (one task switch per socket and
    message was most of the cost of a broadcast). `direct` returns False when the message must be queued.
    """

    def __init__(self, maxsize: int = LISTENER_QUEUE) -> None:
        self.queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue(maxsize)
        self.lagging = False
        self.direct: Callable[[int, str], bool] | None = None

    def offer(self, seq: int, text: str) -> None:
        if self.lagging:
            return
        if self.direct is not None and self.direct(seq, text):
            return
        try:
            self.queue.put_nowait((seq, text))
        except asyncio.QueueFull:
            self.lagging = True  # drop the backlog: a snapshot replaces it
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait((SNAPSHOT, ""))


class Hub:
    def __init__(self, scope: str, channels: ChannelsPlugin) -> None:
        self.scope = scope
        self.channels = channels
        self.listeners: set[Listener] = set()
        self.seq = 0
        self._pending: dict[int, msgspec.Raw] = {}
        self._pending_seq = 0
        self._pending_at = ""
        self._last_flush = 0.0
        self._flush_handle: asyncio.TimerHandle | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()  # serialises delivery and gap filling

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"hub:{self.scope}")
        await self._ready.wait()

    def stop(self) -> None:
        if self._flush_handle:
            self._flush_handle.cancel()
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        async with self.channels.start_subscription([channel_name(self.scope)]) as subscriber:
            self.seq = await last_seq(self.scope)
            self._ready.set()
            resync = asyncio.create_task(self._resync_loop())
            try:
                async for payload in subscriber.iter_events():
                    try:
                        await self.receive(payload)
                    except Exception:  # e.g. the database is briefly away during a gap fill; resync retries
                        logger.warning("hub %s could not process an event", self.scope, exc_info=True)
            finally:
                resync.cancel()

    async def _resync_loop(self) -> None:
        while True:
            await asyncio.sleep(RESYNC_INTERVAL_S)
            try:
                if await last_seq(self.scope) > self.seq:
                    async with self._lock:
                        await self._fill_gap(None)
            except Exception:  # database briefly unavailable: try again next round
                logger.warning("hub %s resync failed", self.scope, exc_info=True)

    async def receive(self, payload: bytes) -> None:
        event = _decode_event(payload)
        if event.seq <= self.seq:
            return
        async with self._lock:
            if event.seq <= self.seq:
                return
            if event.seq > self.seq + 1:
                await self._fill_gap(event.seq)
                if event.seq <= self.seq:
                    return
                if event.seq > self.seq + 1:
                    # committed events are always in the table; this one is not (a stale publish from
                    # another database, or a scope whose history was reset): the table is the truth
                    logger.warning("hub %s dropped seq %s not found in the event table", self.scope, event.seq)
                    return
            self._process(event, payload)

    async def _fill_gap(self, upto: int | None) -> None:
        while upto is None or self.seq < upto:
            batch = await events_after(self.scope, self.seq, 500)
            for payload in batch:
                event = _decode_event(payload)
                if event.seq > self.seq:
                    self._process(event, payload)
            if len(batch) < 500:
                return

    def _process(self, event: _Event, payload: bytes) -> None:
        self.seq = event.seq
        if event.type in TALLY_TYPES:
            self._pending[_decode_key(event.data).idea_id] = event.data
            self._pending_seq = event.seq
            self._pending_at = event.at
            self._schedule_flush()
        else:
            self.flush()  # tallies before this event keep their place in the order
            self._broadcast(event.seq, payload.decode())

    def _schedule_flush(self) -> None:
        loop = asyncio.get_running_loop()
        due = self._last_flush + TALLY_INTERVAL_S
        if loop.time() >= due:
            self.flush()
        elif self._flush_handle is None:
            self._flush_handle = loop.call_at(due, self.flush)

    def flush(self) -> None:
        if self._flush_handle:
            self._flush_handle.cancel()
            self._flush_handle = None
        if not self._pending:
            return
        message = _Tallies(
            scope=self.scope,
            seq=self._pending_seq,
            type="tallies",
            data={"items": list(self._pending.values())},
            at=self._pending_at,
        )
        self._pending.clear()
        self._last_flush = asyncio.get_running_loop().time()
        self._broadcast(message.seq, _encode(message).decode())

    def _broadcast(self, seq: int, text: str) -> None:
        for listener in self.listeners:
            listener.offer(seq, text)


_hubs: dict[tuple[int, str], Hub] = {}
_starting: dict[tuple[int, str], asyncio.Future[Hub]] = {}


async def get_hub(scope: str, channels: ChannelsPlugin) -> Hub:
    """The process's hub for a scope, started on first use."""
    key = (id(channels), scope)
    if key in _hubs:
        return _hubs[key]
    if key in _starting:
        return await asyncio.shield(_starting[key])
    future: asyncio.Future[Hub] = asyncio.get_running_loop().create_future()
    _starting[key] = future
    try:
        hub = Hub(scope, channels)
        await hub.start()
        _hubs[key] = hub
        future.set_result(hub)
        return hub
    except BaseException as exc:
        future.set_exception(exc)
        future.exception()  # mark retrieved
        raise
    finally:
        del _starting[key]


def release(hub: Hub, listener: Listener) -> None:
    """Detach a listener; the hub stops with its last listener."""
    hub.listeners.discard(listener)
    if not hub.listeners:
        key = (id(hub.channels), hub.scope)
        if _hubs.get(key) is hub:
            del _hubs[key]
        hub.stop()


def stop_all() -> None:
    for hub in list(_hubs.values()):
        hub.stop()
    _hubs.clear()
