"""The audit log: every moderation decision, written in the decision's transaction; read by staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from backend.core.schemas import AuthorRef, Page
from backend.participation.moderation.schemas import AuditEntryOut
from backend.participation.moderation.tables import AuditEntry

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["AuditFilters", "list_entries", "record"]


async def record(
    *,
    action: str,
    item_type: str,
    item_id: int,
    field_id: int | None,
    moderator_id: int | None,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
) -> int:
    """Append one entry; call inside the decision's transaction so both commit or neither."""
    rows = await AuditEntry.insert(
        AuditEntry(
            action=action,
            item_type=item_type,
            item_id=item_id,
            action_field=field_id,
            moderator=moderator_id,
            before=msgspec.json.encode(before).decode(),
            after=msgspec.json.encode(after).decode(),
            reason=reason,
            created_at=datetime.now(tz=UTC),
        )
    ).returning(AuditEntry.id)
    return int(rows[0]["id"])


@dataclass(frozen=True)
class AuditFilters:
    action_field: int | None = None
    moderator: int | None = None
    action: str | None = None  # exact ("idea.approve") or a kind ("idea")
    item_type: str | None = None
    item_id: int | None = None
    since: datetime | None = None
    page: int = 1
    page_size: int = 50


async def list_entries(f: AuditFilters, fields: Sequence[int] | None) -> Page[AuditEntryOut]:
    """Newest first; `fields` limits the log to those action fields (None: everything)."""
    where = []
    if fields is not None:
        if not fields:
            return Page(items=[], total=0, page=f.page, page_size=f.page_size)
        where.append(AuditEntry.action_field.is_in(list(fields)))
    if f.action_field is not None:
        where.append(AuditEntry.action_field == f.action_field)
    if f.moderator is not None:
        where.append(AuditEntry.moderator == f.moderator)
    if f.action:
        where.append(AuditEntry.action == f.action if "." in f.action else AuditEntry.action.like(f"{f.action}.%"))
    if f.item_type:
        where.append(AuditEntry.item_type == f.item_type)
    if f.item_id is not None:
        where.append(AuditEntry.item_id == f.item_id)
    if f.since is not None:
        where.append(AuditEntry.created_at >= f.since)
    query = AuditEntry.select(
        *AuditEntry.all_columns(exclude=[AuditEntry.moderator]),
        AuditEntry.moderator.id.as_alias("moderator_id"),
        AuditEntry.moderator.display_name.as_alias("moderator_name"),
    )
    count = AuditEntry.count()
    for clause in where:
        query = query.where(clause)
        count = count.where(clause)
    rows = (
        await query.order_by(AuditEntry.created_at, ascending=False)
        .order_by(AuditEntry.id, ascending=False)
        .limit(f.page_size)
        .offset((f.page - 1) * f.page_size)
    )
    items = [
        AuditEntryOut(
            id=r["id"],
            action=r["action"],
            item_type=r["item_type"],
            item_id=r["item_id"],
            action_field_id=r["action_field"],
            moderator=AuthorRef(id=r["moderator_id"], display_name=r["moderator_name"])
            if r["moderator_id"] is not None
            else None,
            created_at=r["created_at"],
            before=msgspec.json.decode(r["before"]),
            after=msgspec.json.decode(r["after"]),
            reason=r["reason"],
        )
        for r in rows
    ]
    return Page(items=items, total=await count, page=f.page, page_size=f.page_size)
