"""Support votes: one row per (voter, idea), total updated in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backend.core.errors import Conflict, Forbidden
from backend.participation.action_fields.services import field_scope
from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.services import load_idea, require_participation
from backend.participation.ideas.tables import Idea
from backend.participation.votes import permissions
from backend.participation.votes.schemas import VoteOut
from backend.participation.votes.tables import Vote
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = ["VoteService", "provide_vote_service"]


class VoteService:
    async def _votable(self, actor: Actor, idea_id: int) -> dict:
        require_participation(actor)
        if not permissions.can_vote(actor):
            raise Forbidden("Sie dürfen nicht abstimmen.")
        idea = await load_idea(idea_id)
        if idea["status"] != Idea.Status.published.value:
            raise Conflict("Für diese Idee kann (noch) nicht abgestimmt werden.", code="idea_not_published")
        if idea["field_status"] != ActionField.Status.open.value:
            raise Conflict("Dieses Handlungsfeld ist geschlossen.", code="action_field_closed")
        return idea

    async def cast(self, actor: Actor, idea_id: int) -> VoteOut:
        """Support an idea; repeating it changes nothing and answers 200 with the same state."""
        async with unit_of_work() as uow:
            idea = await self._votable(actor, idea_id)
            inserted = (
                await Vote.insert(Vote(idea=idea_id, voter=actor.account_id, created_at=datetime.now(tz=UTC)))
                .on_conflict(target=(Vote.idea, Vote.voter), action="DO NOTHING")
                .returning(Vote.id)
            )
            if not inserted:
                return VoteOut(idea_id=idea_id, voted=True, vote_count=await self._total(idea_id), changed=False)
            count = await self._add(idea_id, +1)
            await uow.emit(field_scope(idea["field_id"]), "vote.changed", {"idea_id": idea_id, "vote_count": count})
        return VoteOut(idea_id=idea_id, voted=True, vote_count=count, changed=True)

    async def retract(self, actor: Actor, idea_id: int) -> VoteOut:
        async with unit_of_work() as uow:
            idea = await self._votable(actor, idea_id)
            deleted = (
                await Vote.delete().where((Vote.idea == idea_id) & (Vote.voter == actor.account_id)).returning(Vote.id)
            )
            if not deleted:
                return VoteOut(idea_id=idea_id, voted=False, vote_count=await self._total(idea_id), changed=False)
            count = await self._add(idea_id, -1)
            await uow.emit(field_scope(idea["field_id"]), "vote.changed", {"idea_id": idea_id, "vote_count": count})
        return VoteOut(idea_id=idea_id, voted=False, vote_count=count, changed=True)

    async def _total(self, idea_id: int) -> int:
        """The total as of now. The idea row read before the vote statement can be stale on PostgreSQL:
        that statement may have waited for a concurrent vote by the same voter to commit."""
        row = await Idea.select(Idea.vote_count).where(Idea.id == idea_id).first()
        return int(row["vote_count"]) if row else 0

    async def _add(self, idea_id: int, delta: int) -> int:
        rows = (
            await Idea.update({Idea.vote_count: Idea.vote_count + delta})
            .where(Idea.id == idea_id)
            .returning(Idea.vote_count)
        )
        return int(rows[0]["vote_count"])


def provide_vote_service() -> VoteService:
    return VoteService()
