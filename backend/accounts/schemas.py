from __future__ import annotations

from typing import Annotated

import msgspec

__all__ = ["AccountOut", "LoginIn", "RegisterIn", "RoleChange"]

Email = Annotated[
    str,
    msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="E-Mail-Adresse"),
]
Password = Annotated[str, msgspec.Meta(min_length=10, max_length=200, description="Mindestens 10 Zeichen")]
DisplayName = Annotated[str, msgspec.Meta(min_length=2, max_length=60, description="Angezeigter Name")]


class RegisterIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    display_name: DisplayName


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(min_length=1, max_length=254)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class RoleChange(msgspec.Struct, forbid_unknown_fields=True):
    role: Annotated[str, msgspec.Meta(pattern="^(participant|moderator|staff|admin)$")]


class AccountOut(msgspec.Struct):
    id: int
    display_name: str
    role: str
    email: str | None = None
    is_blocked: bool = False
    moderated_fields: list[int] = msgspec.field(default_factory=list)
