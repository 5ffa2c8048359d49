"""Live events of an action field over a real WebSocket: every change arrives once, in seq order, and a
reconnect with `since` or a gap fill over HTTP gives exactly the events after that seq."""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from tests.core.assertions import assert_problem
from tests.factories import ApiClient, client_for, make_account, make_field, make_idea

TALLIES = "tallies"  # the socket coalesces vote.changed events into this message type


def _ws_url(client: ApiClient, query: str) -> str:
    return str(client.base_url).replace("http://", "ws://").rstrip("/") + f"/api/events/ws?{query}"


@asynccontextmanager
async def follow(client: ApiClient, query: str, **headers: str) -> Any:
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)
    extra = {"Cookie": cookie, **headers} if cookie else headers
    async with connect(_ws_url(client, query), additional_headers=extra, compression=None, open_timeout=10) as ws:
        yield ws


async def next_message(socket: ClientConnection, wait_s: float = 5) -> dict[str, Any]:
    async with asyncio.timeout(wait_s):
        return json.loads(await socket.recv())


async def assert_silent(socket: ClientConnection, wait_s: float = 0.4) -> None:
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(wait_s):
            raise AssertionError(f"unexpected message: {await socket.recv()}")


async def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json() if response.content else {}


@pytest.fixture
async def people(api: Any) -> dict[str, Any]:
    field = await make_field()
    return {
        "field": field,
        "author": await client_for(api, await make_account()),
        "voter": await client_for(api, await make_account()),
        "staff": await client_for(api, await make_account("staff")),
        "anonymous": await api(),
    }


async def _changes(people: dict[str, Any]) -> list[tuple[str, Any]]:
    """Each state change of a field, as (expected message type, coroutine factory)."""
    author, voter, staff = people["author"], people["voter"], people["staff"]
    ids: dict[str, int] = {}

    async def submit() -> None:
        submitted = await author.post("/api/ideas", json={"action_field": people["field"]["slug"], "title": "Bank"})
        ids["idea"] = (await _ok(submitted, 201))["id"]

    async def comment() -> None:
        created = await voter.post(f"/api/ideas/{ids['idea']}/comments", json={"body": "Ja!"})
        ids["comment"] = (await _ok(created, 201))["id"]

    def status(value: str) -> Any:
        return staff.patch(f"/api/ideas/{ids['idea']}/status", json={"status": value, "reason": "Doppelt"})

    return [
        ("idea.submitted", submit),
        (TALLIES, lambda: voter.post(f"/api/ideas/{ids['idea']}/vote")),
        ("comment.created", comment),
        ("idea.official_response", lambda: staff.post(
            f"/api/ideas/{ids['idea']}/official-response", json={"official_status": "accepted", "response": "Gut."})),
        ("comment.updated", lambda: voter.patch(f"/api/comments/{ids['comment']}", json={"body": "Ja, gern!"})),
        (TALLIES, lambda: voter.delete(f"/api/ideas/{ids['idea']}/vote")),
        ("idea.removed", lambda: status("hidden")),  # moderation wants a reason for hiding
        ("idea.published", lambda: status("published")),
    ]  # fmt: skip


async def _run_all(people: dict[str, Any], socket: ClientConnection) -> list[dict[str, Any]]:
    """Make every change, waiting for its message each time; returns the messages."""
    received = []
    for expected, change in await _changes(people):
        result = await change()
        if hasattr(result, "status_code"):
            assert result.status_code == 200, result.text
        message = await next_message(socket)
        assert message["type"] == expected, message
        received.append(message)
    return received


async def test_subscriber_gets_every_change_in_seq_order_without_gaps(people: dict[str, Any]) -> None:
    scope = f"field:{people['field']['id']}"
    async with follow(people["anonymous"], f"scope={scope}&since=0") as socket:
        received = await _run_all(people, socket)
        await assert_silent(socket)
    assert [m["seq"] for m in received] == list(range(1, len(received) + 1))
    assert all(m["scope"] == scope for m in received)
    submitted = received[0]["data"]
    assert (submitted["title"], submitted["vote_count"]) == ("Bank", 0)
    assert [m["data"]["items"] for m in received if m["type"] == TALLIES] == [
        [{"idea_id": submitted["id"], "vote_count": 1}],
        [{"idea_id": submitted["id"], "vote_count": 0}],
    ]
    assert received[3]["data"]["official_status"] == "accepted"
    assert received[4]["data"]["body"] == "Ja, gern!"
    assert received[6]["data"] == {"id": submitted["id"], "status": "hidden"}


async def test_http_gap_fill_returns_the_same_events(people: dict[str, Any]) -> None:
    scope = f"field:{people['field']['id']}"
    async with follow(people["anonymous"], f"scope={scope}&since=0") as socket:
        received = await _run_all(people, socket)
    stored = (await people["anonymous"].get("/api/events", params={"scope": scope, "since": 0})).json()
    assert [e["seq"] for e in stored] == [m["seq"] for m in received]
    for event, message in zip(stored, received, strict=True):
        if message["type"] == TALLIES:
            assert event["type"] == "vote.changed"
            assert message["data"]["items"] == [event["data"]]
        else:
            assert event == message
    later = (await people["anonymous"].get("/api/events", params={"scope": scope, "since": 5})).json()
    assert [e["seq"] for e in later] == [6, 7, 8]
    assert (await people["anonymous"].get("/api/events", params={"scope": scope, "since": 8})).json() == []


async def test_reconnect_with_since_gets_exactly_the_events_after_it(people: dict[str, Any]) -> None:
    scope = f"field:{people['field']['id']}"
    async with follow(people["anonymous"], f"scope={scope}&since=0") as socket:
        await _run_all(people, socket)
    async with follow(people["anonymous"], f"scope={scope}&since=3") as socket:
        replayed = [await next_message(socket) for _ in range(5)]
        await assert_silent(socket)
        assert [m["seq"] for m in replayed] == [4, 5, 6, 7, 8]
        # the replay comes from the table, so vote events arrive as they were stored
        assert [m["type"] for m in replayed] == [
            "idea.official_response", "comment.updated", "vote.changed", "idea.removed", "idea.published"
        ]  # fmt: skip
        # and then it is live again
        idea_id = replayed[0]["data"]["id"]
        await _ok(await people["voter"].post(f"/api/ideas/{idea_id}/vote"))
        live = await next_message(socket)
        assert (live["seq"], live["type"], live["data"]["items"]) == (
            9,
            TALLIES,
            [{"idea_id": idea_id, "vote_count": 1}],
        )


async def test_without_since_the_socket_starts_with_a_snapshot(people: dict[str, Any]) -> None:
    scope = f"field:{people['field']['id']}"
    async with follow(people["anonymous"], f"scope={scope}&since=0") as socket:
        await _run_all(people, socket)
    async with follow(people["anonymous"], f"scope={scope}") as socket:
        first = await next_message(socket)
        assert (first["type"], first["seq"], first["scope"]) == ("snapshot", 8, scope)
        await assert_silent(socket)


async def test_events_of_one_field_do_not_reach_another(people: dict[str, Any]) -> None:
    other = await make_field()
    async with follow(people["anonymous"], f"scope=field:{other['id']}&since=0") as socket:
        await _ok(
            await people["author"].post("/api/ideas", json={"action_field": people["field"]["slug"], "title": "Bank"}),
            201,
        )
        await assert_silent(socket)


async def _refused(client: ApiClient, query: str, **headers: str) -> int:
    """The HTTP status with which the server refused the WebSocket handshake."""
    with pytest.raises(InvalidStatus) as refused:
        async with follow(client, query, **headers):
            pass
    return refused.value.response.status_code


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator_elsewhere"])
async def test_moderation_scope_is_refused_to_non_moderators(api: Any, who: str) -> None:
    field = await make_field(moderation_mode="pre")
    accounts = {
        "anonymous": None,
        "participant": await make_account(),
        "moderator_elsewhere": await make_account("moderator", moderates=[(await make_field())["id"]]),
    }
    client = await api() if accounts[who] is None else await client_for(api, accounts[who])
    scope = f"moderation:{field['id']}"
    assert await _refused(client, f"scope={scope}&since=0") == 403
    assert_problem(await client.get("/api/events", params={"scope": scope}), 403, "forbidden")


async def test_moderators_follow_pending_ideas_that_the_public_scope_never_sees(api: Any) -> None:
    field = await make_field(moderation_mode="pre")
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    author = await client_for(api, await make_account())
    public = await api()
    async with (
        follow(moderator, f"scope=moderation:{field['id']}&since=0") as moderation,
        follow(public, f"scope=field:{field['id']}&since=0") as field_socket,
    ):
        created = await _ok(
            await author.post("/api/ideas", json={"action_field": field["slug"], "title": "Geheim"}), 201
        )
        assert created["status"] == "pending"
        seen = await next_message(moderation)
        assert (seen["type"], seen["data"]["id"], seen["data"]["status"]) == (
            "idea.submitted",
            created["id"],
            "pending",
        )
        await assert_silent(field_socket)
    assert (await public.get("/api/events", params={"scope": f"field:{field['id']}"})).json() == []
    stored = await moderator.get("/api/events", params={"scope": f"moderation:{field['id']}"})
    assert "idea.submitted" in [e["type"] for e in stored.json()]


async def test_a_foreign_origin_is_refused(people: dict[str, Any]) -> None:
    query = f"scope=field:{people['field']['id']}&since=0"
    assert await _refused(people["anonymous"], query, Origin="https://boese.example") == 403
    own = str(people["anonymous"].base_url).rstrip("/")
    async with follow(people["anonymous"], query, Origin=own) as socket:
        await assert_silent(socket, 0.1)


@pytest.mark.parametrize("scope", ["field", "field:abc", "workshop", "FIELD:1", "field:1;drop", "x" * 70])
async def test_malformed_scopes_are_refused(api: Any, scope: str) -> None:
    client = await api()
    response = await client.get("/api/events", params={"scope": scope})
    assert_problem(response, 400, "validation_failed")
    with pytest.raises(InvalidStatus):
        async with follow(client, f"scope={scope}"):
            pass


async def test_simultaneous_changes_arrive_in_seq_order_and_cover_every_stored_event(api: Any) -> None:

    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    participants = [await client_for(api, await make_account()) for _ in range(12)]
    public = await api()
    barrier = asyncio.Barrier(24)

    async def act(client: ApiClient, kind: str) -> None:
        await barrier.wait()
        if kind == "vote":
            response = await client.post(f"/api/ideas/{idea_id}/vote")
        else:
            response = await client.post(f"/api/ideas/{idea_id}/comments", json={"body": "Dafür"})
        assert response.status_code in (200, 201), response.text

    scope = f"field:{field['id']}"
    async with follow(public, f"scope={scope}&since=0") as socket:
        await asyncio.gather(*(act(p, kind) for p in participants for kind in ("vote", "comment")))
        messages = []
        while not messages or messages[-1]["seq"] < 24:
            messages.append(await next_message(socket))
        await assert_silent(socket)

    stored = {e["seq"]: e for e in (await public.get("/api/events", params={"scope": scope, "limit": 500})).json()}
    assert sorted(stored) == list(range(1, 25))
    previous = 0
    for message in messages:
        covered = [stored[seq] for seq in range(previous + 1, message["seq"] + 1)]
        if message["type"] == TALLIES:  # stands for the vote events since the last message
            assert {e["type"] for e in covered} == {"vote.changed"}, covered
            assert message["data"]["items"] == [covered[-1]["data"]]
        else:
            assert covered == [message]
        previous = message["seq"]
    assert sum(m["type"] == "comment.created" for m in messages) == 12
    last_tally = [m for m in messages if m["type"] == TALLIES][-1]
    assert last_tally["data"]["items"] == [{"idea_id": idea_id, "vote_count": 12}]
