"""The baseline: a bare `websockets` server that broadcasts a message of a given size at a given rate.

    python -m bench._raw_broadcast --port P --clients N --size BYTES --rate PER_S

Every client gets a hello on connect. Once N clients are connected, the server broadcasts a tallies-like
message (`{"type":"tallies",...,"at":"<send time>"}`, exactly BYTES long) every 1/rate seconds with
`websockets.broadcast`, the same bytes to every socket, until it is terminated.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from datetime import UTC, datetime

import uvloop
from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench._server import raise_nofile

__all__ = ["message"]


def message(size: int, seq: int) -> str:
    head = f'{{"scope":"raw","seq":{seq},"type":"tallies","data":"'
    tail = f'","at":"{datetime.now(tz=UTC).isoformat(timespec="microseconds")}"}}'
    return head + "x" * max(0, size - len(head) - len(tail)) + tail


async def main(port: int, clients: int, size: int, rate: float) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    everyone_here = asyncio.Event()

    async def handler(connection: ServerConnection) -> None:
        await connection.send('{"type":"hello"}')
        if len(server.connections) >= clients:
            everyone_here.set()
        await connection.wait_closed()

    async with serve(handler, "127.0.0.1", port, compression=None, max_size=16384, backlog=4096) as server:
        print("ready", flush=True)
        waiting = asyncio.create_task(everyone_here.wait())
        await asyncio.wait({waiting, asyncio.create_task(stop.wait())}, return_when=asyncio.FIRST_COMPLETED)
        start, seq = loop.time(), 0
        while not stop.is_set():
            seq += 1
            broadcast(server.connections, message(size, seq))
            delay = start + seq / rate - loop.time()
            if delay > 0:
                try:
                    await asyncio.wait_for(stop.wait(), delay)
                except TimeoutError:
                    pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    args = parser.parse_args()
    raise_nofile()
    uvloop.run(main(args.port, args.clients, args.size, args.rate))
