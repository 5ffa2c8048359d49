"""Single decisions: hide and unhide, edit with a visible note, lock a discussion, official responses,
and the transitions that are refused."""

from __future__ import annotations

from typing import Any

from tests.core.assertions import assert_problem
from tests.factories import ApiClient, client_for, make_account, make_field, make_idea
from tests.participation.cast import make_comment
from tests.participation.moderation.helpers import audit_actions, idea_row, live, next_event


async def _setup(api: Any) -> tuple[dict[str, Any], dict[str, Any], int, ApiClient]:
    """A post-moderated field, an author with a published idea in it, and the field's moderator."""
    field = await make_field()
    author = await make_account()
    idea_id = await make_idea(field["id"], author["id"], title="Mitfahrbank am Markt")
    moderator = await client_for(api, await make_account("moderator", moderates=[field["id"]]))
    return field, author, idea_id, moderator


async def test_hidden_idea_tells_its_author_why_and_unhide_brings_it_back(api) -> None:
    field, author, idea_id, moderator = await _setup(api)
    author_client = await client_for(api, author)
    reader = await client_for(api, await make_account())

    hidden = await moderator.post(
        f"/api/moderation/ideas/{idea_id}/hide", json={"reason": "Bitte sachlich bleiben.", "version": 0}
    )
    assert hidden.status_code == 200, hidden.text
    assert hidden.json()["previous_status"] == "published" and hidden.json()["status"] == "hidden"
    assert (await author_client.get(f"/api/ideas/{idea_id}")).json()["moderation_reason"] == "Bitte sachlich bleiben."
    assert (await moderator.get(f"/api/ideas/{idea_id}")).json()["moderation_reason"] == "Bitte sachlich bleiben."
    assert_problem(await reader.get(f"/api/ideas/{idea_id}"), 404, "idea_not_found")

    async with live(reader, f"field:{field['id']}") as phone:
        shown = await moderator.post(f"/api/moderation/ideas/{idea_id}/unhide", json={"version": 1})
        assert shown.status_code == 200, shown.text
        assert (await next_event(phone, "idea.published"))["data"]["id"] == idea_id
    assert (await reader.get(f"/api/ideas/{idea_id}")).json()["moderation_reason"] is None
    assert await audit_actions("idea", idea_id) == ["idea.hide", "idea.unhide"]


async def test_moderator_edit_shows_a_note_to_everyone_and_keeps_before_and_after(api) -> None:
    field, _, idea_id, moderator = await _setup(api)
    reader = await client_for(api, await make_account())
    note = "Telefonnummer entfernt (Moderation)"

    async with live(reader, f"field:{field['id']}") as phone:
        edited = await moderator.post(
            f"/api/moderation/ideas/{idea_id}/edit", json={"body": "Ruft mich an unter …", "note": note}
        )
        assert edited.status_code == 200, edited.text
        event = await next_event(phone, "idea.updated")
    assert event["data"]["body"] == "Ruft mich an unter …" and event["data"]["moderation_note"] == note
    seen = (await reader.get(f"/api/ideas/{idea_id}")).json()
    assert seen["moderation_note"] == note and seen["moderation_reason"] is None
    entry = (await moderator.get("/api/moderation/audit", params={"action": "idea.edit"})).json()["items"][0]
    assert entry["before"] == {"body": "", "note": ""}
    assert entry["after"] == {"body": "Ruft mich an unter …", "note": note}
    same = await moderator.post(
        f"/api/moderation/ideas/{idea_id}/edit", json={"body": "Ruft mich an unter …", "note": note}
    )
    assert_problem(same, 422, "nothing_to_change")


async def test_comment_edit_by_a_moderator_carries_the_note_and_ends_the_authors_edit_window(api) -> None:
    _, _, idea_id, moderator = await _setup(api)
    writer = await make_account()
    comment_id = await make_comment(idea_id, writer["id"], body="Herr Müller, Hauptstr. 3")
    edited = await moderator.post(
        f"/api/moderation/comments/{comment_id}/edit", json={"body": "[Adresse entfernt]", "note": "Adresse entfernt"}
    )
    assert edited.status_code == 200, edited.text
    thread = (await (await api()).get(f"/api/ideas/{idea_id}/comments")).json()
    assert thread[0]["body"] == "[Adresse entfernt]" and thread[0]["moderation_note"] == "Adresse entfernt"
    author = await client_for(api, writer)
    assert (await author.get(f"/api/ideas/{idea_id}/comments")).json()[0]["editable_until"] is None
    undo = await author.patch(f"/api/comments/{comment_id}", json={"body": "Herr Müller, Hauptstr. 3"})
    assert_problem(undo, 403, "edit_not_allowed")


async def test_a_locked_discussion_takes_no_new_comments(api) -> None:
    _, _, idea_id, moderator = await _setup(api)
    citizen = await client_for(api, await make_account())

    assert (await moderator.post(f"/api/moderation/ideas/{idea_id}/lock", json={"reason": "Hitzig"})).status_code == 200
    assert (await citizen.get(f"/api/ideas/{idea_id}")).json()["locked"] is True
    refused = await citizen.post(f"/api/ideas/{idea_id}/comments", json={"body": "Noch eins"})
    assert_problem(refused, 409, "discussion_locked")
    assert (await idea_row(idea_id))["comment_count"] == 0
    assert_problem(await moderator.post(f"/api/moderation/ideas/{idea_id}/lock", json={}), 409, "invalid_transition")

    assert (await moderator.post(f"/api/moderation/ideas/{idea_id}/unlock", json={})).status_code == 200
    assert (await citizen.post(f"/api/ideas/{idea_id}/comments", json={"body": "Danke"})).status_code == 201
    assert await audit_actions("idea", idea_id) == ["idea.lock", "idea.unlock"]


async def test_refused_transitions_change_nothing(api) -> None:
    _, _, idea_id, moderator = await _setup(api)
    base = f"/api/moderation/ideas/{idea_id}"

    assert_problem(await moderator.post(f"{base}/approve", json={}), 409, "invalid_transition")  # nothing waits
    assert_problem(await moderator.post(f"{base}/unhide", json={}), 409, "invalid_transition")
    assert_problem(await moderator.post(f"{base}/reject", json={}), 422, "reason_required")
    unknown = await moderator.post(f"{base}/reject", json={"reason_template": "langweilig"})
    assert_problem(unknown, 422, "unknown_reason_template")
    assert_problem(await moderator.post(f"{base}/hide", json={"version": 7, "reason": "x"}), 409, "version_conflict")
    back = await moderator.patch(f"/api/ideas/{idea_id}/status", json={"status": "pending"})
    assert_problem(back, 409, "invalid_transition")
    assert (await idea_row(idea_id))["status"] == "published"
    assert await audit_actions("idea", idea_id) == []


async def test_rejected_content_is_never_deleted_and_cannot_be_rejected_again(api) -> None:
    _, _, idea_id, moderator = await _setup(api)
    body = {"reason_template": "spam"}
    assert (await moderator.post(f"/api/moderation/ideas/{idea_id}/reject", json=body)).status_code == 200
    assert_problem(
        await moderator.post(f"/api/moderation/ideas/{idea_id}/reject", json=body), 409, "invalid_transition"
    )
    assert (await idea_row(idea_id))["title"] == "Mitfahrbank am Markt"


async def test_official_response_is_recorded_in_the_audit_log(api) -> None:
    _, _, idea_id, moderator = await _setup(api)
    response = await moderator.post(
        f"/api/ideas/{idea_id}/official-response",
        json={"official_status": "accepted", "response": "Der Kreis stellt zwei Bänke auf."},
    )
    assert response.status_code == 200, response.text
    entry = (await moderator.get("/api/moderation/audit", params={"item_id": idea_id})).json()["items"][0]
    assert entry["action"] == "idea.official_response"
    assert entry["before"] == {"official_status": "new", "official_response": ""}
    assert entry["after"] == {"official_status": "accepted", "official_response": "Der Kreis stellt zwei Bänke auf."}


async def test_reason_templates_are_german_with_english_labels(api) -> None:
    templates = (await (await api()).get("/api/moderation/reason-templates")).json()
    keys = {t["key"] for t in templates}
    assert {"offensive", "spam", "off_topic", "personal_data", "duplicate"} <= keys
    assert all(t["text"] and t["label"] and t["label_en"] for t in templates)
