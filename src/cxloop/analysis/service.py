"""The bridge from :mod:`cxloop.text` (a pure library) to stored analyses.

It turns text results into ``analysis`` and ``feedback_aspect`` rows and sets the denormalised
``feedback.sentiment``, ``language``, ``is_negative`` and ``analysed_at`` that lists and metrics
filter on. Everything is set-based: one ``analyze_batch`` call for all texts, one bulk insert per
table, one bulk update by primary key — a batch of 1,000 items costs a handful of statements.

Until the text library can be imported, :func:`analyse_texts` returns None and nothing is stored:
the items stay "not analysed" (``analysed_at`` null) and a later ``feedback.analyze_pending`` run
picks them up. Labels are never invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from cxloop.feedback.models import Analysis, Feedback, FeedbackAspect

__all__ = [
    "AnalysisTarget",
    "StoredAnalysis",
    "analyse_and_store",
    "analyse_texts",
    "analysis_for",
    "store_analyses",
]


@dataclass(frozen=True)
class AnalysisTarget:
    """One stored item to analyse: its text, and whether its scores already make it negative."""

    feedback_id: int
    organization_id: int
    text: str
    score_negative: bool
    language: str | None = None


@dataclass(frozen=True)
class StoredAnalysis:
    """What the rest of the loop needs from an analysis (the case rule reads these)."""

    feedback_id: int
    sentiment: str
    language: str | None
    urgency: str | None
    is_negative: bool


@cache
def _analyzer(model_dir: str | None) -> Any:
    from cxloop.text import load_model

    return load_model(model_dir)


def analyse_texts(texts: Sequence[str], *, model_dir: str | None = None) -> list[Any] | None:
    """``cxloop.text.analyze_batch`` over all texts, or None while the library is not importable.

    Only ImportError is caught: a library that is present but broken must fail loudly.
    """
    if not texts:
        return []
    try:
        from cxloop.text import analyze_batch

        analyzer = _analyzer(model_dir) if model_dir else None
        return list(analyze_batch(list(texts), analyzer=analyzer))
    except ImportError:
        return None


def _type_label(result: Any) -> str | None:
    kind = getattr(result, "type", None)
    if kind is None:
        return None
    label = getattr(kind, "label", None) or getattr(kind, "primary", None)
    return str(label) if label else None


def _urgency_level(result: Any) -> str | None:
    urgency = getattr(result, "urgency", None)
    level = getattr(urgency, "level", None) if urgency is not None else None
    return str(level) if level else None


def _aspect_rows(target: AnalysisTarget, result: Any) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for aspect in result.aspects:
        key = getattr(aspect, "key", None) or aspect.aspect
        rows.setdefault(
            key,
            {
                "feedback_id": target.feedback_id,
                "organization_id": target.organization_id,
                "aspect": key,
                "polarity": aspect.polarity,
            },
        )
    return list(rows.values())


def store_analyses(
    session: Session,
    *,
    targets: Sequence[AnalysisTarget],
    results: Sequence[Any],
    now: datetime,
) -> list[StoredAnalysis]:
    """Write one analysis per target (same order as ``results``) and update the feedback rows."""
    if not targets:
        return []
    analysis_rows: list[dict[str, Any]] = []
    aspect_rows: list[dict[str, Any]] = []
    feedback_updates: list[dict[str, Any]] = []
    stored: list[StoredAnalysis] = []
    for target, result in zip(targets, results, strict=True):
        label = str(result.sentiment.label)
        urgency = _urgency_level(result)
        language = target.language or (str(result.language) if result.language else None)
        is_negative = target.score_negative or label == "negative"
        analysis_rows.append(
            {
                "feedback_id": target.feedback_id,
                "model_version": str(result.model_version),
                "sentiment": label,
                "sentiment_score": float(result.sentiment.probabilities.get("negative", 0.0)),
                "feedback_type": _type_label(result),
                "emotion": getattr(result.emotions, "dominant", None),
                "urgency": urgency,
                "masked_text": result.masked_text,
                "result": result.to_dict(),
                "created_at": now,
            }
        )
        aspect_rows.extend(_aspect_rows(target, result))
        feedback_updates.append(
            {
                "id": target.feedback_id,
                "sentiment": label,
                "language": language,
                "is_negative": is_negative,
                "analysed_at": now,
            }
        )
        stored.append(
            StoredAnalysis(
                feedback_id=target.feedback_id,
                sentiment=label,
                language=language,
                urgency=urgency,
                is_negative=is_negative,
            )
        )
    session.execute(insert(Analysis), analysis_rows)
    if aspect_rows:
        session.execute(insert(FeedbackAspect), aspect_rows)
    session.execute(update(Feedback), feedback_updates)
    session.flush()
    return stored


def analyse_and_store(
    session: Session,
    *,
    targets: Sequence[AnalysisTarget],
    now: datetime,
    model_dir: str | None = None,
) -> list[StoredAnalysis] | None:
    """Analyse all targets' texts in one batch and store the results; None when not available."""
    results = analyse_texts([t.text for t in targets], model_dir=model_dir)
    if results is None:
        return None
    return store_analyses(session, targets=targets, results=results, now=now)


def analysis_for(session: Session, *, feedback_id: int) -> dict[str, Any] | None:
    """The stored reading of one item as a plain dict, or None when it was never analysed."""
    row = session.scalar(select(Analysis).where(Analysis.feedback_id == feedback_id))
    if row is None:
        return None
    return {
        "model_version": row.model_version,
        "sentiment": row.sentiment,
        "sentiment_score": row.sentiment_score,
        "type": row.feedback_type,
        "emotion": row.emotion,
        "urgency": row.urgency,
        "masked_text": row.masked_text,
        "result": row.result,
    }
