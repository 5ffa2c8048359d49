"""Role x scope matrix for exports and reports: staff everywhere, moderators in their own fields only."""

from __future__ import annotations

import pytest

from backend.participation.workshops.tables import Workshop, WorkshopField
from tests.core.assertions import assert_problem
from tests.participation.cast import Cast, matrix

OK = None

OWN_FIELD = {
    "anonymous": (401, "not_authenticated"),
    "participant": (403, "forbidden"),
    "blocked": (403, "forbidden"),
    "moderator_here": (200, OK),
    "moderator_elsewhere": (403, "forbidden"),
    "staff": (200, OK),
    "admin": (200, OK),
}
PLATFORM = {**OWN_FIELD, "moderator_here": (403, "forbidden")}
# a workshop on the cast's field and the other field: a moderator of only one of them is refused
TWO_FIELD_WORKSHOP = PLATFORM


async def _workshop(cast: Cast, *field_ids: int) -> int:
    rows = await Workshop.insert(
        Workshop(
            title="Werkstatt", code=f"C{len(field_ids)}X{field_ids[0]}"[:8], created_by=cast.accounts["staff"]["id"]
        )
    ).returning(Workshop.id)
    for field_id in field_ids:
        await WorkshopField.insert(WorkshopField(workshop=rows[0]["id"], action_field=field_id))
    return int(rows[0]["id"])


def _check(response: object, status: int, code: str | None) -> None:
    if code:
        assert_problem(response, status, code)  # type: ignore[arg-type]
    else:
        assert response.status_code == status, response.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/api/exports/csv/ideas", "/api/exports/xlsx", "/api/exports/json"])
@pytest.mark.parametrize(("role", "status", "code"), matrix(OWN_FIELD))
async def test_exporting_an_action_field(cast: Cast, path: str, role: str, status: int, code: str | None) -> None:
    response = await cast.clients[role].get(path, params={"scope": "field", "action_field": cast.field["id"]})
    _check(response, status, code)


@pytest.mark.parametrize(("role", "status", "code"), matrix(PLATFORM))
async def test_exporting_the_whole_platform(cast: Cast, role: str, status: int, code: str | None) -> None:
    response = await cast.clients[role].get("/api/exports/csv/comments", params={"scope": "platform"})
    _check(response, status, code)


@pytest.mark.parametrize(("role", "status", "code"), matrix(OWN_FIELD))
async def test_exporting_a_workshop_on_one_field(cast: Cast, role: str, status: int, code: str | None) -> None:
    workshop = await _workshop(cast, cast.field["id"])
    response = await cast.clients[role].get("/api/exports/json", params={"scope": "workshop", "workshop": workshop})
    _check(response, status, code)


@pytest.mark.parametrize(("role", "status", "code"), matrix(TWO_FIELD_WORKSHOP))
async def test_exporting_a_workshop_on_two_fields(cast: Cast, role: str, status: int, code: str | None) -> None:
    workshop = await _workshop(cast, cast.field["id"], cast.other_field["id"])
    response = await cast.clients[role].get("/api/exports/xlsx", params={"scope": "workshop", "workshop": workshop})
    _check(response, status, code)


@pytest.mark.parametrize(("role", "status", "code"), matrix(OWN_FIELD))
async def test_reading_the_report_of_an_action_field(cast: Cast, role: str, status: int, code: str | None) -> None:
    response = await cast.clients[role].get(f"/api/reports/action-fields/{cast.field['id']}")
    _check(response, status, code)


@pytest.mark.parametrize(("role", "status", "code"), matrix(OWN_FIELD))
async def test_reading_the_report_of_a_workshop(cast: Cast, role: str, status: int, code: str | None) -> None:
    workshop = await _workshop(cast, cast.field["id"])
    response = await cast.clients[role].get(f"/api/reports/workshops/{workshop}")
    _check(response, status, code)


async def test_unknown_field_and_workshop_are_404_for_staff(cast: Cast) -> None:
    staff = cast.clients["staff"]
    assert_problem(
        await staff.get("/api/exports/json", params={"scope": "field", "action_field": 99999}),
        404,
        "action_field_not_found",
    )
    assert_problem(
        await staff.get("/api/exports/json", params={"scope": "workshop", "workshop": 99999}), 404, "workshop_not_found"
    )
    assert_problem(await staff.get("/api/reports/workshops/99999"), 404, "workshop_not_found")


async def test_incomplete_or_contradictory_scopes_are_422(cast: Cast) -> None:
    staff = cast.clients["staff"]
    body = assert_problem(
        await staff.get("/api/exports/csv/ideas", params={"scope": "field"}), 422, "export_scope_incomplete"
    )
    assert body["errors"][0]["field"] == "action_field"
    workshop = await _workshop(cast, cast.field["id"])
    assert_problem(
        await staff.get("/api/exports/csv/ideas", params={"scope": "table", "workshop": workshop}),
        422,
        "export_scope_incomplete",
    )
    assert_problem(
        await staff.get("/api/exports/csv/ideas", params={"scope": "table", "workshop": workshop, "table": 3}),
        422,
        "unknown_table",
    )
    assert_problem(
        await staff.get("/api/exports/json", params={"from": "2026-05-02", "to": "2026-05-01"}),
        422,
        "invalid_date_range",
    )


async def test_malformed_parameters_are_400_not_500(cast: Cast) -> None:
    staff = cast.clients["staff"]
    for params in ({"scope": "everything"}, {"from": "gestern"}, {"action_field": "x"}, {"sep": "|"}):
        response = await staff.get("/api/exports/csv/ideas", params=params)
        assert response.status_code == 400, (params, response.text)
    response = await staff.get("/api/exports/csv/passwords")
    assert response.status_code in (400, 404), response.text
