"""Reports: anyone who can see a published item flags it once; at the threshold it is hidden until a
moderator decides."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backend.core.errors import Conflict, Forbidden, Unprocessable
from backend.core.settings import get_settings
from backend.participation.ideas.services import require_participation
from backend.participation.moderation import audit, permissions
from backend.participation.moderation.items import PUBLISHED, Item, load_item, set_item_status, visible_item
from backend.participation.moderation.queue import announce_queued
from backend.participation.moderation.schemas import ReportOut
from backend.participation.moderation.state import ensure_state
from backend.participation.moderation.tables import ModerationState, Report
from backend.realtime.events import unit_of_work

if TYPE_CHECKING:
    from backend.core.actor import Actor
    from backend.participation.moderation.schemas import ReportIn
    from backend.realtime.events import UnitOfWork

__all__ = ["AUTO_HIDE_REASON", "file_report"]

AUTO_HIDE_REASON = "Nach mehreren Meldungen vorläufig ausgeblendet, bis die Moderation entscheidet."
_HIDDEN = "hidden"


async def file_report(actor: Actor, data: ReportIn) -> ReportOut:
    require_participation(actor)
    if not permissions.can_report(actor):
        raise Forbidden("Sie dürfen keine Beiträge melden.")
    async with unit_of_work() as uow:
        item = await visible_item(actor, data.item_type, data.item_id)
        if item.author_id == actor.account_id:
            raise Unprocessable("Eigene Beiträge können Sie nicht melden.", code="own_content")
        if item.status != PUBLISHED:
            raise Conflict("Dieser Beitrag kann nicht gemeldet werden.", code="not_reportable")
        now = datetime.now(tz=UTC)
        rows = (
            await Report.insert(
                Report(
                    item_type=item.type,
                    item_id=item.id,
                    action_field=item.field_id,
                    reporter=actor.account_id,
                    reason=data.reason,
                    text=data.text.strip(),
                    created_at=now,
                )
            )
            .on_conflict(target=(Report.item_type, Report.item_id, Report.reporter), action="DO NOTHING")
            .returning(Report.id)
        )
        if not rows:
            raise Conflict("Sie haben diesen Beitrag bereits gemeldet.", code="already_reported")
        await _count_report(uow, item, now)
        await announce_queued(uow, item.type, item.id)
    return ReportOut(
        id=rows[0]["id"],
        item_type=item.type,
        item_id=item.id,
        reason=data.reason,
        text=data.text.strip(),
        created_at=now,
    )


async def _count_report(uow: UnitOfWork, item: Item, now: datetime) -> None:
    """One more open report; the one that reaches the threshold hides the item. The state row's
    update serialises concurrent reports, so exactly one of them sees the threshold."""
    await ensure_state(item.type, item.id, item.field_id)
    where = (ModerationState.item_type == item.type) & (ModerationState.item_id == item.id)
    state = (
        await ModerationState.update(
            {
                ModerationState.open_reports: ModerationState.open_reports + 1,
                ModerationState.version: ModerationState.version + 1,
                ModerationState.updated_at: now,
            }
        )
        .where(where)
        .returning(ModerationState.open_reports, ModerationState.reported_at, ModerationState.hidden_by_reports)
    )[0]
    if state["reported_at"] is None:
        await ModerationState.update({ModerationState.reported_at: now}).where(where)
    item = await load_item(item.type, item.id)  # as it is now that the state row is ours
    if item.status != PUBLISHED:  # hidden or decided while this report waited for the row
        raise Conflict("Dieser Beitrag kann nicht gemeldet werden.", code="not_reportable")
    threshold = get_settings().moderation.report_threshold
    if state["open_reports"] < threshold or state["hidden_by_reports"]:
        return
    await ModerationState.update(
        {ModerationState.hidden_by_reports: True, ModerationState.reason: AUTO_HIDE_REASON}
    ).where(where)
    await set_item_status(uow, item, _HIDDEN)
    await audit.record(
        action=f"{item.type}.auto_hide",
        item_type=item.type,
        item_id=item.id,
        field_id=item.field_id,
        moderator_id=None,
        before={"status": PUBLISHED, "open_reports": state["open_reports"]},
        after={"status": _HIDDEN, "hidden_by_reports": True},
        reason=AUTO_HIDE_REASON,
    )
