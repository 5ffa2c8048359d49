"""Everyone the permission matrices ask about: one logged-in client per role, plus the field under test."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from backend.participation.votes.tables import Vote
from tests.factories import ApiClient, client_for, make_account, make_field

__all__ = ["ROLES", "Cast", "make_cast", "make_comment", "matrix", "vote_rows"]

# anonymous, participant, blocked participant, moderator of this field, of another field, staff, admin
ROLES = ("anonymous", "participant", "blocked", "moderator_here", "moderator_elsewhere", "staff", "admin")


@dataclass
class Cast:
    field: dict[str, Any]  # the action field every action targets
    other_field: dict[str, Any]
    author: dict[str, Any]  # a participant who wrote the content others act on
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # role -> account (no anonymous)
    clients: dict[str, ApiClient] = field(default_factory=dict)  # role -> client (anonymous included)


async def make_cast(api: Any, *, moderation_mode: str = "post") -> Cast:
    here = await make_field(moderation_mode=moderation_mode)
    elsewhere = await make_field()
    cast = Cast(field=here, other_field=elsewhere, author=await make_account(name="Autorin"))
    cast.accounts = {
        "participant": await make_account(),
        "blocked": await make_account(blocked=True),
        "moderator_here": await make_account("moderator", moderates=[here["id"]]),
        "moderator_elsewhere": await make_account("moderator", moderates=[elsewhere["id"]]),
        "staff": await make_account("staff"),
        "admin": await make_account("admin"),
    }
    cast.clients = {"anonymous": await api()}
    for role, account in cast.accounts.items():
        cast.clients[role] = await client_for(api, account)
    return cast


async def make_comment(idea_id: int, author_id: int, *, age: timedelta = timedelta(0), body: str = "") -> int:
    """A published comment written `age` ago, straight into the database."""
    rows = await Comment.insert(
        Comment(
            idea=idea_id,
            author=author_id,
            body=body or "Ein Kommentar",
            status=Comment.Status.published.value,
            created_at=datetime.now(tz=UTC) - age,
        )
    ).returning(Comment.id)
    await Idea.update({Idea.comment_count: Idea.comment_count + 1}).where(Idea.id == idea_id)
    return int(rows[0]["id"])


async def vote_rows(idea_id: int) -> int:
    return await Vote.count().where(Vote.idea == idea_id)


def matrix(expected: dict[str, tuple[int, str | None]]) -> list[Any]:
    """pytest params (role, status, code) for a whole row of the matrix; every role must be listed."""
    assert set(expected) == set(ROLES), f"matrix incomplete: {set(ROLES) ^ set(expected)}"
    return [pytest.param(role, *expected[role], id=role) for role in ROLES]
