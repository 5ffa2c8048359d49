"""Rate limits on writes, per person rather than per IP: a whole village hall shares one NAT address."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address

if TYPE_CHECKING:
    from litestar import Request

__all__ = ["make_rate_limit_config", "rate_limit_identity"]

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
# The most specific identity a request carries: a workshop phone, a login, a browser, then the address.
_IDENTITY_COOKIES = ("mw_wp_", "mw_session", "csrftoken")


def rate_limit_identity(request: Request[Any, Any, Any]) -> str:
    cookies = request.cookies
    for prefix in _IDENTITY_COOKIES:
        for name, value in cookies.items():
            if name.startswith(prefix) and value and value != "null":
                return f"{prefix}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"
    return f"ip:{get_remote_address(request)}"


def _is_write(request: Request[Any, Any, Any]) -> bool:
    return request.method not in _SAFE


def make_rate_limit_config(writes_per_minute: int) -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", writes_per_minute),
        identifier_for_request=rate_limit_identity,
        check_throttle_handler=_is_write,
        exclude=["/health", "/schema"],
        store="rate_limit",
    )
