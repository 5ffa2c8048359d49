from __future__ import annotations

import msgspec

__all__ = ["VoteOut"]


class VoteOut(msgspec.Struct):
    idea_id: int
    voted: bool  # the requesting account supports the idea after this request
    vote_count: int  # absolute total, equal to the vote rows
    changed: bool  # False when the request repeated the current state (idempotent)
