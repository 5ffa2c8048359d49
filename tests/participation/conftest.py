from __future__ import annotations

from typing import Any

import pytest

from tests.participation.cast import Cast, make_cast


@pytest.fixture
async def cast(api: Any) -> Cast:
    """A post-moderated field, another field, and one logged-in client per role."""
    return await make_cast(api)
