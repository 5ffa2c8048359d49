"""Comments: the threaded discussion under an idea."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import ForeignKey, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Account
from backend.participation.ideas.tables import Idea

__all__ = ["Comment"]


class Comment(Table, tablename="comment"):
    """A comment on an idea, or a reply to another comment on the same idea."""

    class Status(StrEnum):
        pending = "pending"
        published = "published"
        rejected = "rejected"
        hidden = "hidden"

    id: Serial
    idea = ForeignKey(null=False, references=Idea, on_delete=OnDelete.restrict, index=True)
    parent = ForeignKey(references="self", on_delete=OnDelete.restrict, null=True, index=True)
    author = ForeignKey(null=False, references=Account, on_delete=OnDelete.restrict, index=True)
    body = Text()
    status = Varchar(length=16, default=Status.published.value, choices=Status)
    idempotency_key = Varchar(length=64, null=True, default=None)  # unique per author (raw index)
    created_at = Timestamptz(default=TimestamptzNow())
    edited_at = Timestamptz(null=True, default=None)  # set by the author's edits

    composite_unique = (("author", "idempotency_key"),)  # created by a raw migration
