"""Register, log in, log out, current account; cookie attributes; who may list accounts and set roles."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from backend.accounts.tables import Account
from tests.core.assertions import assert_problem
from tests.factories import PASSWORD, ApiClient, client_for, make_account, make_field

NEW = {"email": "Anna.Schmidt@Beispiel.example", "password": "ein-langes-passwort", "display_name": "Anna"}


def _cookie(response: httpx.Response, name: str) -> dict[str, str | bool]:
    """Attributes of one Set-Cookie header, names lower-cased (flags map to True)."""
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        if first.startswith(f"{name}="):
            parsed: dict[str, str | bool] = {"value": first.split("=", 1)[1]}
            for attribute in attributes:
                key, _, value = attribute.partition("=")
                parsed[key.lower()] = value or True
            return parsed
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.get_list('set-cookie')}")


async def test_register_creates_a_participant_and_logs_in(api: Any) -> None:
    client: ApiClient = await api()
    response = await client.post("/api/auth/register", json=NEW)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["email"] == "anna.schmidt@beispiel.example"  # stored lower-case
    assert (body["role"], body["display_name"]) == ("participant", "Anna")
    assert "password" not in response.text and "pbkdf2" not in response.text
    me = await client.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["id"] == body["id"]
    row = await Account.select(Account.password_hash).where(Account.id == body["id"]).first()
    assert row["password_hash"].startswith("pbkdf2_sha256$")
    assert NEW["password"] not in row["password_hash"]


async def test_register_with_a_taken_email_is_409_whatever_the_case(api: Any) -> None:
    client: ApiClient = await api()
    assert (await client.post("/api/auth/register", json=NEW)).status_code == 201
    other: ApiClient = await api()
    response = await other.post("/api/auth/register", json={**NEW, "email": NEW["email"].upper()})
    body = assert_problem(response, 409, "email_taken")
    assert body["errors"] == [{"field": "email", "message": "bereits registriert"}]
    assert await Account.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "keine-adresse"}, "email"),
        ({"password": "kurz"}, "password"),
        ({"display_name": "A"}, "display_name"),
    ],
)
async def test_register_validates_each_field(api: Any, change: dict[str, str], field: str) -> None:
    client: ApiClient = await api()
    body = assert_problem(await client.post("/api/auth/register", json={**NEW, **change}), 400, "validation_failed")
    assert [e["field"] for e in body["errors"]] == [field]
    assert await Account.count() == 0


async def test_login_sets_an_httponly_samesite_session_cookie(api: Any) -> None:
    account = await make_account()
    client: ApiClient = await api()
    response = await client.post("/api/auth/login", json={"email": account["email"], "password": PASSWORD})
    assert response.status_code == 200, response.text
    session = _cookie(response, "mw_session")
    assert session.get("httponly") is True
    assert str(session.get("samesite", "")).lower() in ("lax", "strict")
    assert session.get("path") == "/"
    assert "secure" not in session  # SECURE_COOKIES is off in tests; on, it would add Secure


async def test_csrf_cookie_is_samesite_strict_and_readable_by_the_page(api: Any) -> None:
    async with httpx.AsyncClient(base_url=(await api()).base_url) as fresh:
        csrf = _cookie(await fresh.get("/api/municipalities"), "csrftoken")
    assert str(csrf.get("samesite")).lower() == "strict"
    assert "httponly" not in csrf  # the page reads it to send the x-csrftoken header


async def test_visitors_without_a_login_get_no_session_cookie(api: Any) -> None:
    async with httpx.AsyncClient(base_url=(await api()).base_url) as fresh:
        for path in ("/api/ideas", "/api/action-fields", "/health"):
            response = await fresh.get(path)
            assert response.status_code == 200
            assert not any(h.startswith("mw_session=") for h in response.headers.get_list("set-cookie")), path


@pytest.mark.parametrize(
    "credentials",
    [{"email": "person-unbekannt@test.example", "password": PASSWORD}, {"password": "falsches-passwort"}],
    ids=["unknown-email", "wrong-password"],
)
async def test_wrong_credentials_are_401_and_say_the_same(api: Any, credentials: dict[str, str]) -> None:
    account = await make_account()
    client: ApiClient = await api()
    response = await client.post("/api/auth/login", json={"email": account["email"], **credentials})
    body = assert_problem(response, 401, "invalid_credentials")
    assert body["detail"] == "E-Mail-Adresse oder Passwort ist falsch."
    assert "mw_session" not in client.cookies
    assert_problem(await client.get("/api/auth/me"), 401, "not_authenticated")


async def test_login_ignores_the_case_of_the_email(api: Any) -> None:
    account = await make_account()
    client: ApiClient = await api()
    response = await client.post("/api/auth/login", json={"email": account["email"].upper(), "password": PASSWORD})
    assert response.status_code == 200, response.text


async def test_logout_ends_the_session_on_the_server(api: Any) -> None:
    account = await make_account()
    client = await client_for(api, account)
    stolen = client.cookies["mw_session"]
    assert (await client.get("/api/auth/me")).status_code == 200
    response = await client.post("/api/auth/logout")
    assert response.status_code == 204
    assert_problem(await client.get("/api/auth/me"), 401, "not_authenticated")
    # the old cookie value is worthless: the stored session is gone, not just the browser's copy
    replay: ApiClient = await api()
    replay.cookies.set("mw_session", stolen)
    assert_problem(await replay.get("/api/auth/me"), 401, "not_authenticated")


async def test_me_lists_the_fields_a_moderator_moderates(api: Any) -> None:
    first, second = await make_field(), await make_field()
    moderator = await make_account("moderator", moderates=[second["id"], first["id"]])
    me = (await (await client_for(api, moderator)).get("/api/auth/me")).json()
    assert (me["role"], me["moderated_fields"]) == ("moderator", sorted([first["id"], second["id"]]))


async def test_a_blocked_account_may_log_in_and_read_but_sees_it_is_blocked(api: Any) -> None:
    client = await client_for(api, await make_account(blocked=True))
    me = await client.get("/api/auth/me")
    assert me.json()["is_blocked"] is True
    assert (await client.get("/api/ideas")).status_code == 200


LIST_ACCOUNTS = {"participant": 403, "moderator": 403, "staff": 200, "admin": 200}
CHANGE_ROLE = {"participant": 403, "moderator": 403, "staff": 403, "admin": 200}


@pytest.mark.parametrize(("role", "status"), LIST_ACCOUNTS.items())
async def test_listing_accounts_is_for_staff(api: Any, role: str, status: int) -> None:
    await make_account(name="Zoe Suchbar")
    client = await client_for(api, await make_account(role))
    response = await client.get("/api/accounts", params={"q": "suchbar"})
    if status == 403:
        assert_problem(response, 403, "forbidden")
    else:
        assert [a["display_name"] for a in response.json()] == ["Zoe Suchbar"]


@pytest.mark.parametrize(("role", "status"), CHANGE_ROLE.items())
async def test_changing_roles_is_for_admins(api: Any, role: str, status: int) -> None:
    target = await make_account()
    client = await client_for(api, await make_account(role))
    response = await client.patch(f"/api/accounts/{target['id']}/role", json={"role": "staff"})
    row = await Account.select(Account.role).where(Account.id == target["id"]).first()
    if status == 403:
        assert_problem(response, 403, "forbidden")
        assert row["role"] == "participant"
    else:
        assert response.status_code == 200, response.text
        assert row["role"] == "staff"


async def test_anonymous_may_not_list_accounts(api: Any) -> None:
    assert_problem(await (await api()).get("/api/accounts"), 403, "forbidden")
