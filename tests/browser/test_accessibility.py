"""axe-core finds no WCAG 2.1 A/AA (or best-practice) violation on any page, in German and in English,
including pages showing form errors, a discussion and the staff screens."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import OpenPage, axe_violations, goto
from tests.factories import client_for, make_account, make_field, make_idea, make_municipality

pytestmark = pytest.mark.browser

HOME = {"de": "Start", "en": "Home"}


async def seed(api: Any) -> dict[str, Any]:
    """A field with a discussed idea, a pre-moderated field, a town, and people in every role."""
    field = await make_field()
    pre = await make_field(moderation_mode="pre")
    await make_municipality("brakel", "Brakel")
    citizen = await make_account(name="Anna aus Brakel")
    staff = await make_account("staff", name="Team Geschäftsstelle")
    board = await make_account("moderator", moderates=[field["id"], pre["id"]], name="Beirat Dorf")
    idea_id = await make_idea(field["id"], citizen["id"], title="Mitfahrbank am Dorfplatz")
    await make_idea(pre["id"], citizen["id"], title="Wartet noch", status="pending")
    client = await client_for(api, citizen)
    first = await client.post(f"/api/ideas/{idea_id}/comments", json={"body": "Gute Idee!"})
    await client.post(f"/api/ideas/{idea_id}/comments", json={"body": "Danke.", "parent_id": first.json()["id"]})
    await client.post(f"/api/ideas/{idea_id}/vote")
    board_client = await client_for(api, board)
    await board_client.post(
        f"/api/ideas/{idea_id}/official-response",
        json={"official_status": "under_consideration", "response": "Der Beirat prüft den Standort."},
    )
    return {"field": field, "idea": idea_id, "citizen": citizen, "staff": staff, "board": board}


async def check(page: Page, path: str, lang: str, found: dict[str, Any], prepare: Any = None) -> None:
    await goto(page, path)
    if prepare:
        await prepare(page)
    assert await page.evaluate("document.documentElement.lang") == lang
    await expect(page.locator(".site-nav").get_by_role("link", name=HOME[lang], exact=True)).to_be_visible()
    violations = await axe_violations(page)
    if violations:
        found[f"{path} ({prepare.__name__ if prepare else 'as loaded'})"] = violations


async def submit_empty(page: Page) -> None:
    await page.locator("form.stack button[type=submit]").click()
    await expect(page.locator(".error-summary")).to_be_visible()


async def open_reply_and_filters(page: Page) -> None:
    await page.locator(".comment-actions button").first.click()
    await expect(page.locator(".reply-form")).to_be_visible()


async def open_more_filters(page: Page) -> None:
    await page.locator(".filters-more > summary").click()


async def search_accounts(page: Page) -> None:
    await page.locator("form.inline-form button[type=submit]").click()
    await expect(page.locator(".search-results")).to_be_visible()


async def open_report_dialog(page: Page) -> None:
    await page.locator(".report-row .report-button").click()
    await expect(page.locator("dialog[open]")).to_be_visible()


async def open_shortcuts(page: Page) -> None:
    await page.keyboard.press("?")
    await expect(page.locator("#shortcuts")).to_have_attribute("open", "")


async def open_reason_dialog(page: Page) -> None:
    await expect(page.locator(".queue-item")).to_have_count(1)
    await page.keyboard.press("a")
    await expect(page.locator("dialog[open]")).to_be_visible()


async def open_merge_dialog(page: Page) -> None:
    await expect(page.locator(".queue-item")).to_have_count(1)
    await page.keyboard.press("z")
    await expect(page.locator("dialog[open] .choices")).to_be_visible()


async def pause_live(page: Page) -> None:
    await page.locator(".live-toggle").click()


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_no_axe_violations_on_any_page(open_page: OpenPage, api: Any, lang: str) -> None:
    data = await seed(api)
    slug, idea = data["field"]["slug"], data["idea"]
    found: dict[str, Any] = {}

    visitor = await open_page(lang=lang)
    for path, prepare in [
        ("/", None),
        (f"/feld.html?slug={slug}", None),
        (f"/feld.html?slug={slug}", open_more_filters),
        (f"/feld.html?slug={slug}", pause_live),
        ("/ideen.html?ort=brakel", None),
        (f"/idee.html?id={idea}", None),
        ("/idee.html?id=999999", None),
        ("/anmelden.html", None),
        ("/anmelden.html", submit_empty),
        ("/registrieren.html", submit_empty),
        ("/einreichen.html", None),
        ("/team.html", None),
    ]:
        await check(visitor, path, lang, found, prepare)

    citizen = await open_page(account=data["citizen"], lang=lang)
    for path, prepare in [
        (f"/idee.html?id={idea}", None),
        (f"/idee.html?id={idea}", open_reply_and_filters),
        (f"/einreichen.html?feld={slug}", None),
        (f"/einreichen.html?feld={slug}", submit_empty),
        ("/meine-beitraege.html", None),
    ]:
        await check(citizen, path, lang, found, prepare)

    board = await open_page(account=data["board"], lang=lang)
    for path, prepare in [
        (f"/idee.html?id={idea}", None),
        ("/moderation.html", None),
        ("/moderation.html", open_shortcuts),
        ("/moderation.html", open_reason_dialog),
        ("/moderation.html", open_merge_dialog),
    ]:
        await check(board, path, lang, found, prepare)

    staff = await open_page(account=data["staff"], lang=lang)
    for path, prepare in [
        ("/team.html", None),
        ("/team-feld.html", None),
        ("/team-feld.html", submit_empty),
        (f"/team-feld.html?slug={slug}", None),
        (f"/team-feld.html?slug={slug}", search_accounts),
        (f"/idee.html?id={idea}", open_report_dialog),
    ]:
        await check(staff, path, lang, found, prepare)

    assert not found, found


async def test_pages_reflow_without_sideways_scrolling_at_320_css_pixels(open_page: OpenPage, api: Any) -> None:
    """WCAG 1.4.10: 320 CSS px is a 1280 px window at 400 % zoom (and a small phone at 100 %)."""
    data = await seed(api)
    slug, idea = data["field"]["slug"], data["idea"]
    narrow = {"width": 320, "height": 640}
    wide: dict[str, int] = {}
    for account, paths in [
        (
            None,
            ["/", f"/feld.html?slug={slug}", "/ideen.html?ort=brakel", f"/idee.html?id={idea}", "/registrieren.html"],
        ),
        (data["citizen"], [f"/einreichen.html?feld={slug}", "/meine-beitraege.html"]),
        (data["board"], ["/moderation.html"]),
        (data["staff"], ["/team.html", f"/team-feld.html?slug={slug}"]),
    ]:
        page = await open_page(account=account, viewport=narrow)
        for path in paths:
            await goto(page, path)
            width = await page.evaluate("document.documentElement.scrollWidth")
            if width > narrow["width"]:
                wide[path] = width
    assert not wide, wide
