from __future__ import annotations

from typing import Annotated

import msgspec

from backend.core.schemas import AuthorRef

__all__ = ["ActionFieldCreate", "ActionFieldOut", "ActionFieldUpdate", "ModeratorAssign"]

Slug = Annotated[str, msgspec.Meta(min_length=2, max_length=64, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Title = Annotated[str, msgspec.Meta(min_length=3, max_length=120)]
Summary = Annotated[str, msgspec.Meta(max_length=300)]
Description = Annotated[str, msgspec.Meta(max_length=10_000)]
FieldStatus = Annotated[str, msgspec.Meta(pattern="^(open|closed|archived)$")]
ModerationMode = Annotated[str, msgspec.Meta(pattern="^(pre|post)$")]


class ActionFieldCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    title: Title
    summary: Summary = ""
    description: Description = ""
    status: FieldStatus = "open"
    moderation_mode: ModerationMode = "post"


class ActionFieldUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title: Title | None = None
    summary: Summary | None = None
    description: Description | None = None
    status: FieldStatus | None = None
    moderation_mode: ModerationMode | None = None


class ModeratorAssign(msgspec.Struct, forbid_unknown_fields=True):
    account_id: Annotated[int, msgspec.Meta(ge=1)]


class ActionFieldOut(msgspec.Struct):
    id: int
    slug: str
    title: str
    summary: str
    description: str
    status: str
    moderation_mode: str
    idea_count: int = 0
    moderators: list[AuthorRef] = msgspec.field(default_factory=list)
