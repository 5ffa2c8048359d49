"""Ideas and comments seen the same way by moderation: load, check visibility, change status with the
counters and public events that go with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backend.core.actor import ANONYMOUS
from backend.core.errors import Conflict, NotFound
from backend.participation.action_fields.services import field_scope
from backend.participation.comments import permissions as comment_permissions
from backend.participation.comments.services import _event_data as comment_event_data
from backend.participation.comments.services import _load as load_comment
from backend.participation.comments.services import _to_out as comment_out
from backend.participation.comments.tables import Comment
from backend.participation.ideas import permissions as idea_permissions
from backend.participation.ideas.services import _to_out as idea_out
from backend.participation.ideas.services import idea_event_data, load_idea, notify_status_changed
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.queue import moderation_scope
from backend.participation.moderation.state import annotate_comments, annotate_ideas

if TYPE_CHECKING:
    from backend.core.actor import Actor
    from backend.participation.moderation.schemas import DecisionOut
    from backend.realtime.events import UnitOfWork

__all__ = ["PUBLISHED", "Item", "announce_decision", "item_data", "load_item", "set_item_status", "visible_item"]

PUBLISHED = Idea.Status.published.value


@dataclass(frozen=True)
class Item:
    """An idea or a comment, with what moderation needs to know about it."""

    type: str  # idea | comment
    id: int
    field_id: int
    idea_id: int  # the idea itself, or the comment's idea
    status: str
    author_id: int
    row: dict[str, Any]


async def load_item(item_type: str, item_id: int) -> Item:
    if item_type == "idea":
        row = await load_idea(item_id)
        return Item("idea", item_id, row["field_id"], item_id, row["status"], row["author_id"], row)
    row = await load_comment(item_id)
    return Item("comment", item_id, row["field_id"], row["idea"], row["status"], row["author_id"], row)


async def visible_item(actor: Actor, item_type: str, item_id: int) -> Item:
    """The item, or 404 when the actor may not see it (its existence is not revealed)."""
    item = await load_item(item_type, item_id)
    check = idea_permissions.can_view_idea if item_type == "idea" else comment_permissions.can_view_comment
    if not check(actor, status=item.status, author_id=item.author_id, field_id=item.field_id):
        if item_type == "idea":
            raise NotFound("Diese Idee gibt es nicht.", code="idea_not_found")
        raise NotFound("Diesen Kommentar gibt es nicht.", code="comment_not_found")
    return item


async def item_data(item: Item) -> dict[str, Any]:
    """The item as public live clients see it (moderation reasons left out)."""
    if item.type == "idea":
        idea = idea_out(await load_idea(item.id))
        await annotate_ideas(ANONYMOUS, [idea])
        return idea_event_data(idea)
    comment = comment_out(await load_comment(item.id), ANONYMOUS, datetime.now(tz=UTC))
    await annotate_comments(ANONYMOUS, [comment], item.field_id)
    count = await Idea.select(Idea.comment_count).where(Idea.id == item.idea_id).first()
    return comment_event_data(comment, count["comment_count"] if count else 0)


async def set_item_status(uow: UnitOfWork, item: Item, status: str, *, removal: dict[str, Any] | None = None) -> None:
    """Move the item from its current status to `status`: counters, public events, workshop listeners.
    `removal` adds to the public removal event (e.g. the idea a duplicate was merged into)."""
    table = Idea if item.type == "idea" else Comment
    changed = (
        await table.update({table.status: status})
        .where((table.id == item.id) & (table.status == item.status))
        .returning(table.id)
    )
    if not changed:  # taking the item's version should have made this impossible
        raise Conflict("Der Beitrag hat sich inzwischen geändert.", code="version_conflict")
    now = datetime.now(tz=UTC)
    if item.type == "idea":
        await Idea.update({Idea.updated_at: now}).where(Idea.id == item.id)
        await _idea_status_events(uow, item, status, removal or {})
    else:
        delta = (status == PUBLISHED) - (item.status == PUBLISHED)
        if delta:
            await Idea.update({Idea.comment_count: Idea.comment_count + delta}).where(Idea.id == item.idea_id)
        await _comment_status_events(uow, item, status)


async def _idea_status_events(uow: UnitOfWork, item: Item, status: str, removal: dict[str, Any]) -> None:
    idea = idea_out(await load_idea(item.id))
    await annotate_ideas(ANONYMOUS, [idea])
    scope = field_scope(item.field_id)
    if status == PUBLISHED:
        await uow.emit(scope, "idea.published", idea_event_data(idea))
    elif item.status == PUBLISHED:
        await uow.emit(scope, "idea.removed", {"id": item.id, "status": status, **removal})
    await notify_status_changed(uow, idea, item.status)


async def _comment_status_events(uow: UnitOfWork, item: Item, status: str) -> None:
    scope = field_scope(item.field_id)
    if status == PUBLISHED:
        await uow.emit(scope, "comment.published", await item_data(item))
    elif item.status == PUBLISHED:
        count = await Idea.select(Idea.comment_count).where(Idea.id == item.idea_id).first()
        await uow.emit(
            scope,
            "comment.removed",
            {"id": item.id, "idea_id": item.idea_id, "comment_count": count["comment_count"] if count else 0},
        )


async def announce_decision(uow: UnitOfWork, actor: Actor, item: Item, decision: DecisionOut) -> None:
    """Tell the field's moderators what was decided, so every open queue drops or updates the item."""
    await uow.emit(
        moderation_scope(item.field_id),
        "moderation.item_decided",
        {
            "item_type": decision.item_type,
            "item_id": decision.item_id,
            "idea_id": item.idea_id,
            "action": decision.action,
            "status": decision.status,
            "previous_status": decision.previous_status,
            "version": decision.version,
            "in_queue": decision.in_queue,
            "reason": decision.reason,
            "moderator": {"id": actor.account_id, "display_name": actor.display_name},
            "audit_id": decision.audit_id,
            "item": await item_data(item),
        },
    )
