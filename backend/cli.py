"""Command line: `python -m backend.cli seed | create-admin | demo-logins`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from backend.accounts.tables import Account
from backend.core.actor import Role
from backend.core.db import write_transaction
from backend.core.security import hash_password
from backend.core.settings import get_settings

__all__ = ["main"]


async def _create_admin(email: str, name: str, password: str) -> str:
    email = email.strip().lower()
    password_hash = await hash_password(password, get_settings().app.password_iterations)
    async with write_transaction():
        row = await Account.select(Account.id).where(Account.email == email).first()
        if row:
            await Account.update({Account.role: Role.admin.value, Account.password_hash: password_hash}).where(
                Account.id == row["id"]
            )
            return f"Konto {email} ist jetzt Administration (Passwort neu gesetzt)."
        await Account.insert(
            Account(email=email, display_name=name, role=Role.admin.value, password_hash=password_hash)
        )
    return f"Administrationskonto {email} angelegt."


def _print_logins() -> None:
    from backend.seed import DEMO_LOGINS, DEMO_PASSWORD, DEMO_WORKSHOP_CODE

    print(f"\nDemo-Zugänge / demo logins (Passwort / password: {DEMO_PASSWORD})")
    for login in DEMO_LOGINS:
        scope = f" – {', '.join(login.moderates)}" if login.moderates else ""
        print(f"  {login.role.value:<12} {login.email:<38} {login.display_name}{scope}")
    settings = get_settings().app
    base = f"http://{settings.host}:{settings.port}"
    join = f"{base}/werkstatt.html?code={DEMO_WORKSHOP_CODE}"
    print(f"\nDemo-Bürgerwerkstatt / demo workshop: Code {DEMO_WORKSHOP_CODE} – {join}")
    print(f"Mitwirken läuft auf / runs at {base}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.cli", description="Mitwirken – Verwaltung")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed", help="Demo-Daten anlegen (idempotent) / seed demo data")
    sub.add_parser("demo-logins", help="Demo-Zugänge anzeigen / print demo logins")
    admin = sub.add_parser("create-admin", help="Administrationskonto anlegen / create an admin")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="Administration")
    admin.add_argument("--password", help="ohne Angabe wird interaktiv gefragt / prompted when omitted")
    args = parser.parse_args(argv)

    if args.command == "seed":
        from backend.seed import seed

        added = asyncio.run(seed())
        print("Demo-Daten / demo data: " + ", ".join(f"{k} +{v}" for k, v in added.items()))
    elif args.command == "demo-logins":
        _print_logins()
    elif args.command == "create-admin":
        password = args.password or getpass.getpass("Passwort / password: ")
        if len(password) < 10:
            print("Das Passwort braucht mindestens 10 Zeichen.", file=sys.stderr)
            return 2
        print(asyncio.run(_create_admin(args.email, args.name, password)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
