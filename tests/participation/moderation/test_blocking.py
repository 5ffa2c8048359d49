"""Blocking accounts: a blocked participant reads but cannot post, comment or vote; what they wrote
stays; moderators block only participants who wrote in their fields."""

from __future__ import annotations

from backend.accounts.tables import Account
from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from tests.core.assertions import assert_problem
from tests.factories import client_for, make_account, make_field, make_idea
from tests.participation.moderation.helpers import events_of, idea_row, live, next_event, vote_rows

_REASON = {"reason_template": "netiquette", "reason": "Wiederholte Beleidigungen"}


async def _blocked(account_id: int) -> bool:
    row = await Account.select(Account.is_blocked).where(Account.id == account_id).first()
    return bool(row["is_blocked"])


async def test_a_blocked_participants_vote_is_refused_and_nothing_is_counted(api) -> None:
    field = await make_field()
    person = await make_account()
    own_idea = await make_idea(field["id"], person["id"], title="Bleibt stehen")
    idea_id = await make_idea(field["id"], (await make_account())["id"])
    participant = await client_for(api, person)
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))

    async with live(moderator, f"moderation:{field['id']}") as desk:
        blocked = await moderator.post(f"/api/moderation/accounts/{person['id']}/block", json=_REASON)
        assert blocked.status_code == 200, blocked.text
        event = await next_event(desk, "account.blocked")
    assert event["data"]["account_id"] == person["id"] and event["data"]["is_blocked"] is True

    assert_problem(await participant.post(f"/api/ideas/{idea_id}/vote"), 403, "account_blocked")
    assert await vote_rows(idea_id) == 0 and (await idea_row(idea_id))["vote_count"] == 0
    assert await events_of(f"field:{field['id']}", "vote.changed") == []
    submit = await participant.post("/api/ideas", json={"action_field": field["slug"], "title": "Noch eine"})
    assert_problem(submit, 403, "account_blocked")
    comment = await participant.post(f"/api/ideas/{idea_id}/comments", json={"body": "Hallo"})
    assert_problem(comment, 403, "account_blocked")
    assert await Idea.count() == 2 and await Comment.count() == 0
    assert (await participant.get(f"/api/ideas/{own_idea}")).json()["status"] == "published"  # content stays

    unblocked = await moderator.post(f"/api/moderation/accounts/{person['id']}/unblock", json={})
    assert unblocked.status_code == 200, unblocked.text
    assert (await participant.post(f"/api/ideas/{idea_id}/vote")).json()["vote_count"] == 1


async def test_blocking_twice_or_without_a_reason_is_refused(api) -> None:
    field = await make_field()
    person = await make_account()
    await make_idea(field["id"], person["id"])
    staff = await client_for(api, await make_account("staff"))

    assert_problem(await staff.post(f"/api/moderation/accounts/{person['id']}/block", json={}), 422, "reason_required")
    assert (await staff.post(f"/api/moderation/accounts/{person['id']}/block", json=_REASON)).status_code == 200
    again = await staff.post(f"/api/moderation/accounts/{person['id']}/block", json=_REASON)
    assert_problem(again, 409, "already_blocked")
    assert_problem(await staff.post("/api/moderation/accounts/999999/block", json=_REASON), 404, "account_not_found")


async def test_moderators_block_only_participants_who_wrote_in_their_field(api) -> None:
    here, there = await make_field(), await make_field()
    writes_here = await make_account()
    await make_idea(here["id"], writes_here["id"])
    writes_there = await make_account()
    await make_idea(there["id"], writes_there["id"])
    colleague = await make_account("moderator", moderates=[here["id"]])
    await make_idea(here["id"], colleague["id"])
    moderator = await client_for(api, await make_account("moderator", moderates=[here["id"]]))

    block = "/api/moderation/accounts/{}/block"
    assert_problem(await moderator.post(block.format(writes_there["id"]), json=_REASON), 403, "forbidden")
    assert_problem(await moderator.post(block.format(colleague["id"]), json=_REASON), 403, "forbidden")
    assert_problem(await moderator.post(block.format(moderator.account_id), json=_REASON), 403, "forbidden")
    assert (await moderator.post(block.format(writes_here["id"]), json=_REASON)).status_code == 200
    assert await _blocked(writes_here["id"]) and not await _blocked(writes_there["id"])
    staff = await client_for(api, await make_account("staff"))
    assert (await staff.post(block.format(writes_there["id"]), json=_REASON)).status_code == 200
    admin = await make_account("admin")
    assert_problem(await staff.post(block.format(admin["id"]), json=_REASON), 403, "forbidden")
