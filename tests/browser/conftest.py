"""Real-Chromium tests: Debian's Chromium driven by Playwright (async API) in the suite's event loop,
against the app served by the `server` fixture. Skipped only when /usr/bin/chromium is absent."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Console noise that is not a defect: the browser logs every 4xx answer (401 from /api/auth/me for
# visitors, 400 for a form the test fills wrongly on purpose).
_EXPECTED_CONSOLE = ("Failed to load resource",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (make chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    playwright = await async_playwright().start()
    chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    await chromium.close()
    await playwright.stop()


async def login_context(context: BrowserContext, email: str, password: str = PASSWORD) -> None:
    """Log a browser context in through the API (the login form has its own test)."""
    await context.request.get("/api/municipalities")
    token = next(c["value"] for c in await context.cookies() if c["name"] == "csrftoken")
    response = await context.request.post(
        "/api/auth/login", data={"email": email, "password": password}, headers={"x-csrftoken": token}
    )
    assert response.ok, await response.text()


OpenPage = Callable[..., Awaitable["Page"]]


@pytest.fixture
async def open_page(browser: Browser, server: str) -> AsyncIterator[OpenPage]:
    """Factory of pages, each in its own context (own cookies): `await open_page(account=..., lang="en")`.
    Fails the test on any uncaught script error or console error."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []
    in_flight: set[Any] = set()

    async def make(
        *,
        account: dict[str, Any] | None = None,
        lang: str = "de",
        viewport: dict[str, int] | None = None,
        password: str = PASSWORD,
    ) -> Page:
        context = await browser.new_context(
            base_url=server, viewport=viewport or PHONE, locale="de-DE", reduced_motion="reduce"
        )
        contexts.append(context)
        if lang != "de":
            await context.add_init_script(f"localStorage.setItem('mw-lang', '{lang}')")
        if account:
            await login_context(context, account["email"], password)
        page = await context.new_page()
        page.on("request", lambda request: in_flight.add(request))
        page.on("requestfinished", lambda request: in_flight.discard(request))
        page.on("requestfailed", lambda request: in_flight.discard(request))
        page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text}")
                if message.type == "error" and not message.text.startswith(_EXPECTED_CONSOLE)
                else None
            ),
        )
        return page

    yield make
    # a request the test did not wait for (an optimistic vote, a claim) must finish before the next
    # test empties the tables, or its transaction and the TRUNCATE can deadlock on PostgreSQL
    for _ in range(100):
        if not in_flight:
            break
        await asyncio.sleep(0.05)
    found = list(problems)
    for context in contexts:
        await context.close()
    assert not found, found


async def goto(page: Page, path: str) -> None:
    """Open a page and wait until its script has rendered it."""
    await page.goto(path)
    await page.wait_for_selector("body[data-ready='true']")


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA and best-practice violations on the current page."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        """async () => {
            const r = await axe.run(document, {
              runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            });
            return r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }"""
    )
    return list(result)


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/screenshots when SCREENSHOTS=1 (make screenshots), else a temporary folder."""
    if os.environ.get("SCREENSHOTS") == "1":
        target = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    else:
        target = tmp_path / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target
