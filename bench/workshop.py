"""Live-workshop benchmark: join storm, open-loop dot votes, tally fan-out, and a raw broadcast baseline.

    python -m bench.workshop --clients 1000 --votes-per-second 50 --duration 20

See bench/README.md for what each printed figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import signal
import statistics
import subprocess
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvloop

from bench._load import Load, wait_quiet
from bench._server import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ROOT,
    child_setup,
    create_admin,
    free_port,
    fresh_database,
    pin,
    proc_cpu_seconds,
    proc_rss_kib,
    raise_nofile,
    running_server,
    split_cpus,
)
from bench._workshop_api import cast_votes, join_voters, set_phase, setup_workshop


def log(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


def pct(values: list[float] | array[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


@dataclass
class Figures:
    lines: list[tuple[str, float, str]] = field(default_factory=list)

    def add(self, name: str, value: float, unit: str) -> None:
        self.lines.append((name, value, unit))
        log(f"{name}={value:.6g} {unit}")

    def ms(self, name: str, seconds: list[float] | array[float]) -> None:
        self.add(f"{name}_p50", pct(seconds, 50) * 1000, "ms")
        self.add(f"{name}_p99", pct(seconds, 99) * 1000, "ms")


@contextlib.asynccontextmanager
async def profiled(args: argparse.Namespace, pid: int | None, phase: str) -> Any:
    """With --profile-dir: py-spy records the server during the phase (collapsed stacks, one file per phase)."""
    if not (args.profile_dir and pid):
        yield
        return
    output = Path(args.profile_dir) / f"{phase}.txt"
    command = [args.py_spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250", "--nonblocking"]
    command += ["--output", str(output)]
    spy = await asyncio.create_subprocess_exec(*command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    await asyncio.sleep(1)  # py-spy attaches
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        await spy.wait()
        log(f"profile of {phase}: {output}")


@contextlib.asynccontextmanager
async def noise_probe(args: argparse.Namespace, out: Figures, name: str) -> Any:
    """bench._noise on the server's core during a measurement: stalls nobody under test caused."""
    probe = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench._noise",
        cwd=ROOT,
        stdout=subprocess.PIPE,
        preexec_fn=lambda: child_setup(args.server_cpu_set, args.nice),
    )
    try:
        yield
    finally:
        probe.terminate()
        stdout, _ = await probe.communicate()
        with contextlib.suppress(ValueError):
            late = json.loads(stdout)
            out.add(f"{name}_p99", 1000 * late["p99"], "ms")
            out.add(f"{name}_max", 1000 * late["max"], "ms")


# ---- the two runs -----------------------------------------------------------------------------------


async def run_ours(args: argparse.Namespace, base_url: str, pid: int | None, load: Load, out: Figures) -> dict:
    workshop, ideas = await setup_workshop(base_url, args.admin_email, args.admin_password)
    wid, code = workshop["id"], workshop["code"]
    voters = await join_voters(base_url, code, ideas, args.voters or max(10, math.ceil(args.votes_per_second * 2)))
    await set_phase(base_url, args.admin_email, args.admin_password, wid, "voting")
    await wait_quiet(pid)
    rss_before = proc_rss_kib(pid) if pid else None

    log(f"join storm: {args.clients} phones over {args.join_window} s")
    storm_cpu0 = proc_cpu_seconds(pid) if pid else 0.0
    async with profiled(args, pid, "storm"):
        path = f"/api/workshops/{wid}/ws"
        storm = await load.join(base_url, path, code, args.clients, args.join_window, args.join_timeout)
    out.ms("join", storm["times"])
    out.add("join_failures", len(storm["errors"]), "count")
    out.add("join_storm_total", storm["total"], "s")
    out.add("load_cpu_storm", 100 * storm["load_cpu"] / max(storm["total"], 1e-9), "% of a core")
    for error in sorted(set(storm["errors"]))[:5]:
        log(f"join error: {error}")
    settle = await wait_quiet(pid)
    log(f"server quiet {settle:.1f} s after the storm")
    if pid:
        storm_cpu = proc_cpu_seconds(pid) - storm_cpu0
        out.add("server_cpu_per_join", 1000 * storm_cpu / max(1, args.clients), "ms")
    if pid and rss_before is not None:
        rss_after = proc_rss_kib(pid)
        out.add("server_rss_idle_sockets", rss_after / 1024, "MiB")
        out.add("rss_per_socket", (rss_after - rss_before) / max(1, len(storm["times"])), "KiB")

    log(f"voting: {args.votes_per_second}/s for {args.duration} s from {len(voters)} voters")
    cpu0 = proc_cpu_seconds(pid) if pid else 0.0
    votes_task = cast_votes(voters, wid, args.votes_per_second, args.duration)
    votes_box: dict[str, Any] = {}

    async def votes_then_grace() -> None:
        votes_box.update(await votes_task)
        await asyncio.sleep(1.0)  # the last coalesced flush

    async with profiled(args, pid, "voting"), noise_probe(args, out, "noise_oversleep_voting"):
        seen = await load.measure(0, votes_then_grace())
    server_cpu = (proc_cpu_seconds(pid) - cpu0) if pid else math.nan
    for voter in voters:
        voter.http.close()
    out.ms("vote_request", votes_box["latencies"])
    out.add("vote_failures", len(votes_box["failures"]), "count")
    for error in sorted(set(votes_box["failures"]))[:5]:
        log(f"vote error: {error}")
    _delivery(out, "delivery", seen, len(storm["times"]))
    out.add("server_cpu_voting", 100 * server_cpu / seen["wall"], "% of a core")
    out.add("load_cpu_voting", 100 * seen["load_cpu"] / seen["wall"], "% of a core")
    await load.call("close")
    messages = len(seen["per_message"])
    return {
        "p99": pct(seen["delays"], 99),
        "size": _median_size(seen["sizes"]) or 200,
        "rate": messages / seen["wall"] if messages else 10.0,
    }


async def run_raw(args: argparse.Namespace, cpus: set[int] | None, load: Load, size: int, rate: float, out: Figures):
    port = free_port()
    command = [sys.executable, "-m", "bench._raw_broadcast", "--port", str(port), "--clients", str(args.clients)]
    command += ["--size", str(size), "--rate", f"{rate:.3f}"]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, stdout=subprocess.PIPE, preexec_fn=lambda: child_setup(cpus, args.nice)
    )
    try:
        assert process.stdout is not None
        await process.stdout.readline()
        await wait_quiet(process.pid)
        rss_before = proc_rss_kib(process.pid)
        log(f"raw baseline: {args.clients} sockets, {size} bytes at {rate:.1f}/s")
        storm = await load.join(f"http://127.0.0.1:{port}", "/", None, args.clients, 0)
        out.add("raw_connect_failures", len(storm["errors"]), "count")
        await wait_quiet(process.pid)
        out.add("raw_rss_per_socket", (proc_rss_kib(process.pid) - rss_before) / max(1, len(storm["times"])), "KiB")
        cpu0 = proc_cpu_seconds(process.pid)
        async with noise_probe(args, out, "noise_oversleep_raw"):
            seen = await load.measure(args.duration)
        _delivery(out, "raw_delivery", seen, len(storm["times"]))
        out.add("raw_server_cpu", 100 * (proc_cpu_seconds(process.pid) - cpu0) / seen["wall"], "% of a core")
        out.add("raw_load_cpu", 100 * seen["load_cpu"] / seen["wall"], "% of a core")
        await load.call("close")
        return pct(seen["delays"], 99)
    finally:
        process.terminate()
        await process.wait()


def _delivery(out: Figures, name: str, seen: dict[str, Any], clients: int) -> None:
    """Per delivery (message x phone); per message until the first phone had it (the pipeline without the
    fan-out) and until the last one had it."""
    out.ms(name, seen["delays"])
    complete = [latest for latest, reached, _ in seen["per_message"].values() if reached >= clients]
    out.ms(f"{name}_first", [first for _, _, first in seen["per_message"].values()])
    out.ms(f"{name}_all", complete)
    out.add(f"{name}_messages", len(seen["per_message"]), "count")
    out.add(f"{name}_incomplete_messages", len(seen["per_message"]) - len(complete), "count")
    counts = seen["counts"]
    out.add(f"{name}_msgs_per_client", statistics.fmean(counts) / seen["wall"] if counts else 0, "msg/s")
    out.add(f"{name}_msgs_per_client_max", max(counts, default=0) / seen["wall"], "msg/s")
    out.add(f"{name}_sockets_open", seen["open"], "count")


def _show_log(path: Path | None, lines: int = 20) -> None:
    """Warnings and errors the server logged (the log level is 'warning')."""
    text = path.read_text(errors="replace").splitlines() if path and path.exists() else []
    if text:
        log(f"server log ({len(text)} lines), last {min(lines, len(text))}:")
        for line in text[-lines:]:
            log("  " + line)


def _median_size(sizes: dict[int, int]) -> int:
    total, running = sum(sizes.values()), 0
    for size in sorted(sizes):
        running += sizes[size]
        if running * 2 >= total:
            return size
    return 0


async def run(args: argparse.Namespace) -> None:
    server_cpus, load_cpus = split_cpus(args.server_cpus, args.load_cpus)
    args.server_cpu_set = server_cpus
    pin(load_cpus)
    if args.nice is not None:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)  # the load processes inherit it
    log(f"server cpus={server_cpus} load cpus={load_cpus} load procs={args.load_procs} nice={args.nice}")
    log(f"load average before the run: {os.getloadavg()[0]:.2f} (other work on this machine skews latencies)")
    load = Load(args.load_procs, load_cpus)
    out = Figures()
    try:
        if args.base_url:
            ours = await run_ours(args, args.base_url.rstrip("/"), args.server_pid, load, out)
        else:
            with fresh_database(args.database_url, args.redis_url) as env:
                create_admin(env, args.admin_email, args.admin_password)
                with running_server(env, cpus=server_cpus, nice=args.nice) as server:
                    try:
                        ours = await run_ours(args, server.base_url, server.pid, load, out)
                    finally:
                        _show_log(server.log)
        raw_p99 = await run_raw(args, server_cpus, load, ours["size"], ours["rate"], out)
    finally:
        load.stop()
    for name, value, unit in out.lines:
        print(f"{name}={value:.0f} {unit}" if unit == "count" else f"{name}={value:.1f} {unit}")
    print(f"ratio_p99={ours['p99'] / raw_p99:.2f} clients={args.clients}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.workshop", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000, help="listening phones (the join storm)")
    parser.add_argument("--votes-per-second", type=float, default=50, help="open-loop dot votes per second")
    parser.add_argument("--duration", type=float, default=20, help="seconds of voting (and of the baseline)")
    parser.add_argument("--join-window", type=float, default=0, help="spread the joins over this many seconds")
    parser.add_argument("--join-timeout", type=float, default=60, help="a phone gives up after this many seconds")
    parser.add_argument("--voters", type=int, default=0, help="voting participants (default 2 x votes/s)")
    parser.add_argument("--base-url", help="an already running server (no server is started)")
    parser.add_argument("--server-pid", type=int, help="with --base-url: its pid, for RSS and CPU figures")
    parser.add_argument("--admin-email", default=ADMIN_EMAIL)
    parser.add_argument("--admin-password", default=ADMIN_PASSWORD)
    parser.add_argument("--database-url", help="postgres://… (recreated!); default: a temporary SQLite file")
    parser.add_argument("--redis-url", help="redis://… for pub/sub; default: in-process")
    parser.add_argument("--server-cpus", help="cores for the server (default: the first available)")
    parser.add_argument("--load-cpus", help="cores for the load generator (default: the others)")
    parser.add_argument("--nice", type=int, help="scheduling priority of server and load (negative needs root)")
    parser.add_argument("--profile-dir", help="record the server with py-spy during the storm and the voting")
    parser.add_argument("--py-spy", default="py-spy", help="the py-spy executable")
    parser.add_argument("--load-procs", type=int, default=1, help="load-generator processes for the sockets")
    args = parser.parse_args(argv)
    if args.profile_dir:
        Path(args.profile_dir).mkdir(parents=True, exist_ok=True)
    raise_nofile()
    uvloop.run(run(args))


if __name__ == "__main__":
    main()
