"""Declarative base with a naming convention, engines and sessions.

Services only ``flush()``; the entry points (API request, web page, CLI command, worker job)
own the transaction and commit or roll back at their end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Engine, Integer, MetaData, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from cxloop.core.clock import utcnow
from cxloop.core.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY auto-increments).
IdType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """All tables. Every model has an integer ``id`` and a ``created_at``."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout (several threads write)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work for CLI commands and jobs: commit at the end, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
        run_after_commit(session)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def after_commit(session: Session, callback: Any) -> None:
    """Run ``callback()`` once the surrounding transaction has committed (side effects after commit)."""
    session.info.setdefault("after_commit", []).append(callback)


def run_after_commit(session: Session) -> None:
    callbacks = session.info.pop("after_commit", [])
    for callback in callbacks:
        callback()


_CACHE_KEY = "cxloop.session_cache"


def session_cache(session: Session, name: str) -> dict[Any, Any]:
    """A dict that lives as long as the session's current transaction, for rows read again and
    again (an organisation, its SLA policies).

    The session's identity map holds rows only weakly, so without a strong reference a row read
    per item of a batch is loaded again per item. The caches are dropped whenever a transaction
    or savepoint rolls back, so they never hand out rows that the rollback undid.
    """
    caches: dict[str, dict[Any, Any]] = session.info.setdefault(_CACHE_KEY, {})
    return caches.setdefault(name, {})


@event.listens_for(Session, "after_soft_rollback")
def _drop_session_caches(session: Session, _previous_transaction: Any) -> None:
    session.info.pop(_CACHE_KEY, None)


def dialect_insert(session: Session) -> Any:
    """The session's dialect's INSERT construct, for ``on_conflict_do_nothing`` / ``_do_update``
    with ``excluded``: PostgreSQL and SQLite spell an upsert the same way, the generic insert has
    none."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
