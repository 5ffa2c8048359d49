"""Bürgerwerkstätten: create and run a workshop (phases, timer, focus), join by code, ideas, snapshots."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec
import segno

from backend.core.actor import Actor
from backend.core.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from backend.core.security import new_token
from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.schemas import FieldRef, IdeaOut, MunicipalityRef
from backend.participation.ideas.services import _to_out as idea_out
from backend.participation.ideas.services import announce_idea, load_idea, on_idea_status_changed
from backend.participation.ideas.tables import Idea
from backend.participation.municipalities.tables import Municipality
from backend.participation.workshops import permissions, voting
from backend.participation.workshops.participants import (
    Participant,
    create_participant,
    load_participant,
    participant_cookie,
    participant_out,
    update_participant,
)
from backend.participation.workshops.queries import (
    PUBLISHED,
    load_workshop_idea,
    pending_count,
    workshop_by_code,
    workshop_ideas,
    workshop_row,
    workshop_scope,
)
from backend.participation.workshops.schemas import (
    DotsOut,
    JoinIn,
    JoinOut,
    ParticipantOut,
    TableResult,
    WorkshopCreate,
    WorkshopIdeaIn,
    WorkshopIdeaOut,
    WorkshopOut,
    WorkshopSnapshot,
    WorkshopUpdate,
)
from backend.participation.workshops.tables import Workshop, WorkshopField, WorkshopIdea, WorkshopParticipant
from backend.realtime.events import unit_of_work
from backend.realtime.permissions import register_scope_reader
from backend.realtime.stream import register_snapshot

if TYPE_CHECKING:
    from collections.abc import Mapping

    from litestar.connection import ASGIConnection

    from backend.realtime.events import UnitOfWork

__all__ = ["CODE_ALPHABET", "WorkshopService", "provide_workshop_service"]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 6


def _require_facilitator(actor: Actor, workshop: dict[str, Any]) -> None:
    if not actor.is_authenticated:
        raise Unauthorized("Bitte melden Sie sich an.")
    if not permissions.can_facilitate(actor, workshop):
        raise Forbidden("Nur die Moderation der Werkstatt (Team) darf das.", code="not_facilitator")


def _require_open(workshop: dict[str, Any]) -> None:
    if workshop["phase"] == Workshop.Phase.closed.value:
        raise Conflict("Diese Bürgerwerkstatt ist beendet.", code="workshop_closed")


class WorkshopService:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def join_url(self, code: str) -> str:
        return f"{self.base_url}/werkstatt.html?code={code}"

    # ---- reading -------------------------------------------------------------------------------

    async def out(self, workshop: dict[str, Any]) -> WorkshopOut:
        fields = (
            await WorkshopField.select(
                WorkshopField.action_field.id.as_alias("id"),
                WorkshopField.action_field.slug.as_alias("slug"),
                WorkshopField.action_field.title.as_alias("title"),
            )
            .where(WorkshopField.workshop == workshop["id"])
            .order_by(WorkshopField.id)
        )
        count = await WorkshopParticipant.count().where(WorkshopParticipant.workshop == workshop["id"])
        municipality = None
        if workshop["municipality"]:
            m = await Municipality.select().where(Municipality.id == workshop["municipality"]).first()
            municipality = MunicipalityRef(slug=m["slug"], name=m["name"]) if m else None
        return WorkshopOut(
            id=workshop["id"],
            title=workshop["title"],
            code=workshop["code"],
            join_url=self.join_url(workshop["code"]),
            phase=workshop["phase"],
            venue=workshop["venue"],
            dot_budget=workshop["dot_budget"],
            max_dots_per_idea=workshop["max_dots_per_idea"],
            show_names=workshop["show_names"],
            pre_moderation=workshop["pre_moderation"],
            table_count=workshop["table_count"],
            participant_count=count,
            action_fields=[FieldRef(id=f["id"], slug=f["slug"], title=f["title"]) for f in fields],
            starts_at=workshop["starts_at"],
            municipality=municipality,
            timer_ends_at=workshop["timer_ends_at"],
            focused_idea_id=workshop["focused_idea"],
        )

    async def get(self, workshop_id: int) -> WorkshopOut:
        return await self.out(await workshop_row(workshop_id))

    async def by_code(self, code: str) -> WorkshopOut:
        return await self.out(await workshop_by_code(code))

    async def list(self, actor: Actor) -> list[WorkshopOut]:
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        if not permissions.can_create_workshop(actor):
            raise Forbidden("Nur das Team sieht die Liste der Werkstätten.")
        rows = await Workshop.select().order_by(Workshop.id, ascending=False).limit(200)
        return [await self.out(r) for r in rows]

    async def snapshot(
        self, workshop_id: int, *, participant: Participant | None = None, facilitator: bool = False
    ) -> WorkshopSnapshot:
        workshop = await workshop_row(workshop_id)
        ideas = await workshop_ideas(workshop)
        tables: dict[int | None, TableResult] = {}
        for idea in ideas:  # already most dots first
            result = tables.setdefault(idea.table_no, TableResult(table_no=idea.table_no, dot_total=0, idea_ids=[]))
            result.dot_total += idea.dot_total
            result.idea_ids.append(idea.id)
        pending = 0
        if facilitator:
            pending = await pending_count(workshop_id)
        return WorkshopSnapshot(
            workshop=await self.out(workshop),
            ideas=ideas,
            tables=sorted(tables.values(), key=lambda t: (t.table_no is None, t.table_no or 0)),
            pending_count=pending,
            me=await participant_out(workshop, participant) if participant else None,
        )

    async def row(self, workshop_id: int) -> dict[str, Any]:
        return await workshop_row(workshop_id)

    async def snapshot_for(self, actor: Actor, participant: Participant | None, workshop_id: int) -> WorkshopSnapshot:
        """The snapshot as this requester sees it: own dots for a phone, pending count for facilitators."""
        workshop = await workshop_row(workshop_id)
        return await self.snapshot(
            workshop_id, participant=participant, facilitator=permissions.can_facilitate(actor, workshop)
        )

    async def qr_svg_for(self, workshop_id: int) -> str:
        return self.qr_svg((await workshop_row(workshop_id))["code"])

    def qr_svg(self, code: str) -> str:
        """A standalone SVG document: with xmlns (an <img> can show it) and a viewBox (it scales to any size)."""
        qr = segno.make(self.join_url(code), error="m")
        buffer = io.BytesIO()
        qr.save(
            buffer,
            kind="svg",
            xmldecl=False,
            omitsize=True,
            border=2,
            dark="#000",
            light="#fff",
            title="QR-Code zum Beitreten",
        )
        return buffer.getvalue().decode()

    # ---- staff ---------------------------------------------------------------------------------

    async def create(self, actor: Actor, data: WorkshopCreate) -> WorkshopOut:
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        if not permissions.can_create_workshop(actor):
            raise Forbidden("Nur das Team legt Bürgerwerkstätten an.")
        async with unit_of_work() as uow:
            fields = await ActionField.select(ActionField.id, ActionField.slug).where(
                ActionField.slug.is_in(list(dict.fromkeys(data.action_fields)))
            )
            found = {f["slug"]: f["id"] for f in fields}
            missing = [s for s in data.action_fields if s not in found]
            if missing:
                raise Unprocessable(
                    "Unbekanntes Handlungsfeld: " + ", ".join(missing),
                    code="unknown_action_field",
                    errors=[{"field": "action_fields", "message": "unbekannt: " + ", ".join(missing)}],
                )
            municipality = None
            if data.municipality:
                m = await Municipality.select(Municipality.id).where(Municipality.slug == data.municipality).first()
                if m is None:
                    raise Unprocessable(
                        "Diese Kommune gibt es nicht.",
                        code="unknown_municipality",
                        errors=[{"field": "municipality", "message": "unbekannte Kommune"}],
                    )
                municipality = m["id"]
            code = await self._free_code()
            rows = await Workshop.insert(
                Workshop(
                    title=data.title.strip(),
                    starts_at=data.starts_at,
                    venue=data.venue.strip(),
                    municipality=municipality,
                    code=code,
                    dot_budget=data.dot_budget,
                    max_dots_per_idea=min(data.max_dots_per_idea, data.dot_budget),
                    show_names=data.show_names,
                    pre_moderation=data.pre_moderation,
                    table_count=data.table_count,
                    created_by=actor.account_id,
                )
            ).returning(Workshop.id)
            workshop_id = rows[0]["id"]
            for slug in dict.fromkeys(data.action_fields):
                await WorkshopField.insert(WorkshopField(workshop=workshop_id, action_field=found[slug]))
            out = await self.out(await workshop_row(workshop_id))
            await uow.emit(workshop_scope(workshop_id), "workshop.created", msgspec.to_builtins(out))
        return out

    async def _free_code(self) -> str:
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if not await Workshop.exists().where(Workshop.code == code):
                return code
        raise Conflict("Es konnte kein freier Code erzeugt werden.", code="no_free_code")  # pragma: no cover

    async def update(self, actor: Actor, workshop_id: int, data: WorkshopUpdate) -> WorkshopOut:
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        async with unit_of_work() as uow:
            workshop = await workshop_row(workshop_id)
            _require_facilitator(actor, workshop)
            if changes:
                await Workshop.update({getattr(Workshop, k): v for k, v in changes.items()}).where(
                    Workshop.id == workshop_id
                )
                out = await self.out(await workshop_row(workshop_id))
                await uow.emit(workshop_scope(workshop_id), "workshop.updated", msgspec.to_builtins(out))
        return await self.get(workshop_id)

    async def set_phase(self, actor: Actor, workshop_id: int, phase: str) -> WorkshopOut:
        async with unit_of_work() as uow:
            workshop = await workshop_row(workshop_id)
            _require_facilitator(actor, workshop)
            if workshop["phase"] == Workshop.Phase.closed.value and phase != workshop["phase"]:
                raise Conflict("Eine beendete Werkstatt kann nicht wieder geöffnet werden.", code="workshop_closed")
            if workshop["phase"] != phase:
                await Workshop.update({Workshop.phase: phase, Workshop.timer_ends_at: None}).where(
                    Workshop.id == workshop_id
                )
                await uow.emit(workshop_scope(workshop_id), "phase.changed", {"phase": phase, "timer_ends_at": None})
        return await self.get(workshop_id)

    async def set_timer(self, actor: Actor, workshop_id: int, seconds: int) -> WorkshopOut:
        async with unit_of_work() as uow:
            workshop = await workshop_row(workshop_id)
            _require_facilitator(actor, workshop)
            _require_open(workshop)
            ends = datetime.now(tz=UTC) + timedelta(seconds=seconds) if seconds else None
            await Workshop.update({Workshop.timer_ends_at: ends}).where(Workshop.id == workshop_id)
            await uow.emit(
                workshop_scope(workshop_id),
                "timer.changed",
                {"timer_ends_at": ends.isoformat() if ends else None},
            )
        return await self.get(workshop_id)

    async def set_focus(self, actor: Actor, workshop_id: int, idea_id: int | None) -> WorkshopOut:
        async with unit_of_work() as uow:
            workshop = await workshop_row(workshop_id)
            _require_facilitator(actor, workshop)
            if idea_id is not None and not await WorkshopIdea.exists().where(
                (WorkshopIdea.workshop == workshop_id)
                & (WorkshopIdea.idea == idea_id)
                & (WorkshopIdea.idea.status == PUBLISHED)
            ):
                raise NotFound("Diese Idee gehört nicht zu dieser Werkstatt.", code="idea_not_found")
            await Workshop.update({Workshop.focused_idea: idea_id}).where(Workshop.id == workshop_id)
            await uow.emit(workshop_scope(workshop_id), "focus.changed", {"idea_id": idea_id})
        return await self.get(workshop_id)

    # ---- phones --------------------------------------------------------------------------------

    async def join(self, data: JoinIn, cookies: Mapping[str, str]) -> tuple[JoinOut, str | None]:
        """Join by code; the same phone (cookie) stays the same participant. Returns a new token or None."""
        name = data.display_name.strip()
        async with unit_of_work() as uow:
            workshop = await workshop_by_code(data.code)
            token = cookies.get(participant_cookie(workshop["id"]))
            if not permissions.can_join(workshop):
                raise Conflict("Diese Bürgerwerkstatt ist beendet.", code="workshop_closed")
            if data.table_no is not None and data.table_no > workshop["table_count"]:
                raise Unprocessable(
                    "Diesen Tisch gibt es in dieser Werkstatt nicht.",
                    code="unknown_table",
                    errors=[{"field": "table_no", "message": f"1 bis {workshop['table_count']}"}],
                )
            participant = await load_participant(workshop["id"], token)
            new = None
            if participant is None:
                new = new_token()
                participant = await create_participant(workshop["id"], new, name, data.table_no)
                count = await WorkshopParticipant.count().where(WorkshopParticipant.workshop == workshop["id"])
                await uow.emit(workshop_scope(workshop["id"]), "participants.changed", {"participant_count": count})
            elif (name and name != participant.display_name) or (
                data.table_no is not None and data.table_no != participant.table_no
            ):
                table_no = data.table_no if data.table_no is not None else participant.table_no
                participant = await update_participant(participant, name or participant.display_name, table_no)
            out = JoinOut(
                workshop=await self.out(workshop),
                participant=await participant_out(workshop, participant),
            )
        return out, new

    async def me(self, workshop_id: int, participant: Participant | None) -> ParticipantOut:
        if participant is None:
            raise Unauthorized("Bitte treten Sie der Werkstatt zuerst mit dem Code bei.", code="not_joined")
        return await participant_out(await workshop_row(workshop_id), participant)

    async def add_idea(
        self,
        actor: Actor,
        participant: Participant | None,
        workshop_id: int,
        data: WorkshopIdeaIn,
        idempotency_key: str | None,
    ) -> tuple[WorkshopIdeaOut, bool]:
        async with unit_of_work() as uow:
            workshop = await workshop_row(workshop_id)
            _require_open(workshop)
            author = self._idea_author(actor, participant, workshop, data)
            if idempotency_key:
                existing = (
                    await Idea.select(Idea.id)
                    .where((Idea.author == author.account_id) & (Idea.idempotency_key == idempotency_key))
                    .first()
                )
                if existing:
                    return await load_workshop_idea(workshop, existing["id"]), False
            if not data.is_analog and workshop["phase"] != Workshop.Phase.ideation.value:
                raise Conflict("Ideen können nur in der Ideenphase eingereicht werden.", code="not_ideation_phase")
            if data.table_no is not None and data.table_no > workshop["table_count"]:
                raise Unprocessable(
                    "Diesen Tisch gibt es in dieser Werkstatt nicht.",
                    code="unknown_table",
                    errors=[{"field": "table_no", "message": f"1 bis {workshop['table_count']}"}],
                )
            field_id = await self._field_for(workshop_id, data.action_field)
            status = Idea.Status.pending if workshop["pre_moderation"] else Idea.Status.published
            now = datetime.now(tz=UTC)
            rows = await Idea.insert(
                Idea(
                    action_field=field_id,
                    municipality=workshop["municipality"],
                    author=author.account_id,
                    title=data.title.strip(),
                    body=data.body.strip(),
                    status=status.value,
                    idempotency_key=idempotency_key,
                    created_at=now,
                    updated_at=now,
                )
            ).returning(Idea.id)
            idea_id = rows[0]["id"]
            table_no = data.table_no if data.table_no is not None else (participant.table_no if participant else None)
            await WorkshopIdea.insert(
                WorkshopIdea(idea=idea_id, workshop=workshop_id, table_no=table_no, is_analog=data.is_analog)
            )
            await announce_idea(uow, idea_out(await load_idea(idea_id)), "idea.submitted")
            out = await load_workshop_idea(workshop, idea_id)
            if status == Idea.Status.published:
                await uow.emit(workshop_scope(workshop_id), "idea.added", msgspec.to_builtins(out))
            else:
                await uow.emit(
                    workshop_scope(workshop_id),
                    "idea.pending",
                    {"pending_count": await pending_count(workshop_id)},
                )
        return out, True

    def _idea_author(
        self, actor: Actor, participant: Participant | None, workshop: dict[str, Any], data: WorkshopIdeaIn
    ) -> Actor:
        if data.is_analog:
            if not actor.is_authenticated:
                raise Unauthorized("Bitte melden Sie sich an.")
            if not permissions.can_add_analog_idea(actor, workshop):
                raise Forbidden("Ideen vom Flipchart trägt die Moderation der Werkstatt ein.", code="not_facilitator")
            return actor
        if participant is None:
            raise Unauthorized("Bitte treten Sie der Werkstatt zuerst mit dem Code bei.", code="not_joined")
        if not permissions.can_post_idea(participant.actor):
            raise Forbidden("Sie sind für Beiträge gesperrt.", code="account_blocked")
        return participant.actor

    async def _field_for(self, workshop_id: int, slug: str | None) -> int:
        fields = (
            await WorkshopField.select(WorkshopField.action_field, WorkshopField.action_field.slug.as_alias("slug"))
            .where(WorkshopField.workshop == workshop_id)
            .order_by(WorkshopField.id)
        )
        if slug is None:
            return int(fields[0]["action_field"])
        for f in fields:
            if f["slug"] == slug:
                return int(f["action_field"])
        raise Unprocessable(
            "Dieses Handlungsfeld gehört nicht zur Werkstatt.",
            code="unknown_action_field",
            errors=[{"field": "action_field", "message": "nicht Teil dieser Werkstatt"}],
        )

    async def set_dots(self, participant: Participant | None, workshop_id: int, idea_id: int, points: int) -> DotsOut:
        return await voting.set_dots(participant, workshop_id, idea_id, points)


@on_idea_status_changed
async def _idea_moderated(uow: UnitOfWork, idea: IdeaOut, previous_status: str) -> None:
    """An approved workshop idea appears on the wall; a removed one disappears."""
    link = await WorkshopIdea.select(WorkshopIdea.workshop).where(WorkshopIdea.idea == idea.id).first()
    if link is None:
        return
    scope = workshop_scope(link["workshop"])
    if idea.status == PUBLISHED:
        workshop = await workshop_row(link["workshop"])
        out = await load_workshop_idea(workshop, idea.id)
        await uow.emit(scope, "idea.added", msgspec.to_builtins(out))
    elif previous_status == PUBLISHED:
        await uow.emit(scope, "idea.removed", {"id": idea.id, "status": idea.status})
    pending = await pending_count(link["workshop"])
    await uow.emit(scope, "idea.pending", {"pending_count": pending})


def provide_workshop_service(request: ASGIConnection[Any, Any, Any, Any]) -> WorkshopService:
    from backend.core.settings import get_settings

    public = get_settings().app.public_origin
    return WorkshopService(public or str(request.base_url))


async def _anyone(actor: Actor, workshop_id: int) -> bool:
    """A workshop's scope carries only published content; the code is read out in the room anyway."""
    return True


async def _public_snapshot(actor: Actor, workshop_id: int) -> WorkshopSnapshot:
    return await WorkshopService("").snapshot(workshop_id)


register_scope_reader("workshop", _anyone)
register_snapshot("workshop", _public_snapshot)
