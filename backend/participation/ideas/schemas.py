from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from backend.core.schemas import AuthorRef

__all__ = [
    "FieldRef",
    "IdeaCreate",
    "IdeaOut",
    "IdeaRef",
    "IdeaStatusChange",
    "MunicipalityRef",
    "OfficialResponseIn",
]

IdeaTitle = Annotated[str, msgspec.Meta(min_length=3, max_length=120, description="3–120 Zeichen")]
IdeaBody = Annotated[str, msgspec.Meta(max_length=5000, description="höchstens 5.000 Zeichen")]
OfficialStatus = Annotated[str, msgspec.Meta(pattern="^(new|under_consideration|accepted|rejected|implemented)$")]


class IdeaCreate(msgspec.Struct, forbid_unknown_fields=True):
    action_field: Annotated[str, msgspec.Meta(min_length=1, max_length=64, description="Slug des Handlungsfelds")]
    title: IdeaTitle
    body: IdeaBody = ""
    municipality: Annotated[str, msgspec.Meta(max_length=64)] | None = None


class OfficialResponseIn(msgspec.Struct, forbid_unknown_fields=True):
    official_status: OfficialStatus
    response: Annotated[str, msgspec.Meta(max_length=5000)] = ""


class IdeaStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: Annotated[str, msgspec.Meta(pattern="^(pending|published|rejected|hidden)$")]
    reason: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class FieldRef(msgspec.Struct):
    id: int
    slug: str
    title: str


class MunicipalityRef(msgspec.Struct):
    slug: str
    name: str


class IdeaRef(msgspec.Struct):
    id: int
    title: str


class IdeaOut(msgspec.Struct):
    id: int
    action_field: FieldRef
    author: AuthorRef
    title: str
    body: str
    status: str
    official_status: str
    official_response: str
    vote_count: int
    comment_count: int
    created_at: datetime
    updated_at: datetime
    municipality: MunicipalityRef | None = None
    official_response_by: str | None = None
    official_response_at: datetime | None = None
    voted: bool = False  # whether the requesting account supports this idea
    # set by moderation (see docs/moderation.md)
    locked: bool = False  # the discussion takes no new comments
    moderation_note: str | None = None  # visible note of a moderator's edit
    merged_into: IdeaRef | None = None  # status "merged": the idea that took its votes and comments
    moderation_reason: str | None = None  # why rejected/hidden/merged; only for the author and moderators
