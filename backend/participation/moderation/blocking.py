"""Blocking and unblocking accounts: a blocked account reads but cannot post, comment, vote or report;
what it wrote stays for review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.accounts.tables import Account
from backend.core.errors import Conflict, Forbidden, NotFound
from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from backend.participation.moderation import audit, permissions
from backend.participation.moderation.queue import moderation_scope
from backend.participation.moderation.reasons import compose_reason
from backend.participation.moderation.schemas import AccountBlockOut
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from backend.core.actor import Actor
    from backend.participation.moderation.schemas import BlockIn

__all__ = ["set_blocked"]


async def _fields_written_in(account_id: int) -> set[int]:
    """The action fields in which the account has written ideas or comments."""
    ideas = await Idea.select(Idea.action_field).where(Idea.author == account_id).distinct()
    comments = (
        await Comment.select(Comment.idea.action_field.as_alias("field")).where(Comment.author == account_id).distinct()
    )
    return {r["action_field"] for r in ideas} | {r["field"] for r in comments}


async def set_blocked(actor: Actor, account_id: int, data: BlockIn, *, blocked: bool) -> AccountBlockOut:
    async with unit_of_work() as uow:
        target = (
            await Account.select(Account.id, Account.role, Account.display_name).where(Account.id == account_id).first()
        )
        if target is None:
            raise NotFound("Dieses Konto gibt es nicht.", code="account_not_found")
        fields = await _fields_written_in(account_id)
        allowed = permissions.can_block_account if blocked else permissions.can_unblock_account
        if not allowed(actor, target_id=account_id, target_role=target["role"], target_fields=fields):
            raise Forbidden("Dieses Konto dürfen Sie nicht sperren oder entsperren.")
        reason = compose_reason(data.reason_template, data.reason, required=blocked)
        changed = (
            await Account.update({Account.is_blocked: blocked})
            .where((Account.id == account_id) & (Account.is_blocked == (not blocked)))
            .returning(Account.id)
        )
        if not changed:
            if blocked:
                raise Conflict("Dieses Konto ist bereits gesperrt.", code="already_blocked")
            raise Conflict("Dieses Konto ist nicht gesperrt.", code="not_blocked")
        # moderators act through one of their fields; the entry belongs there (staff: the whole platform)
        through = sorted(fields & actor.moderated_fields) if not actor.is_staff else []
        audit_id = await audit.record(
            action="account.block" if blocked else "account.unblock",
            item_type="account",
            item_id=account_id,
            field_id=through[0] if through else None,
            moderator_id=actor.account_id,
            before={"is_blocked": not blocked},
            after={"is_blocked": blocked},
            reason=reason,
        )
        payload = {
            "account_id": account_id,
            "display_name": target["display_name"],
            "is_blocked": blocked,
            "reason": reason,
            "moderator": {"id": actor.account_id, "display_name": actor.display_name},
        }
        for field_id in sorted(fields):
            await uow.emit(moderation_scope(field_id), "account.blocked" if blocked else "account.unblocked", payload)
    return AccountBlockOut(account_id=account_id, is_blocked=blocked, audit_id=audit_id)
