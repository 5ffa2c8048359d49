"""One predicate per moderation action. Moderators act in the action fields assigned to them (which
includes the workshops working on those fields); staff and admins act everywhere. A blocked account
moderates nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = [
    "can_approve",
    "can_block_account",
    "can_claim",
    "can_edit_content",
    "can_hide",
    "can_lock_discussion",
    "can_merge_ideas",
    "can_reject",
    "can_report",
    "can_set_official_response",
    "can_unblock_account",
    "can_unhide",
    "can_view_audit",
    "can_view_queue",
]


def _moderates(actor: Actor, field_id: int) -> bool:
    return actor.is_authenticated and not actor.is_blocked and actor.moderates(field_id)


def can_report(actor: Actor) -> bool:
    """Anyone signed in and not blocked (whether they can see the item is checked separately)."""
    return actor.is_authenticated and not actor.is_blocked


def can_view_queue(actor: Actor, field_id: int | None) -> bool:
    """The queue of one field, or (field_id None) of all fields the actor moderates."""
    if field_id is None:
        return actor.is_authenticated and not actor.is_blocked and (actor.is_staff or bool(actor.moderated_fields))
    return _moderates(actor, field_id)


def can_claim(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_approve(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_reject(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_hide(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_unhide(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_edit_content(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_lock_discussion(actor: Actor, field_id: int) -> bool:
    return _moderates(actor, field_id)


def can_merge_ideas(actor: Actor, source_field_id: int, target_field_id: int) -> bool:
    """Both ideas must lie in fields the actor moderates."""
    return _moderates(actor, source_field_id) and _moderates(actor, target_field_id)


def can_set_official_response(actor: Actor, field_id: int) -> bool:
    """Staff, or the field's advisory board."""
    return _moderates(actor, field_id)


def _may_block(actor: Actor, *, target_id: int, target_role: str, target_fields: set[int]) -> bool:
    if not actor.is_authenticated or actor.is_blocked or actor.account_id == target_id:
        return False
    if actor.is_admin:
        return True
    if actor.is_staff:
        return target_role in ("participant", "moderator")
    # a moderator: participants who wrote in one of the moderator's fields
    return target_role == "participant" and bool(target_fields & actor.moderated_fields)


def can_block_account(actor: Actor, *, target_id: int, target_role: str, target_fields: set[int]) -> bool:
    """Admins block anyone but themselves, staff block participants and moderators, a field's
    moderators block participants who wrote in that field (`target_fields`)."""
    return _may_block(actor, target_id=target_id, target_role=target_role, target_fields=target_fields)


def can_unblock_account(actor: Actor, *, target_id: int, target_role: str, target_fields: set[int]) -> bool:
    """Whoever may block an account may lift the block."""
    return _may_block(actor, target_id=target_id, target_role=target_role, target_fields=target_fields)


def can_view_audit(actor: Actor, field_id: int | None) -> bool:
    """Staff see the whole log; moderators the entries of one of their fields, or (field_id None) of
    all their fields."""
    if not actor.is_authenticated or actor.is_blocked:
        return False
    if actor.is_staff:
        return True
    return field_id in actor.moderated_fields if field_id is not None else bool(actor.moderated_fields)
