"""The XLSX export: sheets Ideen, Kommentare, Stimmen, Beteiligung and Moderation.

Batches are read from the database on the event loop and sent to the writer process
(xlsx_process.py), which fills the workbook with XlsxWriter in constant-memory mode; the finished file
is streamed from a private temp directory that is removed afterwards.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backend.participation.exports.clock import local_naive
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
from backend.participation.exports.sources import (
    Pseudonyms,
    comment_batches,
    idea_batches,
    votes_by_municipality,
    votes_by_table,
    votes_of,
)
from backend.participation.exports.stats import participation_stats
from backend.participation.exports.xlsx_process import WorkbookProcess

if TYPE_CHECKING:
    from backend.participation.exports.columns import Column
    from backend.participation.exports.schemas import ExportMeta
    from backend.participation.exports.scope import ExportPlan
    from backend.participation.exports.xlsx_process import WorkbookSheet

__all__ = ["SHEETS", "xlsx_export"]

SHEETS = ("Ideen", "Kommentare", "Stimmen", "Beteiligung", "Moderation")
_CHUNK = 256 * 1024


async def xlsx_export(plan: ExportPlan, meta: ExportMeta) -> AsyncIterator[bytes]:
    tmpdir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="mitwirken-xlsx-"))
    book = WorkbookProcess(tmpdir / "export.xlsx", tmpdir)
    try:
        await book.start()
        await _write(book, plan, meta)
        handle = await asyncio.to_thread((tmpdir / "export.xlsx").open, "rb")
        try:
            while chunk := await asyncio.to_thread(handle.read, _CHUNK):
                yield chunk
        finally:
            handle.close()
    finally:
        try:
            await book.stop()
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)


async def _write(book: WorkbookProcess, plan: ExportPlan, meta: ExportMeta) -> None:
    # every sheet exists from the start (tab order); each is then written top to bottom
    ideas = await book.sheet("Ideen", IDEA_COLUMNS)
    comments = await book.sheet("Kommentare", COMMENT_COLUMNS)
    votes = await book.sheet("Stimmen", VOTES_BY_IDEA_COLUMNS)
    participation = await book.sheet("Beteiligung", WORKSHOP_STATS_COLUMNS)
    moderation = await book.sheet("Moderation", MODERATION_COLUMNS)
    people = Pseudonyms()  # ideas first, then comments: one numbering across both sheets
    await _ideas_and_votes(ideas, votes, plan, people)
    await _rows(comment_batches(plan, people), comments, COMMENT_COLUMNS)
    await _vote_totals(votes, plan)
    await _participation(participation, plan, meta)
    await _rows(moderation_batches(plan, Pseudonyms("M")), moderation, MODERATION_COLUMNS)
    await book.close()


async def _rows(batches: AsyncIterator[list[Any]], sheet: WorkbookSheet, columns: tuple[Column, ...]) -> None:
    await sheet.header(columns, freeze=True)
    async for batch in batches:
        await sheet.records(columns, batch)


async def _ideas_and_votes(ideas: WorkbookSheet, votes: WorkbookSheet, plan: ExportPlan, people: Pseudonyms) -> None:
    """One pass over the ideas fills the Ideen sheet and the per-idea block of the Stimmen sheet."""
    sums = dict.fromkeys(IDEA_TOTALS, 0)
    await ideas.header(IDEA_COLUMNS, freeze=True)
    await votes.title("Unterstützungen und Punkte je Idee")
    await votes.header(VOTES_BY_IDEA_COLUMNS)
    async for batch in idea_batches(plan, people):
        await ideas.records(IDEA_COLUMNS, batch)
        await votes.records(VOTES_BY_IDEA_COLUMNS, [votes_of(idea) for idea in batch])
        for idea in batch:
            sums["Unterstützungen"] += idea.supports
            sums["Kommentare"] += idea.comments
            sums["Punkte (Dot-Voting)"] += idea.dots
    await ideas.totals(IDEA_COLUMNS, sums)


async def _vote_totals(sheet: WorkbookSheet, plan: ExportPlan) -> None:
    for title, columns, records in (
        ("Je Tisch der Bürgerwerkstätten", VOTES_BY_TABLE_COLUMNS, await votes_by_table(plan)),
        ("Je Kommune", VOTES_BY_MUNICIPALITY_COLUMNS, await votes_by_municipality(plan)),
    ):
        await sheet.blank()
        await sheet.title(title)
        await sheet.header(columns)
        await sheet.records(columns, records)


async def _participation(sheet: WorkbookSheet, plan: ExportPlan, meta: ExportMeta) -> None:
    stats = await participation_stats(plan)
    generated = local_naive(meta.generated_at)
    await sheet.width(0, 0, 44)
    await sheet.title(f"Beteiligung – {meta.scope_label}")
    await sheet.title(meta.note, "warning" if meta.include_hidden else "title")
    await sheet.pairs([("Erstellt am", generated.strftime("%d.%m.%Y %H:%M") if generated else "")])
    await sheet.blank()
    await sheet.pairs(
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
        ]
    )
    for title, columns, records in (
        ("Je Handlungsfeld", FIELD_STATS_COLUMNS, stats.by_field),
        ("Bürgerwerkstätten", WORKSHOP_STATS_COLUMNS, stats.workshops),
    ):
        await sheet.blank()
        await sheet.title(title)
        await sheet.header(columns)
        await sheet.records(columns, records)
    await sheet.blank()
    await sheet.title("Moderation")
    await sheet.pairs(moderation_lines(await moderation_stats(plan)))
