"""The demo seed: Kreis Höxter, its ten towns, the action fields; running it again adds nothing."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from backend.participation.action_fields.tables import ActionField, FieldModerator
from backend.participation.municipalities.tables import Municipality
from backend.seed import DEMO_LOGINS, DEMO_PASSWORD, seed
from tests.conftest import ROOT
from tests.factories import ApiClient

TOWNS = {
    "Bad Driburg", "Beverungen", "Borgentreich", "Brakel", "Höxter",
    "Marienmünster", "Nieheim", "Steinheim", "Warburg", "Willebadessen",
}  # fmt: skip
FIELDS = {
    "Dorf.Zukunft.Digital",
    "Dorf.Gesundheit.Digital",
    "Smarte Nahversorgung (#SNZ)",
    "Smarte Landwirtschaft",
    "E-Government & OZG",
    "Bürgerserviceportal",
}


async def row_counts() -> dict[str, int]:
    from backend.piccolo_conf import APP_REGISTRY

    return {
        table._meta.tablename: await table.count()
        for app in APP_REGISTRY.app_configs.values()
        for table in app.table_classes
    }


async def test_seed_twice_adds_nothing_the_second_time(server: str) -> None:
    empty = await row_counts()
    assert set(empty.values()) == {0}
    first = await seed()
    after_first = await row_counts()
    second = await seed()
    assert set(second.values()) == {0}, second
    assert await row_counts() == after_first
    assert first["municipalities"] == after_first["municipality"] == 11
    assert first["action_fields"] == after_first["action_field"] >= 6
    assert first["accounts"] == len(DEMO_LOGINS) <= after_first["account"]  # workshop guests come on top
    assert 0 < first["ideas"] <= after_first["idea"]


async def test_seed_has_the_kreis_its_towns_and_the_action_fields(server: str) -> None:
    await seed()
    places = await Municipality.select(Municipality.name, Municipality.kind).order_by(Municipality.sort_order)
    assert places[0] == {"name": "Kreis Höxter", "kind": "district"}
    assert {p["name"] for p in places[1:]} == TOWNS
    assert {p["kind"] for p in places[1:]} == {"town"}
    fields = await ActionField.select(ActionField.title, ActionField.description, ActionField.status)
    assert {f["title"] for f in fields} >= FIELDS
    assert all(len(f["description"]) > 100 and f["status"] == "open" for f in fields)
    assert await FieldModerator.count() > 0


async def test_demo_logins_work_with_their_roles(api: Any) -> None:
    await seed()
    for login in DEMO_LOGINS:
        client: ApiClient = await api()
        response = await client.post("/api/auth/login", json={"email": login.email, "password": DEMO_PASSWORD})
        assert response.status_code == 200, (login.email, response.text)
        assert response.json()["role"] == login.role.value
        assert len(response.json()["moderated_fields"]) == len(login.moderates)


async def _cli_seed() -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backend.cli", "seed",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    return output.decode()


async def test_cli_seed_is_idempotent(server: str) -> None:
    first = await _cli_seed()
    counts = await row_counts()
    second = await _cli_seed()
    assert "municipalities +11" in first
    assert "municipalities +0, action_fields +0, accounts +0, ideas +0" in second, second
    assert await row_counts() == counts
