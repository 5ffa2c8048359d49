"""One predicate per account action."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = ["can_change_roles", "can_list_accounts"]


def can_list_accounts(actor: Actor) -> bool:
    return actor.is_staff


def can_change_roles(actor: Actor) -> bool:
    return actor.is_admin
