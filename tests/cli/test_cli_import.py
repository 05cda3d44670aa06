"""`cxloop import FILE`: CSV, JSONL and XLSX; bad rows to an error file; re-import is a no-op."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from tests.factories import build_world

from cxloop.core import migrate
from cxloop.core.db import make_engine, make_sessionmaker
from cxloop.feedback.models import Feedback

ORG = "huangpu-gov"


@pytest.fixture
def shared_engine(fresh_database_url: str) -> Iterator[Engine]:
    """A migrated database with the personas, committed for real (the CLI is another process)."""
    engine = make_engine(fresh_database_url)
    migrate.upgrade(engine)
    with make_sessionmaker(engine)() as session:
        build_world(session)
        session.commit()
    yield engine
    engine.dispose()


def _cxloop(engine: Engine, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``cxloop import ARGS --org ORG``."""
    return _run(engine, cwd, "import", *args, "--org", ORG)


def _run(engine: Engine, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``cxloop ARGS`` in a fresh process against ``engine``'s database."""
    url = engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "CXLOOP_DATABASE_URL": url,
        "CXLOOP_DATA_DIR": str(cwd / "var"),
        "CXLOOP_LANG": "en",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "cxloop.cli.main", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _stored(engine: Engine) -> list[Feedback]:
    with make_sessionmaker(engine)() as session:
        return list(session.scalars(select(Feedback).order_by(Feedback.source_ref)))


def _errors(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_csv_imports_good_rows_reports_bad_ones_and_reimports_as_duplicates(
    shared_engine: Engine, tmp_path: Path
) -> None:
    source = _write_csv(
        tmp_path / "评价.csv",
        [
            ["编号", "评分", "unit", "text", "received_at", "工单来源"],
            ["q-1", "1", "HP-A-01", "排队太久", "2026-11-02 10:00", "窗口"],
            ["q-2", "5", "HP-A", "很满意\n谢谢", "2026-11-02T11:00:00+08:00", ""],
            ["q-3", "9", "HP-A", "", "2026-11-02 12:00", ""],
            ["q-4", "2", "NOPE", "", "2026-11-02 13:00", ""],
            ["q-5", "4", "HP-B", "", "2026-11-02 14:00", ""],
        ],
    )
    maps = ["--map", "编号=source_ref", "--map", "评分=rating", "--channel", "qr_rating"]
    first = _cxloop(shared_engine, tmp_path, str(source), *maps)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "created 3, duplicates 0, errors 2" in first.stdout
    error_path = tmp_path / "评价.csv.errors.csv"
    assert str(error_path) in first.stdout.replace("\n", "")
    # q-2's text spans two lines, so q-3 starts on line 5 of the file.
    assert [(e["line"], e["column"], e["field"], e["code"]) for e in _errors(error_path)] == [
        ("5", "2", "rating", "feedback.invalid"),
        ("6", "3", "unit", "org.unknown_unit"),
    ]
    assert "评价.csv:5:2" in first.stderr
    stored = _stored(shared_engine)
    assert [(f.source_ref, f.rating, f.channel) for f in stored] == [
        ("q-1", 1, "qr_rating"),
        ("q-2", 5, "qr_rating"),
        ("q-5", 4, "qr_rating"),
    ]
    assert stored[0].extra == {"工单来源": "窗口"}
    assert stored[0].received_at == datetime.fromisoformat("2026-11-02T02:00:00+00:00")
    assert stored[1].text == "很满意\n谢谢"
    again = _cxloop(shared_engine, tmp_path, str(source), *maps)
    assert "created 0, duplicates 3, errors 2" in again.stdout
    assert len(_stored(shared_engine)) == 3


def test_a_jsonl_file_names_the_line_and_column_of_broken_json(
    shared_engine: Engine, tmp_path: Path
) -> None:
    source = tmp_path / "hotline.jsonl"
    lines = [
        json.dumps(
            {
                "channel": "hotline",
                "source_ref": "h-1",
                "csat": 1,
                "customer": {"external_id": "c-1", "phone": "13800138000"},
            }
        ),
        '{"channel": "hotline", "source_ref": "h-2", "csat": }',
        "",
        json.dumps({"channel": "hotline", "source_ref": "h-3", "text": "电话一直打不通"}),
        json.dumps(["not", "an", "object"]),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _cxloop(shared_engine, tmp_path, str(source), "--errors", str(tmp_path / "bad.csv"))
    assert "created 2, duplicates 0, errors 2" in result.stdout, result.stdout + result.stderr
    errors = _errors(tmp_path / "bad.csv")
    assert [(e["line"], e["column"], e["code"]) for e in errors] == [
        ("2", "53", "import.invalid_json"),
        ("5", "", "feedback.invalid"),
    ]
    assert [f.source_ref for f in _stored(shared_engine)] == ["h-1", "h-3"]
    assert _stored(shared_engine)[0].customer_id is not None


def test_an_xlsx_sheet_imports_with_spreadsheet_dates_and_numbers(
    shared_engine: Engine, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["channel", "source_ref", "nps", "occurred_at", "客户", "备注"])
    # Spreadsheet cells hold naive wall-clock times: that is the case under test.
    sheet.append(["survey", 1001, 3, datetime(2026, 9, 30, 16, 0), "c-9", "回访"])  # noqa: DTZ001
    sheet.append(["survey", 1002, 11, datetime(2026, 9, 30, 17, 0), None, None])  # noqa: DTZ001
    sheet.append([None, None, None, None, None, None])
    sheet.append(["survey", 1003, 10, "2026-10-08", None, None])
    path = tmp_path / "nps.xlsx"
    book.save(path)
    result = _cxloop(shared_engine, tmp_path, str(path), "--map", "客户=customer")
    assert "created 2, duplicates 0, errors 1" in result.stdout, result.stdout + result.stderr
    errors = _errors(tmp_path / "nps.xlsx.errors.csv")
    assert [(e["line"], e["column"], e["field"]) for e in errors] == [("3", "3", "nps")]
    stored = _stored(shared_engine)
    assert [(f.source_ref, f.nps) for f in stored] == [("1001", 3), ("1003", 10)]
    # A spreadsheet time without offset is the organisation's local time (Asia/Shanghai).
    assert stored[0].occurred_at == datetime.fromisoformat("2026-09-30T08:00:00+00:00")
    assert stored[0].extra == {"备注": "回访"} and stored[0].customer_id is not None


def test_a_large_file_goes_in_chunks_through_the_batch_path(
    shared_engine: Engine, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["channel", "source_ref", "rating"]]
    rows += [["qr_rating", f"big-{i}", 1 + i % 5] for i in range(2_500)]
    source = _write_csv(tmp_path / "big.csv", rows)
    result = _cxloop(shared_engine, tmp_path, str(source))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "created 2500, duplicates 0, errors 0" in result.stdout
    assert not (tmp_path / "big.csv.errors.csv").exists()
    with make_sessionmaker(shared_engine)() as session:
        assert session.scalar(select(func.count(Feedback.id))) == 2_500


def test_an_unknown_format_or_mapping_is_refused_before_anything_is_read(
    shared_engine: Engine, tmp_path: Path
) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("hello", encoding="utf-8")
    result = _cxloop(shared_engine, tmp_path, str(odd))
    assert result.returncode == 2
    assert "import.unknown_format" in result.stderr and "notes.txt" in result.stderr
    good = _write_csv(tmp_path / "a.csv", [["channel", "source_ref", "rating"]])
    mapping = _cxloop(shared_engine, tmp_path, str(good), "--map", "评分=ratings")
    assert mapping.returncode == 2
    assert "import.unknown_field" in mapping.stderr and "ratings" in mapping.stderr
    shape = _cxloop(shared_engine, tmp_path, str(good), "--map", "rating")
    assert shape.returncode == 2 and "import.bad_mapping" in shape.stderr


def test_corrections_export_as_training_data_for_text_train(
    shared_engine: Engine, tmp_path: Path
) -> None:
    from cxloop.feedback import service as feedback_service
    from cxloop.feedback.schemas import CorrectionIn
    from cxloop.org import service as org_service

    with make_sessionmaker(shared_engine)() as session:
        org = org_service.find_organization_by_slug(session, ORG)
        assert org is not None
        report = feedback_service.ingest_items(
            session,
            organization_id=org.id,
            items=[{"channel": "app", "source_ref": "t-1", "text": "还行吧，等得有点久"}],
            analyze=False,
        )
        feedback_id = report.outcomes[0].id
        assert feedback_id is not None
        feedback_service.add_correction(
            session,
            organization_id=org.id,
            feedback_id=feedback_id,
            user_id=None,
            data=CorrectionIn(field="sentiment", value="negative"),
        )
        session.commit()
    out = tmp_path / "labels.csv"
    result = _run(shared_engine, tmp_path, "corrections", "export", str(out), "--org", ORG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 corrected sentiment labels" in result.stdout
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # The columns `cxloop text train --data` reads by default: text and label.
    assert rows == [
        {"feedback_id": str(feedback_id), "text": "还行吧，等得有点久", "label": "negative"}
    ]


def test_corrections_export_all_feedback_keeps_ratings_and_blank_labels(
    shared_engine: Engine, tmp_path: Path
) -> None:
    from cxloop.feedback import service as feedback_service
    from cxloop.org import service as org_service

    items = [
        {"channel": "app", "source_ref": "r-1", "text": "办事效率很高", "rating": 5},
        {"channel": "hotline", "source_ref": "r-2", "text": "请问公积金怎么提取"},
    ]
    with make_sessionmaker(shared_engine)() as session:
        org = org_service.find_organization_by_slug(session, ORG)
        assert org is not None
        feedback_service.ingest_items(session, organization_id=org.id, items=items, analyze=False)
        session.commit()
    out = tmp_path / "all.jsonl"
    base = ("corrections", "export", str(out), "--org", ORG)
    result = _run(shared_engine, tmp_path, *base, "--all-feedback")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 items (labelled or blank)" in result.stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(row["text"], row["label"]) for row in lines] == [
        ("办事效率很高", "5"),
        ("请问公积金怎么提取", ""),
    ]
    refused = _run(shared_engine, tmp_path, *base, "--all-feedback", "--field", "aspect")
    assert refused.returncode == 2
    assert "--all-feedback exports sentiment labels only" in refused.stderr
