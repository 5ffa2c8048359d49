"""Dot voting: each participant spreads a budget of dots over the workshop's ideas."""

from __future__ import annotations

from piccolo.query.functions.aggregate import Sum

from backend.core.db import is_sqlite
from backend.core.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from backend.participation.workshops import permissions
from backend.participation.workshops.participants import Participant
from backend.participation.workshops.queries import PUBLISHED, workshop_row, workshop_scope
from backend.participation.workshops.schemas import DotsOut
from backend.participation.workshops.tables import DotVote, Workshop, WorkshopIdea, WorkshopParticipant
from backend.realtime.events import unit_of_work

__all__ = ["set_dots"]


async def set_dots(participant: Participant | None, workshop_id: int, idea_id: int, points: int) -> DotsOut:
    """Put `points` dots on an idea (absolute, so a retry changes nothing). Budget and per-idea maximum
    are checked inside the write transaction, with the participant's row locked on PostgreSQL."""
    if participant is None:
        raise Unauthorized("Bitte treten Sie der Werkstatt zuerst mit dem Code bei.", code="not_joined")
    if not permissions.can_vote_dots(participant.actor):
        raise Forbidden("Sie sind für die Abstimmung gesperrt.", code="account_blocked")
    async with unit_of_work() as uow:
        workshop = await workshop_row(workshop_id)
        if workshop["phase"] != Workshop.Phase.voting.value:
            raise Conflict("Punkte können nur in der Abstimmungsphase vergeben werden.", code="not_voting_phase")
        if not await WorkshopIdea.exists().where(
            (WorkshopIdea.workshop == workshop_id)
            & (WorkshopIdea.idea == idea_id)
            & (WorkshopIdea.idea.status == PUBLISHED)
        ):
            raise NotFound("Diese Idee gehört nicht zu dieser Werkstatt.", code="idea_not_found")
        if points > workshop["max_dots_per_idea"]:
            raise Unprocessable(
                f"Höchstens {workshop['max_dots_per_idea']} Punkte pro Idee.",
                code="over_idea_maximum",
                errors=[{"field": "points", "message": f"höchstens {workshop['max_dots_per_idea']}"}],
            )
        if not is_sqlite():  # SQLite already serialises writers; PostgreSQL locks this participant
            await WorkshopParticipant.raw(
                "SELECT id FROM workshop_participant WHERE id = {} FOR UPDATE", participant.id
            )
        used_rows = await DotVote.select(Sum(DotVote.points, alias="used")).where(DotVote.participant == participant.id)
        used = int(used_rows[0]["used"] or 0)
        current_row = (
            await DotVote.select(DotVote.points)
            .where((DotVote.participant == participant.id) & (DotVote.idea == idea_id))
            .first()
        )
        current = int(current_row["points"]) if current_row else 0
        new_used = used - current + points
        if new_used > workshop["dot_budget"]:
            raise Unprocessable(
                f"Sie haben nur noch {workshop['dot_budget'] - used + current} Punkte für diese Idee.",
                code="over_budget",
                errors=[{"field": "points", "message": "mehr als Ihr Punktebudget"}],
                extra={"dots_left": workshop["dot_budget"] - used},
            )
        delta = points - current
        if delta == 0:
            total = await _dot_total(idea_id)
            return DotsOut(idea_id, points, total, used, workshop["dot_budget"] - used)
        if current_row is None:
            await DotVote.insert(DotVote(workshop=workshop_id, participant=participant.id, idea=idea_id, points=points))
        elif points == 0:
            await DotVote.delete().where((DotVote.participant == participant.id) & (DotVote.idea == idea_id))
        else:
            await DotVote.update({DotVote.points: points}).where(
                (DotVote.participant == participant.id) & (DotVote.idea == idea_id)
            )
        rows = (
            await WorkshopIdea.update({WorkshopIdea.dot_total: WorkshopIdea.dot_total + delta})
            .where(WorkshopIdea.idea == idea_id)
            .returning(WorkshopIdea.dot_total)
        )
        total = int(rows[0]["dot_total"])
        await uow.emit(workshop_scope(workshop_id), "dots.changed", {"idea_id": idea_id, "dot_total": total})
    return DotsOut(idea_id, points, total, new_used, workshop["dot_budget"] - new_used)


async def _dot_total(idea_id: int) -> int:
    row = await WorkshopIdea.select(WorkshopIdea.dot_total).where(WorkshopIdea.idea == idea_id).first()
    return int(row["dot_total"]) if row else 0
