from __future__ import annotations

from litestar import Controller, delete, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK

from backend.core.actor import Actor
from backend.participation.votes.schemas import VoteOut
from backend.participation.votes.services import VoteService, provide_vote_service

__all__ = ["VoteController"]


class VoteController(Controller):
    path = "/api/ideas/{idea_id:int}/vote"
    tags = ["Unterstützung / Votes"]
    dependencies = {"votes": Provide(provide_vote_service, sync_to_thread=False)}

    @post(
        "/",
        status_code=HTTP_200_OK,
        summary="Idee unterstützen / Support an idea",
        description="Idempotent: a repeated vote answers 200 with `changed: false` and adds no row.",
    )
    async def cast_vote(
        self, actor: NamedDependency[Actor], votes: NamedDependency[VoteService], idea_id: FromPath[int]
    ) -> VoteOut:
        return await votes.cast(actor, idea_id)

    @delete(
        "/",
        status_code=HTTP_200_OK,
        summary="Unterstützung zurückziehen / Retract support",
        description="Idempotent: retracting a vote that does not exist answers 200 with `changed: false`.",
    )
    async def retract_vote(
        self, actor: NamedDependency[Actor], votes: NamedDependency[VoteService], idea_id: FromPath[int]
    ) -> VoteOut:
        return await votes.retract(actor, idea_id)
