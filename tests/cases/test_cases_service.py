"""Opening by rule, due times in working time, grouping, resolving, follow-up, approvals, rights."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.cases.cases_factories import (
    RESOLVE,
    add_customer,
    add_feedback,
    case_in_state,
    open_case,
    run,
    sh,
    signal_for,
)
from tests.factories import World

from cxloop.accounts.service import principal_for
from cxloop.cases import service as cases_service
from cxloop.cases.models import CaseFeedback, RecoveryCase
from cxloop.cases.schemas import ActionRead, CaseRead, SlaPolicyUpdate
from cxloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


def actor(world: World, name: str):  # type: ignore[no-untyped-def]
    return principal_for(world.users[name], via="token")


def propose(
    session: Session, world: World, case_id: int, by: str | None, **payload: str
) -> ActionRead:
    """A recovery action on the case, proposed by the persona ``by`` (None: the system)."""
    return cases_service.add_recovery_action(
        session,
        organization_id=world.org.id,
        case_id=case_id,
        actor=actor(world, by) if by else None,
        payload=payload,
    )


def reject(
    session: Session, world: World, case_id: int, action_id: int, note: str | None
) -> CaseRead:
    """The unit head's rejection of a waiting action, with ``note`` as the reason."""
    return cases_service.decide_action(
        session,
        organization_id=world.org.id,
        case_id=case_id,
        action_id=action_id,
        actor=actor(world, "head_wang"),
        decision="reject",
        note=note,
    )


@pytest.mark.parametrize(
    ("scores", "opens"),
    [
        ({"rating": 2}, True),
        ({"rating": 3}, False),
        ({"rating": None, "csat": 2}, True),
        ({"rating": None, "csat": 3}, False),
        ({"rating": None, "nps": 4}, True),
        ({"rating": None, "nps": 5}, False),
        ({"rating": 4, "sentiment": "negative"}, True),
        ({"rating": 4, "sentiment": "neutral"}, False),
        ({"rating": 5, "sentiment": "negative"}, False),
        ({"rating": None, "nps": 9, "sentiment": "negative"}, False),
        ({"rating": None, "csat": 5, "sentiment": "negative"}, False),
        ({"rating": None, "sentiment": "negative"}, True),
        ({"rating": 5, "sentiment": "negative", "urgency": "critical"}, True),
        ({"rating": 5, "sentiment": "positive", "urgency": "high"}, False),
        # a question read as negative asks for an answer, not for recovery...
        ({"rating": None, "sentiment": "negative", "feedback_type": "inquiry"}, False),
        ({"rating": None, "sentiment": "negative", "feedback_type": "complaint"}, True),
        # ... unless its scores or a critical urgency say otherwise
        ({"rating": 1, "sentiment": "negative", "feedback_type": "inquiry"}, True),
        ({"sentiment": "negative", "feedback_type": "inquiry", "urgency": "critical"}, True),
    ],
)
def test_default_rule_opens_a_case_only_for_negative_items(
    session: Session, world: World, scores: dict[str, object], opens: bool
) -> None:
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10), rating=None)
    case = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal_for(item, **scores)
    )
    assert (case is not None) is opens


def test_the_case_title_masks_personal_data_from_the_feedback_text(
    session: Session, world: World
) -> None:
    text = "办证窗口态度很差，请回电13812345678，身份证110101199003074477"
    case = open_case(session, world, text=text)

    assert "13812345678" not in case.title
    assert "110101199003074477" not in case.title
    assert case.title.startswith("办证窗口态度很差")
    assert "5678" in case.title  # partly masked: the handler can still tell numbers apart


def test_an_organisation_can_let_negative_text_open_cases_under_top_scores(
    session: Session, world: World
) -> None:
    world.org.settings = {"case_rule": {"top_box_overrides_text": False}}
    session.flush()
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10), rating=5)
    case = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal_for(item, sentiment="negative")
    )
    assert case is not None


def test_an_organisation_can_let_negative_inquiries_open_cases(
    session: Session, world: World
) -> None:
    world.org.settings = {"case_rule": {"inquiries_by_text": True}}
    session.flush()
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10), rating=None)
    signal = signal_for(item, sentiment="negative", feedback_type="inquiry")
    case = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal
    )
    assert case is not None


def test_organisation_rule_in_settings_replaces_the_default(session: Session, world: World) -> None:
    world.org.settings = {"case_rule": {"rating_max": 1, "negative_sentiment": False}}
    session.flush()
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    assert (
        cases_service.open_case_for_feedback(
            session, organization_id=world.org.id, signal=signal_for(item)
        )
        is None
    )
    assert open_case(session, world, rating=1).status == "new"


@pytest.mark.parametrize(
    ("signal", "priority"),
    [
        ({"urgency": "critical"}, "urgent"),
        ({"urgency": "high", "rating": 2}, "high"),
        ({"rating": 1}, "high"),
        ({"rating": None, "nps": 2}, "high"),
        ({"rating": None, "nps": 3}, "normal"),
        ({"rating": 2}, "normal"),
    ],
)
def test_priority_follows_urgency_and_scores(
    session: Session, world: World, signal: dict[str, object], priority: str
) -> None:
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    case = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal_for(item, **signal)
    )
    assert case is not None
    assert case.priority == priority


def test_one_working_day_before_national_day_is_due_after_the_holiday(
    session: Session, world: World
) -> None:
    # urgent: resolution in 1 working day
    case = open_case(session, world, received_at=sh(2026, 9, 30, 16), urgency="critical")
    assert case.opened_at == sh(2026, 9, 30, 16)
    assert case.first_response_due_at == sh(2026, 9, 30, 18)
    assert case.resolution_due_at == sh(2026, 10, 8, 16)
    assert case.number == f"C2026-{case.id:06d}"


def test_three_working_days_count_the_make_up_saturday(session: Session, world: World) -> None:
    case = open_case(session, world, received_at=sh(2026, 10, 8, 16), rating=2)
    assert case.priority == "normal"
    assert case.first_response_due_at == sh(2026, 10, 9, 16)
    assert case.resolution_due_at == sh(2026, 10, 12, 16)
    assert case.next_check_at == case.first_response_due_at


def test_plain_calendar_organisation_ignores_chinese_holidays(
    session: Session, world: World
) -> None:
    world.org.calendar = "none"
    session.flush()
    case = open_case(session, world, received_at=sh(2026, 10, 8, 16), rating=2)
    assert case.resolution_due_at == sh(2026, 10, 13, 16)


def test_second_negative_item_of_the_same_customer_joins_the_open_case(
    session: Session, world: World
) -> None:
    customer = add_customer(session, world)
    first = open_case(session, world, customer_id=customer.id)
    second = open_case(session, world, customer_id=customer.id, rating=2)
    assert second.id == first.id
    assert second.feedback_ids == sorted(second.feedback_ids)
    assert len(second.feedback_ids) == 2
    assert [e.kind for e in second.events] == ["opened", "feedback_attached"]
    count = session.scalar(select(func.count(RecoveryCase.id)))
    assert count == 1


def test_a_closed_case_does_not_collect_new_complaints(session: Session, world: World) -> None:
    customer = add_customer(session, world)
    first = open_case(session, world, customer_id=customer.id)
    run(session, world, first.id, "merge", {"into_case_id": open_case(session, world).id})
    again = open_case(session, world, customer_id=customer.id)
    assert again.id != first.id


def test_the_same_feedback_item_never_opens_two_cases(session: Session, world: World) -> None:
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 10))
    one = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal_for(item)
    )
    two = cases_service.open_case_for_feedback(
        session, organization_id=world.org.id, signal=signal_for(item)
    )
    assert one is not None and two is not None
    assert one.id == two.id
    assert session.scalar(select(func.count(CaseFeedback.id))) == 1


def test_acknowledge_is_the_first_response_and_its_working_minutes_are_stored(
    session: Session, world: World
) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 17), rating=2)
    done = run(session, world, case.id, "acknowledge", now=sh(2026, 11, 25, 10))
    assert done.first_response_at == sh(2026, 11, 25, 10)
    assert done.first_response_working_minutes == 120
    assert done.is_first_response_breached is False
    contact = run(session, world, case.id, "log_contact", {"outcome": "reached"})
    assert contact.first_response_at == sh(2026, 11, 25, 10)


def test_a_late_first_contact_marks_the_first_response_breached(
    session: Session, world: World
) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), urgency="critical")
    late = run(
        session, world, case.id, "log_contact", {"outcome": "no_answer"}, now=sh(2026, 11, 24, 15)
    )
    assert late.first_response_working_minutes == 300
    assert late.is_first_response_breached is True
    assert late.status == "new"


def test_resolve_requires_root_cause_code_and_contact(session: Session, world: World) -> None:
    case = case_in_state(session, world, "acknowledged")
    run(session, world, case.id, "start")
    for payload, code in [
        ({"resolution_code": "recovered"}, "case.root_cause_required"),
        ({"root_cause_aspect": "weather", "resolution_code": "recovered"}, "case.unknown_aspect"),
        ({"root_cause_aspect": "attitude"}, "case.resolution_code_required"),
        (RESOLVE, "case.contact_required"),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            run(session, world, case.id, "resolve", payload)
        assert refused.value.code == code
    assert (
        cases_service.get_case(session, organization_id=world.org.id, case_id=case.id).status
        == "in_progress"
    )


def test_unreachable_needs_two_contact_attempts(session: Session, world: World) -> None:
    case = case_in_state(session, world, "acknowledged")
    run(session, world, case.id, "start")
    run(session, world, case.id, "log_contact", {"outcome": "no_answer"})
    unreachable = {"root_cause_aspect": "communication", "resolution_code": "unreachable"}
    with pytest.raises(ValidationFailed) as refused:
        run(session, world, case.id, "resolve", unreachable)
    assert refused.value.details == {"contacts": 1, "needed": 2}
    run(session, world, case.id, "log_contact", {"channel": "sms", "outcome": "no_answer"})
    assert run(session, world, case.id, "resolve", unreachable).status == "resolved"


def test_resolution_minutes_exclude_the_pending_customer_pause_and_the_due_time_moves(
    session: Session, world: World
) -> None:
    case = open_case(session, world, received_at=sh(2026, 11, 23, 9), rating=2)  # Monday
    assert case.resolution_due_at == sh(2026, 11, 25, 18)
    run(session, world, case.id, "acknowledge", now=sh(2026, 11, 23, 10))
    run(session, world, case.id, "start", now=sh(2026, 11, 23, 10))
    run(session, world, case.id, "log_contact", {"outcome": "reached"}, now=sh(2026, 11, 23, 11))
    run(session, world, case.id, "wait_for_customer", now=sh(2026, 11, 23, 12))
    replied = run(session, world, case.id, "customer_replied", now=sh(2026, 11, 24, 12))
    assert replied.paused_minutes == 540
    assert replied.resolution_due_at == sh(2026, 11, 26, 18)
    done = run(session, world, case.id, "resolve", RESOLVE, now=sh(2026, 11, 24, 15))
    assert done.resolution_working_minutes == 540 + 360 - 540
    assert done.is_resolution_breached is False
    assert done.next_check_at == sh(2026, 11, 27, 15)  # auto-close after 3 working days


def test_pending_approval_does_not_pause_the_clock(session: Session, world: World) -> None:
    case = case_in_state(session, world, "in_progress")
    waiting = run(session, world, case.id, "extend", {"minutes": 120, "reason": "visit"})
    assert waiting.paused_at is None
    assert waiting.next_check_at == case.resolution_due_at


def test_approved_extension_moves_the_resolution_due_time(session: Session, world: World) -> None:
    case = case_in_state(session, world, "in_progress")
    run(session, world, case.id, "extend", {"days": 1, "reason": "site visit"})
    with pytest.raises(Forbidden):
        run(session, world, case.id, "approve", actor=actor(world, "handler_li"))
    approved = run(session, world, case.id, "approve", actor=actor(world, "head_wang"))
    assert approved.status == "in_progress"
    assert case.resolution_due_at is not None
    assert approved.resolution_due_at == case.resolution_due_at + timedelta(days=1)
    assert approved.approval_request is None


def test_dissatisfied_follow_up_reopens_with_a_reopened_event(
    session: Session, world: World
) -> None:
    case = case_in_state(session, world, "resolved")
    reopened = run(
        session, world, case.id, "record_follow_up", {"score": 2, "comment": "still broken"}
    )
    assert reopened.status == "in_progress"
    assert reopened.reopen_count == 1
    assert reopened.resolved_at is None
    assert reopened.follow_up_score == 2
    assert reopened.events[-1].kind == "reopened"
    assert len(reopened.follow_ups) == 1
    assert reopened.follow_ups[0].is_satisfied is False
    again = run(session, world, case.id, "resolve", RESOLVE)
    closed = run(session, world, again.id, "record_follow_up", {"score": 4})
    assert (closed.status, closed.follow_up_score) == ("closed", 4)
    assert closed.closed_at is not None


def test_explicit_satisfaction_overrides_the_score(session: Session, world: World) -> None:
    case = case_in_state(session, world, "resolved")
    done = run(session, world, case.id, "record_follow_up", {"score": 3, "is_satisfied": True})
    assert done.status == "closed"


def test_reopen_only_within_the_window(session: Session, world: World) -> None:
    case = case_in_state(session, world, "closed")
    assert case.closed_at is not None
    with pytest.raises(Conflict) as late:
        run(
            session,
            world,
            case.id,
            "reopen",
            {"reason": "x"},
            now=case.closed_at + timedelta(days=16),
        )
    assert late.value.code == "case.reopen_window_passed"
    reopened = run(
        session, world, case.id, "reopen", {"reason": "x"}, now=case.closed_at + timedelta(days=14)
    )
    assert (reopened.status, reopened.reopen_count) == ("in_progress", 1)


def test_return_needs_a_reason_and_clears_the_assignee(session: Session, world: World) -> None:
    case = open_case(session, world)
    run(session, world, case.id, "assign", {"assignee": "handler_li"})
    acked = run(session, world, case.id, "acknowledge")
    assert acked.assignee_id == world.users["handler_li"].id
    with pytest.raises(ValidationFailed) as refused:
        run(session, world, case.id, "return", {})
    assert refused.value.details[0]["field"] == "reason"
    back = run(session, world, case.id, "return", {"reason": "属于社保窗口"})
    assert (back.status, back.assignee_id) == ("new", None)


def test_merge_moves_the_feedback_links_to_the_target(session: Session, world: World) -> None:
    source = open_case(session, world)
    target = open_case(session, world)
    merged = run(session, world, source.id, "merge", {"into_case_id": target.id})
    assert (merged.status, merged.merged_into_id, merged.feedback_ids) == ("merged", target.id, [])
    after = cases_service.get_case(session, organization_id=world.org.id, case_id=target.id)
    assert len(after.feedback_ids) == 2
    assert after.events[-1].kind == "case_merged_in"
    with pytest.raises(Conflict):
        run(session, world, target.id, "merge", {"into_case_id": target.id})


def test_escalate_is_an_event_not_a_state(session: Session, world: World) -> None:
    case = case_in_state(session, world, "in_progress")
    escalated = run(session, world, case.id, "escalate", {"reason": "媒体关注"})
    assert (escalated.status, escalated.is_escalated) == ("in_progress", True)
    assert escalated.events[-1].kind == "escalated"


def test_material_action_above_the_limit_waits_for_a_unit_head(
    session: Session, world: World
) -> None:
    case = case_in_state(session, world, "in_progress")
    small = propose(session, world, case.id, None, kind="voucher", amount="50")
    assert (small.nature, small.status, small.needs_approval) == ("material", "approved", False)
    big = propose(
        session, world, case.id, "handler_li", kind="refund", amount="300.50", note="退还费用"
    )
    assert (big.status, big.needs_approval, big.amount) == ("proposed", True, Decimal("300.50"))
    waiting = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert waiting.status == "pending_approval"
    assert waiting.approval_request is not None
    decided = reject(
        session, world, case.id, big.id, "Over the limit for a late parcel; offer a voucher instead"
    )
    assert decided.status == "in_progress"
    statuses = {a.id: a.status for a in decided.actions}
    assert len(statuses) == 2
    assert statuses[big.id] == "rejected"


def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(
    session: Session, world: World
) -> None:
    case = case_in_state(session, world, "in_progress")
    big = propose(session, world, case.id, "handler_li", kind="refund", amount="500")
    for note in (None, "   "):
        with pytest.raises(ValidationFailed) as err:
            reject(session, world, case.id, big.id, note)
        assert err.value.code == "case.reject_reason_required"
    still = cases_service.get_case(session, organization_id=world.org.id, case_id=case.id)
    assert still.status == "pending_approval"


def test_emotional_actions_never_need_approval(session: Session, world: World) -> None:
    case = case_in_state(session, world, "acknowledged")
    action = propose(session, world, case.id, None, kind="apology", note="当面致歉")
    assert (action.nature, action.needs_approval) == ("emotional", False)


def test_handlers_act_on_their_unit_analysts_only_read(session: Session, world: World) -> None:
    case = case_in_state(session, world, "acknowledged")
    assert case.assignee_id is None
    li = actor(world, "handler_li")
    assert run(session, world, case.id, "start", actor=li).status == "in_progress"
    with pytest.raises(Forbidden):
        run(session, world, case.id, "escalate", actor=actor(world, "analyst_chen"))
    world.users["handler_li"].unit_id = world.unit_b.id
    session.flush()
    moved = principal_for(world.users["handler_li"], via="token")
    with pytest.raises(Forbidden):
        run(session, world, case.id, "escalate", actor=moved)
    run(session, world, case.id, "assign", {"assignee": "handler_li"})
    assert run(session, world, case.id, "escalate", actor=moved).is_escalated is True


def test_another_organisations_case_is_not_found(session: Session, world: World) -> None:
    case = open_case(session, world)
    with pytest.raises(NotFound):
        cases_service.get_case(session, organization_id=world.other_org.id, case_id=case.id)
    with pytest.raises(NotFound):
        cases_service.apply_command(
            session,
            organization_id=world.other_org.id,
            case_id=case.id,
            command="acknowledge",
            actor=actor(world, "outsider_bob"),
            payload={},
        )


def test_case_for_feedback_finds_the_case_of_an_item(session: Session, world: World) -> None:
    case = open_case(session, world)
    found = cases_service.case_for_feedback(
        session, organization_id=world.org.id, feedback_id=case.feedback_ids[0]
    )
    assert found is not None
    assert found.id == case.id
    assert (
        cases_service.case_for_feedback(
            session, organization_id=world.other_org.id, feedback_id=case.feedback_ids[0]
        )
        is None
    )


def test_list_cases_filters_and_pages_newest_first(session: Session, world: World) -> None:
    opened = [open_case(session, world, received_at=sh(2026, 11, 2 + i, 10)) for i in range(5)]
    page = cases_service.list_cases(session, organization_id=world.org.id, limit=2)
    assert len(page.items) == 2
    assert [c.id for c in page.items] == [opened[4].id, opened[3].id]
    rest = cases_service.list_cases(
        session, organization_id=world.org.id, cursor=page.next_cursor, limit=10
    )
    assert [c.id for c in rest.items] == [opened[2].id, opened[1].id, opened[0].id]
    assert rest.next_cursor is None
    overdue = cases_service.list_cases(
        session,
        organization_id=world.org.id,
        filters=cases_service.CaseFilters(overdue=True),
        now=sh(2026, 11, 4, 12),
    )
    assert {c.id for c in overdue.items} == {opened[0].id, opened[1].id}


def test_sla_defaults_are_created_once_and_editable(session: Session, world: World) -> None:
    policies = cases_service.list_sla_policies(session, organization_id=world.org.id)
    assert [(p.priority, p.first_response_minutes, p.resolution_minutes) for p in policies] == [
        ("urgent", 120, 540),
        ("high", 240, 1080),
        ("normal", 540, 1620),
        ("low", 540, 2700),
    ]
    cases_service.update_sla_policy(
        session,
        organization_id=world.org.id,
        priority="normal",
        data=SlaPolicyUpdate(first_response_minutes=60, resolution_minutes=540),
    )
    case = open_case(session, world, received_at=sh(2026, 11, 24, 10), rating=2)
    assert case.first_response_due_at == sh(2026, 11, 24, 11)
    assert case.resolution_due_at == sh(2026, 11, 25, 10)


def test_commands_for_lists_what_this_viewer_may_run_in_this_state(
    session: Session, world: World
) -> None:
    case = case_in_state(session, world, "pending_approval")

    def commands(name: str) -> list[str]:
        return cases_service.commands_for(
            session, organization_id=world.org.id, case_id=case.id, actor=actor(world, name)
        )

    assert {"approve", "reject"} <= set(commands("head_wang"))
    handler = commands("handler_li")
    assert handler, "the handler of the unit may act on its case"
    assert "approve" not in handler and "reject" not in handler
    assert "add_action" in handler
    assert commands("analyst_chen") == []
    with pytest.raises(NotFound):
        commands("outsider_bob")


def test_the_approval_limit_is_the_organisations_own(session: Session, world: World) -> None:
    assert cases_service.approval_limit(session, organization_id=world.org.id) == Decimal(200)
    world.org.settings = {"case_approval_limit": "80.5"}
    session.flush()
    assert cases_service.approval_limit(session, organization_id=world.org.id) == Decimal("80.5")
    case = case_in_state(session, world, "in_progress")
    action = propose(session, world, case.id, "handler_li", kind="voucher", amount="100")
    assert action.needs_approval  # 100 is under the default limit, over this organisation's
