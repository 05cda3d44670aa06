"""Reading feedback files (CSV, JSONL, XLSX) into raw items, one row at a time.

Why a generator of rows and not a list: a file of millions of rows must import in constant memory,
so the importer takes rows in chunks and hands each chunk to :func:`ingest_items` — the same code
path as the batch API. Each row keeps where it came from (line, and the column of every field) so
that an error names file, line and column.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxloop.core.errors import BadRequest, CxError
from cxloop.feedback.schemas import FeedbackIn

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}
CUSTOMER_FIELDS = ("name", "phone", "email", "segment")
FIELDS = frozenset(
    {name for name in FeedbackIn.model_fields if name not in ("customer", "metadata")}
    | {"customer", "customer.external_id"}
    | {f"customer.{name}" for name in CUSTOMER_FIELDS}
)


@dataclass
class SourceRow:
    """One record of the file: its item (or the reason it cannot be read) and its origin."""

    line: int
    item: dict[str, Any] | None
    columns: dict[str, int] = field(default_factory=dict)  # field -> 1-based column
    error: CxError | None = None


def file_format(path: Path) -> str:
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise BadRequest("import.unknown_format", name=path.name)
    return found


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``--map 评分=rating`` pairs -> {source column: feedback field}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise BadRequest("import.bad_mapping", value=pair)
        target = target.strip()
        if target not in FIELDS and not target.startswith("metadata."):
            raise BadRequest("import.unknown_field", field=target)
        mapping[column.strip()] = target
    return mapping


def _target(column: str, mapping: dict[str, str]) -> str:
    """Where a column goes: the mapping, a field of the same name, or else the item's metadata."""
    if column in mapping:
        return mapping[column]
    if column in FIELDS:
        return column
    return f"metadata.{column}"


def build_item(
    values: Iterable[tuple[str, Any]], mapping: dict[str, str], defaults: dict[str, Any]
) -> dict[str, Any]:
    """A flat row ({column: value}) as a nested feedback item."""
    item: dict[str, Any] = dict(defaults)
    customer: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for column, value in values:
        target = _target(column, mapping)
        if target in ("customer", "customer.external_id"):
            customer["external_id"] = value
        elif target.startswith("customer."):
            customer[target.removeprefix("customer.")] = value
        elif target.startswith("metadata."):
            if value not in (None, ""):
                metadata[target.removeprefix("metadata.")] = value
        else:
            item[target] = value
    if any(v not in (None, "") for v in customer.values()):
        item["customer"] = customer
    if metadata:
        item["metadata"] = metadata
    return item


def _columns(header: Sequence[str], mapping: dict[str, str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, column in enumerate(header, start=1):
        target = _target(column, mapping)
        if target == "customer.external_id":
            target = "customer"
        columns.setdefault(target, index)
    return columns


def _read_csv(path: Path, mapping: dict[str, str], defaults: dict[str, Any]) -> Iterator[SourceRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        columns = _columns(header, mapping)
        previous = reader.line_num
        for record in reader:
            line = previous + 1  # where the record starts (a quoted cell may span lines)
            previous = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header):
                error = BadRequest(
                    "import.extra_cells",
                    details=[{"field": "item", "reason": f"{len(record)} cells"}],
                    expected=len(header),
                    found=len(record),
                )
                yield SourceRow(line, None, columns, error)
                continue
            yield SourceRow(
                line, build_item(zip(header, record, strict=False), mapping, defaults), columns
            )


def _read_jsonl(
    path: Path, mapping: dict[str, str], defaults: dict[str, Any]
) -> Iterator[SourceRow]:
    with path.open(encoding="utf-8-sig") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                error = BadRequest(
                    "import.invalid_json",
                    details=[{"field": "item", "reason": exc.msg, "column": exc.colno}],
                    reason=exc.msg,
                )
                yield SourceRow(line, None, {"item": exc.colno}, error)
                continue
            if not isinstance(value, dict):
                error = BadRequest(
                    "feedback.invalid",
                    details=[{"field": "item", "reason": "not a JSON object"}],
                    field="item",
                    reason="not a JSON object",
                )
                yield SourceRow(line, None, {}, error)
                continue
            flat = [(k, v) for k, v in value.items() if k not in ("customer", "metadata")]
            item = build_item(flat, mapping, defaults)
            if isinstance(value.get("customer"), dict | str | int):
                item["customer"] = value["customer"]
            if isinstance(value.get("metadata"), dict):
                item["metadata"] = {**item.get("metadata", {}), **value["metadata"]}
            yield SourceRow(line, item, {})


def _read_xlsx(
    path: Path, mapping: dict[str, str], defaults: dict[str, Any]
) -> Iterator[SourceRow]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        columns = _columns(header, mapping)
        for line, record in enumerate(rows, start=2):
            if all(cell is None or str(cell).strip() == "" for cell in record):
                continue
            pairs = [(h, v) for h, v in zip(header, record, strict=False) if h]
            yield SourceRow(line, build_item(pairs, mapping, defaults), columns)
    finally:
        workbook.close()


def read_rows(
    path: Path, *, mapping: dict[str, str] | None = None, defaults: dict[str, Any] | None = None
) -> Iterator[SourceRow]:
    """The file's records in order, lazily; ``defaults`` fill fields a row leaves out."""
    readers = {"csv": _read_csv, "jsonl": _read_jsonl, "xlsx": _read_xlsx}
    return readers[file_format(path)](path, mapping or {}, defaults or {})


def size_hint(path: Path) -> int | None:
    """Rows to expect, for the progress bar: lines of a text file, or the sheet's last row."""
    kind = file_format(path)
    if kind == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            last = workbook.worksheets[0].max_row
        finally:
            workbook.close()
        return max(0, (last or 1) - 1)
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return max(0, lines - 1) if kind == "csv" else lines


def error_column(row: SourceRow, error: CxError) -> int | None:
    """The 1-based column of the first field the error names, when the file has columns."""
    details = error.details if isinstance(error.details, list) else []
    for detail in details:
        if "column" in detail:
            return int(detail["column"])
        name = str(detail.get("field", ""))
        for candidate in (name, name.split(".")[0]):
            if candidate in row.columns:
                return row.columns[candidate]
    return None
