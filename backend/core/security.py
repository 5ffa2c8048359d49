"""Password hashing (PBKDF2-SHA256, run in a thread) and token helpers."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets

__all__ = ["hash_password", "hash_token", "new_token", "verify_password"]

_ALGORITHM = "pbkdf2_sha256"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _hash_sync(password: str, iterations: int, salt: bytes) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{_ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


async def hash_password(password: str, iterations: int) -> str:
    """A self-describing hash; the work runs off the event loop."""
    return await asyncio.to_thread(_hash_sync, password, iterations, secrets.token_bytes(16))


def _verify_sync(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, _ = encoded.split("$", 3)
        if algorithm != _ALGORITHM:
            return False
        expected = _hash_sync(password, int(iterations), base64.b64decode(salt))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, encoded)


async def verify_password(password: str, encoded: str | None, iterations: int) -> bool:
    """Constant work whether or not the account exists (a dummy hash stands in for a missing one)."""
    if not encoded:
        await asyncio.to_thread(_hash_sync, password, iterations, b"\0" * 16)
        return False
    return await asyncio.to_thread(_verify_sync, password, encoded)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Only this digest of a bearer token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
