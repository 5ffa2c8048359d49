from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from backend.core.schemas import AuthorRef

__all__ = ["CommentCreate", "CommentOut", "CommentStatusChange", "CommentUpdate"]

CommentBody = Annotated[str, msgspec.Meta(min_length=1, max_length=3000, description="1–3.000 Zeichen")]


class CommentCreate(msgspec.Struct, forbid_unknown_fields=True):
    body: CommentBody
    parent_id: Annotated[int, msgspec.Meta(ge=1)] | None = None


class CommentUpdate(msgspec.Struct, forbid_unknown_fields=True):
    body: CommentBody


class CommentStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: Annotated[str, msgspec.Meta(pattern="^(pending|published|rejected|hidden)$")]
    reason: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class CommentOut(msgspec.Struct):
    id: int
    idea_id: int
    parent_id: int | None
    status: str
    body: str  # empty for a removed comment shown only to keep its replies in place
    created_at: datetime
    author: AuthorRef | None  # None for a removed comment
    edited_at: datetime | None = None
    editable_until: datetime | None = None  # for the author, while the edit window is open
    replies: list[CommentOut] = msgspec.field(default_factory=list)
    moderation_note: str | None = None  # visible note of a moderator's edit
    moderation_reason: str | None = None  # why rejected/hidden; only for the author and moderators
