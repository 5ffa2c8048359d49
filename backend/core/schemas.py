"""Shapes shared by every domain's API."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec

__all__ = ["AuthorRef", "Page", "PageNumber", "PageSize"]

T = TypeVar("T")

PageNumber = Annotated[int, msgspec.Meta(ge=1, le=100_000, description="Seite, ab 1")]
PageSize = Annotated[int, msgspec.Meta(ge=1, le=100, description="Einträge pro Seite (höchstens 100)")]


class Page(msgspec.Struct, Generic[T]):
    """One page of a list, with the total number of matches."""

    items: list[T]
    total: int
    page: int
    page_size: int


class AuthorRef(msgspec.Struct):
    id: int
    display_name: str
