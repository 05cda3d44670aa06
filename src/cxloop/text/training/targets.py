"""The measured targets of issue 3, each on rows the scored model never saw.

Why a module rather than a notebook: every figure in ``bench/RESULTS.md`` and the model card must be
reproducible by one command (``python scripts/text/measure.py``), with the same splits (fixed seeds)
and the same training code as the shipped models (:mod:`cxloop.text.training.build`). Each function
retrains from scratch on its training part, so nothing leaks from a held-out fold into the model;
aspect detection uses the bundled analyzer as shipped (no detection model is trained), and the
aspect polarity re-scorer, which ships trained on the restaurant rows, is retrained per fold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cxloop.text.analyzer import Analyzer
from cxloop.text.emotion import MODEL_TO_EMOTION
from cxloop.text.lexicon import load_lexicons, sentiment_masses
from cxloop.text.sentiment import three_way
from cxloop.text.training import aspect_polarity, datasets
from cxloop.text.training.build import (
    EMOTION_C,
    NB_ALPHA,
    NEUTRAL_C,
    SENTIMENT_ZH_C,
    fit_calibrated_zh,
    fit_emotion,
    fit_sentiment_en,
)
from cxloop.text.training.calibration import calibration_report
from cxloop.text.training.metrics import micro_f1, score
from cxloop.text.training.sentiment import fit_sentiment, lexicon_features, negative_probability
from cxloop.text.training.splits import FOLDS, stratified_folds


def _binary(y_true: Sequence[str], p_neg: np.ndarray) -> dict[str, Any]:
    truth = ["negative" if y == "negative" else "not" for y in y_true]
    pred = ["negative" if p >= 0.5 else "not" for p in p_neg]
    s = score(truth, pred, ["negative", "not"])
    return {
        "n": s.n,
        "accuracy": s.accuracy,
        "macro_f1": s.macro_f1,
        "confusion": s.confusion,
        **calibration_report(np.asarray([t == "negative" for t in truth]), p_neg),
    }


def sentiment_zh_in_domain(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """5-fold CV on the hotel reviews; each model also sees the shopping reviews (no 酒店 rows)."""
    hotels = datasets.hotels(data)
    shopping = datasets.shopping(data, drop_hotels=True)
    folds = stratified_folds(hotels.labels)
    p_neg = np.zeros(len(hotels.texts))
    for k in range(FOLDS):
        train = np.flatnonzero(folds != k)
        test = np.flatnonzero(folds == k)
        model = fit_calibrated_zh(
            [hotels.texts[i] for i in train] + shopping.texts,
            [hotels.labels[i] for i in train] + shopping.labels,
            ["hotel"] * len(train) + shopping.groups,
        )
        p_neg[test] = negative_probability(model, [hotels.texts[i] for i in test])
        log(f"  hotel fold {k}: {len(test)} rows")
    return {"task": "sentiment zh, hotels, 5-fold CV", **_binary(hotels.labels, p_neg)}


def sentiment_zh_cross_domain(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Leave one review domain out (the hotel domain and each shopping category in turn)."""
    hotels = datasets.hotels(data)
    shopping = datasets.shopping(data, drop_hotels=True)
    texts = hotels.texts + shopping.texts
    labels = hotels.labels + shopping.labels
    groups = hotels.groups + shopping.groups
    per_domain: dict[str, Any] = {}
    all_true: list[str] = []
    all_p: list[np.ndarray] = []
    for domain in sorted(set(groups)):
        train = [i for i, g in enumerate(groups) if g != domain]
        test = [i for i, g in enumerate(groups) if g == domain]
        model = fit_calibrated_zh(
            [texts[i] for i in train], [labels[i] for i in train], [groups[i] for i in train]
        )
        p = negative_probability(model, [texts[i] for i in test])
        per_domain[domain] = _binary([labels[i] for i in test], p)
        all_true += [labels[i] for i in test]
        all_p.append(p)
        log(f"  left out {domain}: {per_domain[domain]['accuracy']:.4f}")
    accs = [v["accuracy"] for v in per_domain.values()]
    f1s = [v["macro_f1"] for v in per_domain.values()]
    return {
        "task": "sentiment zh, leave one review domain out",
        "hotel_left_out": per_domain["hotel"],
        "per_domain": per_domain,
        "mean_accuracy": round(float(np.mean(accs)), 4),
        "min_accuracy": round(float(np.min(accs)), 4),
        "mean_macro_f1": round(float(np.mean(f1s)), 4),
        "pooled": _binary(all_true, np.concatenate(all_p)),
    }


def sentiment_en_by_airline(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Train on two airlines, test negative vs not on the third, for each airline."""
    air = datasets.airline(data)
    per: dict[str, Any] = {}
    all_true: list[str] = []
    all_p: list[np.ndarray] = []
    for airline in sorted(set(air.groups)):
        train = [i for i, g in enumerate(air.groups) if g != airline]
        test = [i for i, g in enumerate(air.groups) if g == airline]
        model = fit_sentiment_en([air.texts[i] for i in train], [air.labels[i] for i in train])
        p = negative_probability(model, [air.texts[i] for i in test])
        per[airline] = _binary([air.labels[i] for i in test], p)
        all_true += [air.labels[i] for i in test]
        all_p.append(p)
        log(f"  left out {airline}: {per[airline]['accuracy']:.4f}")
    return {
        "task": "sentiment en, airline tweets, leave one airline out",
        "per_airline": per,
        "min_accuracy": round(min(v["accuracy"] for v in per.values()), 4),
        "pooled": _binary(all_true, np.concatenate(all_p)),
    }


def emotion_cv(data: Path | None = None, *, log: Callable[[str], None] = print) -> dict[str, Any]:
    """5-fold CV on the six Weibo emotions, scored on the data set's own labels."""
    emo = datasets.weibo_emotions(data)
    folds = stratified_folds(emo.labels)
    pred = np.empty(len(emo.texts), dtype=object)
    for k in range(FOLDS):
        train = np.flatnonzero(folds != k)
        test = np.flatnonzero(folds == k)
        model = fit_emotion(
            [emo.texts[i] for i in train], [emo.labels[i] for i in train], C=EMOTION_C
        )
        pred[test] = model.predict([emo.texts[i] for i in test])
        log(f"  emotion fold {k}: {len(test)} rows")
    s = score(emo.labels, [str(p) for p in pred])
    return {"task": "emotion zh, Weibo 6 classes, 5-fold CV", **s.to_dict()}


WEIBO_TO_EMOTION = {**MODEL_TO_EMOTION, "surprise": "none", "neural": "none"}
"""The Weibo labels read as the analyzer's dominant emotion (surprise and neutral carry none)."""


def emotion_dominant(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """The analyzer's dominant emotion (what the app stores and shows) on the Weibo posts, 5-fold.

    ``emotion_cv`` scores the emotion model alone on its six classes; this scores the whole
    reading a user sees: the model per fold inside the shipped analyzer, its lexicon, its
    threshold and its sentiment (gratitude is never the dominant emotion of a clear complaint).
    The sentiment model never saw Weibo posts, so nothing here was trained on the test posts.
    """
    emo = datasets.weibo_emotions(data)
    gold = [WEIBO_TO_EMOTION[label] for label in emo.labels]
    folds = stratified_folds(emo.labels)
    pred = [""] * len(gold)
    analyzer = Analyzer.load()
    bundled = dict(analyzer.models_)
    for k in range(FOLDS):
        train = np.flatnonzero(folds != k)
        test = np.flatnonzero(folds == k)
        model = fit_emotion(
            [emo.texts[i] for i in train], [emo.labels[i] for i in train], C=EMOTION_C
        )
        analyzer.models_ = {**bundled, "emotion_zh": model}
        for i, res in zip(test, analyzer.analyze_batch([emo.texts[i] for i in test]), strict=True):
            pred[i] = res.emotions.dominant
        log(f"  emotion fold {k}: {len(test)} rows")
    labels = sorted(set(gold))
    s = score(gold, pred, [*labels, *sorted(set(pred) - set(labels))], f1_labels=labels)
    return {"task": "dominant emotion of the analyzer, Weibo, 5-fold CV", **s.to_dict()}


def aspects_restaurant(
    data: Path | None = None,
    *,
    analyzer: Analyzer | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Detection micro-F1 of the shipped analyzer on the restaurant data, the polarity of the
    detected aspects as shipped (the rules, ``polarity``), and with the learned re-scorer, which
    is not shipped (``polarity_rescorer``).

    The re-scorer can only learn from these very rows, so its figure is 5-fold cross-validation
    over reviews (a review's aspects stay in one fold), retrained per fold on the rules' readings of
    the other folds (:mod:`~cxloop.text.training.aspect_polarity`). Why it is not shipped: see the
    model card (it learns this data's labelling habits and reads hotel reviews worse).
    """
    rows = datasets.restaurant_aspects(data)
    model = analyzer or Analyzer.load()
    results, per_text = aspect_polarity.readings(model, [r.text for r in rows])
    true_sets = [set(r.aspects) for r in rows]
    pred_sets = [set(a.aspect_keys) for a in results]
    prec, rec, f1 = micro_f1(true_sets, pred_sets)
    inputs, gold, row_of = aspect_polarity.labelled_examples(rows, per_text)
    cv, predicted = aspect_polarity.cross_validated(inputs, gold, row_of, len(rows), log=log)
    labels = aspect_polarity.LABELS
    per_key = {}
    for key in sorted(set().union(*true_sets)):
        _, _, kf1 = micro_f1([{key} & t for t in true_sets], [{key} & p for p in pred_sets])
        per_key[key] = kf1
    return {
        "task": "aspects, ai_challenger_2018 restaurant subset mapped onto the taxonomy",
        "n": len(rows),
        "detection": {"precision": prec, "recall": rec, "micro_f1": f1, "per_key_f1": per_key},
        "polarity": score(gold, [x.rule for x in inputs], labels).to_dict(),
        "polarity_rescorer": score(gold, predicted, labels).to_dict(),
        "polarity_cv": cv,
    }


LOOKED_AT_AIRLINE = "United"
"""The airline whose tweets were read to improve the English aspect words; the others were not."""


def _reason_figures(rows: Sequence[datasets.ReasonRow], results: Sequence[Any]) -> dict[str, Any]:
    """Whether the reason's aspect is found (recall), with which polarity, and what else is found."""
    labelled = [(r, a) for r, a in zip(rows, results, strict=True) if r.key is not None]
    found = [(r, a) for r, a in labelled if r.key in a.aspect_keys]
    mapped_pol = [next(x.polarity for x in a.aspects if x.key == r.key) for r, a in found]
    per_reason: dict[str, Any] = {}
    for reason in sorted({r.reason for r, _ in labelled}):
        mine = [(r, a) for r, a in labelled if r.reason == reason]
        hit = sum(1 for r, a in mine if r.key in a.aspect_keys)
        per_reason[reason] = {"n": len(mine), "recall": round(hit / len(mine), 4)}
    n_aspects = [len(a.aspects) for _, a in labelled]
    calm: dict[str, Any] = {}
    for label in ("positive", "neutral"):
        mine_a = [a for r, a in zip(rows, results, strict=True) if r.sentiment == label]
        detected = [x for a in mine_a for x in a.aspects]
        calm[label] = {
            "n": len(mine_a),
            "aspects_per_tweet": round(len(detected) / max(1, len(mine_a)), 4),
            "share_of_tweets_with_a_negative_aspect": round(
                sum(1 for a in mine_a if any(x.polarity == "negative" for x in a.aspects))
                / max(1, len(mine_a)),
                4,
            ),
            "share_of_aspects_negative": round(
                sum(1 for x in detected if x.polarity == "negative") / max(1, len(detected)), 4
            ),
        }
    return {
        "n_negative_with_aspect": len(labelled),
        "recall": round(len(found) / max(1, len(labelled)), 4),
        "per_reason": per_reason,
        "mapped_aspect_negative": {
            "n": len(mapped_pol),
            "accuracy": round(mapped_pol.count("negative") / max(1, len(mapped_pol)), 4),
        },
        "aspects_per_tweet": round(float(np.mean(n_aspects)) if n_aspects else 0.0, 4),
        "share_without_aspect": round(n_aspects.count(0) / max(1, len(n_aspects)), 4),
        "not_negative_tweets": calm,
    }


def aspects_en_airline(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Does the analyzer find the airline tweet's negative reason, mapped onto the taxonomy?

    Detection needs no training; polarity does (aspect windows go through the English sentiment
    model, which ships trained on these very tweets), so each airline is analysed with a sentiment
    model trained on the other two. Figures are given for the airline whose tweets were read to
    improve the lexicons (:data:`LOOKED_AT_AIRLINE`), for the others, never read, and for all.
    """
    rows = datasets.airline_reasons(data)
    results: list[Any] = [None] * len(rows)
    for airline in sorted({r.airline for r in rows}):
        train = [r for r in rows if r.airline != airline]
        test = [i for i, r in enumerate(rows) if r.airline == airline]
        model = Analyzer.load()
        model.models_ = {
            **model.models_,
            "sentiment_en": fit_sentiment_en([r.text for r in train], [r.sentiment for r in train]),
        }
        for i, res in zip(test, model.analyze_batch([rows[i].text for i in test]), strict=True):
            results[i] = res
        log(f"  {airline}: {len(test)} tweets")
    out: dict[str, Any] = {
        "task": "aspects en, airline tweets' negative reason mapped onto the taxonomy",
        "looked_at_airline": LOOKED_AT_AIRLINE,
    }
    looked = [r.airline == LOOKED_AT_AIRLINE for r in rows]
    for name, part in (("looked_at", True), ("held_out", False), ("all", None)):
        idx = [i for i, lk in enumerate(looked) if part is None or lk == part]
        out[name] = _reason_figures([rows[i] for i in idx], [results[i] for i in idx])
    return out


ADAPT_LABELLED = 500


def sentiment_zh_neutral(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """How plain statements read: the Weibo posts (5-fold), by the review model alone (shipped) and
    by the review model fine-tuned on the other four fifths of the posts (``--neutral-step``).

    Shares per gold class: read as negative (P(negative) >= 0.5) and labelled neutral. The review
    model is trained once on all reviews; no post of a scored fold reached its fine-tuning.
    """
    hotels = datasets.hotels(data)
    shopping = datasets.shopping(data, drop_hotels=True)
    weibo = datasets.weibo_sentiment(data)
    reviews = fit_calibrated_zh(
        hotels.texts + shopping.texts,
        hotels.labels + shopping.labels,
        hotels.groups + shopping.groups,
    )
    folds = stratified_folds(weibo.labels)
    truth = np.asarray(weibo.labels)
    read: dict[str, dict[str, np.ndarray]] = {
        name: {"p_neg": np.zeros(len(truth)), "label": np.empty(len(truth), dtype=object)}
        for name in ("shipped", "neutral_step")
    }
    lex = load_lexicons()
    for k in range(FOLDS):
        train = np.flatnonzero(folds != k)
        test = np.flatnonzero(folds == k)
        tt = [weibo.texts[i] for i in test]
        train_texts = [weibo.texts[i] for i in train]
        tuned = reviews.fine_tune(
            train_texts,
            [weibo.labels[i] for i in train],
            lexicon_features(train_texts),
            C=NEUTRAL_C,
        )
        for name, model in (("shipped", reviews), ("neutral_step", tuned)):
            z = model.decision_function(tt, lexicon_features(tt))
            proba, labels = three_way(model, z, sentiment_masses(tt, lex.sentiment))
            read[name]["p_neg"][test] = proba[:, 0]
            read[name]["label"][test] = labels
        log(f"  Weibo fold {k}: {len(test)} posts")
    out: dict[str, Any] = {"task": "sentiment zh, Weibo statements, 5-fold", "n": len(truth)}
    for name, r in read.items():
        out[name] = {
            gold: {
                "n": int(np.sum(truth == gold)),
                "read_negative": round(float(np.mean(r["p_neg"][truth == gold] >= 0.5)), 4),
                "labelled_neutral": round(
                    float(np.mean(r["label"][truth == gold] == "neutral")), 4
                ),
            }
            for gold in ("negative", "neutral", "positive")
        }
        out[name]["macro_f1_3way"] = score(
            list(truth), list(r["label"]), ["negative", "neutral", "positive"]
        ).macro_f1
    return out


def _adapted(
    texts: list[str],
    labels: list[str],
    groups: list[str],
    fit: Callable[[list[str], list[str], list[str]], Any],
    refit: Callable[[list[str], list[str]], Any],
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Each domain left out in turn, adapted to half of its rows and scored on the other half."""
    from cxloop.text.training.adaptation import adapt_sentiment

    variants = ("bundled", "unlabelled", "labelled_500", "labelled_500_and_unlabelled", "refit_500")
    per_domain: dict[str, Any] = {}
    for domain in sorted(set(groups)):
        train = [i for i, g in enumerate(groups) if g != domain]
        test = [i for i, g in enumerate(groups) if g == domain]
        model = fit(
            [texts[i] for i in train], [labels[i] for i in train], [groups[i] for i in train]
        )
        d_texts = [texts[i] for i in test]
        d_labels = [labels[i] for i in test]
        half = stratified_folds(d_labels, k=2, seed=1)
        p = {v: np.zeros(len(test)) for v in variants}
        rng = np.random.default_rng(0)
        for h in (0, 1):
            pool = np.flatnonzero(half != h)
            held = np.flatnonzero(half == h)
            lab = rng.choice(pool, min(ADAPT_LABELLED, len(pool)), replace=False)
            rest = np.setdiff1d(pool, lab)
            lab_texts = [d_texts[i] for i in lab]
            lab_y = [d_labels[i] for i in lab]
            models = {
                "bundled": model,
                "unlabelled": adapt_sentiment(model, [], [], [d_texts[i] for i in pool]).model,
                "labelled_500": adapt_sentiment(model, lab_texts, lab_y).model,
                "labelled_500_and_unlabelled": adapt_sentiment(
                    model, lab_texts, lab_y, [d_texts[i] for i in rest]
                ).model,
                "refit_500": refit(lab_texts, lab_y),
            }
            for name, m in models.items():
                p[name][held] = negative_probability(m, [d_texts[i] for i in held])
        per_domain[domain] = {v: _binary(d_labels, p[v]) for v in variants}
        log(
            f"  {domain}: "
            + ", ".join(f"{v} {per_domain[domain][v]['accuracy']:.4f}" for v in variants)
        )
    means = {
        v: {
            "accuracy": round(float(np.mean([r[v]["accuracy"] for r in per_domain.values()])), 4),
            "macro_f1": round(float(np.mean([r[v]["macro_f1"] for r in per_domain.values()])), 4),
        }
        for v in variants
    }
    return {"per_domain": per_domain, "mean": means}


def sentiment_zh_adapted(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """What an organisation model adds on a domain left out of training (``text train --data``).

    Each domain is left out as in :func:`sentiment_zh_cross_domain`; its rows are split in two
    halves (stratified, seed 1). The model of the other domains is adapted with the rows of one
    half and scored on the other half, both ways round, so every score is on rows no step saw:
    with the half's texts only (no label read), with 500 of its rows labelled, with those 500 plus
    the half's other texts unlabelled, and with the 500 rows refitted alone (``--refit``).
    """
    hotels = datasets.hotels(data)
    shopping = datasets.shopping(data, drop_hotels=True)
    out = _adapted(
        hotels.texts + shopping.texts,
        hotels.labels + shopping.labels,
        hotels.groups + shopping.groups,
        fit_calibrated_zh,
        lambda t, y: fit_sentiment(t, y, kind="zh", C=SENTIMENT_ZH_C, nb_alpha=NB_ALPHA),
        log,
    )
    return {
        "task": "sentiment zh, domain left out, adapted to the domain's own rows",
        "domain": "hotel",
        **out,
    }


def sentiment_en_adapted(
    data: Path | None = None, *, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """As :func:`sentiment_zh_adapted` for the airline tweets, each airline left out in turn."""
    air = datasets.airline(data)
    out = _adapted(
        air.texts,
        air.labels,
        air.groups,
        lambda t, y, _g: fit_sentiment_en(t, y),
        fit_sentiment_en,
        log,
    )
    return {
        "task": "sentiment en, airline left out, adapted to its own tweets",
        "domain": None,
        **out,
    }


TARGETS: dict[str, Callable[..., dict[str, Any]]] = {
    "sentiment_zh_in_domain": sentiment_zh_in_domain,
    "sentiment_zh_cross_domain": sentiment_zh_cross_domain,
    "sentiment_zh_neutral": sentiment_zh_neutral,
    "sentiment_zh_adapted": sentiment_zh_adapted,
    "sentiment_en_adapted": sentiment_en_adapted,
    "sentiment_en_by_airline": sentiment_en_by_airline,
    "emotion_cv": emotion_cv,
    "emotion_dominant": emotion_dominant,
    "aspects_restaurant": aspects_restaurant,
    "aspects_en_airline": aspects_en_airline,
}


def markdown(results: dict[str, dict[str, Any]]) -> str:
    """The measured figures as the table used in the model card and bench/RESULTS.md."""
    rows = ["| target | held-out data | figure | goal |", "|---|---|---|---|"]
    r = results.get("sentiment_zh_in_domain")
    if r:
        rows.append(
            f"| sentiment zh, negative vs not | hotel reviews, 5-fold CV (n={r['n']:,}) | "
            f"accuracy {r['accuracy']:.4f}, macro-F1 {r['macro_f1']:.4f}, ECE {r['ece']:.3f} | "
            "accuracy >= 0.91 |"
        )
    r = results.get("sentiment_zh_cross_domain")
    if r:
        h = r["hotel_left_out"]
        rows.append(
            f"| sentiment zh, domain left out of training | hotel domain (n={h['n']:,}) | "
            f"accuracy {h['accuracy']:.4f}, macro-F1 {h['macro_f1']:.4f}, ECE {h['ece']:.3f} | "
            "accuracy >= 0.88, macro-F1 >= 0.86 |"
        )
        per = ", ".join(f"{k} {v['accuracy']:.3f}" for k, v in r["per_domain"].items())
        rows.append(
            f"| (each domain left out in turn) | {len(r['per_domain'])} domains | mean accuracy "
            f"{r['mean_accuracy']:.4f}, min {r['min_accuracy']:.4f}, mean macro-F1 "
            f"{r['mean_macro_f1']:.4f} ({per}) | - |"
        )
    r = results.get("sentiment_zh_neutral")
    if r:
        a, b = r["shipped"], r["neutral_step"]
        rows.append(
            f"| sentiment zh, plain statements (`--neutral-step` build; shipped model in brackets) "
            f"| Weibo posts, 5-fold (n={r['n']:,}; neutral {b['neutral']['n']:,}) | neutral posts "
            f"read as negative {b['neutral']['read_negative']:.3f} "
            f"({a['neutral']['read_negative']:.3f}), labelled neutral "
            f"{b['neutral']['labelled_neutral']:.3f} ({a['neutral']['labelled_neutral']:.3f}); "
            f"negative posts found {b['negative']['read_negative']:.3f} "
            f"({a['negative']['read_negative']:.3f}); 3-way macro-F1 {b['macro_f1_3way']:.4f} "
            f"({a['macro_f1_3way']:.4f}) | - |"
        )
    for key, lang in (("sentiment_zh_adapted", "zh"), ("sentiment_en_adapted", "en")):
        r = results.get(key)
        if r:
            rows += _adapted_rows(r, lang)
    r = results.get("sentiment_en_by_airline")
    if r:
        per = ", ".join(f"{k} {v['accuracy']:.4f}" for k, v in r["per_airline"].items())
        p = r["pooled"]
        rows.append(
            f"| sentiment en, negative vs not | airline left out (n={p['n']:,}) | pooled accuracy "
            f"{p['accuracy']:.4f}, macro-F1 {p['macro_f1']:.4f}, ECE {p['ece']:.3f} ({per}) | "
            "accuracy >= 0.88 |"
        )
    r = results.get("emotion_cv")
    if r:
        rows.append(
            f"| emotion zh, 6 classes | Weibo, 5-fold CV (n={r['n']:,}) | macro-F1 "
            f"{r['macro_f1']:.4f}, accuracy {r['accuracy']:.4f} | macro-F1 >= 0.55 |"
        )
    r = results.get("emotion_dominant")
    if r:
        rows.append(
            f"| emotion, the analyzer's dominant emotion | Weibo, 5-fold CV (n={r['n']:,}; "
            f"surprise and neutral read as none) | macro-F1 {r['macro_f1']:.4f}, accuracy "
            f"{r['accuracy']:.4f} | - |"
        )
    r = results.get("aspects_restaurant")
    if r:
        d, pol = r["detection"], r["polarity"]
        rows.append(
            f"| aspects, detection | restaurant reviews (n={r['n']:,}), never trained on | "
            f"micro-F1 {d['micro_f1']:.4f} (P {d['precision']:.4f}, R {d['recall']:.4f}) | "
            "micro-F1 >= 0.70 |"
        )
        learned = r.get("polarity_rescorer")
        learned_text = (
            f"; learned re-scorer, not shipped, 5-fold CV by review: {learned['accuracy']:.4f}, "
            f"macro-F1 {learned['macro_f1']:.4f}"
            if learned
            else ""
        )
        rows.append(
            f"| aspects, polarity of detected aspects | same ({pol['n']:,} aspects) | accuracy "
            f"{pol['accuracy']:.4f}, macro-F1 {pol['macro_f1']:.4f}{learned_text} | "
            "accuracy >= 0.75 |"
        )
    r = results.get("aspects_en_airline")
    if r:
        h, a = r["held_out"], r["all"]
        pol = h["mapped_aspect_negative"]
        calm = h["not_negative_tweets"]
        rows.append(
            f"| aspects en, negative reason found | airline tweets not read "
            f"(n={h['n_negative_with_aspect']:,}; all {a['n_negative_with_aspect']:,}) | recall "
            f"{h['recall']:.4f} (all {a['recall']:.4f}), {h['aspects_per_tweet']:.2f} aspects per "
            f"tweet, polarity negative {pol['accuracy']:.4f} of {pol['n']:,}; positive tweets "
            f"with a negative aspect {calm['positive']['share_of_tweets_with_a_negative_aspect']:.4f}"
            " | - |"
        )
    return "\n".join(rows)


def _adapted_rows(r: dict[str, Any], lang: str) -> list[str]:
    names = {
        "refit_500": "500 labelled rows refitted alone (`--refit`)",
        "unlabelled": "fine-tuned on its unlabelled texts",
        "labelled_500": "fine-tuned on 500 labelled rows",
        "labelled_500_and_unlabelled": "fine-tuned on 500 labelled + the rest unlabelled",
    }
    m = r["mean"]
    domain = r.get("domain")
    out = []
    for key, name in names.items():
        if domain:
            h = r["per_domain"][domain]
            where = (
                f"{domain} domain, each half scored after adapting on the other (n={h[key]['n']:,})"
            )
            fig = (
                f"accuracy {h[key]['accuracy']:.4f}, macro-F1 {h[key]['macro_f1']:.4f} (not "
                f"adapted {h['bundled']['accuracy']:.4f}); mean of {len(r['per_domain'])} domains "
            )
        else:
            where = f"each of {len(r['per_domain'])} airlines, each half scored after adapting on the other"
            per = ", ".join(f"{k} {v[key]['accuracy']:.4f}" for k, v in r["per_domain"].items())
            fig = f"{per}; mean "
        fig += f"{m[key]['accuracy']:.4f} (not adapted {m['bundled']['accuracy']:.4f})"
        out.append(f"| sentiment {lang}, domain left out, {name} | {where} | {fig} | - |")
    return out
