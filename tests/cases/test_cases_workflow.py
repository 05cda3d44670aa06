"""Every (state, command) pair: allowed ones reach the expected state, the rest are 409s."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.cases.cases_factories import RESOLVE, case_in_state, open_case, run
from tests.factories import World

from cxloop.cases.models import CaseEvent, CaseStatus
from cxloop.cases.workflow import (
    CaseCommand,
    InvalidTransition,
    allowed_commands,
    event_kind,
    next_status,
)
from cxloop.core.errors import Conflict

STATES = [s.value for s in CaseStatus]
COMMANDS = [c.value for c in CaseCommand]

# Written out by hand from the case model in STYLE.md, independently of workflow.TRANSITIONS.
ACTIVE = ["new", "acknowledged", "in_progress", "pending_customer", "pending_approval"]
EXPECTED: dict[str, dict[str, str]] = {
    "new": {
        "assign": "new",
        "return": "new",
        "acknowledge": "acknowledged",
        "log_contact": "new",
        "merge": "merged",
        "escalate": "new",
    },
    "acknowledged": {
        "assign": "acknowledged",
        "return": "new",
        "start": "in_progress",
        "log_contact": "acknowledged",
        "request_approval": "pending_approval",
        "extend": "pending_approval",
        "merge": "merged",
        "escalate": "acknowledged",
    },
    "in_progress": {
        "assign": "in_progress",
        "return": "new",
        "log_contact": "in_progress",
        "wait_for_customer": "pending_customer",
        "request_approval": "pending_approval",
        "extend": "pending_approval",
        "resolve": "resolved",
        "merge": "merged",
        "escalate": "in_progress",
    },
    "pending_customer": {
        "assign": "pending_customer",
        "log_contact": "pending_customer",
        "customer_replied": "in_progress",
        "resolve": "resolved",
        "merge": "merged",
        "escalate": "pending_customer",
    },
    "pending_approval": {
        "assign": "pending_approval",
        "log_contact": "pending_approval",
        "approve": "in_progress",
        "reject": "in_progress",
        "merge": "merged",
        "escalate": "pending_approval",
    },
    "resolved": {
        "log_contact": "resolved",
        "record_follow_up": "closed",
        "auto_close": "closed",
        "reopen": "in_progress",
    },
    "closed": {"reopen": "in_progress"},
    "merged": {},
}

PAIRS = [(state, command) for state in STATES for command in COMMANDS]


def payload_for(command: str, merge_target: int) -> dict[str, Any]:
    payloads: dict[str, dict[str, Any]] = {
        "assign": {"assignee": "handler_li"},
        "return": {"reason": "not our unit"},
        "log_contact": {"outcome": "reached"},
        "request_approval": {"kind": "extension", "minutes": 60},
        "extend": {"days": 1, "reason": "needs a site visit"},
        "resolve": RESOLVE,
        "record_follow_up": {"score": 5},
        "reopen": {"reason": "the customer called again"},
        "merge": {"into_case_id": merge_target},
        "escalate": {"reason": "VIP"},
        "reject": {"note": "not justified by the complaint"},
    }
    return payloads.get(command, {})


def test_every_state_and_command_is_in_the_expected_table() -> None:
    assert len(PAIRS) == 8 * 18
    assert set(EXPECTED) == set(STATES)


@pytest.mark.parametrize(("state", "command"), PAIRS)
def test_pure_transition_table_matches_the_case_model(state: str, command: str) -> None:
    expected = EXPECTED[state].get(command)
    if expected is None:
        with pytest.raises(InvalidTransition):
            next_status(state, command)
    else:
        assert next_status(state, command) == expected


@pytest.mark.parametrize("state", STATES)
def test_allowed_commands_are_the_expected_ones(state: str) -> None:
    assert sorted(allowed_commands(state)) == sorted(EXPECTED[state])


def test_open_is_only_allowed_before_a_case_exists() -> None:
    assert next_status(None, "open") == "new"
    with pytest.raises(InvalidTransition):
        next_status(None, "acknowledge")


def test_dissatisfied_follow_up_reopens_and_writes_a_reopened_event() -> None:
    assert next_status("resolved", "record_follow_up", satisfied=False) == "in_progress"
    assert event_kind("record_follow_up", to_status="in_progress") == "reopened"
    assert event_kind("record_follow_up", to_status="closed") == "followed_up"


@pytest.mark.parametrize("state", STATES)
def test_service_applies_or_refuses_every_command_in_each_state(
    session: Session, world: World, state: str
) -> None:
    """One case per state; each command runs in a savepoint that is rolled back afterwards."""
    case = case_in_state(session, world, state)
    target = open_case(session, world)
    checked = 0
    for command in COMMANDS:
        expected = EXPECTED[state].get(command)
        payload = payload_for(command, target.id)
        savepoint = session.begin_nested()
        events_before = _events(session, case.id)
        if expected is None:
            with pytest.raises(Conflict) as refused:
                run(session, world, case.id, command, payload)
            assert refused.value.code == "case.invalid_transition", command
            assert refused.value.status_code == 409
            assert refused.value.details == {"state": state, "command": command}
            assert _events(session, case.id) == events_before
        else:
            after = run(session, world, case.id, command, payload)
            assert after.status == expected, command
            assert _events(session, case.id) == events_before + 1, command
            last = after.events[-1]
            assert (last.command, last.from_status, last.to_status) == (command, state, expected)
        savepoint.rollback()
        session.expire_all()
        checked += 1
    assert checked == len(COMMANDS)


def _events(session: Session, case_id: int) -> int:
    return int(
        session.scalar(select(func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id)) or 0
    )
