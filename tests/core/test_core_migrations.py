"""The schema comes from the migrations; the models must agree with them, and every step reverses."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from cxloop.core import migrate
from cxloop.core.db import make_engine
from cxloop.models import Base


def test_models_match_the_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_migration_downgrades_and_upgrades_again(db_url: str, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # A private database so the shared, migrated one is left alone.
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path_factory.mktemp('mig') / 'm.db'}"
        eng = make_engine(url)
    else:
        import uuid

        import psycopg
        from sqlalchemy.engine import make_url

        name = f"cxloop_mig_{uuid.uuid4().hex[:8]}"
        u = make_url(db_url)
        with psycopg.connect(
            host=u.host, port=u.port, user=u.username, dbname="postgres", autocommit=True
        ) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        eng = make_engine(u.set(database=name).render_as_string(hide_password=False))
    try:
        migrate.upgrade(eng)
        tables = set(inspect(eng).get_table_names())
        assert "feedback" in tables
        migrate.downgrade(eng, "base")
        assert set(inspect(eng).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(eng)
        assert set(inspect(eng).get_table_names()) == tables
    finally:
        eng.dispose()
        if not db_url.startswith("sqlite"):
            with psycopg.connect(
                host=u.host, port=u.port, user=u.username, dbname="postgres", autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
