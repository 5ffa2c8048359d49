from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, WebSocket, get, patch, post, put, websocket
from litestar.channels import ChannelsPlugin
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from backend.core.actor import Actor
from backend.core.settings import get_settings
from backend.participation.ideas.controllers import IdempotencyKey
from backend.participation.workshops import permissions
from backend.participation.workshops.participants import (
    PARTICIPANT_COOKIE_MAX_AGE,
    Participant,
    load_participant,
    participant_cookie,
)
from backend.participation.workshops.queries import workshop_scope
from backend.participation.workshops.schemas import (
    DotsIn,
    DotsOut,
    FocusIn,
    JoinIn,
    JoinOut,
    ParticipantOut,
    PhaseIn,
    TimerIn,
    WorkshopCreate,
    WorkshopIdeaIn,
    WorkshopIdeaOut,
    WorkshopOut,
    WorkshopSnapshot,
    WorkshopUpdate,
)
from backend.participation.workshops.services import WorkshopService, provide_workshop_service
from backend.realtime.stream import serve_socket

__all__ = ["WorkshopController"]

Since = Annotated[int | None, QueryParameter(ge=0, description="letzte empfangene Sequenznummer")]


async def provide_participant(request: ASGIConnection[Any, Any, Any, Any]) -> Participant | None:
    """The phone's participant in the workshop of the path (from its per-workshop cookie)."""
    workshop_id = int(request.path_params.get("workshop_id", 0))
    return await load_participant(workshop_id, request.cookies.get(participant_cookie(workshop_id)))


async def _anyone() -> bool:
    return True


class WorkshopController(Controller):
    path = "/api/workshops"
    tags = ["Bürgerwerkstätten / Workshops"]
    dependencies = {
        "workshops": Provide(provide_workshop_service, sync_to_thread=False),
        "participant": Provide(provide_participant),
    }

    @post("/", status_code=HTTP_201_CREATED, summary="Werkstatt anlegen (Team) / Create a workshop (staff)")
    async def create_workshop(
        self, actor: NamedDependency[Actor], workshops: NamedDependency[WorkshopService], data: JSONBody[WorkshopCreate]
    ) -> WorkshopOut:
        return await workshops.create(actor, data)

    @get("/", summary="Werkstätten (Team) / List workshops (staff)")
    async def list_workshops(
        self, actor: NamedDependency[Actor], workshops: NamedDependency[WorkshopService]
    ) -> list[WorkshopOut]:
        return await workshops.list(actor)

    @get("/code/{code:str}", summary="Werkstatt zu einem Code / Look up a join code")
    async def by_code(self, workshops: NamedDependency[WorkshopService], code: FromPath[str]) -> WorkshopOut:
        return await workshops.by_code(code)

    @post(
        "/join",
        status_code=HTTP_200_OK,
        summary="Mit Code beitreten / Join with a code",
        description="Creates a pseudonymous participant and sets an HttpOnly cookie; the same phone rejoining "
        "stays the same participant.",
    )
    async def join(
        self, request: Request[Any, Any, Any], workshops: NamedDependency[WorkshopService], data: JSONBody[JoinIn]
    ) -> Response[JoinOut]:
        joined, token = await workshops.join(data, request.cookies)
        cookies = []
        if token:
            cookies.append(
                Cookie(
                    key=participant_cookie(joined.workshop.id),
                    value=token,
                    httponly=True,
                    samesite="lax",
                    secure=get_settings().app.secure_cookies,
                    max_age=PARTICIPANT_COOKIE_MAX_AGE,
                    path="/",
                )
            )
        return Response(joined, cookies=cookies)

    @get("/{workshop_id:int}", summary="Eine Werkstatt / One workshop")
    async def get_workshop(
        self, workshops: NamedDependency[WorkshopService], workshop_id: FromPath[int]
    ) -> WorkshopOut:
        return await workshops.get(workshop_id)

    @patch("/{workshop_id:int}", summary="Einstellungen ändern / Update settings (facilitator)")
    async def update_workshop(
        self,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        workshop_id: FromPath[int],
        data: JSONBody[WorkshopUpdate],
    ) -> WorkshopOut:
        return await workshops.update(actor, workshop_id, data)

    @get("/{workshop_id:int}/me", summary="Eigener Stand (Punkte) / My participant state")
    async def me(
        self,
        workshops: NamedDependency[WorkshopService],
        participant: NamedDependency[Participant | None],
        workshop_id: FromPath[int],
    ) -> ParticipantOut:
        return await workshops.me(workshop_id, participant)

    @get("/{workshop_id:int}/snapshot", summary="Gesamtstand für Handy und Beamer / Full state")
    async def snapshot(
        self,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        participant: NamedDependency[Participant | None],
        workshop_id: FromPath[int],
    ) -> WorkshopSnapshot:
        return await workshops.snapshot_for(actor, participant, workshop_id)

    @get("/{workshop_id:int}/qr.svg", summary="QR-Code zum Beitreten / Join QR code (SVG)", media_type="image/svg+xml")
    async def qr_code(self, workshops: NamedDependency[WorkshopService], workshop_id: FromPath[int]) -> str:
        return await workshops.qr_svg_for(workshop_id)

    @post("/{workshop_id:int}/ideas", status_code=HTTP_201_CREATED, summary="Idee einbringen / Add an idea")
    async def add_idea(
        self,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        participant: NamedDependency[Participant | None],
        workshop_id: FromPath[int],
        data: JSONBody[WorkshopIdeaIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[WorkshopIdeaOut]:
        idea, created = await workshops.add_idea(actor, participant, workshop_id, data, idempotency_key)
        return Response(idea, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @put(
        "/{workshop_id:int}/dots/{idea_id:int}",
        summary="Punkte setzen / Set my dots on an idea",
        description="Absolute: sending the same value again changes nothing. 409 outside the voting phase, "
        "422 over the budget or the per-idea maximum.",
    )
    async def set_dots(
        self,
        workshops: NamedDependency[WorkshopService],
        participant: NamedDependency[Participant | None],
        workshop_id: FromPath[int],
        idea_id: FromPath[int],
        data: JSONBody[DotsIn],
    ) -> DotsOut:
        return await workshops.set_dots(participant, workshop_id, idea_id, data.points)

    @post("/{workshop_id:int}/phase", status_code=HTTP_200_OK, summary="Phase wechseln / Change phase")
    async def set_phase(
        self,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        workshop_id: FromPath[int],
        data: JSONBody[PhaseIn],
    ) -> WorkshopOut:
        return await workshops.set_phase(actor, workshop_id, data.phase)

    @post("/{workshop_id:int}/timer", status_code=HTTP_200_OK, summary="Countdown setzen / Set the countdown")
    async def set_timer(
        self,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        workshop_id: FromPath[int],
        data: JSONBody[TimerIn],
    ) -> WorkshopOut:
        return await workshops.set_timer(actor, workshop_id, data.seconds)

    @post("/{workshop_id:int}/focus", status_code=HTTP_200_OK, summary="Idee hervorheben / Focus an idea")
    async def set_focus(
        self,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        workshop_id: FromPath[int],
        data: JSONBody[FocusIn],
    ) -> WorkshopOut:
        return await workshops.set_focus(actor, workshop_id, data.idea_id)

    @websocket("/{workshop_id:int}/ws")
    async def participant_socket(
        self,
        socket: WebSocket,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        participant: NamedDependency[Participant | None],
        channels: NamedDependency[ChannelsPlugin],
        workshop_id: FromPath[int],
        since: Since = None,
    ) -> None:
        """Live events of a workshop for phones (snapshot includes the phone's own dots)."""
        await workshops.get(workshop_id)  # 404 for an unknown workshop

        async def state() -> Any:
            return await workshops.snapshot_for(actor, participant, workshop_id)

        await serve_socket(socket, channels, workshop_scope(workshop_id), since, state, allowed=_anyone)

    @websocket("/{workshop_id:int}/projector/ws")
    async def projector_socket(
        self,
        socket: WebSocket,
        actor: NamedDependency[Actor],
        workshops: NamedDependency[WorkshopService],
        channels: NamedDependency[ChannelsPlugin],
        workshop_id: FromPath[int],
        since: Since = None,
    ) -> None:
        """Live events for the projector and the facilitator (logged-in staff or the workshop's creator)."""

        async def allowed() -> bool:
            return permissions.can_facilitate(actor, await workshops.row(workshop_id))

        async def state() -> Any:
            return await workshops.snapshot(workshop_id, facilitator=True)

        await serve_socket(socket, channels, workshop_scope(workshop_id), since, state, allowed=allowed)
