"""The demo's case histories: every state shown, stories dated in the past, counted by the metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxloop.cases.models import CaseEvent, FollowUp, RecoveryCase
from cxloop.demo.builder import build_demo
from cxloop.demo.cases import SHOWCASE
from cxloop.demo.rhythm import TZ
from cxloop.metrics import service as metrics_service
from cxloop.metrics.schemas import SummaryMetric
from cxloop.org.models import Organization

TODAY = date(2026, 11, 24)
END = datetime.combine(TODAY, time.max, tzinfo=TZ)


def _statuses(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(
        select(Organization.slug, RecoveryCase.status)
        .join(Organization, Organization.id == RecoveryCase.organization_id)
        .order_by(Organization.slug, RecoveryCase.opened_at, RecoveryCase.id)
    ).all()
    return [(slug, str(status)) for slug, status in rows]


def test_every_case_state_appears_in_both_organisations(session: Session) -> None:
    result = build_demo(session, seed=5, months=1, today=TODAY, scale=0.2, password="pw")

    statuses = _statuses(session)
    assert len(statuses) > 100
    for slug in ("jianghai-gov", "yunqi-hotels"):
        seen = {status for s, status in statuses if s == slug}
        assert seen >= set(SHOWCASE), (slug, set(SHOWCASE) - seen)
    assert sum(result.cases.values()) == len(statuses)
    assert result.notes == []


def test_case_timelines_run_forward_from_the_opening_and_stay_in_the_past(
    session: Session,
) -> None:
    build_demo(session, seed=6, months=1, today=TODAY, scale=0.1, password="pw")

    rows = session.execute(
        select(CaseEvent.case_id, CaseEvent.at, RecoveryCase.opened_at)
        .join(RecoveryCase, RecoveryCase.id == CaseEvent.case_id)
        .order_by(CaseEvent.case_id, CaseEvent.id)
    ).all()
    assert len(rows) > 500
    last: dict[int, datetime] = {}
    for case_id, at, opened_at in rows:
        at, opened_at = at.astimezone(UTC), opened_at.astimezone(UTC)
        assert opened_at <= at <= END
        assert at >= last.get(case_id, opened_at)
        last[case_id] = at


def test_closed_cases_carry_a_follow_up_and_the_metrics_count_them(session: Session) -> None:
    result = build_demo(session, seed=7, months=2, today=TODAY, scale=0.1, password="pw")
    org_id = result.organizations["jianghai-gov"]

    closed = session.scalar(
        select(func.count(RecoveryCase.id)).where(
            RecoveryCase.organization_id == org_id, RecoveryCase.status == "closed"
        )
    )
    with_follow_up = session.scalar(
        select(func.count(func.distinct(FollowUp.case_id)))
        .join(RecoveryCase, RecoveryCase.id == FollowUp.case_id)
        .where(RecoveryCase.organization_id == org_id, RecoveryCase.status == "closed")
    )
    assert closed and closed > 20
    assert with_follow_up == closed

    summary = metrics_service.summary(
        session,
        organization_id=org_id,
        start_on=date(2026, 9, 25),
        end_on=TODAY,
        now=END,
    )
    metrics = summary.metrics
    follow_up_rate = metrics[SummaryMetric.follow_up_rate].value
    assert follow_up_rate is not None
    assert follow_up_rate > 0.5
    recovery_satisfaction = metrics[SummaryMetric.recovery_satisfaction].value
    assert recovery_satisfaction is not None
    assert 1 <= recovery_satisfaction <= 5
    assert metrics[SummaryMetric.sla_compliance].n > 20


def test_the_same_seed_tells_the_same_case_stories(session: Session) -> None:
    nested = session.begin_nested()
    build_demo(session, seed=8, months=1, today=TODAY, scale=0.08, password="pw")
    first = _statuses(session)
    nested.rollback()
    build_demo(session, seed=8, months=1, today=TODAY, scale=0.08, password="pw")

    assert len(first) > 30
    assert _statuses(session) == first
