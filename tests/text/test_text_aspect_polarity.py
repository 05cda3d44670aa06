"""The learned aspect polarity re-scorer: not bundled (rules decide), built on request, loaded from a
model directory that holds it, honest cross-validated figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from cxloop.text import Analyzer
from cxloop.text import aspects as aspect_rules
from cxloop.text.analyzer import BUNDLED_DIR
from cxloop.text.training import aspect_polarity, targets

BARE_MENTION = "我们是中午去的，服务员把我们带到了二楼"
"""Names the staff and judges nothing; the rules leave it to the sentiment score of the clause,
which reads the calm sentence as praise."""


def polarity(analyzer: Analyzer, text: str, key: str) -> str:
    return next(a.polarity for a in analyzer.analyze(text).aspects if a.key == key)


@pytest.fixture(scope="module")
def without_rescorer(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    """The bundled models in a directory of their own (the bundle has no re-scorer)."""
    directory = tmp_path_factory.mktemp("no_rescorer")
    for path in BUNDLED_DIR.iterdir():
        shutil.copy(path, directory / path.name)
    return Analyzer.load(directory)


@pytest.fixture(scope="module")
def rescorer_dir(text_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled models plus a re-scorer fitted on the restaurant data, as
    ``cxloop text train --aspect-rescorer`` builds it."""
    directory = tmp_path_factory.mktemp("rescorer")
    for path in BUNDLED_DIR.iterdir():
        shutil.copy(path, directory / path.name)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    manifest["trained_on"]["aspect_polarity_zh"] = aspect_polarity.build(directory, text_data)
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def analyzer(rescorer_dir: Path) -> Analyzer:  # overrides the bundled one of conftest
    return Analyzer.load(rescorer_dir)


def reading(rule: str, judged: tuple[tuple[float, bool, bool], ...]) -> aspect_rules.PolarityInput:
    return aspect_rules.PolarityInput(
        "attitude", ("服务员",) * len(judged), judged, ((0.0, 0.0),) * len(judged),
        (0.3,) * len(judged), 0.2, rule,
    )  # fmt: skip


def test_the_bundle_has_no_rescorer_and_the_rules_decide() -> None:
    assert not (BUNDLED_DIR / aspect_rules.POLARITY_MODEL_FILE).exists()
    manifest = json.loads((BUNDLED_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert "aspect_polarity_zh" not in manifest["trained_on"]
    assert Analyzer.load().aspect_polarity_ is None


def test_a_directory_with_a_rescorer_loads_it(analyzer: Analyzer, rescorer_dir: Path) -> None:
    assert isinstance(analyzer.aspect_polarity_, aspect_rules.PolarityModel)
    manifest = json.loads((rescorer_dir / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["trained_on"]["aspect_polarity_zh"]
    assert "non-commercial" in entry["licence"]
    assert entry["rows"] == analyzer.aspect_polarity_.model.meta_["trained_on_aspects"]


def test_the_rescorer_file_holds_only_arrays(rescorer_dir: Path) -> None:
    with np.load(rescorer_dir / aspect_rules.POLARITY_MODEL_FILE, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
    assert meta["features"] == aspect_rules.POLARITY_FEATURES
    assert meta["classes"] == ["negative", "neutral", "positive"]


def test_a_bare_mention_the_rules_read_as_praise_is_neutral_with_the_rescorer(
    analyzer: Analyzer, without_rescorer: Analyzer
) -> None:
    assert polarity(without_rescorer, BARE_MENTION, "attitude") == "positive"
    assert polarity(analyzer, BARE_MENTION, "attitude") == "neutral"


def test_without_the_file_the_rules_decide(
    analyzer: Analyzer, without_rescorer: Analyzer, rescorer_dir: Path
) -> None:
    assert without_rescorer.aspect_polarity_ is None
    rules_only = Analyzer.load(rescorer_dir)
    rules_only.aspect_polarity_ = None
    texts = [BARE_MENTION, "价格不贵，服务员", "上菜很慢，环境还行", "排队", "停车场"]
    for mine, ref in zip(
        without_rescorer.analyze_batch(texts), rules_only.analyze_batch(texts), strict=True
    ):
        assert mine.aspects == ref.aspects


def test_where_words_judge_the_aspect_the_rules_reading_stands(analyzer: Analyzer) -> None:
    model = analyzer.aspect_polarity_
    assert model is not None
    judged = reading("negative", ((0.0, False, False), (-1.0, False, True)))
    assert judged.words_decide
    assert model.predict([judged]) == ["negative"]
    assert not reading("positive", ((0.0, False, False),)).words_decide
    # an average word is a verdict too (neutral), not something left to the score
    assert reading("neutral", ((0.0, True, True),)).words_decide


def test_words_that_judge_keep_their_polarity_in_the_analysis(analyzer: Analyzer) -> None:
    assert polarity(analyzer, "价格不贵", "price") == "positive"
    assert polarity(analyzer, "服务员态度很差", "attitude") == "negative"


def test_a_trained_rescorer_saves_and_loads_with_the_same_predictions(tmp_path: Path) -> None:
    unjudged = ((0.0, False, False),)
    texts = [
        "服务员",
        "服务员带我们入座",
        "找了半天服务员",
        "叫服务员没人理",
        "服务员推荐的菜",
        "服务员很多",
    ]
    labels = ["neutral", "neutral", "negative", "negative", "positive", "positive"]
    inputs = [
        aspect_rules.PolarityInput(
            "attitude", (t,), unjudged, ((0.0, 0.0),), (0.4,), 0.3, "neutral"
        )
        for t in texts
    ]
    model = aspect_polarity.fit_polarity(inputs, labels)
    model.model.save(tmp_path / aspect_rules.POLARITY_MODEL_FILE)
    loaded = aspect_rules.load_polarity_model(tmp_path)
    assert loaded is not None
    assert loaded.predict(inputs) == model.predict(inputs)
    assert model.predict(inputs) == labels  # six rows, 3-grams: it can at least fit them


def test_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_DIR / "emotion_zh.npz", tmp_path / aspect_rules.POLARITY_MODEL_FILE)
    with pytest.raises(ValueError, match="not an aspect polarity model"):
        aspect_rules.load_polarity_model(tmp_path)


def test_the_cross_validated_rescorer_beats_the_rules_on_held_out_reviews(text_data: Path) -> None:
    res = targets.aspects_restaurant(text_data, log=lambda _: None)
    learned, rules = res["polarity_rescorer"], res["polarity"]
    assert learned["n"] == rules["n"] > 3000
    assert learned["accuracy"] >= rules["accuracy"] + 0.01
    assert learned["macro_f1"] > rules["macro_f1"]
    folds = res["polarity_cv"]["per_fold"]
    assert sum(f["rescorer"]["accuracy"] > f["rules"]["accuracy"] for f in folds) >= 3


def test_the_build_writes_a_rescorer_the_analyzer_then_uses(
    text_data: Path, tmp_path: Path
) -> None:
    for name in ("manifest.json", "sentiment_zh.npz"):
        shutil.copy(BUNDLED_DIR / name, tmp_path / name)
    assert Analyzer.load(tmp_path).aspect_polarity_ is None
    entry = aspect_polarity.build(tmp_path, text_data)
    assert entry["rows"] > 300
    built = Analyzer.load(tmp_path)
    assert isinstance(built.aspect_polarity_, aspect_rules.PolarityModel)
    assert polarity(built, BARE_MENTION, "attitude") == "neutral"


def test_refitting_the_chinese_sentiment_model_drops_the_rescorer_that_learned_the_old_one(
    rescorer_dir: Path,
) -> None:
    good = ["服务很好", "态度热情", "办得很快", "非常满意", "环境干净", "效率很高"]
    bad = ["服务很差", "态度恶劣", "等了很久", "非常失望", "环境很脏", "推三阻四"]
    refitted = Analyzer.load(rescorer_dir).fit(
        good + bad, ["positive"] * 6 + ["negative"] * 6, lang="zh"
    )
    assert refitted.aspect_polarity_ is None
    kept = Analyzer.load(rescorer_dir).fit(
        ["great service", "awful wait"], ["positive", "negative"], lang="en"
    )
    assert isinstance(kept.aspect_polarity_, aspect_rules.PolarityModel)
