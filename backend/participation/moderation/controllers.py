from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from backend.core.actor import Actor
from backend.core.schemas import Page
from backend.participation.moderation.audit import AuditFilters
from backend.participation.moderation.schemas import (
    AccountBlockOut,
    AuditEntryOut,
    BlockIn,
    ClaimOut,
    CommentEditIn,
    DecisionIn,
    DecisionOut,
    IdeaEditIn,
    MergeIn,
    QueueOut,
    ReasonedDecisionIn,
    ReasonTemplateOut,
    ReportIn,
    ReportOut,
)
from backend.participation.moderation.services import ModerationService, provide_moderation_service

__all__ = ["CommentModerationController", "IdeaModerationController", "ModerationController"]

OptionalId = Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1)]


class ModerationController(Controller):
    """The queue, reports, reason templates, the audit log and account blocks."""

    path = "/api/moderation"
    tags = ["Moderation"]
    dependencies = {"moderation": Provide(provide_moderation_service, sync_to_thread=False)}

    @get("/queue", summary="Warteschlange / Queue (pending and reported, oldest first)")
    async def queue(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        action_field: OptionalId = None,
        workshop: OptionalId = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    ) -> QueueOut:
        return await moderation.queue(actor, action_field, workshop, limit)

    @get("/reason-templates", summary="Begründungsvorlagen / Reason templates")
    async def reason_templates(self, moderation: NamedDependency[ModerationService]) -> list[ReasonTemplateOut]:
        return moderation.reason_templates()

    @get("/audit", summary="Moderationsprotokoll / Audit log")
    async def audit(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        action_field: OptionalId = None,
        moderator: OptionalId = None,
        action: Annotated[str | None, QueryParameter(max_length=40, pattern=r"^[a-z_]+(\.[a-z_]+)?$")] = None,
        item_type: Annotated[str | None, QueryParameter(pattern="^(idea|comment|account)$")] = None,
        item_id: OptionalId = None,
        since: Annotated[datetime | None, QueryParameter(description="ISO 8601, z. B. 2026-11-24T00:00:00Z")] = None,
        page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
        page_size: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    ) -> Page[AuditEntryOut]:
        filters = AuditFilters(action_field, moderator, action, item_type, item_id, since, page, page_size)
        return await moderation.audit_log(actor, filters)

    @post("/reports", status_code=HTTP_201_CREATED, summary="Beitrag melden / Report an idea or comment")
    async def report(
        self, actor: NamedDependency[Actor], moderation: NamedDependency[ModerationService], data: JSONBody[ReportIn]
    ) -> ReportOut:
        return await moderation.report(actor, data)

    @post("/accounts/{account_id:int}/block", status_code=HTTP_200_OK, summary="Konto sperren / Block account")
    async def block(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        account_id: FromPath[int],
        data: JSONBody[BlockIn],
    ) -> AccountBlockOut:
        return await moderation.block(actor, account_id, data, blocked=True)

    @post("/accounts/{account_id:int}/unblock", status_code=HTTP_200_OK, summary="Konto entsperren / Unblock")
    async def unblock(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        account_id: FromPath[int],
        data: JSONBody[BlockIn],
    ) -> AccountBlockOut:
        return await moderation.block(actor, account_id, data, blocked=False)


class _ItemModeration(Controller):
    """Claims and decisions shared by ideas and comments; `item_type` says which."""

    tags = ["Moderation"]
    item_type = "idea"
    dependencies = {"moderation": Provide(provide_moderation_service, sync_to_thread=False)}

    @post("/{item_id:int}/claim", status_code=HTTP_200_OK, summary="Beitrag übernehmen / Claim")
    async def claim(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[DecisionIn],
    ) -> ClaimOut:
        return await moderation.claim(actor, self.item_type, item_id, data.version)

    @delete("/{item_id:int}/claim", status_code=HTTP_200_OK, summary="Übernahme beenden / Release")
    async def release(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
    ) -> ClaimOut:
        return await moderation.release(actor, self.item_type, item_id)

    @post("/{item_id:int}/approve", status_code=HTTP_200_OK, summary="Freigeben / Approve")
    async def approve(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[DecisionIn],
    ) -> DecisionOut:
        return await moderation.approve(actor, self.item_type, item_id, data)

    @post("/{item_id:int}/reject", status_code=HTTP_200_OK, summary="Ablehnen / Reject with a reason")
    async def reject(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[ReasonedDecisionIn],
    ) -> DecisionOut:
        return await moderation.reject(actor, self.item_type, item_id, data)

    @post("/{item_id:int}/hide", status_code=HTTP_200_OK, summary="Ausblenden / Hide with a reason")
    async def hide(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[ReasonedDecisionIn],
    ) -> DecisionOut:
        return await moderation.hide(actor, self.item_type, item_id, data)

    @post("/{item_id:int}/unhide", status_code=HTTP_200_OK, summary="Wieder einblenden / Unhide")
    async def unhide(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[DecisionIn],
    ) -> DecisionOut:
        return await moderation.unhide(actor, self.item_type, item_id, data)


class IdeaModerationController(_ItemModeration):
    path = "/api/moderation/ideas"
    item_type = "idea"

    @post("/{item_id:int}/edit", status_code=HTTP_200_OK, summary="Idee bearbeiten (mit Hinweis) / Edit")
    async def edit_idea(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[IdeaEditIn],
    ) -> DecisionOut:
        return await moderation.edit_idea(actor, item_id, data)

    @post("/{item_id:int}/lock", status_code=HTTP_200_OK, summary="Diskussion sperren / Lock discussion")
    async def lock(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[DecisionIn],
    ) -> DecisionOut:
        return await moderation.lock(actor, item_id, data, locked=True)

    @post("/{item_id:int}/unlock", status_code=HTTP_200_OK, summary="Diskussion öffnen / Unlock")
    async def unlock(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[DecisionIn],
    ) -> DecisionOut:
        return await moderation.lock(actor, item_id, data, locked=False)

    @post("/{item_id:int}/merge", status_code=HTTP_200_OK, summary="Duplikat zusammenführen / Merge")
    async def merge(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[MergeIn],
    ) -> DecisionOut:
        return await moderation.merge(actor, item_id, data)


class CommentModerationController(_ItemModeration):
    path = "/api/moderation/comments"
    item_type = "comment"

    @post("/{item_id:int}/edit", status_code=HTTP_200_OK, summary="Kommentar bearbeiten / Edit")
    async def edit_comment(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        item_id: FromPath[int],
        data: JSONBody[CommentEditIn],
    ) -> DecisionOut:
        return await moderation.edit_comment(actor, item_id, data)
