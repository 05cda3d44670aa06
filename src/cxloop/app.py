"""The application factory: ``create_app(settings)`` builds one FastAPI app, API and pages on one port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from cxloop import __version__
from cxloop.analysis.service import load_text_model
from cxloop.api.errors import install_error_handlers
from cxloop.api.router import api_router
from cxloop.core.db import make_engine, make_sessionmaker
from cxloop.core.settings import Settings
from cxloop.web.mount import mount_web


def create_app(
    settings: Settings | None = None, *, session_factory: sessionmaker[Session] | None = None
) -> FastAPI:
    """Build the app. Tests pass ``session_factory`` bound to their rolled-back connection."""
    settings = settings or Settings()
    settings.ensure_secret_key()
    if session_factory is None:
        engine = make_engine(settings.database_url, echo=settings.sql_echo)
        session_factory = make_sessionmaker(engine)
    factory = session_factory

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.analyze_on_ingest:  # refuse to start with a text model that does not load
            load_text_model(settings.text_model)
        stop = None
        if settings.worker_in_process:
            from cxloop.worker.runner import start_in_thread

            stop = start_in_thread(
                factory, settings=settings, interval_seconds=settings.worker_interval_seconds
            )
        yield
        if stop is not None:
            stop.set()

    app = FastAPI(
        lifespan=lifespan,
        title="cxloop",
        version=__version__,
        description="Collect, understand, recover, improve, verify: the customer-experience loop.",
        openapi_url=None,  # served behind the login by cxloop.web.pages.api_docs
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.sessionmaker = session_factory
    install_error_handlers(app)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(api_router)
    mount_web(app)
    return app
