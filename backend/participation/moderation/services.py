"""Moderation: the queue, claims and decisions on ideas and comments, official responses, the audit log.

Every decision follows one lifecycle: check login, visibility and permission -> take the item's
version (409 for whoever lost) -> validate against the item's current state -> write the item, its
moderation state and an audit entry -> events for the public field scope and the moderators -> publish
after commit. Reports, merging and blocking live in their own modules and follow the same steps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from backend.core.errors import Forbidden, Unauthorized
from backend.core.schemas import AuthorRef
from backend.participation.action_fields.services import field_scope
from backend.participation.comments.services import _to_out as comment_out
from backend.participation.ideas.services import _to_out as idea_out
from backend.participation.ideas.services import announce_idea, load_idea
from backend.participation.ideas.tables import Idea
from backend.participation.moderation import audit, decisions, permissions
from backend.participation.moderation.blocking import set_blocked
from backend.participation.moderation.items import (
    PUBLISHED,
    Item,
    announce_decision,
    item_data,
    load_item,
    set_item_status,
    visible_item,
)
from backend.participation.moderation.merge import merge_ideas
from backend.participation.moderation.queue import announce_queued, build_queue, moderation_scope
from backend.participation.moderation.reasons import REASON_TEMPLATES, compose_reason
from backend.participation.moderation.reports import file_report
from backend.participation.moderation.schemas import (
    AccountBlockOut,
    BlockIn,
    ClaimOut,
    CommentEditIn,
    DecisionIn,
    DecisionOut,
    IdeaEditIn,
    MergeIn,
    QueueOut,
    ReasonedDecisionIn,
    ReasonTemplateOut,
    ReportIn,
    ReportOut,
)
from backend.participation.moderation.state import (
    annotate_comments,
    annotate_ideas,
    close_reports,
    read_state,
    take_for_claim,
    take_for_decision,
)
from backend.participation.moderation.tables import ModerationState
from backend.realtime.events import unit_of_work
from backend.realtime.stream import register_snapshot

if TYPE_CHECKING:
    from backend.core.actor import Actor
    from backend.core.schemas import Page
    from backend.participation.comments.schemas import CommentOut
    from backend.participation.ideas.schemas import IdeaOut, OfficialResponseIn
    from backend.participation.moderation.audit import AuditFilters
    from backend.participation.moderation.decisions import Outcome
    from backend.participation.moderation.schemas import AuditEntryOut
    from backend.realtime.events import UnitOfWork

__all__ = ["ModerationService", "provide_moderation_service", "require_login"]

Allowed = Callable[["Actor", int], bool]
Apply = Callable[[Item, dict[str, Any]], Awaitable["Outcome"]]

_FORBIDDEN = "Nur Moderierende dieses Handlungsfelds entscheiden darüber."


def require_login(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise Unauthorized("Bitte melden Sie sich an.")


class ModerationService:
    # --- reading ---------------------------------------------------------------------------------

    def reason_templates(self) -> list[ReasonTemplateOut]:
        return [ReasonTemplateOut(t.key, t.label, t.label_en, t.text) for t in REASON_TEMPLATES.values()]

    async def queue(self, actor: Actor, action_field: int | None, workshop: int | None, limit: int) -> QueueOut:
        require_login(actor)
        if not permissions.can_view_queue(actor, action_field):
            raise Forbidden("Die Warteschlange sehen nur die Moderierenden des Handlungsfelds.")
        fields: list[int] | None
        if action_field is not None:
            fields = [action_field]
        else:
            fields = None if actor.is_staff else sorted(actor.moderated_fields)
        return await build_queue(fields, workshop, limit)

    async def audit_log(self, actor: Actor, filters: AuditFilters) -> Page[AuditEntryOut]:
        require_login(actor)
        if not permissions.can_view_audit(actor, filters.action_field):
            raise Forbidden("Das Moderationsprotokoll sehen das Team und die Moderierenden ihres Handlungsfelds.")
        fields = None if actor.is_staff else sorted(actor.moderated_fields)
        return await audit.list_entries(filters, fields)

    # --- claims ----------------------------------------------------------------------------------

    async def claim(self, actor: Actor, item_type: str, item_id: int, version: int | None) -> ClaimOut:
        """Reserve the item for this moderator for a while; others' decisions get 409 meanwhile."""
        require_login(actor)
        async with unit_of_work() as uow:
            item = await visible_item(actor, item_type, item_id)
            if not permissions.can_claim(actor, item.field_id):
                raise Forbidden(_FORBIDDEN)
            state, until = await take_for_claim(actor, item_type, item_id, item.field_id, version)
            claim = ClaimOut(
                item_type=item_type,
                item_id=item_id,
                version=state["version"],
                claimed_by=AuthorRef(id=actor.account_id or 0, display_name=actor.display_name),
                claimed_until=until,
            )
            await uow.emit(moderation_scope(item.field_id), "moderation.item_claimed", claim)
        return claim

    async def release(self, actor: Actor, item_type: str, item_id: int) -> ClaimOut:
        """Give up one's own claim (nothing happens when the actor holds none)."""
        require_login(actor)
        async with unit_of_work() as uow:
            item = await visible_item(actor, item_type, item_id)
            if not permissions.can_claim(actor, item.field_id):
                raise Forbidden(_FORBIDDEN)
            current = await read_state(item_type, item_id)
            if current is None or current["claimed_by"] != actor.account_id:
                return ClaimOut(item_type, item_id, current["version"] if current else 0, None, None)
            state, _ = await take_for_claim(actor, item_type, item_id, item.field_id, None, release=True)
            claim = ClaimOut(
                item_type=item_type, item_id=item_id, version=state["version"], claimed_by=None, claimed_until=None
            )
            await uow.emit(moderation_scope(item.field_id), "moderation.item_released", claim)
        return claim

    # --- decisions on one item -------------------------------------------------------------------

    async def _decide(
        self,
        actor: Actor,
        item_type: str,
        item_id: int,
        action: str,
        version: int | None,
        allowed: Allowed,
        apply: Apply,
    ) -> DecisionOut:
        """The lifecycle every decision on one item shares (see the module docstring)."""
        require_login(actor)
        async with unit_of_work() as uow:
            item = await visible_item(actor, item_type, item_id)
            if not allowed(actor, item.field_id):
                raise Forbidden(_FORBIDDEN)
            taken = await take_for_decision(actor, item_type, item_id, item.field_id, version)
            item = await load_item(item_type, item_id)  # as it is now that the version is ours
            outcome = await apply(item, taken)
            await self._write(uow, item, outcome)
            audit_id = await audit.record(
                action=f"{item_type}.{action}",
                item_type=item_type,
                item_id=item_id,
                field_id=item.field_id,
                moderator_id=actor.account_id,
                before=outcome.before,
                after=outcome.after,
                reason=outcome.reason,
            )
            in_queue = outcome.status == decisions.PENDING or (taken["open_reports"] > 0 and not outcome.resolution)
            decision = DecisionOut(
                item_type=item_type,
                item_id=item_id,
                action=action,
                status=outcome.status,
                previous_status=item.status,
                version=taken["version"],
                in_queue=in_queue,
                reason=outcome.reason,
                audit_id=audit_id,
            )
            await announce_decision(uow, actor, item, decision)
            if in_queue:
                await announce_queued(uow, item_type, item_id)
        return decision

    async def _write(self, uow: UnitOfWork, item: Item, outcome: Outcome) -> None:
        """The moderation state first (readers of the new status see its reason), then the status."""
        now = datetime.now(tz=UTC)
        columns = dict(outcome.state)
        if outcome.resolution:
            columns |= await close_reports(item.type, item.id, outcome.resolution, now)
        if columns:
            await ModerationState.update({**columns, ModerationState.updated_at: now}).where(
                (ModerationState.item_type == item.type) & (ModerationState.item_id == item.id)
            )
        if outcome.status != item.status:
            await set_item_status(uow, item, outcome.status)
        if outcome.content_changed and outcome.status == PUBLISHED:
            await uow.emit(field_scope(item.field_id), f"{item.type}.updated", await item_data(item))

    async def approve(self, actor: Actor, item_type: str, item_id: int, data: DecisionIn) -> DecisionOut:
        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            outcome = await decisions.approve(item, state)
            outcome.reason = data.reason.strip()
            return outcome

        return await self._decide(actor, item_type, item_id, "approve", data.version, permissions.can_approve, apply)

    async def reject(self, actor: Actor, item_type: str, item_id: int, data: ReasonedDecisionIn) -> DecisionOut:
        reason = compose_reason(data.reason_template, data.reason, required=True)

        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            return await decisions.reject(item, state, reason)

        return await self._decide(actor, item_type, item_id, "reject", data.version, permissions.can_reject, apply)

    async def hide(self, actor: Actor, item_type: str, item_id: int, data: ReasonedDecisionIn) -> DecisionOut:
        reason = compose_reason(data.reason_template, data.reason, required=True)

        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            return await decisions.hide(item, state, reason)

        return await self._decide(actor, item_type, item_id, "hide", data.version, permissions.can_hide, apply)

    async def unhide(self, actor: Actor, item_type: str, item_id: int, data: DecisionIn) -> DecisionOut:
        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            outcome = await decisions.unhide(item, state)
            outcome.reason = data.reason.strip()
            return outcome

        return await self._decide(actor, item_type, item_id, "unhide", data.version, permissions.can_unhide, apply)

    async def edit_idea(self, actor: Actor, idea_id: int, data: IdeaEditIn) -> DecisionOut:
        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            return await decisions.edit_idea(item, state, data)

        return await self._decide(actor, "idea", idea_id, "edit", data.version, permissions.can_edit_content, apply)

    async def edit_comment(self, actor: Actor, comment_id: int, data: CommentEditIn) -> DecisionOut:
        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            return await decisions.edit_comment(item, state, data)

        return await self._decide(
            actor, "comment", comment_id, "edit", data.version, permissions.can_edit_content, apply
        )

    async def lock(self, actor: Actor, idea_id: int, data: DecisionIn, *, locked: bool) -> DecisionOut:
        async def apply(item: Item, state: dict[str, Any]) -> Outcome:
            outcome = await (decisions.lock if locked else decisions.unlock)(item, state)
            outcome.reason = data.reason.strip()
            return outcome

        action = "lock" if locked else "unlock"
        return await self._decide(actor, "idea", idea_id, action, data.version, permissions.can_lock_discussion, apply)

    async def merge(self, actor: Actor, idea_id: int, data: MergeIn) -> DecisionOut:
        require_login(actor)
        return await merge_ideas(actor, idea_id, data)

    # --- PATCH /api/ideas/{id}/status and /api/comments/{id}/status ------------------------------------

    async def set_idea_status(self, actor: Actor, idea_id: int, status: str, reason: str) -> IdeaOut:
        await self._set_status(actor, "idea", idea_id, status, reason)
        idea = idea_out(await load_idea(idea_id))
        await annotate_ideas(actor, [idea])
        return idea

    async def set_comment_status(self, actor: Actor, comment_id: int, status: str, reason: str) -> CommentOut:
        await self._set_status(actor, "comment", comment_id, status, reason)
        item = await load_item("comment", comment_id)
        comment = comment_out(item.row, actor, datetime.now(tz=UTC))
        await annotate_comments(actor, [comment], item.field_id)
        return comment

    async def _set_status(self, actor: Actor, item_type: str, item_id: int, status: str, reason: str) -> None:
        """Map a target status onto the decision that leads there."""
        require_login(actor)
        item = await visible_item(actor, item_type, item_id)
        state = await read_state(item_type, item_id) or {"open_reports": 0}
        if status == PUBLISHED:
            waiting = item.status == decisions.PENDING or state["open_reports"] > 0
            if waiting or item.status != decisions.HIDDEN:
                await self.approve(actor, item_type, item_id, DecisionIn(reason=reason))
            else:
                await self.unhide(actor, item_type, item_id, DecisionIn(reason=reason))
        elif status == decisions.REJECTED:
            await self.reject(actor, item_type, item_id, ReasonedDecisionIn(reason=reason))
        elif status == decisions.HIDDEN:
            await self.hide(actor, item_type, item_id, ReasonedDecisionIn(reason=reason))
        elif not permissions.can_approve(actor, item.field_id):
            raise Forbidden(_FORBIDDEN)
        else:
            raise decisions.invalid_transition("Ein Beitrag kann nicht zurück in die Warteschlange gestellt werden.")

    # --- official status and response ------------------------------------------------------------

    async def respond(self, actor: Actor, idea_id: int, data: OfficialResponseIn) -> IdeaOut:
        """The official status and response of the administration or advisory board, in the audit log."""
        require_login(actor)
        async with unit_of_work() as uow:
            item = await visible_item(actor, "idea", idea_id)
            if not permissions.can_set_official_response(actor, item.field_id):
                raise Forbidden("Offizielle Antworten geben das Team und der Beirat des Handlungsfelds.")
            now = datetime.now(tz=UTC)
            response = data.response.strip()
            await Idea.update(
                {
                    Idea.official_status: data.official_status,
                    Idea.official_response: response,
                    Idea.official_response_by: actor.account_id,
                    Idea.official_response_at: now,
                    Idea.updated_at: now,
                }
            ).where(Idea.id == idea_id)
            idea = idea_out(await load_idea(idea_id))
            await annotate_ideas(actor, [idea])
            await audit.record(
                action="idea.official_response",
                item_type="idea",
                item_id=idea_id,
                field_id=item.field_id,
                moderator_id=actor.account_id,
                before={
                    "official_status": item.row["official_status"],
                    "official_response": item.row["official_response"],
                },
                after={"official_status": data.official_status, "official_response": response},
            )
            await announce_idea(uow, idea, "idea.official_response")
        return idea

    # --- reports and accounts --------------------------------------------------------------------

    async def report(self, actor: Actor, data: ReportIn) -> ReportOut:
        return await file_report(actor, data)

    async def block(self, actor: Actor, account_id: int, data: BlockIn, *, blocked: bool) -> AccountBlockOut:
        require_login(actor)
        return await set_blocked(actor, account_id, data, blocked=blocked)


async def _queue_snapshot(actor: Actor, field_id: int) -> dict[str, Any]:
    """What a moderator's socket on `moderation:<field_id>` starts from: that field's queue."""
    return msgspec.to_builtins(await build_queue([field_id], None, 200))


register_snapshot("moderation", _queue_snapshot)


def provide_moderation_service() -> ModerationService:
    return ModerationService()
