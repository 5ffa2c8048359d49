"""The moderation queue: pending (pre-moderated) and reported items, oldest first, with counts per
field; and the `moderation.item_queued` event that keeps moderators' screens current. Depends on
tables only, so the ideas and comments services can announce new pending items."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.core.schemas import AuthorRef
from backend.participation.action_fields.tables import ActionField
from backend.participation.comments.tables import Comment
from backend.participation.ideas.schemas import FieldRef
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.schemas import FieldCount, QueueItem, QueueOut, ReportBrief
from backend.participation.moderation.state import claim_holder, states_of
from backend.participation.moderation.tables import ModerationState, Report
from backend.participation.workshops.tables import WorkshopIdea

if TYPE_CHECKING:
    from collections.abc import Sequence

    from backend.realtime.events import UnitOfWork

__all__ = ["announce_queued", "build_queue", "moderation_scope", "queue_item"]

_PENDING = Idea.Status.pending.value
_MAX_REPORTS_SHOWN = 20

_IDEA_COLUMNS = (
    Idea.id,
    Idea.title,
    Idea.body,
    Idea.status,
    Idea.created_at,
    Idea.action_field.id.as_alias("field_id"),
    Idea.action_field.slug.as_alias("field_slug"),
    Idea.action_field.title.as_alias("field_title"),
    Idea.author.id.as_alias("author_id"),
    Idea.author.display_name.as_alias("author_name"),
)
_COMMENT_COLUMNS = (
    Comment.id,
    Comment.body,
    Comment.status,
    Comment.created_at,
    Comment.idea.id.as_alias("idea_id"),
    Comment.idea.title.as_alias("idea_title"),
    Comment.idea.action_field.id.as_alias("field_id"),
    Comment.idea.action_field.slug.as_alias("field_slug"),
    Comment.idea.action_field.title.as_alias("field_title"),
    Comment.author.id.as_alias("author_id"),
    Comment.author.display_name.as_alias("author_name"),
)


def moderation_scope(field_id: int) -> str:
    """Events only the field's moderators receive: pending content, reports, claims, decisions."""
    return f"moderation:{field_id}"


def _workshop_ideas(workshop_id: int) -> Any:
    return WorkshopIdea.select(WorkshopIdea.idea).where(WorkshopIdea.workshop == workshop_id)


class _Filter:
    """Which part of the queue: fields (None = all), optionally one workshop, optionally one item."""

    def __init__(
        self, fields: Sequence[int] | None, workshop_id: int | None = None, item: tuple[str, int] | None = None
    ) -> None:
        self.fields = list(fields) if fields is not None else None
        self.workshop_id = workshop_id
        self.item = item

    def wants(self, item_type: str) -> bool:
        return self.item is None or self.item[0] == item_type

    def ideas(self, query: Any) -> Any:
        if self.fields is not None:
            query = query.where(Idea.action_field.is_in(self.fields))
        if self.workshop_id is not None:
            query = query.where(Idea.id.is_in(_workshop_ideas(self.workshop_id)))
        if self.item is not None:
            query = query.where(Idea.id == self.item[1])
        return query

    def comments(self, query: Any) -> Any:
        if self.fields is not None:
            query = query.where(Comment.idea.action_field.is_in(self.fields))
        if self.workshop_id is not None:
            query = query.where(Comment.idea.is_in(_workshop_ideas(self.workshop_id)))
        if self.item is not None:
            query = query.where(Comment.id == self.item[1])
        return query

    def states(self, query: Any) -> Any:
        if self.fields is not None:
            query = query.where(ModerationState.action_field.is_in(self.fields))
        if self.workshop_id is not None:
            in_workshop = _workshop_ideas(self.workshop_id)
            comments = Comment.select(Comment.id).where(Comment.idea.is_in(in_workshop))
            query = query.where(
                ((ModerationState.item_type == "idea") & ModerationState.item_id.is_in(in_workshop))
                | ((ModerationState.item_type == "comment") & ModerationState.item_id.is_in(comments))
            )
        if self.item is not None:
            query = query.where((ModerationState.item_type == self.item[0]) & (ModerationState.item_id == self.item[1]))
        return query


async def _rows(flt: _Filter, limit: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Idea rows and comment rows in the queue: pending ones and reported ones."""
    ideas: dict[int, dict[str, Any]] = {}
    comments: dict[int, dict[str, Any]] = {}
    if flt.wants("idea"):
        query = Idea.select(*_IDEA_COLUMNS).where(Idea.status == _PENDING)
        for row in await flt.ideas(query).order_by(Idea.created_at).order_by(Idea.id).limit(limit):
            ideas[row["id"]] = {**row, "queue_reason": "pending", "queued_at": row["created_at"]}
    if flt.wants("comment"):
        query = Comment.select(*_COMMENT_COLUMNS).where(Comment.status == _PENDING)
        for row in await flt.comments(query).order_by(Comment.created_at).order_by(Comment.id).limit(limit):
            comments[row["id"]] = {**row, "queue_reason": "pending", "queued_at": row["created_at"]}
    reported = (
        await flt.states(
            ModerationState.select(
                ModerationState.item_type, ModerationState.item_id, ModerationState.reported_at
            ).where(ModerationState.open_reports > 0)
        )
        .order_by(ModerationState.reported_at)
        .limit(limit)
    )
    since = {(r["item_type"], r["item_id"]): r["reported_at"] for r in reported}
    idea_ids = [i for (t, i) in since if t == "idea" and i not in ideas]
    comment_ids = [i for (t, i) in since if t == "comment" and i not in comments]
    if idea_ids:
        for row in await Idea.select(*_IDEA_COLUMNS).where(Idea.id.is_in(idea_ids)):
            ideas[row["id"]] = {**row, "queue_reason": "reported", "queued_at": since[("idea", row["id"])]}
    if comment_ids:
        for row in await Comment.select(*_COMMENT_COLUMNS).where(Comment.id.is_in(comment_ids)):
            at = since[("comment", row["id"])]
            comments[row["id"]] = {**row, "queue_reason": "reported", "queued_at": at}
    return list(ideas.values()), list(comments.values())


async def _open_reports(item_type: str, ids: list[int]) -> dict[int, list[ReportBrief]]:
    found: dict[int, list[ReportBrief]] = {}
    if not ids:
        return found
    rows = (
        await Report.select(Report.item_id, Report.reason, Report.text, Report.created_at)
        .where(
            (Report.item_type == item_type)
            & Report.item_id.is_in(ids)
            & (Report.resolution == Report.Resolution.open.value)
        )
        .order_by(Report.id)
    )
    for row in rows:
        found.setdefault(row["item_id"], []).append(
            ReportBrief(reason=row["reason"], text=row["text"], created_at=row["created_at"])
        )
    return found


async def _workshop_of(idea_ids: list[int]) -> dict[int, int]:
    if not idea_ids:
        return {}
    rows = await WorkshopIdea.select(WorkshopIdea.idea, WorkshopIdea.workshop).where(
        WorkshopIdea.idea.is_in(sorted(set(idea_ids)))
    )
    return {r["idea"]: r["workshop"] for r in rows}


async def _items(ideas: list[dict[str, Any]], comments: list[dict[str, Any]]) -> list[QueueItem]:
    now = datetime.now(tz=UTC)
    idea_ids = [r["id"] for r in ideas]
    comment_ids = [r["id"] for r in comments]
    states = {"idea": await states_of("idea", idea_ids), "comment": await states_of("comment", comment_ids)}
    reports = {"idea": await _open_reports("idea", idea_ids), "comment": await _open_reports("comment", comment_ids)}
    workshops = await _workshop_of(idea_ids + [r["idea_id"] for r in comments])
    items: list[QueueItem] = []
    for item_type, rows in (("idea", ideas), ("comment", comments)):
        for row in rows:
            state = states[item_type].get(row["id"])
            holder = claim_holder(state, now)
            open_reports = reports[item_type].get(row["id"], [])
            idea_id = row["id"] if item_type == "idea" else row["idea_id"]
            items.append(
                QueueItem(
                    item_type=item_type,
                    item_id=row["id"],
                    queue_reason=row["queue_reason"],
                    action_field=FieldRef(id=row["field_id"], slug=row["field_slug"], title=row["field_title"]),
                    idea_id=idea_id,
                    idea_title=row["title"] if item_type == "idea" else row["idea_title"],
                    body=row["body"],
                    author=AuthorRef(id=row["author_id"], display_name=row["author_name"]),
                    status=row["status"],
                    created_at=row["created_at"],
                    queued_at=row["queued_at"],
                    version=state["version"] if state else 0,
                    title=row["title"] if item_type == "idea" else None,
                    workshop_id=workshops.get(idea_id),
                    report_count=state["open_reports"] if state else 0,
                    reports=open_reports[:_MAX_REPORTS_SHOWN],
                    hidden_by_reports=bool(state and state["hidden_by_reports"]),
                    claimed_by=holder,
                    claimed_until=state["claimed_until"] if holder and state else None,
                )
            )
    items.sort(key=lambda i: (i.queued_at, i.item_type, i.item_id))
    return items


async def _counts(flt: _Filter) -> list[FieldCount]:
    fields = ActionField.select(ActionField.id, ActionField.slug, ActionField.title).order_by(ActionField.id)
    if flt.fields is not None:
        if not flt.fields:
            return []
        fields = fields.where(ActionField.id.is_in(flt.fields))
    else:
        fields = fields.where(ActionField.status != ActionField.Status.archived.value)
    pending: dict[int, int] = {}
    ideas = Idea.select(Idea.action_field, Count(Idea.id, alias="n")).where(Idea.status == _PENDING)
    for row in await flt.ideas(ideas).group_by(Idea.action_field):
        pending[row["action_field"]] = pending.get(row["action_field"], 0) + row["n"]
    comments = Comment.select(Comment.idea.action_field.as_alias("field"), Count(Comment.id, alias="n")).where(
        Comment.status == _PENDING
    )
    for row in await flt.comments(comments).group_by(Comment.idea.action_field):
        pending[row["field"]] = pending.get(row["field"], 0) + row["n"]
    reported: dict[int, int] = {}
    states = ModerationState.select(ModerationState.action_field, Count(ModerationState.id, alias="n")).where(
        ModerationState.open_reports > 0
    )
    for row in await flt.states(states).group_by(ModerationState.action_field):
        reported[row["action_field"]] = row["n"]
    return [
        FieldCount(
            action_field=FieldRef(id=f["id"], slug=f["slug"], title=f["title"]),
            pending=pending.get(f["id"], 0),
            reported=reported.get(f["id"], 0),
        )
        for f in await fields
    ]


async def build_queue(fields: Sequence[int] | None, workshop_id: int | None, limit: int) -> QueueOut:
    """The queue of these fields (None: all), oldest first, cut to `limit` items."""
    flt = _Filter(fields, workshop_id)
    ideas, comments = await _rows(flt, limit)
    items = await _items(ideas, comments)
    counts = await _counts(flt)
    return QueueOut(items=items[:limit], counts=counts, total=sum(c.pending + c.reported for c in counts))


async def queue_item(item_type: str, item_id: int) -> QueueItem | None:
    """The queue entry of one item, or None when it does not wait for a decision."""
    ideas, comments = await _rows(_Filter(None, item=(item_type, item_id)), 1)
    items = await _items(ideas, comments)
    return items[0] if items else None


async def announce_queued(uow: UnitOfWork, item_type: str, item_id: int) -> None:
    """Tell the field's moderators that an item entered the queue or its entry changed (upsert)."""
    item = await queue_item(item_type, item_id)
    if item is not None:
        await uow.emit(moderation_scope(item.action_field.id), "moderation.item_queued", msgspec.to_builtins(item))
