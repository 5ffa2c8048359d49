"""Listing ideas: filters, sorts, pagination, text search, and a query count independent of page size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backend.core.db import engine
from backend.participation.ideas.tables import Idea
from tests.core.assertions import assert_problem
from tests.factories import ApiClient, client_for, make_account, make_field, make_municipality

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


async def _idea(field: dict[str, Any], author: int, title: str, minute: int = 0, **columns: Any) -> int:
    """An idea written `minute` minutes after T0, with any other column set directly."""
    rows = await Idea.insert(
        Idea(
            action_field=field["id"],
            author=author,
            title=title,
            created_at=T0 + timedelta(minutes=minute),
            updated_at=T0,
            **columns,
        )
    ).returning(Idea.id)
    return int(rows[0]["id"])


async def _titles(client: ApiClient, **params: Any) -> list[str]:
    response = await client.get("/api/ideas", params=params)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
async def world(api: Any) -> dict[str, Any]:
    """Two fields, two towns, and ideas that differ in every listed attribute."""
    dorf, ozg = await make_field(), await make_field()
    brakel = await make_municipality("brakel", "Brakel")
    warburg = await make_municipality("warburg", "Warburg")
    author = (await make_account())["id"]
    await _idea(dorf, author, "Mitfahrbank am Markt", 1, municipality=brakel["id"], body="Für Pendler")
    await _idea(dorf, author, "Dorfladen mit App", 2, municipality=warburg["id"], official_status="accepted")
    await _idea(ozg, author, "Ummeldung online", 3, municipality=brakel["id"], body="ohne Termin, mit MITFAHR")
    await _idea(ozg, author, "Noch nicht geprüft", 4, status="pending")
    await _idea(dorf, author, "Ausgeblendet", 5, status="hidden")
    return {
        "dorf": dorf,
        "ozg": ozg,
        "anonymous": await api(),
        "staff": await client_for(api, await make_account("staff")),
    }


async def test_public_list_shows_published_ideas_newest_first(world: dict[str, Any]) -> None:
    titles = await _titles(world["anonymous"])
    assert titles == ["Ummeldung online", "Dorfladen mit App", "Mitfahrbank am Markt"]


async def test_filter_by_action_field(world: dict[str, Any]) -> None:
    assert await _titles(world["anonymous"], action_field=world["ozg"]["slug"]) == ["Ummeldung online"]
    assert await _titles(world["anonymous"], action_field=world["dorf"]["slug"]) == [
        "Dorfladen mit App",
        "Mitfahrbank am Markt",
    ]


async def test_filter_by_unknown_action_field_is_404(world: dict[str, Any]) -> None:
    response = await world["anonymous"].get("/api/ideas", params={"action_field": "gibt-es-nicht"})
    assert_problem(response, 404, "action_field_not_found")


async def test_filter_by_municipality(world: dict[str, Any]) -> None:
    assert await _titles(world["anonymous"], municipality="brakel") == [
        "Ummeldung online",
        "Mitfahrbank am Markt",
    ]
    assert await _titles(world["anonymous"], municipality="warburg") == ["Dorfladen mit App"]
    assert await _titles(world["anonymous"], municipality="hoexter") == []


async def test_filter_by_status_for_staff(world: dict[str, Any]) -> None:
    assert await _titles(world["staff"], status="pending") == ["Noch nicht geprüft"]
    assert await _titles(world["staff"], status="hidden") == ["Ausgeblendet"]
    assert await _titles(world["staff"], status="published") == await _titles(world["anonymous"])


async def test_filter_by_official_status(world: dict[str, Any]) -> None:
    assert await _titles(world["anonymous"], official_status="accepted") == ["Dorfladen mit App"]
    assert len(await _titles(world["anonymous"], official_status="new")) == 2


async def test_text_search_looks_in_title_and_body_ignoring_case(world: dict[str, Any]) -> None:
    assert await _titles(world["anonymous"], q="mitfahr") == ["Ummeldung online", "Mitfahrbank am Markt"]
    assert await _titles(world["anonymous"], q="PENDLER") == ["Mitfahrbank am Markt"]
    assert await _titles(world["anonymous"], q="Ausgeblendet") == []  # hidden ideas are not found
    assert await _titles(world["anonymous"], q="nirgends") == []


async def test_filters_combine(world: dict[str, Any]) -> None:
    assert await _titles(world["anonymous"], municipality="brakel", action_field=world["dorf"]["slug"]) == [
        "Mitfahrbank am Markt"
    ]
    assert await _titles(world["anonymous"], q="online", municipality="warburg") == []


async def test_sort_oldest(world: dict[str, Any]) -> None:
    assert await _titles(world["anonymous"], sort="oldest") == [
        "Mitfahrbank am Markt",
        "Dorfladen mit App",
        "Ummeldung online",
    ]


async def test_sort_by_votes_and_by_comments(api: Any) -> None:
    field = await make_field()
    author = (await make_account())["id"]
    ids = {title: await _idea(field, author, title, n) for n, title in enumerate(["Eins", "Zwei", "Drei"])}
    voters = [await client_for(api, await make_account()) for _ in range(3)]
    for title, supporters in (("Eins", 1), ("Zwei", 3), ("Drei", 2)):
        for voter in voters[:supporters]:
            assert (await voter.post(f"/api/ideas/{ids[title]}/vote")).status_code == 200
    for title, comments in (("Eins", 2), ("Zwei", 0), ("Drei", 1)):
        for n in range(comments):
            created = await voters[0].post(f"/api/ideas/{ids[title]}/comments", json={"body": f"K{n}"})
            assert created.status_code == 201, created.text
    client = await api()
    assert await _titles(client, sort="votes") == ["Zwei", "Drei", "Eins"]
    assert await _titles(client, sort="comments") == ["Eins", "Drei", "Zwei"]
    listed = (await voters[2].get("/api/ideas", params={"sort": "votes"})).json()["items"]
    assert [(i["title"], i["vote_count"], i["voted"]) for i in listed] == [
        ("Zwei", 3, True),
        ("Drei", 2, False),
        ("Eins", 1, False),
    ]


async def test_pagination_walks_every_idea_once(api: Any) -> None:
    field = await make_field()
    author = (await make_account())["id"]
    for n in range(25):
        await _idea(field, author, f"Idee {n:02d}", n)
    client = await api()
    pages = []
    for page in (1, 2, 3, 4):
        body = (await client.get("/api/ideas", params={"page": page, "page_size": 10})).json()
        assert (body["total"], body["page"], body["page_size"]) == (25, page, 10)
        pages.append([i["title"] for i in body["items"]])
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    walked = [title for page in pages for title in page]
    assert walked == [f"Idee {n:02d}" for n in reversed(range(25))]


async def test_list_does_the_same_number_of_queries_for_1_and_50_items(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    field = await make_field()
    town = await make_municipality()
    author = (await make_account())["id"]
    for n in range(60):
        await _idea(field, author, f"Idee {n}", n, municipality=town["id"], body="Text " * 20)
    reader = await client_for(api, await make_account())
    for idea in (await reader.get("/api/ideas", params={"page_size": 50})).json()["items"][::3]:
        assert (await reader.post(f"/api/ideas/{idea['id']}/vote")).status_code == 200

    engine_class = type(engine())  # the engine uses __slots__: wrap the method on its class
    original = engine_class.run_querystring
    counted: list[str] = []

    async def counting(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        counted.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    queries = {}
    for size in (1, 50):
        counted.clear()
        response = await reader.get(
            "/api/ideas", params={"page_size": size, "action_field": field["slug"], "sort": "votes"}
        )
        assert response.status_code == 200
        assert len(response.json()["items"]) == size
        queries[size] = len(counted)
    assert queries[1] > 0, "the counter saw no queries: it is not wrapping the engine the app uses"
    assert queries[1] == queries[50], queries
