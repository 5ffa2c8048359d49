"""Action fields (Handlungsfelder) and the advisory-board members who moderate them."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import ForeignKey, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Account

__all__ = ["ActionField", "FieldModerator"]


class ActionField(Table, tablename="action_field"):
    """A Handlungsfeld: ideas are collected and discussed in exactly one."""

    class Status(StrEnum):
        open = "open"  # accepts ideas, comments and votes
        closed = "closed"  # readable, no new contributions
        archived = "archived"  # hidden from the start page, still readable by link

    class ModerationMode(StrEnum):
        pre = "pre"  # new contributions wait for a moderator
        post = "post"  # visible at once, reportable

    id: Serial
    slug = Varchar(length=64, unique=True)
    title = Varchar(length=120)
    summary = Varchar(length=300, default="")  # one sentence for cards on the start page
    description = Text(default="")
    status = Varchar(length=16, default=Status.open.value, choices=Status)
    moderation_mode = Varchar(length=8, default=ModerationMode.post.value, choices=ModerationMode)
    created_at = Timestamptz(default=TimestamptzNow())


class FieldModerator(Table, tablename="field_moderator"):
    """An account moderating one action field; (action_field, account) is unique (raw index)."""

    id: Serial
    action_field = ForeignKey(null=False, references=ActionField, on_delete=OnDelete.cascade, index=True)
    account = ForeignKey(null=False, references=Account, on_delete=OnDelete.cascade, index=True)

    composite_unique = (("action_field", "account"),)  # created by a raw migration
