"""A citizen on the phone: browse, log in, submit (first wrong, then right), support, discuss; a second
phone on the same action field sees it all arrive live."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from playwright.async_api import Route, expect

from backend.participation.ideas.tables import Idea
from tests.browser.conftest import OpenPage, goto
from tests.factories import PASSWORD, client_for, make_account, make_field, make_idea, make_municipality

pytestmark = pytest.mark.browser


async def test_citizen_browses_logs_in_submits_supports_and_discusses(open_page: OpenPage, api: Any) -> None:
    field = await make_field()
    await make_municipality("brakel", "Brakel")
    citizen = await make_account(name="Anna aus Brakel")
    neighbour = await make_account(name="Jonas aus Warburg")
    await make_idea(field["id"], neighbour["id"], title="Digitales Schwarzes Brett")

    watcher = await open_page()
    await goto(watcher, f"/feld.html?slug={field['slug']}")
    await expect(watcher.locator(".live-panel")).to_have_attribute("data-status", "live")
    await watcher.evaluate("window.__sameDocument = true")

    page = await open_page()
    await goto(page, "/")
    await page.get_by_role("link", name=re.compile(r"^Handlungsfeld \d+$")).click()
    await page.wait_for_url("**/feld.html?slug=*")
    await expect(page.get_by_role("link", name="Digitales Schwarzes Brett", exact=True)).to_be_visible()

    # log in from the action field and come back to it
    await page.get_by_role("link", name="Anmelden", exact=True).click()
    await page.wait_for_url("**/anmelden.html?next=*")
    await page.get_by_label("E-Mail-Adresse").fill(citizen["email"])
    await page.get_by_label("Passwort").fill(PASSWORD)
    await page.get_by_role("button", name="Anmelden").click()
    await page.wait_for_url(f"**/feld.html?slug={field['slug']}")
    await expect(page.get_by_text("Willkommen zurück, Anna aus Brakel!")).to_be_visible()

    # submit: too short a title first, the API's message appears next to the field
    await page.get_by_role("link", name="Idee einreichen").click()
    await page.wait_for_url("**/einreichen.html?feld=*")
    await page.wait_for_selector("body[data-ready='true']")
    title = page.get_by_label("Titel Ihrer Idee")
    await title.fill("ab")
    await page.get_by_role("button", name="Idee einreichen").click()
    await expect(page.locator(".field[data-field='title'] .field-error")).to_have_text(
        "Bitte mindestens 3 Zeichen eingeben."
    )
    await expect(title).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".error-summary")).to_be_focused()

    await title.fill("Mitfahrbank am Dorfplatz")
    await page.get_by_label("Beschreibung").fill("Eine Bank mit Klappschild: wer dort sitzt, möchte mitfahren.")
    await page.get_by_label("Ort").select_option("brakel")
    await page.get_by_role("button", name="Idee einreichen").click()
    await page.wait_for_url("**/idee.html?id=*")
    await expect(page.get_by_text("Danke! Ihre Idee ist veröffentlicht.")).to_be_visible()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mitfahrbank am Dorfplatz")
    idea_id = int(page.url.rsplit("=", 1)[1])

    # the other phone sees the new idea arrive and hears about it
    new_card = watcher.locator(f"article[data-idea='{idea_id}']")
    await expect(new_card.get_by_role("link", name="Mitfahrbank am Dorfplatz", exact=True)).to_be_visible()
    await expect(watcher.locator(".live-message")).to_have_text("Neue Idee: „Mitfahrbank am Dorfplatz“")

    # support: the count changes at once, "wird gesendet" is visible until the server answers
    release = asyncio.Event()

    async def hold(route: Route) -> None:
        await release.wait()
        await route.continue_()

    await page.route("**/api/ideas/*/vote", hold)
    support = page.locator(".idea-vote .vote-button")
    await support.click()
    await expect(page.locator(".idea-vote .vote-count")).to_have_text("1 Unterstützung")
    await expect(page.locator(".idea-vote .vote-pending")).to_have_text("wird gesendet …")
    await expect(support).to_have_attribute("aria-busy", "true")
    release.set()
    await expect(page.locator(".idea-vote .vote-pending")).to_be_hidden()
    await expect(support).to_have_attribute("aria-pressed", "true")
    await page.unroute("**/api/ideas/*/vote")
    await expect(new_card.locator(".vote-count")).to_have_text("1 Unterstützung")

    # discuss: comment, reply, edit the reply
    await page.get_by_label("Ihr Kommentar").fill("Gute Idee – an der Bushaltestelle wäre sie am besten.")
    await page.get_by_role("button", name="Kommentar senden").click()
    comment = page.locator(".thread > li > article.comment").first
    await expect(comment.locator(".comment-body")).to_have_text("Gute Idee – an der Bushaltestelle wäre sie am besten.")
    await expect(page.locator("#comments-heading")).to_have_text("Diskussion (1 Kommentar)")

    await comment.get_by_role("button", name=re.compile("^Antworten")).click()
    await page.get_by_label("Ihre Antwort an Anna aus Brakel").fill("Und eine zweite am Friedhof.")
    await page.get_by_role("button", name="Antwort senden").click()
    reply = page.locator(".replies article.comment")
    await expect(reply.locator(".comment-body")).to_have_text("Und eine zweite am Friedhof.")
    await expect(reply).to_be_focused()

    await reply.get_by_role("button", name="Bearbeiten").click()
    await page.get_by_label("Kommentar bearbeiten").fill("Und eine zweite am Friedhof, bitte.")
    await page.get_by_role("button", name="Änderung speichern").click()
    await expect(reply.locator(".comment-body")).to_have_text("Und eine zweite am Friedhof, bitte.")
    await expect(reply.locator(".comment-edited")).to_have_text("(bearbeitet)")
    await expect(new_card.locator(".comment-count-text")).to_have_text("2 Kommentare")

    # someone else's comment appears on the idea page without a reload
    other = await client_for(api, neighbour)
    posted = await other.post(f"/api/ideas/{idea_id}/comments", json={"body": "Da mache ich mit!"})
    assert posted.status_code == 201, posted.text
    await expect(page.locator(".thread").get_by_text("Da mache ich mit!")).to_be_visible()
    await expect(page.locator("#comments-heading")).to_have_text("Diskussion (3 Kommentare)")

    assert await watcher.evaluate("window.__sameDocument") is True  # no reload happened


async def test_my_contributions_show_each_moderation_status_in_german(open_page: OpenPage) -> None:
    pre = await make_field(moderation_mode="pre")
    citizen = await make_account()
    for status, title in [
        ("published", "Veröffentlichte Idee"),
        ("rejected", "Abgelehnte Idee"),
        ("hidden", "Ausgeblendete Idee"),
    ]:
        await make_idea(pre["id"], citizen["id"], status=status, title=title)

    page = await open_page(account=citizen)
    await goto(page, f"/einreichen.html?feld={pre['slug']}")
    await expect(page.locator("#moderation-hint")).to_have_text(
        "Neue Beiträge werden vor der Veröffentlichung von der Moderation geprüft."
    )
    await page.get_by_label("Titel Ihrer Idee").fill("Telemedizin im Gemeindehaus")
    await page.get_by_role("button", name="Idee einreichen").click()
    await page.wait_for_url("**/idee.html?id=*")
    await expect(page.get_by_text("Danke! Ihre Idee wartet auf Freigabe durch die Moderation.")).to_be_visible()
    await expect(page.locator(".idea .badge-status-pending")).to_have_text("wartet auf Freigabe")

    await page.get_by_role("link", name="Meine Beiträge").click()
    await page.wait_for_url("**/meine-beitraege.html")
    cards = page.locator(".idea-card")
    await expect(cards).to_have_count(4)
    expected = {
        "Telemedizin im Gemeindehaus": "wartet auf Freigabe",
        "Veröffentlichte Idee": "veröffentlicht",
        "Abgelehnte Idee": "abgelehnt",
        "Ausgeblendete Idee": "ausgeblendet",
    }
    for title, label in expected.items():
        card = cards.filter(has=page.get_by_role("link", name=title))
        await expect(card.locator(".badge-status")).to_have_text(label)


async def test_list_filters_sort_search_and_pages_keep_their_state_in_the_address(open_page: OpenPage) -> None:
    field = await make_field()
    brakel = await make_municipality("brakel", "Brakel")
    await make_municipality("warburg", "Warburg")
    author = await make_account()
    for n in range(12):
        await make_idea(field["id"], author["id"], title=f"Idee Nummer {n:02d}")
    await Idea.update({Idea.municipality: brakel["id"], Idea.vote_count: 7}).where(Idea.title == "Idee Nummer 03")

    page = await open_page()
    await goto(page, f"/feld.html?slug={field['slug']}")
    await expect(page.locator(".results-summary")).to_have_text("12 Ideen gefunden")
    await expect(page.locator(".idea-card")).to_have_count(10)
    await page.get_by_role("link", name="Weiter").click()
    await expect(page.locator(".pagination-position")).to_have_text("Seite 2 von 2")
    await expect(page.locator(".idea-card")).to_have_count(2)
    assert "seite=2" in page.url

    await page.get_by_label("Sortierung").select_option("votes")
    await page.get_by_role("button", name="Anwenden").click()
    await expect(page.locator(".idea-card .card-title a").first).to_have_text("Idee Nummer 03")

    await page.locator(".filters-more > summary").click()
    await page.get_by_label("Ort", exact=True).select_option("brakel")
    await page.get_by_role("button", name="Anwenden").click()
    await expect(page.locator(".results-summary")).to_have_text("1 Idee gefunden")
    assert "ort=brakel" in page.url

    await page.reload()
    await page.wait_for_selector("body[data-ready='true']")
    await expect(page.get_by_label("Ort", exact=True)).to_have_value("brakel")
    await expect(page.locator(".results-summary")).to_have_text("1 Idee gefunden")

    await page.get_by_role("button", name="Zurücksetzen").click()
    await page.get_by_label("Suche in Titel und Text").fill("nummer 1")
    await page.get_by_role("button", name="Anwenden").click()
    await expect(page.locator(".results-summary")).to_have_text("2 Ideen gefunden")


async def test_a_resent_submission_after_a_lost_answer_creates_the_idea_once(open_page: OpenPage) -> None:
    field = await make_field()
    citizen = await make_account()
    page = await open_page(account=citizen)
    await goto(page, f"/einreichen.html?feld={field['slug']}")
    keys: list[str] = []

    async def lose_the_answer(route: Route) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            await route.fetch()  # the server creates the idea ...
            await route.abort("connectionreset")  # ... but the phone never hears back
        else:
            await route.continue_()

    await page.route("**/api/ideas", lose_the_answer)
    await page.get_by_label("Titel Ihrer Idee").fill("Defibrillator am Sportplatz")
    await page.get_by_role("button", name="Idee einreichen").click()
    await expect(page.locator(".error-summary")).to_contain_text("Keine Verbindung zum Server.")
    await page.get_by_role("button", name="Idee einreichen").click()
    await page.wait_for_url("**/idee.html?id=*")

    assert len(keys) == 2 and keys[0] == keys[1] and len(keys[0]) == 32
    assert await Idea.count().where(Idea.title == "Defibrillator am Sportplatz") == 1
