"""Moderators at the same time: requests released together by an asyncio.Barrier. Of several
decisions on one version exactly one wins; the others get 409 and change nothing."""

from __future__ import annotations

import pytest

from backend.participation.moderation.tables import AuditEntry, ModerationState, Report
from tests.core.assertions import assert_problem
from tests.factories import client_for, make_account, make_field, make_idea
from tests.participation.moderation.helpers import (
    audit_actions,
    events_of,
    idea_row,
    queue_entry,
    released_together,
)


@pytest.mark.parametrize("moderators", [2, 8])
async def test_moderators_approving_one_item_at_once_exactly_one_wins(api, moderators: int) -> None:
    field = await make_field(moderation_mode="pre")
    author = await make_account()
    idea_id = await make_idea(field["id"], author["id"], status="pending")
    clients = [
        await client_for(api, await make_account("moderator", moderates=[field["id"]])) for _ in range(moderators)
    ]

    responses = await released_together(
        [lambda c=c: c.post(f"/api/moderation/ideas/{idea_id}/approve", json={"version": 0}) for c in clients]
    )

    assert sorted(r.status_code for r in responses) == [200] + [409] * (moderators - 1)
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409, "version_conflict")
    assert (await idea_row(idea_id))["status"] == "published"
    assert await audit_actions("idea", idea_id) == ["idea.approve"]
    assert len(await events_of(f"field:{field['id']}", "idea.published")) == 1
    assert len(await events_of(f"moderation:{field['id']}", "moderation.item_decided")) == 1


async def test_different_decisions_on_one_item_at_once_leave_exactly_one_outcome(api) -> None:
    field = await make_field(moderation_mode="pre")
    idea_id = await make_idea(field["id"], (await make_account())["id"], status="pending")
    a, b, c = [await client_for(api, await make_account("moderator", moderates=[field["id"]])) for _ in range(3)]
    reason = {"version": 0, "reason_template": "off_topic"}

    responses = await released_together(
        [
            lambda: a.post(f"/api/moderation/ideas/{idea_id}/approve", json={"version": 0}),
            lambda: b.post(f"/api/moderation/ideas/{idea_id}/reject", json=reason),
            lambda: c.post(f"/api/moderation/ideas/{idea_id}/approve", json={"version": 0}),
        ]
    )

    winners = [r for r in responses if r.status_code == 200]
    assert len(winners) == 1, [r.text for r in responses]
    assert all(r.status_code == 409 for r in responses if r is not winners[0])
    assert (await idea_row(idea_id))["status"] == winners[0].json()["status"]
    assert len(await audit_actions("idea", idea_id)) == 1


async def test_status_changes_without_a_version_still_decide_once(api) -> None:
    field = await make_field(moderation_mode="pre")
    idea_id = await make_idea(field["id"], (await make_account())["id"], status="pending")
    first, second = [await client_for(api, await make_account("moderator", moderates=[field["id"]])) for _ in range(2)]

    responses = await released_together(
        [lambda c=c: c.patch(f"/api/ideas/{idea_id}/status", json={"status": "published"}) for c in (first, second)]
    )

    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    assert await audit_actions("idea", idea_id) == ["idea.approve"]


async def test_simultaneous_reports_hide_the_item_exactly_once(api) -> None:
    field = await make_field()
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    reporters = [await client_for(api, await make_account()) for _ in range(8)]
    body = {"item_type": "idea", "item_id": idea_id, "reason": "spam", "text": "Werbung für einen Laden"}

    responses = await released_together([lambda c=c: c.post("/api/moderation/reports", json=body) for c in reporters])

    # the threshold (3) hides the idea; later reporters no longer see it (404) or find it hidden (409)
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 3 and set(codes) <= {201, 404, 409}, [r.text for r in responses]
    assert (await idea_row(idea_id))["status"] == "hidden"
    assert await Report.count().where(Report.item_id == idea_id) == 3
    state = await ModerationState.select().where(ModerationState.item_id == idea_id).first()
    assert state["open_reports"] == 3 and state["hidden_by_reports"] is True
    assert await audit_actions("idea", idea_id) == ["idea.auto_hide"]
    assert len(await events_of(f"field:{field['id']}", "idea.removed")) == 1


async def test_a_claimed_item_is_decided_only_by_the_claimer(api) -> None:
    field = await make_field(moderation_mode="pre")
    idea_id = await make_idea(field["id"], (await make_account())["id"], status="pending")
    first, second = [await client_for(api, await make_account("moderator", moderates=[field["id"]])) for _ in range(2)]

    claims = await released_together(
        [lambda c=c: c.post(f"/api/moderation/ideas/{idea_id}/claim", json={"version": 0}) for c in (first, second)]
    )
    assert sorted(r.status_code for r in claims) == [200, 409], [r.text for r in claims]
    winner, loser = (first, second) if claims[0].status_code == 200 else (second, first)
    claim = next(r for r in claims if r.status_code == 200).json()
    assert claim["version"] == 1 and claim["claimed_by"]["id"] == winner.account_id
    entry = await queue_entry(loser, "idea", idea_id)
    assert entry is not None and entry["claimed_by"]["id"] == winner.account_id and entry["version"] == 1

    refused = await loser.post(f"/api/moderation/ideas/{idea_id}/approve", json={"version": 1})
    assert_problem(refused, 409, "claimed_by_other")
    decided = await winner.post(f"/api/moderation/ideas/{idea_id}/approve", json={"version": 1})
    assert decided.status_code == 200, decided.text
    assert decided.json()["version"] == 2
    assert await AuditEntry.count() == 1


async def test_releasing_a_claim_lets_another_moderator_decide(api) -> None:
    field = await make_field(moderation_mode="pre")
    idea_id = await make_idea(field["id"], (await make_account())["id"], status="pending")
    first, second = [await client_for(api, await make_account("moderator", moderates=[field["id"]])) for _ in range(2)]
    assert (await first.post(f"/api/moderation/ideas/{idea_id}/claim", json={})).status_code == 200

    released = await first.delete(f"/api/moderation/ideas/{idea_id}/claim")
    assert released.status_code == 200, released.text
    assert released.json()["claimed_by"] is None
    decided = await second.post(
        f"/api/moderation/ideas/{idea_id}/approve", json={"version": released.json()["version"]}
    )
    assert decided.status_code == 200, decided.text
