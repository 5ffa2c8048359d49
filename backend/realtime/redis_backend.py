"""Redis pub/sub for ChannelsPlugin that survives Redis restarts.

Litestar's RedisChannelsPubSubBackend lets its workers die on the first ConnectionError, which
silently ends live updates in that process. This backend remembers its channels, rebuilds the
PubSub connection with backoff, re-subscribes, and never lets publish() raise: the event table
holds the truth, and clients close any gap from it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, Iterable
from typing import TYPE_CHECKING, Any

from litestar.channels.backends.base import ChannelsBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub

__all__ = ["ResilientRedisBackend"]

logger = logging.getLogger(__name__)

_BROKEN = (RedisConnectionError, RedisTimeoutError, OSError, asyncio.TimeoutError)


class ResilientRedisBackend(ChannelsBackend):
    def __init__(self, redis: Redis, *, max_backoff_s: float = 2.0) -> None:
        self._redis = redis
        self._channels: set[str] = set()
        self._pubsub: PubSub | None = None
        self._wanted = asyncio.Event()  # set while at least one channel is wanted
        self._max_backoff = max_backoff_s
        self.connected = True  # last known state of the subscribe connection
        self.publish_failures = 0
        self.last_error_at: float | None = None

    @property
    def wanted(self) -> bool:
        """Whether this process follows any channel (only then does the subscriber connection matter)."""
        return bool(self._channels)

    async def on_startup(self) -> None:
        self._pubsub = self._redis.pubsub()

    async def on_shutdown(self) -> None:
        if self._pubsub is not None:
            try:
                await self._pubsub.aclose()
            except Exception:  # shutting down; nothing to recover
                logger.debug("pubsub close failed", exc_info=True)

    async def subscribe(self, channels: Iterable[str]) -> None:
        new = set(channels) - self._channels
        self._channels |= new
        if self._channels:
            self._wanted.set()
        if new and self._pubsub is not None:
            try:
                await self._pubsub.subscribe(*new)
            except _BROKEN:
                self._mark_broken("subscribe")  # stream_events re-subscribes once Redis is back

    async def unsubscribe(self, channels: Iterable[str]) -> None:
        gone = set(channels) & self._channels
        self._channels -= gone
        if not self._channels:
            self._wanted.clear()
        if gone and self._pubsub is not None:
            try:
                await self._pubsub.unsubscribe(*gone)
            except _BROKEN:
                self._mark_broken("unsubscribe")

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        """Best effort: a failure is counted and logged, never raised."""
        for channel in set(channels):
            try:
                await self._redis.publish(channel, data)
            except (*_BROKEN, RedisError):
                self.publish_failures += 1
                self._mark_broken("publish")

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        backoff = 0.05
        while True:
            await self._wanted.wait()
            try:
                if not self.connected:
                    await self._reconnect()
                    backoff = 0.05
                assert self._pubsub is not None
                message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            except _BROKEN:
                self._mark_broken("receive")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            if message is None or message.get("type") != "message":
                continue
            channel = message["channel"]
            channel = channel.decode() if isinstance(channel, bytes) else channel
            if channel in self._channels:
                yield channel, message["data"]

    async def _reconnect(self) -> None:
        old, self._pubsub = self._pubsub, self._redis.pubsub()
        if old is not None:
            try:
                await old.aclose()
            except Exception:  # the old connection is already broken
                logger.debug("closing broken pubsub failed", exc_info=True)
        if self._channels:
            await self._pubsub.subscribe(*self._channels)
        self.connected = True
        logger.warning("redis pub/sub reconnected; %d channels re-subscribed", len(self._channels))

    def _mark_broken(self, where: str) -> None:
        if self.connected:
            logger.warning("redis pub/sub unavailable (%s); live updates degrade until it returns", where)
        self.connected = False
        self.last_error_at = time.monotonic()

    async def get_history(self, channel: str, limit: int | None = None) -> list[bytes]:
        return []  # history lives in the event table
