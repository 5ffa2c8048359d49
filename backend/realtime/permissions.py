"""Who may follow which event scope: checked when a socket subscribes and when events are fetched."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from backend.core.actor import Actor

__all__ = ["SCOPE_PATTERN", "can_read_scope", "register_scope_reader"]

SCOPE_PATTERN = r"^(platform|[a-z_]+:[0-9]{1,12})$"
_SCOPE_RE = re.compile(SCOPE_PATTERN)

# Domains that own a scope kind register how to decide access to it (e.g. "workshop").
_readers: dict[str, Callable[[Actor, int], Awaitable[bool]]] = {}


def register_scope_reader(kind: str, reader: Callable[[Actor, int], Awaitable[bool]]) -> None:
    _readers[kind] = reader


async def can_read_scope(actor: Actor, scope: str) -> bool:
    """Public scopes carry published content only; moderation scopes need the field's moderators."""
    if not _SCOPE_RE.match(scope):
        return False
    if scope == "platform":
        return True
    kind, _, raw_id = scope.partition(":")
    scope_id = int(raw_id)
    if kind == "field":
        return True
    if kind == "moderation":
        return actor.moderates(scope_id)
    reader = _readers.get(kind)
    return bool(reader and await reader(actor, scope_id))
