"""A phone that loses its signal: what it writes meanwhile waits in its outbox, shown as "wird gesendet",
and reaches the server exactly once when the network is back."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.async_api import expect

from backend.participation.ideas.tables import Idea
from tests.browser.conftest import OpenPage
from tests.browser.workshop_fixtures import dot_total, dots_of, events_of, join_on_phone, make_workshop

if TYPE_CHECKING:
    from playwright.async_api import Request

pytestmark = pytest.mark.browser


async def test_offline_idea_and_dot_vote_wait_and_are_sent_exactly_once_when_back_online(
    open_page: OpenPage, api: Any
) -> None:
    workshop = await make_workshop(api)
    await workshop.phase("ideation")
    phone = await join_on_phone(open_page, workshop, "Anna")
    answered: list[str] = []  # writes the server answered, "METHOD path status"

    async def record(request: Request) -> None:
        if request.method in ("POST", "PUT") and "/api/workshops/" in request.url:
            response = await request.response()
            answered.append(
                f"{request.method} {request.url.split('/api', 1)[1]} {response.status if response else '-'}"
            )

    phone.on("requestfinished", record)

    # an idea written in the dead zone
    await phone.context.set_offline(True)
    await phone.get_by_label("Ihre Idee in einem Satz").fill("Funkloch am Sportplatz schließen")
    await phone.get_by_role("button", name="Idee abschicken").click()
    sync = phone.locator(".ws-sync")
    await expect(sync).to_have_text(
        re.compile(r"Keine Verbindung\. 1 Änderung wird gesendet, sobald das Netz zurück ist\.")
    )
    await expect(phone.locator(".ws-mine-item")).to_contain_text("wird gesendet …")
    assert await Idea.count().where(Idea.title == "Funkloch am Sportplatz schließen") == 0

    await phone.context.set_offline(False)
    await expect(sync).to_be_empty()
    await expect(phone.locator(".ws-mine-item")).to_contain_text("auf der Wand")
    await expect(phone.locator(".ws-wall").get_by_text("Funkloch am Sportplatz schließen")).to_be_visible()
    assert await Idea.count().where(Idea.title == "Funkloch am Sportplatz schließen") == 1
    idea_id = int((await Idea.select(Idea.id).where(Idea.title == "Funkloch am Sportplatz schließen").first())["id"])

    # a dot vote in the dead zone
    await workshop.phase("voting")
    card = phone.locator(f".ws-vote-card[data-idea='{idea_id}']")
    await expect(card).to_be_visible()
    await expect(phone.locator(".live-panel")).to_have_attribute("data-status", "live")
    answered.clear()
    await phone.context.set_offline(True)
    await card.get_by_role("button", name="Einen Punkt mehr für „Funkloch am Sportplatz schließen“").click()
    await expect(card.locator(".ws-points-text")).to_contain_text("1 Punkt von Ihnen")
    await expect(card.locator(".ws-sending")).to_have_text("wird gesendet …")
    await expect(phone.locator(".ws-budget")).to_contain_text("noch 4 von 5")
    await expect(sync).to_contain_text("Keine Verbindung")
    assert await dot_total(idea_id) == 0

    await phone.context.set_offline(False)
    await expect(sync).to_be_empty()
    await expect(card.locator(".ws-sending")).to_be_hidden()
    assert await dot_total(idea_id) == 1
    assert await dots_of(idea_id) == [1]
    assert len(await events_of(workshop, "dots.changed")) == 1
    answered_puts = [line for line in answered if line.startswith("PUT")]
    assert answered_puts == [f"PUT /workshops/{workshop.id}/dots/{idea_id} 200"], answered

    # nothing is left to send after a reload, and the phone shows the server's state
    await phone.reload()
    await phone.wait_for_selector("body[data-ready='true']")
    await expect(phone.locator(f".ws-vote-card[data-idea='{idea_id}'] .ws-points-text")).to_contain_text(
        "1 Punkt von Ihnen"
    )
    assert await phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('mw-ws-outbox'))") == []
    assert await dot_total(idea_id) == 1


async def test_a_queued_dot_refused_after_voting_ended_is_dropped_and_explained(open_page: OpenPage, api: Any) -> None:
    workshop = await make_workshop(api)
    await workshop.phase("ideation")
    posted = await workshop.client.post(
        f"/api/workshops/{workshop.id}/ideas", json={"title": "Bücherschrank im Wartehäuschen", "is_analog": True}
    )
    assert posted.status_code == 201, posted.text
    idea_id = posted.json()["id"]
    await workshop.phase("voting")
    phone = await join_on_phone(open_page, workshop, "Anna")

    await phone.context.set_offline(True)
    await phone.locator(f".ws-vote-card[data-idea='{idea_id}'] .ws-plus").click()
    await expect(phone.locator(".ws-sync")).to_contain_text("Keine Verbindung")
    await workshop.phase("results")  # voting ends while the phone has no signal

    await phone.context.set_offline(False)
    await expect(phone.locator(".ws-results")).to_be_visible()
    await expect(phone.locator("#announcer")).to_have_text(
        "Nicht gespeichert: Punkte können nur während der Abstimmung vergeben werden."
    )
    await expect(phone.locator(".ws-sync")).to_be_empty()
    assert await phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('mw-ws-outbox'))") == []
    assert await dot_total(idea_id) == 0
    await expect(
        phone.locator(".ws-results > .ws-ranking .ws-rank-mine")
    ).to_be_hidden()  # the phone shows the server's state again
