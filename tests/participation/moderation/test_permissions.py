"""Role x action matrix for moderation: every predicate for every role, then every endpoint over HTTP.

Content that waits (pending) exists only for its author and the field's moderators: whoever else acts
on it gets 404, not 403, as when reading it. On published content a moderator of another field gets 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from backend.core.actor import ANONYMOUS, Actor
from backend.participation.comments.tables import Comment
from backend.participation.moderation import permissions
from backend.participation.moderation.tables import AuditEntry
from tests.core.assertions import assert_problem
from tests.factories import make_idea
from tests.participation.cast import ROLES, Cast, make_comment, matrix

HERE, THERE = 1, 2
ACTORS = {
    "anonymous": ANONYMOUS,
    "participant": Actor(account_id=10, role="participant"),
    "blocked": Actor(account_id=11, role="participant", is_blocked=True),
    "moderator_here": Actor(account_id=12, role="moderator", moderated_fields=frozenset({HERE})),
    "moderator_elsewhere": Actor(account_id=13, role="moderator", moderated_fields=frozenset({THERE})),
    "staff": Actor(account_id=14, role="staff"),
    "admin": Actor(account_id=15, role="admin"),
}
MODERATORS_HERE = {"moderator_here", "staff", "admin"}
FIELD_PREDICATES = [
    permissions.can_claim,
    permissions.can_approve,
    permissions.can_reject,
    permissions.can_hide,
    permissions.can_unhide,
    permissions.can_edit_content,
    permissions.can_lock_discussion,
    permissions.can_set_official_response,
    permissions.can_view_queue,
    permissions.can_view_audit,
]


@pytest.mark.parametrize("predicate", FIELD_PREDICATES, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_field_actions_belong_to_the_fields_moderators_and_staff(predicate: Any, role: str) -> None:
    assert predicate(ACTORS[role], HERE) is (role in MODERATORS_HERE)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_of_the_actions_without_a_single_field(role: str) -> None:
    actor = ACTORS[role]
    signed_in = role not in ("anonymous", "blocked")
    assert permissions.can_report(actor) is signed_in
    assert permissions.can_view_queue(actor, None) is (role in MODERATORS_HERE | {"moderator_elsewhere"})
    assert permissions.can_view_audit(actor, None) is (role in MODERATORS_HERE | {"moderator_elsewhere"})
    assert permissions.can_merge_ideas(actor, HERE, THERE) is (role in ("staff", "admin"))
    assert permissions.can_merge_ideas(actor, HERE, HERE) is (role in MODERATORS_HERE)


BLOCK_TARGETS = {  # target role -> roles that may block it (the target wrote in field HERE)
    "participant": {"moderator_here", "staff", "admin"},
    "moderator": {"staff", "admin"},
    "staff": {"admin"},
    "admin": {"admin"},
}


@pytest.mark.parametrize("target_role", list(BLOCK_TARGETS))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_block_whom(role: str, target_role: str) -> None:
    actor = ACTORS[role]
    for predicate in (permissions.can_block_account, permissions.can_unblock_account):
        allowed = predicate(actor, target_id=99, target_role=target_role, target_fields={HERE})
        assert allowed is (role in BLOCK_TARGETS[target_role])
        themselves = predicate(actor, target_id=actor.account_id or 0, target_role=target_role, target_fields={HERE})
        assert themselves is False


# --- over HTTP ---------------------------------------------------------------------------------------

OK = None
_DECIDE = {
    "anonymous": (401, "not_authenticated"),
    "participant": (403, "forbidden"),
    "blocked": (403, "forbidden"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (403, "forbidden"),
    "staff": (200, OK),
    "admin": (200, OK),
}
_DECIDE_PENDING = {
    **_DECIDE,
    "participant": (404, "idea_not_found"),
    "blocked": (404, "idea_not_found"),
    "moderator_elsewhere": (404, "idea_not_found"),
}
_DECIDE_PENDING_COMMENT = {
    **_DECIDE,
    "participant": (404, "comment_not_found"),
    "blocked": (404, "comment_not_found"),
    "moderator_elsewhere": (404, "comment_not_found"),
}
_READ = _DECIDE
_REPORT = {
    "anonymous": (401, "not_authenticated"),
    "participant": (201, OK),
    "blocked": (403, "account_blocked"),
    "moderator_here": (201, OK),
    "moderator_elsewhere": (201, OK),
    "staff": (201, OK),
    "admin": (201, OK),
}

Request = tuple[str, str, dict[str, Any] | None]
Setup = Callable[[Cast], Awaitable[Request]]


async def _published(cast: Cast) -> int:
    return await make_idea(cast.field["id"], cast.author["id"])


async def _pending(cast: Cast) -> int:
    return await make_idea(cast.field["id"], cast.author["id"], status="pending")


async def _claim(cast: Cast) -> Request:
    return "POST", f"/api/moderation/ideas/{await _published(cast)}/claim", {}


async def _approve(cast: Cast) -> Request:
    return "POST", f"/api/moderation/ideas/{await _pending(cast)}/approve", {"version": 0}


async def _reject(cast: Cast) -> Request:
    return "POST", f"/api/moderation/ideas/{await _pending(cast)}/reject", {"reason_template": "spam"}


async def _hide(cast: Cast) -> Request:
    return "POST", f"/api/moderation/ideas/{await _published(cast)}/hide", {"reason": "Netiquette"}


async def _unhide(cast: Cast) -> Request:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status="hidden")
    return "POST", f"/api/moderation/ideas/{idea_id}/unhide", {}


async def _edit(cast: Cast) -> Request:
    return "POST", f"/api/moderation/ideas/{await _published(cast)}/edit", {"title": "Gekürzt", "note": "gekürzt"}


async def _lock(cast: Cast) -> Request:
    return "POST", f"/api/moderation/ideas/{await _published(cast)}/lock", {}


async def _merge(cast: Cast) -> Request:
    target = await _published(cast)
    return "POST", f"/api/moderation/ideas/{await _published(cast)}/merge", {"target_id": target}


async def _status(cast: Cast) -> Request:
    return "PATCH", f"/api/ideas/{await _pending(cast)}/status", {"status": "published"}


async def _approve_comment(cast: Cast) -> Request:
    comment_id = await make_comment(await _published(cast), cast.author["id"])
    await Comment.update({Comment.status: "pending"}).where(Comment.id == comment_id)
    return "POST", f"/api/moderation/comments/{comment_id}/approve", {}


async def _hide_comment(cast: Cast) -> Request:
    comment_id = await make_comment(await _published(cast), cast.author["id"])
    return "POST", f"/api/moderation/comments/{comment_id}/hide", {"reason_template": "offensive"}


async def _block(cast: Cast) -> Request:
    await _published(cast)  # the author wrote in the field
    return "POST", f"/api/moderation/accounts/{cast.author['id']}/block", {"reason": "Spam"}


async def _queue(cast: Cast) -> Request:
    await _pending(cast)
    return "GET", f"/api/moderation/queue?action_field={cast.field['id']}", None


async def _audit(cast: Cast) -> Request:
    return "GET", f"/api/moderation/audit?action_field={cast.field['id']}", None


async def _report(cast: Cast) -> Request:
    return "POST", "/api/moderation/reports", {"item_type": "idea", "item_id": await _published(cast), "reason": "spam"}


ACTIONS: dict[str, tuple[Setup, dict[str, tuple[int, str | None]], bool]] = {
    # name: (request, expected per role, whether success writes an audit entry)
    "claim": (_claim, _DECIDE, False),
    "approve": (_approve, _DECIDE_PENDING, True),
    "reject": (_reject, _DECIDE_PENDING, True),
    "hide": (_hide, _DECIDE, True),
    "unhide": (_unhide, _DECIDE_PENDING, True),  # hidden content is as invisible as pending
    "edit": (_edit, _DECIDE, True),
    "lock": (_lock, _DECIDE, True),
    "merge": (_merge, _DECIDE, True),
    "set_status": (_status, _DECIDE_PENDING, True),
    "approve_comment": (_approve_comment, _DECIDE_PENDING_COMMENT, True),
    "hide_comment": (_hide_comment, _DECIDE, True),
    "block": (_block, _DECIDE, True),
    "view_queue": (_queue, _READ, False),
    "view_audit": (_audit, _READ, False),
    "report": (_report, _REPORT, False),
}
CASES = [
    pytest.param(name, *param.values, id=f"{name}-{param.id}")
    for name, (_, expected, _) in ACTIONS.items()
    for param in matrix(expected)
]


@pytest.mark.parametrize(("action", "role", "status", "code"), CASES)
async def test_moderation_endpoint_matrix(cast: Cast, action: str, role: str, status: int, code: str | None) -> None:
    setup, _, audited = ACTIONS[action]
    method, path, body = await setup(cast)
    response = await cast.clients[role].request(method, path, json=body)
    if code:
        assert_problem(response, status, code)
        assert await AuditEntry.count() == 0
        return
    assert response.status_code == status, response.text
    assert await AuditEntry.count() == (1 if audited else 0)
