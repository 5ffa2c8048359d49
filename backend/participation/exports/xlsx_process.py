"""The XLSX workbook is written by a child process.

XlsxWriter's per-cell work is most of an XLSX export's CPU time. In a thread it would hold the web
server's GIL for seconds (and slow every live workshop served by that process); in a child process it
runs on another core while the server reads the next rows from the database.

The child is `python -m backend.participation.exports.xlsx_process PATH TMPDIR`: a fresh interpreter
(no fork of a running event loop, no re-import of the server's main module). It reads length-prefixed
pickled calls `(sheet, method, args, kwargs)` from stdin, column sets by name and rows as msgspec
records, and answers the final "close" with one line on stdout: "ok" or the first error. A full pipe
makes the server wait (`drain()`), so neither side holds more than a pipe buffer of rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from backend.participation.exports.columns import Column

__all__ = ["WorkbookProcess", "WorkbookSheet"]

_HEADER = struct.Struct("!I")  # length of the pickled call that follows
_ROOT = Path(__file__).resolve().parents[3]
_BUFFER = 4 * 1024 * 1024


@dataclass(frozen=True)
class _Columns:
    """A column set named for the child, which looks the getters up itself (lambdas do not pickle)."""

    name: str


def _ref(value: Any) -> Any:
    from backend.participation.exports.columns import COLUMN_SETS

    if isinstance(value, tuple):
        for name, columns in COLUMN_SETS.items():
            if columns is value:
                return _Columns(name)
    return value


class WorkbookProcess:
    """The server's end: start the child, send it calls, close and wait, or kill it on cancellation."""

    def __init__(self, path: Path, tmpdir: Path) -> None:
        self.path = path
        self.tmpdir = tmpdir
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            __name__,
            str(self.path),
            str(self.tmpdir),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=_ROOT,
            env=env,
        )
        # room for a few batches in flight, so reading the next page overlaps the child's writing;
        # beyond that, drain() makes the server wait
        assert self._process.stdin is not None
        self._process.stdin.transport.set_write_buffer_limits(high=_BUFFER)

    async def send(self, sheet: str | None, method: str, *args: Any, **kwargs: Any) -> None:
        assert self._process is not None and self._process.stdin is not None
        payload = pickle.dumps((sheet, method, [_ref(a) for a in args], kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        self._process.stdin.write(_HEADER.pack(len(payload)) + payload)
        await self._process.stdin.drain()

    async def sheet(self, name: str, columns: tuple[Column, ...] = ()) -> WorkbookSheet:
        await self.send(None, "sheet", name, columns)
        return WorkbookSheet(self, name)

    async def close(self) -> None:
        """Finish the file; raises when the child failed anywhere on the way."""
        assert self._process is not None and self._process.stdout is not None
        await self.send(None, "close")
        answer = (await self._process.stdout.readline()).decode(errors="replace").strip()
        await self._process.wait()
        if answer != "ok":
            raise RuntimeError(f"XLSX writer failed: {answer or f'exit code {self._process.returncode}'}")

    async def stop(self) -> None:
        """Kill the child if it still runs (cancelled download, error) and reap it; idempotent."""
        if self._process is None or self._process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self._process.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._process.wait(), 10)


class WorkbookSheet:
    """A worksheet in the child: the methods of xlsx_format.Sheet, sent over the pipe."""

    def __init__(self, book: WorkbookProcess, name: str) -> None:
        self._book = book
        self._name = name

    async def _call(self, method: str, *args: Any, **kwargs: Any) -> None:
        await self._book.send(self._name, method, *args, **kwargs)

    async def header(self, columns: tuple[Column, ...], *, freeze: bool = False) -> None:
        await self._call("header", columns, freeze=freeze)

    async def records(self, columns: tuple[Column, ...], batch: list[Any]) -> None:
        await self._call("records", columns, batch)

    async def title(self, text: str, style: str = "title") -> None:
        await self._call("title", text, style)

    async def blank(self) -> None:
        await self._call("blank")

    async def pairs(self, items: list[tuple[str, Any]]) -> None:
        await self._call("pairs", items)

    async def totals(self, columns: tuple[Column, ...], sums: dict[str, int]) -> None:
        await self._call("totals", columns, sums)

    async def width(self, first: int, last: int, width: int) -> None:
        await self._call("width", first, last, width)


def _read(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data and len(data) == size else None


def _serve(path: str, tmpdir: str) -> int:
    """The child: apply calls to the workbook until "close"; the first error is reported then."""
    from backend.participation.exports.columns import COLUMN_SETS
    from backend.participation.exports.xlsx_format import XlsxBook

    # run as __main__, this module's classes are not the ones pickle finds: use the importable copy
    from backend.participation.exports.xlsx_process import _Columns as ColumnsRef

    book = XlsxBook(Path(path), Path(tmpdir))
    sheets: dict[str, Any] = {}
    error = ""
    while (header := _read(sys.stdin.buffer, _HEADER.size)) is not None:
        payload = _read(sys.stdin.buffer, _HEADER.unpack(header)[0])
        if payload is None:
            break
        # the only writer of this pipe is the server process that started us
        sheet, method, args, kwargs = pickle.loads(payload)  # noqa: S301
        if method == "close":
            if not error:
                try:
                    book.close()
                except Exception as exc:  # reported to the server, which fails the download
                    error = f"{type(exc).__name__}: {exc}"
            sys.stdout.write((error or "ok") + "\n")
            sys.stdout.flush()
            return 0
        if error:
            continue  # keep reading: the server must never block on a full pipe
        try:
            args = [COLUMN_SETS[a.name] if isinstance(a, ColumnsRef) else a for a in args]
            if method == "sheet":
                sheets[args[0]] = book.sheet(*args)
            else:
                getattr(sheets[sheet], method)(*args, **kwargs)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
    return 1  # the server went away before "close"


if __name__ == "__main__":
    raise SystemExit(_serve(sys.argv[1], sys.argv[2]))
