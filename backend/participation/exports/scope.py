"""A resolved export scope: which ideas it covers, as query clauses every part of an export shares.

The date range selects ideas by the day they were submitted (Europe/Berlin); comments, support votes
and dots of those ideas follow them in full, so every total in one export adds up to the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from backend.participation.comments.tables import Comment
from backend.participation.exports.clock import LOCAL_TZ
from backend.participation.ideas.tables import Idea
from backend.participation.workshops.tables import WorkshopIdea

if TYPE_CHECKING:
    from piccolo.columns.combination import Where
    from piccolo.query import Select

    from backend.participation.exports.schemas import ScopeKind

__all__ = ["BATCH_SIZE", "ExportPlan"]

_PUBLISHED = Idea.Status.published.value
# Rows per keyset page. Every page is one query (on SQLite also one new connection, and a sort when the
# planner drives a join from the idea side): 2,000 rows halve the per-page cost of 1,000 while a page of
# the longest texts (5,000-character ideas) stays around 10 MB.
BATCH_SIZE = 2000


def _day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass(frozen=True)
class ExportPlan:
    """Everything an export needs after validation and the permission check."""

    kind: ScopeKind
    label: str  # German, e.g. "Handlungsfeld „Smarte Landwirtschaft“"
    slug: str  # ASCII, for file names, e.g. "handlungsfeld-4"
    field_id: int | None = None
    workshop_id: int | None = None
    table_no: int | None = None
    workshop_field_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    include_hidden: bool = False
    batch_size: int = BATCH_SIZE
    generated_at: datetime = field(default_factory=lambda: datetime.now(tz=UTC))

    def idea_where(self, idea: Any = Idea, *, visible_only: bool | None = None) -> list[Where]:
        """Clauses selecting the ideas of this export (scope, date range, visibility).

        `idea` is the Idea table or a foreign key to it (`Comment.idea`): other tables then filter
        through a join on the idea's primary key, which keeps their keyset pages in their own id order
        (an `idea IN (sub-select)` lets SQLite sort all rows of the table again for every page).
        """
        clauses: list[Where] = []
        if self.kind == "field":
            clauses.append(idea.action_field == self.field_id)
        elif self.kind in ("workshop", "table"):
            clauses.append(idea.id.is_in(self.workshop_idea_ids()))
        if self.date_from is not None:
            clauses.append(idea.created_at >= _day_start_utc(self.date_from))
        if self.date_to is not None:
            clauses.append(idea.created_at < _day_start_utc(self.date_to + timedelta(days=1)))
        if (not self.include_hidden) if visible_only is None else visible_only:
            clauses.append(idea.status == _PUBLISHED)
        return clauses

    def workshop_idea_ids(self) -> Select:
        query = WorkshopIdea.select(WorkshopIdea.idea).where(WorkshopIdea.workshop == self.workshop_id)
        if self.kind == "table":
            query = query.where(WorkshopIdea.table_no == self.table_no)
        return query

    def idea_ids(self, *, visible_only: bool | None = None) -> Select:
        """A sub-select of the ids of this export's ideas."""
        query = Idea.select(Idea.id)
        for clause in self.idea_where(visible_only=visible_only):
            query = query.where(clause)
        return query

    def comment_where(self) -> list[Where]:
        clauses = self.idea_where(Comment.idea)
        if not self.include_hidden:
            clauses.append(Comment.status == Comment.Status.published.value)
        return clauses

    @property
    def note(self) -> str:
        """The German note every export carries in its head."""
        period = "alle Ideen"
        if self.date_from or self.date_to:
            start = self.date_from.strftime("%d.%m.%Y") if self.date_from else "Beginn"
            end = self.date_to.strftime("%d.%m.%Y") if self.date_to else "heute"
            period = f"Ideen, eingereicht vom {start} bis {end}"
        visibility = (
            "ENTHÄLT NICHT ÖFFENTLICHE INHALTE (ausgeblendet, abgelehnt oder ungeprüft) – "
            "in der Spalte „Sichtbarkeit“ markiert. Nicht veröffentlichen."
            if self.include_hidden
            else "Nur veröffentlichte Inhalte."
        )
        return (
            f"{self.label}; {period}, mit allen Kommentaren, Unterstützungen und Punkten. {visibility} "
            "Personen erscheinen als Pseudonyme (T-001 …), Namen nur bei offiziellen Antworten."
        )
