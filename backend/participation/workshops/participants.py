"""Phones in a workshop: pseudonymous participants identified by a per-workshop cookie token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from backend.accounts.tables import Account
from backend.core.actor import Actor, Role
from backend.core.security import hash_token
from backend.participation.workshops.schemas import ParticipantOut
from backend.participation.workshops.tables import DotVote, WorkshopParticipant

__all__ = [
    "PARTICIPANT_COOKIE_MAX_AGE",
    "Participant",
    "create_participant",
    "load_participant",
    "participant_cookie",
    "participant_out",
    "update_participant",
]

PARTICIPANT_COOKIE_MAX_AGE = 14 * 24 * 3600


def participant_cookie(workshop_id: int) -> str:
    """One cookie per workshop, so a phone can be in two workshops."""
    return f"mw_wp_{workshop_id}"


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    display_name: str
    table_no: int | None
    actor: Actor  # the pseudonymous account behind the phone


async def load_participant(workshop_id: int, token: str | None) -> Participant | None:
    if not token:
        return None
    row = (
        await WorkshopParticipant.select(
            WorkshopParticipant.id,
            WorkshopParticipant.display_name,
            WorkshopParticipant.table_no,
            WorkshopParticipant.account.id.as_alias("account_id"),
            WorkshopParticipant.account.is_blocked.as_alias("is_blocked"),
        )
        .where((WorkshopParticipant.token_hash == hash_token(token)) & (WorkshopParticipant.workshop == workshop_id))
        .first()
    )
    if row is None:
        return None
    actor = Actor(
        account_id=row["account_id"],
        role=Role.participant.value,
        display_name=row["display_name"],
        is_blocked=row["is_blocked"],
    )
    return Participant(row["id"], workshop_id, row["display_name"], row["table_no"], actor)


async def create_participant(workshop_id: int, token: str, name: str, table_no: int | None) -> Participant:
    """A pseudonymous account (no e-mail, no password) and the hash of the phone's token."""
    shown = name or f"Teilnehmende {secrets.randbelow(900) + 100}"
    account = await Account.insert(Account(display_name=shown, role=Role.participant.value)).returning(Account.id)
    rows = await WorkshopParticipant.insert(
        WorkshopParticipant(
            workshop=workshop_id,
            account=account[0]["id"],
            token_hash=hash_token(token),
            display_name=shown,
            table_no=table_no,
        )
    ).returning(WorkshopParticipant.id)
    actor = Actor(account_id=account[0]["id"], role=Role.participant.value, display_name=shown)
    return Participant(rows[0]["id"], workshop_id, shown, table_no, actor)


async def update_participant(participant: Participant, name: str, table_no: int | None) -> Participant:
    await WorkshopParticipant.update(
        {WorkshopParticipant.display_name: name, WorkshopParticipant.table_no: table_no}
    ).where(WorkshopParticipant.id == participant.id)
    await Account.update({Account.display_name: name}).where(Account.id == participant.actor.account_id)
    return Participant(participant.id, participant.workshop_id, name, table_no, participant.actor)


async def participant_out(workshop: dict[str, Any], participant: Participant) -> ParticipantOut:
    """The phone's own state: its dots per idea and what is left of its budget."""
    rows = await DotVote.select(DotVote.idea, DotVote.points).where(DotVote.participant == participant.id)
    allocations = {r["idea"]: r["points"] for r in rows}
    used = sum(allocations.values())
    return ParticipantOut(
        id=participant.id,
        display_name=participant.display_name,
        dots_used=used,
        dots_left=max(workshop["dot_budget"] - used, 0),
        allocations=allocations,
        table_no=participant.table_no,
    )
