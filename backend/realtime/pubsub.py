"""The channels backend: in-process by default, Redis pub/sub when REDIS_URL is set."""

from __future__ import annotations

import asyncio
import logging

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from redis.asyncio import Redis

from backend.core.settings import Settings
from backend.realtime.redis_backend import ResilientRedisBackend

__all__ = ["make_channels_plugin", "pubsub_status"]

logger = logging.getLogger(__name__)


def make_channels_plugin(settings: Settings, redis: Redis | None) -> ChannelsPlugin:
    backend = ResilientRedisBackend(redis) if redis is not None else MemoryChannelsBackend()
    return ChannelsPlugin(
        backend=backend,
        arbitrary_channels_allowed=True,
        subscriber_max_backlog=1000,
        # "backoff" drops the newest message for a full subscriber; the socket refills the gap from
        # the event table when the next event arrives ("dropleft" leaks subscribers, see docs).
        subscriber_backlog_strategy="backoff",
    )


async def pubsub_status(channels: ChannelsPlugin) -> str:
    """'memory' (single process), 'ok' (Redis answers) or 'degraded'."""
    backend = channels._backend  # the plugin does not expose it publicly
    if isinstance(backend, MemoryChannelsBackend):
        return "memory"
    if not isinstance(backend, ResilientRedisBackend):
        return "unknown"
    if backend.wanted and not backend.connected:
        return "degraded"
    redis = backend._redis
    try:
        async with asyncio.timeout(1):
            await redis.ping()
    except Exception:  # Redis unreachable or slow: live updates degrade, writes still commit
        return "degraded"
    return "ok"
