"""The XLSX writer process: it finishes the file, and a cancelled download leaves nothing behind."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from pathlib import Path

from backend.core.actor import Actor
from backend.participation.exports.schemas import ExportRequest
from backend.participation.exports.services import ExportService
from backend.participation.ideas.tables import Idea
from tests.participation.exports.scenario import Scenario

WRITER = b"backend.participation.exports.xlsx_process"


def _writers() -> set[int]:
    """Pids of running XLSX writer processes."""
    found = set()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if WRITER in cmdline.read_bytes():
                found.add(int(cmdline.parent.name))
    return found


def _exists(pid: int) -> bool:
    """A process, zombie or not, still has its /proc entry (a zombie's cmdline is empty)."""
    return Path(f"/proc/{pid}").exists()


def _temp_dirs() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("mitwirken-xlsx-*"))


async def test_a_cancelled_xlsx_export_stops_its_writer_and_removes_its_files(scenario: Scenario) -> None:
    author = scenario.authors[0]["id"]
    rows = [
        Idea(action_field=scenario.field_a["id"], author=author, title=f"Idee {n}", body="Text " * 60)
        for n in range(3000)
    ]
    for start in range(0, len(rows), 500):
        await Idea.insert(*rows[start : start + 500])
    service = ExportService(batch_size=200)
    plan = await service.plan(Actor(account_id=scenario.staff["id"], role="staff"), ExportRequest())
    writers_before, dirs_before = _writers(), _temp_dirs()
    content = service.xlsx(plan).content
    first_chunk = asyncio.ensure_future(anext(content))
    async with asyncio.timeout(20):
        while not (started := _writers() - writers_before):
            assert not first_chunk.done(), "the export finished before it could be cancelled"
            await asyncio.sleep(0.005)
    assert _temp_dirs() - dirs_before
    first_chunk.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await first_chunk
    await content.aclose()
    assert [pid for pid in started if _exists(pid)] == []  # killed and reaped, not left as a zombie
    assert _temp_dirs() - dirs_before == set()


async def test_every_xlsx_export_reaps_its_writer(scenario: Scenario) -> None:
    service = ExportService()
    plan = await service.plan(Actor(account_id=scenario.staff["id"], role="staff"), ExportRequest())
    writers_before, dirs_before = _writers(), _temp_dirs()
    seen: set[int] = set()

    async def watch() -> None:
        while True:
            seen.update(_writers() - writers_before)
            await asyncio.sleep(0.005)

    watcher = asyncio.ensure_future(watch())
    body = b"".join([chunk async for chunk in service.xlsx(plan).content])
    watcher.cancel()
    assert body.startswith(b"PK")
    assert len(seen) == 1  # one writer process per export ...
    assert [pid for pid in seen if _exists(pid)] == []  # ... that has exited and been reaped
    assert _temp_dirs() - dirs_before == set()
