"""One predicate per workshop action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = [
    "can_add_analog_idea",
    "can_create_workshop",
    "can_facilitate",
    "can_join",
    "can_post_idea",
    "can_vote_dots",
]


def can_create_workshop(actor: Actor) -> bool:
    return actor.is_staff


def can_facilitate(actor: Actor, workshop: dict[str, Any]) -> bool:
    """Phases, timer, focus, settings, flip-chart ideas: staff or the workshop's creator."""
    return actor.is_staff or (actor.account_id is not None and actor.account_id == workshop["created_by"])


def can_join(workshop: dict[str, Any]) -> bool:
    return workshop["phase"] != "closed"


def can_post_idea(participant: Actor) -> bool:
    return participant.is_authenticated and not participant.is_blocked


def can_add_analog_idea(actor: Actor, workshop: dict[str, Any]) -> bool:
    return can_facilitate(actor, workshop)


def can_vote_dots(participant: Actor) -> bool:
    return participant.is_authenticated and not participant.is_blocked
