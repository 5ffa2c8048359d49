"""The JSON export: one object, written piece by piece so that no list is ever held in memory.

Shape: {"export": ExportMeta, "ideas": [IdeaRecord…], "comments": [CommentRecord…],
"votes": {"by_idea": […], "by_table": […], "by_municipality": […]}, "participation": ParticipationStats,
"moderation": {"statistics": ModerationStats, "log": [ModerationRecord…]}}
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import msgspec

from backend.participation.exports.moderation import moderation_batches, moderation_stats
from backend.participation.exports.sources import (
    Pseudonyms,
    comment_batches,
    idea_batches,
    votes_by_idea,
    votes_by_municipality,
    votes_by_table,
)
from backend.participation.exports.stats import participation_stats

if TYPE_CHECKING:
    from backend.participation.exports.schemas import ExportMeta
    from backend.participation.exports.scope import ExportPlan

__all__ = ["json_export"]

_encoder = msgspec.json.Encoder()


async def _array(batches: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    """`[a,b,…]` from batches of records, one chunk per batch."""
    yield b"["
    first = True
    async for batch in batches:
        if not batch:
            continue
        chunk = b",".join(_encoder.encode(record) for record in batch)
        yield chunk if first else b"," + chunk
        first = False
    yield b"]"


async def json_export(plan: ExportPlan, meta: ExportMeta) -> AsyncIterator[bytes]:
    people = Pseudonyms()
    yield b'{"export":' + _encoder.encode(meta) + b',"ideas":'
    async for chunk in _array(idea_batches(plan, people)):
        yield chunk
    yield b',"comments":'
    async for chunk in _array(comment_batches(plan, people)):
        yield chunk
    yield b',"votes":{"by_idea":'
    async for chunk in _array(votes_by_idea(plan)):
        yield chunk
    yield b',"by_table":' + _encoder.encode(await votes_by_table(plan))
    yield b',"by_municipality":' + _encoder.encode(await votes_by_municipality(plan)) + b"}"
    yield b',"participation":' + _encoder.encode(await participation_stats(plan))
    yield b',"moderation":{"statistics":' + _encoder.encode(await moderation_stats(plan)) + b',"log":'
    async for chunk in _array(moderation_batches(plan, Pseudonyms("M"))):
        yield chunk
    yield b"}}"
