"""Reports: one per reporter and item; at the threshold (3) the item is hidden until a moderator decides."""

from __future__ import annotations

import pytest

from backend.participation.moderation.tables import Report
from tests.core.assertions import assert_problem
from tests.factories import client_for, make_account, make_field, make_idea
from tests.participation.cast import make_comment
from tests.participation.moderation.helpers import audit_actions, idea_row, live, next_event, queue_entry


def _report(item_type: str, item_id: int, reason: str = "offensive", text: str = "") -> dict[str, object]:
    return {"item_type": item_type, "item_id": item_id, "reason": reason, "text": text}


async def test_the_report_threshold_hides_an_idea_until_a_moderator_decides(api) -> None:
    field = await make_field()
    author = await make_account()
    author_client = await client_for(api, author)
    idea_id = await make_idea(field["id"], author["id"], title="Alle Radfahrer sind …")
    reporters = [await client_for(api, await make_account()) for _ in range(3)]
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    reader = await client_for(api, await make_account())

    for reporter in reporters[:2]:
        assert (await reporter.post("/api/moderation/reports", json=_report("idea", idea_id))).status_code == 201
    assert (await idea_row(idea_id))["status"] == "published"  # two reports: still visible
    entry = await queue_entry(moderator, "idea", idea_id)
    assert entry is not None and entry["queue_reason"] == "reported" and entry["report_count"] == 2

    async with live(reader, f"field:{field['id']}") as phone, live(moderator, f"moderation:{field['id']}") as desk:
        third = await reporters[2].post("/api/moderation/reports", json=_report("idea", idea_id, "spam", "Werbung"))
        assert third.status_code == 201, third.text
        removed = await next_event(phone, "idea.removed")
        queued = await next_event(desk, "moderation.item_queued")
    assert removed["data"] == {"id": idea_id, "status": "hidden"}
    assert queued["data"]["hidden_by_reports"] is True and queued["data"]["report_count"] == 3
    assert [r["reason"] for r in queued["data"]["reports"]] == ["offensive", "offensive", "spam"]
    assert_problem(await reader.get(f"/api/ideas/{idea_id}"), 404, "idea_not_found")
    mine = (await author_client.get(f"/api/ideas/{idea_id}")).json()
    assert mine["status"] == "hidden" and "Meldungen" in mine["moderation_reason"]

    entry = await queue_entry(moderator, "idea", idea_id)
    approved = await moderator.post(f"/api/moderation/ideas/{idea_id}/approve", json={"version": entry["version"]})
    assert approved.status_code == 200, approved.text
    assert (await idea_row(idea_id))["status"] == "published"
    assert await queue_entry(moderator, "idea", idea_id) is None
    assert await Report.count().where(Report.resolution == "dismissed") == 3
    assert (await author_client.get(f"/api/ideas/{idea_id}")).json()["moderation_reason"] is None
    assert await audit_actions("idea", idea_id) == ["idea.auto_hide", "idea.approve"]


async def test_a_reported_comment_that_a_moderator_hides_stays_hidden_and_leaves_the_count(api) -> None:
    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    writer = await make_account()
    comment_id = await make_comment(idea_id, writer["id"], body="Beleidigung")
    reporter = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))

    assert (await reporter.post("/api/moderation/reports", json=_report("comment", comment_id))).status_code == 201
    entry = await queue_entry(moderator, "comment", comment_id)
    assert entry is not None and entry["idea_id"] == idea_id
    body = {"version": entry["version"], "reason_template": "offensive"}
    hidden = await moderator.post(f"/api/moderation/comments/{comment_id}/hide", json=body)
    assert hidden.status_code == 200, hidden.text
    assert (await idea_row(idea_id))["comment_count"] == 0
    assert await Report.count().where(Report.resolution == "upheld") == 1
    writer_client = await client_for(api, writer)
    own = (await writer_client.get(f"/api/ideas/{idea_id}/comments")).json()
    assert own[0]["status"] == "hidden" and own[0]["moderation_reason"].startswith("Der Beitrag enthält beleidigende")


async def test_one_report_per_reporter_and_item(api) -> None:
    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    reporter = await client_for(api, await make_account())

    assert (await reporter.post("/api/moderation/reports", json=_report("idea", idea_id))).status_code == 201
    again = await reporter.post("/api/moderation/reports", json=_report("idea", idea_id, "spam"))
    assert_problem(again, 409, "already_reported")
    assert await Report.count() == 1


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("anonymous", 401, "not_authenticated"),
        ("blocked", 403, "account_blocked"),
        ("author", 422, "own_content"),
    ],
)
async def test_who_cannot_report(api, who: str, status: int, code: str) -> None:
    field = await make_field()
    author = await make_account()
    idea_id = await make_idea(field["id"], author["id"])
    accounts = {"author": author, "blocked": await make_account(blocked=True)}
    client = await api() if who == "anonymous" else await client_for(api, accounts[who])

    assert_problem(await client.post("/api/moderation/reports", json=_report("idea", idea_id)), status, code)
    assert await Report.count() == 0


async def test_content_one_cannot_see_or_that_waits_cannot_be_reported(api) -> None:
    field = await make_field(moderation_mode="pre")
    author = await make_account()
    pending = await make_idea(field["id"], author["id"], status="pending")
    reporter = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))

    report = _report("idea", pending)
    assert_problem(await reporter.post("/api/moderation/reports", json=report), 404, "idea_not_found")
    assert_problem(await moderator.post("/api/moderation/reports", json=report), 409, "not_reportable")
    unknown = await reporter.post("/api/moderation/reports", json=_report("idea", pending, reason="boring"))
    assert_problem(unknown, 400, "validation_failed")
