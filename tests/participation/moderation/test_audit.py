"""The audit log: every decision with moderator, time, before, after and reason; filterable; staff see
everything, moderators their own fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.core.assertions import assert_problem
from tests.factories import client_for, make_account, make_field, make_idea
from tests.participation.cast import make_comment


async def test_every_kind_of_decision_leaves_an_audit_entry(api) -> None:
    field = await make_field(moderation_mode="pre")
    author = await make_account()
    moderator_account = await make_account("moderator", moderates=[field["id"]], name="Beirat Berta")
    moderator = await client_for(api, moderator_account)
    staff = await client_for(api, await make_account("staff"))
    a = await make_idea(field["id"], author["id"], status="pending")
    b = await make_idea(field["id"], author["id"], status="pending")
    c = await make_idea(field["id"], author["id"])
    comment = await make_comment(c, author["id"])
    reporters = [await client_for(api, await make_account()) for _ in range(3)]

    calls = [
        ("post", f"/api/moderation/ideas/{a}/approve", {}),
        ("post", f"/api/moderation/ideas/{b}/reject", {"reason_template": "off_topic"}),
        ("post", f"/api/moderation/ideas/{c}/edit", {"title": "Neuer Titel", "note": "Titel gekürzt"}),
        ("post", f"/api/moderation/ideas/{c}/lock", {}),
        ("post", f"/api/moderation/ideas/{c}/unlock", {}),
        ("post", f"/api/moderation/ideas/{a}/hide", {"reason": "Doppelt"}),
        ("post", f"/api/moderation/ideas/{a}/unhide", {}),
        ("patch", f"/api/comments/{comment}/status", {"status": "hidden", "reason": "Beleidigend"}),
        ("post", f"/api/ideas/{c}/official-response", {"official_status": "under_consideration"}),
        ("post", f"/api/moderation/ideas/{a}/merge", {"target_id": c}),
        ("post", f"/api/moderation/accounts/{author['id']}/block", {"reason": "Spam"}),
        ("post", f"/api/moderation/accounts/{author['id']}/unblock", {}),
    ]
    for method, path, body in calls:
        response = await moderator.request(method, path, json=body)
        assert response.status_code == 200, (path, response.text)
    for reporter in reporters:
        await reporter.post("/api/moderation/reports", json={"item_type": "idea", "item_id": c, "reason": "spam"})

    log = (await staff.get("/api/moderation/audit", params={"page_size": 100})).json()
    actions = [e["action"] for e in reversed(log["items"])]
    assert actions == [
        "idea.approve",
        "idea.reject",
        "idea.edit",
        "idea.lock",
        "idea.unlock",
        "idea.hide",
        "idea.unhide",
        "comment.hide",
        "idea.official_response",
        "idea.merge",
        "account.block",
        "account.unblock",
        "idea.auto_hide",
    ]
    assert log["total"] == 13
    by_action = {e["action"]: e for e in log["items"]}
    assert by_action["idea.reject"]["before"] == {"status": "pending"}
    assert by_action["idea.reject"]["after"] == {"status": "rejected"}
    assert by_action["idea.reject"]["reason"] == "Der Beitrag passt nicht zu diesem Handlungsfeld."
    assert by_action["comment.hide"]["reason"] == "Beleidigend"
    assert by_action["account.block"]["after"] == {"is_blocked": True}
    assert by_action["idea.approve"]["moderator"] == {"id": moderator_account["id"], "display_name": "Beirat Berta"}
    assert by_action["idea.auto_hide"]["moderator"] is None
    for entry in log["items"]:
        assert datetime.fromisoformat(entry["created_at"]) > datetime.now(tz=UTC) - timedelta(minutes=5)


async def test_the_audit_log_filters_by_field_moderator_action_and_time(api) -> None:
    here, there = await make_field(), await make_field()
    author = await make_account()
    first = await make_account("moderator", moderates=[here["id"]])
    second = await make_account("moderator", moderates=[there["id"]])
    hide = {"reason": "Netiquette"}
    for moderator, field in ((first, here), (second, there)):
        client = await client_for(api, moderator)
        for _ in range(2):
            idea_id = await make_idea(field["id"], author["id"])
            assert (await client.post(f"/api/moderation/ideas/{idea_id}/hide", json=hide)).status_code == 200
        assert (await client.post(f"/api/moderation/ideas/{idea_id}/unhide", json={})).status_code == 200
    staff = await client_for(api, await make_account("staff"))

    async def total(**params: object) -> int:
        response = await staff.get("/api/moderation/audit", params=params)
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert await total() == 6
    assert await total(action_field=here["id"]) == 3
    assert await total(moderator=second["id"]) == 3
    assert await total(action="idea.hide") == 4
    assert await total(action="idea") == 6
    assert await total(action="comment") == 0
    assert await total(since=(datetime.now(tz=UTC) - timedelta(minutes=5)).isoformat()) == 6
    assert await total(since=(datetime.now(tz=UTC) + timedelta(minutes=5)).isoformat()) == 0
    page = (await staff.get("/api/moderation/audit", params={"page_size": 4, "page": 2})).json()
    assert len(page["items"]) == 2 and page["total"] == 6


async def test_moderators_read_the_log_of_their_own_fields_only(api) -> None:
    here, there = await make_field(), await make_field()
    author = await make_account()
    staff = await client_for(api, await make_account("staff"))
    for field in (here, there):
        idea_id = await make_idea(field["id"], author["id"])
        assert (await staff.post(f"/api/moderation/ideas/{idea_id}/hide", json={"reason": "x"})).status_code == 200
    assert (await staff.post(f"/api/moderation/accounts/{author['id']}/block", json={"reason": "x"})).status_code == 200
    moderator = await client_for(api, await make_account("moderator", moderates=[here["id"]]))
    participant = await client_for(api, await make_account())

    own = (await moderator.get("/api/moderation/audit")).json()
    assert [e["action_field_id"] for e in own["items"]] == [here["id"]]
    assert (await staff.get("/api/moderation/audit")).json()["total"] == 3
    assert_problem(await moderator.get("/api/moderation/audit", params={"action_field": there["id"]}), 403, "forbidden")
    assert_problem(await participant.get("/api/moderation/audit"), 403, "forbidden")
    assert_problem(await (await api()).get("/api/moderation/audit"), 401, "not_authenticated")
