"""The deadline worker: breaches and escalations once, auto-close, paused clocks, the next check."""

from __future__ import annotations

import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.cases.cases_factories import RESOLVE, open_case, run, sh
from tests.factories import World

from cxloop.cases import service as cases_service
from cxloop.cases import tasks as cases_tasks
from cxloop.cases.deadlines import check_deadlines
from cxloop.cases.models import CaseEvent
from cxloop.core.clock import utcnow
from cxloop.worker.runner import load_jobs


def _kinds(session: Session, case_id: int) -> list[str]:
    return list(
        session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        )
    )


def test_worker_finds_the_job_under_its_name() -> None:
    assert (
        load_jobs(["cases.check_deadlines"])["cases.check_deadlines"] is cases_tasks.check_deadlines
    )


def test_nothing_is_due_before_the_first_response_deadline(session: Session, world: World) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    with time_machine.travel(sh(2026, 11, 25, 9, 59), tick=False):
        assert check_deadlines(session, now=utcnow()) == 0
    fresh = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert fresh.is_first_response_breached is False


def test_missed_first_response_is_marked_escalated_once_and_idempotent(
    session: Session, world: World
) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    with time_machine.travel(sh(2026, 11, 25, 10, 1), tick=False):
        assert check_deadlines(session, now=utcnow()) == 1
        assert check_deadlines(session, now=utcnow()) == 0
    after = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert after.is_first_response_breached is True
    assert after.is_resolution_breached is False
    assert after.is_escalated is True
    assert after.status == "new"
    assert _kinds(session, case.id) == ["opened", "sla_breached", "escalated"]
    assert after.next_check_at == after.resolution_due_at
    assert after.events[1].data["clock"] == "first_response"


def test_missed_resolution_is_marked_with_its_own_event(session: Session, world: World) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    run(session, world, case.id, "acknowledge", now=sh(2026, 11, 24, 11))
    with time_machine.travel(sh(2026, 11, 27, 10, 30), tick=False):
        assert check_deadlines(session, now=utcnow()) == 1
        assert check_deadlines(session, now=utcnow()) == 0
    after = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert (after.is_first_response_breached, after.is_resolution_breached) == (False, True)
    assert after.next_check_at is None
    breaches = session.scalar(
        select(func.count(CaseEvent.id)).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "sla_breached"
        )
    )
    assert breaches == 1


def test_pending_customer_pauses_the_resolution_clock(session: Session, world: World) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    run(session, world, case.id, "acknowledge", now=sh(2026, 11, 24, 11))
    run(session, world, case.id, "start", now=sh(2026, 11, 24, 11))
    waiting = run(session, world, case.id, "wait_for_customer", now=sh(2026, 11, 24, 12))
    assert waiting.next_check_at is None
    with time_machine.travel(sh(2026, 12, 7, 10), tick=False):
        assert check_deadlines(session, now=utcnow()) == 0
    after = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert after.is_resolution_breached is False


def test_resolved_case_without_follow_up_auto_closes_after_three_working_days(
    session: Session, world: World
) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    run(session, world, case.id, "acknowledge", now=sh(2026, 11, 24, 11))
    run(session, world, case.id, "start", now=sh(2026, 11, 24, 11))
    run(session, world, case.id, "log_contact", {"outcome": "reached"}, now=sh(2026, 11, 24, 12))
    resolved = run(session, world, case.id, "resolve", RESOLVE, now=sh(2026, 11, 25, 16))
    assert resolved.next_check_at == sh(2026, 11, 30, 16)  # Thu, Fri, Mon
    with time_machine.travel(sh(2026, 11, 30, 15, 59), tick=False):
        assert check_deadlines(session, now=utcnow()) == 0
    with time_machine.travel(sh(2026, 11, 30, 16, 0), tick=False):
        assert check_deadlines(session, now=utcnow()) == 1
        assert check_deadlines(session, now=utcnow()) == 0
    closed = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert (closed.status, closed.closed_at, closed.next_check_at) == (
        "closed",
        sh(2026, 11, 30, 16),
        None,
    )
    last = closed.events[-1]
    assert (last.kind, last.command, last.actor_id) == ("auto_closed", "auto_close", None)


def test_deadlines_of_many_cases_are_handled_in_one_run(session: Session, world: World) -> None:
    cases = [open_case(session, world, received_at=sh(2026, 11, 2, 10)) for _ in range(3)]
    with time_machine.travel(sh(2026, 11, 24, 10), tick=False):
        assert check_deadlines(session, now=utcnow()) == 3
    for case in cases:
        after = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
        assert (after.is_first_response_breached, after.is_resolution_breached) == (True, True)
        assert _kinds(session, case.id) == ["opened", "sla_breached", "escalated", "sla_breached"]
