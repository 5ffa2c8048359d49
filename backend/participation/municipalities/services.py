"""Municipalities are reference data: read-only over the API, written by the seed."""

from __future__ import annotations

from backend.participation.municipalities.schemas import MunicipalityOut
from backend.participation.municipalities.tables import Municipality

__all__ = ["MunicipalityService", "provide_municipality_service"]


class MunicipalityService:
    async def list(self) -> list[MunicipalityOut]:
        rows = await Municipality.select().order_by(Municipality.sort_order).order_by(Municipality.name)
        return [MunicipalityOut(id=r["id"], slug=r["slug"], name=r["name"], kind=r["kind"]) for r in rows]

    async def id_for_slug(self, slug: str) -> int | None:
        row = await Municipality.select(Municipality.id).where(Municipality.slug == slug).first()
        return row["id"] if row else None


def provide_municipality_service() -> MunicipalityService:
    return MunicipalityService()
