from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from backend.participation.ideas.schemas import FieldRef, MunicipalityRef

__all__ = [
    "DotsIn",
    "DotsOut",
    "FocusIn",
    "JoinIn",
    "JoinOut",
    "ParticipantOut",
    "PhaseIn",
    "TableResult",
    "TimerIn",
    "WorkshopCreate",
    "WorkshopIdeaIn",
    "WorkshopIdeaOut",
    "WorkshopOut",
    "WorkshopSnapshot",
    "WorkshopUpdate",
]

Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Phase = Annotated[str, msgspec.Meta(pattern="^(lobby|ideation|voting|results|closed)$")]
TableNo = Annotated[int, msgspec.Meta(ge=1, le=50)]


class WorkshopCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=3, max_length=160)]
    action_fields: Annotated[list[Slug], msgspec.Meta(min_length=1, max_length=6)]
    starts_at: datetime | None = None
    venue: Annotated[str, msgspec.Meta(max_length=200)] = ""
    municipality: Slug | None = None
    dot_budget: Annotated[int, msgspec.Meta(ge=1, le=20)] = 5
    max_dots_per_idea: Annotated[int, msgspec.Meta(ge=1, le=10)] = 3
    show_names: bool = True
    pre_moderation: bool = False
    table_count: Annotated[int, msgspec.Meta(ge=0, le=50)] = 0


class WorkshopUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title: Annotated[str, msgspec.Meta(min_length=3, max_length=160)] | None = None
    starts_at: datetime | None = None
    venue: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    dot_budget: Annotated[int, msgspec.Meta(ge=1, le=20)] | None = None
    max_dots_per_idea: Annotated[int, msgspec.Meta(ge=1, le=10)] | None = None
    show_names: bool | None = None
    pre_moderation: bool | None = None
    table_count: Annotated[int, msgspec.Meta(ge=0, le=50)] | None = None


class WorkshopOut(msgspec.Struct):
    id: int
    title: str
    code: str
    join_url: str
    phase: str
    venue: str
    dot_budget: int
    max_dots_per_idea: int
    show_names: bool
    pre_moderation: bool
    table_count: int
    participant_count: int
    action_fields: list[FieldRef]
    starts_at: datetime | None = None
    municipality: MunicipalityRef | None = None
    timer_ends_at: datetime | None = None
    focused_idea_id: int | None = None


class JoinIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=16)]
    display_name: Annotated[str, msgspec.Meta(max_length=40)] = ""
    table_no: TableNo | None = None


class ParticipantOut(msgspec.Struct):
    id: int
    display_name: str
    dots_used: int
    dots_left: int
    allocations: dict[int, int]  # idea id -> dots this participant put on it
    table_no: int | None = None


class JoinOut(msgspec.Struct):
    workshop: WorkshopOut
    participant: ParticipantOut


class WorkshopIdeaIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=3, max_length=120)]
    body: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    action_field: Slug | None = None  # default: the workshop's first action field
    table_no: TableNo | None = None
    is_analog: bool = False  # facilitators only: typed in from a flip chart


class WorkshopIdeaOut(msgspec.Struct):
    id: int  # the idea's id
    title: str
    body: str
    status: str
    action_field: str  # slug
    dot_total: int
    is_analog: bool
    created_at: datetime
    table_no: int | None = None
    author_name: str | None = None  # only when the workshop shows names


class DotsIn(msgspec.Struct, forbid_unknown_fields=True):
    points: Annotated[int, msgspec.Meta(ge=0, le=10)]


class DotsOut(msgspec.Struct):
    idea_id: int
    points: int
    dot_total: int
    dots_used: int
    dots_left: int


class PhaseIn(msgspec.Struct, forbid_unknown_fields=True):
    phase: Phase


class TimerIn(msgspec.Struct, forbid_unknown_fields=True):
    seconds: Annotated[int, msgspec.Meta(ge=0, le=7200)]  # 0 stops the countdown


class FocusIn(msgspec.Struct, forbid_unknown_fields=True):
    idea_id: Annotated[int, msgspec.Meta(ge=1)] | None = None


class TableResult(msgspec.Struct):
    table_no: int | None  # None: ideas without a table (phones in the plenum)
    dot_total: int
    idea_ids: list[int]  # most dots first


class WorkshopSnapshot(msgspec.Struct):
    """Everything a phone or the projector shows, in one message."""

    workshop: WorkshopOut
    ideas: list[WorkshopIdeaOut]  # published ideas, most dots first
    tables: list[TableResult]
    pending_count: int = 0  # ideas waiting for moderation (facilitators only)
    me: ParticipantOut | None = None
