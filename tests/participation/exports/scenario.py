"""A small world for export tests, written straight to the database with counters kept equal to rows.

Field A (moderated by `moderator_a`) holds public ideas, a hidden idea with a distinctive vote count,
a pending idea, formula-injection texts, an official response and a workshop with two tables and dot
votes; field B holds one more public idea. Moderation decisions and reports are in moderation's tables.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.accounts.tables import Account
from backend.core.security import hash_token
from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.tables import AuditEntry
from backend.participation.moderation.tables import Report as ModerationReport
from backend.participation.votes.tables import Vote
from backend.participation.workshops.tables import (
    DotVote,
    Workshop,
    WorkshopField,
    WorkshopIdea,
    WorkshopParticipant,
)
from tests.factories import make_account, make_field, make_municipality

__all__ = ["INJECTIONS", "SECRET_REASON", "SECRET_TITLE", "Scenario", "make_scenario"]

SECRET_TITLE = "GEHEIME IDEE Nummer 7"
SECRET_COMMENT = "Geheimer Kommentar unter ausgeblendeter Idee"
SECRET_REASON = "Enthält die Telefonnummer 0171 5550199"
HIDDEN_VOTES = 7  # a number that appears nowhere else in the scenario
INJECTIONS = ["=cmd|' /C calc'!A0", "+SUM(1+1)", "@SUM(1)", "-1+1", "\tTAB-Start", "\rCR-Start"]
_seq = itertools.count(1)


@dataclass
class Scenario:
    field_a: dict[str, Any]
    field_b: dict[str, Any]
    staff: dict[str, Any]
    moderator_a: dict[str, Any]
    moderator_b: dict[str, Any]
    participant: dict[str, Any]
    authors: list[dict[str, Any]]
    workshop_id: int
    ideas: dict[str, int] = field(default_factory=dict)  # name -> id
    tokens: list[str] = field(default_factory=list)  # raw workshop cookie tokens (only hashes stored)
    emails: list[str] = field(default_factory=list)


async def _idea(field_id: int, author: int, title: str, *, status: str = "published", **extra: Any) -> int:
    rows = await Idea.insert(Idea(action_field=field_id, author=author, title=title, status=status, **extra)).returning(
        Idea.id
    )
    return int(rows[0]["id"])


async def _votes(idea_id: int, voters: list[int]) -> None:
    for voter in voters:
        await Vote.insert(Vote(idea=idea_id, voter=voter))
    await Idea.update({Idea.vote_count: len(voters)}).where(Idea.id == idea_id)


async def _comment(
    idea_id: int, author: int, body: str, *, status: str = "published", parent: int | None = None
) -> int:
    rows = await Comment.insert(
        Comment(idea=idea_id, author=author, body=body, status=status, parent=parent)
    ).returning(Comment.id)
    if status == "published":
        await Idea.update({Idea.comment_count: Idea.comment_count + 1}).where(Idea.id == idea_id)
    return int(rows[0]["id"])


async def _guest(workshop_id: int, table_no: int, tokens: list[str]) -> tuple[int, int]:
    """A workshop phone: a pseudonymous account without e-mail and the hash of its cookie token."""
    account = await Account.insert(Account(display_name=f"Gast {next(_seq)}")).returning(Account.id)
    token = f"raw-token-{next(_seq)}-do-not-export"
    tokens.append(token)
    participant = await WorkshopParticipant.insert(
        WorkshopParticipant(
            workshop=workshop_id,
            account=account[0]["id"],
            token_hash=hash_token(token),
            display_name=f"Tischgast {next(_seq)}",
            table_no=table_no,
        )
    ).returning(WorkshopParticipant.id)
    return int(participant[0]["id"]), int(account[0]["id"])


async def _dots(workshop_id: int, idea_id: int, spent: list[tuple[int, int]]) -> None:
    for participant, points in spent:
        await DotVote.insert(DotVote(workshop=workshop_id, participant=participant, idea=idea_id, points=points))
    await WorkshopIdea.update({WorkshopIdea.dot_total: sum(p for _, p in spent)}).where(WorkshopIdea.idea == idea_id)


async def make_scenario() -> Scenario:
    brakel = await make_municipality("brakel", "Brakel")
    field_a, field_b = await make_field(), await make_field()
    staff = await make_account("staff", name="Smart-Region-Team")
    s = Scenario(
        field_a=field_a,
        field_b=field_b,
        staff=staff,
        moderator_a=await make_account("moderator", moderates=[field_a["id"]], name="Beirat A"),
        moderator_b=await make_account("moderator", moderates=[field_b["id"]], name="Beirat B"),
        participant=await make_account(name="Paula Teilnehmerin"),
        authors=[await make_account(name=f"Autorin {n}") for n in range(3)],
        workshop_id=0,
    )
    a = [x["id"] for x in s.authors]
    voters = [(await make_account())["id"] for _ in range(HIDDEN_VOTES)]
    ideas = s.ideas
    ideas["official"] = await _idea(
        field_a["id"],
        a[1],
        "Mitfahrbank mit App",
        municipality=brakel["id"],
        official_status="accepted",
        official_response="Wird 2027 in Brakel umgesetzt.",
        official_response_by=staff["id"],
        official_response_at=datetime.now(tz=UTC),
    )
    ideas["injection"] = await _idea(field_a["id"], a[0], INJECTIONS[0], body=INJECTIONS[1])
    ideas["hidden"] = await _idea(field_a["id"], a[2], SECRET_TITLE, status="hidden")
    ideas["pending"] = await _idea(field_a["id"], a[2], "Noch ungeprüfte Idee", status="pending")
    ideas["old"] = await _idea(
        field_a["id"], a[0], "Idee aus dem Vorjahr", created_at=datetime.now(tz=UTC) - timedelta(days=400)
    )
    ideas["field_b"] = await _idea(field_b["id"], a[1], "Hofladen-Karte")
    await _votes(ideas["official"], voters[:3])
    await _votes(ideas["hidden"], voters)
    await _votes(ideas["field_b"], voters[:2])
    first = await _comment(ideas["official"], a[2], INJECTIONS[2])
    for body in INJECTIONS[3:]:
        await _comment(ideas["official"], a[0], body, parent=first)
    await _comment(ideas["official"], a[1], "Ausgeblendeter Kommentar", status="hidden")
    await _comment(ideas["hidden"], a[0], SECRET_COMMENT, status="hidden")
    await _workshop(s)
    await _moderation(s)
    s.emails = [x["email"] for x in (staff, s.moderator_a, s.moderator_b, s.participant, *s.authors)]
    return s


async def _workshop(s: Scenario) -> None:
    rows = await Workshop.insert(
        Workshop(
            title="Bürgerwerkstatt Brakel",
            code=f"W{next(_seq):05d}"[:8],
            table_count=2,
            dot_budget=5,
            created_by=s.staff["id"],
            starts_at=datetime.now(tz=UTC),
            venue="Stadthalle Brakel",
        )
    ).returning(Workshop.id)
    s.workshop_id = workshop = int(rows[0]["id"])
    await WorkshopField.insert(WorkshopField(workshop=workshop, action_field=s.field_a["id"]))
    guests = [await _guest(workshop, 1 + n % 2, s.tokens) for n in range(4)]
    for name, table, analog, status in (
        ("table1", 1, True, "published"),
        ("table2", 2, False, "published"),
        ("workshop_hidden", 2, False, "hidden"),
    ):
        author = guests[0][1] if table == 1 else guests[1][1]
        s.ideas[name] = idea = await _idea(s.field_a["id"], author, f"Werkstatt-Idee {name}", status=status)
        await WorkshopIdea.insert(WorkshopIdea(idea=idea, workshop=workshop, table_no=table, is_analog=analog))
    await _dots(workshop, s.ideas["table1"], [(guests[0][0], 3), (guests[2][0], 2)])
    await _dots(workshop, s.ideas["table2"], [(guests[1][0], 1)])
    await _dots(workshop, s.ideas["workshop_hidden"], [(guests[3][0], 3)])


async def _moderation(s: Scenario) -> None:
    await AuditEntry.insert(
        AuditEntry(
            action="idea.hide",
            item_type="idea",
            item_id=s.ideas["hidden"],
            action_field=s.field_a["id"],
            moderator=s.moderator_a["id"],
            before='{"status": "published"}',
            after='{"status": "hidden"}',
            reason=SECRET_REASON,
        ),
        AuditEntry(
            action="idea.edit",
            item_type="idea",
            item_id=s.ideas["hidden"],
            action_field=s.field_a["id"],
            moderator=s.moderator_a["id"],
            before=f'{{"title": "{SECRET_TITLE} (alt)"}}',
            after=f'{{"title": "{SECRET_TITLE}"}}',
        ),
        AuditEntry(
            action="idea.approve",
            item_type="idea",
            item_id=s.ideas["official"],
            action_field=s.field_a["id"],
            moderator=s.staff["id"],
            before='{"status": "pending"}',
            after='{"status": "published"}',
        ),
        AuditEntry(
            action="account.block",
            item_type="account",
            item_id=s.participant["id"],
            moderator=s.staff["id"],
            before='{"is_blocked": false}',
            after='{"is_blocked": true}',
        ),
    )
    await ModerationReport.insert(
        ModerationReport(
            item_type="idea",
            item_id=s.ideas["hidden"],
            action_field=s.field_a["id"],
            reporter=s.participant["id"],
            reason="personal_data",
            text=SECRET_REASON,
        )
    )
