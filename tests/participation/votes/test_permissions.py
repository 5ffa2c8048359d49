"""Role x action matrix for support votes: cast and retract, and the idea states that refuse votes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.tables import Idea
from backend.participation.votes.tables import Vote
from tests.core.assertions import assert_problem
from tests.factories import make_idea
from tests.participation.cast import Cast, matrix, vote_rows

OK = None

CAST = {
    "anonymous": (401, "not_authenticated"),
    "participant": (200, OK),
    "blocked": (403, "account_blocked"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (200, OK),
    "staff": (200, OK),
    "admin": (200, OK),
}
RETRACT = CAST


async def _vote_count(idea_id: int) -> int:
    row = await Idea.select(Idea.vote_count).where(Idea.id == idea_id).first()
    assert row is not None
    return int(row["vote_count"])


@pytest.mark.parametrize(("role", "status", "code"), matrix(CAST))
async def test_casting_a_vote(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    response = await cast.clients[role].post(f"/api/ideas/{idea_id}/vote")
    if code:
        assert_problem(response, status, code)
        assert (await vote_rows(idea_id), await _vote_count(idea_id)) == (0, 0)
        return
    assert response.status_code == status, response.text
    assert response.json() == {"idea_id": idea_id, "voted": True, "vote_count": 1, "changed": True}
    assert (await vote_rows(idea_id), await _vote_count(idea_id)) == (1, 1)


@pytest.mark.parametrize(("role", "status", "code"), matrix(RETRACT))
async def test_retracting_a_vote(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    # everyone with an account already supports the idea (the blocked one from before the block)
    voter = cast.accounts[role]["id"] if role != "anonymous" else cast.author["id"]
    await Vote.insert(Vote(idea=idea_id, voter=voter, created_at=datetime.now(tz=UTC)))
    await Idea.update({Idea.vote_count: 1}).where(Idea.id == idea_id)
    response = await cast.clients[role].delete(f"/api/ideas/{idea_id}/vote")
    if code:
        assert_problem(response, status, code)
        assert (await vote_rows(idea_id), await _vote_count(idea_id)) == (1, 1)
        return
    assert response.status_code == status, response.text
    assert response.json() == {"idea_id": idea_id, "voted": False, "vote_count": 0, "changed": True}
    assert (await vote_rows(idea_id), await _vote_count(idea_id)) == (0, 0)


async def test_repeated_vote_answers_200_unchanged_and_adds_no_row(cast: Cast) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    client = cast.clients["participant"]
    first = await client.post(f"/api/ideas/{idea_id}/vote")
    second = await client.post(f"/api/ideas/{idea_id}/vote")
    assert first.json()["changed"] is True
    assert second.status_code == 200, second.text
    assert second.json() == {"idea_id": idea_id, "voted": True, "vote_count": 1, "changed": False}
    assert await vote_rows(idea_id) == 1


async def test_retracting_a_vote_that_does_not_exist_changes_nothing(cast: Cast) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    response = await cast.clients["participant"].delete(f"/api/ideas/{idea_id}/vote")
    assert response.status_code == 200, response.text
    assert response.json() == {"idea_id": idea_id, "voted": False, "vote_count": 0, "changed": False}


@pytest.mark.parametrize("status", ["pending", "hidden", "rejected"])
async def test_unpublished_ideas_take_no_votes(cast: Cast, status: str) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status=status)
    response = await cast.clients["moderator_here"].post(f"/api/ideas/{idea_id}/vote")
    assert_problem(response, 409, "idea_not_published")
    assert await vote_rows(idea_id) == 0


async def test_closed_field_takes_no_votes(cast: Cast) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    await ActionField.update({ActionField.status: "closed"}).where(ActionField.id == cast.field["id"])
    response = await cast.clients["participant"].post(f"/api/ideas/{idea_id}/vote")
    assert_problem(response, 409, "action_field_closed")
    assert await vote_rows(idea_id) == 0


async def test_voting_on_an_unknown_idea_is_404(cast: Cast) -> None:
    response = await cast.clients["participant"].post("/api/ideas/987654/vote")
    assert_problem(response, 404, "idea_not_found")
