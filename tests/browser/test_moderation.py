"""Moderation in the browser: a citizen reports, the moderator works the live queue with the keyboard
(approve, reject with a template, hide, merge), and citizens see the outcome."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenPage, goto
from tests.factories import client_for, make_account, make_field, make_idea

pytestmark = pytest.mark.browser


async def submit(client: Any, slug: str, title: str) -> int:
    response = await client.post("/api/ideas", json={"action_field": slug, "title": title})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_moderator_works_the_queue_with_the_keyboard_and_citizens_see_the_outcome(
    open_page: OpenPage, api: Any
) -> None:
    field = await make_field(moderation_mode="pre")
    board = await make_account("moderator", moderates=[field["id"]], name="Beirat Gesundheit")
    anna = await make_account(name="Anna aus Brakel")
    jonas = await make_account(name="Jonas aus Warburg")
    published = await make_idea(field["id"], anna["id"], title="Bereits sichtbar")
    anna_client = await client_for(api, anna)
    await submit(anna_client, field["slug"], "Telemedizin im Gemeindehaus")
    second = await submit(anna_client, field["slug"], "Werbung für meinen Laden")

    # a citizen reports a published idea through the dialog
    reporter = await open_page(account=jonas)
    await goto(reporter, f"/idee.html?id={published}")
    await reporter.locator(".report-row .report-button").click()
    dialog = reporter.get_by_role("dialog", name="Idee melden")
    await expect(dialog).to_be_visible()
    await dialog.get_by_role("button", name="Meldung senden").click()
    await expect(dialog.locator(".error-summary")).to_contain_text("Bitte wählen Sie einen Grund für die Meldung.")
    await dialog.get_by_label("Passt nicht zum Thema").check()
    await dialog.get_by_label("Erläuterung").fill("Gehört zur Nahversorgung.")
    await dialog.get_by_role("button", name="Meldung senden").click()
    await expect(dialog).to_be_hidden()
    await expect(reporter.locator(".report-row .report-button")).to_have_attribute("aria-disabled", "true")

    citizen = await open_page()
    await goto(citizen, f"/feld.html?slug={field['slug']}")
    await expect(citizen.locator(".live-panel")).to_have_attribute("data-status", "live")

    page = await open_page(account=board, viewport={"width": 1280, "height": 900})
    await goto(page, "/moderation.html")
    await expect(page.locator(".live-panel")).to_have_attribute("data-status", "live")
    queue = page.locator(".queue-item")
    await expect(queue).to_have_count(3)
    await expect(page.locator("#detail-heading")).to_have_text("Telemedizin im Gemeindehaus")  # oldest first

    # J and K move through the queue; F approves, and the idea appears on the citizen's page live
    await page.keyboard.press("j")
    await expect(page.locator("#detail-heading")).to_have_text("Werbung für meinen Laden")
    await expect(page.locator("#detail-heading")).to_be_focused()
    await page.keyboard.press("k")
    await expect(page.locator("#detail-heading")).to_have_text("Telemedizin im Gemeindehaus")
    await page.keyboard.press("f")
    await expect(queue).to_have_count(2)
    await expect(citizen.get_by_role("link", name="Telemedizin im Gemeindehaus", exact=True)).to_be_visible()

    # A opens the reason dialog, 2 picks the second template, Enter sends
    await expect(page.locator("#detail-heading")).to_have_text("Werbung für meinen Laden")
    await page.keyboard.press("a")
    reasons = page.get_by_role("dialog", name="Ablehnen mit Begründung")
    await expect(reasons).to_be_visible()
    await page.keyboard.press("2")
    await expect(reasons.locator("input[type=radio]").nth(1)).to_be_checked()
    await reasons.get_by_role("button", name="Ablehnen").click()
    await expect(queue).to_have_count(1)

    # the reported idea: V hides it with a template
    await expect(page.locator("#detail-heading")).to_have_text("Bereits sichtbar")
    await expect(page.locator(".mod-reports")).to_contain_text("Gehört zur Nahversorgung.")
    await page.keyboard.press("v")
    hide = page.get_by_role("dialog", name="Ausblenden mit Begründung")
    await page.keyboard.press("3")
    await hide.get_by_role("button", name="Ausblenden").click()
    await expect(page.locator(".queue-list .empty")).to_have_text("Nichts zu tun – alle Beiträge sind entschieden.")
    await expect(citizen.get_by_role("link", name="Bereits sichtbar", exact=True)).to_have_count(0)

    # a new submission arrives in the open queue by itself
    await submit(anna_client, field["slug"], "Gesundheitskiosk am Markt")
    await expect(queue).to_have_count(1)
    await expect(queue.first).to_contain_text("Gesundheitskiosk am Markt")

    # the author reads why her idea was rejected
    author = await open_page(account=anna)
    await goto(author, f"/idee.html?id={second}")
    await expect(author.locator(".idea .badge-status-rejected")).to_have_text("abgelehnt")
    await expect(author.get_by_text("Begründung der Moderation:")).to_be_visible()


async def test_a_duplicate_is_merged_with_the_merge_picker(open_page: OpenPage, api: Any) -> None:
    field = await make_field(moderation_mode="pre")
    board = await make_account("moderator", moderates=[field["id"]])
    anna = await make_account()
    await make_idea(field["id"], anna["id"], title="Bürgerbus für Nieheim")
    duplicate = await submit(await client_for(api, anna), field["slug"], "Ein Bürgerbus in Nieheim")

    page = await open_page(account=board)
    await goto(page, "/moderation.html")
    await expect(page.locator("#detail-heading")).to_have_text("Ein Bürgerbus in Nieheim")
    await page.keyboard.press("z")
    merge = page.get_by_role("dialog", name="Mit einer bestehenden Idee zusammenführen")
    await merge.get_by_role("button", name="Zusammenführen").click()  # nothing chosen yet
    await expect(merge.locator(".error-summary")).to_contain_text("Bitte wählen Sie die Idee, die bestehen bleibt.")
    await merge.get_by_label("Bürgerbus für Nieheim").check()
    await merge.get_by_role("button", name="Zusammenführen").click()
    await expect(merge).to_be_hidden()
    await expect(page.locator(".queue-list .empty")).to_be_visible()

    author = await open_page(account=anna)
    await goto(author, f"/idee.html?id={duplicate}")
    await expect(author.get_by_role("link", name="Bürgerbus für Nieheim")).to_be_visible()
