"""The records of an export, read in batches with keyset pagination (`WHERE id > last ORDER BY id`).

Nothing here holds more than one batch; only the pseudonym table grows, by one entry per person.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from piccolo.query.functions.aggregate import Count, Sum

from backend.participation.comments.tables import Comment
from backend.participation.exports.schemas import (
    CommentRecord,
    IdeaRecord,
    VotesByIdea,
    VotesByMunicipality,
    VotesByTable,
)
from backend.participation.ideas.tables import Idea
from backend.participation.workshops.tables import WorkshopIdea

if TYPE_CHECKING:
    from piccolo.query import Select
    from piccolo.table import Table

    from backend.participation.exports.scope import ExportPlan

__all__ = [
    "Pseudonyms",
    "comment_batches",
    "idea_batches",
    "keyset",
    "prime_idea_authors",
    "votes_by_idea",
    "votes_by_municipality",
    "votes_by_table",
    "votes_of",
]

_PUBLISHED = Idea.Status.published.value

_IDEA_COLUMNS = (
    Idea.id,
    Idea.title,
    Idea.body,
    Idea.author,
    Idea.status,
    Idea.created_at,
    Idea.vote_count,
    Idea.comment_count,
    Idea.official_status,
    Idea.official_response,
    Idea.official_response_at,
    Idea.action_field.title.as_alias("field_title"),
    Idea.municipality.name.as_alias("municipality_name"),
    Idea.official_response_by.display_name.as_alias("responder_name"),
)
_COMMENT_COLUMNS = (
    Comment.id,
    Comment.idea,
    Comment.parent,
    Comment.author,
    Comment.body,
    Comment.status,
    Comment.created_at,
    Comment.edited_at,
    Comment.idea.title.as_alias("idea_title"),
)


class Pseudonyms:
    """Stable per-export pseudonyms (T-001, T-002 …), numbered in order of first appearance."""

    def __init__(self, prefix: str = "T") -> None:
        self.prefix = prefix
        self._numbers: dict[int, int] = {}

    def __call__(self, account_id: int) -> str:
        number = self._numbers.setdefault(account_id, len(self._numbers) + 1)
        return f"{self.prefix}-{number:03d}"

    def __len__(self) -> int:
        return len(self._numbers)


async def keyset(
    table: type[Table], query: Callable[[], Select], batch_size: int
) -> AsyncIterator[list[dict[str, Any]]]:
    """Pages of `query()` in id order: each page is one `WHERE id > last ORDER BY id LIMIT n` query.

    Piccolo's query methods mutate the query, so every page starts from a fresh one.
    """
    last = 0
    while True:
        rows = await query().where(table.id > last).order_by(table.id).limit(batch_size)
        if rows:
            yield rows
            last = rows[-1]["id"]
        if len(rows) < batch_size:
            return


def _where(query: Select, clauses: list[Any]) -> Select:
    for clause in clauses:
        query = query.where(clause)
    return query


async def _workshop_info(idea_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = await WorkshopIdea.select(
        WorkshopIdea.idea,
        WorkshopIdea.table_no,
        WorkshopIdea.is_analog,
        WorkshopIdea.dot_total,
        WorkshopIdea.workshop.title.as_alias("workshop_title"),
    ).where(WorkshopIdea.idea.is_in(idea_ids))
    return {r["idea"]: r for r in rows}


async def idea_batches(plan: ExportPlan, pseudonyms: Pseudonyms) -> AsyncIterator[list[IdeaRecord]]:
    def query() -> Select:
        return _where(Idea.select(*_IDEA_COLUMNS), plan.idea_where())

    async for rows in keyset(Idea, query, plan.batch_size):
        workshops = await _workshop_info([r["id"] for r in rows])
        batch = []
        for r in rows:
            w = workshops.get(r["id"], {})
            batch.append(
                IdeaRecord(
                    id=r["id"],
                    action_field=r["field_title"],
                    municipality=r["municipality_name"],
                    workshop=w.get("workshop_title"),
                    table_no=w.get("table_no"),
                    is_analog=bool(w.get("is_analog", False)),
                    title=r["title"],
                    body=r["body"],
                    author=pseudonyms(r["author"]),
                    created_at=r["created_at"],
                    status=r["status"],
                    public=r["status"] == _PUBLISHED,
                    supports=r["vote_count"],
                    comments=r["comment_count"],
                    dots=int(w.get("dot_total") or 0),
                    official_status=r["official_status"],
                    official_response=r["official_response"],
                    official_response_by=r["responder_name"] if r["official_response_at"] else None,
                    official_response_at=r["official_response_at"],
                )
            )
        yield batch


async def prime_idea_authors(plan: ExportPlan, pseudonyms: Pseudonyms) -> None:
    """Number idea authors first, so a comments-only file uses the same pseudonyms as the ideas file."""

    def query() -> Select:
        return _where(Idea.select(Idea.id, Idea.author), plan.idea_where())

    async for rows in keyset(Idea, query, plan.batch_size * 10):
        for r in rows:
            pseudonyms(r["author"])


async def comment_batches(plan: ExportPlan, pseudonyms: Pseudonyms) -> AsyncIterator[list[CommentRecord]]:
    def query() -> Select:
        return _where(Comment.select(*_COMMENT_COLUMNS), plan.comment_where())

    async for rows in keyset(Comment, query, plan.batch_size):
        yield [
            CommentRecord(
                id=r["id"],
                idea_id=r["idea"],
                idea_title=r["idea_title"],
                parent_id=r["parent"],
                author=pseudonyms(r["author"]),
                body=r["body"],
                created_at=r["created_at"],
                edited_at=r["edited_at"],
                status=r["status"],
                public=r["status"] == _PUBLISHED,
            )
            for r in rows
        ]


def votes_of(idea: IdeaRecord) -> VotesByIdea:
    return VotesByIdea(
        idea_id=idea.id,
        title=idea.title,
        action_field=idea.action_field,
        municipality=idea.municipality,
        workshop=idea.workshop,
        table_no=idea.table_no,
        supports=idea.supports,
        dots=idea.dots,
        public=idea.public,
    )


async def votes_by_idea(plan: ExportPlan) -> AsyncIterator[list[VotesByIdea]]:
    """Support votes and dots per idea (the idea's counters, kept equal to their rows)."""
    async for batch in idea_batches(plan, Pseudonyms()):
        yield [votes_of(idea) for idea in batch]


async def votes_by_table(plan: ExportPlan) -> list[VotesByTable]:
    """Per workshop table: its ideas, their support votes and dots (a handful of rows)."""
    rows = (
        await WorkshopIdea.select(
            WorkshopIdea.workshop.id.as_alias("workshop_id"),
            WorkshopIdea.workshop.title.as_alias("workshop_title"),
            WorkshopIdea.table_no,
            Count(WorkshopIdea.id, alias="ideas"),
            Sum(WorkshopIdea.idea.vote_count, alias="supports"),
            Sum(WorkshopIdea.dot_total, alias="dots"),
        )
        .where(*plan.idea_where(WorkshopIdea.idea))
        .group_by(WorkshopIdea.workshop.id, WorkshopIdea.workshop.title, WorkshopIdea.table_no)
        .order_by(WorkshopIdea.workshop.id)
        .order_by(WorkshopIdea.table_no)
    )
    return [
        VotesByTable(
            workshop_id=r["workshop_id"],
            workshop=r["workshop_title"],
            table_no=r["table_no"],
            ideas=int(r["ideas"]),
            supports=int(r["supports"] or 0),
            dots=int(r["dots"] or 0),
        )
        for r in rows
    ]


async def votes_by_municipality(plan: ExportPlan) -> list[VotesByMunicipality]:
    """Per municipality named on the idea (None: no municipality given)."""
    ideas = await _where(
        Idea.select(
            Idea.municipality.name.as_alias("name"),
            Count(Idea.id, alias="ideas"),
            Sum(Idea.vote_count, alias="supports"),
        ).group_by(Idea.municipality.name),
        plan.idea_where(),
    )
    dots = await (
        WorkshopIdea.select(
            WorkshopIdea.idea.municipality.name.as_alias("name"), Sum(WorkshopIdea.dot_total, alias="dots")
        )
        .where(*plan.idea_where(WorkshopIdea.idea))
        .group_by(WorkshopIdea.idea.municipality.name)
    )
    dots_by_name = {r["name"]: int(r["dots"] or 0) for r in dots}
    found = [
        VotesByMunicipality(
            municipality=r["name"],
            ideas=int(r["ideas"]),
            supports=int(r["supports"] or 0),
            dots=dots_by_name.get(r["name"], 0),
        )
        for r in ideas
    ]
    return sorted(found, key=lambda m: (m.municipality is None, m.municipality or ""))
