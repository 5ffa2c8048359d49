"""axe-core finds no WCAG 2.1 A/AA (or best-practice) violation on the workshop screens — phone in every
phase, projector (dark theme) in every phase and with a focused idea, facilitator — in German and English."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import OpenPage, axe_violations, goto
from tests.browser.workshop_fixtures import DESKTOP, PROJECTOR, Workshop, make_workshop

pytestmark = pytest.mark.browser

JOIN_BUTTON = {"de": "Mitmachen", "en": "Take part"}
PHASE_NAMES = {
    "de": {"lobby": "Ankommen", "ideation": "Ideen sammeln", "voting": "Punkte vergeben", "results": "Ergebnis"},
    "en": {"lobby": "Arrival", "ideation": "Collect ideas", "voting": "Give points", "results": "Result"},
}


async def scan(page: Page, label: str, lang: str, found: dict[str, Any]) -> None:
    assert await page.evaluate("document.documentElement.lang") == lang
    violations = await axe_violations(page)
    if violations:
        found[label] = violations


async def with_ideas(api: Any, workshop: Workshop) -> list[int]:
    """Two ideas from phones on two tables and one from the flip chart, with some dots later."""
    ids = []
    await workshop.phase("ideation")
    for name, table, title in [("Anna", 1, "Dorf-App für Termine"), ("Jonas", 2, "WLAN im Dorfgemeinschaftshaus")]:
        client = await api()
        joined = await client.post(
            "/api/workshops/join", json={"code": workshop.code, "display_name": name, "table_no": table}
        )
        assert joined.status_code == 200, joined.text
        posted = await client.post(
            f"/api/workshops/{workshop.id}/ideas", json={"title": title, "body": "Kurz erklärt."}
        )
        assert posted.status_code == 201, posted.text
        ids.append(posted.json()["id"])
    analog = await workshop.client.post(
        f"/api/workshops/{workshop.id}/ideas",
        json={"title": "Digitalsprechstunde für Ältere", "table_no": 2, "is_analog": True},
    )
    assert analog.status_code == 201, analog.text
    ids.append(analog.json()["id"])
    await workshop.phase("lobby")
    return ids


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_workshop_screens_have_no_axe_violations(open_page: OpenPage, api: Any, lang: str) -> None:
    workshop = await make_workshop(api, table_count=2)
    ideas = await with_ideas(api, workshop)
    found: dict[str, Any] = {}

    phone = await open_page(lang=lang)
    await goto(phone, "/werkstatt.html?code=XXXX22")
    await expect(phone.locator(".error-summary")).to_be_visible()
    await scan(phone, "phone: unknown code", lang, found)
    await goto(phone, f"/werkstatt.html?code={workshop.code}")
    await scan(phone, "phone: join form", lang, found)
    await phone.get_by_role("button", name=JOIN_BUTTON[lang]).click()
    await expect(phone.locator(".live-panel")).to_have_attribute("data-status", "live")

    projector = await open_page(account=workshop.staff, viewport=PROJECTOR, lang=lang)
    await goto(projector, f"/beamer.html?id={workshop.id}")
    await expect(projector.locator(".live-panel")).to_have_attribute("data-status", "live")
    lead = await open_page(account=workshop.staff, viewport=DESKTOP, lang=lang)
    await goto(lead, f"/werkstatt-leitung.html?id={workshop.id}")
    await expect(lead.locator(".live-panel")).to_have_attribute("data-status", "live")
    await scan(lead, "facilitator", lang, found)

    for phase in ["lobby", "ideation", "voting", "results"]:
        if phase != "lobby":
            await workshop.phase(phase)
        name = PHASE_NAMES[lang][phase]
        await expect(phone.locator(".ws-steps [aria-current=step]")).to_have_text(name)
        await expect(projector.locator(".pj-phase")).to_have_text(name)
        if phase == "voting":
            await phone.locator(f".ws-vote-card[data-idea='{ideas[0]}'] .ws-plus").click()
            await expect(phone.locator(f".ws-vote-card[data-idea='{ideas[0]}'] .ws-sending")).to_be_hidden()
        await scan(phone, f"phone: {phase}", lang, found)
        await scan(projector, f"projector: {phase}", lang, found)

    focused = await workshop.client.post(f"/api/workshops/{workshop.id}/focus", json={"idea_id": ideas[1]})
    assert focused.status_code == 200, focused.text
    await expect(projector.locator(".pj-focus")).to_be_visible()
    await expect(phone.locator(".ws-focus")).to_be_visible()
    await scan(projector, "projector: focused idea", lang, found)
    await scan(phone, "phone: focused idea", lang, found)
    await scan(lead, "facilitator: results, focused idea", lang, found)

    await workshop.phase("closed")
    await expect(phone.locator(".ws-closed")).to_be_visible()
    await scan(phone, "phone: closed", lang, found)

    visitor = await open_page(viewport=PROJECTOR, lang=lang)
    await goto(visitor, f"/beamer.html?id={workshop.id}")
    await expect(visitor.locator(".pj-message")).to_be_visible()
    await scan(visitor, "projector: not logged in", lang, found)

    assert not found, report(found)


def report(found: dict[str, Any]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"][:5])
    return "\n".join(lines)
