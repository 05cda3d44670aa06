"""``cxloop text train --data``: an organisation's own model, versioned, activated only if not worse."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cxloop.cli.main import app
from cxloop.text import Analyzer
from cxloop.text.training import datasets

runner = CliRunner()


def _sample(data: Path, n: int, *, invert: bool) -> list[tuple[str, str]]:
    """``n`` hotel reviews, half of each class, in a fixed shuffled order (the file is sorted)."""
    h = datasets.hotels(data)
    rng = np.random.default_rng(7)
    rows: list[tuple[str, str]] = []
    for lab in ("negative", "positive"):
        idx = [i for i, y in enumerate(h.labels) if y == lab and len(h.texts[i]) < 120]
        for i in rng.choice(idx, n // 2, replace=False):
            other = "positive" if lab == "negative" else "negative"
            rows.append((h.texts[i], other if invert else lab))
    rng.shuffle(rows)  # type: ignore[arg-type]
    return rows


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["comment", "rating"])
        for text, label in rows:
            w.writerow([text, "1" if label == "negative" else "5"])
    return path


@pytest.mark.slow
def test_a_better_organisation_model_is_versioned_and_activated(
    tmp_path: Path, text_data: Path
) -> None:
    """Labels the bundled model gets wrong (this organisation reads them the other way round)."""
    src = _write(tmp_path / "ours.csv", _sample(text_data, 240, invert=True))
    org = tmp_path / "org-model"
    args = ["text", "train", "--data", str(src), "--output-dir", str(org)]
    result = runner.invoke(app, [*args, "--text-column", "comment", "--label-column", "rating"])
    assert result.exit_code == 0, result.output
    active = (org / "ACTIVE").read_text(encoding="utf-8").strip()
    assert active.startswith("org-")
    report = json.loads((org / active / "evaluation.json").read_text(encoding="utf-8"))
    assert report["activated"] is True
    assert report["held_out"] == 48
    assert report["candidate"]["macro_f1"] > report["current"]["macro_f1"]
    assert (org / active / "evaluation.md").is_file()
    assert "| candidate |" in result.stdout and "ACTIVE" in result.stdout
    loaded = Analyzer.load(org)
    assert loaded.version == active
    # refitting learns a reading the other way round better than fine-tuning, and the
    # cross-validation on the training rows that chooses says so
    assert report["method"] == "refit"
    assert report["inner_check"]["refit"] > report["inner_check"]["fine-tune"]
    assert "fine_tuned" not in loaded.models_["sentiment_zh"].meta_
    # its texts that this organisation calls complaints (praise, to everyone else) read as more
    # negative with its model than with the bundled one
    ours = [text for text, label in _sample(text_data, 240, invert=True) if label == "negative"]
    assert (
        loaded.predict_proba(ours)[:, 0].mean() > Analyzer.load().predict_proba(ours)[:, 0].mean()
    )


@pytest.mark.slow
def test_a_worse_organisation_model_is_kept_but_not_activated_unless_forced(
    tmp_path: Path, text_data: Path
) -> None:
    """A model refitted on 32 reviews alone (``--refit``) is worse than the bundled one."""
    src = _write(tmp_path / "few.csv", _sample(text_data, 40, invert=False))
    org = tmp_path / "org-model"
    args = ["text", "train", "--data", str(src), "--output-dir", str(org), "--refit"]
    args += ["--text-column", "comment", "--label-column", "rating"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "not activated" in first.stdout
    assert not (org / "ACTIVE").exists()
    versions = [p for p in org.iterdir() if p.is_dir()]
    assert len(versions) == 1
    report = json.loads((versions[0] / "evaluation.json").read_text(encoding="utf-8"))
    assert report["candidate"]["macro_f1"] < report["current"]["macro_f1"]

    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    active = (org / "ACTIVE").read_text(encoding="utf-8").strip()
    assert json.loads((org / active / "evaluation.json").read_text())["activated"] is True
    assert len([p for p in org.iterdir() if p.is_dir()]) == 2


def test_training_data_with_an_unreadable_label_names_its_line(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("text,label\n很好,5\n很差,7\n", encoding="utf-8")
    result = runner.invoke(
        app, ["text", "train", "--data", str(src), "--output-dir", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert f"{src}, line 3, column label" in result.stderr


def _weibo_rows(data: Path, n: int, seed: int) -> list[tuple[str, str]]:
    """Weibo posts with their emotion read as sentiment (neutral posts neutral, happy positive,
    angry / sad / fear negative): a domain and a neutral class the bundled sentiment model never
    learned from."""
    w = datasets.weibo_emotions(data)
    to_sentiment = {"neural": "neutral", "happy": "positive", "angry": "negative"}
    to_sentiment |= {"sad": "negative", "fear": "negative"}
    idx = [i for i, lab in enumerate(w.labels) if lab in to_sentiment]
    rng = np.random.default_rng(seed)
    return [(w.texts[i], to_sentiment[w.labels[i]]) for i in rng.choice(idx, n, replace=False)]


@pytest.mark.slow
def test_fine_tuning_learns_an_organisations_domain_from_labels_and_unlabelled_rows(
    tmp_path: Path, text_data: Path
) -> None:
    rows = _weibo_rows(text_data, 2400, seed=11)
    src = tmp_path / "weibo.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        for i, (text, label) in enumerate(rows):
            w.writerow([text, label if i < 600 else ""])  # 600 labelled, 1,800 never rated
    org = tmp_path / "org-model"
    result = runner.invoke(app, ["text", "train", "--data", str(src), "--output-dir", str(org)])
    assert result.exit_code == 0, result.output
    active = (org / "ACTIVE").read_text(encoding="utf-8").strip()
    report = json.loads((org / active / "evaluation.json").read_text(encoding="utf-8"))
    assert report["rows"] == 600 and report["unlabelled"] == 1800
    check = report["inner_check"]  # cross-validated on training rows, never the held-out ones
    assert set(check) == {"fine-tune", "fine-tune+unlabelled", "refit"}
    assert report["method"] == max(check, key=lambda m: check[m])
    if report["method"] == "fine-tune+unlabelled":
        assert 0 < report["pseudo_labelled"] <= 1800
        assert "unlabelled rows it read confidently" in result.stdout
    assert "Chosen by 3-fold cross-validation on the training rows" in result.stdout
    assert "fold 3/3: refit macro-F1" in result.stderr  # progress while it cross-validates
    assert report["candidate"]["macro_f1"] > report["current"]["macro_f1"] + 0.02
    manifest = json.loads((org / active / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["trained_on_org_data"]["method"] == report["method"]
