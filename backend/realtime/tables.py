"""Event log: every change clients see, in order per scope."""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

__all__ = ["Event", "EventScope"]


class EventScope(Table, tablename="event_scope"):
    """The last sequence number handed out per scope; the row lock serialises writers of one scope."""

    scope = Varchar(length=64, unique=True)  # e.g. "field:7", "workshop:42", "moderation:7"
    last_seq = Integer(default=0)


class Event(Table, tablename="event"):
    """One change, written in the transaction that made it; (scope, seq) is unique (raw index)."""

    id: Serial
    scope = Varchar(length=64)
    seq = Integer()  # strictly increasing within scope, without gaps
    type = Varchar(length=64)  # dotted action name, e.g. "vote.changed"
    data = Text()  # JSON payload, stored exactly as sent to clients
    created_at = Timestamptz()

    composite_unique = (("scope", "seq"),)  # created by a raw migration
