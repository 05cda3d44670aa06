"""Fine-tuning and self-training: a model moves towards an organisation's domain and keeps the rest.

Measured on real reviews of a domain the base model never saw (hotels; the base model learns from a
part of the shopping reviews), on hotel rows that no step saw. The base model here is small so the
tests stay fast; the full-size figures are in the model card (``adaptation`` rows).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxloop.text.linear import LinearTextModel
from cxloop.text.training import datasets
from cxloop.text.training.adaptation import adapt_sentiment
from cxloop.text.training.sentiment import fit_sentiment, lexicon_features, negative_probability


@pytest.fixture(scope="module")
def domains(text_data: Path) -> dict[str, list[str]]:
    """6,000 shopping reviews (the base domain) and hotel reviews split three ways."""
    rng = np.random.default_rng(3)
    shop = datasets.shopping(text_data, drop_hotels=True)
    s = rng.choice(len(shop.texts), 6000, replace=False)
    hotels = datasets.hotels(text_data)
    h = rng.permutation(len(hotels.texts))
    labelled, pool, test = h[:400], h[400:2900], h[2900:4900]
    return {
        "base_texts": [shop.texts[i] for i in s],
        "base_labels": [shop.labels[i] for i in s],
        "labelled_texts": [hotels.texts[i] for i in labelled],
        "labelled_labels": [hotels.labels[i] for i in labelled],
        "pool": [hotels.texts[i] for i in pool],
        "test_texts": [hotels.texts[i] for i in test],
        "test_labels": [hotels.labels[i] for i in test],
    }


@pytest.fixture(scope="module")
def base(domains: dict[str, list[str]]) -> LinearTextModel:
    return fit_sentiment(domains["base_texts"], domains["base_labels"], kind="zh", nb_alpha=5.0)


def _accuracy(model: LinearTextModel, d: dict[str, list[str]]) -> float:
    p = negative_probability(model, d["test_texts"])
    truth = np.asarray([y == "negative" for y in d["test_labels"]])
    return float(np.mean((p >= 0.5) == truth))


@pytest.mark.slow
def test_fine_tuning_on_a_few_labels_beats_the_base_and_a_model_of_those_labels_alone(
    base: LinearTextModel, domains: dict[str, list[str]]
) -> None:
    texts, labels = domains["labelled_texts"], domains["labelled_labels"]
    before = base.coef_.copy()
    tuned = base.fine_tune(texts, labels, lexicon_features(texts))
    alone = fit_sentiment(texts, labels, kind="zh", nb_alpha=5.0)
    assert np.array_equal(base.coef_, before)  # the base model is untouched
    assert _accuracy(tuned, domains) > _accuracy(base, domains) + 0.01
    assert _accuracy(tuned, domains) > _accuracy(alone, domains) + 0.01
    assert tuned.meta_["fine_tuned"]["rows"] == len(texts)


@pytest.mark.slow
def test_unlabelled_texts_of_the_domain_add_to_a_few_labels(
    base: LinearTextModel, domains: dict[str, list[str]]
) -> None:
    texts, labels = domains["labelled_texts"], domains["labelled_labels"]
    labelled = adapt_sentiment(base, texts, labels)
    both = adapt_sentiment(base, texts, labels, domains["pool"])
    assert both.unlabelled == len(domains["pool"])
    assert 0.5 * both.unlabelled < both.pseudo_labelled < both.unlabelled
    # At this test's small scale (a base of 6,000 reviews, 2,500 unlabelled ones) the gain of the
    # unlabelled rows is within noise: +0.0075 on these 2,000 rows with 2026.12.5, +0.0045 with
    # 2026.12.6, +0.0008 / -0.0006 on all 4,865 rows no step saw. So the test asks that they cost
    # nothing; at full size (500 labels, every domain left out in turn) they add -0.04 to +1.5 points,
    # +0.4 on the hotels, measured by
    # ``scripts/text/measure.py --only sentiment_zh_adapted`` (model card).
    assert _accuracy(both.model, domains) >= _accuracy(labelled.model, domains) - 0.002
    alone = adapt_sentiment(base, [], [], domains["pool"])  # no label at all: not worse
    assert _accuracy(alone.model, domains) >= _accuracy(base, domains)


@pytest.mark.slow
def test_no_confident_reading_means_only_the_labels_teach(
    base: LinearTextModel, domains: dict[str, list[str]]
) -> None:
    texts, labels = domains["labelled_texts"][:100], domains["labelled_labels"][:100]
    none_kept = adapt_sentiment(base, texts, labels, domains["pool"][:200], confidence=1.01)
    plain = base.fine_tune(texts, labels, lexicon_features(texts))
    assert none_kept.pseudo_labelled == 0
    sample = domains["test_texts"][:200]
    assert np.allclose(
        negative_probability(none_kept.model, sample), negative_probability(plain, sample)
    )


def test_new_words_get_a_weight_and_saved_models_read_back(tmp_path: Path) -> None:
    """The word 办不动 is absent from the base texts; after fine-tuning it reads negative."""
    base_texts = ["服务很好", "态度很好", "非常满意", "很差劲", "太慢了", "非常失望"] * 5
    base_labels = ["positive"] * 3 + ["negative"] * 3
    model = LinearTextModel("zh", nb_alpha=1.0).fit(
        base_texts, base_labels * 5, lexicon_features(base_texts)
    )
    new = ["窗口说办不动", "又是办不动", "这件事办不动", "一次就办好", "当场就办好"] * 4
    labels = ["negative", "negative", "negative", "positive", "positive"] * 4
    tuned = model.fine_tune(new, labels, lexicon_features(new))
    probe = ["办不动"]

    def p_neg(m: LinearTextModel) -> float:
        return float(negative_probability(m, probe)[0])

    assert p_neg(tuned) > p_neg(model) + 0.1
    col = tuned.featurizer().counts(probe).indices
    assert np.all(model.idf_[col] == 0)  # unseen by the base model: no scale, no weight
    assert np.all(tuned.idf_[col] > 0)
    tuned.save(tmp_path / "m.npz")
    back = LinearTextModel.load(tmp_path / "m.npz")
    assert abs(p_neg(back) - p_neg(tuned)) < 1e-3


def test_neutral_folds_onto_not_negative_and_unknown_labels_are_refused() -> None:
    texts = ["服务很好", "很差劲", "非常满意", "太慢了"] * 4
    model = LinearTextModel("zh").fit(texts, ["positive", "negative"] * 8, lexicon_features(texts))
    tuned = model.fine_tune(
        ["请问几点开门"] * 4, ["neutral"] * 4, lexicon_features(["请问几点开门"] * 4)
    )
    assert list(tuned.classes_) == ["negative", "positive"]
    assert (
        negative_probability(tuned, ["请问几点开门"])[0]
        < negative_probability(model, ["请问几点开门"])[0]
    )
    with pytest.raises(ValueError, match="none of the model's classes"):
        model.fine_tune(["好"], ["angry"], lexicon_features(["好"]))


def test_enough_neutral_labels_give_a_negative_positive_model_a_neutral_class(
    tmp_path: Path,
) -> None:
    texts = ["服务很好", "很差劲", "非常满意", "太慢了"] * 4
    model = LinearTextModel("zh").fit(texts, ["positive", "negative"] * 8, lexicon_features(texts))
    neutral = ["请问几点开门", "我想咨询社保卡补办", "请问在哪里办理", "咨询一下流程"] * 3
    rows = neutral + ["服务很好", "很差劲"] * 3
    labels = ["neutral"] * len(neutral) + ["positive", "negative"] * 3
    tuned = model.fine_tune(rows, labels, lexicon_features(rows))
    assert list(tuned.classes_) == ["negative", "neutral", "positive"]
    probe = ["请问社保卡在哪里补办"]
    proba = tuned.predict_proba(probe, lexicon_features(probe))[0]
    assert proba.argmax() == 1  # neutral
    praise = ["服务很好，非常满意"]
    assert tuned.predict(praise, lexicon_features(praise))[0] == "positive"
    tuned.save(tmp_path / "three.npz")
    assert list(LinearTextModel.load(tmp_path / "three.npz").classes_) == list(tuned.classes_)


def test_macro_f1_can_be_taken_over_the_labels_an_organisation_gives() -> None:
    """One text read as neutral, in data labelled only negative / positive, is one error."""
    from cxloop.text.training.metrics import score

    truth = ["negative"] * 5 + ["positive"] * 5
    pred = ["negative"] * 5 + ["positive"] * 4 + ["neutral"]
    classes = ["negative", "neutral", "positive"]
    everything = score(truth, pred, classes)
    given = score(truth, pred, classes, f1_labels=["negative", "positive"])
    assert everything.accuracy == given.accuracy == 0.9
    assert given.macro_f1 == round((1.0 + 8 / 9) / 2, 4)
    assert everything.macro_f1 == round((1.0 + 8 / 9 + 0.0) / 3, 4)
    assert given.confusion == everything.confusion  # the matrix keeps the neutral column


@pytest.mark.slow
def test_the_neutral_step_teaches_a_review_model_that_statements_are_not_complaints(
    text_data: Path,
) -> None:
    """``cxloop text train --neutral-step``: review model + Weibo posts read as sentiment."""
    from cxloop.text.training.build import fit_sentiment_zh

    rng = np.random.default_rng(9)
    shop = datasets.shopping(text_data, drop_hotels=True)
    s = rng.choice(len(shop.texts), 6000, replace=False)
    weibo = datasets.weibo_sentiment(text_data)
    w = rng.permutation(len(weibo.texts))
    train = datasets.Labelled(
        [weibo.texts[i] for i in w[:3000]],
        [weibo.labels[i] for i in w[:3000]],
        ["weibo"] * 3000,
    )
    held = [i for i in w[3000:4500]]
    args = ([shop.texts[i] for i in s], [shop.labels[i] for i in s], [shop.groups[i] for i in s])
    reviews = fit_sentiment_zh(*args)
    stepped = fit_sentiment_zh(*args, train)
    assert list(reviews.classes_) == ["negative", "positive"]
    assert list(stepped.classes_) == ["negative", "neutral", "positive"]

    def read_negative(model: LinearTextModel, gold: str) -> float:
        texts = [weibo.texts[i] for i in held if weibo.labels[i] == gold]
        return float(np.mean(negative_probability(model, texts) >= 0.5))

    assert read_negative(stepped, "neutral") < read_negative(reviews, "neutral") - 0.15
    assert read_negative(stepped, "negative") > 0.6  # complaints are still complaints
