"""Workshop test helpers: a staff facilitator, a workshop, phones that join it, and live sockets."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from tests.factories import ApiClient, client_for, make_account, make_field


async def setup_workshop(api: Any, **settings: Any) -> tuple[ApiClient, dict[str, Any]]:
    """A logged-in staff client and a workshop it created on a fresh action field."""
    field = await make_field()
    staff = await client_for(api, await make_account("staff"))
    body = {"title": "Bürgerwerkstatt Brakel", "action_fields": [field["slug"]], **settings}
    response = await staff.post("/api/workshops", json=body)
    assert response.status_code == 201, response.text
    return staff, response.json()


async def join(api: Any, code: str, name: str = "", **extra: Any) -> ApiClient:
    phone: ApiClient = await api()
    response = await phone.post("/api/workshops/join", json={"code": code, "display_name": name, **extra})
    assert response.status_code == 200, response.text
    phone.participant = response.json()["participant"]  # type: ignore[attr-defined]
    return phone


async def set_phase(staff: ApiClient, workshop_id: int, phase: str) -> None:
    response = await staff.post(f"/api/workshops/{workshop_id}/phase", json={"phase": phase})
    assert response.status_code == 200, response.text


def ws_url(client: ApiClient, path: str) -> str:
    return str(client.base_url).replace("http://", "ws://").rstrip("/") + path


async def open_socket(client: ApiClient, path: str, **headers: str) -> ClientConnection:
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)
    extra = {"Cookie": cookie, **headers} if cookie else headers
    return await connect(ws_url(client, path), additional_headers=extra, compression=None, open_timeout=10)


async def receive(socket: ClientConnection, wait_s: float = 5) -> dict[str, Any]:
    async with asyncio.timeout(wait_s):
        return json.loads(await socket.recv())


async def receive_until(socket: ClientConnection, predicate: Any, wait_s: float = 10) -> list[dict[str, Any]]:
    """Messages up to and including the first that satisfies `predicate`."""
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(wait_s):
        while True:
            message = json.loads(await socket.recv())
            seen.append(message)
            if predicate(message):
                return seen
