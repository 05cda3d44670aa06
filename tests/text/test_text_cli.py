"""``cxloop analyze`` and ``cxloop text evaluate|train`` on small files written by each test."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cxloop.cli.main import app
from cxloop.text import analyze_batch

ROWS = [
    ("a-1", "排队两个小时，工作人员态度很差，我要投诉到12345"),
    ("a-2", "服务很好，谢谢小王！我的电话是13812345678"),
    ("a-3", "The app crashed again and nobody called me back."),
    ("a-4", "请问周六办公吗？"),
]
FLAT = [
    "id",
    "sentiment",
    "sentiment_score",
    "type",
    "emotion",
    "aspects",
    "urgency",
    "masked_text",
]
runner = CliRunner()


def _csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, str] = ("id", "text")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_analyze_writes_one_flat_row_per_input_row_in_order_with_the_id(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(_csv(tmp_path / "in.csv", ROWS)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _read_jsonl(out)
    assert len(rows) == len(ROWS)
    assert [r["id"] for r in rows] == [i for i, _ in ROWS]
    assert all(list(r) == FLAT for r in rows)
    expected = analyze_batch([t for _, t in ROWS])
    for row, a in zip(rows, expected, strict=True):
        assert row["sentiment"] == a.sentiment.label
        assert row["sentiment_score"] == round(a.sentiment.negative_probability, 4)
        assert row["aspects"] == ";".join(a.aspect_keys)
        assert row["masked_text"] == a.masked_text
    assert rows[0]["sentiment"] == "negative" and "timeliness" in str(rows[0]["aspects"])
    assert "13812345678" not in str(rows[1]["masked_text"])
    assert "4 rows analysed" in result.stderr


def test_analyze_streams_many_chunks_and_writes_csv(tmp_path: Path) -> None:
    from cxloop.cli import text_cmds

    many = [(f"r{i}", ROWS[i % len(ROWS)][1]) for i in range(2 * text_cmds.CHUNK + 7)]
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["analyze", str(_csv(tmp_path / "in.csv", many)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert len(got) == len(many)
    assert [r["id"] for r in got] == [i for i, _ in many]
    assert list(got[0]) == FLAT
    assert got[0]["sentiment"] == got[len(ROWS)]["sentiment"]


def test_analyze_reads_jsonl_and_xlsx_with_other_column_names(tmp_path: Path) -> None:
    jl = tmp_path / "in.jsonl"
    jl.write_text(
        "".join(json.dumps({"key": i, "body": t}, ensure_ascii=False) + "\n" for i, t in ROWS),
        encoding="utf-8",
    )
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["key", "body"])
    for row in ROWS:
        ws.append(list(row))
    xl = tmp_path / "in.xlsx"
    wb.save(xl)
    outs = []
    for src in (jl, xl):
        out = tmp_path / f"{src.suffix[1:]}.jsonl"
        args = ["analyze", str(src), "--text-column", "body", "--id-column", "key", "-o", str(out)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        outs.append(_read_jsonl(out))
    assert len(outs[0]) == len(ROWS)
    assert outs[0] == outs[1]
    assert [r["id"] for r in outs[0]] == [i for i, _ in ROWS]


def test_analyze_uses_the_row_number_when_there_is_no_id_column(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\n很好\n很差\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(src)])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == [1, 2]


def test_a_broken_jsonl_line_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"text": "好"}\n{"text": 好}\n', encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(src)])
    assert result.exit_code == 1
    assert f"{src}, line 2, column 10" in result.stderr


def test_a_missing_text_column_is_reported_with_the_columns_there_are(tmp_path: Path) -> None:
    src = _csv(tmp_path / "in.csv", ROWS, header=("id", "comment"))
    result = runner.invoke(app, ["analyze", str(src)])
    assert result.exit_code == 1
    err = result.stderr
    assert "line 1, column text" in err and "comment" in err


def test_an_unknown_output_type_is_refused(tmp_path: Path) -> None:
    src = _csv(tmp_path / "in.csv", ROWS)
    result = runner.invoke(app, ["analyze", str(src), "-o", str(tmp_path / "out.txt")])
    assert result.exit_code == 1
    assert ".jsonl or .csv" in result.stderr


def test_evaluate_prints_accuracy_macro_f1_and_a_confusion_matrix(tmp_path: Path) -> None:
    rows = [("1", "服务很好，非常满意", "positive"), ("2", "态度太差了，再也不来", "negative")] * 3
    src = tmp_path / "gold.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "review", "gold"])
        w.writerows(rows)
    args = ["text", "evaluate", str(src), "--text-column", "review", "--label-column", "gold"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "accuracy: 1.0000" in result.stdout
    assert "macro-F1:" in result.stdout
    assert "| true \\ predicted | negative | neutral | positive |" in result.stdout
    assert "| negative | 3 | 0 | 0 |" in result.stdout


def test_evaluate_names_the_line_of_a_label_it_cannot_read(tmp_path: Path) -> None:
    src = tmp_path / "gold.csv"
    src.write_text("text,label\n很好,positive\n很差,terrible\n", encoding="utf-8")
    result = runner.invoke(app, ["text", "evaluate", str(src)])
    assert result.exit_code == 1
    assert f"{src}, line 3, column label" in result.stderr


def test_evaluate_reads_none_as_no_aspect_and_names_the_line_of_an_unknown_one(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("text,label\n今天天气不错,none\n排队两个小时,timeliness\n", encoding="utf-8")
    result = runner.invoke(app, ["text", "evaluate", str(good), "--task", "aspects"])
    assert result.exit_code == 0, result.output
    assert "| none |" not in result.stdout  # not scored as if it were a key
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\n排队两个小时,timeliness\n门禁坏了,gate\n", encoding="utf-8")
    result = runner.invoke(app, ["text", "evaluate", str(bad), "--task", "aspects"])
    assert result.exit_code == 1
    assert f"{bad}, line 3, column label" in result.stderr
    assert "gate" in result.stderr


@pytest.mark.parametrize("task", ["aspects", "emotion", "type"])
def test_evaluate_scores_every_task(tmp_path: Path, task: str) -> None:
    gold = {"aspects": "timeliness;attitude", "emotion": "anger", "type": "complaint"}[task]
    src = tmp_path / "gold.csv"
    src.write_text(
        f"text,label\n排队两个小时，工作人员态度很差，气死我了,{gold}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["text", "evaluate", str(src), "--task", task])
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.stdout and "macro-F1" in result.stdout


def test_a_model_directory_that_is_not_a_model_is_reported(tmp_path: Path) -> None:
    src = _csv(tmp_path / "in.csv", ROWS)
    result = runner.invoke(app, ["analyze", str(src), "--model", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a cxloop text model directory" in result.stderr


def test_analyze_applies_an_organisation_lexicon_directory(tmp_path: Path) -> None:
    words = tmp_path / "words"
    words.mkdir()
    (words / "aspects_zh.tsv").write_text("digital\t社保卡\n", encoding="utf-8")
    src = _csv(tmp_path / "in.csv", [("x", "今天去领社保卡")])
    plain = runner.invoke(app, ["analyze", str(src)])
    own = runner.invoke(app, ["analyze", str(src), "--lexicon-dir", str(words)])
    assert plain.exit_code == 0 and own.exit_code == 0, own.output
    assert "digital" not in json.loads(plain.stdout.splitlines()[0])["aspects"]
    assert "digital" in json.loads(own.stdout.splitlines()[0])["aspects"].split(";")
