"""Helpers for the workshop browser tests: a workshop made through the API by staff, phase changes, and the
numbers the database holds (the truth a browser must agree with)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.async_api import Page, expect

from backend.participation.workshops.tables import DotVote, WorkshopIdea
from backend.realtime.tables import Event
from tests.browser.conftest import OpenPage, goto
from tests.factories import ApiClient, client_for, make_account, make_field

PROJECTOR = {"width": 1920, "height": 1080}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Workshop:
    id: int
    code: str
    field: dict[str, Any]
    staff: dict[str, Any]
    client: ApiClient  # logged in as the staff member who created it

    async def phase(self, phase: str) -> None:
        response = await self.client.post(f"/api/workshops/{self.id}/phase", json={"phase": phase})
        assert response.status_code == 200, response.text


async def make_workshop(api: Any, **settings: Any) -> Workshop:
    field = await make_field(moderation_mode="pre" if settings.get("pre_moderation") else "post")
    staff = await make_account("staff", name="Smart-Region-Team")
    client = await client_for(api, staff)
    body = {"title": "Bürgerwerkstatt Dorf.Zukunft.Digital", "action_fields": [field["slug"]], "table_count": 2}
    response = await client.post("/api/workshops", json={**body, **settings})
    assert response.status_code == 201, response.text
    data = response.json()
    return Workshop(id=data["id"], code=data["code"], field=field, staff=staff, client=client)


async def join_on_phone(open_page: OpenPage, workshop: Workshop, name: str, *, table: int | None = None) -> Page:
    """A 390x844 phone opens the join link, gives a name (and table) and waits until it is live."""
    phone = await open_page()
    await goto(phone, f"/werkstatt.html?code={workshop.code}")
    await phone.get_by_label("Ihr Name").fill(name)
    if table:
        await phone.get_by_label(f"Tisch {table}", exact=True).check()
    await phone.get_by_role("button", name="Mitmachen").click()
    await expect(phone.locator(".live-panel")).to_have_attribute("data-status", "live")
    return phone


async def open_projector(open_page: OpenPage, workshop: Workshop) -> Page:
    projector = await open_page(account=workshop.staff, viewport=PROJECTOR)
    await goto(projector, f"/beamer.html?id={workshop.id}")
    await expect(projector.locator(".live-panel")).to_have_attribute("data-status", "live")
    await projector.evaluate("window.__sameDocument = true")
    return projector


async def dot_total(idea_id: int) -> int:
    row = await WorkshopIdea.select(WorkshopIdea.dot_total).where(WorkshopIdea.idea == idea_id).first()
    return int(row["dot_total"])


async def dots_of(idea_id: int) -> list[int]:
    """Every participant's points on an idea (one row per participant and idea)."""
    rows = await DotVote.select(DotVote.points).where(DotVote.idea == idea_id)
    return [int(r["points"]) for r in rows]


async def events_of(workshop: Workshop, event_type: str) -> list[dict[str, Any]]:
    return list(
        await Event.select(Event.seq, Event.data).where(
            (Event.scope == f"workshop:{workshop.id}") & (Event.type == event_type)
        )
    )
