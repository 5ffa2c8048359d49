"""CSV files: UTF-8 with BOM (German Excel reads umlauts), `,` or `;`, one batch of rows per chunk."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backend.participation.exports.clock import local_naive

if TYPE_CHECKING:
    from backend.participation.exports.columns import Column

__all__ = ["BOM", "FORMULA_PREFIXES", "csv_cell", "csv_rows", "neutralise"]

BOM = "\ufeff"
# A spreadsheet evaluates a cell starting with one of these as a formula (CSV/DDE injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a would-be formula with an apostrophe, which spreadsheets show as plain text."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "ja" if value else "nein"
    if kind == "datetime" and isinstance(value, datetime):
        moment = local_naive(value)
        return moment.strftime("%Y-%m-%d %H:%M") if moment else ""
    if kind == "int":
        return str(int(value))
    return neutralise(str(value))


def _encode(rows: Iterable[list[str]], sep: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


async def csv_rows(columns: tuple[Column, ...], batches: AsyncIterator[list[Any]], sep: str) -> AsyncIterator[bytes]:
    """The BOM and header line at once, then one chunk per batch of records."""
    yield BOM.encode("utf-8") + _encode([[neutralise(c.header) for c in columns]], sep)
    async for batch in batches:
        yield _encode(([csv_cell(c.get(r), c.kind) for c in columns] for r in batch), sep)
