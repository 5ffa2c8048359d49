"""Who is acting: the account behind a request, with its role and moderated action fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["ANONYMOUS", "Actor", "Role"]


class Role(StrEnum):
    participant = "participant"
    moderator = "moderator"  # rights only in the action fields assigned to the account
    staff = "staff"
    admin = "admin"


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    role: str = "anonymous"
    display_name: str = ""
    moderated_fields: frozenset[int] = field(default_factory=frozenset)
    is_blocked: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.account_id is not None

    @property
    def is_staff(self) -> bool:
        """Staff and admins act everywhere."""
        return self.role in (Role.staff, Role.admin)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin

    def moderates(self, action_field_id: int) -> bool:
        return self.is_staff or action_field_id in self.moderated_fields


ANONYMOUS = Actor(account_id=None)
