"""``cxloop demo``: a believable organisation set with six months of data, for showing the product."""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated

import typer

from cxloop.cli.context import console, settings, unit_of_work


def demo(
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same data.")] = 42,
    months: Annotated[int, typer.Option(min=1, max=24, help="How many months of history.")] = 6,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when an organisation already exists.")
    ] = False,
    today: Annotated[
        str | None, typer.Option(help="Last day of the data (YYYY-MM-DD); default today.")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="Password of the demo users; default a random one.")
    ] = None,
    scale: Annotated[
        float,
        typer.Option(
            min=0.01,
            max=5.0,
            help="Volume: 1.0 = about 36,000 items in six months; `make run` uses less.",
        ),
    ] = 1.0,
) -> None:
    """Build the demo: a government service centre and a hotel group, with feedback and cases."""
    from cxloop.demo.builder import build_demo

    started = time.perf_counter()
    with unit_of_work() as session:
        result = build_demo(
            session,
            seed=seed,
            months=months,
            if_empty=if_empty,
            today=date.fromisoformat(today) if today else None,
            password=password,
            scale=scale,
        )
    if not result.created:
        console.print("demo: the database already holds an organisation; nothing to do")
        return
    total = sum(result.feedback.values())
    console.print(
        f"demo built in {time.perf_counter() - started:.1f}s: {total} feedback items "
        f"({', '.join(f'{k} {v}' for k, v in result.feedback.items())}), "
        f"{result.incidents} incidents, "
        f"cases {sum(result.cases.values())} ({', '.join(f'{k} {v}' for k, v in sorted(result.cases.items()))}), "
        f"{sum(result.corrections.values())} misread sentiments corrected by people"
    )
    for note in result.notes:
        console.print(f"[yellow]note[/yellow] {note}")
    console.print("logins (all with the same password):")
    for login in result.logins:
        console.print(f"  {login.username:<14} {login.role:<10} {login.organization}")
    console.print(f"password: [bold]{result.password}[/bold]")
    # `make run` prints the URL after this command's output scrolled away: keep the login on disk.
    data_dir = settings().data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    login_file = data_dir / "demo-login.txt"
    login_file.write_text(
        "".join(
            f"{login.username} {result.password} ({login.role}, {login.organization})\n"
            for login in result.logins
        ),
        encoding="utf-8",
    )
    login_file.chmod(0o600)
    console.print(f"logins saved to {login_file}")


def register(app: typer.Typer) -> None:
    """Called by the main CLI: adds the ``demo`` command."""
    app.command("demo")(demo)
