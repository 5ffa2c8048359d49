"""Accounts: registered people and the pseudonymous identities of workshop participants."""

from __future__ import annotations

from piccolo.columns import Boolean, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.core.actor import Role

__all__ = ["Account"]


class Account(Table, tablename="account"):
    """Anyone who writes or votes. Workshop guests have no e-mail and no password."""

    Role = Role

    id: Serial
    email = Varchar(length=254, null=True, default=None, unique=True)  # stored lower-case
    display_name = Varchar(length=80)
    password_hash = Varchar(length=255, null=True, default=None)  # pbkdf2_sha256$iter$salt$hash
    role = Varchar(length=16, default=Role.participant.value, choices=Role)
    is_blocked = Boolean(default=False)  # blocked: may read, may not post or vote
    created_at = Timestamptz(default=TimestamptzNow())
