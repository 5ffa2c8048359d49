"""Ideas: what citizens propose in an action field."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Account
from backend.participation.action_fields.tables import ActionField
from backend.participation.municipalities.tables import Municipality

__all__ = ["Idea"]


class Idea(Table, tablename="idea"):
    """A proposal; vote_count and comment_count are kept equal to their rows in the same transaction."""

    class Status(StrEnum):
        pending = "pending"  # waits for a moderator (pre-moderated field)
        published = "published"
        rejected = "rejected"
        hidden = "hidden"
        merged = "merged"  # a duplicate: votes and comments moved to another idea (moderation_state)

    class OfficialStatus(StrEnum):
        new = "new"
        under_consideration = "under_consideration"
        accepted = "accepted"
        rejected = "rejected"
        implemented = "implemented"

    id: Serial
    action_field = ForeignKey(null=False, references=ActionField, on_delete=OnDelete.restrict, index=True)
    municipality = ForeignKey(references=Municipality, on_delete=OnDelete.set_null, null=True, index=True)
    author = ForeignKey(null=False, references=Account, on_delete=OnDelete.restrict, index=True)
    title = Varchar(length=120)
    body = Text(default="")
    status = Varchar(length=16, default=Status.published.value, choices=Status, index=True)
    official_status = Varchar(length=24, default=OfficialStatus.new.value, choices=OfficialStatus)
    official_response = Text(default="")
    official_response_by = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True)
    official_response_at = Timestamptz(null=True, default=None)
    vote_count = Integer(default=0)  # = rows in vote for this idea
    comment_count = Integer(default=0)  # = published comments on this idea
    # client-generated key so a retried submission creates one idea; unique per author (raw index)
    idempotency_key = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())

    composite_unique = (("author", "idempotency_key"),)  # created by a raw migration
