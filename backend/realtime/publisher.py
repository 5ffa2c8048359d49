"""The one way events leave a process: publish to the scope's channel, never raising."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar.channels import ChannelsPlugin

__all__ = ["channel_name", "configure", "publish_events"]

logger = logging.getLogger(__name__)

_state: dict[str, object] = {"channels": None, "prefix": "mitwirken"}


def configure(channels: ChannelsPlugin | None, prefix: str) -> None:
    """Bind the process's ChannelsPlugin (called once at start-up)."""
    _state["channels"] = channels
    _state["prefix"] = prefix


def channel_name(scope: str) -> str:
    """Channel for a scope; prefixed because Redis pub/sub has no namespaces of its own."""
    return f"{_state['prefix']}:{scope}"


def publish_events(events: list[tuple[str, int, bytes]]) -> None:
    """Queue committed events for delivery. A failure is logged: the data is in the event table."""
    channels = _state["channels"]
    if channels is None or not events:
        return
    for scope, seq, payload in events:
        try:
            channels.publish(payload, channel_name(scope))  # type: ignore[attr-defined]
        except Exception:  # a lost publish is recovered by clients through the seq gap
            logger.warning("publish of %s#%s failed", scope, seq, exc_info=True)
