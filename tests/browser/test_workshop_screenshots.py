"""Screenshots of the workshop screens from the demo Bürgerwerkstatt (code HXTR26): the phone at 390x844 in
every phase, the projector at 1920x1080, the facilitator's page. `make screenshots` (SCREENSHOTS=1) writes
them to docs/screenshots/; otherwise to a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.async_api import expect

from backend.participation.workshops.tables import Workshop
from backend.seed import DEMO_PASSWORD, DEMO_WORKSHOP_CODE, seed
from tests.browser.conftest import OpenPage, goto, screenshot_dir
from tests.browser.workshop_fixtures import DESKTOP, PROJECTOR
from tests.factories import ApiClient

if TYPE_CHECKING:
    from playwright.async_api import Page

pytestmark = pytest.mark.browser

STAFF = {"email": "team@kreis-hoexter.example"}
PHONE_IDEAS = [
    (
        "Birgit",
        1,
        "Mitfahrbank mit digitaler Anzeige",
        "Eine Anzeige an der Bank zeigt, wer gleich in die Stadt fährt.",
    ),
    ("Ömer", 3, "Glasfaser bis in jeden Ortsteil", ""),
    ("Heike", 2, "Dorfladen mit Abholfach rund um die Uhr", "Online bestellen, abends aus dem Fach holen."),
    ("Jonas", 1, "Vereinskalender für alle Dörfer", ""),
    ("Lena", 3, "Handy-Sprechstunde in der Bücherei", "Jugendliche erklären Älteren Apps und Online-Banking."),
]
# participant -> [(idea title, points)]
VOTES = {
    "Birgit": [("Glasfaser bis in jeden Ortsteil", 3), ("Dorf-App für Termine und Mitfahrgelegenheiten", 2)],
    "Ömer": [("Glasfaser bis in jeden Ortsteil", 3), ("WLAN im Dorfgemeinschaftshaus", 2)],
    "Heike": [("Dorfladen mit Abholfach rund um die Uhr", 3), ("Digitalsprechstunde für Ältere", 2)],
    "Jonas": [("Vereinskalender für alle Dörfer", 2), ("Glasfaser bis in jeden Ortsteil", 3)],
    "Lena": [("Digitalsprechstunde für Ältere", 3), ("Handy-Sprechstunde in der Bücherei", 2)],
    "Paul": [("Dorf-App für Termine und Mitfahrgelegenheiten", 3), ("Glasfaser bis in jeden Ortsteil", 1)],
}


class Room:
    """The demo workshop driven through the API: staff and a few phones."""

    def __init__(self, api: Any, workshop_id: int) -> None:
        self.api = api
        self.id = workshop_id
        self.staff: ApiClient | None = None
        self.phones: dict[str, ApiClient] = {}

    async def start(self) -> None:
        self.staff = await self.api()
        await self.staff.login(STAFF["email"], DEMO_PASSWORD)

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        assert self.staff
        response = await self.staff.post(f"/api/workshops/{self.id}/{path}", json=body)
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def phone(self, name: str, table: int | None = None) -> ApiClient:
        if name not in self.phones:
            client: ApiClient = await self.api()
            joined = await client.post(
                "/api/workshops/join", json={"code": DEMO_WORKSHOP_CODE, "display_name": name, "table_no": table}
            )
            assert joined.status_code == 200, joined.text
            self.phones[name] = client
        return self.phones[name]

    async def idea_ids(self) -> dict[str, int]:
        assert self.staff
        snapshot = (await self.staff.get(f"/api/workshops/{self.id}/snapshot")).json()
        return {idea["title"]: idea["id"] for idea in snapshot["ideas"]}


async def shoot(page: Page, folder: Path, name: str, *, full: bool = True) -> None:
    await page.wait_for_timeout(250)  # let bars and the live panel settle
    await page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


async def test_screenshots_of_the_workshop_screens(open_page: OpenPage, api: Any, tmp_path: Path) -> None:
    await seed()
    folder = screenshot_dir(tmp_path)
    row = await Workshop.select(Workshop.id).where(Workshop.code == DEMO_WORKSHOP_CODE).first()
    room = Room(api, int(row["id"]))
    await room.start()
    await room.post("phase", {"phase": "lobby"})
    for name, table, _, _ in PHONE_IDEAS:
        await room.phone(name, table)

    projector = await open_page(account=STAFF, password=DEMO_PASSWORD, viewport=PROJECTOR)
    await goto(projector, f"/beamer.html?id={room.id}")
    await expect(projector.locator(".live-panel")).to_have_attribute("data-status", "live")
    lead = await open_page(account=STAFF, password=DEMO_PASSWORD, viewport=DESKTOP)
    await goto(lead, f"/werkstatt-leitung.html?id={room.id}")

    phone = await open_page()
    await goto(phone, f"/werkstatt.html?code={DEMO_WORKSHOP_CODE}")
    await phone.get_by_label("Ihr Name").fill("Anna")
    await phone.get_by_label("Tisch 2", exact=True).check()
    await shoot(phone, folder, "workshop-phone-01-join")
    await phone.get_by_role("button", name="Mitmachen").click()
    await expect(phone.locator(".live-panel")).to_have_attribute("data-status", "live")
    await expect(projector.locator(".pj-count-big")).to_have_text("6 Personen sind schon da")
    await shoot(phone, folder, "workshop-phone-02-lobby")
    await shoot(projector, folder, "workshop-projector-01-lobby", full=False)

    # ideation: ideas from the phones, one typed from a flip chart, a countdown
    await room.post("phase", {"phase": "ideation"})
    await room.post("timer", {"seconds": 600})
    for name, table, title, body in PHONE_IDEAS:
        client = await room.phone(name, table)
        posted = await client.post(f"/api/workshops/{room.id}/ideas", json={"title": title, "body": body})
        assert posted.status_code == 201, posted.text
    await phone.get_by_label("Ihre Idee in einem Satz").fill("Leihfahrräder mit App am Bahnhof")
    await phone.get_by_role("button", name="Idee abschicken").click()
    await expect(phone.locator(".ws-mine-item")).to_contain_text("auf der Wand")
    await phone.get_by_label("Ihre Idee in einem Satz").fill("Schnelles Internet für die Grundschule")
    await expect(projector.locator(".pj-wall .pj-card")).to_have_count(9)
    await shoot(phone, folder, "workshop-phone-03-ideation")
    await shoot(projector, folder, "workshop-projector-02-wall", full=False)

    # voting: dots from everyone, the phone mid-way through its budget
    await room.post("phase", {"phase": "voting"})
    await room.post("timer", {"seconds": 300})
    ids = await room.idea_ids()
    await room.phone("Paul")
    for name, votes in VOTES.items():
        client = await room.phone(name)
        for title, points in votes:
            voted = await client.put(f"/api/workshops/{room.id}/dots/{ids[title]}", json={"points": points})
            assert voted.status_code == 200, voted.text
    for title, presses in [("Glasfaser bis in jeden Ortsteil", 2), ("WLAN im Dorfgemeinschaftshaus", 1)]:
        plus = phone.locator(f".ws-vote-card[data-idea='{ids[title]}'] .ws-plus")
        for _ in range(presses):
            await plus.click()
    await expect(phone.locator(".ws-budget")).to_contain_text("noch 2 von 5")
    await expect(phone.locator(".ws-sending:visible")).to_have_count(0)
    await expect(projector.locator(".pj-given")).to_have_text("32 Punkte vergeben")
    await phone.locator(
        f".ws-vote-card[data-idea='{ids['Glasfaser bis in jeden Ortsteil']}']"
    ).scroll_into_view_if_needed()
    await phone.evaluate("window.scrollBy(0, -120)")
    await phone.screenshot(path=str(folder / "workshop-phone-04-voting.png"))  # the viewport: budget bar on top
    await shoot(projector, folder, "workshop-projector-03-voting", full=False)

    # no signal: the dot waits in the outbox and says so
    await phone.context.set_offline(True)
    await phone.locator(f".ws-vote-card[data-idea='{ids['Digitalsprechstunde für Ältere']}'] .ws-plus").click()
    await expect(phone.locator(".ws-sync")).to_contain_text("Keine Verbindung")
    await phone.evaluate("window.scrollTo(0, 0)")
    await phone.screenshot(path=str(folder / "workshop-phone-05-offline.png"))
    await phone.context.set_offline(False)
    await expect(phone.locator(".ws-sync")).to_be_empty()

    # the facilitator puts one idea in focus
    await room.post("focus", {"idea_id": ids["Dorfladen mit Abholfach rund um die Uhr"]})
    await expect(phone.locator(".ws-focus")).to_be_visible()
    await expect(projector.locator(".pj-focus")).to_be_visible()
    await phone.evaluate("window.scrollTo(0, 0)")
    await phone.screenshot(path=str(folder / "workshop-phone-06-focus.png"))
    await shoot(projector, folder, "workshop-projector-04-focus", full=False)
    await room.post("focus", {"idea_id": None})

    # the facilitator's page in the middle of the voting
    await expect(lead.locator(".ws-stat-dots dd")).to_have_text("33")
    await shoot(lead, folder, "workshop-facilitator")

    # results and the end
    await room.post("phase", {"phase": "results"})
    await expect(phone.locator(".ws-results")).to_be_visible()
    await expect(projector.locator(".pj-results")).to_be_visible()
    await shoot(phone, folder, "workshop-phone-07-results")
    await shoot(projector, folder, "workshop-projector-05-results", full=False)
    await room.post("phase", {"phase": "closed"})
    await expect(phone.locator(".ws-closed")).to_be_visible()
    await phone.screenshot(path=str(folder / "workshop-phone-08-closed.png"))

    # a phone without signal, in English
    english = await open_page(lang="en")
    await room.post("phase", {"phase": "closed"})
    await goto(english, f"/werkstatt.html?code={DEMO_WORKSHOP_CODE}")
    await expect(english.get_by_role("heading", level=1)).to_be_visible()
    await shoot(english, folder, "workshop-phone-09-closed-en")
