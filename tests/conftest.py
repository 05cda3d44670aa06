"""One suite, two databases.

Every test that asks for ``db_url`` (directly or through ``session``, ``client``, ``world``) runs on
a temporary SQLite file and on a fresh PostgreSQL database built by the migrations. PostgreSQL is
skipped only when unreachable, and then loudly in the summary.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import profiles as argon2_profiles
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cxloop.app import create_app
from cxloop.core import migrate, security
from cxloop.core.db import make_engine
from cxloop.core.settings import Settings
from tests.factories import World, build_world

POSTGRES_URL = os.environ.get(
    "CXLOOP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_pg_skip_reason: list[str] = []

# Personas are created for every database test: hash their passwords at argon2's cheapest cost.
# Production parameters are checked in tests/core/test_core_security.py.
security.use_password_parameters(argon2_profiles.CHEAPEST)


def _admin_connect(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    u = make_url(url)
    return psycopg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        dbname=u.database or "postgres",
        autocommit=True,
        connect_timeout=3,
    )


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty database on the test PostgreSQL server, dropped afterwards; the test is skipped
    (and the skip reported loudly in the summary) when the server is unreachable."""
    try:
        admin = _admin_connect(POSTGRES_URL)
    except Exception as exc:
        reason = f"PostgreSQL unreachable at {POSTGRES_URL}: {exc!s}".strip()
        if not _pg_skip_reason:
            _pg_skip_reason.append(reason)
        pytest.skip(reason)
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin_connect(POSTGRES_URL) as admin2:
            admin2.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database for this test run (one per backend)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "cxloop_test.db"
        yield f"sqlite:///{path}"
        return
    with postgres_database("cxloop_test") as url:
        yield url


@pytest.fixture
def fresh_database_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty, unmigrated database of the same backend, for tests that commit for real
    (CLI subprocesses, live servers); dropped afterwards."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    with postgres_database("cxloop_fresh") as url:
        yield url


@pytest.fixture
def committed_engine(fresh_database_url: str) -> Iterator[Engine]:
    """A fresh migrated database whose commits are real: for tests of what separate sessions
    (workers, people at the same moment, migrations over stored rows) see of each other."""
    eng = make_engine(fresh_database_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """Each test runs inside one outer transaction that is rolled back at the end."""
    conn = engine.connect()
    outer = conn.begin()
    try:
        yield conn
    finally:
        outer.rollback()
        conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions whose commit only releases a savepoint of the test's transaction."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    s = session_factory()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path, database_url=db_url, secret_key="test-secret-key", default_language="en"
    )


@pytest.fixture
def app(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    return create_app(settings, session_factory=session_factory)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def world(session: Session) -> World:
    """The named personas: handler_li, head_wang, analyst_chen, admin_zhao, and outsider_bob."""
    w = build_world(session)
    session.commit()
    return w


_backend_counts: dict[str, dict[str, int]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count database tests per backend (works under xdist: reports reach the controller)."""
    if report.when != "call" and not (report.when == "setup" and report.skipped):
        return
    for backend in ("sqlite", "postgresql"):
        if (
            f"[{backend}" in report.nodeid
            or f"-{backend}]" in report.nodeid
            or f"-{backend}-" in report.nodeid
        ):
            counts = _backend_counts.setdefault(backend, {"passed": 0, "failed": 0, "skipped": 0})
            counts[report.outcome] = counts.get(report.outcome, 0) + 1


def _postgres_unreachable() -> str | None:
    try:
        _admin_connect(POSTGRES_URL).close()
    except Exception as exc:
        return f"PostgreSQL unreachable at {POSTGRES_URL}: {exc!s}".strip()
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _backend_counts:
        terminalreporter.write_sep("-", "database backends")
        for backend in ("sqlite", "postgresql"):
            c = _backend_counts.get(backend, {})
            terminalreporter.write_line(
                f"{backend}: {c.get('passed', 0)} passed, {c.get('failed', 0)} failed, {c.get('skipped', 0)} skipped"
            )
    reason = _pg_skip_reason[0] if _pg_skip_reason else None
    if reason is None and _backend_counts.get("postgresql", {}).get("skipped"):
        reason = _postgres_unreachable()
    if reason:
        terminalreporter.write_sep("!", "POSTGRESQL TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(reason, red=True, bold=True)
        terminalreporter.write_line("Database tests ran on SQLite only.", red=True, bold=True)
