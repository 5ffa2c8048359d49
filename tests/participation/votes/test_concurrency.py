"""Votes under real concurrency: many requests released together by an asyncio.Barrier."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx

from backend.participation.ideas.tables import Idea
from backend.participation.votes.tables import Vote
from backend.realtime.tables import Event
from tests.factories import ApiClient, client_for, make_account, make_field, make_idea


@asynccontextmanager
async def burst(client: ApiClient, connections: int) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the same login session with enough connections that its requests really overlap."""
    async with httpx.AsyncClient(
        base_url=client.base_url,
        cookies=client.cookies,
        headers={"x-csrftoken": client.cookies["csrftoken"]},
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        timeout=120,
    ) as http:
        yield http


@asynccontextmanager
async def bursts(clients: list[ApiClient], connections: int) -> AsyncIterator[list[httpx.AsyncClient]]:
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(burst(c, connections)) for c in clients]


async def released_together(calls: list[Callable[[], Awaitable[httpx.Response]]]) -> list[httpx.Response]:
    """Run every call in its own task; all of them start only once every task is ready."""
    barrier = asyncio.Barrier(len(calls))

    async def run(call: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        await barrier.wait()
        return await call()

    return await asyncio.gather(*(run(call) for call in calls))


async def rows_per_pair() -> Counter[tuple[int, int]]:
    return Counter((r["voter"], r["idea"]) for r in await Vote.select(Vote.voter, Vote.idea))


async def totals() -> dict[int, int]:
    return {r["id"]: r["vote_count"] for r in await Idea.select(Idea.id, Idea.vote_count)}


async def test_200_identical_simultaneous_votes_make_exactly_one_row(api: Any) -> None:
    field = await make_field()
    voter = await make_account()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    client = await client_for(api, voter)

    async with burst(client, 200) as http:
        responses = await released_together([lambda: http.post(f"/api/ideas/{idea_id}/vote")] * 200)

    assert Counter(r.status_code for r in responses) == {200: 200}
    bodies = [r.json() for r in responses]
    assert sum(b["changed"] for b in bodies) == 1
    assert all(b["voted"] and b["vote_count"] == 1 for b in bodies), bodies
    assert await rows_per_pair() == {(voter["id"], idea_id): 1}
    assert await totals() == {idea_id: 1}


async def test_50_voters_on_20_ideas_at_once_leave_one_row_per_pair_and_exact_totals(api: Any) -> None:
    field = await make_field()
    author = await make_account()
    ideas = [await make_idea(field["id"], author["id"]) for _ in range(20)]
    voters = [await make_account() for _ in range(50)]
    clients = [await client_for(api, v) for v in voters]

    calls = []
    async with bursts(clients, 20) as https:
        for http in https:
            calls += [(lambda h=http, i=idea: h.post(f"/api/ideas/{i}/vote")) for idea in ideas]
        responses = await released_together(calls)

    assert len(responses) == 1000
    assert Counter(r.status_code for r in responses) == {200: 1000}
    assert all(r.json()["changed"] for r in responses)
    pairs = await rows_per_pair()
    assert set(pairs) == {(v["id"], i) for v in voters for i in ideas}
    assert set(pairs.values()) == {1}
    rows_per_idea = Counter(idea for _, idea in pairs.elements())
    assert await totals() == dict(rows_per_idea) == dict.fromkeys(ideas, 50)


async def test_interleaved_casts_and_retracts_keep_totals_equal_to_rows(api: Any) -> None:
    field = await make_field()
    author = await make_account()
    ideas = [await make_idea(field["id"], author["id"]) for _ in range(3)]
    voters = [await make_account() for _ in range(10)]
    clients = [await client_for(api, v) for v in voters]
    rng = random.Random(20261124)  # fixed: a failure can be replayed

    plan: list[tuple[int, int, str]] = []  # (voter index, idea, "POST"/"DELETE"), 8 per pair
    for index in range(len(voters)):
        for idea in ideas:
            plan += [(index, idea, rng.choice(["POST", "DELETE"])) for _ in range(8)]
    rng.shuffle(plan)

    async with bursts(clients, 24) as https:
        responses = await released_together(
            [
                (lambda h=https[index], i=idea, m=method: h.request(m, f"/api/ideas/{i}/vote"))
                for index, idea, method in plan
            ]
        )

    assert Counter(r.status_code for r in responses) == {200: len(plan)}
    # per (voter, idea): the changes that took effect add up to whether a row exists now
    net: Counter[tuple[int, int]] = Counter()
    for (index, idea, method), response in zip(plan, responses, strict=True):
        if response.json()["changed"]:
            net[(voters[index]["id"], idea)] += 1 if method == "POST" else -1
    pairs = await rows_per_pair()
    assert set(pairs.values()) <= {1}
    for voter in voters:
        for idea in ideas:
            assert net[(voter["id"], idea)] == pairs[(voter["id"], idea)], (voter, idea)
    rows_per_idea = Counter(idea for _, idea in pairs.elements())
    assert await totals() == {i: rows_per_idea[i] for i in ideas}

    # every effective change emitted one vote.changed event; the last one per idea has the final total
    events = await Event.select(Event.seq, Event.data).where(
        (Event.scope == f"field:{field['id']}") & (Event.type == "vote.changed")
    )
    assert len(events) == sum(r.json()["changed"] for r in responses)
    last: dict[int, tuple[int, int]] = {}
    for event in events:
        data = json.loads(event["data"])
        if data["idea_id"] not in last or event["seq"] > last[data["idea_id"]][0]:
            last[data["idea_id"]] = (event["seq"], data["vote_count"])
    assert {i: total for i, (_, total) in last.items()} == {i: rows_per_idea[i] for i in ideas if i in last}
