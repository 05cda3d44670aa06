"""Scratch databases for the benchmarks: a temporary SQLite file, or a fresh PostgreSQL database
created on ``CXLOOP_TEST_POSTGRES_URL`` (the tests' server) and dropped afterwards."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get(
    "CXLOOP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def scratch_database(backend: str, *, name: str = "bench") -> Iterator[str]:
    """The URL of an empty database on ``backend`` ("sqlite" or "postgresql") for one run."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / f'{name}.db'}"
        return
    import psycopg

    u = make_url(POSTGRES_URL)
    database = f"cxloop_bench_{uuid.uuid4().hex[:8]}"
    admin: dict[str, Any] = {
        "host": u.host or "127.0.0.1",
        "port": u.port or 5432,
        "user": u.username or "postgres",
        "password": u.password,
        "dbname": u.database or "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        yield u.set(database=database).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
