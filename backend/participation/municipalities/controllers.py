from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency, Provide

from backend.participation.municipalities.schemas import MunicipalityOut
from backend.participation.municipalities.services import MunicipalityService, provide_municipality_service

__all__ = ["MunicipalityController"]


class MunicipalityController(Controller):
    path = "/api/municipalities"
    tags = ["Kommunen / Municipalities"]
    dependencies = {"municipalities": Provide(provide_municipality_service, sync_to_thread=False)}

    @get("/", summary="Kreis und Städte / The district and its towns")
    async def list_municipalities(self, municipalities: NamedDependency[MunicipalityService]) -> list[MunicipalityOut]:
        return await municipalities.list()
