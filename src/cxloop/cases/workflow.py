"""The recovery-case state machine: a transition table over (state, command), nothing else.

Pure on purpose: the table can be tested pair by pair without a database, and the service is the
only place that applies it (and the only place that assigns ``case.status``). Commands that do not
move the case (assign, log_contact, escalate) still pass through the table, so "may I do this now?"
has one answer for the API, the web page, the CLI, the worker and the demo.
"""

from __future__ import annotations

from enum import StrEnum

from cxloop.cases.models import CaseStatus

__all__ = [
    "ACTIVE",
    "TRANSITIONS",
    "CaseCommand",
    "InvalidTransition",
    "allowed_commands",
    "event_kind",
    "next_status",
]


class CaseCommand(StrEnum):
    open = "open"
    assign = "assign"  # 派单
    return_ = "return"  # 退单: back to the dispatcher
    acknowledge = "acknowledge"  # 签收
    start = "start"  # 办理
    log_contact = "log_contact"
    wait_for_customer = "wait_for_customer"
    customer_replied = "customer_replied"
    request_approval = "request_approval"
    extend = "extend"  # 延期: an approval request of kind "extension"
    approve = "approve"
    reject = "reject"
    resolve = "resolve"  # 办结
    record_follow_up = "record_follow_up"  # 回访
    auto_close = "auto_close"
    reopen = "reopen"
    merge = "merge"
    escalate = "escalate"


S = CaseStatus
C = CaseCommand

ACTIVE: tuple[CaseStatus, ...] = (
    S.new,
    S.acknowledged,
    S.in_progress,
    S.pending_customer,
    S.pending_approval,
)


def _stay(states: tuple[CaseStatus, ...], command: CaseCommand) -> dict[tuple[str, str], str]:
    return {(state, command): state for state in states}


# (from state, command) -> to state. record_follow_up lists its satisfied outcome; a dissatisfied
# follow-up reopens the case to in_progress (see next_status).
TRANSITIONS: dict[tuple[str, str], str] = {
    **_stay(ACTIVE, C.assign),
    **{(state, C.return_): S.new for state in (S.new, S.acknowledged, S.in_progress)},
    (S.new, C.acknowledge): S.acknowledged,
    (S.acknowledged, C.start): S.in_progress,
    **_stay((*ACTIVE, S.resolved), C.log_contact),
    (S.in_progress, C.wait_for_customer): S.pending_customer,
    (S.pending_customer, C.customer_replied): S.in_progress,
    (S.acknowledged, C.request_approval): S.pending_approval,
    (S.in_progress, C.request_approval): S.pending_approval,
    (S.acknowledged, C.extend): S.pending_approval,
    (S.in_progress, C.extend): S.pending_approval,
    (S.pending_approval, C.approve): S.in_progress,
    (S.pending_approval, C.reject): S.in_progress,
    (S.in_progress, C.resolve): S.resolved,
    (S.pending_customer, C.resolve): S.resolved,
    (S.resolved, C.record_follow_up): S.closed,
    (S.resolved, C.auto_close): S.closed,
    (S.resolved, C.reopen): S.in_progress,
    (S.closed, C.reopen): S.in_progress,
    **{(state, C.merge): S.merged for state in ACTIVE},
    **_stay(ACTIVE, C.escalate),
}

_KINDS: dict[str, str] = {
    C.open: "opened",
    C.assign: "assigned",
    C.return_: "returned",
    C.acknowledge: "acknowledged",
    C.start: "started",
    C.log_contact: "contact_logged",
    C.wait_for_customer: "waiting_for_customer",
    C.customer_replied: "customer_replied",
    C.request_approval: "approval_requested",
    C.extend: "extension_requested",
    C.approve: "approved",
    C.reject: "rejected",
    C.resolve: "resolved",
    C.record_follow_up: "followed_up",
    C.auto_close: "auto_closed",
    C.reopen: "reopened",
    C.merge: "merged",
    C.escalate: "escalated",
}


class InvalidTransition(Exception):
    """The command is not allowed in this state (or is not a command at all)."""

    def __init__(self, state: str | None, command: str) -> None:
        self.state = state
        self.command = command
        super().__init__(f"{command} is not allowed in state {state}")


def next_status(state: str | None, command: str, *, satisfied: bool | None = None) -> str:
    """The state after ``command`` in ``state``; ``state`` None means "no case yet" (only open).

    ``satisfied`` decides a follow-up: satisfied closes, dissatisfied reopens to in_progress.
    """
    if state is None:
        if command == C.open:
            return S.new
        raise InvalidTransition(state, command)
    target = TRANSITIONS.get((state, command))
    if target is None:
        raise InvalidTransition(state, command)
    if command == C.record_follow_up and satisfied is False:
        return S.in_progress
    return target


def event_kind(command: str, *, to_status: str | None = None) -> str:
    """The timeline kind a command writes; a dissatisfied follow-up is a ``reopened`` event."""
    if command == C.record_follow_up and to_status == S.in_progress:
        return "reopened"
    return _KINDS[command]


def allowed_commands(state: str) -> list[str]:
    """The commands a case in ``state`` accepts (e.g. which buttons a page shows)."""
    return [command.value for command in CaseCommand if (state, command.value) in TRANSITIONS]
