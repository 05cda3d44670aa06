"""Helpers of the cases tests: feedback rows, signals, and cases brought into a given state.

Feedback rows go in through the feedback domain's ORM with explicit values (the feedback service
is another engineer's); cases only ever move through ``cases.service``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from tests.factories import World

from cxloop.cases import service as cases_service
from cxloop.cases.schemas import CaseRead, FeedbackSignal
from cxloop.customers.models import Customer
from cxloop.feedback.models import Feedback

SH = ZoneInfo("Asia/Shanghai")
_refs = count(1)


def sh(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A Shanghai wall-clock time, as the aware UTC instant the database gives back."""
    return datetime(y, mo, d, h, mi, tzinfo=SH).astimezone(UTC)


def add_customer(session: Session, world: World, external_id: str = "cust-1") -> Customer:
    customer = Customer(organization_id=world.org.id, external_id=external_id, name="刘先生")
    session.add(customer)
    session.flush()
    return customer


def add_feedback(
    session: Session,
    world: World,
    *,
    received_at: datetime,
    rating: int | None = 1,
    customer_id: int | None = None,
    organization_id: int | None = None,
) -> Feedback:
    item = Feedback(
        organization_id=organization_id or world.org.id,
        channel="qr_rating",
        source_ref=f"cases-test-{next(_refs)}",
        received_at=received_at,
        unit_id=world.unit_a.id,
        service_id=world.service.id,
        customer_id=customer_id,
        rating=rating,
        is_negative=rating is not None and rating <= 2,
        extra={},
    )
    session.add(item)
    session.flush()
    return item


def signal_for(item: Feedback, **overrides: Any) -> FeedbackSignal:
    values: dict[str, Any] = {
        "feedback_id": item.id,
        "unit_id": item.unit_id,
        "service_id": item.service_id,
        "customer_id": item.customer_id,
        "channel": item.channel,
        "received_at": item.received_at,
        "rating": item.rating,
        "csat": item.csat,
        "nps": item.nps,
        "ces": item.ces,
    }
    values.update(overrides)
    return FeedbackSignal(**values)


def open_case(
    session: Session,
    world: World,
    *,
    received_at: datetime | None = None,
    rating: int = 1,
    customer_id: int | None = None,
    **signal: Any,
) -> CaseRead:
    """A case opened by the rule from a fresh negative feedback item."""
    item = add_feedback(
        session,
        world,
        received_at=received_at or sh(2026, 11, 24, 10),
        rating=rating,
        customer_id=customer_id,
    )
    case = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal_for(item, **signal)
    )
    assert case is not None
    return case


def run(
    session: Session,
    world: World,
    case_id: int,
    command: str,
    payload: dict[str, Any] | None = None,
    *,
    actor: Any = None,
    now: datetime | None = None,
) -> CaseRead:
    return cases_service.apply_command(
        session,
        organization_id=world.org.id,
        case_id=case_id,
        command=command,
        actor=actor,
        payload=payload or {},
        now=now,
    )


RESOLVE = {"root_cause_aspect": "timeliness", "resolution_code": "recovered"}

# The commands that bring a fresh case into each state (actor: the system).
PATHS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "new": [],
    "acknowledged": [("acknowledge", {})],
    "in_progress": [("acknowledge", {}), ("start", {}), ("log_contact", {"outcome": "reached"})],
}
PATHS["pending_customer"] = [*PATHS["in_progress"], ("wait_for_customer", {})]
PATHS["pending_approval"] = [*PATHS["in_progress"], ("extend", {"days": 1, "reason": "visit"})]
PATHS["resolved"] = [*PATHS["in_progress"], ("resolve", RESOLVE)]
PATHS["closed"] = [*PATHS["resolved"], ("record_follow_up", {"score": 5})]


def case_in_state(session: Session, world: World, state: str) -> CaseRead:
    case = open_case(session, world)
    if state == "merged":
        other = open_case(session, world)
        return run(session, world, case.id, "merge", {"into_case_id": other.id})
    for command, payload in PATHS[state]:
        case = run(session, world, case.id, command, payload)
    assert case.status == state
    return case
