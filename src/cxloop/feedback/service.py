"""Feedback use cases: ingest (one, a batch, a file — one code path), read, correct, analyse later.

Services take the session first and only ``flush()``; the API request, the CLI command or the
worker job around them owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cxloop.analysis import service as analysis_service
from cxloop.cases import service as cases_service
from cxloop.cases.schemas import FeedbackSignal
from cxloop.core.clock import utcnow
from cxloop.feedback.corrections import (
    add_correction,
    corrected_labels,
    list_corrections,
    replay_corrections,
)
from cxloop.feedback.ingest import (
    MAX_BATCH,
    IngestReport,
    ItemOutcome,
    ingest_items,
    record_analyses,
)
from cxloop.feedback.models import Correction, Feedback
from cxloop.feedback.queries import (
    FeedbackFilters,
    get_feedback,
    list_feedback,
    sentiments_of,
)
from cxloop.feedback.schemas import FeedbackRead
from cxloop.feedback.signals import signal_for
from cxloop.feedback.validation import is_negative_by_scores, pydantic_error

__all__ = [
    "MAX_BATCH",
    "FeedbackFilters",
    "IngestReport",
    "ItemOutcome",
    "add_correction",
    "analyze_pending",
    "claim_unanalysed",
    "corrected_labels",
    "get_feedback",
    "ingest_items",
    "ingest_one",
    "is_negative_by_scores",
    "list_corrections",
    "list_feedback",
    "pydantic_error",
    "replay_corrections",
    "sentiment_training_rows",
    "sentiments_of",
]


def ingest_one(
    session: Session,
    *,
    organization_id: int,
    item: Any,
    actor_id: int | None = None,
    analyze: bool = True,
    model_dir: str | None = None,
) -> tuple[FeedbackRead, bool]:
    """Store one item through the batch path; returns (the stored item, whether it is new).

    Raises the item's error (naming the field) when it is invalid.
    """
    report = ingest_items(
        session,
        organization_id=organization_id,
        items=[item],
        actor_id=actor_id,
        analyze=analyze,
        model_dir=model_dir,
    )
    outcome = report.outcomes[0]
    if outcome.error is not None:
        raise outcome.error
    assert outcome.id is not None
    read = get_feedback(session, organization_id=organization_id, feedback_id=outcome.id)
    created = outcome.status == "created"
    return read.model_copy(update={"created": created}), created


def sentiment_training_rows(
    session: Session, *, organization_id: int
) -> Iterator[tuple[int, str, str]]:
    """(feedback id, text, label) of every item with text: a person's sentiment label where there
    is one (the newest), else the item's 1-5 rating, else a blank label.

    Why every item: ``cxloop text train --data`` fine-tunes on the labelled rows and adapts to the
    blank ones (self-training), so the feedback nobody rated teaches the model the organisation's
    own words too. A person's label beats the rating: it was given to the text.
    """
    c, f = Correction, Feedback
    latest = (
        select(c.feedback_id, func.max(c.id).label("correction_id"))
        .join(f, f.id == c.feedback_id)
        .where(f.organization_id == organization_id, c.field == "sentiment")
        .group_by(c.feedback_id)
        .subquery()
    )
    rows = session.execute(
        select(f.id, f.text, f.rating, c.value)
        .outerjoin(latest, latest.c.feedback_id == f.id)
        .outerjoin(c, c.id == latest.c.correction_id)
        .where(f.organization_id == organization_id, f.text.is_not(None), f.text != "")
        .order_by(f.id)
        .execution_options(yield_per=1000)
    )
    for feedback_id, text, rating, value in rows:
        label = str(value) if value is not None else ("" if rating is None else str(rating))
        yield int(feedback_id), str(text), label


def claim_unanalysed(session: Session, *, now: datetime, limit: int = 500) -> list[int]:
    """Claim up to ``limit`` items with text and no analysis; returns their ids, oldest first.

    A compare-and-set ``UPDATE ... WHERE analysed_at IS NULL`` takes them, after the candidates
    were picked with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL: two workers never get the same
    item, and a worker that dies rolls its claim back with everything else.
    """
    f = Feedback
    query = (
        select(f.id)
        .where(f.analysed_at.is_(None), f.text.is_not(None), f.text != "")
        .order_by(f.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    candidates = list(session.scalars(query))
    if not candidates:
        return []
    claimed = session.scalars(
        update(f)
        .where(f.id.in_(candidates), f.analysed_at.is_(None))
        .values(analysed_at=now)
        .returning(f.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed)


def analyze_pending(
    session: Session,
    *,
    now: datetime | None = None,
    limit: int = 500,
    model_dir: str | None = None,
) -> int:
    """Analyse stored items that have text but no analysis yet; returns how many were analysed.

    For items stored while ``analyze_on_ingest`` was off. A negative text opens a case by the
    rule, as it would have on ingest. If the text engine fails (say a model directory that does
    not load) the error propagates and the runner rolls back the claims with everything else, so
    the items stay pending and no label is invented.
    """
    now = now or utcnow()
    f = Feedback
    claimed = claim_unanalysed(session, now=now, limit=limit)
    if not claimed:
        return 0
    rows = list(session.scalars(select(f).where(f.id.in_(claimed)).order_by(f.id)))
    targets = [
        analysis_service.AnalysisTarget(
            feedback_id=r.id,
            organization_id=r.organization_id,
            text=r.text or "",
            score_negative=is_negative_by_scores(r.rating, r.csat, r.nps),
            language=r.language,
        )
        for r in rows
    ]
    stored = analysis_service.analyse_and_store(
        session, targets=targets, now=now, model_dir=model_dir
    )
    record_analyses(session, stored=stored, now=now)
    by_id = {r.id: r for r in rows}
    # a person's word set while the item waited beats the model's (and decides the case rule)
    for organization_id in sorted({r.organization_id for r in rows}):
        replay_corrections(
            session,
            organization_id=organization_id,
            feedback_ids=[r.id for r in rows if r.organization_id == organization_id],
            model_dir=model_dir,
        )
    shown = {
        fid: (sentiment, kind)
        for fid, sentiment, kind in session.execute(
            select(f.id, f.sentiment, f.feedback_type).where(f.id.in_(claimed))
        )
    }
    signals: dict[int, list[FeedbackSignal]] = {}
    for s in stored:
        sentiment, kind = shown[s.feedback_id]
        if sentiment != "negative":
            continue
        r = by_id[s.feedback_id]
        signals.setdefault(r.organization_id, []).append(
            signal_for(r, sentiment=sentiment, urgency=s.urgency, feedback_type=kind)
        )
    for organization_id, batch in signals.items():  # one set-based opening per organisation
        cases_service.open_cases_for_feedback(
            session, organization_id=organization_id, signals=batch
        )
    session.expire_all()
    return len(stored)
