"""Screenshots of every main screen on a 390x844 phone, from the German demo data.
`make screenshots` (SCREENSHOTS=1) writes them to docs/screenshots/; otherwise to a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, expect

from backend.participation.ideas.tables import Idea
from backend.seed import DEMO_PASSWORD, seed
from tests.browser.conftest import OpenPage, goto, screenshot_dir
from tests.factories import ApiClient

pytestmark = pytest.mark.browser


async def demo_client(api: Any, email: str) -> ApiClient:
    client: ApiClient = await api()
    await client.login(email, DEMO_PASSWORD)
    return client


async def liven_up(api: Any) -> int:
    """Votes, a discussion and an official response on the first demo idea; returns its id."""
    idea = await Idea.select(Idea.id).where(Idea.title == "Digitales Schwarzes Brett im Dorfladen").first()
    idea_id = int(idea["id"])
    anna = await demo_client(api, "anna@beispiel.example")
    jonas = await demo_client(api, "jonas@beispiel.example")
    board = await demo_client(api, "beirat-dorf@kreis-hoexter.example")
    for client in (anna, jonas, board):
        await client.post(f"/api/ideas/{idea_id}/vote")
    first = await jonas.post(
        f"/api/ideas/{idea_id}/comments",
        json={"body": "Bei uns in Warburg-Daseburg hängt so etwas schon – die Vereine nutzen es gern."},
    )
    await anna.post(
        f"/api/ideas/{idea_id}/comments",
        json={"body": "Wer pflegt die Termine ein? Ein Zugang pro Verein wäre gut.", "parent_id": first.json()["id"]},
    )
    await board.post(
        f"/api/ideas/{idea_id}/official-response",
        json={
            "official_status": "under_consideration",
            "response": "Der Beirat Dorf.Zukunft.Digital prüft, ob das Schwarze Brett Teil der Dorf-App wird.",
        },
    )
    await anna.post(
        "/api/ideas",
        json={
            "action_field": "dorf-gesundheit-digital",
            "title": "Telemedizin-Sprechstunde im Gemeindehaus",
            "body": "Einmal pro Woche eine Videosprechstunde mit der Hausarztpraxis, begleitet von einer Lotsin.",
        },
    )
    wlan = await Idea.select(Idea.id).where(Idea.title == "WLAN im Dorfgemeinschaftshaus").first()
    await jonas.post(
        "/api/moderation/reports",
        json={"item_type": "idea", "item_id": wlan["id"], "reason": "off_topic", "text": "Passt eher zu #SNZ."},
    )
    return idea_id


async def shoot(page: Page, folder: Path, name: str, path: str | None = None) -> None:
    if path:
        await goto(page, path)
    await page.wait_for_timeout(200)  # let the live panel settle
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


async def test_screenshots_of_the_main_screens(open_page: OpenPage, api: Any, tmp_path: Path) -> None:
    await seed()
    idea_id = await liven_up(api)
    folder = screenshot_dir(tmp_path)

    visitor = await open_page()
    await shoot(visitor, folder, "phone-01-start", "/")
    await shoot(visitor, folder, "phone-02-action-field", "/feld.html?slug=dorf-zukunft-digital")
    await expect(visitor.locator(".live-panel")).to_have_attribute("data-status", "live")
    await shoot(visitor, folder, "phone-03-town", "/ideen.html?ort=brakel")
    await goto(visitor, "/anmelden.html")
    await shoot(visitor, folder, "phone-05-login")
    await goto(visitor, "/registrieren.html")
    await visitor.locator("input[name=display_name]").fill("A")
    await visitor.locator("input[name=email]").fill("keine-adresse")
    await visitor.get_by_role("button", name="Konto anlegen").click()
    await expect(visitor.locator(".error-summary")).to_be_visible()
    await shoot(visitor, folder, "phone-06-register-errors")

    anna = await open_page(account={"email": "anna@beispiel.example"}, password=DEMO_PASSWORD)
    await shoot(anna, folder, "phone-04-idea", f"/idee.html?id={idea_id}")
    await goto(anna, "/einreichen.html?feld=smarte-nahversorgung")
    await anna.get_by_label("Titel Ihrer Idee").fill("Ab")
    await anna.get_by_role("button", name="Idee einreichen").click()
    await expect(anna.locator(".error-summary")).to_be_visible()
    await shoot(anna, folder, "phone-07-submit-errors")
    await shoot(anna, folder, "phone-08-my-contributions", "/meine-beitraege.html")

    staff = await open_page(account={"email": "team@kreis-hoexter.example"}, password=DEMO_PASSWORD)
    await shoot(staff, folder, "phone-09-staff-fields", "/team.html")
    await goto(staff, "/team-feld.html?slug=dorf-zukunft-digital")
    await staff.get_by_label("Konto suchen").fill("beispiel")
    await staff.get_by_role("button", name="Suchen").click()
    await expect(staff.locator(".search-results")).to_be_visible()
    await shoot(staff, folder, "phone-10-staff-edit-field")

    jonas = await open_page(account={"email": "jonas@beispiel.example"}, password=DEMO_PASSWORD)
    await goto(jonas, f"/idee.html?id={idea_id}")
    await jonas.locator(".report-row .report-button").click()
    await expect(jonas.locator("dialog[open]")).to_be_visible()
    await jonas.screenshot(path=str(folder / "phone-12-report-dialog.png"))

    board = await open_page(account={"email": "beirat-dorf@kreis-hoexter.example"}, password=DEMO_PASSWORD)
    await shoot(board, folder, "phone-13-moderation-queue", "/moderation.html")
    wide = await open_page(
        account={"email": "beirat-dorf@kreis-hoexter.example"},
        password=DEMO_PASSWORD,
        viewport={"width": 1280, "height": 900},
    )
    await goto(wide, "/moderation.html")
    await wide.keyboard.press("a")
    await expect(wide.locator("dialog[open]")).to_be_visible()
    await wide.screenshot(path=str(folder / "desktop-moderation-reason-dialog.png"))
    await wide.keyboard.press("Escape")
    await shoot(wide, folder, "desktop-moderation-queue")

    english = await open_page(lang="en")
    await shoot(english, folder, "phone-11-action-field-en", "/feld.html?slug=dorf-zukunft-digital")

    assert len(list(folder.glob("phone-*.png"))) >= 13
