from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency

from backend.core.db import ping
from backend.realtime.pubsub import pubsub_status

__all__ = ["health"]


@get("/health", tags=["Betrieb / Operations"], summary="Zustand / Health", opt={"exclude_from_csrf": True})
async def health(channels: NamedDependency[ChannelsPlugin]) -> Response[dict[str, Any]]:
    """200 when the database answers (pub/sub may be degraded), 503 when it does not."""
    database = await ping()
    pubsub = await pubsub_status(channels)
    body = {
        "status": "ok" if database and pubsub in ("ok", "memory") else ("degraded" if database else "unavailable"),
        "database": "ok" if database else "unavailable",
        "pubsub": pubsub,
    }
    return Response(body, status_code=200 if database else 503)
