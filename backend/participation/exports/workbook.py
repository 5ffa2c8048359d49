"""The XLSX export: sheets Ideen, Kommentare, Stimmen, Beteiligung and Moderation.

Batches are read from the database on the event loop and handed to a worker thread that writes them;
the finished file is streamed from a private temp directory that is removed afterwards.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    votes_by_municipality,
    votes_by_table,
    votes_of,
)
from backend.participation.exports.stats import participation_stats
from backend.participation.exports.xlsx_format import Sheet, XlsxBook

if TYPE_CHECKING:
    from backend.participation.exports.columns import Column
    from backend.participation.exports.schemas import ExportMeta, IdeaRecord
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
        # every sheet exists from the start (tab order); each is then written top to bottom
        ideas = await _run(book.sheet, "Ideen", IDEA_COLUMNS)
        comments = await _run(book.sheet, "Kommentare", COMMENT_COLUMNS)
        votes = await _run(book.sheet, "Stimmen", VOTES_BY_IDEA_COLUMNS)
        participation = await _run(book.sheet, "Beteiligung", WORKSHOP_STATS_COLUMNS)
        moderation = await _run(book.sheet, "Moderation", MODERATION_COLUMNS)
        people = Pseudonyms()  # ideas first, then comments: one numbering across both sheets
        await _ideas_and_votes(ideas, votes, plan, people)
        await _pipe(comment_batches(plan, people), comments, COMMENT_COLUMNS, freeze=True)
        await _vote_totals(votes, plan)
        await _participation(participation, plan, meta)
        await _pipe(moderation_batches(plan, Pseudonyms("M")), moderation, MODERATION_COLUMNS, freeze=True)
    finally:
        await _run(book.close)


async def _pipe(
    batches: AsyncIterator[list[Any]],
    sheet: Sheet,
    columns: tuple[Column, ...],
    *,
    freeze: bool = False,
    also: Callable[[list[Any]], None] | None = None,
) -> None:
    """Header, then the rows: batch n is written in the worker thread while batch n+1 is read."""
    await _run(sheet.header, columns, freeze=freeze)
    writing: asyncio.Future[None] | None = None
    try:
        async for batch in batches:
            if writing is not None:
                await writing
            writing = asyncio.ensure_future(_run(_records, sheet, columns, batch, also))
    finally:
        if writing is not None:
            await writing


def _records(sheet: Sheet, columns: tuple[Column, ...], batch: list[Any], also: Callable[..., None] | None) -> None:
    sheet.records(columns, batch)
    if also is not None:
        also(batch)


async def _ideas_and_votes(ideas: Sheet, votes: Sheet, plan: ExportPlan, people: Pseudonyms) -> None:
    """One pass over the ideas fills the Ideen sheet and the per-idea block of the Stimmen sheet."""
    sums = dict.fromkeys(IDEA_TOTALS, 0)

    def also(batch: list[IdeaRecord]) -> None:
        votes.records(VOTES_BY_IDEA_COLUMNS, [votes_of(idea) for idea in batch])
        for idea in batch:
            sums["Unterstützungen"] += idea.supports
            sums["Kommentare"] += idea.comments
            sums["Punkte (Dot-Voting)"] += idea.dots

    await _run(votes.title, "Unterstützungen und Punkte je Idee")
    await _run(votes.header, VOTES_BY_IDEA_COLUMNS)
    await _pipe(idea_batches(plan, people), ideas, IDEA_COLUMNS, freeze=True, also=also)
    await _run(ideas.totals, IDEA_COLUMNS, sums)


async def _vote_totals(sheet: Sheet, plan: ExportPlan) -> None:
    await _run(sheet.blank)
    await _run(sheet.title, "Je Tisch der Bürgerwerkstätten")
    await _run(sheet.header, VOTES_BY_TABLE_COLUMNS)
    await _run(sheet.records, VOTES_BY_TABLE_COLUMNS, await votes_by_table(plan))
    await _run(sheet.blank)
    await _run(sheet.title, "Je Kommune")
    await _run(sheet.header, VOTES_BY_MUNICIPALITY_COLUMNS)
    await _run(sheet.records, VOTES_BY_MUNICIPALITY_COLUMNS, await votes_by_municipality(plan))


async def _participation(sheet: Sheet, plan: ExportPlan, meta: ExportMeta) -> None:
    stats = await participation_stats(plan)
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
