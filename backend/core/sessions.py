"""Login sessions: Litestar server-side sessions that store nothing for visitors without one."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from litestar.exceptions import ServiceUnavailableException
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.stores.redis import RedisStore
from redis.exceptions import RedisError

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.types import Message, ScopeSession

__all__ = ["LoginSessionConfig", "ResilientRedisStore"]

logger = logging.getLogger(__name__)


class _LazyBackend(ServerSideSessionBackend):
    """The stock backend stores an empty session (and sets a cookie) for every cookieless request."""

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        if not scope_session and not connection.cookies.get(self.config.key):
            return
        await super().store_in_message(scope_session, message, connection)


class LoginSessionConfig(ServerSideSessionConfig):
    _backend_class = _LazyBackend  # type: ignore[assignment]


class ResilientRedisStore(RedisStore):
    """A Redis store that degrades instead of failing (500) while Redis is unreachable: reads find nothing.
    Writes raise 503 for sessions (a login cannot be kept) or are dropped where losing them is harmless
    (`drop_failed_writes`, e.g. rate-limit counters: requests pass while Redis is away)."""

    def __init__(self, *args: Any, drop_failed_writes: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drop_failed_writes = drop_failed_writes

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        try:
            return await super().get(key, renew_for)
        except (RedisError, OSError):
            logger.warning("session store unavailable; treating request as logged out")
            return None

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        try:
            await super().set(key, value, expires_in)
        except (RedisError, OSError) as exc:
            if self.drop_failed_writes:
                logger.warning("store unavailable; write to %s dropped", self.namespace)
                return
            raise ServiceUnavailableException("Anmeldung ist gerade nicht möglich.") from exc

    async def delete(self, key: str) -> None:
        try:
            await super().delete(key)
        except (RedisError, OSError):
            logger.warning("session store unavailable; session %s… not deleted", key[:6])
