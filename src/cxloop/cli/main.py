"""The ``cxloop`` command: set-up, serving, import/export, analysis, demo data."""

from __future__ import annotations

from typing import Annotated

import typer

from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.cli.context import console, engine, settings, target_organization_id, unit_of_work
from cxloop.core import migrate
from cxloop.org import service as org_service

app = typer.Typer(
    help="cxloop: close the loop on negative service experiences.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(org_app, name="org")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations (creates the SQLite file when needed)."""
    migrate.upgrade(engine(), revision)
    console.print(
        f"database at [bold]{engine().url.render_as_string(hide_password=True)}[/bold] is at {revision}"
    )


@db_app.command("downgrade")
def db_downgrade(
    revision: str = typer.Argument(..., help="Target revision, e.g. base or -1."),
) -> None:
    migrate.downgrade(engine(), revision)
    console.print(f"downgraded to {revision}")


@org_app.command("create")
def org_create(
    slug: Annotated[str, typer.Option(help="Short unique name, e.g. huangpu-gov.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    sector: Annotated[
        str, typer.Option(help="government, property, hotel, transit, airline, hospital, other")
    ] = "other",
) -> None:
    with unit_of_work() as session:
        org = org_service.create_organization(session, slug=slug, name=name, sector=sector)
        console.print(f"organisation {org.slug} created (id {org.id})")


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Option(help="Login name.")],
    password: Annotated[str, typer.Option(help="Password (argon2-hashed).")],
    role: Annotated[
        Role, typer.Option(help="admin, analyst, unit_head or handler.")
    ] = Role.handler,
    org: Annotated[
        str | None, typer.Option(help="Organisation slug; default the only one.")
    ] = None,
    display_name: Annotated[str, typer.Option(help="Name shown in the app.")] = "",
) -> None:
    """Create a user; on an empty database this also creates the default organisation."""
    organization_id = target_organization_id(org, create_if_empty=True)
    with unit_of_work() as session:
        user = accounts_service.create_user(
            session,
            organization_id=organization_id,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
        )
        console.print(f"user {user.username} ({user.role}) created")


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Option(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="A label for the token.")] = "cli",
) -> None:
    """Create an API token and print only the token (scriptable: TOKEN=$(cxloop token create ...))."""
    with unit_of_work() as session:
        user = accounts_service.get_user_by_username(session, username)
        token = accounts_service.create_token(session, user_id=user.id, name=name)
    typer.echo(token)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the API and the pages on one port."""
    import uvicorn

    from cxloop.app import create_app

    s = settings()
    if "worker_in_process" not in s.model_fields_set:
        s.worker_in_process = True  # one machine, one process: background work runs in a thread
    uvicorn.run(create_app(s), host=host, port=port, log_level="info")


def _register_commands() -> None:
    """Commands that live in their own modules (text, import, demo, worker)."""
    from cxloop.cli import demo_cmds, import_cmds, text_cmds, worker_cmds

    app.add_typer(text_cmds.text_app, name="text")
    app.command("analyze")(text_cmds.analyze_command)
    import_cmds.register(app)
    demo_cmds.register(app)
    worker_cmds.register(app)


_register_commands()

if __name__ == "__main__":
    app()
