"""People's corrections of the text engine: kept, made to count, and exported for training.

A correction is appended to ``correction`` (the history: who said what, when) and then every
correction of the item is replayed over the model's reading: the newest sentiment becomes the
item's ``sentiment`` and ``is_negative`` (what the inbox filters and the dashboard's negative
share count), the newest type its ``feedback_type`` (the inbox's type filter; where people set
only the sentiment, the type the rule reads from their sentiment), and the newest word on each
aspect sets or removes that aspect row (what the Pareto chart counts; the one aspect of a text
about one thing also follows people's sentiment). Replaying the whole
history, rather than applying one change, is what makes it safe when the analysis comes later:
``analyze_pending`` writes the model's reading and then replays, so a person's word set on an
unanalysed item is never undone by the model.

The model's own reading stays untouched in the analysis domain (``analysis``), so the detail page
can show both, and ``cxloop analyze`` still matches what the app stored for the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cxloop.analysis import service as analysis_service
from cxloop.cases import service as cases_service
from cxloop.core.errors import ValidationFailed
from cxloop.feedback.models import Correction, Feedback
from cxloop.feedback.queries import get_feedback_row
from cxloop.feedback.schemas import CaseRef, CorrectionIn, CorrectionRead
from cxloop.feedback.signals import signal_for
from cxloop.feedback.validation import is_negative_by_scores
from cxloop.text import ASPECTS, FEEDBACK_TYPES, NO_ASPECT, SENTIMENT_LABELS

__all__ = [
    "NO_ASPECT",
    "add_correction",
    "corrected_labels",
    "list_corrections",
    "replay_corrections",
]

_ALLOWED: dict[str, frozenset[str]] = {
    "sentiment": frozenset(SENTIMENT_LABELS),
    "type": frozenset(FEEDBACK_TYPES),
    "aspect": frozenset(ASPECTS),
}
_EXPORT_CHUNK = 1000


def _refuse(field: str, reason: str, data: CorrectionIn) -> ValidationFailed:
    return ValidationFailed(
        "feedback.invalid_correction",
        details=[{"field": field, "reason": reason}],
        field=data.field,
        value=data.value,
    )


def add_correction(
    session: Session,
    *,
    organization_id: int,
    feedback_id: int,
    user_id: int | None,
    data: CorrectionIn,
    model_dir: str | None = None,
) -> CorrectionRead:
    """Keep a person's label for an item and make the item show and count it.

    A sentiment or type correction can make an analysed item one the organisation's case rule
    opens a case for (a complaint the model read as praise); the rule is asked again, and the
    case it opened, or the one the item already belongs to, comes back with the correction.
    """
    row = get_feedback_row(session, organization_id=organization_id, feedback_id=feedback_id)
    value = data.value.strip().lower()
    allowed = _ALLOWED[data.field]
    if value not in allowed:
        raise _refuse("value", f"one of {', '.join(sorted(allowed))}", data)
    if (data.field != "aspect" and (data.polarity is not None or data.remove)) or (
        data.remove and data.polarity is not None
    ):
        option = "polarity" if data.polarity is not None else "remove"
        raise ValidationFailed(
            "feedback.invalid_correction_option",
            details=[{"field": option, "reason": "only for an aspect, and not both"}],
            option=option,
        )
    correction = Correction(
        feedback_id=feedback_id,
        user_id=user_id,
        field=data.field,
        value=value,
        polarity=data.polarity,
        is_removal=data.remove,
    )
    session.add(correction)
    session.flush()
    replay_corrections(
        session, organization_id=organization_id, feedback_ids=[feedback_id], model_dir=model_dir
    )
    case: CaseRef | None = None
    if data.field in ("sentiment", "type") and row.analysed_at is not None:
        session.refresh(row)  # the replay wrote the item's sentiment and type in bulk
        analysis = analysis_service.analysis_for(session, feedback_id=feedback_id) or {}
        signal = signal_for(
            row,
            sentiment=row.sentiment,
            urgency=analysis.get("urgency"),
            feedback_type=row.feedback_type,
        )
        opened = cases_service.open_cases_for_feedback(
            session, organization_id=organization_id, signals=[signal], actor_id=user_id
        )[0]
        if opened is not None:
            case = CaseRef(id=opened.id, number=opened.number, status=str(opened.status))
    return CorrectionRead.model_validate(correction).model_copy(update={"case": case})


def list_corrections(
    session: Session, *, organization_id: int, feedback_id: int
) -> list[CorrectionRead]:
    """The item's corrections, oldest first: the history the detail page shows."""
    get_feedback_row(session, organization_id=organization_id, feedback_id=feedback_id)
    rows = session.scalars(
        select(Correction)
        .where(Correction.feedback_id == feedback_id)
        .order_by(Correction.created_at, Correction.id)
    )
    return [CorrectionRead.model_validate(r) for r in rows]


def replay_corrections(
    session: Session,
    *,
    organization_id: int,
    feedback_ids: Sequence[int],
    model_dir: str | None = None,
) -> None:
    """Replay every correction of these items over their current reading: the item's row then
    holds the sentiment and type people decided, its aspect rows their aspects.

    Three statements whatever the number of items (the corrections, the items' scores, one bulk
    update), plus the aspect rows' own. Items without a correction are not touched.
    """
    if not feedback_ids:
        return
    c = Correction
    sentiments: dict[int, str] = {}
    types: dict[int, str] = {}
    aspects: dict[tuple[int, str], Correction] = {}
    for corr in session.scalars(
        select(c).where(c.feedback_id.in_(list(feedback_ids))).order_by(c.id)
    ):
        if corr.field == "sentiment":
            sentiments[corr.feedback_id] = corr.value
        elif corr.field == "type":
            types[corr.feedback_id] = corr.value
        elif corr.field == "aspect":
            aspects[(corr.feedback_id, corr.value)] = corr
    touched = set(sentiments) | set(types) | {fid for fid, _ in aspects}
    if not touched:
        return
    f = Feedback
    items = {
        fid: (sentiment, rating, csat, nps, text)
        for fid, sentiment, rating, csat, nps, text in session.execute(
            select(f.id, f.sentiment, f.rating, f.csat, f.nps, f.text).where(
                f.id.in_(sorted(touched))
            )
        )
    }
    # the type rule reads the sentiment: where people set only the sentiment, the type follows it
    followed = analysis_service.types_given_sentiment(
        session,
        items={
            fid: (items[fid][4], label) for fid, label in sentiments.items() if fid not in types
        },
        model_dir=model_dir,
    )
    types = followed | types
    if sentiments:
        session.execute(
            update(Feedback),
            [
                {
                    "id": fid,
                    "sentiment": label,
                    "is_negative": label == "negative"
                    or is_negative_by_scores(items[fid][1], items[fid][2], items[fid][3]),
                }
                for fid, label in sentiments.items()
            ],
        )
    if types:
        session.execute(
            update(Feedback), [{"id": fid, "feedback_type": t} for fid, t in types.items()]
        )
    if aspects:
        analysis_service.apply_aspect_decisions(
            session,
            organization_id=organization_id,
            decisions=[
                analysis_service.AspectDecision(
                    feedback_id=fid,
                    aspect=key,
                    present=not corr.is_removal,
                    polarity=corr.polarity,
                    fallback_polarity=sentiments.get(fid) or items[fid][0] or "neutral",
                )
                for (fid, key), corr in aspects.items()
            ],
        )
    aspect_judged = {fid for fid, _ in aspects}
    analysis_service.aspects_follow_sentiment(
        session,
        items={fid: label for fid, label in sentiments.items() if fid not in aspect_judged},
    )
    session.flush()


def corrected_labels(
    session: Session, *, organization_id: int, field: str = "sentiment"
) -> Iterator[tuple[int, str, str]]:
    """(feedback id, text, label) of every item with text a person corrected.

    The rows ``cxloop text train --data`` learns from (columns ``text`` and ``label``); streamed,
    so an export of many corrections stays in constant memory. For sentiment and type the newest
    label wins. For aspects the label is the item's aspects as people left them: the ones they
    set plus the model's they did not remove, sorted and joined with ``;`` (the form aspect
    training and ``cxloop text evaluate --task aspects`` read), and ``none`` when they removed
    every one, which teaches as much as a set one: those words name no aspect.
    """
    c, f = Correction, Feedback
    if field == "aspect":
        ids = (
            select(c.feedback_id)
            .join(f, f.id == c.feedback_id)
            .where(f.organization_id == organization_id, c.field == "aspect")
            .distinct()
        )
        items = session.execute(
            select(f.id, f.text)
            .where(f.id.in_(ids), f.text.is_not(None), f.text != "")
            .order_by(f.id)
            .execution_options(yield_per=_EXPORT_CHUNK)
        )
        chunk: list[tuple[int, str]] = []
        for feedback_id, text in items:
            chunk.append((int(feedback_id), str(text)))
            if len(chunk) == _EXPORT_CHUNK:
                yield from _aspect_labels(session, chunk)
                chunk = []
        yield from _aspect_labels(session, chunk)
        return
    latest = (
        select(func.max(c.id))
        .join(f, f.id == c.feedback_id)
        .where(f.organization_id == organization_id, c.field == field)
        .group_by(c.feedback_id)
    )
    rows = session.execute(
        select(f.id, f.text, c.value)
        .join(c, c.feedback_id == f.id)
        .where(c.id.in_(latest), f.text.is_not(None), f.text != "")
        .order_by(f.id)
        .execution_options(yield_per=_EXPORT_CHUNK)
    )
    for feedback_id, text, value in rows:
        yield int(feedback_id), str(text), str(value)


def _aspect_labels(
    session: Session, chunk: Sequence[tuple[int, str]]
) -> Iterator[tuple[int, str, str]]:
    if not chunk:
        return
    found = analysis_service.aspects_of(session, feedback_ids=[fid for fid, _ in chunk])
    for fid, text in chunk:
        keys = [a.aspect for a in found.get(fid, [])]
        yield fid, text, ";".join(keys) if keys else NO_ASPECT
