"""The load-generator processes holding the listening phones, and waiting for the server to settle."""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import time
from array import array
from typing import Any
from urllib.parse import urlsplit

from bench import _listeners
from bench._server import proc_cpu_seconds

__all__ = ["Load", "wait_quiet"]


class Load:
    """The listening phones, spread over `procs` processes pinned to the load cores."""

    def __init__(self, procs: int, cpus: set[int] | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conns = []
        self.procs = []
        for _ in range(procs):
            parent, child = ctx.Pipe()
            process = ctx.Process(target=_listeners.serve, args=(child, cpus), daemon=True)
            process.start()
            self.conns.append(parent)
            self.procs.append(process)

    async def call(self, op: str, per_proc: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        for i, conn in enumerate(self.conns):
            conn.send({"op": op, **(per_proc[i] if per_proc else {})})
        loop = asyncio.get_running_loop()
        return [await loop.run_in_executor(None, conn.recv) for conn in self.conns]

    async def join(
        self, url: str, path: str, code: str | None, clients: int, window: float, give_up_s: float = 60
    ) -> dict[str, Any]:
        """Phone j starts at start + j * spacing; process i holds phones i, i + K, i + 2K, ..."""
        parts = urlsplit(url)
        k = len(self.conns)
        spacing = window / clients if clients else 0.0
        start = time.time() + 0.5
        per_proc = [
            {
                "host": parts.hostname,
                "port": parts.port,
                "path": path,
                "code": code,
                "count": len(range(i, clients, k)),
                "start": start + i * spacing,
                "spacing": spacing * k,
                "timeout": give_up_s,
            }
            for i in range(k)
        ]
        replies = await self.call("join", per_proc)
        return {
            "times": [t for r in replies for t in r["times"]],
            "errors": [e for r in replies for e in r["errors"]],
            "total": max(r["done_at"] for r in replies) - start,
            "load_cpu": sum(r["cpu"] for r in replies),
        }

    async def measure(self, seconds: float, during: Any = None) -> dict[str, Any]:
        await self.call("start")
        cpu0 = time.process_time()
        if during is not None:
            await during
        else:
            await asyncio.sleep(seconds)
        replies = await self.call("stop")
        delays: array[float] = array("d")
        per_message: dict[str, list[float]] = {}
        sizes: dict[int, int] = {}
        for r in replies:
            delays.frombytes(r["delays"])
            for at, (latest, reached, first) in r["per_message"].items():
                entry = per_message.setdefault(at, [0.0, 0, math.inf])
                entry[0] = max(entry[0], latest)
                entry[1] += reached
                entry[2] = min(entry[2], first)
            for size, n in r["sizes"].items():
                sizes[size] = sizes.get(size, 0) + n
        wall = max(r["wall"] for r in replies)
        return {
            "delays": delays,
            "per_message": per_message,
            "sizes": sizes,
            "other": sum(r["other"] for r in replies),
            "counts": [c for r in replies for c in r["counts"]],
            "open": sum(r["open"] for r in replies),
            "load_cpu": sum(r["cpu"] for r in replies) + time.process_time() - cpu0,
            "wall": wall,
        }

    def stop(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send({"op": "exit"})
        for process in self.procs:
            process.join(10)
            if process.is_alive():
                process.terminate()


async def wait_quiet(pid: int | None, limit: float = 120) -> float:
    """Until the server has had 0.5 s with (almost) no CPU work; returns the time waited."""
    started = time.monotonic()
    if pid is None:
        await asyncio.sleep(3)
        return 3.0
    while time.monotonic() - started < limit:
        before = proc_cpu_seconds(pid)
        await asyncio.sleep(0.5)
        if proc_cpu_seconds(pid) - before < 0.03:
            break
    return time.monotonic() - started
