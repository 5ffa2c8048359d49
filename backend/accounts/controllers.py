from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from backend.accounts.schemas import AccountOut, LoginIn, RegisterIn, RoleChange
from backend.accounts.services import SESSION_KEY, AccountService, provide_account_service
from backend.core.actor import Actor

__all__ = ["AccountController", "AuthController"]

_deps = {"accounts": Provide(provide_account_service, sync_to_thread=False)}


class AuthController(Controller):
    path = "/api/auth"
    tags = ["Anmeldung / Authentication"]
    dependencies = _deps

    @post("/register", status_code=HTTP_201_CREATED, summary="Konto anlegen / Register (logs in)")
    async def register(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[RegisterIn],
        accounts: NamedDependency[AccountService],
    ) -> AccountOut:
        account = await accounts.register(data)
        request.set_session({SESSION_KEY: account.id})
        return account

    @post("/login", status_code=HTTP_200_OK, summary="Anmelden / Log in")
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginIn],
        accounts: NamedDependency[AccountService],
    ) -> AccountOut:
        account = await accounts.authenticate(data)
        request.set_session({SESSION_KEY: account.id})
        return account

    @post("/logout", status_code=HTTP_204_NO_CONTENT, summary="Abmelden / Log out")
    async def logout(self, request: Request[Any, Any, Any]) -> Response[None]:
        request.clear_session()
        return Response(content=None, status_code=HTTP_204_NO_CONTENT)

    @get("/me", summary="Angemeldetes Konto / Current account")
    async def me(self, actor: NamedDependency[Actor], accounts: NamedDependency[AccountService]) -> AccountOut:
        return await accounts.me(actor)


class AccountController(Controller):
    path = "/api/accounts"
    tags = ["Konten / Accounts"]
    dependencies = _deps

    @get("/", summary="Konten suchen (Team) / Search accounts (staff)")
    async def list_accounts(
        self,
        actor: NamedDependency[Actor],
        accounts: NamedDependency[AccountService],
        q: str | None = QueryParameter(max_length=100),
    ) -> list[AccountOut]:
        return await accounts.list_accounts(actor, q)

    @patch("/{account_id:int}/role", summary="Rolle setzen (Admin) / Set role (admin)")
    async def change_role(
        self,
        actor: NamedDependency[Actor],
        accounts: NamedDependency[AccountService],
        account_id: FromPath[int],
        data: JSONBody[RoleChange],
    ) -> AccountOut:
        return await accounts.change_role(actor, account_id, data.role)
