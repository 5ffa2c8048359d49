from __future__ import annotations

import msgspec

__all__ = ["MunicipalityOut"]


class MunicipalityOut(msgspec.Struct):
    id: int
    slug: str
    name: str
    kind: str
