"""The Ergebnisprotokoll: a German, printable HTML page per workshop and action field (and its PDF)."""

from __future__ import annotations

import contextlib
import re
import zlib
from typing import Any

from backend.participation.action_fields.tables import ActionField
from backend.participation.workshops.tables import Workshop
from backend.seed import DEMO_PASSWORD, seed
from tests.factories import ApiClient
from tests.participation.exports.scenario import SECRET_COMMENT, SECRET_TITLE, Scenario

HEADINGS = ("Beteiligung", "Top-Ideen", "Verteilung der Stimmen", "Moderation", "Offizielle Antworten")


def _assert_report_page(html: str) -> None:
    assert html.startswith("<!doctype html>")
    assert '<html lang="de">' in html
    assert "Ergebnisprotokoll" in html
    for heading in HEADINGS:
        assert re.search(rf"<h2[^>]*>{heading}</h2>", html), heading
    assert "@page { size: A4" in html and "@media print" in html
    assert "<script" not in html


def _private(html: str, scenario: Scenario) -> None:
    for secret in (SECRET_TITLE, SECRET_COMMENT, "Tischgast", "Autorin", "Paula", *scenario.emails):
        assert secret not in html, secret


async def test_workshop_report_renders_numbers_rankings_and_charts(staff: ApiClient, scenario: Scenario) -> None:
    response = await staff.get(f"/api/reports/workshops/{scenario.workshop_id}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    _assert_report_page(html)
    assert "<h1>Bürgerwerkstatt Brakel</h1>" in html and "Ergebnisprotokoll · Bürgerwerkstatt ·" in html
    assert "Stadthalle Brakel" in html
    assert html.count('<svg class="chart"') == 3
    assert "<title>Punkte je Idee</title>" in html
    assert re.search(r"<strong>4</strong><span>Teilnehmende \(Geräte\)</span>", html)
    assert re.search(r"<strong>6</strong><span>Punkte \(Dot-Voting\)</span>", html)
    assert "30 %" in html  # 6 of 4 * 5 dots spent
    assert html.index("Werkstatt-Idee table1") < html.index("Werkstatt-Idee table2")  # 5 dots before 1
    assert "<h3>Tisch 1</h3>" in html and "<h3>Tisch 2</h3>" in html
    _private(html, scenario)


async def test_field_report_shows_official_responses_with_the_staff_name(staff: ApiClient, scenario: Scenario) -> None:
    response = await staff.get(f"/api/reports/action-fields/{scenario.field_a['id']}")
    assert response.status_code == 200, response.text
    html = response.text
    _assert_report_page(html)
    assert "Mitfahrbank mit App" in html
    assert "<strong>angenommen</strong> – Smart-Region-Team" in html
    assert "Wird 2027 in Brakel umgesetzt." in html
    assert "Bürgerwerkstatt Brakel – Tisch 1" in html
    assert "Ideen: ausgeblendet" in html  # counted in the moderation statistics, never shown
    _private(html, scenario)


async def test_user_text_is_escaped_in_the_report(staff: ApiClient, scenario: Scenario) -> None:
    from backend.participation.ideas.tables import Idea

    await Idea.update({Idea.title: "<script>alert(1)</script> & Co"}).where(Idea.id == scenario.ideas["table1"])
    html = (await staff.get(f"/api/reports/workshops/{scenario.workshop_id}")).text
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


async def test_report_pdf_is_an_a4_pdf(staff: ApiClient, scenario: Scenario) -> None:
    response = await staff.get(f"/api/reports/workshops/{scenario.workshop_id}/pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert re.search(rb"/MediaBox \[0 0 595\.\d* 841\.\d*\]", _pdf_objects(response.content))  # A4 in pt


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (WeasyPrint packs page objects into them)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


async def test_reports_render_for_the_seeded_demo_data(api: Any) -> None:
    await seed()
    staff = await api()
    await staff.login("team@kreis-hoexter.example", DEMO_PASSWORD)
    fields = await ActionField.select(ActionField.id)
    assert len(fields) == 6
    for field in fields:
        response = await staff.get(f"/api/reports/action-fields/{field['id']}")
        assert response.status_code == 200, response.text
        _assert_report_page(response.text)
    workshops = await Workshop.select(Workshop.id, Workshop.title)
    assert workshops, "the demo brings a Bürgerwerkstatt"
    for workshop in workshops:
        response = await staff.get(f"/api/reports/workshops/{workshop['id']}")
        assert response.status_code == 200, response.text
        _assert_report_page(response.text)
        assert f"<h1>{workshop['title']}</h1>" in response.text
    village = await ActionField.select(ActionField.id).where(ActionField.slug == "dorf-zukunft-digital").first()
    html = (await staff.get(f"/api/reports/action-fields/{village['id']}")).text
    assert "<h1>Dorf.Zukunft.Digital</h1>" in html
    assert "Digitales Schwarzes Brett im Dorfladen" in html
