"""Page fixtures: a signed-in TestClient on both databases, and for the browser suite a live
uvicorn server on each database (a migrated SQLite file, a fresh PostgreSQL database) with real
headless Chromium (Debian's, never downloaded).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.conftest import postgres_database
from tests.factories import PASSWORD, World, build_world
from tests.web.web_factories import Seeded, seed_feedback

from cxloop.app import create_app
from cxloop.core import migrate
from cxloop.core.clock import utcnow
from cxloop.core.db import make_engine, make_sessionmaker
from cxloop.core.settings import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found is not None, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser does (pre-session cookie, CSRF token)."""
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def seeded(session: Session, world: World) -> Seeded:
    data = seed_feedback(session, world, now=utcnow())
    session.commit()
    return data


@pytest.fixture
def signed_in(client: TestClient) -> Callable[[str], TestClient]:
    """``signed_in("handler_li")``: the client, now carrying that persona's session cookie."""

    def _as(username: str) -> TestClient:
        client.cookies.clear()
        login(client, username)
        return client

    return _as


# --- browser suite ------------------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    world: World
    seeded: Seeded
    session_factory: Any


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _live_database(backend: str, folder: Path) -> Iterator[str]:
    """A database of its own for the live server (it commits for real, so it cannot share the
    rolled-back test database): a file for SQLite, a fresh database on the PostgreSQL server."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'web.db'}"
        return
    with postgres_database("cxloop_live") as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The real app on a migrated database of each backend, served by uvicorn in a thread on a
    free port; one per backend for the whole run (pytest groups the tests by backend)."""
    folder: Path = tmp_path_factory.mktemp(f"live-{request.param}")
    with _live_database(request.param, folder) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            factory = make_sessionmaker(engine)
            with factory() as session:
                world = build_world(session)
                seeded = seed_feedback(session, world, now=utcnow())
                session.commit()
            settings = Settings(
                data_dir=folder,
                database_url=url,
                secret_key="browser-secret",
                default_language="en",
            )
            app = create_app(settings, session_factory=factory)
            port = _free_port()
            server = uvicorn.Server(
                uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
            )
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            deadline = time.monotonic() + 10
            while not server.started:
                if time.monotonic() > deadline or not thread.is_alive():
                    raise RuntimeError("uvicorn did not start")
                time.sleep(0.02)
            try:
                yield LiveServer(f"http://127.0.0.1:{port}", world, seeded, factory)
            finally:
                server.should_exit = True
                thread.join(timeout=10)
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        pytest.skip(
            f"NO CHROMIUM at {CHROMIUM}: browser tests skipped (apt-get install chromium; "
            ".ci/run does it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Callable[..., Any]]:
    """A fresh browser context per call (its own cookies and language), closed after the test."""
    contexts: list[Any] = []

    def _open(locale: str = "en-US") -> Any:
        context = browser.new_context(locale=locale, base_url=live_server.url)
        context.set_default_timeout(8000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def browser_login(
    page: Any, username: str, password: str = PASSWORD, *, then: str | None = None
) -> None:
    """Sign in through the form; with ``then``, land on that page (the form's ``next``) and wait
    for it, rather than on the dashboard."""
    page.goto("/login" if then is None else f"/login?{urlencode({'next': then})}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")
    if then is not None:
        page.wait_for_url(f"**{then}")
