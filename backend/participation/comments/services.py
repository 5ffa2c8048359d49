"""Threaded comments on ideas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from backend.core.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from backend.core.schemas import AuthorRef
from backend.participation.action_fields.services import field_scope
from backend.participation.action_fields.tables import ActionField
from backend.participation.comments import permissions
from backend.participation.comments.schemas import CommentCreate, CommentOut
from backend.participation.comments.tables import Comment
from backend.participation.ideas.services import load_idea, moderation_scope, require_participation
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.queue import announce_queued
from backend.participation.moderation.state import annotate_comments, discussion_locked, edited_by_moderation
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from backend.core.actor import Actor
    from backend.realtime.events import UnitOfWork

__all__ = ["CommentService", "provide_comment_service"]

_COLUMNS = (
    Comment.id,
    Comment.idea,
    Comment.parent,
    Comment.body,
    Comment.status,
    Comment.created_at,
    Comment.edited_at,
    Comment.author.id.as_alias("author_id"),
    Comment.author.display_name.as_alias("author_name"),
    Comment.idea.action_field.as_alias("field_id"),
)
_PUBLISHED = Comment.Status.published.value


def _to_out(row: dict[str, Any], actor: Actor, now: datetime, removed: bool = False) -> CommentOut:
    editable = permissions.can_edit_comment(
        actor, author_id=row["author_id"], status=row["status"], created_at=row["created_at"], now=now
    )
    return CommentOut(
        id=row["id"],
        idea_id=row["idea"],
        parent_id=row["parent"],
        status=row["status"],
        body="" if removed else row["body"],
        created_at=row["created_at"],
        author=None if removed else AuthorRef(id=row["author_id"], display_name=row["author_name"]),
        edited_at=row["edited_at"],
        editable_until=row["created_at"] + permissions.EDIT_WINDOW if editable else None,
    )


def _event_data(comment: CommentOut, comment_count: int) -> dict[str, Any]:
    data = msgspec.to_builtins(comment)
    for key in ("replies", "editable_until"):
        data.pop(key, None)
    data["comment_count"] = comment_count
    return data


async def _load(comment_id: int) -> dict[str, Any]:
    row = await Comment.select(*_COLUMNS).where(Comment.id == comment_id).first()
    if row is None:
        raise NotFound("Diesen Kommentar gibt es nicht.", code="comment_not_found")
    return row


class CommentService:
    async def thread(self, actor: Actor, idea_id: int) -> list[CommentOut]:
        """The discussion as a tree; removed comments stay as empty placeholders when replies hang on them."""
        idea = await load_idea(idea_id)
        if idea["status"] != Idea.Status.published.value and not (
            actor.account_id == idea["author_id"] or actor.moderates(idea["field_id"])
        ):
            raise NotFound("Diese Idee gibt es nicht.", code="idea_not_found")
        rows = await Comment.select(*_COLUMNS).where(Comment.idea == idea_id).order_by(Comment.id)
        now = datetime.now(tz=UTC)
        nodes: dict[int, CommentOut] = {}
        for row in rows:
            visible = permissions.can_view_comment(
                actor, status=row["status"], author_id=row["author_id"], field_id=row["field_id"]
            )
            if visible:
                nodes[row["id"]] = _to_out(row, actor, now)
            elif row["status"] in (Comment.Status.hidden.value, Comment.Status.rejected.value):
                nodes[row["id"]] = _to_out(row, actor, now, removed=True)
        roots: list[CommentOut] = []
        for node in nodes.values():
            parent = nodes.get(node.parent_id) if node.parent_id else None
            (parent.replies if parent else roots).append(node)
        thread = [r for r in roots if r.body or r.replies or r.author]
        await annotate_comments(actor, thread, idea["field_id"])
        return thread

    async def create(
        self, actor: Actor, idea_id: int, data: CommentCreate, idempotency_key: str | None
    ) -> tuple[CommentOut, bool]:
        require_participation(actor)
        if not permissions.can_comment(actor):
            raise Forbidden("Sie dürfen hier nicht kommentieren.")
        now = datetime.now(tz=UTC)
        async with unit_of_work() as uow:
            if idempotency_key and (existing := await self._by_idempotency_key(actor, idempotency_key, now)):
                return existing, False
            idea = await load_idea(idea_id)
            if idea["status"] != Idea.Status.published.value:
                raise Conflict("Diese Idee kann (noch) nicht kommentiert werden.", code="idea_not_published")
            if idea["field_status"] != ActionField.Status.open.value:
                raise Conflict("Dieses Handlungsfeld ist geschlossen.", code="action_field_closed")
            if await discussion_locked(idea_id):
                raise Conflict("Die Diskussion zu dieser Idee ist geschlossen.", code="discussion_locked")
            if data.parent_id is not None:
                parent = await Comment.select(Comment.idea, Comment.status).where(Comment.id == data.parent_id).first()
                if parent is None or parent["idea"] != idea_id or parent["status"] != _PUBLISHED:
                    raise Unprocessable(
                        "Auf diesen Kommentar kann nicht geantwortet werden.",
                        code="invalid_parent",
                        errors=[{"field": "parent_id", "message": "kein veröffentlichter Kommentar dieser Idee"}],
                    )
            field = (
                await ActionField.select(ActionField.moderation_mode).where(ActionField.id == idea["field_id"]).first()
            )
            pre = field is not None and field["moderation_mode"] == ActionField.ModerationMode.pre.value
            status = Comment.Status.pending.value if pre else _PUBLISHED
            rows = (
                await Comment.insert(
                    Comment(
                        idea=idea_id,
                        parent=data.parent_id,
                        author=actor.account_id,
                        body=data.body.strip(),
                        status=status,
                        idempotency_key=idempotency_key,
                        created_at=now,
                    )
                )
                .on_conflict(target=(Comment.author, Comment.idempotency_key), action="DO NOTHING")
                .returning(Comment.id)
            )
            if not rows and idempotency_key:
                # a simultaneous retry with the same key committed first (PostgreSQL waited for it here)
                if existing := await self._by_idempotency_key(actor, idempotency_key, now):
                    return existing, False
            comment = _to_out(await _load(rows[0]["id"]), actor, now)
            count = await self._recount(idea_id, +1 if status == _PUBLISHED else 0)
            await self._announce(uow, comment, idea["field_id"], "comment.created", count)
        return comment, True

    async def _by_idempotency_key(self, actor: Actor, key: str, now: datetime) -> CommentOut | None:
        row = (
            await Comment.select(Comment.id)
            .where((Comment.author == actor.account_id) & (Comment.idempotency_key == key))
            .first()
        )
        return _to_out(await _load(row["id"]), actor, now) if row else None

    async def _recount(self, idea_id: int, delta: int) -> int:
        rows = (
            await Idea.update({Idea.comment_count: Idea.comment_count + delta})
            .where(Idea.id == idea_id)
            .returning(Idea.comment_count)
        )
        return int(rows[0]["comment_count"])

    async def _announce(self, uow: UnitOfWork, comment: CommentOut, field_id: int, type_: str, count: int) -> None:
        data = _event_data(comment, count)
        if comment.status == _PUBLISHED:
            await uow.emit(field_scope(field_id), type_, data)
        await uow.emit(moderation_scope(field_id), type_, data)
        if comment.status == Comment.Status.pending.value:
            await announce_queued(uow, "comment", comment.id)

    async def edit(self, actor: Actor, comment_id: int, body: str) -> CommentOut:
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        now = datetime.now(tz=UTC)
        async with unit_of_work() as uow:
            row = await _load(comment_id)
            if not permissions.can_edit_comment(
                actor, author_id=row["author_id"], status=row["status"], created_at=row["created_at"], now=now
            ):
                raise Forbidden(
                    "Kommentare können nur von der Verfasserin oder dem Verfasser "
                    "innerhalb von 15 Minuten bearbeitet werden.",
                    code="edit_not_allowed",
                )
            if await edited_by_moderation("comment", comment_id):
                raise Forbidden(
                    "Die Moderation hat diesen Kommentar bearbeitet; er kann nicht mehr geändert werden.",
                    code="edit_not_allowed",
                )
            await Comment.update({Comment.body: body.strip(), Comment.edited_at: now}).where(Comment.id == comment_id)
            comment = _to_out(await _load(comment_id), actor, now)
            idea = await load_idea(row["idea"])
            await self._announce(uow, comment, row["field_id"], "comment.updated", idea["comment_count"])
        return comment


def provide_comment_service() -> CommentService:
    return CommentService()
