"""create_app(settings) -> Litestar: wiring only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Tag
from litestar.static_files import create_static_files_router
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from redis.asyncio import BlockingConnectionPool, Redis

from backend.accounts.controllers import AccountController, AuthController
from backend.accounts.services import provide_actor
from backend.core.db import start_engine, stop_engine
from backend.core.errors import exception_handlers
from backend.core.health import health
from backend.core.ratelimit import make_rate_limit_config
from backend.core.sessions import LoginSessionConfig, ResilientRedisStore
from backend.core.settings import PROJECT_ROOT, Settings, get_settings
from backend.participation.action_fields.controllers import ActionFieldController
from backend.participation.comments.controllers import CommentController
from backend.participation.exports.controllers import ExportController, ReportController
from backend.participation.ideas.controllers import IdeaController
from backend.participation.moderation.controllers import (
    CommentModerationController,
    IdeaModerationController,
    ModerationController,
)
from backend.participation.municipalities.controllers import MunicipalityController
from backend.participation.votes.controllers import VoteController
from backend.participation.workshops.controllers import WorkshopController
from backend.realtime import publisher
from backend.realtime.controllers import EventController
from backend.realtime.pubsub import make_channels_plugin

__all__ = ["create_app"]

API_HANDLERS = [
    AuthController,
    AccountController,
    MunicipalityController,
    ActionFieldController,
    IdeaController,
    CommentController,
    VoteController,
    WorkshopController,
    ModerationController,
    IdeaModerationController,
    CommentModerationController,
    EventController,
    ExportController,
    ReportController,
]


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    # A blocking pool: redis-py's default pool raises MaxConnectionsError at 100 connections in use, which
    # turned the 101st concurrent request (every request reads its session from Redis) into a 500.
    redis = (
        Redis.from_pool(
            BlockingConnectionPool.from_url(
                settings.redis.url,
                max_connections=100,
                timeout=10,
                socket_connect_timeout=2,
                socket_timeout=5,
                health_check_interval=10,
            )
        )
        if settings.redis.url
        else None
    )
    channels = make_channels_plugin(settings, redis)
    sessions_store = (
        ResilientRedisStore(redis, namespace=f"{settings.redis.channel_prefix}:sessions")
        if redis is not None
        else FileStore(Path(settings.app.data_dir) / "sessions")
    )

    rate_limit_store = (
        ResilientRedisStore(redis, namespace=f"{settings.redis.channel_prefix}:ratelimit", drop_failed_writes=True)
        if redis is not None
        else MemoryStore()
    )

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await start_engine(settings.db.pool_size)
        publisher.configure(channels, settings.redis.channel_prefix)
        try:
            yield
        finally:
            publisher.configure(None, settings.redis.channel_prefix)
            await stop_engine()
            if redis is not None:
                await redis.aclose()

    static = create_static_files_router(
        path="/", directories=[PROJECT_ROOT / "frontend_static"], html_mode=True, include_in_schema=False
    )
    return Litestar(
        route_handlers=[*API_HANDLERS, health, static],
        dependencies={"actor": Provide(provide_actor)},
        plugins=[channels],
        stores={"sessions": sessions_store, "rate_limit": rate_limit_store},
        middleware=[
            make_rate_limit_config(settings.app.write_rate_per_minute).middleware,
            LoginSessionConfig(
                store="sessions",
                key="mw_session",
                max_age=settings.app.session_max_age_s,
                httponly=True,
                samesite="lax",
                secure=settings.app.secure_cookies,
            ).middleware
        ],
        csrf_config=CSRFConfig(
            secret=settings.app.secret_key,
            cookie_samesite="strict",
            cookie_secure=settings.app.secure_cookies,
            exclude=["/schema"],
        ),
        exception_handlers=exception_handlers,
        lifespan=[lifespan],
        request_max_body_size=settings.app.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Mitwirken API",
            version="0.1.0",
            description="Bürgerbeteiligung für den Kreis Höxter / Citizen participation platform.",
            path="/schema",
            tags=[Tag(name="Ideen / Ideas", description="Ideen in Handlungsfeldern")],
        ),
        logging_config=LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]},
            log_exceptions="debug",
        ),
        debug=settings.app.debug,
    )
