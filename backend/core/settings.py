"""Settings, read from the environment once: one dataclass per concern."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["AppSettings", "DatabaseSettings", "ModerationSettings", "RedisSettings", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw else default


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = field(default_factory=lambda: _env("DATABASE_URL"))
    """postgres://… for PostgreSQL; empty or sqlite:///path for the embedded SQLite file."""
    sqlite_path: Path = field(
        default_factory=lambda: Path(_env("SQLITE_PATH", str(PROJECT_ROOT / "data" / "mitwirken.sqlite")))
    )
    """SQLite file used when DATABASE_URL is empty."""
    pool_size: int = field(default_factory=lambda: _env_int("DATABASE_POOL_SIZE", 20))
    """Maximum PostgreSQL connections per process."""
    busy_timeout_s: int = field(default_factory=lambda: _env_int("SQLITE_BUSY_TIMEOUT", 30))
    """How long an SQLite writer waits for the lock before giving up."""

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith(("postgres://", "postgresql://"))

    @property
    def resolved_sqlite_path(self) -> Path:
        if self.url.startswith("sqlite:///"):
            return Path(self.url.removeprefix("sqlite:///"))
        return self.sqlite_path


@dataclass(frozen=True)
class RedisSettings:
    url: str = field(default_factory=lambda: _env("REDIS_URL"))
    """redis://host:port/db; empty means in-process pub/sub and stores (one process)."""
    channel_prefix: str = field(default_factory=lambda: _env("REDIS_CHANNEL_PREFIX", "mitwirken"))
    """Namespace for pub/sub channels and store keys."""


@dataclass(frozen=True)
class AppSettings:
    secret_key: str = field(default_factory=lambda: _env("SECRET_KEY") or secrets.token_urlsafe(32))
    """Signs cookies; a random one per start when unset (sessions then end with the process)."""
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    """Interface uvicorn binds to."""
    port: int = field(default_factory=lambda: _env_int("PORT", 8000))
    """Port uvicorn listens on."""
    public_origin: str = field(default_factory=lambda: _env("PUBLIC_ORIGIN"))
    """Public base URL (https://beteiligung.example); empty: derived from the request."""
    debug: bool = field(default_factory=lambda: _env("DEBUG") in {"1", "true", "yes"})
    """Litestar debug mode (tracebacks in responses): never in production."""
    max_body_bytes: int = field(default_factory=lambda: _env_int("MAX_BODY_BYTES", 64 * 1024))
    """Largest accepted request body; larger ones get 413."""
    password_iterations: int = field(default_factory=lambda: _env_int("PASSWORD_ITERATIONS", 390_000))
    """PBKDF2-SHA256 rounds for new password hashes (stored with each hash)."""
    session_max_age_s: int = field(default_factory=lambda: _env_int("SESSION_MAX_AGE", 14 * 24 * 3600))
    """Lifetime of a login session."""
    secure_cookies: bool = field(default_factory=lambda: _env("SECURE_COOKIES") in {"1", "true", "yes"})
    """Send cookies only over HTTPS (set behind TLS)."""
    write_rate_per_minute: int = field(default_factory=lambda: _env_int("WRITE_RATE_LIMIT", 120))
    """Writes (POST/PUT/PATCH/DELETE) one phone, login or browser may make per minute; more get 429."""
    data_dir: Path = field(default_factory=lambda: Path(_env("DATA_DIR", str(PROJECT_ROOT / "data"))))
    """Folder for the embedded database and session files."""


@dataclass(frozen=True)
class ModerationSettings:
    report_threshold: int = field(default_factory=lambda: max(1, _env_int("MODERATION_REPORT_THRESHOLD", 3)))
    """Open reports after which an item is hidden until a moderator decides."""
    claim_ttl_s: int = field(default_factory=lambda: max(10, _env_int("MODERATION_CLAIM_TTL", 300)))
    """Seconds a moderator's claim on a queue item lasts."""


@dataclass(frozen=True)
class Settings:
    app: AppSettings = field(default_factory=AppSettings)
    db: DatabaseSettings = field(default_factory=DatabaseSettings)
    redis: RedisSettings = field(default_factory=RedisSettings)
    moderation: ModerationSettings = field(default_factory=ModerationSettings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
