"""One predicate per idea action; the service checks them and maps a refusal to 401/403."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = [
    "can_see_unpublished_ideas",
    "can_submit_idea",
    "can_view_idea",
]


def can_view_idea(actor: Actor, *, status: str, author_id: int, field_id: int) -> bool:
    """Published ideas are public; anything else only for its author and the field's moderators."""
    return status == "published" or actor.account_id == author_id or actor.moderates(field_id)


def can_submit_idea(actor: Actor) -> bool:
    return actor.is_authenticated and not actor.is_blocked


def can_see_unpublished_ideas(actor: Actor, field_id: int | None) -> bool:
    """Listing pending/hidden/rejected ideas: staff anywhere, moderators within their field."""
    return actor.is_staff or (field_id is not None and actor.moderates(field_id))
