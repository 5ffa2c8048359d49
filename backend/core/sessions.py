"""Login sessions: Litestar server-side sessions that store nothing for visitors without one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.types import Message, ScopeSession

__all__ = ["LoginSessionConfig"]


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
