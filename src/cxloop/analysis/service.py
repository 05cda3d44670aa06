"""The bridge from :mod:`cxloop.text` (a pure library) to stored analyses.

It turns text results into ``analysis`` and ``feedback_aspect`` rows (this domain's tables) and
returns, per item, what the feedback domain denormalises onto its own row (``sentiment``,
``language``, ``is_negative``) and what the case rule reads (``urgency``). Writing the feedback row
is left to the feedback domain, which owns it. Everything is set-based: one ``analyze_batch`` call
for all texts and one bulk insert per table, so a batch of 1,000 items costs a handful of statements.

The text library is a hard dependency of the app: a failure in it propagates, the caller's
transaction rolls back, and the items stay "not analysed" (``analysed_at`` null) for a later
``feedback.analyze_pending`` run. Labels are never invented.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from cxloop.analysis.models import Analysis, FeedbackAspect
from cxloop.core.db import dialect_insert
from cxloop.text import Analyzer, TextAnalysis, analyze_batch, load_model

__all__ = [
    "AnalysisTarget",
    "AspectDecision",
    "StoredAnalysis",
    "analyse_and_store",
    "analyse_texts",
    "analysis_for",
    "apply_aspect_decisions",
    "aspects_of",
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
    """What the rest of the loop needs from an analysis (the feedback row and the case rule)."""

    feedback_id: int
    sentiment: str
    language: str | None
    urgency: str | None
    is_negative: bool
    feedback_type: str | None = None


@dataclass(frozen=True)
class AspectDecision:
    """A person's last word on one aspect of one item: it is about it (with a polarity) or not.

    ``polarity`` None keeps the model's polarity when the model found the aspect, else takes
    ``fallback_polarity`` (the item's sentiment, which is what a person adding an aspect to a
    complaint means nine times in ten).
    """

    feedback_id: int
    aspect: str
    present: bool
    polarity: str | None = None
    fallback_polarity: str = "neutral"


@cache
def _analyzer(model_dir: str) -> Analyzer:
    """One loaded model per directory and process: loading costs far more than analysing."""
    return load_model(model_dir)


def load_text_model(model_dir: str | None = None) -> Analyzer:
    """Load (and keep) the model ingest will use; the app calls it at start-up.

    Why at start-up: a text model directory that does not load is a configuration error, and it is
    better refused before the server accepts feedback than found on the first customer's message.
    """
    return _analyzer(model_dir) if model_dir else load_model()


def analyse_texts(texts: Sequence[str], *, model_dir: str | None = None) -> list[TextAnalysis]:
    """``cxloop.text.analyze_batch`` over all texts, with the model in ``model_dir`` if given."""
    if not texts:
        return []
    analyzer = _analyzer(model_dir) if model_dir else None
    return analyze_batch(list(texts), analyzer=analyzer)


def _aspect_rows(target: AnalysisTarget, result: TextAnalysis) -> list[dict[str, Any]]:
    """One row per aspect key: the first mention's polarity wins, as the unique key demands."""
    rows: dict[str, dict[str, Any]] = {}
    for aspect in result.aspects:
        rows.setdefault(
            aspect.key,
            {
                "feedback_id": target.feedback_id,
                "organization_id": target.organization_id,
                "aspect": aspect.key,
                "polarity": aspect.polarity,
            },
        )
    return list(rows.values())


def store_analyses(
    session: Session,
    *,
    targets: Sequence[AnalysisTarget],
    results: Sequence[TextAnalysis],
    now: datetime,
) -> list[StoredAnalysis]:
    """Write one analysis per target (same order as ``results``) with its aspects."""
    if not targets:
        return []
    analysis_rows: list[dict[str, Any]] = []
    aspect_rows: list[dict[str, Any]] = []
    stored: list[StoredAnalysis] = []
    for target, result in zip(targets, results, strict=True):
        label = result.sentiment.label
        urgency: str | None = result.urgency.level if result.urgency is not None else None
        language = target.language or result.language or None
        analysis_rows.append(
            {
                "feedback_id": target.feedback_id,
                "model_version": result.model_version,
                "sentiment": label,
                "sentiment_score": float(result.sentiment.probabilities.get("negative", 0.0)),
                "feedback_type": result.type.label,
                "emotion": result.emotions.dominant,
                "urgency": urgency,
                "masked_text": result.masked_text,
                "result": result.to_dict(),
                "created_at": now,
            }
        )
        aspect_rows.extend(_aspect_rows(target, result))
        stored.append(
            StoredAnalysis(
                feedback_id=target.feedback_id,
                sentiment=label,
                language=language,
                urgency=urgency,
                is_negative=target.score_negative or label == "negative",
                feedback_type=result.type.label,
            )
        )
    session.execute(insert(Analysis), analysis_rows)
    # Aspect rows already there are stale: a person's, set before the item was analysed, which
    # the feedback domain replays afterwards (apply_aspect_decisions), or none at all.
    ids = [t.feedback_id for t in targets]
    session.execute(delete(FeedbackAspect).where(FeedbackAspect.feedback_id.in_(ids)))
    if aspect_rows:
        session.execute(insert(FeedbackAspect), aspect_rows)
    session.flush()
    return stored


def analyse_and_store(
    session: Session,
    *,
    targets: Sequence[AnalysisTarget],
    now: datetime,
    model_dir: str | None = None,
) -> list[StoredAnalysis]:
    """Analyse all targets' texts in one batch and store the results, in the targets' order."""
    results = analyse_texts([t.text for t in targets], model_dir=model_dir)
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


def apply_aspect_decisions(
    session: Session, *, organization_id: int, decisions: Sequence[AspectDecision]
) -> None:
    """Make the items' aspect rows say what people decided, over whatever the model found.

    Removed aspects lose their row; set ones are upserted with ``is_corrected`` (an upsert, not a
    delete and insert, so two people correcting the same aspect at the same moment cannot collide
    on the unique key). The other rows are the model's and stay. Idempotent: replaying the same
    decisions gives the same rows, which is what lets the feedback domain replay every correction
    after a (later) analysis of the item.
    """
    if not decisions:
        return
    fa = FeedbackAspect
    keys = [(d.feedback_id, d.aspect) for d in decisions]
    found = {
        (fid, aspect): polarity
        for fid, aspect, polarity in session.execute(
            select(fa.feedback_id, fa.aspect, fa.polarity).where(
                tuple_(fa.feedback_id, fa.aspect).in_(keys)
            )
        )
    }
    removed = [(d.feedback_id, d.aspect) for d in decisions if not d.present]
    if removed:
        session.execute(delete(fa).where(tuple_(fa.feedback_id, fa.aspect).in_(removed)))
    rows = [
        {
            "feedback_id": d.feedback_id,
            "organization_id": organization_id,
            "aspect": d.aspect,
            "polarity": d.polarity or found.get((d.feedback_id, d.aspect)) or d.fallback_polarity,
            "is_corrected": True,
        }
        for d in decisions
        if d.present
    ]
    if rows:
        stmt = dialect_insert(session)(fa.__table__).values(rows)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["feedback_id", "aspect"],
                set_={"polarity": stmt.excluded.polarity, "is_corrected": True},
            )
        )
    session.flush()


def types_given_sentiment(
    session: Session, *, items: Mapping[int, tuple[str | None, str]], model_dir: str | None = None
) -> dict[int, str]:
    """The type each analysed item shows once a person set its sentiment (``items``: id -> text,
    label), for the items with no type of a person's own.

    Where the person agrees with the model's sentiment the model's own type comes back, so a
    correction taken back restores what the model said; otherwise the type is read again with the
    person's label (:meth:`cxloop.text.Analyzer.type_given`). Items not analysed yet are left out:
    the analysis replays the corrections when it comes.
    """
    if not items:
        return {}
    a = Analysis
    out: dict[int, str] = {}
    analyzer: Analyzer | None = None
    for fid, sentiment, kind in session.execute(
        select(a.feedback_id, a.sentiment, a.feedback_type).where(a.feedback_id.in_(sorted(items)))
    ):
        text, label = items[fid]
        if label == sentiment or not text:
            if kind is not None:
                out[fid] = kind
            continue
        if analyzer is None:
            analyzer = _analyzer(model_dir) if model_dir else load_model()
        out[fid] = analyzer.type_given(text, label).label
    return out


def aspects_follow_sentiment(session: Session, *, items: Mapping[int, str]) -> None:
    """A text about one thing: its one aspect takes the item's sentiment as a person set it.

    ``items``: id -> the person's sentiment, for items whose aspects nobody corrected. Why only one
    aspect: then the sentiment of the text is the sentiment about that aspect, and a person who
    says 排队两个小时 was no complaint is saying so of timeliness too; a text about several aspects
    can praise one and blame another, so its aspects keep the model's reading. Where the person
    agrees with the model's sentiment, the model's polarity comes back (a correction taken back).
    The row stays the model's (``is_corrected`` false): no person judged the aspect itself.
    """
    if not items:
        return
    fa = FeedbackAspect
    found: dict[int, list[tuple[int, str, bool]]] = {}
    for row_id, fid, aspect, corrected in session.execute(
        select(fa.id, fa.feedback_id, fa.aspect, fa.is_corrected).where(
            fa.feedback_id.in_(sorted(items))
        )
    ):
        found.setdefault(fid, []).append((row_id, aspect, corrected))
    single = {fid: rows[0] for fid, rows in found.items() if len(rows) == 1 and not rows[0][2]}
    if not single:
        return
    a = Analysis
    updates: list[dict[str, Any]] = []
    for fid, sentiment, result in session.execute(
        select(a.feedback_id, a.sentiment, a.result).where(a.feedback_id.in_(sorted(single)))
    ):
        row_id, aspect, _ = single[fid]
        polarity: str | None = items[fid]
        if polarity == sentiment:
            polarity = next(
                (x["polarity"] for x in (result or {}).get("aspects", []) if x["key"] == aspect),
                None,
            )
        if polarity is not None:
            updates.append({"id": row_id, "polarity": polarity})
    if updates:
        session.execute(update(FeedbackAspect), updates)


def aspects_of(session: Session, *, feedback_ids: Sequence[int]) -> dict[int, list[FeedbackAspect]]:
    """Each item's aspect rows (sorted by key) as the app counts them; items without any left out."""
    if not feedback_ids:
        return {}
    out: dict[int, list[FeedbackAspect]] = {}
    for row in session.scalars(
        select(FeedbackAspect)
        .where(FeedbackAspect.feedback_id.in_(list(feedback_ids)))
        .order_by(FeedbackAspect.feedback_id, FeedbackAspect.aspect)
        .execution_options(populate_existing=True)  # rows a correction just upserted in Core
    ):
        out.setdefault(row.feedback_id, []).append(row)
    return out
