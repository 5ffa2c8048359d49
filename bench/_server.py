"""Shared by the benchmarks: a fresh migrated database, the app in a uvicorn subprocess on a free port,
CPU pinning, file-descriptor limits, and the server's RSS and CPU time from /proc.

    with fresh_database(args.database_url) as env:
        create_admin(env, ADMIN_EMAIL, ADMIN_PASSWORD)
        with running_server(env, cpus={0}) as server:
            ... server.base_url, server.rss_kib(), server.cpu_seconds() ...
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "ROOT",
    "Server",
    "child_setup",
    "create_admin",
    "free_port",
    "fresh_database",
    "parse_cpus",
    "pin",
    "proc_cpu_seconds",
    "proc_rss_kib",
    "raise_nofile",
    "running_server",
    "split_cpus",
]

ROOT = Path(__file__).resolve().parents[1]
ADMIN_EMAIL = "bench-admin@example.org"
ADMIN_PASSWORD = "bench-admin-passwort"  # noqa: S105 — a throwaway database
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def raise_nofile() -> int:
    """Lift the soft open-files limit to the hard one (thousands of sockets); returns the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else 1 << 20
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def parse_cpus(text: str) -> set[int]:
    """'0', '1-3' or '0,2' -> a set of CPU numbers."""
    cpus: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        cpus.update(range(int(low), int(high or low) + 1))
    return cpus


def split_cpus(server: str | None, load: str | None) -> tuple[set[int] | None, set[int] | None]:
    """Server and load generator on different cores: by default the first core serves, the rest load.
    None means 'do not pin' (one core only, or no affinity support)."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    available = sorted(os.sched_getaffinity(0))
    server_cpus = parse_cpus(server) if server else {available[0]}
    load_cpus = parse_cpus(load) if load else set(available) - server_cpus
    if not load_cpus:
        return server_cpus if server else None, None
    return server_cpus, load_cpus


def pin(cpus: set[int] | None, pid: int = 0) -> None:
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(pid, cpus)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def proc_rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def _python(module_or_tool: str) -> str:
    return str(Path(sys.executable).parent / module_or_tool)


@contextlib.contextmanager
def fresh_database(database_url: str | None = None, redis_url: str | None = None) -> Iterator[dict[str, str]]:
    """An empty, migrated database and the environment that points the app at it.

    Default: an SQLite file in a temporary folder (removed afterwards). A postgres:// URL names a database
    that is dropped and created again, so it must be one the benchmark may wipe."""
    tmp = Path(tempfile.mkdtemp(prefix="mitwirken-bench-"))
    env = {
        **os.environ,
        "PICCOLO_CONF": "backend.piccolo_conf",
        "DATA_DIR": str(tmp),
        "SQLITE_PATH": str(tmp / "bench.sqlite"),
        "DATABASE_URL": database_url or "",
        "REDIS_URL": redis_url or "",
        "REDIS_CHANNEL_PREFIX": f"mw_bench_{os.getpid()}",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "PASSWORD_ITERATIONS": "1000",  # hashing cost is not what these benchmarks measure
        "PYTHONPATH": str(ROOT),
    }
    try:
        if database_url and database_url.startswith(("postgres://", "postgresql://")):
            # in a thread of its own: the caller may already run an event loop
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                pool.submit(asyncio.run, _recreate_postgres(database_url)).result()
        result = subprocess.run(
            [_python("piccolo"), "migrations", "forwards", "all"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError("migrations failed:\n" + result.stdout + result.stderr)
        yield env
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


async def _recreate_postgres(url: str) -> None:
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise ValueError(f"refusing to recreate database {name!r}")
    admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def create_admin(env: dict[str, str], email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    """An admin account through the real CLI (`python -m backend.cli create-admin`)."""
    subprocess.run(
        [sys.executable, "-m", "backend.cli", "create-admin", "--email", email, "--password", password],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@dataclass
class Server:
    """A running uvicorn process."""

    process: subprocess.Popen[bytes]
    base_url: str
    cpus: set[int] | None = None
    log: Path | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_kib(self) -> int:
        return proc_rss_kib(self.pid)

    def cpu_seconds(self) -> float:
        return proc_cpu_seconds(self.pid)

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def child_setup(cpus: set[int] | None, nice: int | None = None) -> None:
    """In a child before exec: more open files, pinned cores, optionally a scheduling priority."""
    raise_nofile()
    pin(cpus)
    if nice is not None:
        os.setpriority(os.PRIO_PROCESS, 0, nice)


@contextlib.contextmanager
def running_server(
    env: dict[str, str],
    *,
    cpus: set[int] | None = None,
    nice: int | None = None,
    ws_max_size: int = 16384,
    extra_args: tuple[str, ...] = (),
    startup_timeout: float = 60,
) -> Iterator[Server]:
    """One uvicorn worker (httptools, uvloop, websockets-sansio, no compression) on a free port,
    pinned to `cpus` (and at priority `nice`), with the open-files limit raised; stopped on exit."""
    port = free_port()
    log = Path(env["DATA_DIR"]) / f"uvicorn-{port}.log"
    command = [
        _python("uvicorn"),
        "--factory",
        "backend.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--ws",
        "websockets-sansio",
        "--ws-per-message-deflate",
        "false",
        "--ws-max-size",
        str(ws_max_size),
        "--backlog",
        "4096",  # a join storm opens thousands of connections at once
        "--log-level",
        "warning",
        *extra_args,
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=lambda: child_setup(cpus, nice)
        )
    server = Server(process, f"http://127.0.0.1:{port}", cpus, log)
    try:
        _wait_healthy(server, startup_timeout)
        yield server
    finally:
        server.stop()


def _wait_healthy(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            output = server.log.read_text() if server.log else ""
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{output}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(server.base_url + "/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        time.sleep(0.1)
    raise TimeoutError(f"server on {server.base_url} did not become healthy in {timeout} s")
