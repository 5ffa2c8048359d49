"""XLSX and JSON exports: the workbook reads back with its sheets; both agree with the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.core.actor import Actor
from backend.participation.exports.schemas import ExportRequest
from backend.participation.exports.services import ExportService
from backend.participation.exports.workbook import SHEETS
from tests.factories import ApiClient
from tests.participation.exports.readers import db_totals, get_ok, json_body, xlsx_sheets, xlsx_table
from tests.participation.exports.scenario import INJECTIONS, Scenario


async def test_workbook_reads_back_with_the_expected_sheets_and_totals(staff: ApiClient, scenario: Scenario) -> None:
    response = await get_ok(staff, "/api/exports/xlsx")
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheets = xlsx_sheets(response)
    assert tuple(sheets) == SHEETS
    truth = await db_totals()
    ideas = xlsx_table(sheets["Ideen"], "ID")
    assert len(ideas) == truth["ideas"]
    totals = next(row for row in sheets["Ideen"] if row[0] == "Summe")
    header = sheets["Ideen"][0]
    assert totals[header.index("Unterstützungen")] == truth["supports"]
    assert totals[header.index("Kommentare")] == truth["comments"]
    assert totals[header.index("Punkte (Dot-Voting)")] == truth["dots"]
    assert len(xlsx_table(sheets["Kommentare"], "ID")) == truth["comments"]
    assert isinstance(ideas[0]["Eingereicht am"], datetime)
    official = next(i for i in ideas if i["Titel"] == "Mitfahrbank mit App")
    assert (official["Offizieller Status"], official["Antwort von"]) == ("angenommen", "Smart-Region-Team")
    assert official["Offizielle Antwort"] == "Wird 2027 in Brakel umgesetzt."


async def test_votes_sheet_aggregates_per_idea_table_and_municipality(staff: ApiClient, scenario: Scenario) -> None:
    votes = xlsx_sheets(await get_ok(staff, "/api/exports/xlsx"))["Stimmen"]
    truth = await db_totals()
    per_idea = xlsx_table(votes, "Idee-ID")
    assert sum(r["Unterstützungen"] for r in per_idea) == truth["supports"]
    per_table = xlsx_table(votes, "Werkstatt-ID")
    assert [(r["Tisch"], r["Punkte (Dot-Voting)"]) for r in per_table] == [(1, 5), (2, 1)]
    per_town = xlsx_table(votes, "Kommune")
    assert sum(r["Ideen"] for r in per_town) == truth["ideas"]


async def test_injection_texts_are_plain_string_cells(staff: ApiClient, scenario: Scenario) -> None:
    sheets = xlsx_sheets(await get_ok(staff, "/api/exports/xlsx"))  # a formula cell fails inside
    values = {value for rows in sheets.values() for row in rows for value in row}
    for text in INJECTIONS:
        # written as typed, as a string cell (no apostrophe needed); XlsxWriter stores a CR with the
        # OOXML escape _x000D_, which Excel turns back into CR and openpyxl's read-only mode shows as is
        assert text.replace("\r", "_x000D_") in values, text


async def test_participation_and_moderation_sheets(staff: ApiClient, scenario: Scenario) -> None:
    sheets = xlsx_sheets(await get_ok(staff, "/api/exports/xlsx"))
    pairs = {row[0]: row[1] for row in sheets["Beteiligung"] if row and len(row) > 1 and row[0]}
    assert pairs["Ideen"] == 6
    assert pairs["Beteiligte Personen (ohne Doppelzählung)"] == 9
    assert pairs["Ideen: ausgeblendet"] == 2  # counted, never shown
    assert pairs["Meldungen von Teilnehmenden"] == 1
    log = xlsx_table(sheets["Moderation"], "Zeitpunkt")
    assert [r["Entscheidung"] for r in log] == ["ausgeblendet", "bearbeitet", "freigegeben"]  # no account blocks
    assert {r["Moderation (Pseudonym)"] for r in log} == {"M-001", "M-002"}
    assert {r["Begründung"] for r in log} == {None}


async def test_json_export_streams_one_object_with_every_part(staff: ApiClient, scenario: Scenario) -> None:
    body = json_body(await get_ok(staff, "/api/exports/json", scope="field", action_field=scenario.field_a["id"]))
    assert body["export"]["scope"] == "field" and body["export"]["include_hidden"] is False
    assert len(body["ideas"]) == 5
    assert sum(i["supports"] for i in body["ideas"]) == 3
    assert {i["author"] for i in body["ideas"]} <= {f"T-00{n}" for n in range(1, 10)}
    assert body["votes"]["by_table"] == [
        {
            "workshop_id": scenario.workshop_id,
            "workshop": "Bürgerwerkstatt Brakel",
            "table_no": n,
            "ideas": 1,
            "supports": 0,
            "dots": d,
        }
        for n, d in ((1, 5), (2, 1))
    ]
    assert body["participation"]["ideas"] == 5
    assert body["participation"]["by_field"][0]["comments"] == 4
    assert body["moderation"]["statistics"]["decisions_by_action"] == {
        "idea.approve": 1,
        "idea.edit": 1,
        "idea.hide": 1,
    }
    assert len(body["moderation"]["log"]) == 3


async def _consume(batch_size: int, scenario: Scenario, **request: Any) -> dict[str, Any]:
    import json

    service = ExportService(batch_size=batch_size)
    actor = Actor(account_id=scenario.staff["id"], role="staff")
    plan = await service.plan(actor, ExportRequest(**request))
    chunks = [chunk async for chunk in service.json(plan).content]
    body = json.loads(b"".join(chunks))
    body["export"].pop("generated_at")
    return body


async def test_keyset_pages_of_two_rows_give_the_same_export_as_one_page(scenario: Scenario) -> None:
    for request in ({}, {"include_hidden": True}, {"scope": "workshop", "workshop": scenario.workshop_id}):
        assert await _consume(2, scenario, **request) == await _consume(1000, scenario, **request)


async def test_csv_is_streamed_one_chunk_per_batch(scenario: Scenario) -> None:
    service = ExportService(batch_size=2)
    plan = await service.plan(Actor(account_id=scenario.staff["id"], role="staff"), ExportRequest())
    chunks = [chunk async for chunk in service.csv(plan, "ideas", ",").content]
    assert len(chunks) == 1 + 3  # BOM and header at once, then 6 public ideas in pages of 2
    assert chunks[0].startswith(b"\xef\xbb\xbfID,") and chunks[0].count(b"\r\n") == 1
