"""One predicate per vote action."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = ["can_vote"]


def can_vote(actor: Actor) -> bool:
    """Support and retract: any account that is not blocked (the idea's state is checked separately)."""
    return actor.is_authenticated and not actor.is_blocked
