from __future__ import annotations

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from backend.core.actor import Actor
from backend.participation.comments.schemas import (
    CommentCreate,
    CommentOut,
    CommentStatusChange,
    CommentUpdate,
)
from backend.participation.comments.services import CommentService, provide_comment_service
from backend.participation.ideas.controllers import IdempotencyKey
from backend.participation.moderation.services import ModerationService, provide_moderation_service

__all__ = ["CommentController"]


class CommentController(Controller):
    path = "/api"
    tags = ["Diskussion / Comments"]
    dependencies = {
        "comments": Provide(provide_comment_service, sync_to_thread=False),
        "moderation": Provide(provide_moderation_service, sync_to_thread=False),
    }

    @get("/ideas/{idea_id:int}/comments", summary="Diskussion einer Idee / Thread of an idea")
    async def thread(
        self, actor: NamedDependency[Actor], comments: NamedDependency[CommentService], idea_id: FromPath[int]
    ) -> list[CommentOut]:
        return await comments.thread(actor, idea_id)

    @post("/ideas/{idea_id:int}/comments", status_code=HTTP_201_CREATED, summary="Kommentieren / Comment")
    async def create_comment(
        self,
        actor: NamedDependency[Actor],
        comments: NamedDependency[CommentService],
        idea_id: FromPath[int],
        data: JSONBody[CommentCreate],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[CommentOut]:
        comment, created = await comments.create(actor, idea_id, data, idempotency_key)
        return Response(comment, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @patch("/comments/{comment_id:int}", summary="Eigenen Kommentar bearbeiten (15 min) / Edit own comment")
    async def edit_comment(
        self,
        actor: NamedDependency[Actor],
        comments: NamedDependency[CommentService],
        comment_id: FromPath[int],
        data: JSONBody[CommentUpdate],
    ) -> CommentOut:
        return await comments.edit(actor, comment_id, data.body)

    @patch("/comments/{comment_id:int}/status", summary="Status setzen (Moderation) / Set status")
    async def set_status(
        self,
        actor: NamedDependency[Actor],
        moderation: NamedDependency[ModerationService],
        comment_id: FromPath[int],
        data: JSONBody[CommentStatusChange],
    ) -> CommentOut:
        return await moderation.set_comment_status(actor, comment_id, data.status, data.reason)
