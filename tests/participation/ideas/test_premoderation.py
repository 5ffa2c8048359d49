"""Pre-moderated fields: new ideas and comments wait, visible only to their author and the moderators."""

from __future__ import annotations

from typing import Any

from tests.core.assertions import assert_problem
from tests.factories import client_for, make_account, make_field, make_idea


async def test_a_new_idea_in_a_pre_moderated_field_is_seen_only_by_author_and_moderators(api: Any) -> None:
    field = await make_field(moderation_mode="pre")
    author = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    stranger = await client_for(api, await make_account())
    anonymous = await api()

    created = await author.post("/api/ideas", json={"action_field": field["slug"], "title": "Telemedizin im Dorf"})
    assert created.status_code == 201, created.text
    idea = created.json()
    assert idea["status"] == "pending"

    for client in (anonymous, stranger):
        assert (await client.get("/api/ideas", params={"action_field": field["slug"]})).json()["items"] == []
        assert_problem(await client.get(f"/api/ideas/{idea['id']}"), 404, "idea_not_found")
    mine = (await author.get("/api/ideas", params={"mine": "true"})).json()["items"]
    assert [(i["id"], i["status"]) for i in mine] == [(idea["id"], "pending")]
    assert (await author.get(f"/api/ideas/{idea['id']}")).status_code == 200
    queue = await moderator.get("/api/ideas", params={"action_field": field["slug"], "status": "pending"})
    assert [i["id"] for i in queue.json()["items"]] == [idea["id"]]


async def test_a_new_comment_in_a_pre_moderated_field_waits_and_is_not_counted(api: Any) -> None:
    field = await make_field(moderation_mode="pre")
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    author = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    anonymous = await api()

    created = await author.post(f"/api/ideas/{idea_id}/comments", json={"body": "Gute Idee"})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "pending"

    assert (await anonymous.get(f"/api/ideas/{idea_id}/comments")).json() == []
    assert [c["status"] for c in (await author.get(f"/api/ideas/{idea_id}/comments")).json()] == ["pending"]
    assert [c["status"] for c in (await moderator.get(f"/api/ideas/{idea_id}/comments")).json()] == ["pending"]
    assert (await anonymous.get(f"/api/ideas/{idea_id}")).json()["comment_count"] == 0
