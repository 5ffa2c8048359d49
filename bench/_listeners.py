"""A load-generator process holding a share of the listening phones.

The orchestrator (bench/workshop.py) sends commands over a pipe; each answer is a plain dict. Phones
record, for every message that carries an `at` timestamp (tallies, or the raw baseline's broadcast),
the delay from `at` to the moment the bytes arrived here (same machine, same clock).
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bench._server import pin, raise_nofile
from bench._wire import Http, WsClient, open_ws

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = ["serve"]

_AT = b'"at":"'
_TALLIES = b'"type":"tallies"'


class Phones:
    def __init__(self) -> None:
        self.clients: list[WsClient] = []
        self.measuring = False
        self.delays = array.array("d")
        self.per_message: dict[bytes, list[float]] = {}  # at -> [latest delay, clients reached, first delay]
        self.sizes: dict[int, int] = {}
        self.other = 0  # messages without a timestamp while measuring (non-tally events)
        self._at_cache: dict[bytes, float] = {}
        self._cpu0 = 0.0
        self._wall0 = 0.0

    def on_message(self, client: WsClient, payload: bytes, now: float) -> None:
        if not self.measuring:
            return
        if _TALLIES not in payload:
            self.other += 1
            return
        start = payload.rfind(_AT) + len(_AT)
        at = payload[start : payload.index(b'"', start)]
        sent = self._at_cache.get(at)
        if sent is None:
            sent = self._at_cache[at] = datetime.fromisoformat(at.decode()).timestamp()
        delay = now - sent
        self.delays.append(delay)
        entry = self.per_message.get(at)
        if entry is None:
            self.per_message[at] = [delay, 1, delay]
            self.sizes[len(payload)] = self.sizes.get(len(payload), 0) + 1
        else:
            entry[0] = max(entry[0], delay)
            entry[1] += 1
            entry[2] = min(entry[2], delay)

    # ---- commands ------------------------------------------------------------------------------

    async def join(self, cmd: dict[str, Any]) -> dict[str, Any]:
        """Each phone: look up the code (sets the CSRF cookie), join, open the socket, wait for the snapshot.
        Phone i starts at start + i * spacing (open loop); its time counts from that moment."""
        host, port = cmd["host"], cmd["port"]
        cpu0 = time.process_time()
        results = await asyncio.gather(
            *(self._join_one(host, port, cmd, cmd["start"] + i * cmd["spacing"]) for i in range(cmd["count"]))
        )
        times = [r for r in results if isinstance(r, float)]
        errors = [r for r in results if isinstance(r, str)]
        return {"times": times, "errors": errors, "done_at": time.time(), "cpu": time.process_time() - cpu0}

    async def _join_one(self, host: str, port: int, cmd: dict[str, Any], start: float) -> float | str:
        await asyncio.sleep(max(0.0, start - time.time()))
        try:
            async with asyncio.timeout(cmd["timeout"]):
                cookie = ""
                if cmd.get("code"):
                    http = Http(host, port)
                    try:
                        r = await http.request("GET", f"/api/workshops/code/{cmd['code']}")
                        if r.status != 200:
                            return f"lookup {r.status}"
                        r = await http.request("POST", "/api/workshops/join", {"code": cmd["code"]})
                        if r.status != 200:
                            return f"join {r.status} {r.body[:200]!r}"
                    finally:
                        http.close()
                    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
                client = await open_ws(host, port, cmd["path"], self.on_message, cookie)
                self.clients.append(client)
                await asyncio.wait({client.first, client.closed}, return_when=asyncio.FIRST_COMPLETED)
                if client.first_at is None:
                    return f"closed before the first message ({client.close_code})"
                return client.first_at - start
        except TimeoutError:
            return "timeout"
        except Exception as exc:  # a failed join is a result, not a crash of the generator
            return f"{type(exc).__name__}: {exc}"

    def start(self) -> dict[str, Any]:
        self.delays = array.array("d")
        self.per_message.clear()
        self.sizes.clear()
        self.other = 0
        for client in self.clients:
            client.messages = 0
        self._cpu0, self._wall0 = time.process_time(), time.time()
        self.measuring = True
        return {}

    def stop(self) -> dict[str, Any]:
        self.measuring = False
        return {
            "delays": self.delays.tobytes(),
            "per_message": {at.decode(): entry for at, entry in self.per_message.items()},
            "sizes": self.sizes,
            "other": self.other,
            "counts": [c.messages for c in self.clients],
            "open": sum(not c.closed.done() for c in self.clients),
            "cpu": time.process_time() - self._cpu0,
            "wall": time.time() - self._wall0,
        }

    async def close(self) -> dict[str, Any]:
        for client in self.clients:
            client.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                await asyncio.gather(*(c.closed for c in self.clients))
        self.clients.clear()
        return {}


async def _main(conn: Connection) -> None:
    phones = Phones()
    loop = asyncio.get_running_loop()
    while True:
        cmd = await loop.run_in_executor(None, conn.recv)
        op = cmd["op"]
        if op == "exit":
            return
        if op == "join":
            conn.send(await phones.join(cmd))
        elif op == "start":
            conn.send(phones.start())
        elif op == "stop":
            conn.send(phones.stop())
        elif op == "close":
            conn.send(await phones.close())


def serve(conn: Connection, cpus: set[int] | None) -> None:
    """Entry point of a load process (multiprocessing, spawn)."""
    import uvloop

    raise_nofile()
    pin(cpus)
    uvloop.run(_main(conn))
