"""``cxloop analyze`` and ``cxloop text train|evaluate``: the text engine from a shell.

The lead wires them in as ``app.add_typer(text_app, name="text")`` and
``app.command("analyze")(analyze_command)``. ``analyze`` streams: it reads ``CHUNK`` rows, analyses
them with one ``analyze_batch`` call and writes them out before reading more, so memory stays flat
whatever the file size and the output keeps the input order.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cxloop.text import Analyzer, TextAnalysis, load_model
from cxloop.text.training.io import InputError, count_records, iter_records

CHUNK = 1000
FLAT_COLUMNS = (
    "sentiment",
    "sentiment_score",
    "type",
    "emotion",
    "aspects",
    "urgency",
    "masked_text",
)
TASKS = ("sentiment", "aspects", "emotion", "type")

err_console = Console(stderr=True)
text_app = typer.Typer(
    help="Text models: train and evaluate sentiment, aspects, emotion, type.", no_args_is_help=True
)


def flat_row(row_id: Any, analysis: TextAnalysis) -> dict[str, Any]:
    """The flat columns ``cxloop analyze`` writes for one row."""
    urgency = analysis.urgency
    return {
        "id": row_id,
        "sentiment": analysis.sentiment.label,
        "sentiment_score": round(analysis.sentiment.negative_probability, 4),
        "type": analysis.type.label,
        "emotion": analysis.emotions.dominant,
        "aspects": ";".join(analysis.aspect_keys),
        "urgency": getattr(urgency, "level", None),
        "masked_text": analysis.masked_text,
    }


def _analyzer(model: Path | None, lexicon_dir: Path | None = None) -> Analyzer:
    """``--model``, else the organisation model the app uses (``CXLOOP_TEXT_MODEL_DIR``), else the
    bundled one: so that ``cxloop analyze`` gives what the app stores for the same text."""
    if model is None:
        from cxloop.cli.context import settings

        model = settings().text_model_dir
    if lexicon_dir is not None:
        return load_model(model, extra_lexicon_dir=lexicon_dir)
    return load_model(model) if model is not None else load_model()


def _fail(exc: Exception) -> typer.Exit:
    err_console.print(f"[red]error[/red] {escape(str(exc))}", soft_wrap=True, highlight=False)
    return typer.Exit(1)


@contextmanager
def _writer(output: Path | None) -> Iterator[tuple[str, IO[str]]]:
    if output is None:
        yield "jsonl", sys.stdout
        return
    suffix = output.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise InputError(output, "output must end in .jsonl or .csv")
    with output.open("w", encoding="utf-8", newline="") as fh:
        yield suffix[1:], fh


def _chunks(path: Path, text_column: str, id_column: str) -> Iterator[list[tuple[Any, str]]]:
    chunk: list[tuple[Any, str]] = []
    for row_no, (_line, rec) in enumerate(iter_records(path, (text_column,)), start=1):
        raw = rec.get(text_column)
        text = "" if raw is None else str(raw)
        row_id = rec.get(id_column, row_no)
        chunk.append((row_id if row_id not in (None, "") else row_no, text))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyze_command(
    input: Path = typer.Argument(
        ..., help="CSV, JSONL or XLSX file with one feedback text per row."
    ),
    text_column: str = typer.Option("text", "--text-column", help="Column holding the text."),
    id_column: str = typer.Option(
        "id", "--id-column", help="Column kept as the row id (row number if absent)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="out.jsonl or out.csv (default: JSONL on stdout)."
    ),
    lang: str = typer.Option("auto", "--lang", help="auto, zh or en."),
    model: Path | None = typer.Option(
        None, "--model", help="Organisation model directory (default: bundled)."
    ),
    lexicon_dir: Path | None = typer.Option(
        None, "--lexicon-dir", help="Directory of the organisation's own lexicon lines."
    ),
) -> None:
    """Analyse every row of INPUT: sentiment, type, emotion, aspects, urgency, masked text."""
    if lang not in ("auto", "zh", "en"):
        raise _fail(ValueError(f"--lang must be auto, zh or en, not {lang!r}"))
    try:
        analyzer = _analyzer(model, lexicon_dir)
        total = count_records(input) if input.is_file() else None
        with (
            _writer(output) as (fmt, fh),
            Progress(
                TextColumn("analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            ) as progress,
        ):
            task = progress.add_task("rows", total=total)
            writer = csv.DictWriter(fh, fieldnames=["id", *FLAT_COLUMNS]) if fmt == "csv" else None
            if writer is not None:
                writer.writeheader()
            done = 0
            for chunk in _chunks(input, text_column, id_column):
                results = analyzer.analyze_batch(
                    [t for _, t in chunk], lang=None if lang == "auto" else lang
                )
                for (row_id, _), res in zip(chunk, results, strict=True):
                    row = flat_row(row_id, res)
                    if writer is not None:
                        writer.writerow(row)
                    else:
                        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                done += len(chunk)
                progress.update(task, completed=done)
    except (InputError, FileNotFoundError) as exc:
        raise _fail(exc) from exc
    err_console.print(f"{done} rows analysed" + (f" -> {output}" if output else ""))


@text_app.command("train")
def train_command(
    data: Path | None = typer.Option(
        None,
        "--data",
        help="CSV/JSONL/XLSX with text + label (sentiment label, 1-5 rating or aspect keys); "
        "rows with a blank label are unlabelled feedback the model adapts to.",
    ),
    output_dir: Path | None = typer.Option(
        None,
        "--output-dir",
        help="Organisation model directory (with --data) or where to write the bundled models.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Activate the new model even if it scores worse."
    ),
    text_column: str = typer.Option("text", "--text-column"),
    label_column: str = typer.Option("label", "--label-column"),
    refit: bool = typer.Option(
        False,
        "--refit",
        help="With --data: fit the sentiment model on your rows alone, without trying "
        "fine-tuning the current one first.",
    ),
    source_data: Path | None = typer.Option(
        None, "--source-data", help="Folder of the public data copies (default data/text)."
    ),
    neutral_step: bool = typer.Option(
        False,
        "--neutral-step",
        help="Bundled build only: also fine-tune the Chinese sentiment model on Weibo posts "
        "with a neutral class (statements read less often as negative; reviews a little "
        "worse; see MODEL_CARD.md).",
    ),
    aspect_rescorer: bool = typer.Option(
        False,
        "--aspect-rescorer",
        help="Bundled build only: also fit the learned aspect polarity re-scorer on the "
        "restaurant data (restaurant reviews only; see MODEL_CARD.md).",
    ),
) -> None:
    """Without --data: rebuild the bundled models. With --data: build and maybe activate an organisation model."""
    try:
        if data is None:
            from cxloop.text.training.build import build_bundled

            manifest = build_bundled(
                output_dir,
                source_data,
                aspect_rescorer=aspect_rescorer,
                neutral_step=neutral_step,
                log=err_console.print,
            )
            err_console.print(f"bundled models {manifest['version']} written")
            return
        if output_dir is None:
            raise InputError(data, "--output-dir is required with --data")
        from cxloop.text.training.organisation import train_organisation_model

        report = train_organisation_model(
            data,
            output_dir,
            text_column=text_column,
            label_column=label_column,
            force=force,
            refit=refit,
            log=err_console.print,
        )
    except (InputError, FileNotFoundError) as exc:
        raise _fail(exc) from exc
    typer.echo(report.markdown())
    typer.echo(
        f"model {report.version} written to {report.directory}; "
        + ("ACTIVE" if report.activated else "not activated")
    )


@text_app.command("evaluate")
def evaluate_command(
    data: Path = typer.Argument(..., help="CSV, JSONL or XLSX with texts and gold labels."),
    text_column: str = typer.Option("text", "--text-column"),
    label_column: str = typer.Option("label", "--label-column"),
    task: str = typer.Option("sentiment", "--task", help="sentiment, aspects, emotion or type."),
    model: Path | None = typer.Option(None, "--model", help="Organisation model directory."),
) -> None:
    """Accuracy, macro-F1 and a confusion matrix of the active model on DATA."""
    from cxloop.text.training.evaluation import evaluate_file

    if task not in TASKS:
        raise _fail(ValueError(f"--task must be one of {', '.join(TASKS)}"))
    try:
        analyzer = _analyzer(model)
        typer.echo(evaluate_file(analyzer, data, text_column, label_column, task))
    except (InputError, FileNotFoundError) as exc:
        raise _fail(exc) from exc
