"""A pre-moderated Bürgerwerkstatt: a phone's idea waits (the facilitator sees the count, the projector shows
nothing of it) until a moderator approves it in the moderation queue; then it appears on the projector and
the phone says so."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from backend.participation.ideas.tables import Idea
from tests.browser.conftest import OpenPage, goto
from tests.browser.workshop_fixtures import DESKTOP, join_on_phone, make_workshop, open_projector
from tests.factories import make_account

pytestmark = pytest.mark.browser

TITLE = "Sprechstunde für digitale Behördengänge"


async def test_premoderated_idea_appears_on_the_projector_once_a_moderator_approves_it(
    open_page: OpenPage, api: Any
) -> None:
    workshop = await make_workshop(api, pre_moderation=True)
    moderator = await make_account("moderator", moderates=[workshop.field["id"]], name="Beirat Dorf")
    await workshop.phase("ideation")
    projector = await open_projector(open_page, workshop)
    lead = await open_page(account=workshop.staff, viewport=DESKTOP)
    await goto(lead, f"/werkstatt-leitung.html?id={workshop.id}")
    await expect(lead.locator(".live-panel")).to_have_attribute("data-status", "live")
    pending = lead.locator(".ws-stat-pending dd")
    await expect(pending).to_have_text("0 zur Warteschlange")

    phone = await join_on_phone(open_page, workshop, "Anna")
    await expect(phone.locator(".ws-ideation .hint").first).to_have_text(
        "Was soll besser werden? Ihre Idee erscheint auf der Wand, sobald die Moderation sie freigegeben hat."
    )
    await phone.get_by_label("Ihre Idee in einem Satz").fill(TITLE)
    await phone.get_by_role("button", name="Idee abschicken").click()
    mine = phone.locator(".ws-mine-item").filter(has_text=TITLE)
    await expect(mine.locator(".ws-mine-status")).to_have_text("wartet auf Freigabe")
    await expect(pending).to_have_text("1 zur Warteschlange")
    await expect(projector.locator(".pj-empty")).to_be_visible()
    await expect(projector.locator(".pj-wall .pj-card")).to_have_count(0)

    idea = await Idea.select(Idea.id, Idea.status).where(Idea.title == TITLE).first()
    assert idea["status"] == "pending"

    # the moderator's queue shows it; F approves it
    board = await open_page(account=moderator, viewport=DESKTOP)
    await goto(board, "/moderation.html")
    await expect(board.locator(".live-panel")).to_have_attribute("data-status", "live")
    await expect(board.locator("#detail-heading")).to_have_text(TITLE)
    await board.keyboard.press("f")
    await expect(board.locator(".queue-item")).to_have_count(0)

    await expect(projector.locator(".pj-wall .pj-card").filter(has_text=TITLE)).to_be_visible()
    await expect(projector.locator(".live-message")).to_have_text(f"Neue Idee: „{TITLE}“")
    await expect(mine.locator(".ws-mine-status")).to_have_text("auf der Wand")
    await expect(phone.locator(".ws-wall").get_by_text(TITLE)).to_be_visible()
    await expect(pending).to_have_text("0 zur Warteschlange")
    assert await projector.evaluate("window.__sameDocument") is True
