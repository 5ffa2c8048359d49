"""Bad input in a workshop gets a clear problem-details answer and changes nothing."""

from __future__ import annotations

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from backend.participation.workshops.tables import DotVote, WorkshopParticipant
from tests.participation.workshops.helpers import join, open_socket, receive, set_phase, setup_workshop


def assert_problem(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


async def test_unknown_code_is_404_and_creates_nobody(api) -> None:
    await setup_workshop(api)
    phone = await api()
    assert_problem(await phone.post("/api/workshops/join", json={"code": "ZZZZZZ"}), 404, "workshop_not_found")
    assert_problem(await phone.get("/api/workshops/code/ZZZZZZ"), 404, "workshop_not_found")
    assert await WorkshopParticipant.count() == 0


async def test_voting_outside_the_voting_phase_is_409(api) -> None:
    staff, workshop = await setup_workshop(api)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    idea = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Eine Idee"})).json()
    dots = f"/api/workshops/{wid}/dots/{idea['id']}"
    assert_problem(await phone.put(dots, json={"points": 1}), 409, "not_voting_phase")
    await set_phase(staff, wid, "results")
    assert_problem(await phone.put(dots, json={"points": 1}), 409, "not_voting_phase")
    assert await DotVote.count() == 0


async def test_ideas_outside_the_ideation_phase_are_409(api) -> None:
    _, workshop = await setup_workshop(api)
    phone = await join(api, workshop["code"])
    response = await phone.post(f"/api/workshops/{workshop['id']}/ideas", json={"title": "Zu früh"})
    assert_problem(response, 409, "not_ideation_phase")


async def test_over_budget_and_over_per_idea_maximum_are_422(api) -> None:
    staff, workshop = await setup_workshop(api, dot_budget=4, max_dots_per_idea=3)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    a = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Idee A"})).json()["id"]
    b = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Idee B"})).json()["id"]
    await set_phase(staff, wid, "voting")
    assert_problem(await phone.put(f"/api/workshops/{wid}/dots/{a}", json={"points": 4}), 422, "over_idea_maximum")
    assert (await phone.put(f"/api/workshops/{wid}/dots/{a}", json={"points": 3})).status_code == 200
    over = await phone.put(f"/api/workshops/{wid}/dots/{b}", json={"points": 2})
    assert_problem(over, 422, "over_budget")
    assert over.json()["dots_left"] == 1
    rows = await DotVote.select(DotVote.points)
    assert [r["points"] for r in rows] == [3]


async def test_changing_the_phase_needs_the_facilitator(api) -> None:
    from tests.factories import client_for, make_account

    _, workshop = await setup_workshop(api)
    wid = workshop["id"]
    phone = await join(api, workshop["code"])
    voting = {"phase": "voting"}
    assert_problem(await phone.post(f"/api/workshops/{wid}/phase", json=voting), 401, "not_authenticated")
    participant = await client_for(api, await make_account())
    assert_problem(await participant.post(f"/api/workshops/{wid}/phase", json=voting), 403, "not_facilitator")
    assert_problem(await participant.post(f"/api/workshops/{wid}/timer", json={"seconds": 60}), 403, "not_facilitator")
    own = {"title": "Meine", "action_fields": ["x"]}
    assert_problem(await participant.post("/api/workshops", json=own), 403, "forbidden")
    assert (await phone.get(f"/api/workshops/{wid}")).json()["phase"] == "lobby"


async def test_invalid_phase_and_unknown_field_are_validation_errors(api) -> None:
    staff, workshop = await setup_workshop(api)
    wid = workshop["id"]
    assert_problem(await staff.post(f"/api/workshops/{wid}/phase", json={"phase": "party"}), 400, "validation_failed")
    response = await staff.post("/api/workshops", json={"title": "Werkstatt", "action_fields": ["gibt-es-nicht"]})
    assert_problem(response, 422, "unknown_action_field")
    empty = {"title": "W", "action_fields": []}
    assert_problem(await staff.post("/api/workshops", json=empty), 400, "validation_failed")


async def test_closed_workshop_refuses_joins_and_reopening(api) -> None:
    staff, workshop = await setup_workshop(api)
    wid = workshop["id"]
    await set_phase(staff, wid, "closed")
    phone = await api()
    assert_problem(await phone.post("/api/workshops/join", json={"code": workshop["code"]}), 409, "workshop_closed")
    assert_problem(await staff.post(f"/api/workshops/{wid}/phase", json={"phase": "voting"}), 409, "workshop_closed")


async def test_oversized_websocket_message_closes_the_socket_with_1009(api) -> None:
    _, workshop = await setup_workshop(api)
    phone = await join(api, workshop["code"])
    socket = await open_socket(phone, f"/api/workshops/{workshop['id']}/ws")
    await receive(socket)
    await socket.send("x" * 100_000)
    with pytest.raises(ConnectionClosed) as closed:
        await socket.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


async def test_foreign_origin_is_refused(api) -> None:
    staff, workshop = await setup_workshop(api)
    phone = await join(api, workshop["code"])
    for client, path in ((phone, "ws"), (staff, "projector/ws")):
        with pytest.raises(InvalidStatus) as refused:
            await open_socket(client, f"/api/workshops/{workshop['id']}/{path}", Origin="https://evil.example")
        assert refused.value.response.status_code == 403
    same = await open_socket(phone, f"/api/workshops/{workshop['id']}/ws", Origin=str(phone.base_url).rstrip("/"))
    assert (await receive(same))["type"] == "snapshot"
    await same.close()


async def test_projector_socket_needs_the_facilitator(api) -> None:
    _, workshop = await setup_workshop(api)
    phone = await join(api, workshop["code"])
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(phone, f"/api/workshops/{workshop['id']}/projector/ws")
    assert refused.value.response.status_code == 403
