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
    rng.shuffle(rows)
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


def _current_without_hotels(data: Path, org: Path) -> None:
    """An active organisation model whose Chinese sentiment model learned from 6,000 shopping
    reviews only, so the hotel reviews below are a domain it never saw (the bundled model has
    seen them all)."""
    shop = datasets.shopping(data, drop_hotels=True)
    pick = np.random.default_rng(5).choice(len(shop.texts), 6000, replace=False)
    base = Analyzer.load().fit(
        [shop.texts[i] for i in pick], [shop.labels[i] for i in pick], lang="zh"
    )
    base.save(org / "org-base", version="org-base")
    (org / "ACTIVE").write_text("org-base\n", encoding="utf-8")


@pytest.mark.slow
def test_fine_tuning_learns_an_organisations_domain_from_labels_and_unlabelled_rows(
    tmp_path: Path, text_data: Path
) -> None:
    org = tmp_path / "org-model"
    _current_without_hotels(text_data, org)
    hotels = datasets.hotels(text_data)
    order = np.random.default_rng(11).permutation(len(hotels.texts))[:3000]
    src = tmp_path / "hotels.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        # 1,500 labelled (300 held out: fewer make the comparison a coin toss), 1,500 never rated
        for n, i in enumerate(order):
            w.writerow([hotels.texts[i], hotels.labels[i] if n < 1500 else ""])
    result = runner.invoke(app, ["text", "train", "--data", str(src), "--output-dir", str(org)])
    assert result.exit_code == 0, result.output
    active = (org / "ACTIVE").read_text(encoding="utf-8").strip()
    assert active != "org-base"
    report = json.loads((org / active / "evaluation.json").read_text(encoding="utf-8"))
    assert report["rows"] == 1500 and report["unlabelled"] == 1500
    check = report["inner_check"]  # cross-validated on training rows, never the held-out ones
    assert set(check) == {"fine-tune", "fine-tune+unlabelled", "refit"}
    assert report["method"] == max(check, key=lambda m: check[m])
    if report["method"] == "fine-tune+unlabelled":
        assert 0 < report["pseudo_labelled"] <= 1500
        assert "unlabelled rows it read confidently" in result.stdout
    assert "Chosen by 3-fold cross-validation on the training rows" in result.stdout
    assert "fold 3/3: refit macro-F1" in result.stderr  # progress while it cross-validates
    assert report["candidate"]["accuracy"] > report["current"]["accuracy"] + 0.02
    paired = report["paired"]  # the accuracy difference is exactly the disagreements' balance
    gained = (paired["candidate_only"] - paired["current_only"]) / report["held_out"]
    assert abs(gained - (report["candidate"]["accuracy"] - report["current"]["accuracy"])) < 1e-3
    assert 0.0 <= paired["p_value"] < 0.05
    assert "exact McNemar p =" in result.stdout
    manifest = json.loads((org / active / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["trained_on_org_data"]["method"] == report["method"]


def test_the_paired_difference_counts_disagreements_and_says_when_they_decide_nothing() -> None:
    from cxloop.text.training.organisation import paired_difference

    truth = ["negative"] * 10 + ["positive"] * 10
    current = ["positive"] * 10 + ["positive"] * 10  # wrong on every negative
    candidate = ["negative"] * 9 + ["positive"] + ["positive"] * 9 + ["negative"]
    p = paired_difference(truth, current, candidate)
    assert (p["candidate_only"], p["current_only"]) == (9.0, 1.0)
    assert p["p_value"] == round(0.021484375, 4)  # 2 * P(X <= 1), X ~ Binomial(10, 1/2)
    even = paired_difference(truth, current, current)
    assert even == {"candidate_only": 0.0, "current_only": 0.0, "p_value": 1.0}
