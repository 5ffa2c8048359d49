"""Merging a duplicate idea: votes move without counting a voter twice, comments move, the duplicate
points to the idea that stays and leaves the listings."""

from __future__ import annotations

from backend.participation.votes.tables import Vote
from tests.core.assertions import assert_problem
from tests.factories import ApiClient, client_for, make_account, make_field, make_idea
from tests.participation.moderation.helpers import (
    audit_actions,
    events_of,
    idea_row,
    live,
    next_event,
    released_together,
    vote_rows,
)


async def _vote(client: ApiClient, idea_id: int) -> None:
    response = await client.post(f"/api/ideas/{idea_id}/vote")
    assert response.status_code == 200, response.text


async def test_merging_ideas_with_overlapping_voters_counts_each_voter_once(api) -> None:
    field = await make_field()
    author = await make_account()
    author_client = await client_for(api, author)
    duplicate = await make_idea(field["id"], author["id"], title="Radweg nach Brakel")
    original = await make_idea(field["id"], (await make_account())["id"], title="Radweg Brakel–Bad Driburg")
    voters = [await client_for(api, await make_account()) for _ in range(4)]
    for voter in voters[:3]:
        await _vote(voter, duplicate)
    for voter in voters[2:]:
        await _vote(voter, original)  # voters[2] supports both
    commenter = await client_for(api, await make_account())
    first = (await commenter.post(f"/api/ideas/{duplicate}/comments", json={"body": "Dringend!"})).json()
    await commenter.post(f"/api/ideas/{duplicate}/comments", json={"body": "Genau.", "parent_id": first["id"]})
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    reader = await client_for(api, await make_account())

    async with live(reader, f"field:{field['id']}") as phone:
        merged = await moderator.post(f"/api/moderation/ideas/{duplicate}/merge", json={"target_id": original})
        assert merged.status_code == 200, merged.text
        removed = await next_event(phone, "idea.removed")
        updated = await next_event(phone, "idea.updated")

    assert merged.json()["status"] == "merged"
    assert removed["data"] == {"id": duplicate, "status": "merged", "merged_into": original}
    assert updated["data"]["id"] == original and updated["data"]["vote_count"] == 4
    distinct_voters = {r["voter"] for r in await Vote.select(Vote.voter).where(Vote.idea.is_in([duplicate, original]))}
    assert (await idea_row(original))["vote_count"] == 4 == await vote_rows(original) == len(distinct_voters)
    assert (await idea_row(duplicate))["vote_count"] == 1 == await vote_rows(duplicate)  # kept, not deleted
    assert (await idea_row(original))["comment_count"] == 2
    thread = (await reader.get(f"/api/ideas/{original}/comments")).json()
    assert [c["body"] for c in thread] == ["Dringend!"] and thread[0]["replies"][0]["body"] == "Genau."
    assert [e["vote_count"] for e in await events_of(f"field:{field['id']}", "vote.changed")][-1] == 4

    listing = (await reader.get("/api/ideas", params={"action_field": field["slug"]})).json()
    assert [i["id"] for i in listing["items"]] == [original]
    assert_problem(await reader.get(f"/api/ideas/{duplicate}"), 404, "idea_not_found")
    mine = (await author_client.get(f"/api/ideas/{duplicate}")).json()
    assert mine["status"] == "merged"
    assert mine["merged_into"] == {"id": original, "title": "Radweg Brakel–Bad Driburg"}
    assert mine["moderation_reason"].startswith("Diese Idee gibt es bereits")
    assert_problem(await voters[0].post(f"/api/ideas/{duplicate}/vote"), 409, "idea_not_published")
    again = (await voters[2].post(f"/api/ideas/{original}/vote")).json()
    assert again["changed"] is False and again["vote_count"] == 4

    assert await audit_actions("idea", duplicate) == ["idea.merge"]
    entry = (await moderator.get("/api/moderation/audit", params={"item_id": duplicate})).json()["items"][0]
    assert entry["after"]["moved_votes"] == 2 and entry["after"]["duplicate_votes"] == 1
    assert entry["after"]["target"] == {"id": original, "vote_count": 4, "comment_count": 2}


async def test_merging_needs_a_published_target_other_than_itself(api) -> None:
    field = await make_field()
    author = await make_account()
    source = await make_idea(field["id"], author["id"])
    pending = await make_idea(field["id"], author["id"], status="pending")
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))

    merge = f"/api/moderation/ideas/{source}/merge"
    assert_problem(await moderator.post(merge, json={"target_id": source}), 422, "same_idea")
    assert_problem(await moderator.post(merge, json={"target_id": 999_999}), 422, "target_not_found")
    assert_problem(await moderator.post(merge, json={"target_id": pending}), 409, "target_not_published")
    assert (await idea_row(source))["status"] == "published"
    assert await audit_actions("idea", source) == []


async def test_merging_across_fields_needs_the_moderator_of_both(api) -> None:
    here, there = await make_field(), await make_field()
    author = await make_account()
    source = await make_idea(here["id"], author["id"])
    target = await make_idea(there["id"], author["id"])
    moderator_here = await client_for(api, await make_account("moderator", moderates=[here["id"]]))
    both = await client_for(api, await make_account("moderator", moderates=[here["id"], there["id"]]))

    refused = await moderator_here.post(f"/api/moderation/ideas/{source}/merge", json={"target_id": target})
    assert_problem(refused, 403, "forbidden")
    merged = await both.post(f"/api/moderation/ideas/{source}/merge", json={"target_id": target})
    assert merged.status_code == 200, merged.text


async def test_two_opposite_merges_at_once_leave_one_idea_standing(api) -> None:
    field = await make_field()
    author = await make_account()
    a = await make_idea(field["id"], author["id"])
    b = await make_idea(field["id"], author["id"])
    one, two = [await client_for(api, await make_account("moderator", moderates=[field["id"]])) for _ in range(2)]

    responses = await released_together(
        [
            lambda: one.post(f"/api/moderation/ideas/{a}/merge", json={"target_id": b}),
            lambda: two.post(f"/api/moderation/ideas/{b}/merge", json={"target_id": a}),
        ]
    )

    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    statuses = sorted([(await idea_row(a))["status"], (await idea_row(b))["status"]])
    assert statuses == ["merged", "published"]
