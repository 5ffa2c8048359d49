"""Participation statistics of an export: a fixed number of aggregate queries, whatever the data size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from piccolo.query.functions.aggregate import Count, Sum

from backend.participation.comments.tables import Comment
from backend.participation.exports.schemas import FieldStats, ParticipationStats, WorkshopStats
from backend.participation.ideas.tables import Idea
from backend.participation.votes.tables import Vote
from backend.participation.workshops.tables import (
    DotVote,
    Workshop,
    WorkshopField,
    WorkshopIdea,
    WorkshopParticipant,
)

if TYPE_CHECKING:
    from piccolo.query import Select

    from backend.participation.exports.scope import ExportPlan

__all__ = ["count_distinct", "participation_stats"]


async def count_distinct(*selects: Select) -> int:
    """How many distinct values the one-column `selects` return together (SQL UNION)."""
    union = " UNION ".join("{}" for _ in selects)  # UNION drops duplicates across the selects ...
    rows = await Idea.raw(
        # ... and DISTINCT within a single one
        f"SELECT COUNT(*) AS n FROM (SELECT DISTINCT * FROM ({union}) AS u) AS found",  # noqa: S608 — "{}" only
        *(s.querystrings[0] for s in selects),
    )
    return int(rows[0]["n"])


def _where(query: Select, clauses: list[Any]) -> Select:
    for clause in clauses:
        query = query.where(clause)
    return query


async def _sum(query: Select) -> int:
    rows = await query
    return int(rows[0]["total"] or 0) if rows else 0


async def participation_stats(plan: ExportPlan) -> ParticipationStats:
    idea_where = plan.idea_where()
    authors = _where(Idea.select(Idea.author), idea_where)
    commenters = _where(Comment.select(Comment.author), plan.comment_where())
    supporters = Vote.select(Vote.voter).where(*plan.idea_where(Vote.idea))
    dot_voters = DotVote.select(DotVote.participant.account).where(*plan.idea_where(DotVote.idea))
    return ParticipationStats(
        ideas=await _where(Idea.count(), idea_where),
        analog_ideas=await WorkshopIdea.count().where(
            *plan.idea_where(WorkshopIdea.idea), WorkshopIdea.is_analog.eq(True)
        ),
        comments=await _where(Comment.count(), plan.comment_where()),
        supports=await Vote.count().where(*plan.idea_where(Vote.idea)),
        dots=await _sum(DotVote.select(Sum(DotVote.points, alias="total")).where(*plan.idea_where(DotVote.idea))),
        people=await count_distinct(authors, commenters, supporters, dot_voters),
        idea_authors=await count_distinct(authors),
        commenters=await count_distinct(commenters),
        supporters=await count_distinct(supporters),
        dot_voters=await count_distinct(dot_voters),
        by_field=await _by_field(plan),
        workshops=await _workshops(plan),
    )


async def _by_field(plan: ExportPlan) -> list[FieldStats]:
    ideas = await _where(
        Idea.select(
            Idea.action_field.id.as_alias("fid"),
            Idea.action_field.title.as_alias("title"),
            Count(Idea.id, alias="ideas"),
            Sum(Idea.vote_count, alias="supports"),
        ).group_by(Idea.action_field.id, Idea.action_field.title),
        plan.idea_where(),
    )
    comments = await _where(
        Comment.select(Comment.idea.action_field.as_alias("fid"), Count(Comment.id, alias="n")).group_by(
            Comment.idea.action_field
        ),
        plan.comment_where(),
    )
    dots = (
        await WorkshopIdea.select(
            WorkshopIdea.idea.action_field.as_alias("fid"), Sum(WorkshopIdea.dot_total, alias="n")
        )
        .where(*plan.idea_where(WorkshopIdea.idea))
        .group_by(WorkshopIdea.idea.action_field)
    )
    comment_counts = {r["fid"]: int(r["n"]) for r in comments}
    dot_counts = {r["fid"]: int(r["n"] or 0) for r in dots}
    return [
        FieldStats(
            action_field=r["title"],
            ideas=int(r["ideas"]),
            comments=comment_counts.get(r["fid"], 0),
            supports=int(r["supports"] or 0),
            dots=dot_counts.get(r["fid"], 0),
        )
        for r in sorted(ideas, key=lambda r: r["fid"])
    ]


def _workshops_in_scope(plan: ExportPlan) -> Select:
    query = Workshop.select(Workshop.id, Workshop.title, Workshop.starts_at).order_by(Workshop.id)
    if plan.kind == "field":
        query = query.where(
            Workshop.id.is_in(
                WorkshopField.select(WorkshopField.workshop).where(WorkshopField.action_field == plan.field_id)
            )
        )
    elif plan.kind in ("workshop", "table"):
        query = query.where(Workshop.id == plan.workshop_id)
    return query


async def _workshops(plan: ExportPlan) -> list[WorkshopStats]:
    """Workshops of the scope (a platform has few): participants, ideas, analog ideas, dots."""
    workshops = await _workshops_in_scope(plan)
    if not workshops:
        return []
    ids = [w["id"] for w in workshops]
    people = WorkshopParticipant.select(WorkshopParticipant.workshop, Count(WorkshopParticipant.id, alias="n"))
    people = people.where(WorkshopParticipant.workshop.is_in(ids))
    if plan.kind == "table":
        people = people.where(WorkshopParticipant.table_no == plan.table_no)
    participants = {r["workshop"]: int(r["n"]) for r in await people.group_by(WorkshopParticipant.workshop)}
    ideas = {
        r["workshop"]: r
        for r in await WorkshopIdea.select(
            WorkshopIdea.workshop,
            Count(WorkshopIdea.id, alias="ideas"),
            Sum(WorkshopIdea.dot_total, alias="dots"),
        )
        .where(WorkshopIdea.workshop.is_in(ids), *plan.idea_where(WorkshopIdea.idea))
        .group_by(WorkshopIdea.workshop)
    }
    analog = {
        r["workshop"]: int(r["n"])
        for r in await WorkshopIdea.select(WorkshopIdea.workshop, Count(WorkshopIdea.id, alias="n"))
        .where(
            WorkshopIdea.workshop.is_in(ids),
            *plan.idea_where(WorkshopIdea.idea),
            WorkshopIdea.is_analog.eq(True),
        )
        .group_by(WorkshopIdea.workshop)
    }
    return [
        WorkshopStats(
            workshop_id=w["id"],
            workshop=w["title"],
            starts_at=w["starts_at"],
            participants=participants.get(w["id"], 0),
            ideas=int(ideas[w["id"]]["ideas"]) if w["id"] in ideas else 0,
            analog_ideas=analog.get(w["id"], 0),
            dots=int(ideas[w["id"]]["dots"] or 0) if w["id"] in ideas else 0,
        )
        for w in workshops
    ]
