"""Registration, login and the actor behind a request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.accounts import permissions
from backend.accounts.schemas import AccountOut, LoginIn, RegisterIn
from backend.accounts.tables import Account
from backend.core.actor import ANONYMOUS, Actor, Role
from backend.core.db import contains
from backend.core.errors import Conflict, Forbidden, NotFound, Unauthorized
from backend.core.security import hash_password, verify_password
from backend.core.settings import get_settings
from backend.participation.action_fields.tables import FieldModerator

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection

__all__ = ["AccountService", "load_actor", "provide_account_service", "provide_actor"]

SESSION_KEY = "account_id"


def _out(row: dict, fields: list[int], with_email: bool = True) -> AccountOut:
    return AccountOut(
        id=row["id"],
        display_name=row["display_name"],
        role=row["role"],
        email=row.get("email") if with_email else None,
        is_blocked=row.get("is_blocked", False),
        moderated_fields=fields,
    )


async def _moderated_fields(account_id: int) -> list[int]:
    rows = await FieldModerator.select(FieldModerator.action_field).where(FieldModerator.account == account_id)
    return sorted(r["action_field"] for r in rows)


async def load_actor(account_id: int | None) -> Actor:
    """The actor for an account id (anonymous when there is none or it no longer exists)."""
    if account_id is None:
        return ANONYMOUS
    row = (
        await Account.select(Account.id, Account.role, Account.display_name, Account.is_blocked)
        .where(Account.id == account_id)
        .first()
    )
    if row is None:
        return ANONYMOUS
    return Actor(
        account_id=row["id"],
        role=row["role"],
        display_name=row["display_name"],
        moderated_fields=frozenset(await _moderated_fields(row["id"])),
        is_blocked=row["is_blocked"],
    )


async def provide_actor(request: ASGIConnection) -> Actor:
    """Dependency: who makes this request (from the login session)."""
    session = request.scope.get("session") or {}
    account_id = session.get(SESSION_KEY) if isinstance(session, dict) else None
    return await load_actor(account_id if isinstance(account_id, int) else None)


class AccountService:
    def __init__(self) -> None:
        self.iterations = get_settings().app.password_iterations

    async def register(self, data: RegisterIn) -> AccountOut:
        email = data.email.strip().lower()
        if await Account.exists().where(Account.email == email):
            raise Conflict(
                "Für diese E-Mail-Adresse gibt es bereits ein Konto.",
                code="email_taken",
                errors=[{"field": "email", "message": "bereits registriert"}],
            )
        password_hash = await hash_password(data.password, self.iterations)
        try:
            rows = await Account.insert(
                Account(email=email, display_name=data.display_name.strip(), password_hash=password_hash)
            ).returning(Account.id, Account.display_name, Account.role, Account.email, Account.is_blocked)
        except Exception as exc:  # a concurrent registration won the unique index
            if "unique" in str(exc).lower():
                raise Conflict("Für diese E-Mail-Adresse gibt es bereits ein Konto.", code="email_taken") from exc
            raise
        return _out(rows[0], [])

    async def authenticate(self, data: LoginIn) -> AccountOut:
        row = (
            await Account.select(
                Account.id,
                Account.display_name,
                Account.role,
                Account.email,
                Account.is_blocked,
                Account.password_hash,
            )
            .where(Account.email == data.email.strip().lower())
            .first()
        )
        ok = await verify_password(data.password, row["password_hash"] if row else None, self.iterations)
        if not row or not ok:
            raise Unauthorized("E-Mail-Adresse oder Passwort ist falsch.", code="invalid_credentials")
        return _out(row, await _moderated_fields(row["id"]))

    async def me(self, actor: Actor) -> AccountOut:
        if not actor.is_authenticated:
            raise Unauthorized("Bitte melden Sie sich an.")
        row = await Account.select().where(Account.id == actor.account_id).first()
        if row is None:
            raise Unauthorized("Bitte melden Sie sich an.")
        return _out(row, sorted(actor.moderated_fields))

    async def list_accounts(self, actor: Actor, query: str | None) -> list[AccountOut]:
        if not permissions.can_list_accounts(actor):
            raise Forbidden("Nur das Team der Smart-Region-Geschäftsstelle sieht die Konten.")
        select = Account.select(
            Account.id, Account.display_name, Account.role, Account.email, Account.is_blocked
        ).where(Account.email.is_not_null())
        if query:
            select = select.where(contains(Account.display_name, query) | contains(Account.email, query))
        rows = await select.order_by(Account.display_name).limit(200)
        return [_out(r, []) for r in rows]

    async def change_role(self, actor: Actor, account_id: int, role: str) -> AccountOut:
        if not permissions.can_change_roles(actor):
            raise Forbidden("Nur Administrierende vergeben Rollen.")
        rows = (
            await Account.update({Account.role: Role(role).value})
            .where(Account.id == account_id)
            .returning(Account.id, Account.display_name, Account.role, Account.email, Account.is_blocked)
        )
        if not rows:
            raise NotFound("Dieses Konto gibt es nicht.")
        return _out(rows[0], await _moderated_fields(account_id))


def provide_account_service() -> AccountService:
    return AccountService()
