"""The XLSX export: sheets Ideen, Kommentare, Stimmen, Beteiligung and Moderation.

Batches are read from the database on the event loop and handed to a worker thread that writes them;
the finished file is streamed from a private temp directory that is removed afterwards.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

from backend.participation.exports.columns import (
    COMMENT_COLUMNS,
    FIELD_STATS_COLUMNS,
    IDEA_COLUMNS,
    IDEA_TOTALS,
    MODERATION_COLUMNS,
    VOTES_BY_IDEA_COLUMNS,
    VOTES_BY_MUNICIPALITY_COLUMNS,
    VOTES_BY_TABLE_COLUMNS,
    WORKSHOP_STATS_COLUMNS,
    moderation_lines,
)
from backend.participation.exports.moderation import moderation_batches, moderation_stats
from backend.participation.exports.scope import local_naive
from backend.participation.exports.sources import (
    Pseudonyms,
    comment_batches,
    idea_batches,
    votes_by_idea,
    votes_by_municipality,
    votes_by_table,
)
from backend.participation.exports.stats import participation_stats
from backend.participation.exports.xlsx_format import Sheet, XlsxBook

if TYPE_CHECKING:
    from backend.participation.exports.schemas import ExportMeta
    from backend.participation.exports.scope import ExportPlan

__all__ = ["SHEETS", "xlsx_export"]

SHEETS = ("Ideen", "Kommentare", "Stimmen", "Beteiligung", "Moderation")
_CHUNK = 256 * 1024
_run = asyncio.to_thread


async def xlsx_export(plan: ExportPlan, meta: ExportMeta) -> AsyncIterator[bytes]:
    tmpdir = Path(await _run(tempfile.mkdtemp, prefix="mitwirken-xlsx-"))
    try:
        path = tmpdir / "export.xlsx"
        await _write(plan, meta, path, tmpdir)
        handle = await _run(path.open, "rb")
        try:
            while chunk := await _run(handle.read, _CHUNK):
                yield chunk
        finally:
            handle.close()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


async def _write(plan: ExportPlan, meta: ExportMeta, path: Path, tmpdir: Path) -> None:
    book = await _run(XlsxBook, path, tmpdir)
    try:
        people = Pseudonyms()  # ideas first, then comments: one numbering across both sheets
        await _ideas(book, plan, people)
        await _comments(book, plan, people)
        await _votes(book, plan)
        await _participation(book, plan, meta)
        await _moderation_log(book, plan)
    finally:
        await _run(book.close)


async def _ideas(book: XlsxBook, plan: ExportPlan, people: Pseudonyms) -> None:
    sheet = await _run(book.sheet, "Ideen", IDEA_COLUMNS)
    await _run(sheet.header, IDEA_COLUMNS, freeze=True)
    sums = dict.fromkeys(IDEA_TOTALS, 0)
    async for batch in idea_batches(plan, people):
        await _run(sheet.records, IDEA_COLUMNS, batch)
        for idea in batch:
            sums["Unterstützungen"] += idea.supports
            sums["Kommentare"] += idea.comments
            sums["Punkte (Dot-Voting)"] += idea.dots
    await _run(sheet.totals, IDEA_COLUMNS, sums)


async def _comments(book: XlsxBook, plan: ExportPlan, people: Pseudonyms) -> None:
    sheet = await _run(book.sheet, "Kommentare", COMMENT_COLUMNS)
    await _run(sheet.header, COMMENT_COLUMNS, freeze=True)
    async for batch in comment_batches(plan, people):
        await _run(sheet.records, COMMENT_COLUMNS, batch)


async def _votes(book: XlsxBook, plan: ExportPlan) -> None:
    sheet = await _run(book.sheet, "Stimmen", VOTES_BY_IDEA_COLUMNS)
    await _run(sheet.title, "Unterstützungen und Punkte je Idee")
    await _run(sheet.header, VOTES_BY_IDEA_COLUMNS)
    async for batch in votes_by_idea(plan):
        await _run(sheet.records, VOTES_BY_IDEA_COLUMNS, batch)
    await _run(sheet.blank)
    await _run(sheet.title, "Je Tisch der Bürgerwerkstätten")
    await _run(sheet.header, VOTES_BY_TABLE_COLUMNS)
    await _run(sheet.records, VOTES_BY_TABLE_COLUMNS, await votes_by_table(plan))
    await _run(sheet.blank)
    await _run(sheet.title, "Je Kommune")
    await _run(sheet.header, VOTES_BY_MUNICIPALITY_COLUMNS)
    await _run(sheet.records, VOTES_BY_MUNICIPALITY_COLUMNS, await votes_by_municipality(plan))


async def _participation(book: XlsxBook, plan: ExportPlan, meta: ExportMeta) -> None:
    stats = await participation_stats(plan)
    sheet = await _run(book.sheet, "Beteiligung", WORKSHOP_STATS_COLUMNS)
    await _run(sheet.ws.set_column, 0, 0, 44)
    await _run(sheet.title, f"Beteiligung – {meta.scope_label}")
    await _run(sheet.title, meta.note, "warning" if meta.include_hidden else "title")
    generated = local_naive(meta.generated_at)
    await _run(sheet.pairs, [("Erstellt am", generated.strftime("%d.%m.%Y %H:%M") if generated else "")])
    await _run(sheet.blank)
    await _run(
        sheet.pairs,
        [
            ("Ideen", stats.ideas),
            ("davon analog (Flipchart)", stats.analog_ideas),
            ("Kommentare", stats.comments),
            ("Unterstützungen", stats.supports),
            ("Punkte (Dot-Voting)", stats.dots),
            ("Beteiligte Personen (ohne Doppelzählung)", stats.people),
            ("… mit Ideen", stats.idea_authors),
            ("… mit Kommentaren", stats.commenters),
            ("… mit Unterstützungen", stats.supporters),
            ("… mit Punkten in Bürgerwerkstätten", stats.dot_voters),
        ],
    )
    for title, columns, records in (
        ("Je Handlungsfeld", FIELD_STATS_COLUMNS, stats.by_field),
        ("Bürgerwerkstätten", WORKSHOP_STATS_COLUMNS, stats.workshops),
    ):
        await _run(sheet.blank)
        await _run(sheet.title, title)
        await _run(sheet.header, columns)
        await _run(sheet.records, columns, records)
    await _moderation_stats(sheet, plan)


async def _moderation_stats(sheet: Sheet, plan: ExportPlan) -> None:
    moderation = await moderation_stats(plan)
    await _run(sheet.blank)
    await _run(sheet.title, "Moderation")
    await _run(sheet.pairs, moderation_lines(moderation))


async def _moderation_log(book: XlsxBook, plan: ExportPlan) -> None:
    sheet = await _run(book.sheet, "Moderation", MODERATION_COLUMNS)
    await _run(sheet.header, MODERATION_COLUMNS, freeze=True)
    async for batch in moderation_batches(plan, Pseudonyms("M")):
        await _run(sheet.records, MODERATION_COLUMNS, batch)
