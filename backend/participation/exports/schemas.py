"""What an export is asked for, and the shape of every exported record (JSON keys = these fields)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

__all__ = [
    "CommentRecord",
    "ExportMeta",
    "ExportRequest",
    "FieldStats",
    "IdeaRecord",
    "ModerationRecord",
    "ModerationStats",
    "ParticipationStats",
    "ScopeKind",
    "VotesByIdea",
    "VotesByMunicipality",
    "VotesByTable",
    "WorkshopStats",
]

ScopeKind = Literal["platform", "field", "workshop", "table"]


class ExportRequest(msgspec.Struct, frozen=True):
    """Which part of the platform to export; ids are checked by the service."""

    scope: ScopeKind = "platform"
    action_field: int | None = None
    workshop: int | None = None
    table: int | None = None
    date_from: date | None = None  # ideas submitted on or after this day (Europe/Berlin)
    date_to: date | None = None  # ... and on or before this day
    include_hidden: bool = False


class ExportMeta(msgspec.Struct):
    """The head of every export: what it covers and whether non-public content is in it."""

    scope: str
    scope_label: str
    date_from: date | None
    date_to: date | None
    include_hidden: bool
    generated_at: datetime
    note: str


class IdeaRecord(msgspec.Struct):
    id: int
    action_field: str
    municipality: str | None
    workshop: str | None
    table_no: int | None
    is_analog: bool
    title: str
    body: str
    author: str  # per-export pseudonym (T-001 …)
    created_at: datetime
    status: str
    public: bool  # False: hidden, rejected or pending — only in exports with include_hidden
    supports: int  # support votes (rows in vote)
    comments: int  # published comments
    dots: int  # dot-voting points in the workshop
    official_status: str
    official_response: str
    official_response_by: str | None  # staff name: only official responses name people
    official_response_at: datetime | None


class CommentRecord(msgspec.Struct):
    id: int
    idea_id: int
    idea_title: str
    parent_id: int | None
    author: str
    body: str
    created_at: datetime
    edited_at: datetime | None
    status: str
    public: bool


class VotesByIdea(msgspec.Struct):
    idea_id: int
    title: str
    action_field: str
    municipality: str | None
    workshop: str | None
    table_no: int | None
    supports: int
    dots: int
    public: bool


class VotesByTable(msgspec.Struct):
    workshop_id: int
    workshop: str
    table_no: int | None
    ideas: int
    supports: int
    dots: int


class VotesByMunicipality(msgspec.Struct):
    municipality: str | None
    ideas: int
    supports: int
    dots: int


class FieldStats(msgspec.Struct):
    action_field: str
    ideas: int
    comments: int
    supports: int
    dots: int


class WorkshopStats(msgspec.Struct):
    workshop_id: int
    workshop: str
    starts_at: datetime | None
    participants: int
    ideas: int
    analog_ideas: int
    dots: int


class ParticipationStats(msgspec.Struct):
    ideas: int
    analog_ideas: int
    comments: int
    supports: int
    dots: int
    people: int  # distinct accounts that wrote, commented, supported or spent dots
    idea_authors: int
    commenters: int
    supporters: int
    dot_voters: int
    by_field: list[FieldStats]
    workshops: list[WorkshopStats]


class ModerationStats(msgspec.Struct):
    ideas_by_status: dict[str, int]  # current status of every idea of the scope (counts only)
    comments_by_status: dict[str, int]
    decisions: int  # audit entries on the scope's ideas and comments
    decisions_by_action: dict[str, int]  # e.g. {"idea.approve": 12, "comment.hide": 2}
    moderators: int  # distinct people who decided
    reports: int  # citizens' reports (Meldungen)
    reports_by_reason: dict[str, int]
    reports_by_resolution: dict[str, int]


class ModerationRecord(msgspec.Struct):
    at: datetime
    kind: str  # "idea" or "comment"
    action: str  # approve, reject, hide, unhide, edit, lock, unlock, merge, auto_hide, official_response
    item_id: int
    idea_id: int | None
    previous_status: str  # "" when the decision did not change the status
    status: str
    moderator: str  # per-export pseudonym (M-001 …), "automatisch" for report thresholds
    reason: str | None  # only in exports that include non-public content
