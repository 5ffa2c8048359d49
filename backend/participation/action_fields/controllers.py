from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from backend.core.actor import Actor
from backend.participation.action_fields.schemas import (
    ActionFieldCreate,
    ActionFieldOut,
    ActionFieldUpdate,
    ModeratorAssign,
)
from backend.participation.action_fields.services import ActionFieldService, provide_action_field_service

__all__ = ["ActionFieldController"]


class ActionFieldController(Controller):
    path = "/api/action-fields"
    tags = ["Handlungsfelder / Action fields"]
    dependencies = {"fields": Provide(provide_action_field_service, sync_to_thread=False)}

    @get("/", summary="Handlungsfelder / List action fields")
    async def list_fields(
        self,
        actor: NamedDependency[Actor],
        fields: NamedDependency[ActionFieldService],
        include_archived: FromQuery[bool] = False,
    ) -> list[ActionFieldOut]:
        return await fields.list(actor, include_archived)

    @get("/{slug:str}", summary="Ein Handlungsfeld / One action field")
    async def get_field(self, slug: FromPath[str], fields: NamedDependency[ActionFieldService]) -> ActionFieldOut:
        return await fields.get(slug)

    @post("/", status_code=HTTP_201_CREATED, summary="Handlungsfeld anlegen (Team) / Create (staff)")
    async def create_field(
        self,
        actor: NamedDependency[Actor],
        fields: NamedDependency[ActionFieldService],
        data: JSONBody[ActionFieldCreate],
    ) -> ActionFieldOut:
        return await fields.create(actor, data)

    @patch("/{slug:str}", summary="Handlungsfeld ändern (Team) / Update (staff)")
    async def update_field(
        self,
        actor: NamedDependency[Actor],
        fields: NamedDependency[ActionFieldService],
        slug: FromPath[str],
        data: JSONBody[ActionFieldUpdate],
    ) -> ActionFieldOut:
        return await fields.update(actor, slug, data)

    @post("/{slug:str}/moderators", status_code=HTTP_200_OK, summary="Moderation zuweisen / Assign moderator")
    async def assign_moderator(
        self,
        actor: NamedDependency[Actor],
        fields: NamedDependency[ActionFieldService],
        slug: FromPath[str],
        data: JSONBody[ModeratorAssign],
    ) -> ActionFieldOut:
        return await fields.assign_moderator(actor, slug, data.account_id)

    @delete(
        "/{slug:str}/moderators/{account_id:int}",
        status_code=HTTP_200_OK,
        summary="Moderation entziehen / Remove moderator",
    )
    async def remove_moderator(
        self,
        actor: NamedDependency[Actor],
        fields: NamedDependency[ActionFieldService],
        slug: FromPath[str],
        account_id: FromPath[int],
    ) -> ActionFieldOut:
        return await fields.remove_moderator(actor, slug, account_id)
