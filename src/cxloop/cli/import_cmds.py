"""`cxloop import FILE`: bulk import of feedback from CSV, JSONL or XLSX.

Thin on purpose: rows are read lazily by :mod:`cxloop.feedback.importing` and go, a chunk at a
time, through ``feedback_service.ingest_items`` — the code path of ``POST /api/v1/feedback/batch``
— each chunk in its own transaction, so memory stays constant and an interrupted import can simply
be run again (what is stored already comes back as a duplicate).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cxloop.cli.context import (
    cli_language,
    console,
    err_console,
    target_organization_id,
    unit_of_work,
)
from cxloop.core.errors import CxError
from cxloop.feedback import importing
from cxloop.feedback import service as feedback_service

CHUNK = feedback_service.MAX_BATCH


def _chunks(rows: Iterator[importing.SourceRow]) -> Iterator[list[importing.SourceRow]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


class ErrorFile:
    """The bad rows, one CSV line each: file, line, column, field, code, message."""

    def __init__(self, path: Path, source: Path) -> None:
        self.path = path
        self.source = source
        path.unlink(missing_ok=True)  # a stale file from an earlier run would mislead
        self.count = 0
        self._handle: TextIO | None = None
        self._writer: Any = None
        self.lang = cli_language()

    def add(self, row: importing.SourceRow, error: CxError) -> None:
        if self._handle is None:
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["file", "line", "column", "field", "code", "message"])
        details = error.details if isinstance(error.details, list) else []
        field = str(details[0].get("field", "")) if details else ""
        column = importing.error_column(row, error)
        self._writer.writerow(
            [self.source.name, row.line, column or "", field, error.code, error.message(self.lang)]
        )
        if self.count < 5:
            where = f"{self.source.name}:{row.line}" + (f":{column}" if column else "")
            err_console.print(f"[red]{where}[/red] {error.code}: {error.message(self.lang)}")
        self.count += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _export_corrections(
    output: Path, organization_id: int, field: str, *, all_feedback: bool = False
) -> int:
    """Write ``text,label`` (CSV) or ``{"text", "label"}`` lines (JSONL) for text training."""
    count = 0
    with unit_of_work() as session, output.open("w", encoding="utf-8", newline="") as handle:
        rows = (
            feedback_service.sentiment_training_rows(session, organization_id=organization_id)
            if all_feedback
            else feedback_service.corrected_labels(
                session, organization_id=organization_id, field=field
            )
        )
        if output.suffix.lower() == ".jsonl":
            for feedback_id, text, label in rows:
                line = {"feedback_id": feedback_id, "text": text, "label": label}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
        else:
            writer = csv.writer(handle)
            writer.writerow(["feedback_id", "text", "label"])
            for row in rows:
                writer.writerow(row)
                count += 1
    return count


def register(app: typer.Typer) -> None:
    corrections_app = typer.Typer(help="People's labels on feedback items.", no_args_is_help=True)
    app.add_typer(corrections_app, name="corrections")

    @corrections_app.command("export")
    def export_corrections(
        output: Annotated[Path, typer.Argument(help="A .csv or .jsonl file to write.")],
        field: Annotated[str, typer.Option(help="sentiment, type or aspect.")] = "sentiment",
        org: Annotated[
            str | None, typer.Option(help="Organisation slug; default the only one.")
        ] = None,
        all_feedback: Annotated[
            bool,
            typer.Option(
                "--all-feedback",
                help="Sentiment: every item with text, labelled by a person, else by its 1-5 "
                "rating, else left blank (unlabelled rows the model adapts to).",
            ),
        ] = False,
    ) -> None:
        """Export corrected labels as training data: `cxloop text train --data OUTPUT`."""
        if all_feedback and field != "sentiment":
            err_console.print("[red]error[/red] --all-feedback exports sentiment labels only")
            raise typer.Exit(2)
        organization_id = target_organization_id(org, exit_code=2)
        count = _export_corrections(output, organization_id, field, all_feedback=all_feedback)
        what = "items (labelled or blank)" if all_feedback else f"corrected {field} labels"
        console.print(f"{count} {what} written to {output}")

    @app.command("import")
    def import_file(
        file: Annotated[
            Path, typer.Argument(exists=True, dir_okay=False, help="A .csv, .jsonl or .xlsx file.")
        ],
        map_: Annotated[
            list[str] | None,
            typer.Option("--map", help="column=field, e.g. --map 评分=rating (repeatable)."),
        ] = None,
        channel: Annotated[
            str | None, typer.Option(help="Channel for rows that name none, e.g. hotline.")
        ] = None,
        org: Annotated[
            str | None, typer.Option(help="Organisation slug; default the only one.")
        ] = None,
        errors: Annotated[
            Path | None, typer.Option(help="Where bad rows go; default FILE.errors.csv.")
        ] = None,
    ) -> None:
        """Import feedback; bad rows go to an error file with line, column and reason.

        Columns named like feedback fields are taken as they are, others are kept in the item's
        metadata; re-importing the same file creates nothing new. Exit code 1 when a row failed.
        """
        try:
            mapping = importing.parse_mapping(map_ or [])
            importing.file_format(file)
        except CxError as exc:
            err_console.print(f"[red]error[/red] {exc.code}: {exc.message(cli_language())}")
            raise typer.Exit(2) from exc
        organization_id = target_organization_id(org, exit_code=2)
        defaults = {"channel": channel} if channel else {}
        error_file = ErrorFile(errors or file.with_name(file.name + ".errors.csv"), file)
        created = duplicates = 0
        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        try:
            with progress:
                task = progress.add_task(f"importing {file.name}", total=importing.size_hint(file))
                rows = importing.read_rows(file, mapping=mapping, defaults=defaults)
                for chunk in _chunks(rows):
                    readable = [r for r in chunk if r.error is None]
                    with unit_of_work() as session:
                        report = feedback_service.ingest_items(
                            session,
                            organization_id=organization_id,
                            items=[r.item for r in readable],
                        )
                    for row in chunk:
                        if row.error is not None:
                            error_file.add(row, row.error)
                    for row, outcome in zip(readable, report.outcomes, strict=True):
                        if outcome.error is not None:
                            error_file.add(row, outcome.error)
                    created += report.created
                    duplicates += report.duplicates
                    progress.advance(task, len(chunk))
        finally:
            error_file.close()
        console.print(
            f"created {created}, duplicates {duplicates}, errors {error_file.count}"
            + (f" (see {error_file.path})" if error_file.count else "")
        )
        if error_file.count:
            raise typer.Exit(1)
