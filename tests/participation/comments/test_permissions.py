"""Role x action matrix for comments: write, edit one's own within/after 15 minutes, edit another's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from tests.core.assertions import assert_problem
from tests.factories import make_idea
from tests.participation.cast import Cast, make_comment, matrix

OK = None

CREATE = {
    "anonymous": (401, "not_authenticated"),
    "participant": (201, OK),
    "blocked": (403, "account_blocked"),
    "moderator_here": (201, OK),
    "moderator_elsewhere": (201, OK),
    "staff": (201, OK),
    "admin": (201, OK),
}
# anonymous has no comment of its own: it tries the author's and is asked to log in
EDIT_OWN_IN_TIME = {
    "anonymous": (401, "not_authenticated"),
    "participant": (200, OK),
    "blocked": (403, "edit_not_allowed"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (200, OK),
    "staff": (200, OK),
    "admin": (200, OK),
}
EDIT_OWN_TOO_LATE = {
    "anonymous": (401, "not_authenticated"),
    **{role: (403, "edit_not_allowed") for role in EDIT_OWN_IN_TIME if role != "anonymous"},
}
# moderators, staff and admins moderate (hide, reject) but never rewrite what someone else wrote
EDIT_OTHERS = EDIT_OWN_TOO_LATE


async def _body(comment_id: int) -> str:
    row = await Comment.select(Comment.body).where(Comment.id == comment_id).first()
    assert row is not None
    return str(row["body"])


@pytest.mark.parametrize(("role", "status", "code"), matrix(CREATE))
async def test_commenting_on_a_published_idea(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    response = await cast.clients[role].post(f"/api/ideas/{idea_id}/comments", json={"body": "Gute Idee!"})
    count = (await Idea.select(Idea.comment_count).where(Idea.id == idea_id).first())["comment_count"]
    if code:
        assert_problem(response, status, code)
        assert await Comment.count() == 0
        assert count == 0
        return
    assert response.status_code == status, response.text
    body = response.json()
    assert body["author"]["id"] == cast.accounts[role]["id"]
    assert await _body(body["id"]) == "Gute Idee!"
    assert count == 1


async def _edit(cast: Cast, role: str, *, own: bool, age: timedelta) -> tuple[int, object]:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    owner = cast.accounts[role]["id"] if own and role != "anonymous" else cast.author["id"]
    comment_id = await make_comment(idea_id, owner, age=age, body="Erste Fassung")
    response = await cast.clients[role].patch(f"/api/comments/{comment_id}", json={"body": "Korrigiert"})
    return comment_id, response


@pytest.mark.parametrize(("role", "status", "code"), matrix(EDIT_OWN_IN_TIME))
async def test_editing_own_comment_within_15_minutes(cast: Cast, role: str, status: int, code: str | None) -> None:
    comment_id, response = await _edit(cast, role, own=True, age=timedelta(minutes=14))
    if code:
        assert_problem(response, status, code)
        assert await _body(comment_id) == "Erste Fassung"
        return
    assert response.status_code == status, response.text
    assert response.json()["body"] == "Korrigiert"
    assert response.json()["edited_at"] is not None
    assert await _body(comment_id) == "Korrigiert"


@pytest.mark.parametrize(("role", "status", "code"), matrix(EDIT_OWN_TOO_LATE))
async def test_editing_own_comment_after_15_minutes(cast: Cast, role: str, status: int, code: str | None) -> None:
    comment_id, response = await _edit(cast, role, own=True, age=timedelta(minutes=16))
    assert_problem(response, status, code or "")
    assert await _body(comment_id) == "Erste Fassung"


@pytest.mark.parametrize(("role", "status", "code"), matrix(EDIT_OTHERS))
async def test_editing_someone_elses_comment(cast: Cast, role: str, status: int, code: str | None) -> None:
    comment_id, response = await _edit(cast, role, own=False, age=timedelta(0))
    assert_problem(response, status, code or "")
    assert await _body(comment_id) == "Erste Fassung"


async def test_comment_tells_its_author_how_long_it_stays_editable(cast: Cast) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    created = await cast.clients["participant"].post(f"/api/ideas/{idea_id}/comments", json={"body": "Hallo"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["editable_until"] is not None
    thread = await cast.clients["staff"].get(f"/api/ideas/{idea_id}/comments")
    assert [c["editable_until"] for c in thread.json()] == [None]


async def test_reply_must_hang_on_a_published_comment_of_the_same_idea(cast: Cast) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    other_idea = await make_idea(cast.field["id"], cast.author["id"])
    foreign = await make_comment(other_idea, cast.author["id"])
    response = await cast.clients["participant"].post(
        f"/api/ideas/{idea_id}/comments", json={"body": "Antwort", "parent_id": foreign}
    )
    body = assert_problem(response, 422, "invalid_parent")
    assert body["errors"][0]["field"] == "parent_id"
    parent = await make_comment(idea_id, cast.author["id"])
    reply = await cast.clients["participant"].post(
        f"/api/ideas/{idea_id}/comments", json={"body": "Antwort", "parent_id": parent}
    )
    assert reply.status_code == 201, reply.text
    thread = (await cast.clients["anonymous"].get(f"/api/ideas/{idea_id}/comments")).json()
    assert [(c["id"], [r["id"] for r in c["replies"]]) for c in thread] == [(parent, [reply.json()["id"]])]


async def test_nobody_comments_on_a_pending_idea(cast: Cast) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status="pending")
    response = await cast.clients["moderator_here"].post(
        f"/api/ideas/{idea_id}/comments", json={"body": "Schon jetzt?"}
    )
    assert_problem(response, 409, "idea_not_published")
    assert await Comment.count() == 0
