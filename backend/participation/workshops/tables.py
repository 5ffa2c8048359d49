"""Live workshops (Bürgerwerkstätten): join by code, ideas on phones and flip charts, dot voting."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.accounts.tables import Account
from backend.participation.action_fields.tables import ActionField
from backend.participation.ideas.tables import Idea
from backend.participation.municipalities.tables import Municipality

__all__ = ["DotVote", "Workshop", "WorkshopField", "WorkshopIdea", "WorkshopParticipant"]


class Workshop(Table, tablename="workshop"):
    """A Bürgerwerkstatt run by staff; phones join with `code`."""

    class Phase(StrEnum):
        lobby = "lobby"  # people join; the projector shows the QR code
        ideation = "ideation"  # ideas are collected
        voting = "voting"  # dots are spread
        results = "results"  # tallies frozen and shown
        closed = "closed"  # read-only

    id: Serial
    title = Varchar(length=160)
    starts_at = Timestamptz(null=True, default=None)
    venue = Varchar(length=200, default="")
    municipality = ForeignKey(references=Municipality, on_delete=OnDelete.set_null, null=True)
    code = Varchar(length=8, unique=True)  # read aloud: no 0/O/1/I/L
    phase = Varchar(length=12, default=Phase.lobby.value, choices=Phase)
    dot_budget = Integer(default=5)  # dots per participant
    max_dots_per_idea = Integer(default=3)
    show_names = Boolean(default=True)  # show participants' chosen names next to their ideas
    pre_moderation = Boolean(default=False)  # ideas wait for a moderator before the wall shows them
    table_count = Integer(default=0)  # Tisch 1..n; 0 = no tables
    timer_ends_at = Timestamptz(null=True, default=None)  # countdown shown on phones and projector
    focused_idea = ForeignKey(references=Idea, on_delete=OnDelete.set_null, null=True)
    created_by = ForeignKey(null=False, references=Account, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())


class WorkshopField(Table, tablename="workshop_field"):
    """An action field a workshop works on; its ideas land there. (workshop, action_field) is unique."""

    id: Serial
    workshop = ForeignKey(null=False, references=Workshop, on_delete=OnDelete.cascade, index=True)
    action_field = ForeignKey(null=False, references=ActionField, on_delete=OnDelete.restrict, index=True)

    composite_unique = (("workshop", "action_field"),)  # created by a raw migration


class WorkshopParticipant(Table, tablename="workshop_participant"):
    """A phone in a workshop: a pseudonymous account plus the hash of the token in its cookie."""

    id: Serial
    workshop = ForeignKey(null=False, references=Workshop, on_delete=OnDelete.cascade, index=True)
    account = ForeignKey(null=False, references=Account, on_delete=OnDelete.restrict, index=True)
    token_hash = Varchar(length=64, unique=True)  # sha256 of the cookie token; the token is never stored
    display_name = Varchar(length=60, default="")
    table_no = Integer(null=True, default=None)
    joined_at = Timestamptz(default=TimestamptzNow())


class WorkshopIdea(Table, tablename="workshop_idea"):
    """An idea collected in a workshop (the Idea row lives in the action field)."""

    id: Serial
    idea = ForeignKey(null=False, references=Idea, on_delete=OnDelete.restrict, unique=True)
    workshop = ForeignKey(null=False, references=Workshop, on_delete=OnDelete.restrict, index=True)
    table_no = Integer(null=True, default=None)
    is_analog = Boolean(default=False)  # typed in by the facilitator from a flip chart
    dot_total = Integer(default=0)  # = sum of dot_vote.points for this idea


class DotVote(Table, tablename="dot_vote"):
    """Dots one participant put on one idea; (participant, idea) is unique."""

    id: Serial
    workshop = ForeignKey(null=False, references=Workshop, on_delete=OnDelete.restrict, index=True)
    participant = ForeignKey(null=False, references=WorkshopParticipant, on_delete=OnDelete.restrict, index=True)
    idea = ForeignKey(null=False, references=Idea, on_delete=OnDelete.restrict, index=True)
    points = Integer()  # 1..max_dots_per_idea; a row with 0 is deleted instead

    composite_unique = (("participant", "idea"),)  # created by a raw migration
