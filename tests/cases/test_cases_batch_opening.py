"""Opening the cases of a whole ingested batch at once: the same cases as one item at a time,
with a number of statements that does not grow with the batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.cases.cases_factories import add_customer, add_feedback, open_case, sh, signal_for
from tests.factories import World
from tests.sql_statements import statements

from cxloop.cases import service as cases_service
from cxloop.cases.models import CaseEvent, CaseFeedback, RecoveryCase
from cxloop.cases.schemas import CaseRead, FeedbackSignal
from cxloop.feedback.models import Feedback

NOW = sh(2026, 11, 25, 9, 30)


@dataclass
class Arm:
    """One copy of the mixed batch: its signals, and every feedback and customer id it made."""

    signals: list[FeedbackSignal] = field(default_factory=list)
    feedback_ids: list[int] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)


def _mixed_batch(session: Session, world: World, tag: str) -> Arm:
    """Positive, negative, a customer twice in the batch, a customer with a case already open,
    an item already linked, the same item twice, and the same customer at another unit."""
    arm = Arm()
    liu = add_customer(session, world, external_id=f"liu-{tag}")
    zhou = add_customer(session, world, external_id=f"zhou-{tag}")
    arm.customer_ids = [liu.id, zhou.id]
    earlier = open_case(session, world, received_at=sh(2026, 11, 20, 10), customer_id=zhou.id)
    linked = open_case(session, world, received_at=sh(2026, 11, 21, 10), rating=2)
    arm.feedback_ids = [*earlier.feedback_ids, *linked.feedback_ids]

    def item(rating: int | None, customer_id: int | None = None) -> Feedback:
        row = add_feedback(
            session, world, received_at=sh(2026, 11, 24, 10), rating=rating, customer_id=customer_id
        )
        arm.feedback_ids.append(row.id)
        return row

    praise = item(5)
    first = item(1, liu.id)
    second = item(2, liu.id)
    arm.signals = [
        signal_for(praise, text="窗口服务很好"),
        signal_for(first, text="排队两小时，请回电13812345678", staff_id=world.staff.id),
        signal_for(second, sentiment="negative"),
        signal_for(item(2, zhou.id)),
        signal_for(session.get_one(Feedback, linked.feedback_ids[0])),
        signal_for(item(None), urgency="critical", sentiment="negative"),
        signal_for(item(1, liu.id), unit_id=world.unit_b.id),
        signal_for(first, text="排队两小时，请回电13812345678", staff_id=world.staff.id),
        signal_for(item(1, liu.id)),
        signal_for(item(3, liu.id)),
    ]
    return arm


def _canonical(results: list[CaseRead | None], arm: Arm) -> list[dict[str, Any] | None]:
    """The results with the ids this arm's rows happened to get replaced by their order."""
    feedback = {fid: f"feedback-{i}" for i, fid in enumerate(arm.feedback_ids)}
    customers = {cid: f"customer-{i}" for i, cid in enumerate(arm.customer_ids)}
    cases: dict[int, str] = {}
    events: dict[int, str] = {}
    out: list[dict[str, Any] | None] = []
    for read in results:
        if read is None:
            out.append(None)
            continue
        data = read.model_dump()
        assert data["number"] == f"C2026-{data['id']:06d}"
        data["id"] = data["number"] = cases.setdefault(data["id"], f"case-{len(cases)}")
        data["customer_id"] = customers.get(data["customer_id"])
        data["feedback_ids"] = [feedback[f] for f in data["feedback_ids"]]
        for e in data["events"]:
            e["id"] = events.setdefault(e["id"], f"event-{len(events)}")
            if "feedback_id" in e["data"]:
                e["data"]["feedback_id"] = feedback[e["data"]["feedback_id"]]
        out.append(data)
    return out


def test_a_batch_opens_the_same_cases_as_one_item_at_a_time(session: Session, world: World) -> None:
    with time_machine.travel(NOW, tick=False):
        alone = _mixed_batch(session, world, "alone")
        one_by_one = [
            cases_service.open_case_for_feedback(session, organization_id=world.org.id, signal=s)
            for s in alone.signals
        ]
        batch = _mixed_batch(session, world, "batch")
        together = cases_service.open_cases_for_feedback(
            session, organization_id=world.org.id, signals=batch.signals
        )

    assert len(together) == len(batch.signals) == 10
    assert _canonical(together, batch) == _canonical(one_by_one, alone)
    # What the batch did, read off the results themselves (so equality is not of two empties):
    kinds = [None if r is None else [e.kind for e in r.events] for r in together]
    assert kinds == [
        None,  # praise
        ["opened"],  # Liu's first complaint, as it stood when it was opened
        ["opened", "feedback_attached"],  # Liu again, same unit and service: joins it
        ["opened", "feedback_attached"],  # Zhou already had a case open
        ["opened"],  # already linked: its case
        ["opened"],  # no customer
        ["opened"],  # Liu at another unit: a case of its own
        ["opened", "feedback_attached"],  # Liu's first item again: its case, as it stands now
        ["opened", "feedback_attached", "feedback_attached"],  # Liu a third time
        None,  # rating 3 from Liu: not negative enough
    ]
    opened, joined, again, third = together[1], together[2], together[7], together[8]
    assert opened is not None and joined is not None and again is not None and third is not None
    assert opened.id == joined.id == again.id == third.id
    assert len(third.feedback_ids) == 3 and opened.feedback_ids == [batch.signals[1].feedback_id]
    assert "13812345678" not in opened.title and opened.priority == "high"
    assert opened.events[0].data["staff_id"] == world.staff.id
    assert together[5] is not None and together[5].priority == "urgent"
    assert together[3] is not None and together[3].feedback_ids[0] == batch.feedback_ids[0]


def test_a_batch_stores_one_link_per_item_and_one_event_per_case_or_join(
    session: Session, world: World
) -> None:
    batch = _mixed_batch(session, world, "rows")
    before = session.scalar(select(func.count(CaseFeedback.id)))
    cases_before = session.scalar(select(func.count(RecoveryCase.id)))
    events_before = session.scalar(select(func.count(CaseEvent.id)))
    cases_service.open_cases_for_feedback(
        session, organization_id=world.org.id, signals=batch.signals
    )
    # 6 new items linked (Liu x3 on unit A, Zhou, no customer, Liu at unit B); 3 cases opened.
    assert session.scalar(select(func.count(CaseFeedback.id))) == (before or 0) + 6
    assert session.scalar(select(func.count(RecoveryCase.id))) == (cases_before or 0) + 3
    assert session.scalar(select(func.count(CaseEvent.id))) == (events_before or 0) + 6


def test_an_empty_or_all_positive_batch_runs_no_statement(session: Session, world: World) -> None:
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10), rating=5)
    with statements(session) as seen:
        assert (
            cases_service.open_cases_for_feedback(session, organization_id=world.org.id, signals=[])
            == []
        )
        assert cases_service.open_cases_for_feedback(
            session, organization_id=world.org.id, signals=[signal_for(item)] * 3
        ) == [None, None, None]
    assert seen == []


def _negative_batch(session: Session, world: World, n: int, tag: str) -> list[FeedbackSignal]:
    """n negative items; every other one from one of five customers (so most of those join)."""
    customers = [add_customer(session, world, external_id=f"{tag}-{i}").id for i in range(5)]
    signals = []
    for i in range(n):
        row = add_feedback(
            session,
            world,
            received_at=sh(2026, 11, 24, 10, i % 60),
            rating=1 + i % 2,
            customer_id=customers[i % 5] if i % 2 == 0 else None,
        )
        signals.append(signal_for(row, text=f"第{i}号：等了很久"))
    return signals


def test_the_statements_of_a_batch_do_not_grow_with_the_batch(
    session: Session, world: World
) -> None:
    open_case(session, world)  # the organisation's SLA policies exist and are cached
    counts = {}
    for n in (20, 200):
        signals = _negative_batch(session, world, n, f"n{n}")
        with statements(session) as seen:
            results = cases_service.open_cases_for_feedback(
                session, organization_id=world.org.id, signals=signals
            )
        assert all(r is not None for r in results) and len(results) == n
        assert len({r.id for r in results if r is not None}) == n // 2 + 5
        counts[n] = len(seen)
    assert counts[200] == counts[20] <= 15, counts
