"""Live updates in the browser: pause and resume, reconnect with since=, and a lost message refilled from
/api/events. Sockets are routed through Playwright so the test can drop a message or cut the line."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenPage, goto
from tests.factories import client_for, make_account, make_field, make_idea

if TYPE_CHECKING:
    from playwright.async_api import WebSocketRoute

pytestmark = pytest.mark.browser


async def test_paused_live_updates_wait_and_arrive_on_resume(open_page: OpenPage, api: Any) -> None:
    field = await make_field()
    author = await make_account()
    await make_idea(field["id"], author["id"], title="Schon da")
    client = await client_for(api, author)

    page = await open_page()
    await goto(page, f"/feld.html?slug={field['slug']}")
    panel = page.locator(".live-panel")
    await expect(panel).to_have_attribute("data-status", "live")

    toggle = panel.locator(".live-toggle")
    await expect(toggle).to_have_text("Live-Updates pausieren")
    await toggle.click()
    await expect(toggle).to_have_text("Live-Updates fortsetzen")
    await expect(toggle).to_be_focused()
    await expect(panel.locator(".live-message")).to_have_text(
        "Live-Updates sind pausiert. Die Seite bleibt unverändert, bis Sie fortsetzen."
    )

    created = await client.post("/api/ideas", json={"action_field": field["slug"], "title": "Während der Pause"})
    assert created.status_code == 201, created.text
    await expect(panel.locator(".live-pending")).to_have_text("1 Änderung wartet.")
    await expect(page.get_by_role("link", name="Während der Pause", exact=True)).to_have_count(0)

    await toggle.click()
    await expect(toggle).to_have_text("Live-Updates pausieren")
    await expect(page.get_by_role("link", name="Während der Pause", exact=True)).to_be_visible()
    await expect(panel.locator(".live-message")).to_have_text("Live-Updates laufen wieder. 1 Änderung übernommen.")
    await expect(page.locator(".results-summary")).to_have_text("2 Ideen gefunden")


async def test_a_lost_message_is_fetched_and_a_dropped_socket_reconnects_with_since(
    open_page: OpenPage, api: Any
) -> None:
    field = await make_field()
    author = await make_account()
    client = await client_for(api, author)
    page = await open_page()

    sockets: list[WebSocketRoute] = []
    urls: list[str] = []
    drop_next_idea = {"armed": False}

    def route(ws: WebSocketRoute) -> None:
        urls.append(ws.url)
        sockets.append(ws)
        server = ws.connect_to_server()

        def from_server(message: str | bytes) -> None:
            text = message.decode() if isinstance(message, bytes) else message
            if drop_next_idea["armed"] and json.loads(text).get("type") == "idea.submitted":
                drop_next_idea["armed"] = False  # as if the publish had been lost
                return
            ws.send(message)

        server.on_message(from_server)

    await page.route_web_socket(re.compile(r"/api/events/ws"), route)
    await goto(page, f"/feld.html?slug={field['slug']}")
    await expect(page.locator(".live-panel")).to_have_attribute("data-status", "live")

    # one message lost on the way: the next one's seq jumps, the page fetches the gap over HTTP
    drop_next_idea["armed"] = True
    async with page.expect_request(re.compile(r"/api/events\?.*since=")) as gap_request:
        for title in ("Verloren gegangen", "Danach gesendet"):
            response = await client.post("/api/ideas", json={"action_field": field["slug"], "title": title})
            assert response.status_code == 201, response.text
    assert "scope=field" in (await gap_request.value).url
    await expect(page.get_by_role("link", name="Verloren gegangen", exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name="Danach gesendet", exact=True)).to_be_visible()
    await expect(page.locator(".results-summary")).to_have_text("2 Ideen gefunden")

    # the line drops; what happens meanwhile arrives after the reconnect, asked for with since=
    await sockets[0].close(code=1006, reason="network gone")
    response = await client.post("/api/ideas", json={"action_field": field["slug"], "title": "Im Funkloch"})
    assert response.status_code == 201, response.text
    await expect(page.get_by_role("link", name="Im Funkloch", exact=True)).to_be_visible(timeout=15_000)
    assert len(urls) == 2
    assert "since=2" in urls[1], urls
    await expect(page.locator(".results-summary")).to_have_text("3 Ideen gefunden")
