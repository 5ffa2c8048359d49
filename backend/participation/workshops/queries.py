"""Reading workshops and their ideas: shared by the facilitator, phone and voting services."""

from __future__ import annotations

from typing import Any

from backend.core.errors import NotFound
from backend.participation.ideas.tables import Idea
from backend.participation.workshops.schemas import WorkshopIdeaOut
from backend.participation.workshops.tables import Workshop, WorkshopIdea

__all__ = [
    "PUBLISHED",
    "load_workshop_idea",
    "normalise_code",
    "pending_count",
    "workshop_by_code",
    "workshop_ideas",
    "workshop_row",
    "workshop_scope",
]

PUBLISHED = Idea.Status.published.value

_IDEA_COLUMNS = (
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


def workshop_scope(workshop_id: int) -> str:
    return f"workshop:{workshop_id}"


def normalise_code(raw: str) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


async def workshop_row(workshop_id: int) -> dict[str, Any]:
    row = await Workshop.select().where(Workshop.id == workshop_id).first()
    if row is None:
        raise NotFound("Diese Bürgerwerkstatt gibt es nicht.", code="workshop_not_found")
    return row


async def workshop_by_code(code: str) -> dict[str, Any]:
    row = await Workshop.select().where(Workshop.code == normalise_code(code)).first()
    if row is None:
        raise NotFound(
            "Zu diesem Code gibt es keine Bürgerwerkstatt. Bitte prüfen Sie die Eingabe.",
            code="workshop_not_found",
            errors=[{"field": "code", "message": "unbekannter Code"}],
        )
    return row


def _idea_out(row: dict[str, Any], workshop: dict[str, Any]) -> WorkshopIdeaOut:
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


async def workshop_ideas(workshop: dict[str, Any], *, include_pending: bool = False) -> list[WorkshopIdeaOut]:
    """The wall: published ideas (and pending ones for facilitators), most dots first."""
    statuses = [PUBLISHED, Idea.Status.pending.value] if include_pending else [PUBLISHED]
    rows = (
        await WorkshopIdea.select(*_IDEA_COLUMNS)
        .where((WorkshopIdea.workshop == workshop["id"]) & WorkshopIdea.idea.status.is_in(statuses))
        .order_by(WorkshopIdea.dot_total, ascending=False)
        .order_by(WorkshopIdea.id)
    )
    return [_idea_out(r, workshop) for r in rows]


async def load_workshop_idea(workshop: dict[str, Any], idea_id: int) -> WorkshopIdeaOut:
    rows = await WorkshopIdea.select(*_IDEA_COLUMNS).where(WorkshopIdea.idea == idea_id)
    return _idea_out(rows[0], workshop)


async def pending_count(workshop_id: int) -> int:
    """Ideas of the workshop waiting for moderation."""
    return await WorkshopIdea.count().where(
        (WorkshopIdea.workshop == workshop_id) & (WorkshopIdea.idea.status == Idea.Status.pending.value)
    )
