"""Export benchmark: seed 10,000 ideas, 100,000 votes and 50,000 comments, then time each export.

    python -m bench.exports                       # SQLite file in a temp folder
    python -m bench.exports --database-url postgres://postgres@127.0.0.1:5432/mw_bench_exports

How it measures: the app runs in a uvicorn subprocess (bench/_server.py) and every export is fetched
through the real HTTP endpoint as a staff member, the body streamed and counted, never kept. Before each
export the server's peak-RSS counter is reset (`echo 5 > /proc/<pid>/clear_refs`), so VmHWM afterwards
minus VmRSS before is the peak growth caused by that export. The XLSX writer is a child process of the
server: its CPU time comes from the server's cutime/cstime, its peak RSS from polling its VmHWM. Each
format runs twice: the first run also pays for first-time imports and caches; the second is the steady
state. Wall times stretch when other processes compete for the CPUs; the CPU columns do not.

Baseline, in the same run and on the same database: this process reads every idea row with one plain
`SELECT * FROM idea` and writes it as CSV to /dev/null, then every idea, comment and vote row (what the
exports read). The ratio says how much the export costs on top of just reading the rows.
Targets (issue 6): each export <= 5 s, peak RSS growth <= 100 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import os
import random
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench._server import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    create_admin,
    fresh_database,
    proc_cpu_seconds,
    running_server,
)

IDEAS, VOTES, COMMENTS, VOTERS = 10_000, 100_000, 50_000, 2_000
GUESTS, TABLES, WORKSHOP_IDEAS = 200, 4, 500
TARGET_S, TARGET_MB = 5.0, 100.0
EXPORTS = [
    ("CSV ideas", "/api/exports/csv/ideas", {"sep": ";"}),
    ("CSV comments", "/api/exports/csv/comments", {}),
    ("CSV votes", "/api/exports/csv/votes", {}),
    ("XLSX", "/api/exports/xlsx", {}),
    ("JSON", "/api/exports/json", {}),
]


def log(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


async def _insert(table: Any, rows: list[Any], chunk: int = 500) -> None:
    for start in range(0, len(rows), chunk):
        await table.insert(*rows[start : start + chunk])


async def seed(rng: random.Random) -> None:
    """Bulk inserts straight into the tables; counters set from the rows afterwards."""
    from backend.accounts.tables import Account
    from backend.core.db import write_transaction
    from backend.participation.action_fields.tables import ActionField
    from backend.participation.comments.tables import Comment
    from backend.participation.ideas.tables import Idea
    from backend.participation.municipalities.tables import Municipality
    from backend.participation.votes.tables import Vote

    now = datetime.now(tz=UTC)
    async with write_transaction():
        await _insert(Municipality, [Municipality(slug=f"ort-{n}", name=f"Ort {n}") for n in range(11)])
        await _insert(ActionField, [ActionField(slug=f"feld-{n}", title=f"Handlungsfeld {n}") for n in range(6)])
        await _insert(
            Account, [Account(email=f"person{n}@bench.example", display_name=f"Person {n}") for n in range(VOTERS)]
        )
        await _insert(Account, [Account(display_name=f"Gast {n}") for n in range(GUESTS)])
    people = [r["id"] for r in await Account.select(Account.id).where(Account.email.like("person%"))]
    guests = [r["id"] for r in await Account.select(Account.id).where(Account.email.is_null())]
    fields = [r["id"] for r in await ActionField.select(ActionField.id)]
    towns = [r["id"] for r in await Municipality.select(Municipality.id)]
    texts = ['=HYPERLINK("http://x")', "Mehr Busse am Wochenende", "-1+1", "Glasfaser für alle Dörfer"]
    async with write_transaction():
        await _insert(
            Idea,
            [
                Idea(
                    action_field=rng.choice(fields),
                    municipality=rng.choice([*towns, None]),
                    author=rng.choice(people + guests),
                    title=f"Idee {n}: {rng.choice(texts)}",
                    body=" ".join(rng.choice(texts) for _ in range(12)),
                    status="hidden" if n % 33 == 0 else "published",
                    created_at=now - timedelta(minutes=n),
                    updated_at=now,
                )
                for n in range(IDEAS)
            ],
        )
    ideas = [r["id"] for r in await Idea.select(Idea.id).order_by(Idea.id)]
    per_voter = VOTES // VOTERS
    async with write_transaction():
        votes = [Vote(idea=idea, voter=voter) for voter in people for idea in rng.sample(ideas, per_voter)]
        await _insert(Vote, votes, chunk=2000)
        comments = [
            Comment(
                idea=rng.choice(ideas),
                author=rng.choice(people),
                body=" ".join(rng.choice(texts) for _ in range(8)),
                status="hidden" if n % 25 == 0 else "published",
                created_at=now,
            )
            for n in range(COMMENTS)
        ]
        await _insert(Comment, comments, chunk=1000)
    await _seed_workshop(rng, ideas[:WORKSHOP_IDEAS], guests)
    async with write_transaction():
        await Idea.raw("UPDATE idea SET vote_count = (SELECT COUNT(*) FROM vote WHERE vote.idea = idea.id)")
        await Idea.raw(
            "UPDATE idea SET comment_count = (SELECT COUNT(*) FROM comment "
            "WHERE comment.idea = idea.id AND comment.status = 'published')"
        )


async def _seed_workshop(rng: random.Random, ideas: list[int], guests: list[int]) -> None:
    from backend.accounts.tables import Account
    from backend.core.db import write_transaction
    from backend.participation.workshops.tables import DotVote, Workshop, WorkshopIdea, WorkshopParticipant

    creator = (await Account.select(Account.id).first())["id"]
    async with write_transaction():
        rows = await Workshop.insert(
            Workshop(title="Bench-Werkstatt", code="BENCH234", table_count=TABLES, created_by=creator)
        ).returning(Workshop.id)
        workshop = rows[0]["id"]
        await _insert(
            WorkshopParticipant,
            [
                WorkshopParticipant(workshop=workshop, account=g, token_hash=f"{n:064x}", table_no=1 + n % TABLES)
                for n, g in enumerate(guests)
            ],
        )
        await _insert(
            WorkshopIdea,
            [WorkshopIdea(idea=i, workshop=workshop, table_no=1 + n % TABLES) for n, i in enumerate(ideas)],
        )
        participants = [r["id"] for r in await WorkshopParticipant.select(WorkshopParticipant.id)]
        dots = [
            DotVote(workshop=workshop, participant=p, idea=i, points=rng.randint(1, 3))
            for p in participants
            for i in rng.sample(ideas, 3)
        ]
        await _insert(DotVote, dots, chunk=1000)
        await WorkshopIdea.raw(
            "UPDATE workshop_idea SET dot_total = "
            "(SELECT COALESCE(SUM(points), 0) FROM dot_vote WHERE dot_vote.idea = workshop_idea.idea)"
        )


async def baseline() -> tuple[float, float]:
    """Seconds to read every idea row (one plain SELECT) and every idea, comment and vote row to /dev/null."""
    from backend.participation.ideas.tables import Idea

    sink = io.StringIO()

    async def dump(table: str) -> None:
        rows = await Idea.raw(f"SELECT * FROM {table}")  # noqa: S608 — fixed table names
        writer = csv.writer(sink)
        for row in rows:
            writer.writerow(row.values())
            if sink.tell() > 1 << 20:  # what /dev/null would do with it: nothing, without growing
                sink.seek(0)
                sink.truncate()

    started = time.perf_counter()
    await dump("idea")
    ideas = time.perf_counter() - started
    await dump("comment")
    await dump("vote")
    return ideas, time.perf_counter() - started


def _proc(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} missing for {pid}")


@dataclass
class Result:
    name: str
    run: int
    status: int
    size: int
    headers_s: float  # the browser shows the download from here on
    first_byte_s: float
    total_s: float
    cpu_s: float  # server process CPU time (user + system, all threads) during the export
    growth_mb: float
    writer_cpu_s: float  # the XLSX writer child process (reaped by the server), CPU time
    writer_mb: float  # the writer's peak RSS (it starts from nothing: all of it is growth)


def _children_cpu(pid: int) -> float:
    """CPU time of a process's children that it has waited for (cutime + cstime)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


class WriterWatch(threading.Thread):
    """Polls for the server's XLSX writer child and keeps the highest VmHWM it reported."""

    def __init__(self, server_pid: int) -> None:
        super().__init__(daemon=True)
        self.server_pid = str(server_pid)
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for status in Path("/proc").glob("[0-9]*/status"):
                with contextlib.suppress(OSError, ValueError):
                    text = status.read_text()
                    if f"\nPPid:\t{self.server_pid}\n" in text and "xlsx_process" in (
                        status.with_name("cmdline").read_text()
                    ):
                        hwm = next(line for line in text.splitlines() if line.startswith("VmHWM:"))
                        self.peak_kib = max(self.peak_kib, int(hwm.split()[1]))
            self.done.wait(0.02)


def fetch(client: httpx.Client, pid: int, name: str, path: str, params: dict[str, str], run: int) -> Result:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := current RSS
    before = _proc(pid, "VmRSS")
    cpu, writer_cpu = proc_cpu_seconds(pid), _children_cpu(pid)
    watch = WriterWatch(pid)
    watch.start()
    started = time.perf_counter()
    first = 0.0
    size = 0
    with client.stream("GET", path, params=params) as response:
        headers = time.perf_counter() - started
        for chunk in response.iter_bytes():
            if not size:
                first = time.perf_counter() - started
            size += len(chunk)
    total = time.perf_counter() - started
    peak = _proc(pid, "VmHWM")
    cpu, writer_cpu = proc_cpu_seconds(pid) - cpu, _children_cpu(pid) - writer_cpu
    watch.done.set()
    watch.join()
    return Result(
        name,
        run,
        response.status_code,
        size,
        headers,
        first,
        total,
        cpu,
        (peak - before) / 1024,
        writer_cpu,
        watch.peak_kib / 1024,
    )


def login(base_url: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    client.get("/api/municipalities")
    response = client.post(
        "/api/auth/login",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        headers={"x-csrftoken": client.cookies.get("csrftoken", "")},
    )
    response.raise_for_status()
    return client


def report(results: list[Result], base_ideas: float, base_all: float) -> bool:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {load} (wall times stretch under load; CPU does not)")
    print(
        f"baseline (this process): all idea rows, one plain SELECT, written as CSV {base_ideas:.2f} s; "
        f"idea + comment + vote rows {base_all:.2f} s"
    )
    print(
        f"{'export':<13} run status     bytes  headers s  1st byte s  total s  server CPU s  ratio  "
        "RSS growth MB  writer CPU s  writer RSS MB  target"
    )
    ok = True
    for r in results:
        memory = r.growth_mb + r.writer_mb
        passed = r.status == 200 and r.total_s <= TARGET_S and memory <= TARGET_MB
        ok = ok and (passed or r.run == 1)
        print(
            f"{r.name:<13} {r.run:>3} {r.status:>6} {r.size:>9} {r.headers_s:>9.3f} {r.first_byte_s:>11.3f} "
            f"{r.total_s:>8.2f} "
            f"{r.cpu_s:>13.2f} "
            f"{r.total_s / base_all:>6.1f} {r.growth_mb:>14.1f} {r.writer_cpu_s:>13.2f} {r.writer_mb:>14.1f}  "
            f"{'ok' if passed else 'MISSED'}"
        )
    print(
        f"ratio = export time / baseline reading all idea, comment and vote rows; targets <= {TARGET_S:.0f} s, "
        f"<= {TARGET_MB:.0f} MB server growth + writer (judged on run 2)"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgres://… (a database the benchmark may drop and recreate)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    with fresh_database(args.database_url) as env:
        os.environ.update(env)  # before the first import of backend: settings are read once
        from backend.core.db import start_engine, stop_engine

        async def prepare() -> tuple[float, float]:
            await start_engine(4)
            try:
                started = time.perf_counter()
                await seed(random.Random(args.seed))
                log(f"seeded in {time.perf_counter() - started:.1f} s")
                return await baseline()
            finally:
                await stop_engine()

        base_ideas, base_all = asyncio.run(prepare())
        create_admin(env)
        # not pinned: the XLSX writer process is meant to use a core of its own; the client only counts bytes
        with running_server(env) as server:
            with contextlib.closing(login(server.base_url)) as client:
                results = [
                    fetch(client, server.pid, name, path, params, run)
                    for run in (1, 2)
                    for name, path, params in EXPORTS
                ]
        return 0 if report(results, base_ideas, base_all) else 1


if __name__ == "__main__":
    raise SystemExit(main())
