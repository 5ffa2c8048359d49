"""Bürgerwerkstätten: create, join by code, ideas, dot voting, phases, timer, focus."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec
import segno
from piccolo.query.functions.aggregate import Sum

from backend.accounts.tables import Account
from backend.core.actor import Actor, Role
from backend.core.db import is_sqlite
from backend.core.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from backend.core.security import hash_token, new_token
from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.schemas import FieldRef, IdeaOut, MunicipalityRef
from backend.participation.ideas.services import _to_out as idea_out
from backend.participation.ideas.services import announce_idea, load_idea, on_idea_status_changed
from backend.participation.ideas.tables import Idea
from backend.participation.municipalities.tables import Municipality
from backend.participation.workshops import permissions
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
from backend.participation.workshops.tables import (
    DotVote,
    Workshop,
    WorkshopField,
    WorkshopIdea,
    WorkshopParticipant,
)
from backend.realtime.events import unit_of_work
from backend.realtime.permissions import register_scope_reader
from backend.realtime.stream import register_snapshot

if TYPE_CHECKING:
    from collections.abc import Mapping

    from litestar.connection import ASGIConnection

    from backend.realtime.events import UnitOfWork

__all__ = [
    "CODE_ALPHABET",
    "Participant",
    "WorkshopService",
    "load_participant",
    "normalise_code",
    "participant_cookie",
    "provide_workshop_service",
    "workshop_scope",
]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 6
PARTICIPANT_COOKIE_MAX_AGE = 14 * 24 * 3600
_PUBLISHED = Idea.Status.published.value


def workshop_scope(workshop_id: int) -> str:
    return f"workshop:{workshop_id}"


def participant_cookie(workshop_id: int) -> str:
    """One cookie per workshop, so a phone can be in two workshops."""
    return f"mw_wp_{workshop_id}"


def normalise_code(raw: str) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    display_name: str
    table_no: int | None
    actor: Actor  # the pseudonymous account behind the phone


async def load_participant(workshop_id: int, token: str | None) -> Participant | None:
    if not token:
        return None
    row = (
        await WorkshopParticipant.select(
            WorkshopParticipant.id,
            WorkshopParticipant.display_name,
            WorkshopParticipant.table_no,
            WorkshopParticipant.account.id.as_alias("account_id"),
            WorkshopParticipant.account.is_blocked.as_alias("is_blocked"),
        )
        .where((WorkshopParticipant.token_hash == hash_token(token)) & (WorkshopParticipant.workshop == workshop_id))
        .first()
    )
    if row is None:
        return None
    actor = Actor(
        account_id=row["account_id"],
        role=Role.participant.value,
        display_name=row["display_name"],
        is_blocked=row["is_blocked"],
    )
    return Participant(row["id"], workshop_id, row["display_name"], row["table_no"], actor)


async def _workshop(workshop_id: int) -> dict[str, Any]:
    row = await Workshop.select().where(Workshop.id == workshop_id).first()
    if row is None:
        raise NotFound("Diese Bürgerwerkstatt gibt es nicht.", code="workshop_not_found")
    return row


async def _workshop_by_code(code: str) -> dict[str, Any]:
    row = await Workshop.select().where(Workshop.code == normalise_code(code)).first()
    if row is None:
        raise NotFound(
            "Zu diesem Code gibt es keine Bürgerwerkstatt. Bitte prüfen Sie die Eingabe.",
            code="workshop_not_found",
            errors=[{"field": "code", "message": "unbekannter Code"}],
        )
    return row


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
        return await self.out(await _workshop(workshop_id))

    async def by_code(self, code: str) -> WorkshopOut:
        return await self.out(await _workshop_by_code(code))

    async def list(self, actor: Actor) -> list[WorkshopOut]:
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        if not permissions.can_create_workshop(actor):
            raise Forbidden("Nur das Team sieht die Liste der Werkstätten.")
        rows = await Workshop.select().order_by(Workshop.id, ascending=False).limit(200)
        return [await self.out(r) for r in rows]

    async def ideas(self, workshop: dict[str, Any], *, include_pending: bool = False) -> list[WorkshopIdeaOut]:
        statuses = [_PUBLISHED, Idea.Status.pending.value] if include_pending else [_PUBLISHED]
        rows = (
            await WorkshopIdea.select(
                WorkshopIdea.table_no,
                WorkshopIdea.is_analog,
                WorkshopIdea.dot_total,
                WorkshopIdea.idea.id.as_alias("id"),
                WorkshopIdea.idea.title.as_alias("title"),
                WorkshopIdea.idea.body.as_alias("body"),
                WorkshopIdea.idea.status.as_alias("status"),
                WorkshopIdea.idea.created_at.as_alias("created_at"),
                WorkshopIdea.idea.action_field.slug.as_alias("field_slug"),
                WorkshopIdea.idea.author.display_name.as_alias("author_name"),
            )
            .where((WorkshopIdea.workshop == workshop["id"]) & WorkshopIdea.idea.status.is_in(statuses))
            .order_by(WorkshopIdea.dot_total, ascending=False)
            .order_by(WorkshopIdea.id)
        )
        return [self._idea_out(r, workshop) for r in rows]

    def _idea_out(self, row: dict[str, Any], workshop: dict[str, Any]) -> WorkshopIdeaOut:
        return WorkshopIdeaOut(
            id=row["id"],
            title=row["title"],
            body=row["body"],
            status=row["status"],
            action_field=row["field_slug"],
            dot_total=row["dot_total"],
            is_analog=row["is_analog"],
            created_at=row["created_at"],
            table_no=row["table_no"],
            author_name=row["author_name"] if workshop["show_names"] and not row["is_analog"] else None,
        )

    async def participant_out(self, workshop: dict[str, Any], participant: Participant) -> ParticipantOut:
        rows = await DotVote.select(DotVote.idea, DotVote.points).where(DotVote.participant == participant.id)
        allocations = {r["idea"]: r["points"] for r in rows}
        used = sum(allocations.values())
        return ParticipantOut(
            id=participant.id,
            display_name=participant.display_name,
            dots_used=used,
            dots_left=max(workshop["dot_budget"] - used, 0),
            allocations=allocations,
            table_no=participant.table_no,
        )

    async def snapshot(
        self, workshop_id: int, *, participant: Participant | None = None, facilitator: bool = False
    ) -> WorkshopSnapshot:
        workshop = await _workshop(workshop_id)
        ideas = await self.ideas(workshop)
        tables: dict[int | None, TableResult] = {}
        for idea in ideas:  # already most dots first
            result = tables.setdefault(idea.table_no, TableResult(table_no=idea.table_no, dot_total=0, idea_ids=[]))
            result.dot_total += idea.dot_total
            result.idea_ids.append(idea.id)
        pending = 0
        if facilitator:
            pending = await WorkshopIdea.count().where(
                (WorkshopIdea.workshop == workshop_id) & (WorkshopIdea.idea.status == Idea.Status.pending.value)
            )
        return WorkshopSnapshot(
            workshop=await self.out(workshop),
            ideas=ideas,
            tables=sorted(tables.values(), key=lambda t: (t.table_no is None, t.table_no or 0)),
            pending_count=pending,
            me=await self.participant_out(workshop, participant) if participant else None,
        )

    async def row(self, workshop_id: int) -> dict[str, Any]:
        return await _workshop(workshop_id)

    async def snapshot_for(self, actor: Actor, participant: Participant | None, workshop_id: int) -> WorkshopSnapshot:
        """The snapshot as this requester sees it: own dots for a phone, pending count for facilitators."""
        workshop = await _workshop(workshop_id)
        return await self.snapshot(
            workshop_id, participant=participant, facilitator=permissions.can_facilitate(actor, workshop)
        )

    async def qr_svg_for(self, workshop_id: int) -> str:
        return self.qr_svg((await _workshop(workshop_id))["code"])

    def qr_svg(self, code: str) -> str:
        qr = segno.make(self.join_url(code), error="m")
        return qr.svg_inline(scale=10, border=2, dark="#000", light="#fff", title="QR-Code zum Beitreten")

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
            out = await self.out(await _workshop(workshop_id))
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
            workshop = await _workshop(workshop_id)
            _require_facilitator(actor, workshop)
            if changes:
                await Workshop.update({getattr(Workshop, k): v for k, v in changes.items()}).where(
                    Workshop.id == workshop_id
                )
                out = await self.out(await _workshop(workshop_id))
                await uow.emit(workshop_scope(workshop_id), "workshop.updated", msgspec.to_builtins(out))
        return await self.get(workshop_id)

    async def set_phase(self, actor: Actor, workshop_id: int, phase: str) -> WorkshopOut:
        async with unit_of_work() as uow:
            workshop = await _workshop(workshop_id)
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
            workshop = await _workshop(workshop_id)
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
            workshop = await _workshop(workshop_id)
            _require_facilitator(actor, workshop)
            if idea_id is not None and not await WorkshopIdea.exists().where(
                (WorkshopIdea.workshop == workshop_id)
                & (WorkshopIdea.idea == idea_id)
                & (WorkshopIdea.idea.status == _PUBLISHED)
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
            workshop = await _workshop_by_code(data.code)
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
                participant = await self._new_participant(workshop["id"], new, name, data.table_no)
                count = await WorkshopParticipant.count().where(WorkshopParticipant.workshop == workshop["id"])
                await uow.emit(workshop_scope(workshop["id"]), "participants.changed", {"participant_count": count})
            elif (name and name != participant.display_name) or data.table_no != participant.table_no:
                participant = await self._rename(participant, name or participant.display_name, data.table_no)
            out = JoinOut(
                workshop=await self.out(workshop),
                participant=await self.participant_out(workshop, participant),
            )
        return out, new

    async def _new_participant(self, workshop_id: int, token: str, name: str, table_no: int | None) -> Participant:
        shown = name or f"Teilnehmende {secrets.randbelow(900) + 100}"
        account = await Account.insert(Account(display_name=shown, role=Role.participant.value)).returning(Account.id)
        rows = await WorkshopParticipant.insert(
            WorkshopParticipant(
                workshop=workshop_id,
                account=account[0]["id"],
                token_hash=hash_token(token),
                display_name=shown,
                table_no=table_no,
            )
        ).returning(WorkshopParticipant.id)
        actor = Actor(account_id=account[0]["id"], role=Role.participant.value, display_name=shown)
        return Participant(rows[0]["id"], workshop_id, shown, table_no, actor)

    async def _rename(self, participant: Participant, name: str, table_no: int | None) -> Participant:
        await WorkshopParticipant.update(
            {WorkshopParticipant.display_name: name, WorkshopParticipant.table_no: table_no}
        ).where(WorkshopParticipant.id == participant.id)
        await Account.update({Account.display_name: name}).where(Account.id == participant.actor.account_id)
        return Participant(participant.id, participant.workshop_id, name, table_no, participant.actor)

    async def me(self, workshop_id: int, participant: Participant | None) -> ParticipantOut:
        if participant is None:
            raise Unauthorized("Bitte treten Sie der Werkstatt zuerst mit dem Code bei.", code="not_joined")
        return await self.participant_out(await _workshop(workshop_id), participant)

    async def add_idea(
        self,
        actor: Actor,
        participant: Participant | None,
        workshop_id: int,
        data: WorkshopIdeaIn,
        idempotency_key: str | None,
    ) -> tuple[WorkshopIdeaOut, bool]:
        async with unit_of_work() as uow:
            workshop = await _workshop(workshop_id)
            _require_open(workshop)
            author = self._idea_author(actor, participant, workshop, data)
            if idempotency_key:
                existing = (
                    await Idea.select(Idea.id)
                    .where((Idea.author == author.account_id) & (Idea.idempotency_key == idempotency_key))
                    .first()
                )
                if existing:
                    return await self._workshop_idea(workshop, existing["id"]), False
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
            out = await self._workshop_idea(workshop, idea_id)
            if status == Idea.Status.published:
                await uow.emit(workshop_scope(workshop_id), "idea.added", msgspec.to_builtins(out))
            else:
                await uow.emit(
                    workshop_scope(workshop_id),
                    "idea.pending",
                    {"pending_count": await self._pending(workshop_id)},
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

    async def _pending(self, workshop_id: int) -> int:
        return await WorkshopIdea.count().where(
            (WorkshopIdea.workshop == workshop_id) & (WorkshopIdea.idea.status == Idea.Status.pending.value)
        )

    async def _workshop_idea(self, workshop: dict[str, Any], idea_id: int) -> WorkshopIdeaOut:
        rows = await WorkshopIdea.select(
            WorkshopIdea.table_no,
            WorkshopIdea.is_analog,
            WorkshopIdea.dot_total,
            WorkshopIdea.idea.id.as_alias("id"),
            WorkshopIdea.idea.title.as_alias("title"),
            WorkshopIdea.idea.body.as_alias("body"),
            WorkshopIdea.idea.status.as_alias("status"),
            WorkshopIdea.idea.created_at.as_alias("created_at"),
            WorkshopIdea.idea.action_field.slug.as_alias("field_slug"),
            WorkshopIdea.idea.author.display_name.as_alias("author_name"),
        ).where(WorkshopIdea.idea == idea_id)
        return self._idea_out(rows[0], workshop)

    async def set_dots(self, participant: Participant | None, workshop_id: int, idea_id: int, points: int) -> DotsOut:
        """Put `points` dots on an idea (absolute, so a retry changes nothing). Budget and per-idea maximum
        are checked inside the write transaction, with the participant's row locked on PostgreSQL."""
        if participant is None:
            raise Unauthorized("Bitte treten Sie der Werkstatt zuerst mit dem Code bei.", code="not_joined")
        if not permissions.can_vote_dots(participant.actor):
            raise Forbidden("Sie sind für die Abstimmung gesperrt.", code="account_blocked")
        async with unit_of_work() as uow:
            workshop = await _workshop(workshop_id)
            if workshop["phase"] != Workshop.Phase.voting.value:
                raise Conflict("Punkte können nur in der Abstimmungsphase vergeben werden.", code="not_voting_phase")
            if not await WorkshopIdea.exists().where(
                (WorkshopIdea.workshop == workshop_id)
                & (WorkshopIdea.idea == idea_id)
                & (WorkshopIdea.idea.status == _PUBLISHED)
            ):
                raise NotFound("Diese Idee gehört nicht zu dieser Werkstatt.", code="idea_not_found")
            if points > workshop["max_dots_per_idea"]:
                raise Unprocessable(
                    f"Höchstens {workshop['max_dots_per_idea']} Punkte pro Idee.",
                    code="over_idea_maximum",
                    errors=[{"field": "points", "message": f"höchstens {workshop['max_dots_per_idea']}"}],
                )
            if not is_sqlite():  # SQLite already serialises writers; PostgreSQL locks this participant
                await WorkshopParticipant.raw(
                    "SELECT id FROM workshop_participant WHERE id = {} FOR UPDATE", participant.id
                )
            used_rows = await DotVote.select(Sum(DotVote.points, alias="used")).where(
                DotVote.participant == participant.id
            )
            used = int(used_rows[0]["used"] or 0)
            current_row = (
                await DotVote.select(DotVote.points)
                .where((DotVote.participant == participant.id) & (DotVote.idea == idea_id))
                .first()
            )
            current = int(current_row["points"]) if current_row else 0
            new_used = used - current + points
            if new_used > workshop["dot_budget"]:
                raise Unprocessable(
                    f"Sie haben nur noch {workshop['dot_budget'] - used + current} Punkte für diese Idee.",
                    code="over_budget",
                    errors=[{"field": "points", "message": "mehr als Ihr Punktebudget"}],
                    extra={"dots_left": workshop["dot_budget"] - used},
                )
            delta = points - current
            if delta == 0:
                total = await self._dot_total(idea_id)
                return DotsOut(idea_id, points, total, used, workshop["dot_budget"] - used)
            if current_row is None:
                await DotVote.insert(
                    DotVote(workshop=workshop_id, participant=participant.id, idea=idea_id, points=points)
                )
            elif points == 0:
                await DotVote.delete().where((DotVote.participant == participant.id) & (DotVote.idea == idea_id))
            else:
                await DotVote.update({DotVote.points: points}).where(
                    (DotVote.participant == participant.id) & (DotVote.idea == idea_id)
                )
            rows = (
                await WorkshopIdea.update({WorkshopIdea.dot_total: WorkshopIdea.dot_total + delta})
                .where(WorkshopIdea.idea == idea_id)
                .returning(WorkshopIdea.dot_total)
            )
            total = int(rows[0]["dot_total"])
            await uow.emit(workshop_scope(workshop_id), "dots.changed", {"idea_id": idea_id, "dot_total": total})
        return DotsOut(idea_id, points, total, new_used, workshop["dot_budget"] - new_used)

    async def _dot_total(self, idea_id: int) -> int:
        row = await WorkshopIdea.select(WorkshopIdea.dot_total).where(WorkshopIdea.idea == idea_id).first()
        return int(row["dot_total"]) if row else 0


@on_idea_status_changed
async def _idea_moderated(uow: UnitOfWork, idea: IdeaOut, previous_status: str) -> None:
    """An approved workshop idea appears on the wall; a removed one disappears."""
    link = await WorkshopIdea.select(WorkshopIdea.workshop).where(WorkshopIdea.idea == idea.id).first()
    if link is None:
        return
    scope = workshop_scope(link["workshop"])
    if idea.status == _PUBLISHED:
        workshop = await _workshop(link["workshop"])
        out = await WorkshopService("")._workshop_idea(workshop, idea.id)
        await uow.emit(scope, "idea.added", msgspec.to_builtins(out))
    elif previous_status == _PUBLISHED:
        await uow.emit(scope, "idea.removed", {"id": idea.id, "status": idea.status})
    pending = await WorkshopIdea.count().where(
        (WorkshopIdea.workshop == link["workshop"]) & (WorkshopIdea.idea.status == Idea.Status.pending.value)
    )
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
