"""The hub's fast path to an idle socket: a message is written during the broadcast itself, and a socket
that pushes back (transport paused, as uvicorn's send waits for `writable`) gets later messages queued
behind the waiting one, in seq order, or a snapshot once its bounded queue overflows."""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from typing import Any

from backend.realtime.hub import Listener
from backend.realtime.stream import _send_loop, _Sender

SCOPE = "workshop:987654"  # no events: a snapshot reflects seq 0


class PushbackSocket:
    """The ASGI send of a socket whose transport can be paused, like uvicorn's."""

    def __init__(self) -> None:
        self.writable = asyncio.Event()
        self.writable.set()
        self.texts: list[dict[str, Any]] = []

    async def send(self, event: dict[str, Any]) -> None:
        await self.writable.wait()
        self.texts.append(json.loads(event["text"]))

    def seqs(self) -> list[int]:
        return [m["seq"] for m in self.texts if m["type"] != "snapshot"]


def message(seq: int) -> str:
    return json.dumps({"scope": SCOPE, "seq": seq, "type": "tallies", "data": {"items": []}, "at": ""})


@asynccontextmanager
async def following(sent: int = 0, queue: int = 256) -> Any:
    socket, listener = PushbackSocket(), Listener(queue)
    out = _Sender(socket, listener, sent)  # type: ignore[arg-type]

    async def state() -> dict[str, str]:
        return {"state": "fresh"}

    task = asyncio.create_task(_send_loop(out, SCOPE, state))
    await until(lambda: listener.direct is not None)
    try:
        yield socket, listener
    finally:
        task.cancel()
        out.cancel()


async def until(condition: Any, wait_s: float = 5) -> None:
    async with asyncio.timeout(wait_s):
        while not condition():  # noqa: ASYNC110 — state without an event to wait on
            await asyncio.sleep(0.001)


async def test_an_idle_socket_is_written_during_the_broadcast_without_a_task_switch() -> None:
    async with following(sent=2) as (socket, listener):
        for seq in (1, 2, 3, 4):  # 1 and 2 were part of the replay
            listener.offer(seq, message(seq))
        assert socket.seqs() == [3, 4]  # no await in between: written synchronously
        assert listener.direct is not None and listener.queue.empty()


async def test_a_socket_that_pushes_back_gets_later_messages_in_order_after_the_waiting_one() -> None:
    async with following() as (socket, listener):
        listener.offer(1, message(1))
        socket.writable.clear()
        for seq in (2, 3, 4):
            listener.offer(seq, message(seq))
        assert listener.direct is None  # 2 is waiting for the socket; 3 and 4 are queued
        assert listener.queue.qsize() == 2
        await asyncio.sleep(0.01)
        assert socket.seqs() == [1]
        socket.writable.set()
        await until(lambda: socket.seqs() == [1, 2, 3, 4])
        await until(lambda: listener.direct is not None)  # idle again: back on the fast path
        listener.offer(5, message(5))
        assert socket.seqs() == [1, 2, 3, 4, 5]


async def test_a_socket_that_stays_paused_past_its_queue_gets_a_snapshot_instead_of_the_backlog(migrated: None) -> None:
    async with following(queue=3) as (socket, listener):
        socket.writable.clear()
        for seq in range(1, 10):
            listener.offer(seq, message(seq))
        assert listener.lagging
        socket.writable.set()
        await until(lambda: any(m["type"] == "snapshot" for m in socket.texts))
        assert [m["type"] for m in socket.texts] == ["tallies", "snapshot"]  # 1 was already on its way
        assert socket.texts[1]["data"] == {"state": "fresh"}
        await until(lambda: listener.direct is not None)
        listener.offer(10, message(10))
        assert socket.seqs() == [1, 10]
