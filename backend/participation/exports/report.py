"""The results report (Ergebnisprotokoll) of a workshop or an action field: published content only.

The numbers come from the same statistics as the exports (an ExportPlan without non-public content);
ideas are ranked by dots, then support votes. Nobody is named except staff on official responses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from piccolo.query.functions.aggregate import Count

from backend.participation.exports.charts import Bar, bar_chart
from backend.participation.exports.clock import local_naive
from backend.participation.exports.columns import NO_MUNICIPALITY, OFFICIAL_STATUS, moderation_lines
from backend.participation.exports.moderation import moderation_stats
from backend.participation.exports.sources import votes_by_municipality
from backend.participation.exports.stats import participation_stats
from backend.participation.ideas.tables import Idea
from backend.participation.workshops.tables import WorkshopIdea, WorkshopParticipant

if TYPE_CHECKING:
    from backend.participation.exports.schemas import ModerationStats, ParticipationStats
    from backend.participation.exports.scope import ExportPlan

__all__ = ["RankedIdea", "Report", "field_report", "format_moment", "workshop_report"]

_PUBLISHED = Idea.Status.published.value
_TOP = 5
_CHART_BARS = 15
_RESPONSES = 300


@dataclass(frozen=True)
class RankedIdea:
    id: int
    title: str
    action_field: str
    table_no: int | None
    dots: int
    supports: int
    comments: int
    is_analog: bool = False


@dataclass(frozen=True)
class OfficialResponse:
    title: str
    status: str
    text: str
    by: str
    at: str


@dataclass
class Report:
    kind: str  # "Bürgerwerkstatt" or "Handlungsfeld"
    title: str
    facts: list[tuple[str, str]]
    figures: list[tuple[str, str]]
    top_groups: list[tuple[str, list[RankedIdea]]] = field(default_factory=list)
    show_field: bool = False  # a column with the action field in the rankings
    charts: list[tuple[str, Markup]] = field(default_factory=list)
    moderation: list[tuple[str, str]] = field(default_factory=list)
    responses: list[OfficialResponse] = field(default_factory=list)
    generated_at: str = ""
    pdf_url: str = ""


def format_moment(moment: datetime | None, with_time: bool = True) -> str:
    local = local_naive(moment)
    if local is None:
        return "–"
    return local.strftime("%d.%m.%Y, %H:%M Uhr" if with_time else "%d.%m.%Y")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # German thousands separator


def _figures(stats: ParticipationStats) -> list[tuple[str, str]]:
    return [
        ("Beteiligte Personen", _number(stats.people)),
        ("Ideen (veröffentlicht)", _number(stats.ideas)),
        ("davon analog (Flipchart)", _number(stats.analog_ideas)),
        ("Kommentare", _number(stats.comments)),
        ("Unterstützungen", _number(stats.supports)),
        ("Punkte (Dot-Voting)", _number(stats.dots)),
    ]


def _moderation(stats: ModerationStats) -> list[tuple[str, str]]:
    return [(label, _number(n)) for label, n in moderation_lines(stats)]


def _ranked(rows: list[dict[str, Any]]) -> list[RankedIdea]:
    ideas = [
        RankedIdea(
            id=r["id"],
            title=r["title"],
            action_field=r["field_title"],
            table_no=r.get("table_no"),
            dots=int(r.get("dot_total") or 0),
            supports=int(r["vote_count"]),
            comments=int(r["comment_count"]),
            is_analog=bool(r.get("is_analog")),
        )
        for r in rows
    ]
    return sorted(ideas, key=lambda i: (-i.dots, -i.supports, i.id))


async def _responses(plan: ExportPlan) -> list[OfficialResponse]:
    query = (
        Idea.select(
            Idea.title,
            Idea.official_status,
            Idea.official_response,
            Idea.official_response_at,
            Idea.official_response_by.display_name.as_alias("by"),
        )
        .where(Idea.official_response_at.is_not_null())
        .order_by(Idea.official_response_at)
        .limit(_RESPONSES)
    )
    for clause in plan.idea_where():
        query = query.where(clause)
    return [
        OfficialResponse(
            title=r["title"],
            status=OFFICIAL_STATUS.get(r["official_status"], r["official_status"]),
            text=r["official_response"],
            by=r["by"] or "Team",
            at=format_moment(r["official_response_at"], with_time=False),
        )
        for r in await query
    ]


def _top_per(ideas: list[RankedIdea], key: str, label: str) -> list[tuple[str, list[RankedIdea]]]:
    groups: dict[Any, list[RankedIdea]] = defaultdict(list)
    for idea in ideas:  # already ranked
        groups[getattr(idea, key)].append(idea)
    ordered = sorted(groups, key=lambda g: (g is None, g or 0) if key == "table_no" else (g is None, g or ""))
    return [(label.format(g if g is not None else "ohne Angabe"), groups[g][:_TOP]) for g in ordered]


def _table(table_no: int | None) -> str:
    return f"Tisch {table_no}" if table_no else "ohne Tisch"


def _chart(title: str, bars: list[Bar]) -> tuple[str, Markup]:
    return title, bar_chart(bars, title=title)


_WORKSHOP_IDEA_COLUMNS = (
    WorkshopIdea.idea.id.as_alias("id"),
    WorkshopIdea.idea.title.as_alias("title"),
    WorkshopIdea.idea.action_field.title.as_alias("field_title"),
    WorkshopIdea.idea.vote_count.as_alias("vote_count"),
    WorkshopIdea.idea.comment_count.as_alias("comment_count"),
    WorkshopIdea.workshop.title.as_alias("workshop_title"),
    WorkshopIdea.table_no,
    WorkshopIdea.dot_total,
    WorkshopIdea.is_analog,
)


async def workshop_report(plan: ExportPlan, workshop: dict[str, Any], fields: list[str]) -> Report:
    stats = await participation_stats(plan)
    ideas = _ranked(
        await WorkshopIdea.select(*_WORKSHOP_IDEA_COLUMNS).where(
            WorkshopIdea.workshop == workshop["id"], WorkshopIdea.idea.status == _PUBLISHED
        )
    )
    seats = await (
        WorkshopParticipant.select(WorkshopParticipant.table_no, Count(WorkshopParticipant.id, alias="n"))
        .where(WorkshopParticipant.workshop == workshop["id"])
        .group_by(WorkshopParticipant.table_no)
        .order_by(WorkshopParticipant.table_no)
    )
    participants = sum(int(s["n"]) for s in seats)
    budget = participants * int(workshop["dot_budget"])
    dots_per_table: dict[int | None, int] = defaultdict(int)
    for idea in ideas:
        dots_per_table[idea.table_no] += idea.dots
    groups = [("Gesamt", ideas[: _TOP * 2])]
    if len(fields) > 1:
        groups += _top_per(ideas, "action_field", "Handlungsfeld {}")
    if workshop["table_count"]:
        groups += _top_per(ideas, "table_no", "Tisch {}")
    return Report(
        kind="Bürgerwerkstatt",
        title=workshop["title"],
        facts=[
            ("Datum", format_moment(workshop["starts_at"])),
            ("Ort", workshop["venue"] or "–"),
            ("Handlungsfelder", ", ".join(fields) or "–"),
            ("Tische", str(workshop["table_count"] or "–")),
        ],
        figures=[
            ("Teilnehmende (Geräte)", _number(participants)),
            *_figures(stats),
            ("Ausschöpfung der Punkte", f"{round(100 * stats.dots / budget)} %" if budget else "–"),
        ],
        top_groups=groups,
        show_field=len(fields) > 1,
        charts=[
            _chart("Punkte je Idee", [Bar(i.title, i.dots) for i in ideas[:_CHART_BARS]]),
            _chart("Punkte je Tisch", [Bar(_table(t), n) for t, n in sorted(dots_per_table.items(), key=_by_table)]),
            _chart("Teilnehmende je Tisch", [Bar(_table(s["table_no"]), int(s["n"])) for s in seats]),
        ],
        moderation=_moderation(await moderation_stats(plan)),
        responses=await _responses(plan),
    )


def _by_table(item: tuple[int | None, int]) -> tuple[bool, int]:
    return (item[0] is None, item[0] or 0)


_FIELD_STATUS = {"open": "offen", "closed": "geschlossen", "archived": "archiviert"}


async def field_report(plan: ExportPlan, action_field: dict[str, Any]) -> Report:
    stats = await participation_stats(plan)
    top = await (
        Idea.select(
            Idea.id, Idea.title, Idea.vote_count, Idea.comment_count, Idea.action_field.title.as_alias("field_title")
        )
        .where(Idea.action_field == action_field["id"], Idea.status == _PUBLISHED)
        .order_by(Idea.vote_count, ascending=False)
        .order_by(Idea.id)
        .limit(_CHART_BARS)
    )
    if top:  # dots of the workshop ideas among them
        dots = await WorkshopIdea.select(WorkshopIdea.idea, WorkshopIdea.dot_total, WorkshopIdea.is_analog).where(
            WorkshopIdea.idea.is_in([r["id"] for r in top])
        )
        extra = {d["idea"]: d for d in dots}
        top = [{**r, **extra.get(r["id"], {})} for r in top]
    ranked = sorted(_ranked(top), key=lambda i: (-i.supports, -i.dots, i.id))
    towns = await votes_by_municipality(plan)
    return Report(
        kind="Handlungsfeld",
        title=action_field["title"],
        facts=[
            ("Kurzbeschreibung", action_field["summary"] or "–"),
            ("Status", _FIELD_STATUS.get(action_field["status"], action_field["status"])),
            ("Bürgerwerkstätten", str(len(stats.workshops))),
        ],
        figures=_figures(stats),
        top_groups=[("Meistunterstützte Ideen", ranked[: _TOP * 2]), *await _workshop_tops(plan)],
        charts=[
            _chart("Unterstützungen je Idee", [Bar(i.title, i.supports) for i in ranked]),
            _chart("Ideen je Kommune", [Bar(t.municipality or NO_MUNICIPALITY, t.ideas) for t in towns]),
            _chart("Punkte je Bürgerwerkstatt", [Bar(w.workshop, w.dots) for w in stats.workshops]),
        ],
        moderation=_moderation(await moderation_stats(plan)),
        responses=await _responses(plan),
    )


async def _workshop_tops(plan: ExportPlan) -> list[tuple[str, list[RankedIdea]]]:
    """The field's best ideas per workshop table (workshops hold at most a few hundred ideas)."""
    rows = await WorkshopIdea.select(*_WORKSHOP_IDEA_COLUMNS).where(
        WorkshopIdea.idea.action_field == plan.field_id, WorkshopIdea.idea.status == _PUBLISHED
    )
    by_workshop: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_workshop[row["workshop_title"]].append(row)
    groups: list[tuple[str, list[RankedIdea]]] = []
    for title in sorted(by_workshop):
        for label, ideas in _top_per(_ranked(by_workshop[title]), "table_no", "Tisch {}"):
            groups.append((f"{title} – {label}", ideas))
    return groups
