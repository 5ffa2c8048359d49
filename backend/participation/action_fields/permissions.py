"""One predicate per action-field action."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = ["can_assign_moderators", "can_manage_action_fields", "can_view_archived"]


def can_manage_action_fields(actor: Actor) -> bool:
    return actor.is_staff


def can_assign_moderators(actor: Actor) -> bool:
    return actor.is_staff


def can_view_archived(actor: Actor) -> bool:
    return actor.is_staff
