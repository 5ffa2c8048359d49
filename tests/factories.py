"""Shared factories: rows written straight to the database, clients that speak HTTP like a browser."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import httpx

from backend.accounts.tables import Account
from backend.core.db import engine, is_sqlite
from backend.core.security import hash_password
from backend.participation.action_fields.tables import ActionField, FieldModerator
from backend.participation.ideas.tables import Idea
from backend.participation.municipalities.tables import Municipality

PASSWORD = "geheim-und-lang-genug"
_counter = itertools.count(1)


def _tables() -> list[str]:
    from backend.piccolo_conf import APP_REGISTRY

    return [t._meta.tablename for app in APP_REGISTRY.app_configs.values() for t in app.table_classes]


def _self_references() -> dict[str, list[str]]:
    """Nullable foreign keys that point back into their own table (comment.parent)."""
    from backend.piccolo_conf import APP_REGISTRY

    found: dict[str, list[str]] = {}
    for app in APP_REGISTRY.app_configs.values():
        for table in app.table_classes:
            for fk in table._meta.foreign_key_columns:
                if fk._foreign_key_meta.resolved_references is table and fk._meta.null:
                    found.setdefault(table._meta.tablename, []).append(fk._meta.db_column_name)
    return found


async def truncate_all() -> None:
    tables = _tables()
    db = engine()
    if is_sqlite():
        self_refs = _self_references()
        for table in reversed(tables):
            # SQLite enforces ON DELETE RESTRICT row by row: detach replies from their parents first
            for column in self_refs.get(table, []):
                await db.run_ddl(f"UPDATE {table} SET {column} = NULL")  # noqa: S608
            await db.run_ddl(f"DELETE FROM {table}")  # noqa: S608 — table names come from the code
    else:
        # A request of the previous test may still hold row locks (a page's last optimistic write);
        # PostgreSQL then picks a deadlock victim. If that is the TRUNCATE, wait a moment and repeat.
        for attempt in range(5):
            try:
                await db.run_ddl(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
                return
            except Exception as exc:
                if "deadlock" not in str(exc).lower() or attempt == 4:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))


class ApiClient(httpx.AsyncClient):
    """An httpx client that sends the CSRF header the way the web UI does."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url=base_url, timeout=60, event_hooks={"request": [self._add_csrf]})
        self.account_id: int | None = None

    async def _add_csrf(self, request: httpx.Request) -> None:
        token = self.cookies.get("csrftoken")
        if token and request.method not in ("GET", "HEAD", "OPTIONS"):
            request.headers["x-csrftoken"] = token

    async def prime(self) -> None:
        """A first GET sets the CSRF cookie."""
        await self.get("/api/municipalities")

    async def login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        self.account_id = response.json()["id"]
        return response.json()


async def make_account(
    role: str = "participant", *, moderates: list[int] | None = None, blocked: bool = False, name: str = ""
) -> dict[str, Any]:
    n = next(_counter)
    email = f"person{n}@test.example"
    rows = await Account.insert(
        Account(
            email=email,
            display_name=name or f"Person {n}",
            role=role,
            is_blocked=blocked,
            password_hash=await hash_password(PASSWORD, 1000),
        )
    ).returning(Account.id)
    for field_id in moderates or []:
        await FieldModerator.insert(FieldModerator(account=rows[0]["id"], action_field=field_id))
    return {"id": rows[0]["id"], "email": email}


async def make_field(*, moderation_mode: str = "post", status: str = "open", slug: str = "") -> dict[str, Any]:
    n = next(_counter)
    slug = slug or f"feld-{n}"
    rows = await ActionField.insert(
        ActionField(slug=slug, title=f"Handlungsfeld {n}", moderation_mode=moderation_mode, status=status)
    ).returning(ActionField.id)
    return {"id": rows[0]["id"], "slug": slug}


async def make_municipality(slug: str = "brakel", name: str = "Brakel") -> dict[str, Any]:
    rows = await Municipality.insert(Municipality(slug=slug, name=name)).returning(Municipality.id)
    return {"id": rows[0]["id"], "slug": slug}


async def make_idea(field_id: int, author_id: int, *, status: str = "published", title: str = "") -> int:
    rows = await Idea.insert(
        Idea(action_field=field_id, author=author_id, status=status, title=title or f"Idee {next(_counter)}")
    ).returning(Idea.id)
    return int(rows[0]["id"])


async def client_for(api: Any, account: dict[str, Any]) -> ApiClient:
    client: ApiClient = await api()
    await client.login(account["email"])
    return client
