"""Ideas: submit, list, read, official responses, status changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from backend.core.db import contains
from backend.core.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from backend.core.schemas import AuthorRef, Page
from backend.participation.action_fields.services import field_scope, get_field_row
from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas import permissions
from backend.participation.ideas.schemas import (
    FieldRef,
    IdeaCreate,
    IdeaOut,
    MunicipalityRef,
)
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.queue import announce_queued, moderation_scope
from backend.participation.moderation.state import annotate_ideas
from backend.participation.municipalities.tables import Municipality
from backend.participation.votes.tables import Vote
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from piccolo.query import Select

    from backend.core.actor import Actor
    from backend.realtime.events import UnitOfWork

__all__ = [
    "IdeaFilters",
    "IdeaService",
    "announce_idea",
    "idea_event_data",
    "load_idea",
    "moderation_scope",
    "notify_status_changed",
    "on_idea_status_changed",
    "provide_idea_service",
    "require_participation",
]

SORTS = {
    "newest": (Idea.created_at, False),
    "oldest": (Idea.created_at, True),
    "votes": (Idea.vote_count, False),
    "comments": (Idea.comment_count, False),
}

_COLUMNS = (
    Idea.id,
    Idea.title,
    Idea.body,
    Idea.status,
    Idea.official_status,
    Idea.official_response,
    Idea.official_response_at,
    Idea.vote_count,
    Idea.comment_count,
    Idea.created_at,
    Idea.updated_at,
    Idea.action_field.id.as_alias("field_id"),
    Idea.action_field.slug.as_alias("field_slug"),
    Idea.action_field.title.as_alias("field_title"),
    Idea.action_field.status.as_alias("field_status"),
    Idea.municipality.slug.as_alias("municipality_slug"),
    Idea.municipality.name.as_alias("municipality_name"),
    Idea.author.id.as_alias("author_id"),
    Idea.author.display_name.as_alias("author_name"),
    Idea.official_response_by.display_name.as_alias("responder_name"),
)


@dataclass(frozen=True)
class IdeaFilters:
    action_field: str | None = None
    municipality: str | None = None
    status: str | None = None
    official_status: str | None = None
    q: str | None = None
    mine: bool = False
    sort: str = "newest"
    page: int = 1
    page_size: int = 20


def require_participation(actor: Actor) -> None:
    """Writing needs an account (or a workshop identity) that is not blocked."""
    if not actor.is_authenticated:
        raise Unauthorized("Bitte melden Sie sich an, um mitzumachen.")
    if actor.is_blocked:
        raise Forbidden("Ihr Konto ist für Beiträge gesperrt.", code="account_blocked")


def _to_out(row: dict[str, Any], voted: bool = False) -> IdeaOut:
    municipality = (
        MunicipalityRef(slug=row["municipality_slug"], name=row["municipality_name"])
        if row.get("municipality_slug")
        else None
    )
    return IdeaOut(
        id=row["id"],
        action_field=FieldRef(id=row["field_id"], slug=row["field_slug"], title=row["field_title"]),
        author=AuthorRef(id=row["author_id"], display_name=row["author_name"]),
        title=row["title"],
        body=row["body"],
        status=row["status"],
        official_status=row["official_status"],
        official_response=row["official_response"],
        vote_count=row["vote_count"],
        comment_count=row["comment_count"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        municipality=municipality,
        official_response_by=row.get("responder_name"),
        official_response_at=row.get("official_response_at"),
        voted=voted,
    )


def idea_event_data(idea: IdeaOut) -> dict[str, Any]:
    """What live clients get for an idea (the same shape as the API, without per-user fields)."""
    data = msgspec.to_builtins(idea)
    data.pop("voted", None)
    return data


async def load_idea(idea_id: int) -> dict[str, Any]:
    row = await Idea.select(*_COLUMNS).where(Idea.id == idea_id).first()
    if row is None:
        raise NotFound("Diese Idee gibt es nicht.", code="idea_not_found")
    return row


async def _visible_idea(actor: Actor, idea_id: int) -> dict[str, Any]:
    """The idea row, or 404 for ideas the actor may not see (their existence is not revealed)."""
    row = await load_idea(idea_id)
    if not permissions.can_view_idea(actor, status=row["status"], author_id=row["author_id"], field_id=row["field_id"]):
        raise NotFound("Diese Idee gibt es nicht.", code="idea_not_found")
    return row


async def announce_idea(uow: UnitOfWork, idea: IdeaOut, type_: str) -> None:
    """Published ideas go to the field's public scope; everything goes to its moderators."""
    data = idea_event_data(idea)
    if idea.status == Idea.Status.published.value:
        await uow.emit(field_scope(idea.action_field.id), type_, data)
    await uow.emit(moderation_scope(idea.action_field.id), type_, data)
    if idea.status == Idea.Status.pending.value:
        await announce_queued(uow, "idea", idea.id)


# Other domains (workshops) react to status changes in the same transaction, e.g. to put an
# approved workshop idea on the projector wall. Called with (uow, idea, previous_status).
StatusListener = Callable[["UnitOfWork", IdeaOut, str], Awaitable[None]]
_status_listeners: list[StatusListener] = []


def on_idea_status_changed(listener: StatusListener) -> StatusListener:
    """Register a listener for idea status changes (moderation decisions)."""
    _status_listeners.append(listener)
    return listener


async def notify_status_changed(uow: UnitOfWork, idea: IdeaOut, previous_status: str) -> None:
    """Every path that changes an idea's status calls this inside its transaction."""
    for listener in _status_listeners:
        await listener(uow, idea, previous_status)


class IdeaService:
    async def list(self, actor: Actor, f: IdeaFilters) -> Page[IdeaOut]:
        where = []
        field_id: int | None = None
        if f.action_field:
            field_id = (await get_field_row(f.action_field))["id"]
            where.append(Idea.action_field == field_id)
        if f.municipality:
            where.append(Idea.municipality.slug == f.municipality)
        if f.official_status:
            where.append(Idea.official_status == f.official_status)
        if f.q:
            where.append(contains(Idea.title, f.q) | contains(Idea.body, f.q))
        if f.mine:
            if not actor.is_authenticated:
                raise Unauthorized("Bitte melden Sie sich an.")
            where.append(Idea.author == actor.account_id)
            if f.status:
                where.append(Idea.status == f.status)
        elif f.status and f.status != Idea.Status.published.value:
            if not permissions.can_see_unpublished_ideas(actor, field_id):
                raise Forbidden("Nicht veröffentlichte Ideen sehen nur Moderierende des Handlungsfelds.")
            where.append(Idea.status == f.status)
        else:
            where.append(Idea.status == Idea.Status.published.value)

        column, ascending = SORTS[f.sort]
        query: Select = Idea.select(*_COLUMNS)
        count = Idea.count()
        for clause in where:
            query = query.where(clause)
            count = count.where(clause)
        rows = (
            await query.order_by(column, ascending=ascending)
            .order_by(Idea.id, ascending=ascending)
            .limit(f.page_size)
            .offset((f.page - 1) * f.page_size)
        )
        voted = await self._voted(actor, [r["id"] for r in rows])
        items = [_to_out(r, r["id"] in voted) for r in rows]
        await annotate_ideas(actor, items)
        return Page(items=items, total=await count, page=f.page, page_size=f.page_size)

    async def _voted(self, actor: Actor, idea_ids: list[int]) -> set[int]:
        if not actor.is_authenticated or not idea_ids:
            return set()
        rows = await Vote.select(Vote.idea).where((Vote.voter == actor.account_id) & Vote.idea.is_in(idea_ids))
        return {r["idea"] for r in rows}

    async def get(self, actor: Actor, idea_id: int) -> IdeaOut:
        row = await _visible_idea(actor, idea_id)
        idea = _to_out(row, bool(await self._voted(actor, [idea_id])))
        await annotate_ideas(actor, [idea])
        return idea

    async def submit(self, actor: Actor, data: IdeaCreate, idempotency_key: str | None) -> tuple[IdeaOut, bool]:
        """Create an idea; a retry with the same idempotency key returns the first one (created=False)."""
        require_participation(actor)
        if not permissions.can_submit_idea(actor):
            raise Forbidden("Sie dürfen hier keine Ideen einreichen.")
        async with unit_of_work() as uow:
            if idempotency_key and (existing := await self._by_idempotency_key(actor, idempotency_key)):
                return existing, False
            field = await get_field_row(data.action_field)
            if field["status"] != ActionField.Status.open.value:
                raise Conflict("Dieses Handlungsfeld nimmt keine neuen Ideen an.", code="action_field_closed")
            municipality_id = await self._municipality_id(data.municipality)
            pre = field["moderation_mode"] == ActionField.ModerationMode.pre.value
            now = datetime.now(tz=UTC)
            rows = (
                await Idea.insert(
                    Idea(
                        action_field=field["id"],
                        municipality=municipality_id,
                        author=actor.account_id,
                        title=data.title.strip(),
                        body=data.body.strip(),
                        status=(Idea.Status.pending if pre else Idea.Status.published).value,
                        idempotency_key=idempotency_key,
                        created_at=now,
                        updated_at=now,
                    )
                )
                .on_conflict(target=(Idea.author, Idea.idempotency_key), action="DO NOTHING")
                .returning(Idea.id)
            )
            if not rows and idempotency_key:
                # a simultaneous retry with the same key committed first (PostgreSQL waited for it here)
                if existing := await self._by_idempotency_key(actor, idempotency_key):
                    return existing, False
            idea = _to_out(await load_idea(rows[0]["id"]))
            await announce_idea(uow, idea, "idea.submitted")
        return idea, True

    async def _by_idempotency_key(self, actor: Actor, key: str) -> IdeaOut | None:
        row = (
            await Idea.select(Idea.id).where((Idea.author == actor.account_id) & (Idea.idempotency_key == key)).first()
        )
        return _to_out(await load_idea(row["id"])) if row else None

    async def _municipality_id(self, slug: str | None) -> int | None:
        if not slug:
            return None
        row = await Municipality.select(Municipality.id).where(Municipality.slug == slug).first()
        if row is None:
            raise Unprocessable(
                "Diese Kommune gibt es nicht.",
                code="unknown_municipality",
                errors=[{"field": "municipality", "message": "unbekannte Kommune"}],
            )
        return int(row["id"])


def provide_idea_service() -> IdeaService:
    return IdeaService()
