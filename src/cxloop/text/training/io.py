"""Streaming readers for CSV, JSONL and XLSX feedback files, with errors that say where.

Why streaming: ``cxloop analyze`` must run in constant memory on files of millions of rows, so each
reader yields one record at a time and never holds the file. Errors carry the file, the line (row)
and the column so that a person can open the file and fix it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}


class InputError(ValueError):
    """A problem in an input file, located by line (1-based, header = line 1) and column."""

    def __init__(
        self, path: Path, message: str, *, line: int | None = None, column: str | int | None = None
    ) -> None:
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"unsupported file type {path.suffix!r} (use .csv, .jsonl or .xlsx)")
    return fmt


def iter_records(
    path: Path, required: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) pairs; ``required`` columns must exist (CSV/XLSX header, JSONL keys)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    fmt = file_format(path)
    if fmt == "csv":
        yield from _csv(path, required)
    elif fmt == "jsonl":
        yield from _jsonl(path, required)
    else:
        yield from _xlsx(path, required)


def _check_header(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    for col in required:
        if col not in header:
            raise InputError(
                path,
                f"no column {col!r} (columns: {', '.join(header) or 'none'})",
                line=1,
                column=col,
            )


def _csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            header = list(reader.fieldnames or [])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot read the header: {exc}", line=1) from exc
        _check_header(path, header, required)
        try:
            for row in reader:
                yield reader.line_num, dict(row)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(path, str(exc), line=reader.line_num + 1) from exc


def _jsonl(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    path, f"invalid JSON: {exc.msg}", line=line_no, column=exc.colno
                ) from exc
            if not isinstance(record, dict):
                raise InputError(path, "each line must be a JSON object", line=line_no, column=1)
            for col in required:
                if col not in record:
                    raise InputError(path, f"no key {col!r}", line=line_no, column=col)
            yield line_no, record


def _xlsx(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
        header = [str(c) if c is not None else "" for c in (first or ())]
        _check_header(path, header, required)
        for line_no, values in enumerate(rows, start=2):
            if values is None or all(v is None for v in values):
                continue
            yield line_no, {h: v for h, v in zip(header, values, strict=False) if h}
    finally:
        wb.close()


def count_records(path: Path) -> int | None:
    """Rows in the file (a cheap first pass for the progress bar), or None when unknown."""
    fmt = file_format(path)
    if fmt == "xlsx":
        return None
    with path.open("rb") as fh:
        lines = sum(1 for line in fh if line.strip())
    return max(lines - 1, 0) if fmt == "csv" else lines
