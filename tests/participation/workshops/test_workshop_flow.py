"""A workshop as it runs in a village hall: phones join, post ideas, spread dots; everyone sees it live."""

from __future__ import annotations

import asyncio

from backend.participation.workshops.services import CODE_ALPHABET
from tests.participation.workshops.helpers import (
    join,
    open_socket,
    receive,
    receive_until,
    set_phase,
    setup_workshop,
)


async def test_created_workshop_has_a_readable_code_and_a_qr_code(api) -> None:
    staff, workshop = await setup_workshop(api)
    assert len(workshop["code"]) == 6
    assert set(workshop["code"]) <= set(CODE_ALPHABET)
    assert not set(workshop["code"]) & set("0O1IL")
    assert workshop["join_url"].endswith(f"/werkstatt.html?code={workshop['code']}")
    qr = await staff.get(f"/api/workshops/{workshop['id']}/qr.svg")
    assert qr.status_code == 200
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert qr.text.lstrip().startswith("<svg") and "<path" in qr.text
    # a standalone image that scales: the projector shows it in an <img> at any size
    assert 'xmlns="http://www.w3.org/2000/svg"' in qr.text and 'viewBox="0 0 ' in qr.text


async def test_code_lookup_ignores_case_spaces_and_dashes(api) -> None:
    _, workshop = await setup_workshop(api)
    code = workshop["code"]
    phone = await api()
    sloppy = f" {code[:3].lower()}-{code[3:]} "
    response = await phone.post("/api/workshops/join", json={"code": sloppy})
    assert response.status_code == 200, response.text
    assert response.json()["workshop"]["id"] == workshop["id"]


async def test_the_same_phone_rejoining_stays_the_same_participant(api) -> None:
    _, workshop = await setup_workshop(api)
    phone = await join(api, workshop["code"], "Anna")
    cookie = f"mw_wp_{workshop['id']}"
    assert cookie in phone.cookies
    again = await phone.post("/api/workshops/join", json={"code": workshop["code"], "display_name": "Anna B."})
    assert again.json()["participant"]["id"] == phone.participant["id"]
    assert again.json()["participant"]["display_name"] == "Anna B."
    other = await join(api, workshop["code"])
    assert other.participant["id"] != phone.participant["id"]
    assert other.participant["display_name"].startswith("Teilnehmende ")
    info = await phone.get(f"/api/workshops/{workshop['id']}")
    assert info.json()["participant_count"] == 2


async def test_participant_cookie_is_httponly_and_only_its_hash_is_stored(api) -> None:
    from backend.participation.workshops.tables import WorkshopParticipant

    _, workshop = await setup_workshop(api)
    phone = await api()
    response = await phone.post("/api/workshops/join", json={"code": workshop["code"]})
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=lax" in header.replace("Lax", "lax")
    token = phone.cookies[f"mw_wp_{workshop['id']}"]
    stored = await WorkshopParticipant.select(WorkshopParticipant.token_hash)
    assert [row["token_hash"] for row in stored] != [token]
    assert all(token not in row["token_hash"] for row in stored)


async def test_phone_posts_and_votes_while_second_phone_and_projector_see_every_event_in_order(api) -> None:
    staff, workshop = await setup_workshop(api, dot_budget=5, max_dots_per_idea=3)
    wid = workshop["id"]
    anna = await join(api, workshop["code"], "Anna")
    ben = await join(api, workshop["code"], "Ben")
    ben_socket = await open_socket(ben, f"/api/workshops/{wid}/ws")
    projector = await open_socket(staff, f"/api/workshops/{wid}/projector/ws")
    try:
        first_ben, first_projector = await receive(ben_socket), await receive(projector)
        assert first_ben["type"] == first_projector["type"] == "snapshot"
        assert first_ben["data"]["me"]["id"] == ben.participant["id"]
        start = first_ben["seq"]

        await set_phase(staff, wid, "ideation")
        idea = await anna.post(f"/api/workshops/{wid}/ideas", json={"title": "Mitfahrbank am Dorfplatz"})
        assert idea.status_code == 201, idea.text
        idea_id = idea.json()["id"]
        await set_phase(staff, wid, "voting")
        dots = await anna.put(f"/api/workshops/{wid}/dots/{idea_id}", json={"points": 2})
        assert dots.json() == {"idea_id": idea_id, "points": 2, "dot_total": 2, "dots_used": 2, "dots_left": 3}

        def done(m: dict) -> bool:
            return m["type"] == "tallies"

        for socket in (ben_socket, projector):
            messages = await receive_until(socket, done)
            assert [m["type"] for m in messages] == ["phase.changed", "idea.added", "phase.changed", "tallies"]
            seqs = [m["seq"] for m in messages]
            assert seqs == sorted(seqs) and seqs[0] > start and len(set(seqs)) == len(seqs)
            assert messages[1]["data"]["title"] == "Mitfahrbank am Dorfplatz"
            assert messages[1]["data"]["author_name"] == "Anna"
            assert messages[3]["data"]["items"] == [{"idea_id": idea_id, "dot_total": 2}]
    finally:
        await ben_socket.close()
        await projector.close()


async def test_reconnect_with_since_receives_exactly_the_missed_events(api) -> None:
    staff, workshop = await setup_workshop(api, dot_budget=20, max_dots_per_idea=10)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    socket = await open_socket(phone, f"/api/workshops/{wid}/ws")
    snapshot = await receive(socket)
    await socket.close()
    last = snapshot["seq"]

    for n in range(50):  # 50 events while the phone is offline
        response = await phone.post(f"/api/workshops/{wid}/ideas", json={"title": f"Idee Nummer {n}"})
        assert response.status_code == 201

    socket = await open_socket(phone, f"/api/workshops/{wid}/ws?since={last}")
    try:
        missed = [await receive(socket) for _ in range(50)]
        assert [m["seq"] for m in missed] == list(range(last + 1, last + 51))
        assert {m["type"] for m in missed} == {"idea.added"}
        assert [m["data"]["title"] for m in missed] == [f"Idee Nummer {n}" for n in range(50)]
        # nothing else is pending
        await set_phase(staff, wid, "voting")
        nxt = await receive(socket)
        assert nxt["type"] == "phase.changed" and nxt["seq"] == last + 51
    finally:
        await socket.close()


async def _age_scope(scope: str, extra: int) -> None:
    """Store `extra` old events in a scope without publishing them (as if they happened long ago)."""
    from datetime import UTC, datetime

    from backend.realtime.tables import Event, EventScope

    current = (await EventScope.select(EventScope.last_seq).where(EventScope.scope == scope).first())["last_seq"]
    now = datetime.now(tz=UTC)
    await Event.insert(
        *(
            Event(scope=scope, seq=current + n, type="test.filler", data="{}", created_at=now)
            for n in range(1, extra + 1)
        )
    )
    await EventScope.update({EventScope.last_seq: current + extra}).where(EventScope.scope == scope)


async def test_reconnect_with_too_old_or_future_since_gets_a_snapshot(api) -> None:
    from backend.realtime.stream import MAX_REPLAY

    _, workshop = await setup_workshop(api)
    wid = workshop["id"]
    phone = await join(api, workshop["code"])
    for since in (10_000, 0):
        if since == 0:
            await _age_scope(f"workshop:{wid}", MAX_REPLAY + 5)
        socket = await open_socket(phone, f"/api/workshops/{wid}/ws?since={since}")
        try:
            message = await receive(socket)
            assert message["type"] == "snapshot"
            assert message["data"]["workshop"]["id"] == wid
        finally:
            await socket.close()


async def test_twenty_simultaneous_dot_votes_never_exceed_budget_or_per_idea_maximum(api) -> None:
    from backend.participation.workshops.tables import DotVote, WorkshopIdea

    staff, workshop = await setup_workshop(api, dot_budget=5, max_dots_per_idea=3)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    ideas = []
    for n in range(4):
        response = await phone.post(f"/api/workshops/{wid}/ideas", json={"title": f"Vorschlag {n}"})
        ideas.append(response.json()["id"])
    await set_phase(staff, wid, "voting")

    barrier = asyncio.Barrier(20)

    async def vote(i: int) -> int:
        await barrier.wait()
        response = await phone.put(f"/api/workshops/{wid}/dots/{ideas[i % 4]}", json={"points": 1 + i % 3})
        return response.status_code

    statuses = await asyncio.gather(*(vote(i) for i in range(20)))
    assert set(statuses) <= {200, 422}
    assert 200 in statuses and 422 in statuses
    rows = await DotVote.select().where(DotVote.participant == phone.participant["id"])
    assert sum(r["points"] for r in rows) <= 5
    assert all(1 <= r["points"] <= 3 for r in rows)
    assert len({r["idea"] for r in rows}) == len(rows)
    for idea_id in ideas:
        total = await WorkshopIdea.select(WorkshopIdea.dot_total).where(WorkshopIdea.idea == idea_id).first()
        assert total["dot_total"] == sum(r["points"] for r in rows if r["idea"] == idea_id)
    me = (await phone.get(f"/api/workshops/{wid}/me")).json()
    assert me["dots_used"] == sum(r["points"] for r in rows) and me["dots_left"] == 5 - me["dots_used"]


async def test_dots_can_be_reallocated_while_voting_is_open(api) -> None:
    staff, workshop = await setup_workshop(api, dot_budget=3, max_dots_per_idea=3)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    a = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Idee A"})).json()["id"]
    b = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Idee B"})).json()["id"]
    await set_phase(staff, wid, "voting")
    assert (await phone.put(f"/api/workshops/{wid}/dots/{a}", json={"points": 3})).status_code == 200
    assert (await phone.put(f"/api/workshops/{wid}/dots/{b}", json={"points": 1})).status_code == 422
    assert (await phone.put(f"/api/workshops/{wid}/dots/{a}", json={"points": 1})).json()["dots_left"] == 2
    moved = await phone.put(f"/api/workshops/{wid}/dots/{b}", json={"points": 2})
    assert moved.json() == {"idea_id": b, "points": 2, "dot_total": 2, "dots_used": 3, "dots_left": 0}
    repeat = await phone.put(f"/api/workshops/{wid}/dots/{b}", json={"points": 2})
    assert repeat.json()["dot_total"] == 2  # absolute: a retry counts nothing twice
    snapshot = (await phone.get(f"/api/workshops/{wid}/snapshot")).json()
    assert snapshot["me"]["allocations"] == {str(a): 1, str(b): 2}
    assert [i["id"] for i in snapshot["ideas"]] == [b, a]


async def test_flip_chart_ideas_are_marked_analog_and_roll_up_per_table(api) -> None:
    staff, workshop = await setup_workshop(api, table_count=2, dot_budget=5)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    one = await join(api, workshop["code"], table_no=1)
    a = (await one.post(f"/api/workshops/{wid}/ideas", json={"title": "Tisch eins digital"})).json()
    assert a["table_no"] == 1 and a["is_analog"] is False
    flip_chart = {"title": "Vom Flipchart", "is_analog": True, "table_no": 2}
    b = await staff.post(f"/api/workshops/{wid}/ideas", json=flip_chart)
    assert b.status_code == 201 and b.json()["is_analog"] is True and b.json()["author_name"] is None
    not_staff = await one.post(f"/api/workshops/{wid}/ideas", json={"title": "Flipchart?", "is_analog": True})
    assert not_staff.status_code in (401, 403)
    await set_phase(staff, wid, "voting")
    await one.put(f"/api/workshops/{wid}/dots/{a['id']}", json={"points": 2})
    await one.put(f"/api/workshops/{wid}/dots/{b.json()['id']}", json={"points": 3})
    tables = (await staff.get(f"/api/workshops/{wid}/snapshot")).json()["tables"]
    assert tables == [
        {"table_no": 1, "dot_total": 2, "idea_ids": [a["id"]]},
        {"table_no": 2, "dot_total": 3, "idea_ids": [b.json()["id"]]},
    ]


async def test_pre_moderated_workshop_idea_waits_then_appears_live_on_the_wall(api) -> None:
    from tests.factories import client_for, make_account

    staff, workshop = await setup_workshop(api, pre_moderation=True)
    wid = workshop["id"]
    field_id = workshop["action_fields"][0]["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    other = await join(api, workshop["code"])
    socket = await open_socket(other, f"/api/workshops/{wid}/ws")
    try:
        await receive(socket)
        idea = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Wartet auf Freigabe"})).json()
        assert idea["status"] == "pending"
        pending = await receive(socket)
        assert pending["type"] == "idea.pending" and "title" not in pending["data"]
        wall = (await other.get(f"/api/workshops/{wid}/snapshot")).json()["ideas"]
        assert wall == []
        moderator = await client_for(api, await make_account("moderator", moderates=[field_id]))
        decided = await moderator.patch(f"/api/ideas/{idea['id']}/status", json={"status": "published"})
        assert decided.status_code == 200, decided.text
        messages = await receive_until(socket, lambda m: m["type"] == "idea.added")
        assert messages[-1]["data"]["title"] == "Wartet auf Freigabe"
    finally:
        await socket.close()


async def test_focus_and_timer_reach_every_phone(api) -> None:
    staff, workshop = await setup_workshop(api)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await join(api, workshop["code"])
    idea = (await phone.post(f"/api/workshops/{wid}/ideas", json={"title": "Im Fokus"})).json()
    socket = await open_socket(phone, f"/api/workshops/{wid}/ws")
    try:
        await receive(socket)
        assert (await staff.post(f"/api/workshops/{wid}/focus", json={"idea_id": idea["id"]})).status_code == 200
        assert (await staff.post(f"/api/workshops/{wid}/timer", json={"seconds": 300})).status_code == 200
        focus, timer = await receive(socket), await receive(socket)
        assert focus["type"] == "focus.changed" and focus["data"] == {"idea_id": idea["id"]}
        assert timer["type"] == "timer.changed" and timer["data"]["timer_ends_at"]
        assert (await phone.get(f"/api/workshops/{wid}")).json()["focused_idea_id"] == idea["id"]
    finally:
        await socket.close()


async def test_workshop_scope_is_readable_through_the_generic_event_api(api) -> None:
    staff, workshop = await setup_workshop(api)
    wid = workshop["id"]
    await set_phase(staff, wid, "ideation")
    phone = await api()
    events = await phone.get(f"/api/events?scope=workshop:{wid}&since=0")
    assert events.status_code == 200
    assert [e["type"] for e in events.json()] == ["workshop.created", "phase.changed"]
    socket = await open_socket(phone, f"/api/events/ws?scope=workshop:{wid}")
    try:
        snapshot = await receive(socket)
        assert snapshot["type"] == "snapshot" and snapshot["data"]["workshop"]["phase"] == "ideation"
    finally:
        await socket.close()
