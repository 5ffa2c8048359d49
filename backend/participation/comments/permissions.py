"""One predicate per comment action."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = ["EDIT_WINDOW", "can_comment", "can_edit_comment", "can_view_comment"]

EDIT_WINDOW = timedelta(minutes=15)


def can_comment(actor: Actor) -> bool:
    return actor.is_authenticated and not actor.is_blocked


def can_view_comment(actor: Actor, *, status: str, author_id: int, field_id: int) -> bool:
    return status == "published" or actor.account_id == author_id or actor.moderates(field_id)


def can_edit_comment(actor: Actor, *, author_id: int, status: str, created_at: datetime, now: datetime) -> bool:
    """Authors may correct their own comment for 15 minutes, unless it was rejected or hidden."""
    return (
        actor.account_id == author_id
        and not actor.is_blocked
        and status in ("pending", "published")
        and now - created_at <= EDIT_WINDOW
    )
