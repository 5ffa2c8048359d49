"""Bad input gets the documented status and a problem-details body, never a 500."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from backend.core.settings import get_settings
from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from tests.core.assertions import assert_problem
from tests.factories import ApiClient, client_for, make_account, make_field, make_idea


@pytest.fixture
async def field() -> dict[str, Any]:
    return await make_field()


@pytest.fixture
async def person(api: Any) -> ApiClient:
    return await client_for(api, await make_account())


def _idea(field: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {"action_field": field["slug"], "title": "Mitfahrbank", **overrides}


@pytest.mark.parametrize(
    "raw",
    [b'{"title": "Mitfahrbank"', b"{'title': 'x'}", b"nicht json", b'{"title": "a",}', b"\xff\xfe\x00"],
    ids=["truncated", "single-quotes", "text", "trailing-comma", "not-utf8"],
)
async def test_malformed_json_is_400_malformed_json(person: ApiClient, raw: bytes) -> None:
    response = await person.post("/api/ideas", content=raw, headers={"content-type": "application/json"})
    assert_problem(response, 400, "malformed_json")
    assert await Idea.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field_name"),
    [
        ({"title": "ab"}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"body": "x" * 5001}, "body"),
        ({"title": 123}, "title"),
        ({"body": ["Liste"]}, "body"),
        ({"municipality": 7}, "municipality"),
        ({"action_field": ""}, "action_field"),
        ({"farbe": "rot"}, "farbe"),
    ],
    ids=["title-short", "title-long", "body-long", "title-int", "body-list", "municipality-int",
         "field-empty", "unknown-field"],
)  # fmt: skip
async def test_invalid_idea_is_400_validation_failed_with_the_field(
    person: ApiClient, field: dict[str, Any], overrides: dict[str, Any], field_name: str
) -> None:
    response = await person.post("/api/ideas", json=_idea(field, **overrides))
    body = assert_problem(response, 400, "validation_failed")
    assert any(field_name in (e["field"] + e["message"]) for e in body["errors"]), body["errors"]
    assert all(set(e) == {"field", "message"} for e in body["errors"]), body["errors"]
    assert await Idea.count() == 0


async def test_boundaries_of_title_and_body_are_accepted(person: ApiClient, field: dict[str, Any]) -> None:
    for title, text in (("abc", ""), ("x" * 120, "y" * 5000)):
        response = await person.post("/api/ideas", json=_idea(field, title=title, body=text))
        assert response.status_code == 201, response.text
    assert await Idea.count() == 2


@pytest.mark.parametrize("payload", [[], "Titel", 42, None], ids=["array", "string", "number", "null"])
async def test_a_body_that_is_not_an_object_is_400(person: ApiClient, payload: Any) -> None:
    response = await person.post("/api/ideas", json=payload)
    assert_problem(response, 400, "validation_failed")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page": "eins"}, "page"),
        ({"sort": "beliebt"}, "sort"),
        ({"status": "geloescht"}, "status"),
        ({"q": "x" * 201}, "q"),
    ],
)
async def test_invalid_query_parameters_are_400_with_the_parameter(api: Any, params: dict[str, str], name: str) -> None:
    client = await api()
    response = await client.get("/api/ideas", params=params)
    body = assert_problem(response, 400, "validation_failed")
    assert any(e["field"] == name for e in body["errors"]), body["errors"]


async def test_invalid_comment_and_response_bodies_name_their_field(person: ApiClient, api: Any) -> None:
    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    staff = await client_for(api, await make_account("staff"))
    cases = [
        (person, f"/api/ideas/{idea_id}/comments", {"body": ""}, "body"),
        (person, f"/api/ideas/{idea_id}/comments", {"body": "x" * 3001}, "body"),
        (person, f"/api/ideas/{idea_id}/comments", {"body": "ok", "parent_id": 0}, "parent_id"),
        (staff, f"/api/ideas/{idea_id}/official-response", {"official_status": "super"}, "official_status"),
    ]
    for client, path, payload, name in cases:
        body = assert_problem(await client.post(path, json=payload), 400, "validation_failed")
        assert [e["field"] for e in body["errors"]] == [name], (payload, body)
    assert await Comment.count() == 0


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("GET", "/api/ideas/987654", "idea_not_found"),
        ("GET", "/api/ideas/987654/comments", "idea_not_found"),
        ("POST", "/api/ideas/987654/comments", "idea_not_found"),
        ("DELETE", "/api/ideas/987654/vote", "idea_not_found"),
        ("PATCH", "/api/comments/987654", "comment_not_found"),
        ("GET", "/api/action-fields/gibt-es-nicht", "action_field_not_found"),
        ("GET", "/api/gibt-es-nicht", "not_found"),
    ],
)
async def test_unknown_ids_are_404(person: ApiClient, method: str, path: str, code: str) -> None:
    payload = {"body": "Hallo"} if method in ("POST", "PATCH") else None
    response = await person.request(method, path, json=payload)
    assert_problem(response, 404, code)


async def test_unknown_action_field_or_municipality_in_a_submission(person: ApiClient, field: dict[str, Any]) -> None:
    response = await person.post("/api/ideas", json=_idea(field, action_field="gibt-es-nicht"))
    assert_problem(response, 404, "action_field_not_found")
    response = await person.post("/api/ideas", json=_idea(field, municipality="atlantis"))
    body = assert_problem(response, 422, "unknown_municipality")
    assert body["errors"][0]["field"] == "municipality"
    assert await Idea.count() == 0


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("GET", "/api/accounts", None),
        ("PATCH", "/api/accounts/1/role", {"role": "admin"}),
        ("POST", "/api/action-fields", {"slug": "neu", "title": "Neues Feld"}),
        ("PATCH", "/api/action-fields/{slug}", {"status": "closed"}),
    ],
)
async def test_wrong_role_is_403(
    person: ApiClient, field: dict[str, Any], method: str, path: str, payload: Any
) -> None:
    response = await person.request(method, path.format(slug=field["slug"]), json=payload)
    assert_problem(response, 403, "forbidden")


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("GET", "/api/auth/me", None),
        ("POST", "/api/ideas", {"action_field": "x", "title": "Mitfahrbank"}),
        ("POST", "/api/ideas/1/vote", None),
        ("GET", "/api/ideas?mine=true", None),
    ],
)
async def test_not_logged_in_is_401(api: Any, method: str, path: str, payload: Any) -> None:
    client = await api()
    response = await client.request(method, path, json=payload)
    assert_problem(response, 401, "not_authenticated")


async def test_body_over_the_limit_is_413(person: ApiClient, field: dict[str, Any]) -> None:
    limit = get_settings().app.max_body_bytes
    big = _idea(field, body="x" * limit)
    response = await person.post("/api/ideas", json=big)
    assert_problem(response, 413, "payload_too_large")

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the limit still holds
        yield b'{"action_field": "x", "title": "Mitfahrbank", "body": "'
        for _ in range(limit // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    response = await person.post("/api/ideas", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(response, 413, "payload_too_large")
    assert await Idea.count() == 0


async def test_missing_or_wrong_csrf_token_is_403_csrf_failed(person: ApiClient, field: dict[str, Any]) -> None:
    async with httpx.AsyncClient(base_url=person.base_url, cookies=person.cookies) as bare:  # no header
        response = await bare.post("/api/ideas", json=_idea(field))
        assert_problem(response, 403, "csrf_failed")
        response = await bare.post("/api/ideas", json=_idea(field), headers={"x-csrftoken": "gefaelscht"})
        assert_problem(response, 403, "csrf_failed")
        idea_id = await make_idea(field["id"], person.account_id or 0)
        response = await bare.post(f"/api/ideas/{idea_id}/vote")
        assert_problem(response, 403, "csrf_failed")
    assert await Idea.count() == 1


async def test_repeated_submission_with_an_idempotency_key_returns_the_first_idea(
    person: ApiClient, field: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "handy-3f1c-0001"}
    first = await person.post("/api/ideas", json=_idea(field), headers=headers)
    second = await person.post("/api/ideas", json=_idea(field, title="Anderer Titel"), headers=headers)
    assert (first.status_code, second.status_code) == (201, 200), second.text
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["title"] == "Mitfahrbank"
    third = await person.post("/api/ideas", json=_idea(field), headers={"Idempotency-Key": "handy-3f1c-0002"})
    assert third.status_code == 201
    assert await Idea.count() == 2


async def test_idempotency_keys_belong_to_their_author(api: Any, field: dict[str, Any]) -> None:
    headers = {"Idempotency-Key": "gleicher-schluessel"}
    ids = set()
    for _ in range(2):
        client = await client_for(api, await make_account())
        response = await client.post("/api/ideas", json=_idea(field), headers=headers)
        assert response.status_code == 201, response.text
        ids.add(response.json()["id"])
    assert len(ids) == 2


async def test_repeated_comment_with_an_idempotency_key_returns_the_first_comment(person: ApiClient) -> None:
    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    headers = {"Idempotency-Key": "kommentar-0001"}
    path = f"/api/ideas/{idea_id}/comments"
    first = await person.post(path, json={"body": "Gute Idee"}, headers=headers)
    second = await person.post(path, json={"body": "Gute Idee"}, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200), second.text
    assert second.json()["id"] == first.json()["id"]
    assert await Comment.count() == 1
    row = await Idea.select(Idea.comment_count).where(Idea.id == idea_id).first()
    assert row["comment_count"] == 1


async def test_simultaneous_retries_with_one_idempotency_key_create_one_idea(
    person: ApiClient, field: dict[str, Any]
) -> None:
    barrier = asyncio.Barrier(20)

    async def submit() -> httpx.Response:
        await barrier.wait()
        return await person.post("/api/ideas", json=_idea(field), headers={"Idempotency-Key": "funkloch-42"})

    responses = await asyncio.gather(*(submit() for _ in range(20)))
    assert Counter(r.status_code for r in responses) == {201: 1, 200: 19}, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await Idea.count() == 1


async def test_simultaneous_retries_with_one_idempotency_key_create_one_comment(person: ApiClient) -> None:
    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    barrier = asyncio.Barrier(20)

    async def comment() -> httpx.Response:
        await barrier.wait()
        return await person.post(
            f"/api/ideas/{idea_id}/comments", json={"body": "Gute Idee"}, headers={"Idempotency-Key": "k-7"}
        )

    responses = await asyncio.gather(*(comment() for _ in range(20)))
    assert Counter(r.status_code for r in responses) == {201: 1, 200: 19}, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await Comment.count() == 1
    row = await Idea.select(Idea.comment_count).where(Idea.id == idea_id).first()
    assert row["comment_count"] == 1


async def test_invalid_utf8_inside_a_json_string_is_malformed_json(person: ApiClient) -> None:
    response = await person.post(
        "/api/auth/login", content=b'{"email": "\xf4", "password": "x"}', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, "malformed_json")


@pytest.mark.parametrize("path", ["/api/ideas/{}", "/api/ideas/{}/vote", "/api/ideas/{}/comments"])
async def test_ids_beyond_the_database_integer_range_are_400_not_500(person: ApiClient, path: str) -> None:
    method = "POST" if path.endswith("vote") else "GET"
    response = await person.request(method, path.format(10**20))
    assert_problem(response, 400, "invalid_value")


async def test_a_nul_character_in_a_title_is_stored_or_refused_but_never_a_500(
    person: ApiClient, field: dict[str, Any]
) -> None:
    response = await person.post("/api/ideas", json=_idea(field, title="Mitfahr\x00bank"))
    if response.status_code != 201:  # PostgreSQL text cannot hold NUL
        assert_problem(response, 400, "invalid_value")
