"""One predicate per export action: staff everywhere, moderators within the action fields they moderate."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

    from backend.core.actor import Actor

__all__ = [
    "can_export_anything",
    "can_export_field",
    "can_export_platform",
    "can_export_workshop",
    "can_view_field_report",
    "can_view_workshop_report",
]


def can_export_anything(actor: Actor) -> bool:
    """Only staff and moderators of at least one field export; everyone else is refused up front."""
    return actor.is_staff or bool(actor.moderated_fields)


def can_export_platform(actor: Actor) -> bool:
    """The whole platform spans every field: staff only."""
    return actor.is_staff


def can_export_field(actor: Actor, field_id: int) -> bool:
    return actor.moderates(field_id)


def can_export_workshop(actor: Actor, field_ids: Collection[int]) -> bool:
    """Staff; a moderator only when they moderate every action field the workshop works on."""
    if actor.is_staff:
        return True
    return bool(field_ids) and all(actor.moderates(field_id) for field_id in field_ids)


def can_view_field_report(actor: Actor, field_id: int) -> bool:
    return can_export_field(actor, field_id)


def can_view_workshop_report(actor: Actor, field_ids: Collection[int]) -> bool:
    return can_export_workshop(actor, field_ids)
