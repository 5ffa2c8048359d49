"""Exports and reports: validate the request, check the permission, then hand out a streamed download.

Every refusal happens in `plan()`, before the first byte: once a stream has started, the status code
is already 200.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from backend.core.errors import Forbidden, NotFound, ProblemError, Unauthorized, Unprocessable
from backend.participation.action_fields.services import get_field_row
from backend.participation.action_fields.tables import ActionField
from backend.participation.exports import permissions
from backend.participation.exports.clock import local_naive
from backend.participation.exports.columns import (
    COMMENT_COLUMNS,
    IDEA_COLUMNS,
    MODERATION_COLUMNS,
    VOTES_BY_IDEA_COLUMNS,
    VOTES_BY_MUNICIPALITY_COLUMNS,
    VOTES_BY_TABLE_COLUMNS,
)
from backend.participation.exports.csv_format import csv_rows
from backend.participation.exports.json_format import json_export
from backend.participation.exports.moderation import moderation_batches
from backend.participation.exports.render import PdfUnavailable, html_to_pdf, pdf_available, render_report
from backend.participation.exports.report import Report, field_report, format_moment, workshop_report
from backend.participation.exports.schemas import ExportMeta, ExportRequest
from backend.participation.exports.scope import BATCH_SIZE, ExportPlan
from backend.participation.exports.sources import (
    Pseudonyms,
    comment_batches,
    idea_batches,
    prime_idea_authors,
    votes_by_idea,
    votes_by_municipality,
    votes_by_table,
)
from backend.participation.exports.workbook import xlsx_export
from backend.participation.workshops.tables import Workshop, WorkshopField

if TYPE_CHECKING:
    from backend.core.actor import Actor

__all__ = [
    "CsvEntity",
    "Download",
    "ExportService",
    "ReportService",
    "VoteGrouping",
    "load_workshop",
    "provide_export_service",
    "provide_report_service",
]

CsvEntity = Literal["ideas", "comments", "votes", "moderation"]
VoteGrouping = Literal["idea", "table", "municipality"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ENTITY_FILE = {"ideas": "ideen", "comments": "kommentare", "votes": "stimmen", "moderation": "moderation"}


@dataclass(frozen=True)
class Download:
    content: AsyncIterator[bytes]
    filename: str
    media_type: str


async def load_workshop(workshop_id: int) -> tuple[dict[str, Any], tuple[int, ...]]:
    """The workshop row and the ids of the action fields it works on; 404 when there is none."""
    row = await Workshop.select().where(Workshop.id == workshop_id).first()
    if row is None:
        raise NotFound("Diese Bürgerwerkstatt gibt es nicht.", code="workshop_not_found")
    fields = await WorkshopField.select(WorkshopField.action_field).where(WorkshopField.workshop == workshop_id)
    return row, tuple(sorted(f["action_field"] for f in fields))


class ServiceUnavailable(ProblemError):
    status_code = 503
    code = "unavailable"


def _missing(name: str, message: str) -> Unprocessable:
    return Unprocessable(
        "Für diesen Bereich fehlt eine Angabe.",
        code="export_scope_incomplete",
        errors=[{"field": name, "message": message}],
    )


class ExportService:
    def __init__(self, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size

    async def plan(self, actor: Actor, request: ExportRequest) -> ExportPlan:
        """Validate the scope and check that the actor may export it (401, 403, 404, 422)."""
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        if not permissions.can_export_anything(actor):
            raise Forbidden("Exporte stehen dem Team und den Moderierenden der Handlungsfelder zur Verfügung.")
        if request.date_from and request.date_to and request.date_from > request.date_to:
            raise Unprocessable(
                "Der Zeitraum endet vor seinem Beginn.",
                code="invalid_date_range",
                errors=[{"field": "to", "message": "muss am oder nach „from“ liegen"}],
            )
        common = {
            "date_from": request.date_from,
            "date_to": request.date_to,
            "include_hidden": request.include_hidden,
            "batch_size": self.batch_size,
        }
        if request.scope == "platform":
            if not permissions.can_export_platform(actor):
                raise Forbidden("Die ganze Plattform exportiert nur das Team.")
            return ExportPlan(kind="platform", label="Gesamte Plattform", slug="plattform", **common)
        if request.scope == "field":
            return await self._field_plan(actor, request, common)
        return await self._workshop_plan(actor, request, common)

    async def _field_plan(self, actor: Actor, request: ExportRequest, common: dict[str, Any]) -> ExportPlan:
        if request.action_field is None:
            raise _missing("action_field", "Handlungsfeld (ID) angeben")
        field = await get_field_row(request.action_field)
        if not permissions.can_export_field(actor, field["id"]):
            raise Forbidden("Sie moderieren dieses Handlungsfeld nicht.")
        return ExportPlan(
            kind="field",
            label=f"Handlungsfeld „{field['title']}“",
            slug=f"handlungsfeld-{field['id']}",
            field_id=field["id"],
            **common,
        )

    async def _workshop_plan(self, actor: Actor, request: ExportRequest, common: dict[str, Any]) -> ExportPlan:
        if request.workshop is None:
            raise _missing("workshop", "Bürgerwerkstatt (ID) angeben")
        if request.scope == "table" and request.table is None:
            raise _missing("table", "Tischnummer angeben")
        workshop, field_ids = await load_workshop(request.workshop)
        if not permissions.can_export_workshop(actor, field_ids):
            raise Forbidden("Sie moderieren nicht alle Handlungsfelder dieser Bürgerwerkstatt.")
        label, slug = f"Bürgerwerkstatt „{workshop['title']}“", f"werkstatt-{workshop['id']}"
        if request.scope == "table":
            if not 1 <= (request.table or 0) <= workshop["table_count"]:
                raise Unprocessable(
                    "Diesen Tisch gibt es in dieser Bürgerwerkstatt nicht.",
                    code="unknown_table",
                    errors=[{"field": "table", "message": f"1 bis {workshop['table_count']}"}],
                )
            label, slug = f"{label}, Tisch {request.table}", f"{slug}-tisch-{request.table}"
        return ExportPlan(
            kind=request.scope,
            label=label,
            slug=slug,
            workshop_id=workshop["id"],
            table_no=request.table if request.scope == "table" else None,
            workshop_field_ids=field_ids,
            **common,
        )

    def meta(self, plan: ExportPlan) -> ExportMeta:
        return ExportMeta(
            scope=plan.kind,
            scope_label=plan.label,
            date_from=plan.date_from,
            date_to=plan.date_to,
            include_hidden=plan.include_hidden,
            generated_at=plan.generated_at,
            note=plan.note,
        )

    def csv(self, plan: ExportPlan, entity: CsvEntity, sep: str, group_by: VoteGrouping = "idea") -> Download:
        if entity == "ideas":
            content = csv_rows(IDEA_COLUMNS, idea_batches(plan, Pseudonyms()), sep)
        elif entity == "comments":
            content = csv_rows(COMMENT_COLUMNS, self._comments(plan), sep)
        elif entity == "moderation":
            content = csv_rows(MODERATION_COLUMNS, moderation_batches(plan, Pseudonyms("M")), sep)
        elif group_by == "table":
            content = csv_rows(VOTES_BY_TABLE_COLUMNS, self._later(votes_by_table, plan), sep)
        elif group_by == "municipality":
            content = csv_rows(VOTES_BY_MUNICIPALITY_COLUMNS, self._later(votes_by_municipality, plan), sep)
        else:
            content = csv_rows(VOTES_BY_IDEA_COLUMNS, votes_by_idea(plan), sep)
        name = _ENTITY_FILE[entity] + ("" if entity != "votes" or group_by == "idea" else f"-je-{group_by}")
        return Download(content, self._filename(plan, name, "csv"), "text/csv; charset=utf-8")

    async def _comments(self, plan: ExportPlan) -> AsyncIterator[list[Any]]:
        """Comments with the pseudonyms the ideas file of the same export gives their authors."""
        people = Pseudonyms()
        await prime_idea_authors(plan, people)
        async for batch in comment_batches(plan, people):
            yield batch

    async def _later(self, load: Any, plan: ExportPlan) -> AsyncIterator[list[Any]]:
        yield await load(plan)

    def xlsx(self, plan: ExportPlan) -> Download:
        return Download(xlsx_export(plan, self.meta(plan)), self._filename(plan, "export", "xlsx"), XLSX_TYPE)

    def json(self, plan: ExportPlan) -> Download:
        return Download(json_export(plan, self.meta(plan)), self._filename(plan, "export", "json"), "application/json")

    def _filename(self, plan: ExportPlan, name: str, extension: str) -> str:
        day = local_naive(plan.generated_at)
        hidden = "-inkl-nicht-oeffentlich" if plan.include_hidden else ""
        return f"mitwirken-{name}-{plan.slug}{hidden}-{day:%Y-%m-%d}.{extension}" if day else name


class ReportService:
    """The Ergebnisprotokoll as HTML (and PDF where WeasyPrint runs); same permissions as exports."""

    def _admit(self, actor: Actor) -> None:
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        if not permissions.can_export_anything(actor):
            raise Forbidden("Ergebnisprotokolle stehen dem Team und den Moderierenden zur Verfügung.")

    async def workshop(self, actor: Actor, workshop_id: int) -> str:
        self._admit(actor)
        workshop, field_ids = await load_workshop(workshop_id)
        if not permissions.can_view_workshop_report(actor, field_ids):
            raise Forbidden("Sie moderieren nicht alle Handlungsfelder dieser Bürgerwerkstatt.")
        titles = (
            await ActionField.select(ActionField.title).where(ActionField.id.is_in(list(field_ids)))
            if field_ids
            else []
        )
        plan = ExportPlan(
            kind="workshop",
            label=f"Bürgerwerkstatt „{workshop['title']}“",
            slug=f"werkstatt-{workshop_id}",
            workshop_id=workshop_id,
            workshop_field_ids=field_ids,
        )
        report = await workshop_report(plan, workshop, [t["title"] for t in titles])
        return self._html(report, f"/api/reports/workshops/{workshop_id}/pdf")

    async def field(self, actor: Actor, field_id: int) -> str:
        self._admit(actor)
        field = await get_field_row(field_id)
        if not permissions.can_view_field_report(actor, field_id):
            raise Forbidden("Sie moderieren dieses Handlungsfeld nicht.")
        plan = ExportPlan(
            kind="field", label=f"Handlungsfeld „{field['title']}“", slug=f"feld-{field_id}", field_id=field_id
        )
        report = await field_report(plan, field)
        return self._html(report, f"/api/reports/action-fields/{field_id}/pdf")

    def _html(self, report: Report, pdf_url: str) -> str:
        report.generated_at = format_moment(datetime.now(tz=UTC))
        report.pdf_url = pdf_url if pdf_available() else ""
        return render_report(report)

    async def pdf(self, html: str) -> bytes:
        try:
            return await html_to_pdf(html)
        except PdfUnavailable as exc:
            raise ServiceUnavailable(
                "PDF ist auf diesem Server nicht verfügbar. Bitte die Seite drucken "
                "(„Als PDF speichern“) – sie ist für A4 eingerichtet.",
                code="pdf_unavailable",
            ) from exc


def provide_export_service() -> ExportService:
    return ExportService()


def provide_report_service() -> ReportService:
    return ReportService()
