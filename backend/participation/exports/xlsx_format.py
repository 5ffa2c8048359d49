"""XLSX workbooks with XlsxWriter in constant-memory mode: rows go to disk as they are written.

This module runs in the writer process (xlsx_process.py) and imports nothing of the database layer.
Text is always written with `write_string`: a title such as `=cmd|' /C calc'!A0` stays a plain
string cell, never a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import xlsxwriter

from backend.participation.exports.clock import local_naive

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from backend.participation.exports.columns import Column

__all__ = ["XLSX_OPTIONS", "Sheet", "XlsxBook"]

XLSX_OPTIONS = {
    "constant_memory": True,  # each row is flushed to a temp file once the next row starts
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_MAX_CELL = 32_767  # characters Excel keeps in one cell
_Write = Callable[[int, int, Any, bool], Any]  # (row, col, value, hidden)


class XlsxBook:
    def __init__(self, path: Path, tmpdir: Path) -> None:
        self.book = xlsxwriter.Workbook(str(path), {**XLSX_OPTIONS, "tmpdir": str(tmpdir)})
        self.book.set_properties({"title": "Mitwirken – Export", "author": "Mitwirken"})
        add = self.book.add_format
        self.formats: dict[str, Format] = {
            "title": add({"bold": True, "font_size": 13}),
            "header": add({"bold": True, "bg_color": "#DDE7F0", "text_wrap": True, "valign": "top"}),
            "date": add({"num_format": "dd.mm.yyyy hh:mm"}),
            "hidden": add({"bg_color": "#F8D7DA"}),
            "hidden_date": add({"bg_color": "#F8D7DA", "num_format": "dd.mm.yyyy hh:mm"}),
            "total": add({"bold": True, "top": 1}),
            "warning": add({"bold": True, "font_color": "#9C0006"}),
        }

    def sheet(self, name: str, columns: tuple[Column, ...] = ()) -> Sheet:
        return Sheet(self, self.book.add_worksheet(name), columns)

    def close(self) -> None:
        self.book.close()


class Sheet:
    """One worksheet, written top to bottom (constant-memory mode cannot go back to a row)."""

    def __init__(self, book: XlsxBook, ws: Worksheet, columns: tuple[Column, ...]) -> None:
        self.formats = book.formats
        self.ws = ws
        self.row = 0
        self._writers: dict[int, list[tuple[int, Callable[[Any], Any], _Write]]] = {}
        for index, column in enumerate(columns):
            ws.set_column(index, index, column.width)

    def title(self, text: str, style: str = "title") -> None:
        self.ws.write_string(self.row, 0, text, self.formats[style])
        self.row += 1

    def width(self, first: int, last: int, width: int) -> None:
        self.ws.set_column(first, last, width)

    def blank(self) -> None:
        self.row += 1

    def header(self, columns: tuple[Column, ...], *, freeze: bool = False) -> None:
        for index, column in enumerate(columns):
            self.ws.write_string(self.row, index, column.header, self.formats["header"])
        if freeze:
            self.ws.freeze_panes(self.row + 1, 0)
        self.row += 1

    def records(self, columns: tuple[Column, ...], batch: Iterable[Any]) -> None:
        writers = self._writers.get(id(columns)) or self._compile(columns)
        ws, hidden_format, row = self.ws, self.formats["hidden"], self.row
        for record in batch:
            hidden = getattr(record, "public", True) is False
            for col, get, write in writers:
                value = get(record)
                if value is not None:
                    write(row, col, value, hidden)
                elif hidden:
                    ws.write_blank(row, col, None, hidden_format)
            row += 1
        self.row = row

    def _compile(self, columns: tuple[Column, ...]) -> list[tuple[int, Callable[[Any], Any], _Write]]:
        """One writer per column, chosen once per column set (the per-cell work is XlsxWriter's)."""
        writers = [(index, column.get, self._writer(column.kind)) for index, column in enumerate(columns)]
        self._writers[id(columns)] = writers
        return writers

    def _writer(self, kind: str) -> _Write:
        ws, f = self.ws, self.formats
        if kind == "datetime":
            return lambda r, c, v, h: ws.write_datetime(r, c, local_naive(v), f["hidden_date" if h else "date"])
        if kind == "int":
            return lambda r, c, v, h: ws.write_number(r, c, v, f["hidden"] if h else None)
        if kind == "bool":
            return lambda r, c, v, h: ws.write_string(r, c, "ja" if v else "nein", f["hidden"] if h else None)
        return lambda r, c, v, h: ws.write_string(r, c, str(v)[:_MAX_CELL], f["hidden"] if h else None)

    def pairs(self, items: Iterable[tuple[str, Any]]) -> None:
        """Label/value rows (statistics)."""
        for label, value in items:
            self.ws.write_string(self.row, 0, label)
            self._cell(1, value)
            self.row += 1

    def totals(self, columns: tuple[Column, ...], sums: dict[str, int]) -> None:
        self.ws.write_string(self.row, 0, "Summe", self.formats["total"])
        for index, column in enumerate(columns):
            if column.header in sums:
                self.ws.write_number(self.row, index, sums[column.header], self.formats["total"])
        self.row += 1

    def _cell(self, col: int, value: Any) -> None:
        if isinstance(value, int):
            self.ws.write_number(self.row, col, value)
        elif value is not None:
            self.ws.write_string(self.row, col, str(value)[:_MAX_CELL])
