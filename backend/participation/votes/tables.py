"""Support votes on ideas."""

from __future__ import annotations

from piccolo.columns import ForeignKey, OnDelete, Serial, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Account
from backend.participation.ideas.tables import Idea

__all__ = ["Vote"]


class Vote(Table, tablename="vote"):
    """One supporter of one idea: (idea, voter) is unique in the database (raw index)."""

    id: Serial
    idea = ForeignKey(null=False, references=Idea, on_delete=OnDelete.restrict, index=True)
    voter = ForeignKey(null=False, references=Account, on_delete=OnDelete.restrict, index=True)
    created_at = Timestamptz(default=TimestamptzNow())

    composite_unique = (("idea", "voter"),)  # created by a raw migration
