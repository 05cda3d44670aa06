"""SQL aggregates over the recovery-case table, for the metrics domain.

Why here: ``recovery_case`` belongs to the cases domain, so the queries that read it live in its
folder and ``metrics.service`` only calls :func:`case_totals`. The queries read the column names of
the published contract (status, unit_id, service_id, the ``*_at`` milestones, the stored
working-minute durations, the breach flags, the follow-up score) through a lightweight table
clause, so they do not depend on how the ORM class is spelled.

Everything is counted by the database; the medians are the only statistic that is not a plain
sum, and :func:`median` hides the one difference between the backends (``percentile_cont`` on
PostgreSQL, ``ORDER BY`` + ``LIMIT``/``OFFSET`` on SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    String,
    and_,
    case,
    column,
    func,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from cxloop.core.db import Base
from cxloop.core.types import UTCDateTime

OPEN_STATUSES = ("new", "acknowledged", "in_progress", "pending_customer", "pending_approval")
DONE_STATUSES = ("resolved", "closed")

recovery_case = table(
    "recovery_case",
    column("id", Integer),
    column("organization_id", Integer),
    column("status", String),
    column("unit_id", Integer),
    column("service_id", Integer),
    column("opened_at", UTCDateTime()),
    column("first_response_at", UTCDateTime()),
    column("resolved_at", UTCDateTime()),
    column("followed_up_at", UTCDateTime()),
    column("first_response_due_at", UTCDateTime()),
    column("resolution_due_at", UTCDateTime()),
    column("first_response_working_minutes", Integer),
    column("resolution_working_minutes", Integer),
    column("is_first_response_breached", Boolean),
    column("is_resolution_breached", Boolean),
    column("follow_up_score", Integer),
)


@dataclass(frozen=True)
class CaseScope:
    """Which cases a metric counts: one organisation, a half-open UTC range, unit subtree, service."""

    organization_id: int
    start_at: datetime | None = None
    end_at: datetime | None = None
    unit_ids: Sequence[int] | None = None
    service_id: int | None = None


@dataclass(frozen=True)
class CaseTotals:
    """Counts, sums and medians behind the case metrics of the summary.

    * ``open`` / ``overdue``: a snapshot at ``now`` of the scope's unit and service (not the period):
      what is on the desks today.
    * first response: cases first answered in the period; resolution and SLA compliance: cases
      resolved in the period; follow-up rate: of those, the ones now resolved or closed; recovery
      satisfaction: cases followed up in the period (latest score).
    """

    open: int = 0
    overdue: int = 0
    first_response_n: int = 0
    first_response_median_minutes: float | None = None
    resolved_n: int = 0
    resolution_median_minutes: float | None = None
    resolved_within_sla: int = 0
    done_n: int = 0
    followed_up: int = 0
    follow_up_n: int = 0
    follow_up_sum: int = 0
    follow_up_sum_sq: int = 0
    follow_up_satisfied: int = 0


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _scope(scope: CaseScope) -> list[ColumnElement[bool]]:
    c = recovery_case.c
    clauses: list[ColumnElement[bool]] = [c.organization_id == scope.organization_id]
    if scope.unit_ids is not None:
        clauses.append(c.unit_id.in_(list(scope.unit_ids)))
    if scope.service_id is not None:
        clauses.append(c.service_id == scope.service_id)
    return clauses


def _in_period(col: Any, scope: CaseScope) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [col.is_not(None)]
    if scope.start_at is not None:
        clauses.append(col >= scope.start_at)
    if scope.end_at is not None:
        clauses.append(col < scope.end_at)
    return clauses


def median(
    session: Session,
    value: Any,
    *,
    where: Sequence[ColumnElement[bool]] = (),
    source: FromClause = recovery_case,
) -> tuple[float | None, int]:
    """The median of ``value`` over ``source`` rows matching ``where`` (nulls skipped), and their count.

    PostgreSQL computes it with ``percentile_cont(0.5)``; SQLite has no percentile function, so we
    count, then read the middle one or two values with ``ORDER BY value LIMIT k OFFSET m`` — still
    one index-friendly query that returns at most two rows, never the whole column.
    """
    clauses = [*where, value.is_not(None)]
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            select(func.percentile_cont(0.5).within_group(value.asc()), func.count(value))
            .select_from(source)
            .where(*clauses)
        ).one()
        n = int(row[1])
        return (float(row[0]) if n else None), n
    n = int(session.scalar(select(func.count(value)).select_from(source).where(*clauses)) or 0)
    if n == 0:
        return None, 0
    limit, offset = (1, n // 2) if n % 2 else (2, n // 2 - 1)
    middle = list(
        session.scalars(
            select(value)
            .select_from(source)
            .where(*clauses)
            .order_by(value)
            .limit(limit)
            .offset(offset)
        )
    )
    return sum(float(v) for v in middle) / len(middle), n


def case_totals(session: Session, *, scope: CaseScope, now: datetime) -> CaseTotals:
    """Everything the summary needs about cases, in a handful of small aggregate queries.

    Until the cases domain has registered its table (models imported, migration present), there are
    no cases to count and the totals are empty rather than an error.
    """
    if "recovery_case" not in Base.metadata.tables:
        return CaseTotals()
    c = recovery_case.c
    base = _scope(scope)
    is_open = c.status.in_(OPEN_STATUSES)
    # Past a deadline that is still running (a pending_customer case has its clock paused), or
    # already marked breached by the deadline job.
    late = or_(
        c.is_first_response_breached.is_(True),
        c.is_resolution_breached.is_(True),
        and_(
            c.status != "pending_customer",
            or_(
                and_(c.first_response_at.is_(None), c.first_response_due_at < now),
                c.resolution_due_at < now,
            ),
        ),
    )
    snapshot = session.execute(
        select(_flag(is_open).label("open"), _flag(and_(is_open, late)).label("overdue"))
        .select_from(recovery_case)
        .where(*base)
    ).one()

    first_median, first_n = median(
        session,
        c.first_response_working_minutes,
        where=[*base, *_in_period(c.first_response_at, scope)],
    )
    resolved_where = [*base, *_in_period(c.resolved_at, scope)]
    resolution_median, resolved_n = median(
        session, c.resolution_working_minutes, where=resolved_where
    )
    breached = or_(c.is_first_response_breached.is_(True), c.is_resolution_breached.is_(True))
    done = c.status.in_(DONE_STATUSES)
    within = session.scalar(
        select(_flag(not_(breached)))
        .select_from(recovery_case)
        .where(*resolved_where, c.resolution_working_minutes.is_not(None))
    )
    # Follow-up share counts every case resolved in the period (with or without a duration).
    done_row = session.execute(
        select(
            _flag(done).label("done"),
            _flag(and_(done, c.followed_up_at.is_not(None))).label("followed"),
        )
        .select_from(recovery_case)
        .where(*resolved_where)
    ).one()
    score = c.follow_up_score
    follow = session.execute(
        select(
            func.count(score).label("n"),
            func.coalesce(func.sum(score), 0).label("total"),
            func.coalesce(func.sum(score * score), 0).label("total_sq"),
            _flag(score >= 4).label("satisfied"),
        )
        .select_from(recovery_case)
        .where(*base, *_in_period(c.followed_up_at, scope), score.is_not(None))
    ).one()
    return CaseTotals(
        open=int(snapshot.open),
        overdue=int(snapshot.overdue),
        first_response_n=first_n,
        first_response_median_minutes=first_median,
        resolved_n=resolved_n,
        resolution_median_minutes=resolution_median,
        resolved_within_sla=int(within or 0),
        done_n=int(done_row.done),
        followed_up=int(done_row.followed),
        follow_up_n=int(follow.n),
        follow_up_sum=int(follow.total),
        follow_up_sum_sq=int(follow.total_sq),
        follow_up_satisfied=int(follow.satisfied),
    )
