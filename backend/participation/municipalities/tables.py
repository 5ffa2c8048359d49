"""Municipalities: the Kreis and its towns, for filtering and reporting."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Integer, Serial, Varchar
from piccolo.table import Table

__all__ = ["Municipality"]


class Municipality(Table, tablename="municipality"):
    """A Kreis or a town in it (Kreis Höxter and its ten towns in the demo)."""

    class Kind(StrEnum):
        district = "district"  # Kreis
        town = "town"  # Stadt

    id: Serial
    slug = Varchar(length=64, unique=True)
    name = Varchar(length=80)
    kind = Varchar(length=16, default=Kind.town.value, choices=Kind)
    sort_order = Integer(default=0)  # the Kreis first, then towns alphabetically
