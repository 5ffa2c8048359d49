from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from backend.core.actor import Actor
from backend.participation.exports.schemas import ExportRequest, ScopeKind
from backend.participation.exports.services import (
    CsvEntity,
    Download,
    ExportService,
    ReportService,
    VoteGrouping,
    provide_export_service,
    provide_report_service,
)

__all__ = ["ExportController", "ReportController"]

_ERRORS = (
    "401 ohne Anmeldung; 403 für Teilnehmende, für Moderierende außerhalb ihrer Handlungsfelder und für "
    "die ganze Plattform; 404 unbekanntes Handlungsfeld oder Werkstatt; 422 unvollständiger Bereich."
)
_SCOPE = (
    " Bereich: `scope=platform` (nur Team), `field` mit `action_field`, `workshop` mit `workshop`, "
    "`table` mit `workshop` und `table`. `from`/`to` wählen Ideen nach Einreichungsdatum; ihre Kommentare, "
    "Unterstützungen und Punkte kommen vollständig mit. Personen erscheinen als Pseudonyme (T-001 …). "
)


def _problem(text: str) -> ResponseSpec:
    return ResponseSpec(data_container=dict, media_type="application/problem+json", description=text)


_PROBLEMS = {
    401: _problem("Nicht angemeldet"),
    403: _problem("Keine Berechtigung für diesen Bereich"),
    404: _problem("Handlungsfeld oder Bürgerwerkstatt unbekannt"),
    422: _problem("Bereich unvollständig, Tisch unbekannt oder Zeitraum verkehrt"),
}
_REPORT_PROBLEMS = {status: _PROBLEMS[status] for status in (401, 403, 404)}
_PDF_PROBLEMS = {**_REPORT_PROBLEMS, 503: _problem("PDF auf diesem Server nicht verfügbar (`pdf_unavailable`)")}


async def provide_export_request(
    export_scope: Annotated[
        ScopeKind, QueryParameter(name="scope", description="platform, field, workshop oder table")
    ] = "platform",
    action_field: Annotated[int | None, QueryParameter(ge=1, description="ID des Handlungsfelds")] = None,
    workshop: Annotated[int | None, QueryParameter(ge=1, description="ID der Bürgerwerkstatt")] = None,
    table: Annotated[int | None, QueryParameter(ge=1, le=1000, description="Tischnummer")] = None,
    date_from: Annotated[date | None, QueryParameter(name="from", description="Ideen ab diesem Tag")] = None,
    date_to: Annotated[date | None, QueryParameter(name="to", description="Ideen bis zu diesem Tag")] = None,
    include_hidden: Annotated[
        bool, QueryParameter(description="Auch ausgeblendete, abgelehnte und ungeprüfte Inhalte (markiert)")
    ] = False,
) -> ExportRequest:
    return ExportRequest(export_scope, action_field, workshop, table, date_from, date_to, include_hidden)


def _stream(download: Download) -> Stream:
    return Stream(
        download.content,
        media_type=download.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{download.filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


class ExportController(Controller):
    path = "/api/exports"
    tags = ["Exporte / Exports"]
    dependencies = {
        "exports": Provide(provide_export_service, sync_to_thread=False),
        "export_request": Provide(provide_export_request),
    }

    @get(
        "/csv/{entity:str}",
        summary="CSV-Export / CSV export (ideas, comments, votes, moderation)",
        description="Eine CSV-Datei je Art: `ideas`, `comments`, `votes` (zusammengefasst, `group_by=idea|"
        "table|municipality`), `moderation`. UTF-8 mit BOM; `sep=;` für deutsches Excel. Zellen, die mit "
        "= + - @ Tab oder CR beginnen, erhalten ein führendes `'`." + _SCOPE + _ERRORS,
        responses={200: ResponseSpec(data_container=str, media_type="text/csv", description="CSV-Datei"), **_PROBLEMS},
    )
    async def csv_export(
        self,
        actor: NamedDependency[Actor],
        exports: NamedDependency[ExportService],
        export_request: NamedDependency[ExportRequest],
        entity: FromPath[CsvEntity],
        sep: Annotated[Literal[",", ";"], QueryParameter(description="Trennzeichen")] = ",",
        group_by: Annotated[VoteGrouping, QueryParameter(description="nur für votes")] = "idea",
    ) -> Stream:
        plan = await exports.plan(actor, export_request)
        return _stream(exports.csv(plan, entity, sep, group_by))

    @get(
        "/xlsx",
        summary="Excel-Export / XLSX export",
        description="Arbeitsmappe mit den Blättern Ideen (mit Summen, offiziellem Status und Antwort), "
        "Kommentare, Stimmen (je Idee, Tisch und Kommune), Beteiligung und Moderation (Protokoll). "
        "Texte sind reine Textzellen, nie Formeln." + _SCOPE + _ERRORS,
        responses={200: ResponseSpec(data_container=bytes, media_type="application/vnd.ms-excel"), **_PROBLEMS},
    )
    async def xlsx_export(
        self,
        actor: NamedDependency[Actor],
        exports: NamedDependency[ExportService],
        export_request: NamedDependency[ExportRequest],
    ) -> Stream:
        return _stream(exports.xlsx(await exports.plan(actor, export_request)))

    @get(
        "/json",
        summary="JSON-Export / JSON export",
        description="Ein JSON-Objekt: export (Kopf), ideas, comments, votes {by_idea, by_table, "
        "by_municipality}, participation, moderation {statistics, log}; gestreamt." + _SCOPE + _ERRORS,
        responses={200: ResponseSpec(data_container=dict, media_type="application/json"), **_PROBLEMS},
    )
    async def json_export(
        self,
        actor: NamedDependency[Actor],
        exports: NamedDependency[ExportService],
        export_request: NamedDependency[ExportRequest],
    ) -> Stream:
        return _stream(exports.json(await exports.plan(actor, export_request)))


_REPORT = (
    "Ergebnisprotokoll als HTML-Seite mit Druck-Stylesheet (A4): Beteiligung, Top-Ideen, Verteilung der "
    "Stimmen (SVG), Moderationsstatistik, offizielle Antworten. Nur veröffentlichte Beiträge. "
)


class ReportController(Controller):
    path = "/api/reports"
    tags = ["Ergebnisprotokolle / Reports"]
    dependencies = {"reports": Provide(provide_report_service, sync_to_thread=False)}

    @get(
        "/workshops/{workshop_id:int}",
        summary="Ergebnisprotokoll einer Bürgerwerkstatt / Workshop report (HTML)",
        description=_REPORT + "Team; Moderierende aller Handlungsfelder der Werkstatt." + _ERRORS,
        media_type="text/html",
        responses=_REPORT_PROBLEMS,
    )
    async def workshop_report(
        self, actor: NamedDependency[Actor], reports: NamedDependency[ReportService], workshop_id: FromPath[int]
    ) -> Response[str]:
        return _page(await reports.workshop(actor, workshop_id))

    @get(
        "/workshops/{workshop_id:int}/pdf",
        summary="Ergebnisprotokoll einer Bürgerwerkstatt als PDF / Workshop report (PDF)",
        description="Dieselbe Seite, mit WeasyPrint gesetzt; 503 `pdf_unavailable`, wo WeasyPrint/Pango "
        "fehlt (dann die HTML-Seite drucken)." + _ERRORS,
        media_type="application/pdf",
        responses=_PDF_PROBLEMS,
    )
    async def workshop_pdf(
        self, actor: NamedDependency[Actor], reports: NamedDependency[ReportService], workshop_id: FromPath[int]
    ) -> Response[bytes]:
        pdf = await reports.pdf(await reports.workshop(actor, workshop_id))
        return _pdf(pdf, f"ergebnisprotokoll-werkstatt-{workshop_id}.pdf")

    @get(
        "/action-fields/{field_id:int}",
        summary="Ergebnisprotokoll eines Handlungsfelds / Action-field report (HTML)",
        description=_REPORT + "Team; Moderierende des Handlungsfelds." + _ERRORS,
        media_type="text/html",
        responses=_REPORT_PROBLEMS,
    )
    async def field_report(
        self, actor: NamedDependency[Actor], reports: NamedDependency[ReportService], field_id: FromPath[int]
    ) -> Response[str]:
        return _page(await reports.field(actor, field_id))

    @get(
        "/action-fields/{field_id:int}/pdf",
        summary="Ergebnisprotokoll eines Handlungsfelds als PDF / Action-field report (PDF)",
        description="Dieselbe Seite als PDF; 503 `pdf_unavailable` ohne WeasyPrint/Pango." + _ERRORS,
        media_type="application/pdf",
        responses=_PDF_PROBLEMS,
    )
    async def field_pdf(
        self, actor: NamedDependency[Actor], reports: NamedDependency[ReportService], field_id: FromPath[int]
    ) -> Response[bytes]:
        pdf = await reports.pdf(await reports.field(actor, field_id))
        return _pdf(pdf, f"ergebnisprotokoll-handlungsfeld-{field_id}.pdf")


def _page(html: str) -> Response[str]:
    return Response(html, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


def _pdf(pdf: bytes, filename: str) -> Response[bytes]:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )
