"""Moderation: the state of each moderated idea or comment, citizens' reports, and the audit log."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Account
from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.tables import Idea

__all__ = ["AuditEntry", "ItemType", "ModerationState", "Report"]


class ItemType(StrEnum):
    idea = "idea"
    comment = "comment"
    account = "account"  # audit entries of blocks; never a queue item


class ModerationState(Table, tablename="moderation_state"):
    """The moderation side of one idea or comment: queue entry, claim, version, and what readers are told.

    A row exists once moderation has touched the item (a report, a claim, a decision); an item without
    a row is at version 0. (item_type, item_id) is unique (raw index).
    """

    id: Serial
    item_type = Varchar(length=16, choices=ItemType)  # idea | comment
    item_id = Integer()  # idea.id or comment.id, by item_type
    action_field = ForeignKey(null=False, references=ActionField, on_delete=OnDelete.restrict, index=True)
    # bumped by every claim, release and decision: a decision names the version it was made on
    version = Integer(default=0)
    open_reports = Integer(default=0)  # reports since the last decision; > 0 puts the item in the queue
    reported_at = Timestamptz(null=True, default=None)  # first open report: the item's place in the queue
    hidden_by_reports = Boolean(default=False)  # hidden automatically at the report threshold
    claimed_by = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True)
    claimed_until = Timestamptz(null=True, default=None)  # a claim older than this is void
    reason = Text(default="")  # why it was rejected, hidden or merged: shown to the author
    note = Text(default="")  # visible note of a moderator's edit, shown to everyone
    locked = Boolean(default=False)  # ideas: the discussion takes no new comments
    merged_into = ForeignKey(references=Idea, on_delete=OnDelete.restrict, null=True)  # ideas only
    updated_at = Timestamptz(default=TimestamptzNow())

    composite_unique = (("item_type", "item_id"),)  # created by a raw migration


class Report(Table, tablename="moderation_report"):
    """A participant flags an idea or comment; one per reporter and item (raw unique index)."""

    class Reason(StrEnum):
        spam = "spam"
        offensive = "offensive"
        off_topic = "off_topic"
        personal_data = "personal_data"
        other = "other"

    class Resolution(StrEnum):
        open = "open"
        dismissed = "dismissed"  # the moderator kept the item
        upheld = "upheld"  # the moderator removed (rejected, hid or merged) the item

    id: Serial
    item_type = Varchar(length=16, choices=ItemType)
    item_id = Integer()
    action_field = ForeignKey(null=False, references=ActionField, on_delete=OnDelete.restrict, index=True)
    reporter = ForeignKey(null=False, references=Account, on_delete=OnDelete.restrict, index=True)
    reason = Varchar(length=16, choices=Reason)
    text = Text(default="")
    resolution = Varchar(length=12, default=Resolution.open.value, choices=Resolution)
    resolved_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())

    composite_unique = (("item_type", "item_id", "reporter"),)  # created by a raw migration


class AuditEntry(Table, tablename="moderation_audit"):
    """Every moderation decision, with who, when, the state before and after, and the reason.

    Append-only: rows are never updated or deleted. `moderator` is empty for automatic actions
    (an item hidden at the report threshold).
    """

    id: Serial
    action = Varchar(length=40, index=True)  # dotted, e.g. "idea.approve", "account.block"
    item_type = Varchar(length=16, choices=ItemType)
    item_id = Integer()
    action_field = ForeignKey(references=ActionField, on_delete=OnDelete.restrict, null=True, index=True)
    moderator = ForeignKey(references=Account, on_delete=OnDelete.restrict, null=True, index=True)
    before = Text(default="{}")  # JSON: the fields the decision changed, as they were
    after = Text(default="{}")  # JSON: the same fields afterwards
    reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)

    composite_index = (("item_type", "item_id"),)  # created by a raw migration (an item's history)
