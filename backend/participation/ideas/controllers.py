from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from backend.core.actor import Actor
from backend.core.schemas import Page
from backend.participation.ideas.schemas import IdeaCreate, IdeaOut, IdeaStatusChange, OfficialResponseIn
from backend.participation.ideas.services import IdeaFilters, IdeaService, provide_idea_service
from backend.participation.moderation.services import ModerationService, provide_moderation_service

__all__ = ["IdeaController"]

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        max_length=64,
        description="Vom Gerät erzeugter Schlüssel: eine Wiederholung legt nichts doppelt an",
    ),
]


class IdeaController(Controller):
    path = "/api/ideas"
    tags = ["Ideen / Ideas"]
    dependencies = {
        "ideas": Provide(provide_idea_service, sync_to_thread=False),
        "moderation": Provide(provide_moderation_service, sync_to_thread=False),
    }

    @get("/", summary="Ideen suchen und filtern / List ideas")
    async def list_ideas(
        self,
        actor: NamedDependency[Actor],
        ideas: NamedDependency[IdeaService],
        action_field: Annotated[str | None, QueryParameter(max_length=64)] = None,
        municipality: Annotated[str | None, QueryParameter(max_length=64)] = None,
        status: FromQuery[Literal["pending", "published", "rejected", "hidden"] | None] = None,
        official_status: FromQuery[
            Literal["new", "under_consideration", "accepted", "rejected", "implemented"] | None
        ] = None,
        q: Annotated[str | None, QueryParameter(max_length=200, description="Suche in Titel und Text")] = None,
        mine: Annotated[bool, QueryParameter(description="Nur eigene Beiträge, in jedem Status")] = False,
        sort: FromQuery[Literal["newest", "oldest", "votes", "comments"]] = "newest",
        page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
        page_size: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
    ) -> Page[IdeaOut]:
        filters = IdeaFilters(
            action_field=action_field,
            municipality=municipality,
            status=status,
            official_status=official_status,
            q=(q or "").strip() or None,
            mine=mine,
            sort=sort,
            page=page,
            page_size=page_size,
        )
        return await ideas.list(actor, filters)

    @post("/", status_code=HTTP_201_CREATED, summary="Idee einreichen / Submit an idea")
    async def submit_idea(
        self,
        actor: NamedDependency[Actor],
        ideas: NamedDependency[IdeaService],
        data: JSONBody[IdeaCreate],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[IdeaOut]:
        idea, created = await ideas.submit(actor, data, idempotency_key)
        return Response(idea, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/{idea_id:int}", summary="Eine Idee / One idea")
    async def get_idea(
        self, actor: NamedDependency[Actor], ideas: NamedDependency[IdeaService], idea_id: FromPath[int]
    ) -> IdeaOut:
        return await ideas.get(actor, idea_id)

    @post("/{idea_id:int}/official-response", status_code=HTTP_200_OK, summary="Offizielle Antwort / Respond")
    async def respond(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        idea_id: FromPath[int],
        data: JSONBody[OfficialResponseIn],
    ) -> IdeaOut:
        return await moderation.respond(actor, idea_id, data)

    @patch("/{idea_id:int}/status", summary="Status setzen (Moderation) / Set status (moderators)")
    async def set_status(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        idea_id: FromPath[int],
        data: JSONBody[IdeaStatusChange],
    ) -> IdeaOut:
        return await moderation.set_idea_status(actor, idea_id, data.status, data.reason)
