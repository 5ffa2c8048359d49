"""Merging a duplicate idea into another: its votes move (a voter who supported both counts once), its
comments move, and it points to the idea that stays."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backend.core.actor import ANONYMOUS
from backend.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from backend.participation.action_fields.services import field_scope
from backend.participation.comments.tables import Comment
from backend.participation.ideas.services import _to_out as idea_out
from backend.participation.ideas.services import announce_idea, load_idea
from backend.participation.ideas.tables import Idea
from backend.participation.moderation import audit, permissions
from backend.participation.moderation.decisions import HIDDEN, MERGED, PENDING, invalid_transition
from backend.participation.moderation.items import (
    PUBLISHED,
    Item,
    announce_decision,
    load_item,
    set_item_status,
    visible_item,
)
from backend.participation.moderation.queue import announce_queued
from backend.participation.moderation.reasons import compose_reason
from backend.participation.moderation.schemas import DecisionOut
from backend.participation.moderation.state import annotate_ideas, close_reports, take_for_decision
from backend.participation.moderation.tables import ModerationState, Report
from backend.participation.votes.tables import Vote
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from backend.core.actor import Actor
    from backend.participation.moderation.schemas import MergeIn
    from backend.realtime.events import UnitOfWork

__all__ = ["merge_ideas"]


async def _target(actor: Actor, target_id: int) -> Item:
    try:
        return await visible_item(actor, "idea", target_id)
    except NotFound:
        raise Unprocessable(
            "Die Idee, in die zusammengeführt werden soll, gibt es nicht.",
            code="target_not_found",
            errors=[{"field": "target_id", "message": "unbekannte Idee"}],
        ) from None


async def merge_ideas(actor: Actor, source_id: int, data: MergeIn) -> DecisionOut:
    if data.target_id == source_id:
        raise Unprocessable(
            "Eine Idee kann nicht mit sich selbst zusammengeführt werden.",
            code="same_idea",
            errors=[{"field": "target_id", "message": "dieselbe Idee"}],
        )
    reason = compose_reason(data.reason_template, data.reason, required=True)
    async with unit_of_work() as uow:
        source = await visible_item(actor, "idea", source_id)
        target = await _target(actor, data.target_id)
        if not permissions.can_merge_ideas(actor, source.field_id, target.field_id):
            raise Forbidden("Zusammenführen dürfen nur Moderierende beider Handlungsfelder.")
        # take both versions in id order, so two opposite merges cannot deadlock
        taken: dict[int, dict[str, Any]] = {}
        for item in sorted((source, target), key=lambda i: i.id):
            expected = data.version if item.id == source.id else None
            taken[item.id] = await take_for_decision(actor, "idea", item.id, item.field_id, expected)
        source = await load_item("idea", source.id)
        target = await load_item("idea", target.id)
        if source.status not in (PENDING, PUBLISHED, HIDDEN):
            raise invalid_transition("Diese Idee ist bereits abgelehnt oder zusammengeführt.")
        if target.status != PUBLISHED:
            raise Conflict("Zusammenführen geht nur in eine veröffentlichte Idee.", code="target_not_published")
        moved = await _move(source, target)
        decision = await _finish(uow, actor, source, target, moved, reason, taken)
    return decision


async def _move(source: Item, target: Item) -> dict[str, Any]:
    """Votes and comments from source to target, counters kept equal to the rows."""
    already = Vote.select(Vote.voter).where(Vote.idea == target.id)
    votes = (
        await Vote.update({Vote.idea: target.id})
        .where((Vote.idea == source.id) & Vote.voter.not_in(already))
        .returning(Vote.id)
    )
    duplicates = await Vote.count().where(Vote.idea == source.id)  # supported both: counted on the target
    comments = (
        await Comment.update({Comment.idea: target.id})
        .where(Comment.idea == source.id)
        .returning(Comment.id, Comment.status)
    )
    published = sum(1 for c in comments if c["status"] == PUBLISHED)
    now = datetime.now(tz=UTC)
    await Idea.update(
        {
            Idea.vote_count: Idea.vote_count - len(votes),
            Idea.comment_count: Idea.comment_count - published,
            Idea.updated_at: now,
        }
    ).where(Idea.id == source.id)
    totals = (
        await Idea.update(
            {
                Idea.vote_count: Idea.vote_count + len(votes),
                Idea.comment_count: Idea.comment_count + published,
                Idea.updated_at: now,
            }
        )
        .where(Idea.id == target.id)
        .returning(Idea.vote_count, Idea.comment_count)
    )[0]
    comment_ids = [c["id"] for c in comments]
    if comment_ids and source.field_id != target.field_id:  # moved comments are moderated in their new field
        await ModerationState.update({ModerationState.action_field: target.field_id}).where(
            (ModerationState.item_type == "comment") & ModerationState.item_id.is_in(comment_ids)
        )
        await Report.update({Report.action_field: target.field_id}).where(
            (Report.item_type == "comment") & Report.item_id.is_in(comment_ids)
        )
    return {
        "moved_votes": len(votes),
        "duplicate_votes": duplicates,
        "moved_comments": len(comment_ids),
        "moved_published_comments": published,
        "target_vote_count": totals["vote_count"],
        "target_comment_count": totals["comment_count"],
        "now": now,
    }


async def _finish(
    uow: UnitOfWork,
    actor: Actor,
    source: Item,
    target: Item,
    moved: dict[str, Any],
    reason: str,
    taken: dict[int, dict[str, Any]],
) -> DecisionOut:
    """State, status, audit entry and the events for both ideas."""
    now = moved["now"]
    columns = await close_reports("idea", source.id, Report.Resolution.upheld.value, now)
    await ModerationState.update(
        {
            **columns,
            ModerationState.merged_into: target.id,
            ModerationState.reason: reason,
            ModerationState.updated_at: now,
        }
    ).where((ModerationState.item_type == "idea") & (ModerationState.item_id == source.id))
    await set_item_status(uow, source, MERGED, removal={"merged_into": target.id})
    audit_id = await audit.record(
        action="idea.merge",
        item_type="idea",
        item_id=source.id,
        field_id=source.field_id,
        moderator_id=actor.account_id,
        before={
            "status": source.status,
            "vote_count": source.row["vote_count"],
            "comment_count": source.row["comment_count"],
            "target": {
                "id": target.id,
                "vote_count": target.row["vote_count"],
                "comment_count": target.row["comment_count"],
            },
        },
        after={
            "status": MERGED,
            "merged_into": target.id,
            "vote_count": moved["duplicate_votes"],
            "comment_count": source.row["comment_count"] - moved["moved_published_comments"],
            "moved_votes": moved["moved_votes"],
            "duplicate_votes": moved["duplicate_votes"],
            "moved_comments": moved["moved_comments"],
            "target": {
                "id": target.id,
                "vote_count": moved["target_vote_count"],
                "comment_count": moved["target_comment_count"],
            },
        },
        reason=reason,
    )
    stays = idea_out(await load_idea(target.id))
    await annotate_ideas(ANONYMOUS, [stays])
    await announce_idea(uow, stays, "idea.updated")
    await uow.emit(
        field_scope(target.field_id), "vote.changed", {"idea_id": target.id, "vote_count": moved["target_vote_count"]}
    )
    decision = DecisionOut(
        item_type="idea",
        item_id=source.id,
        action="merge",
        status=MERGED,
        previous_status=source.status,
        version=taken[source.id]["version"],
        in_queue=False,
        reason=reason,
        audit_id=audit_id,
    )
    await announce_decision(uow, actor, source, decision)
    if taken[target.id]["open_reports"] > 0:  # the target's queue entry has a new version
        await announce_queued(uow, "idea", target.id)
    return decision
