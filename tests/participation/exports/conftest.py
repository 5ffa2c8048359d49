from __future__ import annotations

from typing import Any

import pytest

from tests.factories import ApiClient, client_for
from tests.participation.exports.scenario import Scenario, make_scenario


@pytest.fixture
async def scenario(api: Any) -> Scenario:
    return await make_scenario()


@pytest.fixture
async def staff(api: Any, scenario: Scenario) -> ApiClient:
    return await client_for(api, scenario.staff)
