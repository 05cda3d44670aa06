"""What each command does to a case besides changing its status.

``service.apply_command`` checks the transition table, then calls the handler here, then assigns
the status and writes the one timeline event (``record_transition``). Handlers validate before
they change anything, so a refused command leaves the case untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select, update

from cxloop.accounts import service as accounts_service
from cxloop.cases import sla
from cxloop.cases.effects import (
    Ctx,
    close_pause,
    mark_first_response,
    note_event,
    record_transition,
    reopen_clock,
)
from cxloop.cases.models import (
    ActionStatus,
    CaseContact,
    CaseEvent,
    CaseFeedback,
    CaseStatus,
    FollowUp,
    RecoveryAction,
    RecoveryCase,
    ResolutionCode,
)
from cxloop.cases.schemas import (
    ASPECTS,
    ApprovalRequestPayload,
    AssignPayload,
    ContactCreate,
    EmptyPayload,
    ExtendPayload,
    FollowUpCreate,
    MergePayload,
    OptionalReasonPayload,
    ReasonPayload,
    ResolvePayload,
)
from cxloop.cases.workflow import ACTIVE, CaseCommand, event_kind
from cxloop.core.errors import Conflict, NotFound, ValidationFailed
from cxloop.core.worktime import add_working_minutes, working_minutes_between

C = CaseCommand

PAYLOADS: dict[str, type[BaseModel]] = {
    C.assign: AssignPayload,
    C.return_: ReasonPayload,
    C.acknowledge: EmptyPayload,
    C.start: EmptyPayload,
    C.log_contact: ContactCreate,
    C.wait_for_customer: EmptyPayload,
    C.customer_replied: EmptyPayload,
    C.request_approval: ApprovalRequestPayload,
    C.extend: ExtendPayload,
    C.approve: EmptyPayload,
    C.reject: EmptyPayload,
    C.resolve: ResolvePayload,
    C.record_follow_up: FollowUpCreate,
    C.auto_close: EmptyPayload,
    C.reopen: ReasonPayload,
    C.merge: MergePayload,
    C.escalate: OptionalReasonPayload,
}

# Codes where no customer is waiting for a recovery, so no contact is required to resolve.
NO_CONTACT_CODES = frozenset({ResolutionCode.spam, ResolutionCode.duplicate})


def _assign(ctx: Ctx) -> dict[str, Any]:
    p: AssignPayload = ctx.payload
    if p.assignee == "me" and ctx.actor is not None:
        user_id = ctx.actor.user_id
    elif p.assignee_id is not None:
        user_id = accounts_service.get_user(
            ctx.session, organization_id=ctx.case.organization_id, user_id=p.assignee_id
        ).id
    elif p.assignee:
        user = accounts_service.find_user_by_username(ctx.session, p.assignee)
        if user is None or user.organization_id != ctx.case.organization_id:
            raise ValidationFailed(
                "case.unknown_assignee", details={"field": "assignee"}, username=p.assignee
            )
        user_id = user.id
    else:
        raise ValidationFailed("case.assignee_required", details={"field": "assignee"})
    previous = ctx.case.assignee_id
    ctx.case.assignee_id = user_id
    return {"assignee_id": user_id, "previous_assignee_id": previous, "note": p.note}


def _return(ctx: Ctx) -> dict[str, Any]:
    previous = ctx.case.assignee_id
    ctx.case.assignee_id = None
    return {"reason": ctx.payload.reason, "previous_assignee_id": previous}


def _acknowledge(ctx: Ctx) -> dict[str, Any]:
    if ctx.case.assignee_id is None and ctx.actor is not None:
        ctx.case.assignee_id = ctx.actor.user_id
    ctx.case.acknowledged_at = ctx.now
    mark_first_response(ctx)
    return {"note": ctx.payload.note}


def _note_only(ctx: Ctx) -> dict[str, Any]:
    return {"note": getattr(ctx.payload, "note", None)}


def _log_contact(ctx: Ctx) -> dict[str, Any]:
    p: ContactCreate = ctx.payload
    contact = CaseContact(
        case_id=ctx.case.id,
        channel=p.channel,
        direction=p.direction,
        outcome=p.outcome,
        note=p.note,
        actor_id=ctx.actor.user_id if ctx.actor else None,
        at=ctx.now,
    )
    ctx.session.add(contact)
    mark_first_response(ctx)
    return {"channel": str(p.channel), "direction": str(p.direction), "outcome": str(p.outcome)}


def _wait_for_customer(ctx: Ctx) -> dict[str, Any]:
    ctx.case.paused_at = ctx.now
    return {"note": ctx.payload.note}


def _customer_replied(ctx: Ctx) -> dict[str, Any]:
    return {"paused_minutes": close_pause(ctx), "note": ctx.payload.note}


def _pending_action(ctx: Ctx, action_id: int | None) -> RecoveryAction:
    action = ctx.session.get(RecoveryAction, action_id) if action_id is not None else None
    if action is None or action.case_id != ctx.case.id:
        raise NotFound("case.action_not_found", details={"action_id": action_id})
    if action.status != ActionStatus.proposed:
        raise Conflict("case.action_not_pending", details={"action_id": action.id})
    return action


def _request_approval(ctx: Ctx) -> dict[str, Any]:
    p: ApprovalRequestPayload = ctx.payload
    if p.kind == "extension":
        if p.minutes is None:
            raise ValidationFailed("case.extension_minutes_required", details={"field": "minutes"})
        request: dict[str, Any] = {"kind": "extension", "minutes": p.minutes, "reason": p.reason}
    else:
        action = _pending_action(ctx, p.action_id)
        request = {"kind": "action", "action_id": action.id, "reason": p.reason}
    request["requested_by_id"] = ctx.actor.user_id if ctx.actor else None
    ctx.case.approval_request = request
    return dict(request)


def _extend(ctx: Ctx) -> dict[str, Any]:
    p: ExtendPayload = ctx.payload
    minutes = p.minutes or (p.days or 0) * ctx.cal.minutes_per_day
    if not minutes:
        raise ValidationFailed("case.extension_minutes_required", details={"field": "minutes"})
    request = {
        "kind": "extension",
        "minutes": minutes,
        "reason": p.reason,
        "requested_by_id": ctx.actor.user_id if ctx.actor else None,
    }
    ctx.case.approval_request = request
    return dict(request)


def _decide(ctx: Ctx, approved: bool) -> dict[str, Any]:
    request = dict(ctx.case.approval_request or {})
    if request.get("kind") == "action":
        action = _pending_action(ctx, request.get("action_id"))
        action.status = ActionStatus.approved if approved else ActionStatus.rejected
        action.decided_by_id = ctx.actor.user_id if ctx.actor else None
        action.decided_at = ctx.now
    elif request.get("kind") == "extension" and approved and ctx.case.resolution_due_at:
        before = ctx.case.resolution_due_at
        ctx.case.resolution_due_at = add_working_minutes(
            ctx.cal, before, int(request.get("minutes") or 0)
        )
        request["previous_due_at"] = before.isoformat()
        request["new_due_at"] = ctx.case.resolution_due_at.isoformat()
        if ctx.case.resolution_due_at > ctx.now:
            ctx.case.is_resolution_breached = False
    ctx.case.approval_request = None
    request["note"] = ctx.payload.note
    return request


def _approve(ctx: Ctx) -> dict[str, Any]:
    return _decide(ctx, True)


def _reject(ctx: Ctx) -> dict[str, Any]:
    """A rejection must say why: the handler has to learn what to change (API and page alike)."""
    if not (ctx.payload.note or "").strip():
        raise ValidationFailed("case.reject_reason_required", details={"field": "note"})
    return _decide(ctx, False)


def _resolve(ctx: Ctx) -> dict[str, Any]:
    p: ResolvePayload = ctx.payload
    case = ctx.case
    if not p.root_cause_aspect:
        raise ValidationFailed("case.root_cause_required", details={"field": "root_cause_aspect"})
    if p.root_cause_aspect not in ASPECTS:
        raise ValidationFailed(
            "case.unknown_aspect",
            details={"field": "root_cause_aspect", "allowed": list(ASPECTS)},
            aspect=p.root_cause_aspect,
        )
    if p.resolution_code is None:
        raise ValidationFailed(
            "case.resolution_code_required", details={"field": "resolution_code"}
        )
    if p.resolution_code not in NO_CONTACT_CODES:
        attempts = int(
            ctx.session.scalar(
                select(func.count(CaseContact.id)).where(CaseContact.case_id == case.id)
            )
            or 0
        )
        needed = 2 if p.resolution_code == ResolutionCode.unreachable else 1
        if attempts < needed:
            raise ValidationFailed(
                "case.contact_required",
                details={"contacts": attempts, "needed": needed},
                needed=needed,
            )
    close_pause(ctx)
    case.root_cause_aspect = p.root_cause_aspect
    case.root_cause_note = p.root_cause_note
    case.resolution_code = p.resolution_code
    case.resolution_note = p.resolution_note
    case.resolved_at = ctx.now
    worked = working_minutes_between(ctx.cal, case.opened_at, ctx.now)
    case.resolution_working_minutes = max(0, worked - (case.paused_minutes or 0))
    if case.resolution_due_at is not None and ctx.now > case.resolution_due_at:
        case.is_resolution_breached = True
    return {"root_cause_aspect": p.root_cause_aspect, "resolution_code": str(p.resolution_code)}


def _record_follow_up(ctx: Ctx) -> dict[str, Any]:
    p: FollowUpCreate = ctx.payload
    satisfied = ctx.to_status == CaseStatus.closed
    ctx.session.add(
        FollowUp(
            case_id=ctx.case.id,
            score=p.score,
            is_satisfied=satisfied,
            comment=p.comment,
            channel=p.channel,
            actor_id=ctx.actor.user_id if ctx.actor else None,
            at=ctx.now,
        )
    )
    ctx.case.follow_up_score = p.score
    ctx.case.followed_up_at = ctx.now
    if satisfied:
        ctx.case.closed_at = ctx.now
    else:
        reopen_clock(ctx)
    return {"score": p.score, "is_satisfied": satisfied, "comment": p.comment}


def _auto_close(ctx: Ctx) -> dict[str, Any]:
    ctx.case.closed_at = ctx.now
    return {"reason": "no_follow_up", "working_days": ctx.settings.auto_close_days}


def _reopen_command(ctx: Ctx) -> dict[str, Any]:
    deadline = sla.reopen_deadline(ctx.case, ctx.settings.reopen_days)
    if ctx.case.status == CaseStatus.closed and deadline is not None and ctx.now > deadline:
        raise Conflict(
            "case.reopen_window_passed",
            details={"closed_at": ctx.case.closed_at.isoformat() if ctx.case.closed_at else None},
            days=ctx.settings.reopen_days,
        )
    reopen_clock(ctx)
    return {"reason": ctx.payload.reason}


def _merge(ctx: Ctx) -> dict[str, Any]:
    p: MergePayload = ctx.payload
    case = ctx.case
    target = ctx.session.get(RecoveryCase, p.into_case_id)
    if (
        target is None
        or target.organization_id != case.organization_id
        or target.id == case.id
        or target.status not in ACTIVE
    ):
        raise Conflict("case.merge_target_invalid", details={"into_case_id": p.into_case_id})
    close_pause(ctx)
    moved = ctx.session.execute(
        update(CaseFeedback)
        .where(CaseFeedback.case_id == case.id)
        .values(case_id=target.id)
        .execution_options(synchronize_session=False)
    )
    count = int(getattr(moved, "rowcount", 0) or 0)
    case.merged_into_id = target.id
    note_event(
        ctx.session,
        target,
        kind="case_merged_in",
        actor_id=ctx.actor.user_id if ctx.actor else None,
        at=ctx.now,
        data={"case_id": case.id, "number": case.number, "feedback_moved": count},
    )
    return {"into_case_id": target.id, "into_number": target.number, "feedback_moved": count}


def _escalate(ctx: Ctx) -> dict[str, Any]:
    ctx.case.is_escalated = True
    return {"reason": ctx.payload.reason, "notify": "unit_head", "unit_id": ctx.case.unit_id}


HANDLERS: dict[str, Callable[[Ctx], dict[str, Any]]] = {
    C.assign: _assign,
    C.return_: _return,
    C.acknowledge: _acknowledge,
    C.start: _note_only,
    C.log_contact: _log_contact,
    C.wait_for_customer: _wait_for_customer,
    C.customer_replied: _customer_replied,
    C.request_approval: _request_approval,
    C.extend: _extend,
    C.approve: _approve,
    C.reject: _reject,
    C.resolve: _resolve,
    C.record_follow_up: _record_follow_up,
    C.auto_close: _auto_close,
    C.reopen: _reopen_command,
    C.merge: _merge,
    C.escalate: _escalate,
}


def run(ctx: Ctx, command: str) -> CaseEvent:
    """Apply ``command``: its effects, the status, the event and the next deadline check."""
    data = HANDLERS[command](ctx)
    event = record_transition(
        ctx.session,
        ctx.case,
        command=command,
        kind=event_kind(command, to_status=ctx.to_status),
        to_status=ctx.to_status,
        actor_id=ctx.actor.user_id if ctx.actor else None,
        at=ctx.now,
        data={k: v for k, v in data.items() if v is not None},
    )
    ctx.case.next_check_at = sla.next_check(ctx.cal, ctx.case, ctx.settings.auto_close_days)
    ctx.session.flush()
    return event
