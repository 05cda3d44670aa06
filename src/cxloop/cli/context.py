"""What every CLI command needs: settings from the environment, an engine, a unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import typer
from rich.console import Console
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session

from cxloop.core.db import make_engine, make_sessionmaker, transaction
from cxloop.core.errors import CxError
from cxloop.core.i18n import normalize
from cxloop.core.settings import Settings
from cxloop.org import service as org_service

console = Console()
err_console = Console(stderr=True)


@cache
def settings() -> Settings:
    return Settings()


@cache
def engine() -> Engine:
    """The engine of ``CXLOOP_DATABASE_URL``; for a SQLite file, its folder is created first
    (a fresh checkout has no ``var/``)."""
    s = settings()
    url = make_url(s.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return make_engine(s.database_url)


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Commit at the end of the command; a CxError becomes a clear message and exit code 1."""
    try:
        with transaction(make_sessionmaker(engine())) as session:
            yield session
    except CxError as exc:
        err_console.print(f"[red]error[/red] {exc.code}: {exc.message(cli_language())}")
        raise typer.Exit(1) from exc


def cli_language() -> str:
    import os

    return normalize(
        os.environ.get("CXLOOP_LANG") or os.environ.get("LANG", "").split(".")[0] or None, "en"
    )


def target_organization_id(
    slug: str | None, *, create_if_empty: bool = False, exit_code: int = 1
) -> int:
    """The organisation a command works on: the one named by ``--org``, or else the only one.

    With ``create_if_empty`` a fresh database gets the default organisation (the first
    ``cxloop user create`` sets up an instance); otherwise no organisation is an error.
    """
    with unit_of_work() as session:
        if slug:
            org = org_service.find_organization_by_slug(session, slug)
            if org is None:
                err_console.print(f"[red]error[/red] no organisation {slug}")
                raise typer.Exit(exit_code)
            return org.id
        orgs = org_service.list_organizations(session)
        if not orgs and create_if_empty:
            return org_service.create_organization(
                session, slug="default", name="Default organisation"
            ).id
        if len(orgs) != 1:
            err_console.print(
                "[red]error[/red] "
                + ("no organisation yet" if not orgs else "several organisations: pass --org SLUG")
            )
            raise typer.Exit(exit_code)
        return orgs[0].id
