"""The per-item moderation state: taking an item for a decision (optimistic version check, claims),
and what readers are told about moderated content. Depends on tables only, so the ideas and comments
services can use it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from backend.core.errors import Conflict
from backend.core.schemas import AuthorRef
from backend.core.settings import get_settings
from backend.participation.ideas.schemas import IdeaRef
from backend.participation.ideas.tables import Idea
from backend.participation.moderation.tables import ModerationState, Report

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from backend.core.actor import Actor
    from backend.participation.comments.schemas import CommentOut
    from backend.participation.ideas.schemas import IdeaOut

__all__ = [
    "annotate_comments",
    "annotate_ideas",
    "claim_holder",
    "close_reports",
    "discussion_locked",
    "edited_by_moderation",
    "ensure_state",
    "read_state",
    "states_of",
    "take_for_claim",
    "take_for_decision",
]

_STATE_COLUMNS = (
    ModerationState.id,
    ModerationState.item_type,
    ModerationState.item_id,
    ModerationState.action_field,
    ModerationState.version,
    ModerationState.open_reports,
    ModerationState.reported_at,
    ModerationState.hidden_by_reports,
    ModerationState.claimed_by,
    ModerationState.claimed_by.display_name.as_alias("claimed_by_name"),
    ModerationState.claimed_until,
    ModerationState.reason,
    ModerationState.note,
    ModerationState.locked,
    ModerationState.merged_into,
)


def _item(item_type: str, item_id: int) -> Any:
    return (ModerationState.item_type == item_type) & (ModerationState.item_id == item_id)


async def ensure_state(item_type: str, item_id: int, field_id: int) -> None:
    """Create the item's state row (version 0) unless it exists; concurrent callers create one."""
    await ModerationState.insert(
        ModerationState(item_type=item_type, item_id=item_id, action_field=field_id)
    ).on_conflict(target=(ModerationState.item_type, ModerationState.item_id), action="DO NOTHING")


async def read_state(item_type: str, item_id: int) -> dict[str, Any] | None:
    return await ModerationState.select(*_STATE_COLUMNS).where(_item(item_type, item_id)).first()


async def states_of(item_type: str, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await ModerationState.select(*_STATE_COLUMNS).where(
        (ModerationState.item_type == item_type) & ModerationState.item_id.is_in(wanted)
    )
    return {r["item_id"]: r for r in rows}


def claim_holder(state: dict[str, Any] | None, now: datetime) -> AuthorRef | None:
    """Who holds a live claim on the item, if anyone."""
    if not state or state["claimed_by"] is None or state["claimed_until"] is None:
        return None
    if state["claimed_until"] <= now:
        return None
    return AuthorRef(id=state["claimed_by"], display_name=state["claimed_by_name"] or "")


def _version_conflict(current: int) -> Conflict:
    return Conflict(
        "Dieser Beitrag wurde inzwischen von jemand anderem moderiert. Bitte laden Sie die Warteschlange neu.",
        code="version_conflict",
        extra={"version": current},
    )


async def _take(
    actor: Actor, item_type: str, item_id: int, field_id: int, expected: int | None, values: dict[Any, Any]
) -> dict[str, Any]:
    """Bump the item's version from the one the moderator saw (`expected`, else the current one),
    refusing when it moved on or someone else holds a live claim. The conditional UPDATE is the
    serialisation point: of two moderators on the same version, exactly one gets the row."""
    await ensure_state(item_type, item_id, field_id)
    state = await read_state(item_type, item_id)
    assert state is not None  # ensure_state created it
    if expected is not None and state["version"] != expected:
        raise _version_conflict(state["version"])
    now = datetime.now(tz=UTC)
    holder = claim_holder(state, now)
    if holder is not None and holder.id != actor.account_id:
        raise Conflict(
            f"{holder.display_name} bearbeitet diesen Beitrag gerade.",
            code="claimed_by_other",
            extra={"claimed_by": {"id": holder.id, "display_name": holder.display_name}},
        )
    rows = (
        await ModerationState.update(
            {ModerationState.version: ModerationState.version + 1, ModerationState.updated_at: now, **values}
        )
        .where(_item(item_type, item_id) & (ModerationState.version == state["version"]))
        .returning(ModerationState.version)
    )
    if not rows:
        fresh = await read_state(item_type, item_id)
        raise _version_conflict(fresh["version"] if fresh else 0)
    return {**state, "version": rows[0]["version"]}


async def take_for_decision(
    actor: Actor, item_type: str, item_id: int, field_id: int, expected: int | None
) -> dict[str, Any]:
    """Take the item for a decision (which also ends any claim); returns the state as it was, with the
    new version."""
    values = {ModerationState.claimed_by: None, ModerationState.claimed_until: None}
    return await _take(actor, item_type, item_id, field_id, expected, values)


async def take_for_claim(
    actor: Actor, item_type: str, item_id: int, field_id: int, expected: int | None, *, release: bool = False
) -> tuple[dict[str, Any], datetime | None]:
    """Claim the item for the configured time (or release the actor's claim)."""
    until = None if release else datetime.now(tz=UTC) + timedelta(seconds=get_settings().moderation.claim_ttl_s)
    values = {ModerationState.claimed_by: None if release else actor.account_id, ModerationState.claimed_until: until}
    return await _take(actor, item_type, item_id, field_id, expected, values), until


async def close_reports(item_type: str, item_id: int, resolution: str, now: datetime) -> dict[Any, Any]:
    """Resolve the item's open reports; returns the state columns that take it out of the queue."""
    await Report.update({Report.resolution: resolution, Report.resolved_at: now}).where(
        (Report.item_type == item_type)
        & (Report.item_id == item_id)
        & (Report.resolution == Report.Resolution.open.value)
    )
    return {
        ModerationState.open_reports: 0,
        ModerationState.reported_at: None,
        ModerationState.hidden_by_reports: False,
    }


async def discussion_locked(idea_id: int) -> bool:
    return await ModerationState.exists().where(_item("idea", idea_id) & (ModerationState.locked == True))  # noqa: E712


async def edited_by_moderation(item_type: str, item_id: int) -> bool:
    """A moderator changed the text (with a visible note): the author's own edit window is closed."""
    return await ModerationState.exists().where(_item(item_type, item_id) & (ModerationState.note != ""))


def _may_see_reason(actor: Actor, author_id: int | None, field_id: int) -> bool:
    return (author_id is not None and actor.account_id == author_id) or actor.moderates(field_id)


async def annotate_ideas(actor: Actor, ideas: Sequence[IdeaOut]) -> None:
    """Fill in lock, edit note, merge target and (for the author and moderators) the reason."""
    states = await states_of("idea", (i.id for i in ideas))
    if not states:
        return
    targets = [s["merged_into"] for s in states.values() if s["merged_into"]]
    titles = (
        {r["id"]: r["title"] for r in await Idea.select(Idea.id, Idea.title).where(Idea.id.is_in(targets))}
        if targets
        else {}
    )
    for idea in ideas:
        state = states.get(idea.id)
        if state is None:
            continue
        idea.locked = state["locked"]
        idea.moderation_note = state["note"] or None
        if state["merged_into"]:
            idea.merged_into = IdeaRef(id=state["merged_into"], title=titles.get(state["merged_into"], ""))
        if state["reason"] and _may_see_reason(actor, idea.author.id, idea.action_field.id):
            idea.moderation_reason = state["reason"]


def _flatten(comments: Sequence[CommentOut]) -> list[CommentOut]:
    found: list[CommentOut] = []
    for comment in comments:
        found.append(comment)
        found.extend(_flatten(comment.replies))
    return found


async def annotate_comments(actor: Actor, comments: Sequence[CommentOut], field_id: int) -> None:
    """Fill in edit notes and (for the author and moderators) reasons, through the whole thread."""
    flat = _flatten(comments)
    states = await states_of("comment", (c.id for c in flat))
    for comment in flat:
        state = states.get(comment.id)
        if state is None or not comment.author:  # a removed placeholder tells nothing
            continue
        comment.moderation_note = state["note"] or None
        if state["note"]:
            comment.editable_until = None  # see edited_by_moderation
        if state["reason"] and _may_see_reason(actor, comment.author.id, field_id):
            comment.moderation_reason = state["reason"]
