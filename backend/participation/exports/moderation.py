"""The moderation log and statistics of an export, from moderation's audit log and citizens' reports.

Only decisions on ideas and comments are exported (account blocks concern people, not content). The
log names no one: moderators appear as M-001 …; the audit's before/after snapshots may hold the text
of hidden content, so only their `status` is read; reasons appear only where non-public content may.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.participation.comments.tables import Comment
from backend.participation.exports.schemas import ModerationRecord, ModerationStats
from backend.participation.exports.sources import Pseudonyms, keyset
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.tables import AuditEntry, ItemType
from backend.participation.moderation.tables import Report as ModerationReport

if TYPE_CHECKING:
    from piccolo.columns.combination import Where
    from piccolo.query import Select

    from backend.participation.exports.scope import ExportPlan

__all__ = ["moderation_batches", "moderation_stats"]

_CONTENT = [ItemType.idea.value, ItemType.comment.value]


class _Snapshot(msgspec.Struct):
    status: str | None = None  # all other keys (title, body …) are never decoded


_decode = msgspec.json.Decoder(_Snapshot).decode


def _status(raw: str) -> str:
    try:
        return _decode(raw).status or ""
    except msgspec.DecodeError:
        return ""


def _item_where(plan: ExportPlan, table: type[AuditEntry] | type[ModerationReport]) -> list[Where]:
    """Entries about the ideas of the export (in any status) and the comments on them."""
    clauses: list[Where] = [table.item_type.is_in(_CONTENT)]
    if plan.kind == "field":
        clauses.append(table.action_field == plan.field_id)
    narrower = plan.kind in ("workshop", "table") or plan.date_from or plan.date_to
    if narrower:
        ideas = plan.idea_ids(visible_only=False)
        comments = Comment.select(Comment.id).where(*plan.idea_where(Comment.idea, visible_only=False))
        clauses.append(
            ((table.item_type == ItemType.idea.value) & table.item_id.is_in(ideas))
            | ((table.item_type == ItemType.comment.value) & table.item_id.is_in(comments))
        )
    return clauses


def _audit_query(plan: ExportPlan) -> Callable[[], Select]:
    def query() -> Select:
        select = AuditEntry.select(
            AuditEntry.id,
            AuditEntry.action,
            AuditEntry.item_type,
            AuditEntry.item_id,
            AuditEntry.moderator,
            AuditEntry.before,
            AuditEntry.after,
            AuditEntry.reason,
            AuditEntry.created_at,
        )
        for clause in _item_where(plan, AuditEntry):
            select = select.where(clause)
        return select

    return query


async def moderation_batches(plan: ExportPlan, moderators: Pseudonyms) -> AsyncIterator[list[ModerationRecord]]:
    """Decisions in the order they were recorded."""
    async for rows in keyset(AuditEntry, _audit_query(plan), plan.batch_size):
        comment_ids = [r["item_id"] for r in rows if r["item_type"] == ItemType.comment.value]
        ideas_of = (
            {
                c["id"]: c["idea"]
                for c in await Comment.select(Comment.id, Comment.idea).where(Comment.id.is_in(comment_ids))
            }
            if comment_ids
            else {}
        )
        yield [_record(r, ideas_of, moderators, with_reason=plan.include_hidden) for r in rows]


def _record(
    row: dict[str, Any], ideas_of: dict[int, int], moderators: Pseudonyms, *, with_reason: bool
) -> ModerationRecord:
    is_idea = row["item_type"] == ItemType.idea.value
    return ModerationRecord(
        at=row["created_at"],
        kind=row["item_type"],
        action=row["action"].rpartition(".")[2],
        item_id=row["item_id"],
        idea_id=row["item_id"] if is_idea else ideas_of.get(row["item_id"]),
        previous_status=_status(row["before"]),
        status=_status(row["after"]),
        moderator=moderators(row["moderator"]) if row["moderator"] is not None else "automatisch",
        reason=row["reason"] if with_reason else None,
    )


async def _grouped(query: Select, clauses: list[Any], key: str) -> dict[str, int]:
    for clause in clauses:
        query = query.where(clause)
    return {str(r[key]): int(r["n"]) for r in await query}


async def moderation_stats(plan: ExportPlan) -> ModerationStats:
    """Current statuses of the scope's ideas and comments, the decisions taken and the reports filed."""
    audit = _item_where(plan, AuditEntry)
    reports = _item_where(plan, ModerationReport)
    return ModerationStats(
        ideas_by_status=await _grouped(
            Idea.select(Idea.status, Count(Idea.id, alias="n")).group_by(Idea.status),
            plan.idea_where(visible_only=False),
            "status",
        ),
        comments_by_status=await _grouped(
            Comment.select(Comment.status, Count(Comment.id, alias="n")).group_by(Comment.status),
            plan.idea_where(Comment.idea, visible_only=False),
            "status",
        ),
        decisions=await _count(AuditEntry.count(), audit),
        decisions_by_action=await _grouped(
            AuditEntry.select(AuditEntry.action, Count(AuditEntry.id, alias="n")).group_by(AuditEntry.action),
            audit,
            "action",
        ),
        moderators=await _count_moderators(audit),
        reports=await _count(ModerationReport.count(), reports),
        reports_by_reason=await _grouped(
            ModerationReport.select(ModerationReport.reason, Count(ModerationReport.id, alias="n")).group_by(
                ModerationReport.reason
            ),
            reports,
            "reason",
        ),
        reports_by_resolution=await _grouped(
            ModerationReport.select(ModerationReport.resolution, Count(ModerationReport.id, alias="n")).group_by(
                ModerationReport.resolution
            ),
            reports,
            "resolution",
        ),
    )


async def _count(query: Any, clauses: list[Any]) -> int:
    for clause in clauses:
        query = query.where(clause)
    return int(await query)


async def _count_moderators(clauses: list[Any]) -> int:
    query = AuditEntry.select(AuditEntry.moderator).where(AuditEntry.moderator.is_not_null()).distinct()
    for clause in clauses:
        query = query.where(clause)
    return len(await query)
