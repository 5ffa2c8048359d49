"""Staff reach the exports and the results report from the staff overview."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.async_api import expect

from backend.participation.action_fields.tables import ActionField
from backend.participation.exports.workbook import SHEETS
from tests.browser.conftest import OpenPage, goto
from tests.factories import make_account, make_field, make_idea

pytestmark = pytest.mark.browser


async def test_staff_download_an_export_and_open_the_report_of_a_field(open_page: OpenPage) -> None:
    staff = await make_account("staff")
    field = await make_field()
    await make_idea(field["id"], staff["id"], title="Glasfaser für Bellersen")
    page = await open_page(account=staff, viewport={"width": 1100, "height": 900})
    await goto(page, "/team.html")
    section = page.locator("section[aria-labelledby='staff-exports']")
    await expect(section.get_by_role("heading", level=2)).to_have_text("Exporte und Ergebnisprotokolle")
    await expect(section.get_by_role("link", name="Ergebnisprotokoll (Druckansicht)")).to_be_hidden()

    await section.get_by_label("Bereich").select_option(f"field:{field['id']}")
    await section.get_by_label("Auch ausgeblendete").check()
    xlsx = section.get_by_role("link", name="Excel-Arbeitsmappe")
    await expect(xlsx).to_have_attribute(
        "href", f"/api/exports/xlsx?scope=field&action_field={field['id']}&include_hidden=true"
    )
    await expect(section.get_by_role("link", name="CSV: Ideen")).to_have_attribute("href", re.compile(r"sep=%3B"))
    async with page.expect_download() as download_info:
        await xlsx.click()
    download = await download_info.value
    assert "-inkl-nicht-oeffentlich-" in download.suggested_filename
    assert download.suggested_filename.endswith(".xlsx")
    saved = await download.path()
    book = load_workbook(io.BytesIO(await asyncio.to_thread(Path(saved).read_bytes)), read_only=True)
    assert tuple(book.sheetnames) == SHEETS
    book.close()

    async with page.expect_popup() as popup_info:
        await section.get_by_role("link", name="Ergebnisprotokoll (Druckansicht)").click()
    report = await popup_info.value
    await report.wait_for_load_state()
    title = (await ActionField.select(ActionField.title).where(ActionField.id == field["id"]).first())["title"]
    await expect(report.get_by_role("heading", level=1)).to_have_text(title)
    await expect(report.get_by_text("Glasfaser für Bellersen").first).to_be_visible()
