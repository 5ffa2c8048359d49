"""Action fields: listing, staff management, moderator assignment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.accounts.tables import Account
from backend.core.errors import Conflict, Forbidden, NotFound
from backend.core.schemas import AuthorRef
from backend.participation.action_fields import permissions
from backend.participation.action_fields.schemas import (
    ActionFieldCreate,
    ActionFieldOut,
    ActionFieldUpdate,
)
from backend.participation.action_fields.tables import ActionField, FieldModerator
from backend.participation.ideas.tables import Idea
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = ["ActionFieldService", "field_scope", "get_field_row", "provide_action_field_service"]


def field_scope(field_id: int) -> str:
    """Public events of an action field (published content only)."""
    return f"field:{field_id}"


async def get_field_row(slug_or_id: str | int) -> dict[str, Any]:
    column = ActionField.id if isinstance(slug_or_id, int) else ActionField.slug
    row = await ActionField.select().where(column == slug_or_id).first()
    if row is None:
        raise NotFound("Dieses Handlungsfeld gibt es nicht.", code="action_field_not_found")
    return row


class ActionFieldService:
    async def _out(self, rows: list[dict[str, Any]]) -> list[ActionFieldOut]:
        ids = [r["id"] for r in rows]
        counts: dict[int, int] = {}
        moderators: dict[int, list[AuthorRef]] = {i: [] for i in ids}
        if ids:
            for c in (
                await Idea.select(Idea.action_field, Count(Idea.id, alias="n"))
                .where(Idea.action_field.is_in(ids) & (Idea.status == Idea.Status.published.value))
                .group_by(Idea.action_field)
            ):
                counts[c["action_field"]] = c["n"]
            for m in await FieldModerator.select(
                FieldModerator.action_field,
                FieldModerator.account.id.as_alias("account_id"),
                FieldModerator.account.display_name.as_alias("name"),
            ).where(FieldModerator.action_field.is_in(ids)):
                moderators[m["action_field"]].append(AuthorRef(id=m["account_id"], display_name=m["name"]))
        return [
            ActionFieldOut(
                id=r["id"],
                slug=r["slug"],
                title=r["title"],
                summary=r["summary"],
                description=r["description"],
                status=r["status"],
                moderation_mode=r["moderation_mode"],
                idea_count=counts.get(r["id"], 0),
                moderators=moderators[r["id"]],
            )
            for r in rows
        ]

    async def list(self, actor: Actor, include_archived: bool) -> list[ActionFieldOut]:
        query = ActionField.select().order_by(ActionField.id)
        if not (include_archived and permissions.can_view_archived(actor)):
            query = query.where(ActionField.status != ActionField.Status.archived.value)
        return await self._out(await query)

    async def get(self, slug: str) -> ActionFieldOut:
        return (await self._out([await get_field_row(slug)]))[0]

    async def create(self, actor: Actor, data: ActionFieldCreate) -> ActionFieldOut:
        if not permissions.can_manage_action_fields(actor):
            raise Forbidden("Nur das Team legt Handlungsfelder an.")
        async with unit_of_work() as uow:
            if await ActionField.exists().where(ActionField.slug == data.slug):
                raise Conflict(
                    "Diese Kurzbezeichnung (Slug) ist vergeben.",
                    code="slug_taken",
                    errors=[{"field": "slug", "message": "bereits vergeben"}],
                )
            rows = await ActionField.insert(
                ActionField(
                    slug=data.slug,
                    title=data.title,
                    summary=data.summary,
                    description=data.description,
                    status=data.status,
                    moderation_mode=data.moderation_mode,
                )
            ).returning(ActionField.id)
            await uow.emit("platform", "action_field.created", {"id": rows[0]["id"], "slug": data.slug})
        return await self.get(data.slug)

    async def update(self, actor: Actor, slug: str, data: ActionFieldUpdate) -> ActionFieldOut:
        if not permissions.can_manage_action_fields(actor):
            raise Forbidden("Nur das Team bearbeitet Handlungsfelder.")
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None}
        async with unit_of_work() as uow:
            row = await get_field_row(slug)
            if changes:
                await ActionField.update({getattr(ActionField, k): v for k, v in changes.items()}).where(
                    ActionField.id == row["id"]
                )
                await uow.emit(field_scope(row["id"]), "action_field.updated", {"id": row["id"], **changes})
        return await self.get(slug)

    async def assign_moderator(self, actor: Actor, slug: str, account_id: int) -> ActionFieldOut:
        if not permissions.can_assign_moderators(actor):
            raise Forbidden("Nur das Team ernennt Moderierende.")
        async with unit_of_work() as uow:
            row = await get_field_row(slug)
            account = await Account.select(Account.id, Account.role).where(Account.id == account_id).first()
            if account is None:
                raise NotFound("Dieses Konto gibt es nicht.")
            exists = await FieldModerator.exists().where(
                (FieldModerator.action_field == row["id"]) & (FieldModerator.account == account_id)
            )
            if not exists:
                await FieldModerator.insert(FieldModerator(action_field=row["id"], account=account_id))
                if account["role"] == Account.Role.participant.value:
                    await Account.update({Account.role: Account.Role.moderator.value}).where(Account.id == account_id)
                await uow.emit(f"moderation:{row['id']}", "moderator.assigned", {"account_id": account_id})
        return await self.get(slug)

    async def remove_moderator(self, actor: Actor, slug: str, account_id: int) -> ActionFieldOut:
        if not permissions.can_assign_moderators(actor):
            raise Forbidden("Nur das Team ernennt Moderierende.")
        async with unit_of_work() as uow:
            row = await get_field_row(slug)
            deleted = (
                await FieldModerator.delete()
                .where((FieldModerator.action_field == row["id"]) & (FieldModerator.account == account_id))
                .returning(FieldModerator.id)
            )
            if deleted:
                await uow.emit(f"moderation:{row['id']}", "moderator.removed", {"account_id": account_id})
        return await self.get(slug)


def provide_action_field_service() -> ActionFieldService:
    return ActionFieldService()
