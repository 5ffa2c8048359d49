"""Origin check for WebSockets: browsers send Origin; only our own pages may open sockets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.core.settings import get_settings

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection

__all__ = ["origin_allowed"]


def origin_allowed(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """No Origin (non-browser clients) passes; a browser Origin must match our host or PUBLIC_ORIGIN."""
    origin = connection.headers.get("origin")
    if not origin:
        return True
    public = get_settings().app.public_origin.rstrip("/")
    if public and origin == public:
        return True
    host = connection.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")
