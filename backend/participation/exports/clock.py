"""Time in the Kreis: exports show wall-clock time in Europe/Berlin."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

__all__ = ["LOCAL_TZ", "local_naive"]

LOCAL_TZ = ZoneInfo("Europe/Berlin")


def local_naive(moment: datetime | None) -> datetime | None:
    """Wall-clock time in the Kreis, without tzinfo (how spreadsheets want it)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)
