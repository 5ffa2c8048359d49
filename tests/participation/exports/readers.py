"""Reading exports back the way a spreadsheet or a script would."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import httpx
from openpyxl import load_workbook

from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from backend.participation.votes.tables import Vote
from backend.participation.workshops.tables import DotVote

__all__ = ["all_text", "csv_table", "db_totals", "get_ok", "json_body", "xlsx_sheets", "xlsx_table"]


async def get_ok(client: httpx.AsyncClient, path: str, **params: Any) -> httpx.Response:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response


def csv_table(response: httpx.Response, sep: str = ",") -> list[dict[str, str]]:
    """Rows as dicts by German header; the file must start with a UTF-8 BOM."""
    assert response.content.startswith(b"\xef\xbb\xbf"), response.content[:20]
    text = response.content.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    header, *body = rows
    assert all(len(row) == len(header) for row in body), rows
    return [dict(zip(header, row, strict=True)) for row in body]


def xlsx_sheets(response: httpx.Response) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, read with openpyxl in read-only mode; formula cells fail the test."""
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheets: dict[str, list[list[Any]]] = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            for cell in row:
                assert getattr(cell, "data_type", "n") != "f", f"formula in {sheet.title}: {cell.value!r}"
            rows.append([getattr(cell, "value", None) for cell in row])
        sheets[sheet.title] = rows
    book.close()
    return sheets


def xlsx_table(rows: list[list[Any]], first_header: str) -> list[dict[str, Any]]:
    """The block of a sheet that starts with a header row whose first cell is `first_header`."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    header = [h for h in rows[start] if h is not None]
    found = []
    for row in rows[start + 1 :]:
        if not row or all(v is None for v in row) or row[0] == "Summe":
            break
        found.append(dict(zip(header, row[: len(header)], strict=True)))
    return found


def json_body(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/json")
    return json.loads(response.content)


def all_text(response: httpx.Response) -> str:
    """Every byte an export carries as text (the XML parts of an XLSX file included)."""
    if response.content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return response.content.decode("utf-8")


async def db_totals() -> dict[str, int]:
    """What the database says about public content: ideas, and the comments, votes and dots on them."""
    public = Idea.select(Idea.id).where(Idea.status == "published")
    dots = await DotVote.select(DotVote.points).where(DotVote.idea.is_in(public))
    return {
        "ideas": await Idea.count().where(Idea.status == "published"),
        "supports": await Vote.count().where(Vote.idea.is_in(Idea.select(Idea.id).where(Idea.status == "published"))),
        "dots": sum(r["points"] for r in dots),
        "comments": await Comment.count().where(
            Comment.status == "published", Comment.idea.is_in(Idea.select(Idea.id).where(Idea.status == "published"))
        ),
    }
