"""`cxloop worker`: run background jobs in their own process (several may share the load)."""

from __future__ import annotations

from typing import Annotated

import typer

from cxloop.cli.context import console, engine, err_console, settings
from cxloop.core.db import make_sessionmaker
from cxloop.worker import runner


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker(
        once: Annotated[bool, typer.Option(help="Run every job once and exit.")] = False,
        interval: Annotated[float, typer.Option(help="Seconds between passes.")] = 30.0,
        job: Annotated[list[str] | None, typer.Option(help="Only these jobs (repeatable).")] = None,
    ) -> None:
        """Run background jobs: analysis of pending feedback, SLA deadlines, auto-close."""
        try:
            names = list(runner.load_jobs(job or None))
        except ValueError as exc:
            err_console.print(f"[red]error[/red] {exc}")
            raise typer.Exit(2) from exc
        factory = make_sessionmaker(engine())
        if once:
            results = runner.run_once(factory, settings=settings(), names=job or None)
            for name, handled in results.items():
                console.print(f"{name}: {'failed' if handled < 0 else handled}")
            raise typer.Exit(1 if any(v < 0 for v in results.values()) else 0)
        console.print(f"worker running jobs {', '.join(names)} every {interval:g}s")
        runner.run_forever(factory, settings=settings(), interval_seconds=interval)
