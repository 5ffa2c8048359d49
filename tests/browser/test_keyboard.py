"""Keyboard only: skip link, visible focus, an idea submitted (first wrong, then right) and supported
without a pointer."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import OpenPage, goto
from tests.factories import make_account, make_field

pytestmark = pytest.mark.browser

_FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return el.matches(":focus-visible") && (style.boxShadow !== "none" || style.outlineStyle !== "none");
}"""


async def tab_to(page: Page, selector: str, limit: int = 15) -> None:
    """Press Tab until `selector` has the focus; every stop on the way must show a focus indicator."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        assert await page.evaluate(_FOCUS_VISIBLE), await page.evaluate("document.activeElement.outerHTML")
        if await page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


async def test_idea_is_submitted_and_supported_with_the_keyboard_only(open_page: OpenPage) -> None:
    field = await make_field()
    citizen = await make_account()
    page = await open_page(account=citizen)
    await goto(page, f"/einreichen.html?feld={field['slug']}")

    # the first Tab reaches the skip link, which is then visible and jumps to the content
    await page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    await expect(skip).to_be_focused()
    await expect(skip).to_have_text("Zum Inhalt springen")
    assert (await skip.bounding_box())["y"] >= 0
    await page.keyboard.press("Enter")
    await expect(page.locator("#main")).to_be_focused()

    await tab_to(page, "input[name=title]")
    await page.keyboard.type("ab")
    await page.keyboard.press("Enter")  # submits the form
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await tab_to(page, ".error-summary a")
    await page.keyboard.press("Enter")
    title = page.locator("input[name=title]")
    await expect(title).to_be_focused()
    await expect(title).to_have_attribute("aria-invalid", "true")

    await page.keyboard.press("Control+A")
    await page.keyboard.type("Bücherschrank am Marktplatz")
    await page.keyboard.press("Tab")
    await expect(page.locator("textarea[name=body]")).to_be_focused()
    await page.keyboard.type("Ein alter Telefonschrank als offener Bücherschrank.")
    await tab_to(page, "button[type=submit]")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/idee.html?id=*")
    await page.wait_for_selector("body[data-ready='true']")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Bücherschrank am Marktplatz")

    await tab_to(page, ".idea-vote .vote-button", limit=25)
    await page.keyboard.press("Space")
    await expect(page.locator(".idea-vote .vote-pending")).to_be_hidden()  # the server has answered
    await expect(page.locator(".idea-vote .vote-button")).to_have_attribute("aria-pressed", "true")
    await expect(page.locator(".idea-vote .vote-count")).to_have_text("1 Unterstützung")
    await expect(page.locator(".idea-vote .vote-button")).to_be_focused()
