"""Switching the language keeps what was typed; staff manage action fields and their moderators."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenPage, goto
from tests.factories import make_account, make_field

pytestmark = pytest.mark.browser


async def test_switching_to_english_translates_in_place_and_is_remembered(open_page: OpenPage) -> None:
    field = await make_field()
    citizen = await make_account()
    page = await open_page(account=citizen)
    await goto(page, f"/einreichen.html?feld={field['slug']}")
    await page.get_by_label("Titel Ihrer Idee").fill("ab")
    await page.get_by_role("button", name="Idee einreichen").click()
    await expect(page.locator(".field-error:visible")).to_have_text("Bitte mindestens 3 Zeichen eingeben.")

    await page.get_by_role("button", name="English").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.get_by_label("Title of your idea")).to_have_value("ab")
    await expect(page.locator(".field-error:visible")).to_have_text("Please enter at least 3 characters.")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Submit an idea")
    await expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    assert (await page.title()).startswith("Submit an idea – ")

    await page.reload()
    await page.wait_for_selector("body[data-ready='true']")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Submit an idea")
    await page.get_by_role("button", name="Deutsch").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Idee einreichen")


async def test_staff_create_an_action_field_and_assign_a_moderator(open_page: OpenPage) -> None:
    staff = await make_account("staff")
    await make_account(name="Beirätin Brakel")
    outsider = await make_account()

    page = await open_page(account=staff)
    await goto(page, "/team.html")
    await page.get_by_role("link", name="Neues Handlungsfeld").click()
    await page.wait_for_url("**/team-feld.html")
    await page.wait_for_selector("body[data-ready='true']")
    await page.get_by_label("Titel").fill("Mobilität auf dem Land")
    slug = page.get_by_label("Kurzname für die Adresse (Slug)")
    await expect(slug).to_have_value("mobilitaet-auf-dem-land")
    await slug.fill("Mobilität!")
    await page.get_by_role("button", name="Handlungsfeld anlegen").click()
    await expect(page.locator(".field[data-field='slug'] .field-error")).to_have_text(
        "Nur Kleinbuchstaben, Ziffern und einzelne Bindestriche."
    )
    await slug.fill("mobilitaet")
    await page.get_by_label("Moderation").select_option("pre")
    await page.get_by_role("button", name="Handlungsfeld anlegen").click()
    await page.wait_for_url("**/team-feld.html?slug=mobilitaet")
    await expect(page.get_by_text("Das Handlungsfeld „Mobilität auf dem Land“ ist angelegt.")).to_be_visible()

    await page.get_by_label("Konto suchen").fill("Brakel")
    await page.get_by_role("button", name="Suchen").click()
    await page.get_by_role("button", name=re.compile(r"^Zuweisen\W+Beirätin Brakel$")).click()
    moderators = page.locator("#moderators-heading + p + ul")
    await expect(moderators).to_contain_text("Beirätin Brakel")
    await page.get_by_role("button", name=re.compile(r"^Entfernen\W+Beirätin Brakel$")).click()
    await expect(moderators).to_have_text("Noch niemand zugewiesen.")

    await page.get_by_label("Kurzbeschreibung").fill("Bus, Bürgerbus und Mitfahrbank.")
    await page.get_by_label("Status").select_option("closed")
    await page.get_by_role("button", name="Änderungen speichern").click()
    await expect(page.locator(".notice-success", has_text="Die Änderungen sind gespeichert.")).to_be_focused()

    await goto(page, "/team.html")
    card = page.locator(".card").filter(has=page.get_by_role("link", name="Mobilität auf dem Land"))
    await expect(card.locator(".badge-field-closed")).to_have_text("geschlossen")

    others = await open_page(account=outsider)
    await goto(others, "/team.html")
    await expect(others.get_by_text("Diese Seite ist dem Team der Geschäftsstelle vorbehalten.")).to_be_visible()
