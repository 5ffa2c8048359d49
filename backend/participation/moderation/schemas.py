from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from backend.core.schemas import AuthorRef
from backend.participation.ideas.schemas import FieldRef

__all__ = [
    "AccountBlockOut",
    "AuditEntryOut",
    "BlockIn",
    "ClaimOut",
    "CommentEditIn",
    "DecisionIn",
    "DecisionOut",
    "FieldCount",
    "IdeaEditIn",
    "MergeIn",
    "QueueItem",
    "QueueOut",
    "ReasonTemplateOut",
    "ReasonedDecisionIn",
    "ReportBrief",
    "ReportIn",
    "ReportOut",
]

Version = Annotated[
    int, msgspec.Meta(ge=0, description="Version aus der Warteschlange; 409, wenn inzwischen jemand entschied")
]
ReasonKey = Annotated[str, msgspec.Meta(min_length=1, max_length=32, description="Schlüssel einer Vorlage")]
ReasonText = Annotated[str, msgspec.Meta(max_length=1000, description="eigener Text, höchstens 1.000 Zeichen")]
Note = Annotated[str, msgspec.Meta(min_length=3, max_length=500, description="Sichtbarer Hinweis zur Bearbeitung")]


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    """Approve, unhide, lock, unlock, claim: an optional reason for the audit log."""

    version: Version | None = None
    reason: ReasonText = ""


class ReasonedDecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    """Reject, hide: a template, own text, or both (at least one)."""

    version: Version | None = None
    reason_template: ReasonKey | None = None
    reason: ReasonText = ""


class IdeaEditIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Note
    version: Version | None = None
    title: Annotated[str, msgspec.Meta(min_length=3, max_length=120)] | None = None
    body: Annotated[str, msgspec.Meta(max_length=5000)] | None = None


class CommentEditIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Note
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=3000)]
    version: Version | None = None


class MergeIn(msgspec.Struct, forbid_unknown_fields=True):
    target_id: Annotated[int, msgspec.Meta(ge=1, description="Die Idee, die bleibt")]
    version: Version | None = None
    reason_template: ReasonKey | None = "duplicate"
    reason: ReasonText = ""


class ReportIn(msgspec.Struct, forbid_unknown_fields=True):
    item_type: Annotated[str, msgspec.Meta(pattern="^(idea|comment)$")]
    item_id: Annotated[int, msgspec.Meta(ge=1)]
    reason: Annotated[str, msgspec.Meta(pattern="^(spam|offensive|off_topic|personal_data|other)$")]
    text: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class BlockIn(msgspec.Struct, forbid_unknown_fields=True):
    reason_template: ReasonKey | None = None
    reason: ReasonText = ""


class ReportOut(msgspec.Struct):
    id: int
    item_type: str
    item_id: int
    reason: str
    text: str
    created_at: datetime


class ReasonTemplateOut(msgspec.Struct):
    key: str
    label: str
    label_en: str
    text: str


class ClaimOut(msgspec.Struct):
    item_type: str
    item_id: int
    version: int
    claimed_by: AuthorRef | None
    claimed_until: datetime | None


class DecisionOut(msgspec.Struct):
    item_type: str
    item_id: int
    action: str  # e.g. "approve"
    status: str  # the item's status afterwards
    previous_status: str
    version: int  # the item's version after the decision
    in_queue: bool  # whether the item still waits for a decision
    reason: str
    audit_id: int


class ReportBrief(msgspec.Struct):
    reason: str
    text: str
    created_at: datetime


class QueueItem(msgspec.Struct):
    """One item waiting for a decision: pending (pre-moderation) or reported."""

    item_type: str  # idea | comment
    item_id: int
    queue_reason: str  # pending | reported
    action_field: FieldRef
    idea_id: int  # the idea itself, or the idea a comment belongs to
    idea_title: str
    body: str
    author: AuthorRef
    status: str
    created_at: datetime
    queued_at: datetime  # the queue's order: oldest first
    version: int
    title: str | None = None  # ideas
    workshop_id: int | None = None
    report_count: int = 0
    reports: list[ReportBrief] = msgspec.field(default_factory=list)  # the open reports, oldest first
    hidden_by_reports: bool = False
    claimed_by: AuthorRef | None = None
    claimed_until: datetime | None = None


class FieldCount(msgspec.Struct):
    action_field: FieldRef
    pending: int
    reported: int


class QueueOut(msgspec.Struct):
    items: list[QueueItem]
    counts: list[FieldCount]  # per field the actor moderates (with the filters applied)
    total: int  # all waiting items (items may be cut to the limit)


class AuditEntryOut(msgspec.Struct):
    id: int
    action: str
    item_type: str
    item_id: int
    action_field_id: int | None
    moderator: AuthorRef | None  # None: automatic (report threshold)
    created_at: datetime
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str


class AccountBlockOut(msgspec.Struct):
    account_id: int
    is_blocked: bool
    audit_id: int
