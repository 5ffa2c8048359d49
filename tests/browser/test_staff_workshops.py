"""Staff manage citizen workshops in the web UI: create (with a validation error first), list, edit, links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import expect

from backend.participation.workshops.tables import Workshop
from tests.browser.conftest import OpenPage, axe_violations, goto, screenshot_dir
from tests.factories import make_account, make_field, make_municipality

pytestmark = pytest.mark.browser


async def test_staff_create_list_and_edit_a_workshop_as_in_the_screenshots(open_page: OpenPage, tmp_path: Path) -> None:
    staff = await make_account("staff")
    field = await make_field()
    await make_municipality()
    page = await open_page(account=staff)
    await goto(page, "/team.html")
    await page.get_by_role("link", name="Bürgerwerkstätten").click()
    await page.wait_for_url("**/team-werkstaetten.html")
    await page.wait_for_selector("body[data-ready='true']")
    await expect(page.get_by_text("Noch keine Werkstatt angelegt.")).to_be_visible()

    form = page.locator("form[aria-labelledby='ws-form-heading']")
    await form.get_by_label("Titel").fill("Dorfzukunft Brakel")
    await form.get_by_label("Beginn").fill("2026-12-03T18:30")
    await form.get_by_label("Veranstaltungsort").fill("Stadthalle Brakel")
    await form.get_by_label("Kommune").select_option("brakel")
    await form.get_by_label("Anzahl der Tische").fill("4")
    await form.get_by_role("button", name="Werkstatt anlegen").click()
    # no action field chosen: the API refuses, the message stands next to the checkboxes
    await expect(page.locator(".error-summary")).to_be_focused()
    await expect(page.locator("fieldset[data-field='action_fields'] .field-error")).to_have_text(
        "Bitte wählen Sie mindestens ein Handlungsfeld."
    )
    assert await Workshop.count() == 0

    title = "Handlungsfeld " + field["slug"].removeprefix("feld-")
    await form.get_by_role("group", name="Handlungsfelder").get_by_label(title, exact=True).check()
    await form.get_by_role("button", name="Werkstatt anlegen").click()
    done = page.locator(".notice-success")
    await expect(done).to_be_focused()
    row = await Workshop.select().first()
    assert row is not None and row["title"] == "Dorfzukunft Brakel" and row["table_count"] == 4
    await expect(done).to_have_text(f"Die Werkstatt „Dorfzukunft Brakel“ ist angelegt (Code {row['code']}).")
    await expect(page.locator(".error-summary")).to_have_count(0)

    card = page.locator(f"#ws-{row['id']}")
    await expect(card.locator(".ws-code")).to_have_text(row["code"])
    await expect(card.get_by_text("Stadthalle Brakel")).to_be_visible()
    await expect(card.get_by_role("link", name="Leitung")).to_have_attribute(
        "href", f"/werkstatt-leitung.html?id={row['id']}"
    )
    await expect(card.get_by_role("link", name="Beamer")).to_have_attribute("href", f"/beamer.html?id={row['id']}")
    await expect(card.get_by_role("link", name="Ergebnisprotokoll")).to_have_attribute(
        "href", f"/api/reports/workshops/{row['id']}"
    )
    await expect(card.get_by_role("link", name="Beitrittslink (Handy)")).to_have_attribute(
        "href", re.compile(re.escape(row["code"]))
    )

    # reload: the list comes from the server, then the settings page changes the dot budget
    await goto(page, "/team-werkstaetten.html")
    await page.screenshot(path=str(screenshot_dir(tmp_path) / "phone-14-staff-workshops.png"), full_page=True)
    await page.locator(f"#ws-{row['id']}").get_by_role("link", name="Einstellungen").click()
    await page.wait_for_url(f"**/team-werkstaetten.html?id={row['id']}")
    await page.wait_for_selector("body[data-ready='true']")
    budget = page.get_by_label("Punkte pro Person")
    await expect(budget).to_have_value("5")
    await expect(page.get_by_label("Beginn")).to_have_value("2026-12-03T18:30")
    await budget.fill("0")
    await page.get_by_role("button", name="Änderungen speichern").click()
    await expect(page.locator(".field[data-field='dot_budget'] .field-error")).to_be_visible()
    await budget.fill("8")
    await page.get_by_role("button", name="Änderungen speichern").click()
    await expect(page.locator(".notice-success")).to_be_focused()
    await expect(page.locator(".notice-success")).to_contain_text("Die Änderungen sind gespeichert.")
    changed = await Workshop.select(Workshop.dot_budget, Workshop.starts_at).where(Workshop.id == row["id"]).first()
    assert changed["dot_budget"] == 8
    assert changed["starts_at"] == row["starts_at"]  # the time round-trips unchanged

    await goto(page, "/team-werkstaetten.html")
    await expect(page.locator(f"#ws-{row['id']} .facts")).to_contain_text(re.compile(r"Punkte pro Person\s*8\b"))


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_staff_workshop_pages_have_no_axe_violations(open_page: OpenPage, lang: str) -> None:
    staff = await make_account("staff")
    await make_field()
    page = await open_page(account=staff, lang=lang)
    await goto(page, "/team-werkstaetten.html")
    # with a listed workshop and a form showing its errors
    await page.locator("input[name='title']").fill("Werkstatt Höxter")
    await page.locator("form[aria-labelledby='ws-form-heading'] [type=submit]").click()
    await expect(page.locator(".error-summary")).to_be_focused()
    await page.locator("input[name='action_fields']").check()
    await page.locator("form[aria-labelledby='ws-form-heading'] [type=submit]").click()
    await expect(page.locator(".notice-success")).to_be_focused()
    found = {"overview": await axe_violations(page)}
    workshop = await Workshop.select(Workshop.id).first()
    await goto(page, f"/team-werkstaetten.html?id={workshop['id']}")
    found["edit"] = await axe_violations(page)
    assert found == {"overview": [], "edit": []}
