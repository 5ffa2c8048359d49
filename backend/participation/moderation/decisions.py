"""What each decision does to an item, checked against the item's current state. A decision function
validates the transition and describes it; the service takes the item's version first, so a
decision always sees the state it changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backend.core.errors import Conflict, Unprocessable
from backend.participation.comments.tables import Comment
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.items import PUBLISHED
from backend.participation.moderation.tables import ModerationState, Report

if TYPE_CHECKING:
    from backend.participation.moderation.items import Item
    from backend.participation.moderation.schemas import CommentEditIn, IdeaEditIn

__all__ = [
    "Outcome",
    "approve",
    "edit_comment",
    "edit_idea",
    "hide",
    "invalid_transition",
    "lock",
    "reject",
    "unhide",
    "unlock",
]

PENDING = Idea.Status.pending.value
HIDDEN = Idea.Status.hidden.value
REJECTED = Idea.Status.rejected.value
MERGED = Idea.Status.merged.value


@dataclass
class Outcome:
    """A decision's effect: the item's new status, state changes, and what the audit log records."""

    status: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str = ""
    state: dict[Any, Any] = field(default_factory=dict)  # ModerationState column -> value
    resolution: str | None = None  # close the open reports as dismissed/upheld
    content_changed: bool = False  # an edit or lock: public clients get the item again


def invalid_transition(detail: str) -> Conflict:
    return Conflict(detail, code="invalid_transition")


async def approve(item: Item, state: dict[str, Any]) -> Outcome:
    """A pending item is published; a reported one stays (or is shown again) and its reports close."""
    reported = state["open_reports"] > 0
    if item.status == PENDING or (reported and (item.status == PUBLISHED or state["hidden_by_reports"])):
        return Outcome(
            status=PUBLISHED,
            before={"status": item.status, "open_reports": state["open_reports"]},
            after={"status": PUBLISHED, "open_reports": 0},
            state={ModerationState.reason: ""},
            resolution=Report.Resolution.dismissed.value,
        )
    raise invalid_transition("Dieser Beitrag wartet auf keine Freigabe.")


def _removed(item: Item, status: str, reason: str) -> Outcome:
    """Rejecting and hiding: the item leaves public view with a reason, and open reports are upheld."""
    return Outcome(
        status=status,
        before={"status": item.status},
        after={"status": status},
        reason=reason,
        state={ModerationState.reason: reason},
        resolution=Report.Resolution.upheld.value,
    )


async def reject(item: Item, state: dict[str, Any], reason: str) -> Outcome:
    if item.status not in (PENDING, PUBLISHED, HIDDEN):
        raise invalid_transition("Dieser Beitrag ist bereits abgelehnt oder zusammengeführt.")
    return _removed(item, REJECTED, reason)


async def hide(item: Item, state: dict[str, Any], reason: str) -> Outcome:
    """Hide a published item, or confirm the automatic hiding of a reported one."""
    if not (item.status == PUBLISHED or (item.status == HIDDEN and state["hidden_by_reports"])):
        raise invalid_transition("Nur veröffentlichte Beiträge können ausgeblendet werden.")
    return _removed(item, HIDDEN, reason)


async def unhide(item: Item, state: dict[str, Any]) -> Outcome:
    if item.status != HIDDEN:
        raise invalid_transition("Dieser Beitrag ist nicht ausgeblendet.")
    return Outcome(
        status=PUBLISHED,
        before={"status": HIDDEN},
        after={"status": PUBLISHED},
        state={ModerationState.reason: ""},
        resolution=Report.Resolution.dismissed.value,
    )


def _editable(item: Item) -> None:
    if item.status in (REJECTED, MERGED):
        raise invalid_transition("Abgelehnte oder zusammengeführte Beiträge werden nicht mehr bearbeitet.")


def _nothing_to_change() -> Unprocessable:
    return Unprocessable("Die Bearbeitung ändert nichts am Beitrag.", code="nothing_to_change")


async def edit_idea(item: Item, state: dict[str, Any], data: IdeaEditIn) -> Outcome:
    _editable(item)
    changes = {
        name: value.strip()
        for name, value in (("title", data.title), ("body", data.body))
        if value is not None and value.strip() != item.row[name]
    }
    if not changes:
        raise _nothing_to_change()
    await Idea.update(
        {**{getattr(Idea, k): v for k, v in changes.items()}, Idea.updated_at: datetime.now(tz=UTC)}
    ).where(Idea.id == item.id)
    return Outcome(
        status=item.status,
        before={k: item.row[k] for k in changes} | {"note": state["note"]},
        after={**changes, "note": data.note.strip()},
        reason=data.note.strip(),
        state={ModerationState.note: data.note.strip()},
        content_changed=True,
    )


async def edit_comment(item: Item, state: dict[str, Any], data: CommentEditIn) -> Outcome:
    _editable(item)
    body = data.body.strip()
    if body == item.row["body"] or not body:
        raise _nothing_to_change()
    await Comment.update({Comment.body: body}).where(Comment.id == item.id)
    return Outcome(
        status=item.status,
        before={"body": item.row["body"], "note": state["note"]},
        after={"body": body, "note": data.note.strip()},
        reason=data.note.strip(),
        state={ModerationState.note: data.note.strip()},
        content_changed=True,
    )


async def lock(item: Item, state: dict[str, Any]) -> Outcome:
    if state["locked"]:
        raise invalid_transition("Die Diskussion ist bereits gesperrt.")
    if item.status in (REJECTED, MERGED):
        raise invalid_transition("Abgelehnte oder zusammengeführte Ideen haben keine offene Diskussion.")
    return Outcome(
        status=item.status,
        before={"locked": False},
        after={"locked": True},
        state={ModerationState.locked: True},
        content_changed=True,
    )


async def unlock(item: Item, state: dict[str, Any]) -> Outcome:
    if not state["locked"]:
        raise invalid_transition("Die Diskussion ist nicht gesperrt.")
    return Outcome(
        status=item.status,
        before={"locked": True},
        after={"locked": False},
        state={ModerationState.locked: False},
        content_changed=True,
    )
