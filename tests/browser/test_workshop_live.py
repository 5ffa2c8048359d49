"""A Bürgerwerkstatt in three browsers: a 390x844 phone joins by code, posts an idea and spends dots; the
projector (1920x1080, staff) and the facilitator's page follow every step live, without a reload."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.async_api import expect

from backend.participation.ideas.tables import Idea
from tests.browser.conftest import OpenPage, goto
from tests.browser.workshop_fixtures import DESKTOP, dot_total, join_on_phone, make_workshop, open_projector

if TYPE_CHECKING:
    from playwright.async_api import Route

pytestmark = pytest.mark.browser

TITLE = "Mitfahrbank am Dorfplatz"
FLIP_CHART = "Bücherschrank im Wartehäuschen"


async def test_phone_joins_posts_and_votes_while_projector_and_facilitator_follow_live(
    open_page: OpenPage, api: Any
) -> None:
    workshop = await make_workshop(api, dot_budget=5, max_dots_per_idea=3)
    lead = await open_page(account=workshop.staff, viewport=DESKTOP)
    await goto(lead, f"/werkstatt-leitung.html?id={workshop.id}")
    await expect(lead.locator(".live-panel")).to_have_attribute("data-status", "live")
    projector = await open_projector(open_page, workshop)

    # lobby: the projector shows the code to read out and a QR code that really renders
    code = projector.locator(".pj-lobby .pj-code")
    await expect(code.locator(".visually-hidden")).to_have_text(" ".join(workshop.code))  # read out one by one
    await expect(code.locator("span[aria-hidden]")).to_have_text(list(workshop.code))
    assert await projector.locator("img.pj-qr").evaluate("img => img.complete && img.naturalWidth > 0")

    phone = await join_on_phone(open_page, workshop, "Anna", table=2)
    await expect(phone.get_by_role("heading", name="Gleich geht es los")).to_be_focused()  # the keyboard goes on here
    await phone.evaluate("window.__sameDocument = true")
    await expect(phone.locator(".ws-lobby .ws-big")).to_have_text("1 Person ist schon da")
    await expect(phone.locator(".ws-whoami")).to_have_text("Sie sind dabei als „Anna“, Tisch 2")
    await expect(projector.locator(".pj-count-big")).to_have_text("1 Person ist schon da")
    await expect(lead.locator(".ws-stat-participants dd")).to_have_text("1")

    # the facilitator opens the ideation: phone and projector change screens
    await lead.get_by_role("button", name="Ideen sammeln").click()
    await expect(phone.get_by_role("heading", name="Ihre Idee", exact=True)).to_be_visible()
    await expect(phone.locator(".ws-steps [aria-current=step]")).to_have_text("Ideen sammeln")
    await expect(projector.locator(".pj-phase")).to_have_text("Ideen sammeln")

    await phone.get_by_label("Ihre Idee in einem Satz").fill(TITLE)
    await phone.get_by_label("Was genau?").fill("Eine Bank mit Klappschild: wer dort sitzt, möchte mitfahren.")
    await phone.get_by_role("button", name="Idee abschicken").click()
    await expect(phone.locator(".ws-mine-item")).to_contain_text("auf der Wand")
    await expect(phone.get_by_label("Ihre Idee in einem Satz")).to_be_focused()
    wall_card = projector.locator(".pj-wall .pj-card").filter(has_text=TITLE)
    await expect(wall_card).to_contain_text("Tisch 2 · von Anna")
    await expect(lead.locator(".ws-ideas-table")).to_contain_text(TITLE)

    # a flip-chart idea typed in by the facilitator, for table 1
    await lead.get_by_label("Ihre Idee in einem Satz").fill(FLIP_CHART)
    await lead.get_by_label("Tisch", exact=True).select_option("1")
    await lead.get_by_role("button", name="Idee eintragen").click()
    await expect(phone.locator(".ws-wall .ws-card").filter(has_text=FLIP_CHART)).to_contain_text(
        "Tisch 1 · vom Flipchart"
    )
    await expect(projector.locator(".pj-wall .pj-card")).to_have_count(2)
    assert await Idea.count().where(Idea.title == FLIP_CHART) == 1
    idea_id = int((await Idea.select(Idea.id).where(Idea.title == TITLE).first())["id"])

    # a countdown on every screen
    await lead.locator("#ws-lead-timer").locator("..").get_by_role("button", name="5 Minuten").click()
    await expect(phone.locator(".ws-timer")).to_have_text(re.compile(r"Noch [45]:\d\d"))
    await expect(projector.locator(".pj-timer")).to_have_text(re.compile(r"Noch [45]:\d\d"))

    # voting: optimistic +, a visible "wird gesendet" until the server answers, then the projector's bars
    await lead.get_by_role("button", name="Punkte vergeben").click()
    await expect(phone.locator(".ws-timer")).to_be_hidden()  # a phase change stops the countdown
    card = phone.locator(f".ws-vote-card[data-idea='{idea_id}']")
    plus = card.get_by_role("button", name=f"Einen Punkt mehr für „{TITLE}“")
    release = asyncio.Event()

    async def hold(route: Route) -> None:
        await release.wait()
        await route.continue_()

    await phone.route("**/api/workshops/*/dots/*", hold)
    await plus.click()
    await plus.click()
    await expect(card.locator(".ws-points-text")).to_contain_text("2 Punkte von Ihnen")
    await expect(card.locator(".ws-sending")).to_have_text("wird gesendet …")
    await expect(phone.locator(".ws-budget")).to_contain_text("Ihre Punkte: noch 3 von 5")
    release.set()
    await expect(card.locator(".ws-sending")).to_be_hidden()
    await phone.unroute("**/api/workshops/*/dots/*")
    rank = projector.locator(f".pj-ranking .ws-rank[data-idea='{idea_id}']")
    await expect(rank.locator(".ws-rank-total")).to_have_text("2 Punkte")
    assert await dot_total(idea_id) == 2

    # never more than the per-idea maximum: the fourth press is refused on the phone itself
    await plus.click()
    await expect(card.locator(".ws-points-text")).to_contain_text("3 Punkte von Ihnen")
    await expect(plus).to_have_attribute("aria-disabled", "true")
    await expect(plus).to_be_focused()  # aria-disabled, not disabled: the keyboard focus stays
    await phone.keyboard.press("Enter")
    await expect(phone.locator("#announcer")).to_have_text("Mehr als 3 Punkte pro Idee gehen nicht.")
    await expect(rank.locator(".ws-rank-total")).to_have_text("3 Punkte")
    assert await dot_total(idea_id) == 3

    # another participant's dots change the projector's tally, and nobody reloads
    other = await api()
    joined = await other.post("/api/workshops/join", json={"code": workshop.code.lower(), "display_name": "Jonas"})
    assert joined.status_code == 200, joined.text
    voted = await other.put(f"/api/workshops/{workshop.id}/dots/{idea_id}", json={"points": 2})
    assert voted.status_code == 200, voted.text
    await expect(rank.locator(".ws-rank-total")).to_have_text("5 Punkte")
    await expect(projector.locator(".pj-given")).to_have_text("5 Punkte vergeben")

    # focus: the room talks about one idea
    await lead.get_by_role("button", name=f"„{TITLE}“ hervorheben").click()
    await expect(phone.locator(".ws-focus .ws-focus-title")).to_have_text(TITLE)
    await expect(projector.locator(".pj-focus .pj-focus-title")).to_have_text(TITLE)
    await expect(projector.locator(".pj-focus .pj-focus-dots")).to_have_text("5 Punkte")
    await lead.get_by_role("button", name="Hervorhebung aufheben").click()
    await expect(projector.locator(".pj-focus")).to_have_count(0)
    await expect(phone.locator(".ws-focus")).to_have_count(0)

    # results, per table on the phone
    await lead.get_by_role("button", name="Ergebnis").click()
    first = phone.locator(".ws-results > .ws-ranking > .ws-rank").first
    await expect(first.locator(".ws-rank-title")).to_have_text(TITLE)
    await expect(first.locator(".ws-rank-total")).to_have_text("5 Punkte")
    await expect(first.locator(".ws-rank-mine")).to_have_text("davon 3 von Ihnen")
    await expect(phone.locator(".ws-table h3")).to_have_text(["Tisch 1 – 0 Punkte", "Tisch 2 – 5 Punkte"])
    await expect(projector.locator(".pj-top .ws-rank").first).to_contain_text(TITLE)

    # closing needs a confirmation
    await lead.get_by_role("button", name="Werkstatt beenden").click()
    await lead.get_by_role("button", name="Ja, beenden").click()
    await expect(phone.get_by_role("heading", name="Die Werkstatt ist beendet")).to_be_visible()
    await expect(projector.get_by_role("heading", name="Vielen Dank fürs Mitmachen!")).to_be_visible()

    assert await phone.evaluate("window.__sameDocument") is True
    assert await projector.evaluate("window.__sameDocument") is True


async def test_rejoining_phone_stays_the_same_participant_and_an_unknown_code_is_explained(
    open_page: OpenPage, api: Any
) -> None:
    workshop = await make_workshop(api)
    phone = await join_on_phone(open_page, workshop, "Anna")
    await goto(phone, f"/werkstatt.html?code={workshop.code}")
    await expect(phone.locator(".ws-whoami")).to_have_text("Sie sind dabei als „Anna“")
    await expect(phone.locator(".ws-lobby .ws-big")).to_have_text("1 Person ist schon da")

    stranger = await open_page()
    await goto(stranger, "/werkstatt.html?code=ZZZZ22")
    code = stranger.get_by_label("Code der Werkstatt")
    await expect(stranger.locator(".error-summary")).to_be_focused()
    await expect(code).to_have_attribute("aria-invalid", "true")
    await expect(stranger.locator(".field[data-field='code'] .field-error")).to_have_text(
        "Diesen Code gibt es nicht. Bitte prüfen Sie die Eingabe."
    )
    await code.fill(workshop.code.lower())
    await stranger.get_by_role("button", name="Weiter").click()
    await expect(stranger.get_by_role("heading", level=1)).to_have_text("Bürgerwerkstatt Dorf.Zukunft.Digital")
    assert stranger.url.endswith(f"/werkstatt.html?code={workshop.code}")
