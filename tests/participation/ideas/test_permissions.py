"""Role x action matrix for ideas: submit, see pending ideas, official responses, status changes."""

from __future__ import annotations

from typing import Any

import pytest

from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.tables import Idea
from tests.core.assertions import assert_problem
from tests.factories import client_for, make_idea
from tests.participation.cast import Cast, matrix

OK = None  # no problem code: the action succeeds

SUBMIT = {
    "anonymous": (401, "not_authenticated"),
    "participant": (201, OK),
    "blocked": (403, "account_blocked"),
    "moderator_here": (201, OK),
    "moderator_elsewhere": (201, OK),
    "staff": (201, OK),
    "admin": (201, OK),
}
# a pending idea exists only for its author and whoever moderates the field; others get 404, not 403
VIEW_PENDING = {
    "anonymous": (404, "idea_not_found"),
    "participant": (404, "idea_not_found"),
    "blocked": (404, "idea_not_found"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (404, "idea_not_found"),
    "staff": (200, OK),
    "admin": (200, OK),
}
LIST_PENDING = {
    "anonymous": (403, "forbidden"),
    "participant": (403, "forbidden"),
    "blocked": (403, "forbidden"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (403, "forbidden"),
    "staff": (200, OK),
    "admin": (200, OK),
}
RESPOND = {
    "anonymous": (401, "not_authenticated"),
    "participant": (403, "forbidden"),
    "blocked": (403, "forbidden"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (403, "forbidden"),
    "staff": (200, OK),
    "admin": (200, OK),
}
# whoever may not see a pending idea learns nothing about it: 404, as when reading it
RESPOND_TO_PENDING = {
    "anonymous": (401, "not_authenticated"),
    "participant": (404, "idea_not_found"),
    "blocked": (404, "idea_not_found"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (404, "idea_not_found"),
    "staff": (200, OK),
    "admin": (200, OK),
}
SET_STATUS = RESPOND


async def _idea_row(idea_id: int) -> dict:
    row = await Idea.select().where(Idea.id == idea_id).first()
    assert row is not None
    return row


@pytest.mark.parametrize(("role", "status", "code"), matrix(SUBMIT))
async def test_submitting_an_idea(cast: Cast, role: str, status: int, code: str | None) -> None:
    response = await cast.clients[role].post(
        "/api/ideas", json={"action_field": cast.field["slug"], "title": "Mitfahrbank am Dorfplatz"}
    )
    if code:
        assert_problem(response, status, code)
        assert await Idea.count() == 0
        return
    assert response.status_code == status, response.text
    body = response.json()
    assert body["author"]["id"] == cast.accounts[role]["id"]
    assert body["status"] == "published"
    assert (await _idea_row(body["id"]))["title"] == "Mitfahrbank am Dorfplatz"


@pytest.mark.parametrize(("role", "status", "code"), matrix(VIEW_PENDING))
async def test_viewing_a_pending_idea(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status="pending", title="Wartet noch")
    response = await cast.clients[role].get(f"/api/ideas/{idea_id}")
    if code:
        assert_problem(response, status, code)
    else:
        assert response.status_code == status, response.text
        assert response.json()["title"] == "Wartet noch"


async def test_author_sees_own_pending_idea(cast: Cast, api: Any) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status="pending")
    author = await client_for(api, cast.author)
    response = await author.get(f"/api/ideas/{idea_id}")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "pending"


@pytest.mark.parametrize(("role", "status", "code"), matrix(LIST_PENDING))
async def test_listing_pending_ideas_of_a_field(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status="pending")
    response = await cast.clients[role].get(
        "/api/ideas", params={"action_field": cast.field["slug"], "status": "pending"}
    )
    if code:
        assert_problem(response, status, code)
    else:
        assert response.status_code == status, response.text
        assert [i["id"] for i in response.json()["items"]] == [idea_id]


@pytest.mark.parametrize(("role", "status", "code"), matrix(RESPOND))
async def test_official_response(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    response = await cast.clients[role].post(
        f"/api/ideas/{idea_id}/official-response",
        json={"official_status": "under_consideration", "response": "Der Beirat prüft das."},
    )
    row = await _idea_row(idea_id)
    if code:
        assert_problem(response, status, code)
        assert (row["official_status"], row["official_response"]) == ("new", "")
        return
    assert response.status_code == status, response.text
    assert response.json()["official_status"] == "under_consideration"
    assert row["official_response"] == "Der Beirat prüft das."
    assert row["official_response_by"] == cast.accounts[role]["id"]


@pytest.mark.parametrize(("role", "status", "code"), matrix(RESPOND_TO_PENDING))
async def test_official_response_to_a_pending_idea(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"], status="pending")
    response = await cast.clients[role].post(
        f"/api/ideas/{idea_id}/official-response", json={"official_status": "accepted"}
    )
    row = await _idea_row(idea_id)
    if code:
        assert_problem(response, status, code)
        assert row["official_status"] == "new"
    else:
        assert response.status_code == status, response.text
        assert row["official_status"] == "accepted"


@pytest.mark.parametrize(("role", "status", "code"), matrix(SET_STATUS))
async def test_setting_the_status_of_an_idea(cast: Cast, role: str, status: int, code: str | None) -> None:
    idea_id = await make_idea(cast.field["id"], cast.author["id"])
    response = await cast.clients[role].patch(
        f"/api/ideas/{idea_id}/status", json={"status": "hidden", "reason": "Doppelt eingereicht"}
    )
    row = await _idea_row(idea_id)
    if code:
        assert_problem(response, status, code)
        assert row["status"] == "published"
    else:
        assert response.status_code == status, response.text
        assert row["status"] == "hidden"


async def test_nobody_submits_into_a_closed_field(cast: Cast) -> None:
    await ActionField.update({ActionField.status: "closed"}).where(ActionField.id == cast.field["id"])
    response = await cast.clients["staff"].post(
        "/api/ideas", json={"action_field": cast.field["slug"], "title": "Zu spät"}
    )
    assert_problem(response, 409, "action_field_closed")
    assert await Idea.count() == 0
