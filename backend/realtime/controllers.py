from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, WebSocket, get, websocket
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from backend.core.actor import Actor
from backend.core.errors import Forbidden
from backend.realtime.events import events_after
from backend.realtime.permissions import SCOPE_PATTERN, can_read_scope
from backend.realtime.stream import registered_state, serve_socket

__all__ = ["EventController"]

Scope = Annotated[str, QueryParameter(name="scope", pattern=SCOPE_PATTERN, max_length=64, description="z. B. field:3")]


class EventController(Controller):
    path = "/api/events"
    tags = ["Live-Ereignisse / Events"]

    @get(
        "/",
        summary="Ereignisse nach einer Sequenznummer / Events after a seq",
        description="Fills a gap a client noticed in `seq`. Same JSON objects as the WebSocket sends.",
    )
    async def list_events(
        self,
        actor: NamedDependency[Actor],
        event_scope: Scope,
        since: Annotated[int, QueryParameter(ge=0)] = 0,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 200,
    ) -> Response[bytes]:
        if not await can_read_scope(actor, event_scope):
            raise Forbidden("Diese Ereignisse dürfen Sie nicht sehen.")
        events = await events_after(event_scope, since, limit)
        return Response(b"[" + b",".join(events) + b"]", media_type="application/json")

    @websocket("/ws")
    async def follow(
        self,
        socket: WebSocket,
        actor: NamedDependency[Actor],
        channels: NamedDependency[ChannelsPlugin],
        event_scope: Scope,
        since: Annotated[int | None, QueryParameter(ge=0)] = None,
    ) -> None:
        async def allowed() -> bool:
            return await can_read_scope(actor, event_scope)

        await serve_socket(socket, channels, event_scope, since, registered_state(actor, event_scope), allowed=allowed)
