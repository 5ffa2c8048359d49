"""Pre-moderated fields: new content waits in the queue, visible only to its author and moderators,
and appears live for everyone once approved."""

from __future__ import annotations

from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from tests.core.assertions import assert_problem
from tests.factories import client_for, make_account, make_field, make_idea
from tests.participation.moderation.helpers import audit_actions, live, next_event, queue_entry


async def test_pre_moderated_idea_is_invisible_until_approved_then_appears_live(api) -> None:
    field = await make_field(moderation_mode="pre")
    author = await client_for(api, await make_account())
    neighbour = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))

    async with live(neighbour, f"field:{field['id']}") as phone, live(moderator, f"moderation:{field['id']}") as desk:
        created = await author.post("/api/ideas", json={"action_field": field["slug"], "title": "Bürgerbus Nieheim"})
        assert created.status_code == 201, created.text
        idea = created.json()
        assert idea["status"] == "pending"

        queued = await next_event(desk, "moderation.item_queued")
        assert queued["data"]["item_id"] == idea["id"] and queued["data"]["queue_reason"] == "pending"
        assert_problem(await neighbour.get(f"/api/ideas/{idea['id']}"), 404, "idea_not_found")
        listing = (await neighbour.get("/api/ideas", params={"action_field": field["slug"]})).json()
        assert listing["total"] == 0
        own = (await author.get(f"/api/ideas/{idea['id']}")).json()
        assert own["status"] == "pending" and own["moderation_reason"] is None

        entry = await queue_entry(moderator, "idea", idea["id"])
        assert entry is not None and entry["version"] == 0 and entry["title"] == "Bürgerbus Nieheim"
        approved = await moderator.post(f"/api/moderation/ideas/{idea['id']}/approve", json={"version": 0})
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "published" and approved.json()["in_queue"] is False

        published = await next_event(phone, "idea.published")
        assert published["data"]["id"] == idea["id"] and published["data"]["title"] == "Bürgerbus Nieheim"
        decided = await next_event(desk, "moderation.item_decided")
        assert decided["data"]["action"] == "approve" and decided["data"]["in_queue"] is False

    assert (await neighbour.get(f"/api/ideas/{idea['id']}")).status_code == 200
    assert (await neighbour.get("/api/ideas", params={"action_field": field["slug"]})).json()["total"] == 1
    assert await queue_entry(moderator, "idea", idea["id"]) is None
    assert await audit_actions("idea", idea["id"]) == ["idea.approve"]


async def test_pre_moderated_comment_waits_and_counts_only_once_approved(api) -> None:
    field = await make_field(moderation_mode="pre")
    writer = await make_account()
    idea_id = await make_idea(field["id"], writer["id"])
    commenter = await client_for(api, await make_account())
    reader = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))

    created = await commenter.post(f"/api/ideas/{idea_id}/comments", json={"body": "Ich fahre mit!"})
    assert created.status_code == 201, created.text
    comment_id = created.json()["id"]
    assert created.json()["status"] == "pending"
    assert (await reader.get(f"/api/ideas/{idea_id}/comments")).json() == []
    assert [c["id"] for c in (await commenter.get(f"/api/ideas/{idea_id}/comments")).json()] == [comment_id]
    assert (await Idea.select(Idea.comment_count).where(Idea.id == idea_id).first())["comment_count"] == 0

    entry = await queue_entry(moderator, "comment", comment_id)
    assert entry is not None and entry["idea_id"] == idea_id and entry["body"] == "Ich fahre mit!"
    async with live(reader, f"field:{field['id']}") as phone:
        approved = await moderator.post(f"/api/moderation/comments/{comment_id}/approve", json={"version": 0})
        assert approved.status_code == 200, approved.text
        event = await next_event(phone, "comment.published")
    assert event["data"]["id"] == comment_id and event["data"]["comment_count"] == 1
    assert [c["id"] for c in (await reader.get(f"/api/ideas/{idea_id}/comments")).json()] == [comment_id]
    assert (await Idea.select(Idea.comment_count).where(Idea.id == idea_id).first())["comment_count"] == 1
    assert await Comment.count().where(Comment.status == "published") == 1


async def test_author_reads_why_an_idea_was_rejected_and_others_never_see_it(api) -> None:
    field = await make_field(moderation_mode="pre")
    author = await client_for(api, await make_account())
    other = await client_for(api, await make_account())
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    idea = (await author.post("/api/ideas", json={"action_field": field["slug"], "title": "Herr X. wohnt hier"})).json()

    rejected = await moderator.post(
        f"/api/moderation/ideas/{idea['id']}/reject",
        json={"version": 0, "reason_template": "personal_data", "reason": "Bitte ohne Namen neu einreichen."},
    )
    assert rejected.status_code == 200, rejected.text
    mine = (await author.get(f"/api/ideas/{idea['id']}")).json()
    assert mine["status"] == "rejected"
    assert mine["moderation_reason"].startswith("Der Beitrag enthält persönliche Daten")
    assert mine["moderation_reason"].endswith("Bitte ohne Namen neu einreichen.")
    listed = (await author.get("/api/ideas", params={"mine": "true"})).json()["items"]
    assert [(i["id"], i["status"]) for i in listed] == [(idea["id"], "rejected")]
    assert listed[0]["moderation_reason"] == mine["moderation_reason"]
    assert_problem(await other.get(f"/api/ideas/{idea['id']}"), 404, "idea_not_found")
    assert (await Idea.count()) == 1  # nothing is deleted


async def test_workshop_ideas_wait_in_the_queue_of_their_field_and_filter_by_workshop(api) -> None:
    from tests.participation.workshops.helpers import join, set_phase, setup_workshop

    staff, workshop = await setup_workshop(api, pre_moderation=True)
    field_id = workshop["action_fields"][0]["id"]
    await set_phase(staff, workshop["id"], "ideation")
    phone = await join(api, workshop["code"], "Tisch 2")
    idea = (await phone.post(f"/api/workshops/{workshop['id']}/ideas", json={"title": "Dorfladen"})).json()
    online = await client_for(api, await make_account())
    other = await make_field(moderation_mode="pre")
    await online.post("/api/ideas", json={"action_field": other["slug"], "title": "Anderswo"})
    moderator = await client_for(api, await make_account("moderator", moderates=[field_id]))

    entry = await queue_entry(moderator, "idea", idea["id"], workshop=workshop["id"])
    assert entry is not None and entry["workshop_id"] == workshop["id"]
    queue = (await moderator.get("/api/moderation/queue", params={"workshop": workshop["id"]})).json()
    assert [i["item_id"] for i in queue["items"]] == [idea["id"]]
    assert queue["counts"] == [
        {"action_field": entry["action_field"], "pending": 1, "reported": 0},
    ]
    everything = (await moderator.get("/api/moderation/queue")).json()  # only the moderator's own field
    assert [i["item_id"] for i in everything["items"]] == [idea["id"]]
    assert_problem(await moderator.get("/api/moderation/queue", params={"action_field": other["id"]}), 403, "forbidden")
