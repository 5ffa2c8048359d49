"""N concurrent support votes (distinct voter x idea pairs) through real HTTP, against a baseline of as many
concurrent `GET /health` requests in the same run; then checks that every idea's total equals its rows.

    python -m bench.votes                                   # 1000 votes, fresh SQLite file
    python -m bench.votes --database-url postgres://postgres@127.0.0.1:5432/mw_bench \
        --redis-url redis://127.0.0.1:6379/0                # fresh PostgreSQL database (dropped and created)
    python -m bench.votes --base-url http://127.0.0.1:8000  # a running, seeded server (setup over the API)

See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench._server import fresh_database, pin, raise_nofile, running_server, split_cpus

PASSWORD = "bench-passwort-lang-genug"  # noqa: S105 — a throwaway database


@dataclass
class Burst:
    """Timings of one burst of concurrent requests."""

    total_s: float
    latencies_s: list[float]
    statuses: Counter[int | str]
    server_cpu_s: float | None = None  # CPU time the server process used during the burst

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if not (isinstance(status, int) and status < 300))

    def quantile_ms(self, q: float) -> float:
        ordered = sorted(self.latencies_s)
        return 1000 * ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


async def burst(calls: list[Callable[[], Awaitable[httpx.Response]]]) -> Burst:
    """Start every call at once (behind a barrier) and time each one and the whole."""
    barrier = asyncio.Barrier(len(calls) + 1)
    latencies: list[float] = []
    statuses: Counter[int | str] = Counter()

    async def one(call: Callable[[], Awaitable[httpx.Response]]) -> None:
        await barrier.wait()
        started = time.perf_counter()
        try:
            statuses[(await call()).status_code] += 1
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1
        latencies.append(time.perf_counter() - started)

    tasks = [asyncio.create_task(one(call)) for call in calls]
    await barrier.wait()
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    return Burst(time.perf_counter() - started, latencies, statuses)


class Voter:
    """One logged-in person; `fresh()` gives a client on the same session with `width` connections."""

    def __init__(self, base_url: str, email: str) -> None:
        self.base_url, self.email = base_url, email
        self.cookies = httpx.Cookies()

    async def login(self) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=60) as client:
            await client.get("/api/municipalities")  # sets the CSRF cookie
            response = await client.post(
                "/api/auth/login",
                json={"email": self.email, "password": PASSWORD},
                headers={"x-csrftoken": client.cookies["csrftoken"]},
            )
            response.raise_for_status()
            self.cookies = client.cookies

    def fresh(self, width: int) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url,
            cookies=self.cookies,
            headers={"x-csrftoken": self.cookies["csrftoken"]},
            limits=httpx.Limits(max_connections=width, max_keepalive_connections=width),
            timeout=120,
        )


async def measure(
    voters: list[Voter], plan: list[tuple[int, int]], width: int, cpu: Callable[[], float] | None = None
) -> tuple[Burst, Burst]:
    """The baseline (`GET /health`, same connections per voter) and then the votes, each on new sockets;
    `cpu` reads the server's CPU seconds, when the server is a local process."""
    results = []
    for make_call in (lambda c, _: c.get("/health"), lambda c, idea: c.post(f"/api/ideas/{idea}/vote")):
        clients = [voter.fresh(width) for voter in voters]
        try:
            calls = [(lambda c=clients[v], i=idea, f=make_call: f(c, i)) for v, idea in plan]
            cpu_before = cpu() if cpu else 0.0
            result = await burst(calls)
            result.server_cpu_s = cpu() - cpu_before if cpu else None
            results.append(result)
        finally:
            await asyncio.gather(*(c.aclose() for c in clients))
    return results[0], results[1]


# --- setup and verification on a fresh database (the app's own tables, written in this process) ---


async def seed_database(voters: int, ideas: int, tag: str) -> tuple[list[str], list[int]]:
    from backend.accounts.tables import Account
    from backend.core.security import hash_password
    from backend.participation.action_fields.tables import ActionField
    from backend.participation.ideas.tables import Idea

    password_hash = await hash_password(PASSWORD, 1000)
    field = await ActionField.insert(ActionField(slug=f"bench-{tag}", title="Benchmark")).returning(ActionField.id)
    author = await Account.insert(Account(email=f"author-{tag}@bench.example", display_name="Autorin")).returning(
        Account.id
    )
    emails = [f"voter{n}-{tag}@bench.example" for n in range(voters)]
    await Account.insert(
        *[Account(email=e, display_name=f"Voter {n}", password_hash=password_hash) for n, e in enumerate(emails)]
    )
    rows = await Idea.insert(
        *[Idea(action_field=field[0]["id"], author=author[0]["id"], title=f"Idee {n}") for n in range(ideas)]
    ).returning(Idea.id)
    return emails, [r["id"] for r in rows]


async def verify_database(idea_ids: list[int], expected_rows: int) -> list[str]:
    """Every idea's vote_count equals its vote rows; one row per (voter, idea); all votes counted."""
    from backend.participation.ideas.tables import Idea
    from backend.participation.votes.tables import Vote

    rows = await Vote.select(Vote.idea, Vote.voter).where(Vote.idea.is_in(idea_ids))
    per_idea = Counter(r["idea"] for r in rows)
    problems = [f"{n} rows for voter {v} on idea {i}" for (v, i), n in Counter(
        (r["voter"], r["idea"]) for r in rows).items() if n > 1]  # fmt: skip
    for idea in await Idea.select(Idea.id, Idea.vote_count).where(Idea.id.is_in(idea_ids)):
        if idea["vote_count"] != per_idea[idea["id"]]:
            problems.append(f"idea {idea['id']}: vote_count {idea['vote_count']} != {per_idea[idea['id']]} rows")
    if len(rows) != expected_rows:
        problems.append(f"{len(rows)} vote rows, expected {expected_rows}")
    return problems


# --- setup and verification through the API of a running server ---


async def seed_over_api(base_url: str, voters: int, ideas: int, tag: str) -> tuple[list[str], list[int]]:
    """Register voters and let the first one submit ideas in the first open post-moderated field."""
    emails = [f"voter{n}-{tag}@bench.example" for n in range(voters)]
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        fields = (await client.get("/api/action-fields")).json()
        field = next(f for f in fields if f["status"] == "open" and f["moderation_mode"] == "post")
        semaphore = asyncio.Semaphore(8)  # registration hashes passwords on the server

        async def register(email: str) -> None:
            async with semaphore, httpx.AsyncClient(base_url=base_url, timeout=120) as own:
                await own.get("/api/municipalities")
                response = await own.post(
                    "/api/auth/register",
                    json={"email": email, "password": PASSWORD, "display_name": email.split("@")[0][:60]},
                    headers={"x-csrftoken": own.cookies["csrftoken"]},
                )
                response.raise_for_status()

        await asyncio.gather(*(register(e) for e in emails))
    author = Voter(base_url, emails[0])
    await author.login()
    async with author.fresh(4) as client:
        idea_ids = []
        for n in range(ideas):
            body = {"action_field": field["slug"], "title": f"Benchmark {tag} {n}"}
            response = await client.post("/api/ideas", json=body)
            response.raise_for_status()
            idea_ids.append(response.json()["id"])
    return emails, idea_ids


async def verify_over_api(base_url: str, idea_ids: list[int], per_idea: Counter[int]) -> list[str]:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        problems = []
        for idea in idea_ids:
            total = (await client.get(f"/api/ideas/{idea}")).json()["vote_count"]
            if total != per_idea[idea]:
                problems.append(f"idea {idea}: vote_count {total} != {per_idea[idea]} successful votes")
        return problems


# --- the run ---


def report(args: argparse.Namespace, where: str, health: Burst, votes: Burst, problems: list[str]) -> None:
    def line(name: str, value: Any) -> None:
        print(f"{name:<28} {value}")

    line("setup", where)
    line("votes", f"{args.votes} ({args.voters} voters x {args.ideas} ideas, all at once)")
    line("votes total_s", f"{votes.total_s:.3f}")
    line("votes per_s", f"{args.votes / votes.total_s:.0f}")
    line("votes latency_p50_ms", f"{votes.quantile_ms(0.5):.1f}")
    line("votes latency_p99_ms", f"{votes.quantile_ms(0.99):.1f}")
    line("votes latency_mean_ms", f"{1000 * statistics.fmean(votes.latencies_s):.1f}")
    line("votes errors (non-2xx)", f"{votes.errors} {dict(votes.statuses)}")
    if votes.server_cpu_s is not None:
        line("votes server_cpu_s", f"{votes.server_cpu_s:.2f}")
    line("baseline GET /health total_s", f"{health.total_s:.3f}")
    line("baseline per_s", f"{len(health.latencies_s) / health.total_s:.0f}")
    line("baseline latency_p50_ms", f"{health.quantile_ms(0.5):.1f}")
    line("baseline latency_p99_ms", f"{health.quantile_ms(0.99):.1f}")
    line("baseline errors", f"{health.errors} {dict(health.statuses)}")
    if health.server_cpu_s is not None:
        line("baseline server_cpu_s", f"{health.server_cpu_s:.2f}")
    line("ratio total votes/health", f"{votes.total_s / health.total_s:.2f}")
    line("ratio p99 votes/health", f"{votes.quantile_ms(0.99) / health.quantile_ms(0.99):.2f}")
    line("totals equal rows", "yes" if not problems else "NO: " + "; ".join(problems[:10]))
    line("load average (1 min)", f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")  # a shared machine skews all


def run_fresh(args: argparse.Namespace) -> int:
    """Fresh database and server; setup and verification straight in the database."""
    server_cpus, load_cpus = split_cpus(args.server_cpus, args.load_cpus)
    with fresh_database(args.database_url, args.redis_url) as env:
        os.environ.update(env)  # this process writes the setup rows into the same database
        emails, idea_ids = asyncio.run(seed_database(args.voters, args.ideas, uuid.uuid4().hex[:6]))
        with running_server(env, cpus=server_cpus) as server:
            pin(load_cpus)
            health, votes = asyncio.run(load(server.base_url, emails, idea_ids, args.votes, server.cpu_seconds))
        # pairs are distinct, so every answered vote (200) must have added exactly one row
        problems = asyncio.run(verify_database(idea_ids, expected_rows=votes.statuses[200]))
    database = "PostgreSQL" if args.database_url else "SQLite"
    where = f"{database}{' + Redis' if args.redis_url else ''}, 1 uvicorn worker on CPUs {server_cpus}"
    report(args, where, health, votes, problems)
    return 0 if not problems and votes.errors == 0 else 1


async def load(
    base_url: str, emails: list[str], idea_ids: list[int], n: int, cpu: Callable[[], float] | None = None
) -> tuple[Burst, Burst]:
    voters = [Voter(base_url, email) for email in emails]
    await asyncio.gather(*(v.login() for v in voters))
    plan = [(v, idea) for v in range(len(voters)) for idea in idea_ids][:n]
    return await measure(voters, plan, len(idea_ids), cpu)


async def run_remote(args: argparse.Namespace) -> int:
    """A running server; setup over its API, totals checked over its API."""
    emails, idea_ids = await seed_over_api(args.base_url, args.voters, args.ideas, uuid.uuid4().hex[:6])
    health, votes = await load(args.base_url, emails, idea_ids, args.votes)
    plan = [(v, idea) for v in range(len(emails)) for idea in idea_ids][: args.votes]
    problems = await verify_over_api(args.base_url, idea_ids, Counter(idea for _, idea in plan))
    report(args, f"running server {args.base_url}", health, votes, problems)
    return 0 if not problems and votes.errors == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.votes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=1000, help="concurrent votes (default 1000)")
    parser.add_argument("--ideas", type=int, default=20, help="ideas voted on (default 20)")
    parser.add_argument("--database-url", help="postgres://… database to DROP and create fresh (default: SQLite)")
    parser.add_argument("--redis-url", help="redis://… for the server's pub/sub and sessions")
    parser.add_argument("--base-url", help="use this running server instead (setup over its API)")
    parser.add_argument("--server-cpus", help="CPUs for the server, e.g. 0 (default: the first)")
    parser.add_argument("--load-cpus", help="CPUs for this load generator (default: the others)")
    args = parser.parse_args(argv)
    args.voters = math.ceil(args.votes / args.ideas)
    raise_nofile()
    return asyncio.run(run_remote(args)) if args.base_url else run_fresh(args)


if __name__ == "__main__":
    sys.exit(main())
