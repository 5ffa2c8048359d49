from __future__ import annotations

from tests.factories import client_for, make_account, make_field


async def test_health_reports_database_and_pubsub(api) -> None:
    client = await api()
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["pubsub"] in ("memory", "ok")


async def test_participant_submits_and_supports_an_idea(api) -> None:
    field = await make_field()
    person = await make_account()
    client = await client_for(api, person)
    created = await client.post("/api/ideas", json={"action_field": field["slug"], "title": "Mitfahrbank"})
    assert created.status_code == 201, created.text
    idea_id = created.json()["id"]
    vote = await client.post(f"/api/ideas/{idea_id}/vote")
    assert vote.json() == {"idea_id": idea_id, "voted": True, "vote_count": 1, "changed": True}
