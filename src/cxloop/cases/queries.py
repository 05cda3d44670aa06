"""Reading cases: one case with its timeline, filtered lists with keyset pagination."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cxloop.cases.models import (
    OPEN_STATUSES,
    CaseContact,
    CaseEvent,
    CaseFeedback,
    CaseStatus,
    FollowUp,
    RecoveryAction,
    RecoveryCase,
)
from cxloop.cases.schemas import (
    ActionRead,
    CaseListItem,
    CaseRead,
    ContactRead,
    EventRead,
    FollowUpRead,
)
from cxloop.core.clock import utcnow
from cxloop.core.errors import BadRequest, NotFound
from cxloop.core.pagination import Page, decode_cursor, encode_cursor

MAX_LIMIT = 200

_Child = TypeVar("_Child", CaseEvent, RecoveryAction, CaseContact, FollowUp)


def get_case_row(session: Session, *, organization_id: int, case_id: int) -> RecoveryCase:
    """The case, or 404 — also for another organisation's case, so existence is never revealed."""
    case = session.get(RecoveryCase, case_id)
    if case is None or case.organization_id != organization_id:
        raise NotFound("case.not_found", details={"case_id": case_id})
    return case


def to_read(session: Session, case: RecoveryCase) -> CaseRead:
    """The full detail: timeline, actions, contacts, follow-ups and linked feedback ids."""
    return to_reads(session, [case])[0]


def to_reads(session: Session, cases: Sequence[RecoveryCase]) -> list[CaseRead]:
    """The full details of several cases, in order, with five queries whatever their number."""
    ids = list({case.id for case in cases})
    if not ids:
        return []
    events = _by_case(
        session.scalars(
            select(CaseEvent).where(CaseEvent.case_id.in_(ids)).order_by(CaseEvent.at, CaseEvent.id)
        )
    )
    actions = _by_case(
        session.scalars(
            select(RecoveryAction)
            .where(RecoveryAction.case_id.in_(ids))
            .order_by(RecoveryAction.id)
        )
    )
    contacts = _by_case(
        session.scalars(
            select(CaseContact).where(CaseContact.case_id.in_(ids)).order_by(CaseContact.at)
        )
    )
    follow_ups = _by_case(
        session.scalars(select(FollowUp).where(FollowUp.case_id.in_(ids)).order_by(FollowUp.at))
    )
    feedback_ids: dict[int, list[int]] = {}
    for case_id, feedback_id in session.execute(
        select(CaseFeedback.case_id, CaseFeedback.feedback_id)
        .where(CaseFeedback.case_id.in_(ids))
        .order_by(CaseFeedback.feedback_id)
    ):
        feedback_ids.setdefault(case_id, []).append(feedback_id)
    return [
        CaseRead.model_validate(
            {
                **CaseListItem.model_validate(case).model_dump(),
                **{name: getattr(case, name) for name in _DETAIL_FIELDS},
                "feedback_ids": feedback_ids.get(case.id, []),
                "events": [EventRead.model_validate(e) for e in events.get(case.id, [])],
                "actions": [ActionRead.model_validate(a) for a in actions.get(case.id, [])],
                "contacts": [ContactRead.model_validate(c) for c in contacts.get(case.id, [])],
                "follow_ups": [FollowUpRead.model_validate(f) for f in follow_ups.get(case.id, [])],
            }
        )
        for case in cases
    ]


def _by_case(rows: Iterable[_Child]) -> dict[int, list[_Child]]:
    """Rows grouped by their case id, each group in the order of the query."""
    grouped: dict[int, list[_Child]] = {}
    for row in rows:
        grouped.setdefault(row.case_id, []).append(row)
    return grouped


_DETAIL_FIELDS = tuple(
    name
    for name in CaseRead.model_fields
    if name not in CaseListItem.model_fields
    and name not in ("feedback_ids", "events", "actions", "contacts", "follow_ups")
)


def get_case(session: Session, *, organization_id: int, case_id: int) -> CaseRead:
    return to_read(session, get_case_row(session, organization_id=organization_id, case_id=case_id))


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Open and late: a breach already marked, or a running clock past its due time."""
    c = RecoveryCase
    return and_(
        c.status.in_(list(OPEN_STATUSES)),
        or_(
            c.is_first_response_breached.is_(True),
            c.is_resolution_breached.is_(True),
            and_(c.first_response_at.is_(None), c.first_response_due_at < now),
            and_(c.status != CaseStatus.pending_customer, c.resolution_due_at < now),
        ),
    )


@dataclass(frozen=True)
class CaseFilters:
    statuses: Sequence[str] = ()
    unit_ids: Sequence[int] | None = None
    assignee_id: int | None = None
    priority: str | None = None
    overdue: bool = False
    q: str | None = None
    opened_from: datetime | None = None
    opened_to: datetime | None = None


def _filtered(organization_id: int, filters: CaseFilters, now: datetime) -> Select[Any]:
    c = RecoveryCase
    stmt = select(c).where(c.organization_id == organization_id)
    if filters.statuses:
        stmt = stmt.where(c.status.in_(list(filters.statuses)))
    if filters.unit_ids is not None:
        stmt = stmt.where(c.unit_id.in_(list(filters.unit_ids)))
    if filters.assignee_id is not None:
        stmt = stmt.where(c.assignee_id == filters.assignee_id)
    if filters.priority:
        stmt = stmt.where(c.priority == filters.priority)
    if filters.overdue:
        stmt = stmt.where(overdue_clause(now))
    if filters.q:
        pattern = f"%{filters.q.strip()}%"
        stmt = stmt.where(or_(c.number.ilike(pattern), c.title.ilike(pattern)))
    if filters.opened_from is not None:
        stmt = stmt.where(c.opened_at >= filters.opened_from)
    if filters.opened_to is not None:
        stmt = stmt.where(c.opened_at < filters.opened_to)
    return stmt


def list_cases(
    session: Session,
    *,
    organization_id: int,
    filters: CaseFilters | None = None,
    cursor: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> Page[CaseListItem]:
    """Newest first (opened_at, id descending), keyset-paginated."""
    c = RecoveryCase
    limit = max(1, min(limit, MAX_LIMIT))
    stmt = _filtered(organization_id, filters or CaseFilters(), now or utcnow())
    if cursor:
        key = decode_cursor(cursor)
        try:
            opened_at, last_id = datetime.fromisoformat(str(key[0])), int(key[1])
        except (ValueError, IndexError, TypeError) as exc:
            raise BadRequest("request.invalid_cursor", details={"cursor": cursor}) from exc
        stmt = stmt.where(
            or_(c.opened_at < opened_at, and_(c.opened_at == opened_at, c.id < last_id))
        )
    rows = list(session.scalars(stmt.order_by(c.opened_at.desc(), c.id.desc()).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([last.opened_at.isoformat(), last.id])
    return Page[CaseListItem](
        items=[CaseListItem.model_validate(r) for r in rows], next_cursor=next_cursor
    )


def case_for_feedback(
    session: Session, *, organization_id: int, feedback_id: int
) -> CaseListItem | None:
    """The case a feedback item belongs to, if any."""
    row = session.scalar(
        select(RecoveryCase)
        .join(CaseFeedback, CaseFeedback.case_id == RecoveryCase.id)
        .where(
            CaseFeedback.feedback_id == feedback_id,
            RecoveryCase.organization_id == organization_id,
        )
    )
    return CaseListItem.model_validate(row) if row is not None else None
